"""The common frame of the list tabs: search, filters, table, detail pane, actions.

A tab module builds a :class:`ListTab` with its listing, columns and filters, adds
its action buttons, and fills the detail pane when the current row changes.  The
frame handles the rest: the debounced search box (Ctrl+F), the status count, Enter
to open, sort by any column header, and remembering column widths, sort order and
the splitter between runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from b24desk.i18n import _, format_decimal, ngettext
from b24desk.store.listing import MAX_SEARCH_CHARS, Listing
from b24desk.ui.context import DeskContext
from b24desk.ui.table import Column, LazyTableModel, fit_widths

SEARCH_DELAY_MS = 250
#: Hides or shows the detail pane of the list tab that has the focus.
DETAIL_SHORTCUT = "F9"


@dataclass(frozen=True)
class FilterSpec:
    """A combo box of choices; the first choice (value None) means "all"."""

    key: str
    label: Callable[[], str]
    choices: Callable[[], Sequence[tuple[Any, str]]]  # (value, translated text)


class RecordTable(QTableView):
    """A table view where Enter opens the current row (as double-click does)."""

    openRequested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.openRequested.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class ListTab(QWidget):
    """Search box, filters and action buttons above a lazy table and a detail pane."""

    #: The number of rows that match the search and filters.
    countChanged = Signal(int)
    #: The id of the current record (None when nothing is selected).
    currentChanged = Signal(object)

    def __init__(
        self,
        key: str,
        ctx: DeskContext,
        listing: Listing,
        columns: list[Column],
        entities: Sequence[str],
        filters: Sequence[FilterSpec] = (),
        detail: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.key = key
        self.ctx = ctx
        self.entities = set(entities)
        self.model = LazyTableModel(listing, columns, self)
        self.filter_specs = list(filters)

        self.search = QLineEdit()
        self.search.setObjectName(f"{key}Search")
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(MAX_SEARCH_CHARS)  # the store reads no more
        self.search.setMinimumWidth(260)
        self.filter_labels: list[QLabel] = []
        self.filter_boxes: dict[str, QComboBox] = {}
        for spec in self.filter_specs:
            label = QLabel()
            box = QComboBox()
            box.setObjectName(f"{key}Filter_{spec.key}")
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            label.setBuddy(box)
            self.filter_labels.append(label)
            self.filter_boxes[spec.key] = box

        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.search, 2)
        for label, box in zip(self.filter_labels, self.filter_boxes.values(), strict=True):
            self.toolbar.addWidget(label)
            self.toolbar.addWidget(box)
        self.toolbar.addStretch(1)
        # Actions get a row of their own: beside the search and filters they would
        # not fit 1280 pixels in Russian or Spanish.
        self.buttons_layout = QHBoxLayout()
        self.buttons_layout.addStretch(1)

        self.view = RecordTable()
        self.view.setObjectName(f"{key}Table")
        self.view.setModel(self.model)
        # No sort column until the user picks one: the listing's default order.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName(f"{key}Splitter")
        self.splitter.addWidget(self.view)
        self.detail = detail
        if detail is not None:
            # In a scroll area: the pane takes what the list leaves, however small.
            self.detail_area = QScrollArea()
            self.detail_area.setObjectName(f"{key}DetailArea")
            self.detail_area.setWidgetResizable(True)
            self.detail_area.setFrameShape(QFrame.Shape.NoFrame)
            self.detail_area.setWidget(detail)
            self.splitter.addWidget(self.detail_area)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        if detail is not None:
            # The detail pane folds away (dragged to the edge, or F9); the list never.
            self.splitter.setCollapsible(1, True)
        self.detail_shortcut = QShortcut(QKeySequence(DETAIL_SHORTCUT), self)
        self.detail_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addLayout(self.buttons_layout)
        layout.addWidget(self.splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        # Until the tab has been laid out on screen once (see _first_layout).
        self._split_pending = self._fit_pending = True
        #: The fitted width of each column (the last one stretches past it).
        self._last_need: dict[int, int] = {}
        self._open_handler: Callable[[int], None] | None = None
        #: Text that finds a record by its id in the search box (code, TID, number…).
        self.reveal_text: Callable[[int], str] | None = None
        self._connect_signals()
        self._fill_filters()
        self.retranslate()
        self.restore_view_state()
        self._on_filters_changed()  # a first choice may be a value ("active only")

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.returnPressed.connect(self.apply_search)
        for box in self.filter_boxes.values():
            box.currentIndexChanged.connect(self._on_filters_changed)
        self.model.countChanged.connect(self._on_count)
        self.model.modelReset.connect(self._on_model_reset)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.view.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.view.openRequested.connect(self._open_row)
        self.ctx.signals.changed.connect(self._on_data_changed)
        header = self.view.horizontalHeader()
        header.sectionResized.connect(self._save_soon)
        header.sortIndicatorChanged.connect(self._save_soon)
        header.sectionMoved.connect(self._save_soon)
        self.splitter.splitterMoved.connect(self._save_soon)
        self.detail_shortcut.activated.connect(self.toggle_detail)

    # -- actions the tab adds -------------------------------------------------------

    def add_button(self, button: QPushButton) -> QPushButton:
        self.buttons_layout.insertWidget(self.buttons_layout.count() - 1, button)
        return button

    def set_open_handler(self, handler: Callable[[int], None]) -> None:
        """``handler(record_id)`` runs on Enter or double-click."""
        self._open_handler = handler

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.row_id(index.row()) if index.isValid() else None

    def select_id(self, record_id: int) -> bool:
        """Make ``record_id`` current if it is among the rows fetched so far."""
        row = self.model.row_of_id(record_id)
        if row is None:
            return False
        self.view.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def show_record(self, record_id: int) -> None:
        """Make ``record_id`` visible and current (links from the Today tab).

        Filters go back to their first choice and the search box gets the record's
        own key (:attr:`reveal_text`), so the row is on the first page.
        """
        for box in self.filter_boxes.values():
            box.setCurrentIndex(0)
        self.search.setText(self.reveal_text(record_id) if self.reveal_text else "")
        self.apply_search()
        self.model.row_object(0)
        self.select_id(record_id)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- behaviour -------------------------------------------------------------------

    @Slot()
    def apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_search(self.search.text())

    @Slot()
    def _on_filters_changed(self) -> None:
        self.model.set_filters({k: box.currentData() for k, box in self.filter_boxes.items()})

    @Slot(int)
    def _on_count(self, count: int) -> None:
        self.countChanged.emit(count)

    def count_text(self, count: int) -> str:
        """How the status bar says how many rows match (tabs say "coupons", …)."""
        return ngettext("{count} row", "{count} rows", count).format(count=format_decimal(count))

    @Slot()
    def _on_model_reset(self) -> None:
        self.currentChanged.emit(None)

    def _on_current_row(self, current: Any, _previous: Any) -> None:
        self.currentChanged.emit(self.model.row_id(current.row()) if current.isValid() else None)

    def _open_row(self, row: int) -> None:
        record_id = self.model.row_id(row)
        if record_id is not None and self._open_handler is not None:
            self._open_handler(record_id)

    @Slot(str)
    def _on_data_changed(self, entity: str) -> None:
        if entity in self.entities:
            keep = self.current_id()
            self.model.reload()
            if keep is not None and self.model.rowCount():
                self.model.row_object(0)  # fetch the first page to look for it
                self.select_id(keep)

    def _fill_filters(self) -> None:
        for spec in self.filter_specs:
            box = self.filter_boxes[spec.key]
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            for value, text in spec.choices():
                box.addItem(text, value)
            found = box.findData(current)
            box.setCurrentIndex(found if found >= 0 else 0)
            box.blockSignals(False)

    def retranslate(self) -> None:
        shortcut = QKeySequence(QKeySequence.StandardKey.Find).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.search.setPlaceholderText(_("Search ({shortcut})…").format(shortcut=shortcut))
        self.search.setToolTip(
            _(
                "Type words to find; every word must match, whatever its case "
                "(\u201cstrasse\u201d finds \u201cStra\u00dfe\u201d). Only the first "
                "{count} characters are searched."
            ).format(count=MAX_SEARCH_CHARS)
        )
        for spec, label in zip(self.filter_specs, self.filter_labels, strict=True):
            label.setText(spec.label())
        self._fill_filters()
        self.model.retranslate()
        if not self._fit_pending:  # widths fitted (or the user's) in another language
            QTimer.singleShot(0, self, self.widen_for_short_texts)
            QTimer.singleShot(0, self, self._follow_width)  # the detail pane's texts too

    # -- state between runs -----------------------------------------------------------

    def _settings_key(self, what: str) -> str:
        return f"tabs/{self.key}/{what}"

    def _save_soon(self, *_args: object) -> None:
        # Only what the user saw and changed: a tab never laid out on screen (built
        # but not shown) has placeholder sizes that must not become the saved ones.
        if not (self._split_pending or self._fit_pending) and self.isVisible():
            self.save_view_state()

    def save_view_state(self) -> None:
        settings = QSettings()
        settings.setValue(self._settings_key("header"), self.view.horizontalHeader().saveState())
        settings.setValue(self._settings_key("splitter"), self.splitter.saveState())

    def restore_view_state(self) -> None:
        """The user's column widths, sort and splitter; on a first run, fit them on show."""
        settings = QSettings()
        header = settings.value(self._settings_key("header"))
        self._fit_pending = True
        if isinstance(header, QByteArray) and not header.isEmpty():
            self._fit_pending = not self.view.horizontalHeader().restoreState(header)
        splitter = settings.value(self._settings_key("splitter"))
        self._split_pending = self.detail is not None
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self._split_pending = not self.splitter.restoreState(splitter)

    #: Share of the width the table gets at least on a first run (the detail pane the
    #: rest); the table takes more when its columns need it (see :meth:`_first_layout`).
    TABLE_SHARE = 0.6
    #: What the detail pane keeps at least beside the table on a first run.
    DETAIL_MIN_WIDTH = 320
    #: Below this width the detail pane goes under the list instead of beside it.
    NARROW_WIDTH = 1100

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        if self._split_pending or self._fit_pending:
            # After the layouts have given the splitter its real width.
            QTimer.singleShot(0, self, self._first_layout)
        else:  # remembered on a window of another width, maybe
            QTimer.singleShot(0, self, self._follow_width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._follow_width()

    def _follow_width(self) -> None:
        """Detail pane beside the list when both fit, else under it."""
        if self.detail is None or self._fit_pending or not self.isVisible():
            return  # not before the tab is on screen: sizes are placeholders then
        wanted = self._orientation_for(self._columns_width())
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            if not self._split_pending:
                self._share_splitter()
        elif (
            wanted == Qt.Orientation.Horizontal
            and not self._split_pending
            and not self.detail_collapsed()
            and self.splitter.sizes()[1] < self._detail_min_width()
        ):  # its content got wider (another language): it never scrolls sideways
            self._share_splitter()

    def _orientation_for(self, columns: int) -> Qt.Orientation:
        """Beside on a wide window whose room beside the detail pane holds ``columns``."""
        if self.width() < self.NARROW_WIDTH or columns + self._table_chrome() > (
            self.splitter.width() - self.splitter.handleWidth() - self._detail_min_width()
        ):
            return Qt.Orientation.Vertical
        return Qt.Orientation.Horizontal

    def _first_layout(self) -> None:
        if self._fit_pending:
            self._fit_pending = False
            self.fit_columns()
        if self._split_pending and self.splitter.width() > 0:
            self._split_pending = False
            self._share_splitter()

    def _share_splitter(self) -> None:
        """The list gets the room its columns need; the detail pane what is left."""
        if self.detail is None or self.detail_collapsed():
            return
        if self.splitter.orientation() == Qt.Orientation.Vertical:
            total = self.splitter.height()
            table = int(total * self.TABLE_SHARE)
        else:
            total = self.splitter.width() - self.splitter.handleWidth()
            room = total - self._detail_min_width()
            columns = min(self._columns_width() + self._table_chrome(), room)
            table = min(max(int(total * self.TABLE_SHARE), columns), room)
        if total > 0:
            self.splitter.setSizes([table, total - table])

    def _detail_min_width(self) -> int:
        """What the detail pane needs beside the list: :attr:`DETAIL_MIN_WIDTH`, or
        more when its content cannot be narrower (it never scrolls sideways)."""
        if self.detail is None:
            return 0
        area = self.detail_area
        needs = (
            self.detail.minimumSizeHint().width()
            + area.verticalScrollBar().sizeHint().width()
            + 2 * area.frameWidth()
        )
        return max(self.DETAIL_MIN_WIDTH, needs)

    def _table_chrome(self) -> int:
        """What the table takes beside its columns: frame and scroll bar."""
        return self.view.verticalScrollBar().sizeHint().width() + 2 * self.view.frameWidth() + 2

    def _columns_width(self) -> int:
        """The columns' widths, the last one (stretched to the edge) by its own need."""
        header = self.view.horizontalHeader()
        shown = [
            header.logicalIndex(v)
            for v in range(header.count())
            if not header.isSectionHidden(header.logicalIndex(v))
        ]
        if not shown:
            return 0
        last = shown[-1]
        width = sum(header.sectionSize(i) for i in shown[:-1])
        stretched = header.sectionSize(last)
        return width + min(stretched, self._last_need.get(last, stretched))

    # -- the detail pane ---------------------------------------------------------------

    def detail_collapsed(self) -> bool:
        return self.detail is not None and self.splitter.sizes()[-1] == 0

    @Slot()
    def toggle_detail(self) -> None:
        """Hide the detail pane (the list takes the whole width) or bring it back."""
        if self.detail is None:
            return
        if self.detail_collapsed():
            self.splitter.setSizes([1, 1])
            self._share_splitter()
        else:
            total = sum(self.splitter.sizes())
            self.splitter.setSizes([total, 0])
        self._save_soon()

    # -- column widths ----------------------------------------------------------------

    def fit_columns(self) -> None:
        """Column widths from the content (first run only; afterwards the user's own).

        Each column gets the width of its title and of the cells of the first page
        (:func:`~b24desk.ui.table.fit_widths`): numbers, money, dates, codes, states
        and names show whole.  Only long free text (more than
        :data:`~b24desk.ui.table.SHORT_TEXT` characters, whose whole text is in the
        tooltip) is narrowed to let the table fit beside the detail pane, or, when
        even that does not fit, the detail pane goes under the list.
        """
        fit = fit_widths(self.view)
        room = self.splitter.width() - self._table_chrome()
        if self.detail is not None:
            orientation = self._orientation_for(sum(fit.floors))
            self.splitter.setOrientation(orientation)
            if orientation == Qt.Orientation.Horizontal:
                room -= self._detail_min_width() + self.splitter.handleWidth()
        widths = fit.squeezed(room)
        header = self.view.horizontalHeader()
        self._last_need = dict(enumerate(widths))
        for column, width in enumerate(widths):
            header.resizeSection(column, width)

    @Slot()
    def widen_for_short_texts(self) -> None:
        """After a language switch: a column whose title or short texts no longer fit
        gets wider (never narrower, so the user's own widths otherwise stay)."""
        fit = fit_widths(self.view)
        header = self.view.horizontalHeader()
        for column, floor in enumerate(fit.floors):
            if header.sectionSize(column) < floor:
                header.resizeSection(column, floor)
