"""What the Tickets tab, its detail pane and its dialogs share: the SLA colours,
the modal loop and the warning box (both replaced in tests), and the time format."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from b24desk.i18n import format_datetime

#: Background colours of the SLA state (light, so the text stays readable).
SLA_COLOURS: dict[str, str] = {
    "on_track": "#d8f0d8",
    "due_soon": "#fff0c0",
    "overdue": "#f8d0d0",
}


def run_dialog(dialog: QDialog) -> int:
    """Show ``dialog`` modally (tests replace this to drive the dialog themselves)."""
    return dialog.exec()


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user why an action did not happen (tests replace this)."""
    QMessageBox.warning(parent, title, text)


def when(moment: datetime | None) -> str:
    """``moment`` in the desk's format, or nothing."""
    return format_datetime(moment) if moment is not None else ""
