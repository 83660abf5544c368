"""A table model that pages through a store :class:`~b24desk.store.listing.Listing`.

It holds the row count and a cache of fetched pages, never the whole table: opening
50 000 tickets reads one ``COUNT`` and the first page.  Sorting and searching go back
to SQL.  Rows are whatever the listing returns (peewee row objects); each
:class:`Column` says how to show one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFontMetrics
from PySide6.QtWidgets import QStyle, QTableView

from b24desk.store.listing import Listing

Index = QModelIndex | QPersistentModelIndex

#: Texts of at most this many characters (money, dates, codes, states, names,
#: titles) are never cut; longer free text may elide, with all of it in the tooltip.
SHORT_TEXT = 24
#: The widest a column of long free text starts (it elides past that).
FREE_TEXT_MAX_CHARS = 40
#: The narrowest a column of long free text is made to let the others fit.
FREE_TEXT_MIN_CHARS = 14

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_VALUE_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column:
    """One column: its key in the listing's sort keys, title, and how to show a row."""

    key: str
    title: Callable[[], str]
    display: Callable[[Any], str]
    align_right: bool = False
    tooltip: Callable[[Any], str | None] | None = None
    background: Callable[[Any], QColor | None] | None = None
    foreground: Callable[[Any], QColor | None] | None = None
    header_tooltip: Callable[[], str] | None = None


class LazyTableModel(QAbstractTableModel):
    """Rows fetched page by page from a listing; search, filters and sort in SQL."""

    PAGE_SIZE = 200

    #: Emitted after every reload with the number of matching rows.
    countChanged = Signal(int)

    def __init__(
        self,
        listing: Listing,
        columns: list[Column],
        parent: Any = None,
        id_of: Callable[[Any], int] = lambda row: int(row.id),
    ) -> None:
        super().__init__(parent)
        self.listing = listing
        self.columns = columns
        self.id_of = id_of
        self._search = ""
        self._filters: dict[str, Any] = {}
        self._sort_key: str | None = None
        self._descending = False
        self._count = 0
        self._pages: dict[int, list[Any]] = {}
        self.reload()

    # -- what is shown ------------------------------------------------------------

    def set_search(self, text: str) -> None:
        if text != self._search:
            self._search = text
            self.reload()

    def set_filters(self, filters: Mapping[str, Any]) -> None:
        clean = {k: v for k, v in filters.items() if v is not None}
        if clean != self._filters:
            self._filters = clean
            self.reload()

    def search(self) -> str:
        return self._search

    def filters(self) -> dict[str, Any]:
        return dict(self._filters)

    def reload(self) -> None:
        """Count again and drop the cache (after a change, a search, a sort)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self.listing.count(self._search, self._filters)
        self.endResetModel()
        self.countChanged.emit(self._count)

    def refresh_rows(self) -> None:
        """Re-read the rows but keep the count (a change that adds or removes none)."""
        count = self.listing.count(self._search, self._filters)
        if count != self._count:
            self.reload()
            return
        self._pages.clear()
        if self._count:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._count - 1, len(self.columns) - 1)
            )

    def row_object(self, row: int) -> Any:
        if not 0 <= row < self._count:
            return None
        page_no, offset = divmod(row, self.PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            page = self.listing.page(
                page_no * self.PAGE_SIZE,
                self.PAGE_SIZE,
                self._search,
                self._filters,
                self._sort_key,
                self._descending,
            )
            if len(self._pages) > 50:  # bound the cache on long scrolls
                self._pages.clear()
            self._pages[page_no] = page
        return page[offset] if offset < len(page) else None

    def row_id(self, row: int) -> int | None:
        obj = self.row_object(row)
        return None if obj is None else self.id_of(obj)

    def row_of_id(self, record_id: int) -> int | None:
        """The row of ``record_id`` among the pages already fetched (None if not)."""
        for page_no, page in self._pages.items():
            for offset, obj in enumerate(page):
                if self.id_of(obj) == record_id:
                    return page_no * self.PAGE_SIZE + offset
        return None

    # -- QAbstractTableModel ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        obj = self.row_object(index.row())
        if obj is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(obj)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(obj)
            text = column.display(obj)
            # Long text may be elided in a narrow column: the tooltip has all of it.
            return text if len(text) > SHORT_TEXT else None
        if role == Qt.ItemDataRole.BackgroundRole and column.background is not None:
            color = column.background(obj)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            color = column.foreground(obj)
            return QBrush(color) if color is not None else None
        if role == ROW_ID_ROLE:
            return self.id_of(obj)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title()
        if role == Qt.ItemDataRole.ToolTipRole and column.header_tooltip is not None:
            return column.header_tooltip()
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` in SQL; ``-1`` goes back to the listing's default order."""
        if column >= len(self.columns):
            return
        self._sort_key = self.columns[column].key if column >= 0 else None
        self._descending = order == Qt.SortOrder.DescendingOrder
        # A reset, not a layout change: rows are not in memory to map persistent
        # indexes from old to new positions.
        self.beginResetModel()
        self._pages.clear()
        self.endResetModel()

    def retranslate(self) -> None:
        """Titles and formatted values follow the desk language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.columns) - 1))
        self._pages.clear()
        if self._count:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._count - 1, len(self.columns) - 1)
            )


@dataclass(frozen=True)
class ColumnFit:
    """Widths that show a table's columns whole, and how narrow each may go."""

    widths: list[int]
    #: The title and every short text still whole; long free text elided (tooltip).
    floors: list[int]

    def squeezed(self, room: int) -> list[int]:
        """The widths, long free text narrowed (widest first) until they fit ``room``;
        never below the floors: past them the table scrolls sideways."""
        widths = list(self.widths)
        while sum(widths) > room:
            loose = [i for i, width in enumerate(widths) if width > self.floors[i]]
            if not loose:
                break
            widest = max(loose, key=widths.__getitem__)
            widths[widest] = max(self.floors[widest], widths[widest] - (sum(widths) - room))
        return widths


def fit_widths(view: QTableView, rows: int = LazyTableModel.PAGE_SIZE) -> ColumnFit:
    """Column widths that show each title and the first ``rows`` rows' texts whole.

    Texts longer than :data:`SHORT_TEXT` characters (subjects, details) count only
    up to :data:`FREE_TEXT_MAX_CHARS` characters (their floor: :data:`FREE_TEXT_MIN_CHARS`):
    past that they elide, and the model's tooltip has the whole text.  The title
    leaves room for the sort mark.
    """
    model = view.model()
    header = view.horizontalHeader()
    style = view.style()
    cell_margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    header_margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    mark = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
    cells = QFontMetrics(view.font())
    titles = QFontMetrics(header.font())
    cap = cells.averageCharWidth() * FREE_TEXT_MAX_CHARS
    least = cells.averageCharWidth() * FREE_TEXT_MIN_CHARS
    widths, floors = [], []
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = floor = titles.horizontalAdvance(title) + 3 * header_margin + mark
        for row in range(min(rows, model.rowCount())):
            text = model.data(model.index(row, column))
            if not isinstance(text, str) or not text:
                continue
            needs = cells.horizontalAdvance(text.split("\n")[0]) + cell_margin + 2
            if len(text) > SHORT_TEXT:
                width, floor = max(width, min(needs, cap)), max(floor, min(needs, least))
            else:
                width, floor = max(width, needs), max(floor, needs)
        widths.append(width)
        floors.append(floor)
    return ColumnFit(widths, floors)
