"""Settings → Price list…: the office's price list as of a day, its history, and
changes from an effective date (issue #17.1).

The table holds every plan × currency in force on the chosen day (a few hundred rows
at most: sorted and searched by a proxy model); the pane below it lists the history
of the selected plan and currency.  Changes go through :mod:`b24desk.store.price_editing`;
CSV export and import through :mod:`b24desk.store.price_csv`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from b24desk.i18n import _, format_date, format_money, ngettext
from b24desk.store import price_csv
from b24desk.store import price_editing as store
from b24desk.store.csvio.files import CsvDialect
from b24desk.store.errors import StoreError
from b24desk.ui.context import DeskContext
from b24desk.ui.dates import date_field, to_date
from b24desk.ui.forms import confirm, error_style, name_from_context
from b24desk.ui.prices.forms import PlanDialog, PriceEditDialog
from b24desk.ui.table import SORT_VALUE_ROLE

DialogRunner = Callable[[QDialog], bool]


def _run_dialog(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def _money(value: Decimal | None, currency: str) -> str:
    return "" if value is None else format_money(value, currency)


def _day(day: date) -> str:
    """A price's first day; the one that has always held says so."""
    return _("always") if day <= store.PRICE_EPOCH else format_date(day)


def _sort_key(value: Decimal) -> int:
    """Money sorted exactly, as whole thousandths (no float)."""
    return int(value.scaleb(3).to_integral_value())


def _columns() -> list[str]:
    return [
        _("Plan"),
        _("Kind"),
        _("Currency"),
        _("List price"),
        _("Partner cost"),
        _("Resale price"),
        _("Valid from"),
    ]


