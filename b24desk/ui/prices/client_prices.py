"""A client's negotiated prices (Clients → Prices…): the price, the list price in
force today beside it, and the reason agreed with the vendor."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from b24desk.i18n import _, format_money
from b24desk.store import price_editing as store
from b24desk.store.lookup import client_choice
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import confirm, name_from_context
from b24desk.ui.prices.forms import ClientPriceDialog

DialogRunner = Callable[[QDialog], bool]


def _run_dialog(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


class ClientPricesDialog(QDialog):
    """List, add, change and remove one client's own prices."""

    def __init__(
        self,
        ctx: DeskContext,
        client_id: int,
        parent: QWidget | None = None,
        run_dialog: DialogRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clientPricesDialog")
        self.ctx = ctx
        self.client_id = client_id
        choice = client_choice(client_id)
        self.company = choice.company if choice else ""
        self.currency = choice.currency if choice else ""
        self.run_dialog: DialogRunner = run_dialog or _run_dialog
        self.rows: list[store.ClientPriceRow] = []
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("clientPricesTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton()
        self.add_button.setObjectName("clientPriceAdd")
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("clientPriceEdit")
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("clientPriceRemove")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 400)
        self.add_button.clicked.connect(self.add_price)
        self.edit_button.clicked.connect(self.edit_price)
        self.remove_button.clicked.connect(self.remove_price)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self.edit_price)
        self.retranslate()

    def reload(self) -> None:
        self.rows = store.client_prices(self.client_id, self.ctx.clock.today())
        self.table.setRowCount(len(self.rows))
        for n, price in enumerate(self.rows):
            texts = [
                _(price.plan_name),
                format_money(price.price, price.currency),
                format_money(price.list_price, price.currency)
                if price.list_price is not None
                else "",
                price.reason,
            ]
            for column, text in enumerate(texts):
                self.table.setItem(n, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def current(self) -> store.ClientPriceRow | None:
        n = self.table.currentRow()
        return self.rows[n] if 0 <= n < len(self.rows) else None

    @Slot()
    def _update_buttons(self) -> None:
        has = self.current() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    @Slot()
    def add_price(self) -> bool:
        dialog = ClientPriceDialog(self.client_id, self.currency, self.ctx.clock.today(),
                                   parent=self)
        if not self.run_dialog(dialog):
            return False
        self.reload()
        return True

    @Slot()
    def edit_price(self, *_args: object) -> bool:
        row = self.current()
        if row is None:
            return False
        dialog = ClientPriceDialog(self.client_id, row.currency, self.ctx.clock.today(), row,
                                   parent=self)
        if not self.run_dialog(dialog):
            return False
        self.reload()
        return True

    def ask_remove(self, name: str) -> bool:
        """Ask before removing; tests replace it."""
        return confirm(
            self,
            _("Remove the client's price"),
            _("Remove the client's own price for {plan}? The office's price applies "
              "again.").format(plan=name),
            _("Remove"),
        )

    @Slot()
    def remove_price(self) -> bool:
        row = self.current()
        if row is None or not self.ask_remove(_(row.plan_name)):
            return False
        store.remove_client_price(row.id)
        self.reload()
        return True

    def retranslate(self) -> None:
        self.setWindowTitle(_("Prices of {client}").format(client=self.company))
        self.info.setText(
            _("Prices negotiated with this client replace the office's prices on its "
              "invoices. A price below the list price needs the reason agreed with the "
              "vendor.")
        )
        self.table.setHorizontalHeaderLabels(
            [_("Plan"), _("Client's price"), _("List price today"), _("Reason")]
        )
        self.add_button.setText(_("Add…"))
        self.edit_button.setText(_("Edit…"))
        self.remove_button.setText(_("Remove…"))
        self.reload()
        name_from_context(self, self.windowTitle())

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
