"""What the Clients tab's modules share: the lifecycle states' words and tones,
country names and the portal-state texts."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor

from b24desk.domain import vocabulary
from b24desk.domain.vocabulary import label
from b24desk.i18n import _, babel_locale, format_date
from b24desk.ui import palette

#: The palette tone of each lifecycle state (tinted into the style's base colour).
STATE_TONES: dict[str, palette.Tone] = {
    "active": "ok",
    "grace": "warning",
    "free": "muted",
    "frozen": "cold",
    "deleted": "danger",
}


def state_background(state: str | None) -> QColor | None:
    """The background of a lifecycle state, taken from the current palette."""
    tone = STATE_TONES.get(state or "")
    return palette.background(tone) if tone else None


def state_name(state: str | None) -> str:
    return label(vocabulary.LIFECYCLE_STATES, state) if state else ""


def country_name(code: str) -> str:
    return babel_locale().territories.get(code, code)


_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})


def countries() -> list[tuple[str, str]]:
    """``(code, name)`` of every country, sorted by name in the desk language."""
    names = babel_locale().territories
    pairs = [
        (code, name)
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    ]
    return sorted(pairs, key=lambda p: p[1].casefold())


def state_until_text(state: str | None, until: date | None) -> str | None:
    """What the state means for the portal, with the date it lasts to."""
    if state is None:
        return None
    if until is None:
        return {
            "free": _("Free plan, with no known date of freezing"),
            "deleted": _("The portal has been deleted"),
        }.get(state)
    texts = {
        "active": _("Paid until {date}"),
        "grace": _("Grace period until {date}, then the free plan"),
        "free": _("Free plan; frozen after {date} unless someone logs in"),
        "frozen": _("Frozen; deleted after {date} unless an administrator logs in"),
    }
    return texts[state].format(date=format_date(until)) if state in texts else None
