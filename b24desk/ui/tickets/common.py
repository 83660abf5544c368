"""What the Tickets tab, its detail pane and its dialogs share: the SLA state's tones,
the modal loop and the warning box (both replaced in tests), and the time format."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from b24desk.i18n import format_datetime
from b24desk.ui import palette

#: The palette tone of the SLA states that are coloured (answered, paused, done: plain).
SLA_TONES: dict[str, palette.Tone] = {
    "on_track": "ok",
    "due_soon": "warning",
    "overdue": "danger",
}
#: The tone of a high-urgency ticket.
HIGH_URGENCY_TONE: palette.Tone = "danger"


def sla_background(state: str | None) -> QColor | None:
    """The background of an SLA state, taken from the current palette."""
    tone = SLA_TONES.get(state or "")
    return palette.background(tone) if tone else None


def tinted_style(tone: palette.Tone) -> str:
    """A label's style sheet for a cell of ``tone``: the palette's tint and text colour."""
    return (
        f"background-color: {palette.background(tone).name()}; "
        f"color: {palette.text().name()}; padding: 1px 4px;"
    )


def run_dialog(dialog: QDialog) -> int:
    """Show ``dialog`` modally (tests replace this to drive the dialog themselves)."""
    return dialog.exec()


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user why an action did not happen (tests replace this)."""
    QMessageBox.warning(parent, title, text)


def when(moment: datetime | None) -> str:
    """``moment`` in the desk's format, or nothing."""
    return format_datetime(moment) if moment is not None else ""
