"""What the parts of the Partner targets tab share: the row colours, the status
and money words, dates between Python and Qt, and the wrapped label."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDateEdit, QLabel, QTreeWidgetItem

from b24desk.domain.targets import STATUS_NAMES
from b24desk.i18n import _, format_money
from b24desk.store.partner import DISPLAY_CURRENCY

GREEN = "#d8f0d8"
AMBER = "#fff0c0"
RED = "#f8d0d0"
GREY = "#e4e4e4"
BLUE = "#d8e8f8"
GREY_TEXT = "#707070"


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


def paint_row(item: QTreeWidgetItem, background: str | None, grey_text: bool = False) -> None:
    for column in range(item.columnCount()):
        if background:
            item.setBackground(column, QBrush(QColor(background)))
        if grey_text:
            item.setForeground(column, QBrush(QColor(GREY_TEXT)))
