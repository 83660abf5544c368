"""Date fields that read as the desk writes dates (:func:`b24desk.i18n.format_date`).

Lists, Today, details and documents write a date as Babel's medium date with the
year ("3 Dec 2026", "3 dic 2026", "3 дек. 2026 г."); a date field shows the same,
from the same pattern (:func:`b24desk.i18n.qt_date_pattern`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from b24desk.i18n import qt_date_pattern


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(value: QDate) -> date:
    """The day a date field shows."""
    return date(value.year(), value.month(), value.day())


def set_date_format(edit: QDateEdit) -> None:
    """Show ``edit``'s date the desk's way in the desk language (again after a switch)."""
    edit.setDisplayFormat(qt_date_pattern())


def date_field(day: date | None = None, parent: QWidget | None = None) -> QDateEdit:
    """A date field with a calendar, showing ``day`` the way lists and Today write it."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    set_date_format(edit)
    if day is not None:
        edit.setDate(qdate(day))
    return edit
