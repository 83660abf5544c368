"""Recording a coupon bought in the vendor's store (:class:`PurchaseDialog`), with its
partner cost and bonus worked out live."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.pricing import PRODUCTS as COUPON_PRODUCTS
from b24desk.domain.pricing import (
    UPDATES_RENEWAL_EARLY_RATE,
    UPDATES_RENEWAL_LATE_RATE,
    validate_bonus_portal,
)
from b24desk.domain.validation import validate_money
from b24desk.i18n import _, format_date, format_money, format_percent, ngettext
from b24desk.store import coupons as store
from b24desk.store.coupons import PlanChoice
from b24desk.store.lookup import ClientChoice
from b24desk.ui.context import DeskContext
from b24desk.ui.coupons.common import date_edit, product_name, term_text
from b24desk.ui.dates import to_date
from b24desk.ui.forms import FormDialog
from b24desk.ui.pickers import ClientPicker

if TYPE_CHECKING:  # a type only: widgets call store functions
    from b24desk.store.coupons import Coupon


class _CheckText(QLabel):
    """The wrapping text beside a text-less check box: a click on it ticks the box, as
    a click on a check box's own text does."""

    def __init__(self, box: QCheckBox) -> None:
        super().__init__()
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.box.isEnabled():
            self.box.toggle()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mouseReleaseEvent(event)


