"""The table of a report: its columns and rows, a total row kept last, sortable."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from b24desk.i18n import _
from b24desk.store.report_shape import Cell, Drill, Report, ReportRow
from b24desk.ui.reports.cells import NUMERIC, cell_text, number

Index = QModelIndex | QPersistentModelIndex
#: The :class:`Drill` of a cell (None when no records are behind it).
DRILL_ROLE = Qt.ItemDataRole.UserRole + 1


def _sort_key(value: Cell) -> tuple[int, Any]:
    """Empty cells first, then numbers, dates or texts in their own order."""
    if value is None:
        return (0, 0)
    figure = number(value)
    if figure is not None:
        return (1, figure)
    if isinstance(value, date):
        return (1, value.toordinal())
    return (1, str(value).casefold())


class ReportModel(QAbstractTableModel):
    """The rows of a :class:`Report`; the total row stays last whatever the sort."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.report: Report | None = None
        self._order: list[int] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_report(self, report: Report | None) -> None:
        self.beginResetModel()
        self.report = report
        self._order = list(range(len(report.rows))) if report is not None else []
        self.endResetModel()
        if self._sort is not None and report is not None:
            column, order = self._sort
            if column < len(report.columns):
                self.sort(column, order)

    def row(self, row: int) -> ReportRow | None:
        """The report row shown at ``row`` (the total row last)."""
        if self.report is None or row < 0:
            return None
        if row < len(self._order):
            return self.report.rows[self._order[row]]
        if row == len(self._order) and self.report.total is not None:
            return self.report.total
        return None

    def is_total(self, row: int) -> bool:
        return self.report is not None and self.report.total is not None and row == len(
            self._order
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.report is None:
            return 0
        return len(self._order) + (1 if self.report.total is not None else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.report is None:
            return 0
        return len(self.report.columns)

    def drill(self, index: Index) -> Drill | None:
        row = self.row(index.row())
        if row is None or self.report is None or not index.isValid():
            return None
        return row.drills.get(self.report.columns[index.column()].key)

    def label(self, row: int) -> str:
        """The row's name (its first cell), as the table writes it."""
        if self.row(row) is None or self.report is None or not self.report.columns:
            return ""
        return str(self.data(self.index(row, 0)) or "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index.row())
        if row is None or self.report is None or not index.isValid():
            return None
        column = self.report.columns[index.column()]
        value = row.cells[index.column()] if index.column() < len(row.cells) else None
        if role == Qt.ItemDataRole.DisplayRole:
            text = cell_text(value, column.kind, self.report.currency)
            if not text and index.column() == 0 and self.is_total(index.row()):
                return _("Total")
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = column.kind in NUMERIC
            side = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.is_total(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column.key in row.drills:
            return _("Double-click or press Enter to see the records behind this figure.")
        if role == DRILL_ROLE:
            return row.drills.get(column.key)
        if role == Qt.ItemDataRole.UserRole:
            return value if not isinstance(value, Decimal) else str(value)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.report is None or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(self.report.columns):
            return None
        column = self.report.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title()
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.report is None or not 0 <= column < len(self.report.columns):
            self._sort = None
            return
        self._sort = (column, order)
        rows = self.report.rows
        self.layoutAboutToBeChanged.emit()
        self._order.sort(
            key=lambda i: _sort_key(rows[i].cells[column]),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.layoutChanged.emit()

    def retranslate(self) -> None:
        if self.report is not None:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.report.columns) - 1)
            if self.rowCount():
                last = self.index(self.rowCount() - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)
