"""The invoice's payment and credit-note dialogs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from b24desk.domain import pricing, vocabulary
from b24desk.domain.vocabulary import label
from b24desk.i18n import _, format_decimal
from b24desk.store import invoices as store
from b24desk.ui.context import DeskContext
from b24desk.ui.dates import date_field
from b24desk.ui.forms import FormDialog
from b24desk.ui.invoices.common import money, percent

# -- payments and credit notes --------------------------------------------------------------


class PaymentDialog(FormDialog):
    def __init__(self, ctx: DeskContext, invoice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.invoice_id = invoice_id
        self.invoice = store.get_invoice(invoice_id)
        self.currency = self.invoice.currency
        self.methods = store.payment_methods_for(invoice_id)
        self.balance_label = QLabel()
        self.form.addRow(self.balance_label)
        self.paid_on = date_field(ctx.clock.today())
        self.amount = QLineEdit(format_decimal(store.balance(self.invoice), digits=2))
        self.method = QComboBox()
        for method in self.methods:
            self.method.addItem("", method)
        self.reference = QLineEdit()
        self.add_field("paid_on", lambda: _("Paid on"), self.paid_on)
        self.add_field(
            "amount", lambda: _("Amount ({currency})").format(currency=self.currency), self.amount
        )
        self.add_field("method", lambda: _("Method"), self.method)
        self.add_field("reference", lambda: _("Reference"), self.reference)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Record a payment for {number}").format(number=self.invoice.number))
        self.balance_label.setText(
            _("Balance: {amount}").format(amount=money(store.balance(self.invoice), self.currency))
        )
        for i, method in enumerate(self.methods):
            self.method.setItemText(i, label(vocabulary.PAYMENT_METHODS, method))
        if not set(self.methods) >= pricing.PLAN_ONLY_METHODS:
            self.method.setToolTip(pricing.plan_only_method_message())

    def save(self) -> Any:
        return store.record_payment(
            self.invoice_id,
            cast("date", self.paid_on.date().toPython()),  # a QDate: a date
            self.amount.text(),
            self.method.currentData(),
            self.reference.text().strip(),
        )


class CreditNoteDialog(FormDialog):
    """A credit note for the whole invoice or for an amount of it."""

    def __init__(self, ctx: DeskContext, invoice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.invoice_id = invoice_id
        self.invoice = store.get_invoice(invoice_id)
        self.currency = self.invoice.currency
        self.scope = QComboBox()
        self.scope.addItem("", "full")
        self.scope.addItem("", "part")
        self.reason = QLineEdit()
        self.description = QLineEdit()
        self.amount = QLineEdit()
        self.tax = QLineEdit(
            format_decimal(
                max(
                    (line.tax_rate for line in store.invoice_lines(invoice_id)),
                    default=Decimal(0),
                )
                * 100
            )
        )
        self.add_field("scope", lambda: _("Credit"), self.scope)
        self.add_field("reason", lambda: _("Reason"), self.reason)
        self.add_field("line0.description", lambda: _("Description"), self.description)
        self.add_field(
            "line0.unit_price",
            lambda: _("Net amount ({currency})").format(currency=self.currency),
            self.amount,
        )
        self.add_field("line0.tax_rate", lambda: _("Tax %"), self.tax)
        self.scope.currentIndexChanged.connect(self._on_scope)
        self.retranslate()
        self._on_scope()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Credit note for {number}").format(number=self.invoice.number))
        self.scope.setItemText(0, _("The whole invoice"))
        self.scope.setItemText(1, _("Part of it"))

    @Slot()
    def _on_scope(self) -> None:
        part = self.scope.currentData() == "part"
        for key in ("line0.description", "line0.unit_price", "line0.tax_rate"):
            self.rows[key].widget.setEnabled(part)

    def save(self) -> Any:
        lines = None
        if self.scope.currentData() == "part":
            lines = [
                store.LineInput(
                    description=self.description.text(),
                    unit_price=self.amount.text() or "0",
                    tax_rate=percent(self.tax.text(), "tax_rate"),
                )
            ]
        return store.credit_invoice(
            self.invoice_id, self.ctx.clock.today(), self.reason.text(), lines
        )
