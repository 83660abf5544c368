"""What the Coupons tab's modules share: coupon words (states, products, terms),
the row tints and the date helpers of its dialogs."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDateEdit

from b24desk.domain import vocabulary
from b24desk.domain.vocabulary import label
from b24desk.i18n import N_, ngettext
from b24desk.store.coupons import CouponRow
from b24desk.ui import palette
from b24desk.ui.dates import date_field

#: The state filter's choices: the coupon states, and "attention" (a filter only).
STATE_NAMES: dict[str, str] = {**vocabulary.COUPON_STATES, "attention": N_("Needs attention")}


def product_name(code: str) -> str:
    return label(vocabulary.PRODUCTS, code)


def state_name(code: str) -> str:
    return label(STATE_NAMES, code)


def term_text(months: int) -> str:
    return ngettext("{count} month", "{count} months", months).format(count=months)


def row_background(row: CouponRow) -> QColor | None:
    """Amber while the deadline nears (day 5–7), red once expired, grey when void."""
    tone = _row_tone(row)
    return palette.background(tone) if tone else None


def _row_tone(row: CouponRow) -> palette.Tone | None:
    if row.state == "void":
        return "muted"
    if row.state == "expired":
        return "danger"
    if row.warning:
        return "warning"
    return None


def row_foreground(row: CouponRow) -> QColor | None:
    """The palette's text colour on a tinted row, so the style's own never fights the tint."""
    return palette.text() if _row_tone(row) else None


def date_edit(day: date) -> QDateEdit:
    """A date field with a calendar, showing ``day``."""
    return date_field(day)
