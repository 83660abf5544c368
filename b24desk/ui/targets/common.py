"""What the parts of the Partner targets tab share: the row tones (from
:mod:`b24desk.ui.palette`), the status and money words, dates between Python and Qt,
and the wrapped label."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QDateEdit, QLabel, QTreeWidgetItem

from b24desk.domain.targets import STATUS_NAMES
from b24desk.i18n import _, format_money
from b24desk.store.partner import DISPLAY_CURRENCY
from b24desk.ui import palette

#: The palette tones of the rows (tinted into the style's base colour, see ui/palette):
#: done or still claimable, due soon, overdue or lost, expired, later.
DONE: palette.Tone = "ok"
SOON: palette.Tone = "warning"
LATE: palette.Tone = "danger"
EXPIRED: palette.Tone = "muted"
LATER: palette.Tone = "info"


def status_name(status: str) -> str:
    return _(STATUS_NAMES[status])


def money(amount: Decimal) -> str:
    return format_money(amount, DISPLAY_CURRENCY)


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(edit: QDateEdit) -> date:
    value = edit.date().toPython()
    assert isinstance(value, date)
    return value


def date_edit(value: date) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDate(qdate(value))
    return edit


def wrapped_label(name: str) -> QLabel:
    """A label that wraps its text and lets it be selected (and copied)."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def paint_row(item: QTreeWidgetItem, tone: palette.Tone | None) -> None:
    """Tint every cell of ``item`` with ``tone`` and write it in the palette's text
    colour, which reads on the tint in a light and in a dark theme."""
    if tone is None:
        return
    for column in range(item.columnCount()):
        item.setBackground(column, palette.brush(tone))
        item.setForeground(column, QBrush(palette.text()))


def tinted_label_style(tone: palette.Tone) -> str:
    """The style sheet of a label tinted with ``tone`` (a deadline of the status)."""
    return (
        f"background: {palette.background(tone).name()}; "
        f"color: {palette.text().name()}; padding: 3px;"
    )
