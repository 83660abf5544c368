"""The exchange-rates window: a sortable table of the recorded rates, filtered by
currency, with Add, Edit, Delete (asked first) and Import CSV.

A rate typed here says what one unit of a currency was worth in the home currency
on a day; the checks and the writing are the store's (:mod:`b24desk.store.rates`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from b24desk.domain.currency import rate_label
from b24desk.i18n import _, format_date, format_decimal, ngettext
from b24desk.store import events
from b24desk.store.rates import (
    RateRow,
    delete_rate,
    home_currency,
    list_rates,
    rate_currencies,
    set_rate,
    update_rate,
)
from b24desk.ui.context import DeskContext
from b24desk.ui.csv_dialogs import open_import
from b24desk.ui.dates import date_field, to_date
from b24desk.ui.forms import FormDialog, confirm, set_accessible_name

#: Currencies offered first in the form (any ISO code can be typed).
COMMON_CURRENCIES = ("USD", "EUR", "NZD", "AUD", "GBP", "RUB", "MXN", "BRL", "COP", "ARS", "CLP")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


def rate_text(rate: Decimal) -> str:
    """A rate as people read it: up to ten decimals, none trailing."""
    exponent = rate.normalize().as_tuple().exponent
    return format_decimal(rate, digits=max(0, -exponent) if isinstance(exponent, int) else 0)


class _Item(QTableWidgetItem):
    """A cell sorted by its value (a date, a Decimal), not by its text."""

    def __init__(self, text: str, key: Any) -> None:
        super().__init__(text)
        self.setData(SORT_ROLE, key)
        self.setFlags(self.flags() & ~Qt.ItemFlag.ItemIsEditable)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        try:
            return bool(mine < theirs)
        except TypeError:
            return super().__lt__(other)


class RateForm(FormDialog):
    """Add a rate (``row`` None) or change one."""

    def __init__(
        self, today: date, row: RateRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rateForm")
        self.row = row
        self.home = home_currency()
        self.day = date_field(row.day if row else today)
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.addItems([c for c in COMMON_CURRENCIES if c != self.home])
        self.rate = QLineEdit()
        if row is not None:
            self.currency.setCurrentText(row.currency)
            self.rate.setText(rate_text(row.rate))
        self.add_field("day", lambda: rate_label("day"), self.day)
        self.add_field("currency", lambda: rate_label("currency"), self.currency)
        self.add_field("rate", self._rate_label, self.rate)
        self.currency.currentTextChanged.connect(self._on_currency)
        self.retranslate()

    def _base(self) -> str:
        return self.row.base if self.row is not None else self.home

    def _rate_label(self) -> str:
        code = self.currency.currentText().strip().upper() or "…"
        return _("1 {currency} in {base}").format(currency=code, base=self._base())

    @Slot()
    def _on_currency(self) -> None:
        self.rows["rate"].label.setText(self._rate_label())
        set_accessible_name(self.rate, self._rate_label())

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Exchange rate") if self.row is None else _("Change the rate"))
        self.rate.setPlaceholderText(_("e.g. 1.6543"))

    def save(self) -> RateRow:
        day = to_date(self.day.date())
        if self.row is None:
            return set_rate(day, self.currency.currentText(), self.rate.text())
        return update_rate(self.row.id, day, self.currency.currentText(), self.rate.text())


class RatesDialog(QDialog):
    """Every recorded rate, newest first; sortable by any column."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratesDialog")
        self.ctx = ctx
        self.rates: list[RateRow] = []
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.filter = QComboBox()
        self.filter.setObjectName("rateCurrencyFilter")
        self.filter_label = QLabel()
        self.filter_label.setBuddy(self.filter)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("ratesTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel()
        self.add_button = QPushButton()
        self.add_button.setObjectName("rateAdd")
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("rateEdit")
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("rateDelete")
        self.import_button = QPushButton()
        self.import_button.setObjectName("rateImport")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        top = QHBoxLayout()
        top.addWidget(self.filter_label)
        top.addWidget(self.filter, 1)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.import_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(actions)
        layout.addWidget(self.buttons)
        #: Replaced in tests: show a dialog / ask before deleting.
        self.run_dialog: Callable[[QDialog], object] = lambda d: d.exec()
        self.ask: Callable[[QWidget, str, str, str], bool] = confirm
        self.buttons.rejected.connect(self.reject)
        self.add_button.clicked.connect(self.add_rate)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.import_button.clicked.connect(self.import_csv)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_current())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.filter.currentIndexChanged.connect(self.reload)
        ctx.signals.changed.connect(self._on_changed)
        ctx.language.changed.connect(self.retranslate)
        self.finished.connect(self._detach)
        self.retranslate()
        self.resize(640, 480)

    @Slot()
    def _detach(self) -> None:
        self.ctx.signals.changed.disconnect(self._on_changed)
        self.ctx.language.changed.disconnect(self.retranslate)

    @Slot(str)
    def _on_changed(self, entity: str) -> None:
        if entity in (events.RATES, events.OFFICE):
            self.reload()

    def _fill_filter(self) -> None:
        current = self.filter.currentData()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(_("All currencies"), "")
        for code in rate_currencies():
            self.filter.addItem(code, code)
        self.filter.setCurrentIndex(max(0, self.filter.findData(current)))
        self.filter.blockSignals(False)

    @Slot()
    def reload(self) -> None:
        """Read the rates again (the filter's currency only) and show them."""
        selected = self.current_rate()
        self._fill_filter()
        self.rates = list_rates(currency=self.filter.currentData() or None)
        self.table.setSortingEnabled(False)
        self.table.clearSelection()  # a deleted row's place selects nothing
        self.table.setRowCount(len(self.rates))
        for row, rate in enumerate(self.rates):
            cells = [
                _Item(format_date(rate.day), rate.day),
                _Item(rate.currency, rate.currency),
                _Item(rate_text(rate.rate), rate.rate),
                _Item(rate.base, rate.base),
            ]
            cells[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            cells[2].setToolTip(
                _("On {date}, 1 {currency} = {rate} {base}").format(
                    date=format_date(rate.day),
                    currency=rate.currency,
                    rate=rate_text(rate.rate),
                    base=rate.base,
                )
            )
            for column, cell in enumerate(cells):
                cell.setData(ID_ROLE, rate.id)
                self.table.setItem(row, column, cell)
        if not self.table.isSortingEnabled():  # newest first, until people sort
            self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        if selected is not None:
            self.select_rate(selected.id)
        self.count_label.setText(
            ngettext("{count} rate", "{count} rates", len(self.rates)).format(
                count=len(self.rates)
            )
        )
        self._update_buttons()

    def current_rate(self) -> RateRow | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None or not self.table.selectionModel().hasSelection():
            return None
        rate_id = item.data(ID_ROLE)
        return next((r for r in self.rates if r.id == rate_id), None)

    def select_rate(self, rate_id: int) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(ID_ROLE) == rate_id:
                self.table.selectRow(row)
                return

    @Slot()
    def _update_buttons(self) -> None:
        chosen = self.current_rate() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    @Slot()
    def add_rate(self) -> None:
        form = RateForm(self.ctx.clock.today(), None, self)
        try:
            if self.run_dialog(form):
                self.reload()
                self.select_rate(form.result_value.id)
        finally:
            form.deleteLater()

    @Slot()
    def edit_current(self) -> None:
        rate = self.current_rate()
        if rate is None:
            return
        form = RateForm(self.ctx.clock.today(), rate, self)
        try:
            if self.run_dialog(form):
                self.reload()
                self.select_rate(form.result_value.id)
        finally:
            form.deleteLater()

    @Slot()
    def delete_current(self) -> None:
        rate = self.current_rate()
        if rate is None:
            return
        text = _("Delete the rate of {currency} on {date} (1 {currency} = {rate} {base})?").format(
            currency=rate.currency,
            date=format_date(rate.day),
            rate=rate_text(rate.rate),
            base=rate.base,
        )
        if self.ask(self, _("Delete the rate"), text, _("Delete")):
            delete_rate(rate.id)
            self.reload()

    @Slot()
    def import_csv(self) -> int:
        imported = open_import(
            self, self.ctx, events.RATES, run_dialog=lambda d: bool(self.run_dialog(d))
        )
        self.reload()
        return imported

    @Slot()
    def retranslate(self) -> None:
        self.setWindowTitle(_("Exchange rates"))
        self.note.setText(
            _(
                "What one unit of each currency was worth in the home currency ({home}) "
                "on a day. Reports and the partner targets use the latest rate on or "
                "before a day; invoices keep their own currency."
            ).format(home=home_currency())
        )
        self.filter_label.setText(_("Currency:"))
        set_accessible_name(self.filter, _("Show the rates of"))
        self.table.setHorizontalHeaderLabels(
            [rate_label("day"), rate_label("currency"), rate_label("rate"), rate_label("base")]
        )
        set_accessible_name(self.table, _("Exchange rates"))
        self.add_button.setText(_("Add…"))
        self.edit_button.setText(_("Edit…"))
        self.delete_button.setText(_("Delete…"))
        self.import_button.setText(_("Import CSV…"))
        self.import_button.setToolTip(
            _("Columns: date, currency, rate and, optionally, the base currency")
        )
        self.reload()


def open_rates(parent: QWidget | None, ctx: DeskContext) -> None:
    """Settings → Exchange rates…"""
    dialog = RatesDialog(ctx, parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
