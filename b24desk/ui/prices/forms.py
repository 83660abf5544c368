"""The small forms of the price list: a price from a date, a new plan, a client's
price.  Each checks through the store (the domain's rules), shows the errors beside
their fields, and loses nothing typed."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from b24desk.i18n import _, format_decimal
from b24desk.store import price_editing as store
from b24desk.store.lookup import price_choices
from b24desk.ui.dates import date_field, qdate, to_date
from b24desk.ui.forms import FormDialog


def _amount(value: Any) -> str:
    return "" if value is None else format_decimal(value)


class PriceEditDialog(FormDialog):
    """Set a plan's prices in one currency from a date on (today by default)."""

    def __init__(
        self, row: store.PriceListRow, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("priceEditDialog")
        self.row = row
        self.today = today
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.form.addRow(self.heading)
        self.list_price = QLineEdit(_amount(row.list_price))
        self.partner_cost = QLineEdit(_amount(row.partner_cost))
        self.resale_price = QLineEdit(_amount(row.resale_price))
        self.valid_from = date_field(max(today, row.valid_from))
        self.valid_from.setMinimumDate(qdate(today))
        self.add_field("list_price", lambda: _("List price (minimal end-user price):"),
                       self.list_price)
        self.add_field("partner_cost", lambda: _("Partner cost (empty: from the discount):"),
                       self.partner_cost)
        self.add_field("resale_price", lambda: _("Resale price (empty: the list price):"),
                       self.resale_price)
        self.add_field("valid_from", lambda: _("Valid from:"), self.valid_from)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Change a price"))
        self.heading.setText(
            _("{plan}, {currency}: a new price from the date below; earlier documents "
              "keep the price of their day.").format(plan=_(self.row.name),
                                                     currency=self.row.currency)
        )

    def save(self) -> Any:
        day = to_date(self.valid_from.date())
        same_row = day == self.row.valid_from
        return store.set_price(
            self.row.plan_id,
            self.row.currency,
            self.list_price.text(),
            self.partner_cost.text(),
            self.resale_price.text(),
            day,
            self.today,
            expected=self.row.stamp if same_row else None,
        )


class PlanDialog(FormDialog):
    """A new entry of the price list, with its first price."""

    def __init__(self, today: date, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planDialog")
        self.today = today
        self.code = QLineEdit()
        self.name = QLineEdit()
        self.kind = QComboBox()
        for code, title in store.plan_options():
            self.kind.addItem(title, code)
        self.seats = QSpinBox()
        self.seats.setRange(0, 1_000_000)
        self.seats.setSpecialValueText(_("unlimited"))
        self.storage = QSpinBox()
        self.storage.setRange(0, 1_000_000)
        self.currency = QLineEdit(currency)
        self.list_price = QLineEdit()
        self.add_field("code", lambda: _("Code:"), self.code)
        self.add_field("name", lambda: _("Name:"), self.name)
        self.add_field("kind", lambda: _("Kind:"), self.kind)
        self.add_field("seats", lambda: _("Seats:"), self.seats)
        self.add_field("storage_gb", lambda: _("Storage (GB):"), self.storage)
        self.add_field("currency", lambda: _("Currency:"), self.currency)
        self.add_field("list_price", lambda: _("List price:"), self.list_price)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add to the price list"))
        self.seats.setSpecialValueText(_("unlimited"))
        for index, (code, title) in enumerate(store.plan_options()):
            if self.kind.itemData(index) == code:
                self.kind.setItemText(index, title)

    def save(self) -> Any:
        return store.add_plan(
            self.code.text(),
            self.name.text(),
            str(self.kind.currentData()),
            self.seats.value() or None,
            self.storage.value(),
            first_price=(self.currency.text(), self.list_price.text(), self.today),
        )


class ClientPriceDialog(FormDialog):
    """A client's own price for a plan, with the reason agreed with the vendor."""

    def __init__(
        self,
        client_id: int,
        currency: str,
        today: date,
        row: store.ClientPriceRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clientPriceDialog")
        self.client_id = client_id
        self.today = today
        self.plan = QComboBox()
        kinds = ("cloud", "on_premise", "option", "service")
        for choice in price_choices(currency, kinds, today):
            self.plan.addItem(_(choice.name), choice.plan_id)
        self.currency = QLineEdit(row.currency if row else currency)
        self.price = QLineEdit(_amount(row.price) if row else "")
        self.reason = QLineEdit(row.reason if row else "")
        if row is not None:
            self.plan.setCurrentIndex(max(0, self.plan.findData(row.plan_id)))
            self.plan.setEnabled(False)
            self.currency.setEnabled(False)
        self.add_field("plan", lambda: _("Plan:"), self.plan)
        self.add_field("currency", lambda: _("Currency:"), self.currency)
        self.add_field("price", lambda: _("Price:"), self.price)
        self.add_field("reason", lambda: _("Reason (needed below the list price):"),
                       self.reason)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Client's price"))

    def save(self) -> Any:
        from b24desk.domain.errors import ValidationError

        plan_id = self.plan.currentData()
        if plan_id is None:
            raise ValidationError("plan", _("Choose the plan."))
        return store.set_client_price(
            self.client_id, int(plan_id), self.currency.text(), self.price.text(),
            self.reason.text(), self.today,
        )