class PriceListDialog(QDialog):
    """The price list as of a day: search, sort, edit from a date, history, plans, CSV."""

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None = None,
        run_dialog: DialogRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("priceListDialog")
        self.ctx = ctx
        #: Shows a dialog modally and says whether it was accepted; tests replace it.
        self.run_dialog: DialogRunner = run_dialog or _run_dialog
        self.rows: list[store.PriceListRow] = []
        self.day_label = QLabel()
        self.day = date_field(ctx.clock.today())
        self.day.setObjectName("priceListDay")
        self.day_label.setBuddy(self.day)
        self.search = QLineEdit()
        self.search.setObjectName("priceListSearch")
        self.search.setClearButtonEnabled(True)
        self.archived = QCheckBox()
        self.archived.setObjectName("priceListArchived")
        self.model = QStandardItemModel(0, 7, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_VALUE_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = QTableView()
        self.view.setObjectName("priceListTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        # The price list's own order until a column is clicked.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.history_label = QLabel()
        self.history = QTableWidget(0, 4)
        self.history.setObjectName("priceHistory")
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("priceEdit")
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("priceDeleteFuture")
        self.add_button = QPushButton()
        self.add_button.setObjectName("planAdd")
        self.archive_button = QPushButton()
        self.archive_button.setObjectName("planArchive")
        self.export_button = QPushButton()
        self.export_button.setObjectName("priceExport")
        self.import_button = QPushButton()
        self.import_button.setObjectName("priceImport")
        self.message = QLabel()
        self.message.setObjectName("priceListMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.day_label)
        top.addWidget(self.day)
        top.addWidget(self.search, 1)
        top.addWidget(self.archived)
        actions = QHBoxLayout()
        for button in (self.edit_button, self.add_button, self.archive_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        actions.addWidget(self.import_button)
        lower = QWidget()
        lower_box = QVBoxLayout(lower)
        lower_box.setContentsMargins(0, 0, 0, 0)
        history_row = QHBoxLayout()
        history_row.addWidget(self.history_label, 1)
        history_row.addWidget(self.delete_button)
        lower_box.addLayout(history_row)
        lower_box.addWidget(self.history)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(980, 640)

        self.day.dateChanged.connect(self.reload)
        self.archived.toggled.connect(self.reload)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.doubleClicked.connect(self.edit_current)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_future)
        self.add_button.clicked.connect(self.add_plan)
        self.archive_button.clicked.connect(self.archive_current)
        self.export_button.clicked.connect(self.export_csv)
        self.import_button.clicked.connect(self.import_csv)
        self.retranslate()
        self.reload()

    # -- data ---------------------------------------------------------------------------

    @property
    def today(self) -> date:
        return self.ctx.clock.today()

    @Slot()
    def reload(self) -> None:
        """The list as of the chosen day; the selection stays on the same plan."""
        keep = self.current_row()
        self.rows = store.price_list(to_date(self.day.date()), self.archived.isChecked())
        self.model.removeRows(0, self.model.rowCount())
        for index, row in enumerate(self.rows):
            self.model.appendRow(self._items(index, row))
        self.proxy.sort(self.proxy.sortColumn(), self.proxy.sortOrder())
        if keep is not None:
            self.select(keep.plan_id, keep.currency)
        self._on_current()

    def _items(self, index: int, row: store.PriceListRow) -> list[QStandardItem]:
        def item(text: str, key: object) -> QStandardItem:
            cell = QStandardItem(text)
            cell.setData(key, SORT_VALUE_ROLE)
            cell.setData(index, Qt.ItemDataRole.UserRole)
            return cell

        partner = item(
            format_money(row.shown_partner_cost, row.currency),
            _sort_key(row.shown_partner_cost),
        )
        if row.partner_cost is None:
            partner.setToolTip(_("Computed from the office's partner discount"))
            font = partner.font()
            font.setItalic(True)
            partner.setFont(font)
        resale = row.resale_price
        cells = [
            item(_(row.name) + (" " + _("(archived)") if row.archived else ""), row.name.lower()),
            item(dict(store.plan_options()).get(row.kind, row.kind), row.kind),
            item(row.currency, row.currency),
            item(format_money(row.list_price, row.currency), _sort_key(row.list_price)),
            partner,
            item(_money(resale, row.currency), _sort_key(resale) if resale is not None else -1),
            item(_day(row.valid_from), row.valid_from.toordinal()),
        ]
        for cell in cells[3:6]:
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return cells

    def current_row(self) -> store.PriceListRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        number = self.proxy.data(index.siblingAtColumn(0), Qt.ItemDataRole.UserRole)
        return self.rows[int(number)] if number is not None else None

    def select(self, plan_id: int, currency: str) -> bool:
        for proxy_row in range(self.proxy.rowCount()):
            number = self.proxy.data(self.proxy.index(proxy_row, 0), Qt.ItemDataRole.UserRole)
            row = self.rows[int(number)]
            if row.plan_id == plan_id and row.currency == currency:
                self.view.setCurrentIndex(self.proxy.index(proxy_row, 0))
                return True
        return False

    @Slot()
    def _on_current(self, *_args: object) -> None:
        row = self.current_row()
        has = row is not None
        self.edit_button.setEnabled(has and not (row is not None and row.archived))
        self.archive_button.setEnabled(has and not (row is not None and row.archived))
        self.history.setRowCount(0)
        self.future_id: int | None = None
        if row is None:
            self.history_label.setText(_("History: choose a price above."))
            self.delete_button.setEnabled(False)
            return
        self.history_label.setText(
            _("History of {plan} in {currency}").format(plan=_(row.name), currency=row.currency)
        )
        history = store.price_history(row.plan_id, row.currency)
        self.history.setRowCount(len(history))
        for n, past in enumerate(history):
            texts = [
                _day(past.valid_from),
                format_money(past.list_price, past.currency),
                format_money(past.shown_partner_cost, past.currency),
                _money(past.resale_price, past.currency),
            ]
            for column, text in enumerate(texts):
                self.history.setItem(n, column, QTableWidgetItem(text))
            if past.valid_from > self.today and self.future_id is None:
                self.future_id = past.price_id
        self.history.resizeColumnsToContents()
        self.delete_button.setEnabled(self.future_id is not None)

    # -- actions ------------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(error_style() if error else "")
        self.message.setText(text)

    @Slot()
    def edit_current(self, *_args: object) -> bool:
        row = self.current_row()
        if row is None or row.archived:
            return False
        dialog = PriceEditDialog(row, self.today, self)
        if not self.run_dialog(dialog):
            return False
        self.reload()
        self._say(_("Price saved."))
        return True

    @Slot()
    def delete_future(self) -> bool:
        if self.future_id is None:
            return False
        if not confirm(
            self,
            _("Delete a future price"),
            _("Delete the price that has not taken effect yet?"),
            _("Delete"),
        ):
            return False
        try:
            store.delete_price(self.future_id, self.today)
        except StoreError as exc:
            self._say(str(exc), error=True)
            return False
        self.reload()
        return True

    @Slot()
    def add_plan(self) -> bool:
        row = self.current_row()
        currency = row.currency if row is not None else ""
        dialog = PlanDialog(self.today, currency, self)
        if not self.run_dialog(dialog):
            return False
        plan = dialog.result_value
        self.reload()
        self.select(plan.id, dialog.currency.text().strip().upper())
        return True

    def ask_archive(self, name: str) -> bool:
        """Ask before archiving; tests replace it."""
        return confirm(
            self,
            _("Archive a plan"),
            _("Archive {plan}? New documents will no longer offer it; old ones keep it.").format(
                plan=name
            ),
            _("Archive"),
        )

    @Slot()
    def archive_current(self) -> bool:
        row = self.current_row()
        if row is None or not self.ask_archive(_(row.name)):
            return False
        store.archive_plan(row.plan_id)
        self.reload()
        return True

    def ask_export_path(self) -> tuple[Path, CsvDialect] | None:
        """Where and how to write the CSV; tests replace it."""
        from b24desk.ui.csv_dialogs import ExportDialog

        count = price_csv.price_row_count()
        dialog = ExportDialog("price-list.csv", count, self)
        dialog.info.setText(
            ngettext(
                "The whole price list with its history: {count} dated price.",
                "The whole price list with its history: {count} dated prices.",
                count,
            ).format(count=count)
        )
        return (dialog.path(), dialog.dialect()) if self.run_dialog(dialog) else None

    @Slot()
    def export_csv(self) -> int | None:
        asked = self.ask_export_path()
        if asked is None:
            return None
        path, dialect = asked
        try:
            count = price_csv.export_price_list(path, dialect)
        except StoreError as exc:
            self._say(str(exc), error=True)
            return None
        self._say(_("{count} price rows written to {path}.").format(count=count, path=path))
        return count

    def ask_import_path(self) -> str:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import the price list"), "", _("CSV files (*.csv)")
        )
        return name

    @Slot()
    def import_csv(self) -> bool:
        from b24desk.ui.prices.importing import PriceImportDialog

        path = self.ask_import_path()
        if not path:
            return False
        dialog = PriceImportDialog(path, self.today, self)
        if not self.run_dialog(dialog):
            return False
        self.reload()
        self._say(dialog.outcome)
        return True

    # -- language -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Price list"))
        self.day_label.setText(_("Prices on:"))
        self.search.setPlaceholderText(_("Search plans and currencies"))
        self.archived.setText(_("Show archived"))
        self.model.setHorizontalHeaderLabels(_columns())
        self.history.setHorizontalHeaderLabels(
            [_("Valid from"), _("List price"), _("Partner cost"), _("Resale price")]
        )
        self.edit_button.setText(_("Change price…"))
        self.edit_button.setToolTip(_("A new price from a date; earlier documents keep theirs"))
        self.delete_button.setText(_("Delete future price"))
        self.add_button.setText(_("Add plan…"))
        self.archive_button.setText(_("Archive plan…"))
        self.export_button.setText(_("Export CSV…"))
        self.import_button.setText(_("Import CSV…"))
        if self.rows:
            self.reload()
        else:
            self._on_current()
        name_from_context(self, self.windowTitle())

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def warn(self, text: str) -> None:
        QMessageBox.warning(self, _("Price list"), text)