class PurchaseDialog(FormDialog):
    """Record a coupon bought in the vendor's store; shows the partner cost live."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("couponPurchaseDialog")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.ctx = ctx
        self.today = ctx.clock.today()
        self.terms = store.partner_terms()
        self.result_value: Coupon | None = None
        self._balance = Decimal(0)

        self.code = QLineEdit()
        self.product = QComboBox()
        self.plan = QComboBox()
        self.term = QComboBox()
        for months in store.TERMS:
            self.term.addItem("", months)
        self.term.setCurrentIndex(store.TERMS.index(12))
        self.seats = QSpinBox()
        self.seats.setRange(0, 1_000_000)
        self.purchased_on = date_edit(self.today)
        self.purchased_on.setMaximumDate(QDate(self.today.year, self.today.month, self.today.day))
        self.currency = QComboBox()
        for code in store.coupon_currencies():
            self.currency.addItem(code, code)
        self.list_price = QLineEdit()
        self.renewal_hint = QLabel()
        self.renewal_hint.setObjectName("couponRenewalHint")
        self.renewal_hint.setWordWrap(True)
        self.renewal_hint.hide()
        self.client = ClientPicker()
        self.new_client = QCheckBox()
        # Its text is long (Russian most): it wraps beside the box instead of widening
        # the dialog, or being cut when the dialog is narrower than it.
        self.new_client_text = _CheckText(self.new_client)
        self.new_client_text.setObjectName("newClientText")
        self.use_bonus = QCheckBox()
        self.quote_label = QLabel()
        self.quote_label.setObjectName("couponQuote")
        self.quote_label.setWordWrap(True)
        self.order_ref = QLineEdit()
        self.note = QLineEdit()

        self.add_field("code", lambda: _("Coupon code"), self.code)
        self.add_field("product", lambda: _("Product"), self.product)
        self.add_field("plan", lambda: _("Plan"), self.plan)
        self.add_field("term_months", lambda: _("Term"), self.term)
        self.add_field("seats", lambda: _("Seats"), self.seats)
        self.add_field("purchased_on", lambda: _("Purchase date"), self.purchased_on)
        self.add_field("currency", lambda: _("Currency"), self.currency)
        self.add_field("list_price", lambda: _("List price"), self.list_price)
        self.form.addRow(self.renewal_hint)
        self.add_field("client", lambda: _("Client (optional)"), self.client)
        self.add_field("new_client", lambda: "", self.new_client)
        beside = QHBoxLayout()
        beside.setContentsMargins(0, 0, 0, 0)
        beside.addWidget(self.new_client, 0, Qt.AlignmentFlag.AlignTop)
        beside.addWidget(self.new_client_text, 1)
        field = self.rows["new_client"].container.layout()
        assert isinstance(field, QVBoxLayout)
        field.insertLayout(0, beside)
        self.add_field("use_bonus", lambda: "", self.use_bonus)
        self.form.addRow(self.quote_label)
        self.add_field("order_ref", lambda: _("Order reference"), self.order_ref)
        self.add_field("note", lambda: _("Note"), self.note)

        self._fill_products()
        self._fill_plans()
        self._connect_signals()
        self.retranslate()
        self._on_plan_changed()
        self.code.setFocus()

    def _connect_signals(self) -> None:
        self.product.currentIndexChanged.connect(self._on_product_changed)
        self.plan.currentIndexChanged.connect(self._on_plan_changed)
        self.term.currentIndexChanged.connect(self._update_price)
        self.seats.valueChanged.connect(self._on_seats_changed)
        self.currency.currentIndexChanged.connect(self._on_currency_or_date_changed)
        self.purchased_on.dateChanged.connect(self._on_currency_or_date_changed)
        self.list_price.textChanged.connect(self.update_quote)
        self.client.clientChanged.connect(self._on_client_changed)
        self.new_client.toggled.connect(self.update_quote)
        self.use_bonus.toggled.connect(self.update_quote)
        self.ctx.language.changed.connect(self.retranslate)

    @Slot()
    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Record a coupon purchase"))
        self.code.setPlaceholderText(_("As printed by the vendor's store, e.g. B24-ABCD-1234"))
        for i in range(self.product.count()):
            self.product.setItemText(i, product_name(self.product.itemData(i)))
        for i, months in enumerate(store.TERMS):
            self.term.setItemText(i, term_text(months))
        self.new_client_text.setText(
            _("For a new client (never held a paid Bitrix24 subscription)")
        )
        self.new_client.setAccessibleName(self.new_client_text.text())
        self.order_ref.setPlaceholderText(_("The vendor store's order number"))
        self.client.retranslate()
        self._update_renewal_hint()
        self.update_quote()

    # -- choices -------------------------------------------------------------------

    def _fill_products(self) -> None:
        for code in COUPON_PRODUCTS:
            self.product.addItem(product_name(code), code)

    def _fill_plans(self) -> None:
        previous = self.plan_choice()
        self.plan.blockSignals(True)
        self.plan.clear()
        for choice in store.plan_choices(self.product.currentData()):
            self.plan.addItem(choice.name, choice)
        index = 0
        if previous is not None:
            for i in range(self.plan.count()):
                if self.plan.itemData(i).id == previous.id:
                    index = i
        self.plan.setCurrentIndex(index if self.plan.count() else -1)
        self.plan.blockSignals(False)

    def plan_choice(self) -> PlanChoice | None:
        data = self.plan.currentData()
        return data if isinstance(data, PlanChoice) else None

    # -- live figures ----------------------------------------------------------------

    @Slot()
    def _on_product_changed(self) -> None:
        self._fill_plans()
        self._on_plan_changed()

    @Slot()
    def _on_plan_changed(self) -> None:
        plan = self.plan_choice()
        self.seats.blockSignals(True)
        self.seats.setValue((plan.seats or 0) if plan is not None else 0)
        self.seats.blockSignals(False)
        self._update_price()
        self._update_balance()

    @Slot()
    def _on_seats_changed(self) -> None:
        if self.product.currentData() == "extra_users":
            self._update_price()

    @Slot()
    def _on_currency_or_date_changed(self) -> None:
        self._update_price()
        self._update_balance()

    def _client_id(self) -> int | None:
        choice = self.client.choice()
        return choice.id if choice is not None else None

    @Slot()
    def _update_price(self) -> None:
        plan = self.plan_choice()
        price = store.suggested_list_price(
            plan.id if plan is not None else None,
            self.product.currentData(),
            self.currency.currentData() or "",
            int(self.term.currentData()),
            self.seats.value(),
            client_id=self._client_id(),
            bought_on=to_date(self.purchased_on.date()),
        )
        # No price in this currency: leave the field empty rather than keep a
        # figure of another currency.
        self.list_price.setText(str(price) if price is not None else "")
        self._update_renewal_hint()

    def _update_renewal_hint(self) -> None:
        """For an updates renewal: which rate the price is and why (002)."""
        plan = self.plan_choice()
        if self.product.currentData() != "updates_renewal" or plan is None:
            self.renewal_hint.hide()
            return
        currency = self.currency.currentData() or ""
        client_id = self._client_id()
        suggestion = (
            store.updates_renewal_suggestion(
                client_id, plan.id, currency, to_date(self.purchased_on.date())
            )
            if client_id is not None
            else None
        )
        if client_id is None:
            text = _(
                "Choose the client whose license is renewed: the renewal costs {early} of "
                "the license within 30 days after its updates lapsed, {late} later."
            ).format(
                early=format_percent(UPDATES_RENEWAL_EARLY_RATE),
                late=format_percent(UPDATES_RENEWAL_LATE_RATE),
            )
        elif suggestion is None:
            text = _(
                "The client has no {edition} license with a known updates date (or no "
                "price in {currency}): enter the price."
            ).format(edition=plan.name, currency=currency)
        elif suggestion.days_after_lapse <= 0:
            text = _("Updates covered through {date}: {rate} of {base}.").format(
                date=format_date(suggestion.updates_until),
                rate=format_percent(suggestion.rate),
                base=format_money(suggestion.base, currency),
            )
        else:
            text = ngettext(
                "Updates lapsed after {date}; bought {count} day later: {rate} of {base} "
                "({early_rate} through {early}).",
                "Updates lapsed after {date}; bought {count} days later: {rate} of {base} "
                "({early_rate} through {early}).",
                suggestion.days_after_lapse,
            ).format(
                date=format_date(suggestion.updates_until),
                count=suggestion.days_after_lapse,
                rate=format_percent(suggestion.rate),
                base=format_money(suggestion.base, currency),
                early_rate=format_percent(UPDATES_RENEWAL_EARLY_RATE),
                early=format_date(suggestion.early_until),
            )
        self.renewal_hint.setText(text)
        self.renewal_hint.show()

    def _update_balance(self) -> None:
        currency = self.currency.currentData() or ""
        self._balance = store.bonus_balance(to_date(self.purchased_on.date()), currency)
        self.update_quote()

    @Slot(object)
    def _on_client_changed(self, choice: ClientChoice | None) -> None:
        if choice is not None:
            self.new_client.setChecked(choice.new_client)
        self.new_client.setEnabled(choice is None)
        if self.product.currentData() == "updates_renewal":
            self._update_price()  # the price follows the client's license
        self.update_quote()

    def _is_new_client(self) -> tuple[bool, bool]:
        choice = self.client.choice()
        if choice is not None:
            return choice.new_client, choice.affiliated
        return self.new_client.isChecked(), False

    def quote(self) -> store.PurchaseQuote | None:
        """The figures for what the form holds now; None while the price is invalid."""
        currency = self.currency.currentData() or ""
        plan = self.plan_choice()
        try:
            price = validate_money(self.list_price.text(), "list_price", currency or None)
        except ValidationError:
            return None
        new_client, own_use = self._is_new_client()
        return store.quote_purchase(
            price,
            currency,
            self.product.currentData(),
            self.terms,
            new_client=new_client,
            own_use=own_use,
            archived_plan=plan.archived if plan is not None else False,
            bonus_balance=self._balance,
            use_bonus=self.use_bonus.isChecked(),
        )

    @Slot()
    def update_quote(self) -> None:
        currency = self.currency.currentData() or ""
        quote = self.quote()
        allowed = quote is not None and quote.bonus_allowed and self._balance > 0
        self.use_bonus.setEnabled(allowed)
        if currency:
            self.use_bonus.setText(
                _("Use bonus (available: {amount})").format(
                    amount=format_money(self._balance, currency)
                )
            )
        if quote is not None and not quote.bonus_allowed:
            self.use_bonus.setToolTip(
                _(
                    "Bonuses pay only for new clients' cloud subscriptions and on-premise "
                    "keys, never for the office's own use."
                )
            )
        else:
            self.use_bonus.setToolTip("")
        self._show_bonus_portal_rule(quote)
        if quote is None:
            self.quote_label.setText(_("Partner cost: \u2014 (enter the list price)"))
            return
        self.quote_label.setText(
            _("Partner cost: {cost} ({discount} discount, bonus {bonus})").format(
                cost=format_money(quote.partner_cost, currency),
                discount=format_percent(quote.discount),
                bonus=format_money(quote.bonus_used, currency),
            )
        )

    def _show_bonus_portal_rule(self, quote: store.PurchaseQuote | None) -> None:
        """Beside the client, while a bonus would pay a cloud order with no client
        portal URL (001 §9/§10): the same rule the store applies when saving."""
        message = ""
        if quote is not None and quote.bonus_allowed and self.use_bonus.isChecked():
            choice = self.client.choice()
            try:
                validate_bonus_portal(
                    self.product.currentData(), choice.portal_url if choice is not None else None
                )
            except ValidationError as exc:
                message = exc.message
        row = self.rows["client"]
        if message:
            row.set_error(message, warning=True)
            self._bonus_portal_warning = message
        elif getattr(self, "_bonus_portal_warning", "") and row.message.text() == (
            self._bonus_portal_warning
        ):
            row.set_error(None)
            self._bonus_portal_warning = ""

    # -- saving ------------------------------------------------------------------------

    def save(self) -> Coupon:
        plan = self.plan_choice()
        errors: list[ValidationError] = []
        client_id = None
        try:
            client_id = self.client.checked_id()
        except ValidationError as exc:
            errors.append(exc)
        data: dict[str, Any] = {
            "code": self.code.text(),
            "product": self.product.currentData(),
            "plan": plan.id if plan is not None else None,
            "term_months": self.term.currentData(),
            "seats": self.seats.value(),
            "purchased_on": to_date(self.purchased_on.date()),
            "currency": self.currency.currentData() or "",
            "list_price": self.list_price.text(),
            "client": client_id,
            "new_client": self.new_client.isChecked(),
            "use_bonus": self.use_bonus.isChecked() and self.use_bonus.isEnabled(),
            "order_ref": self.order_ref.text(),
            "note": self.note.text(),
        }
        quote = self.quote()
        if data["use_bonus"] and quote is not None:
            # What the office agreed to pay: refused if another desk spent the bonus.
            data["expected_bonus_used"] = quote.bonus_used
        if errors:
            raise ValidationErrors(errors)
        try:
            return store.record_purchase(data, self.ctx.clock.today())
        except (ValidationError, ValidationErrors):
            self._update_balance()  # show the balance as it is now
            raise
