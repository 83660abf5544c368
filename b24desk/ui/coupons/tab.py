"""The Coupons tab: the office's stock of activation coupons and keys.

A coupon is bought (:class:`PurchaseDialog`, with its partner cost and bonus worked
out live), assigned to a client (:class:`AssignDialog`), marked activated
(:class:`ActivateDialog`, which starts the client's subscription) or voided.  Rows
turn amber from day 5 after purchase, red once the 7 days to activate are over.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from b24desk.domain import vocabulary
from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.pricing import PRODUCTS as COUPON_PRODUCTS
from b24desk.domain.pricing import (
    UPDATES_RENEWAL_EARLY_RATE,
    UPDATES_RENEWAL_LATE_RATE,
    validate_bonus_portal,
)
from b24desk.domain.validation import validate_money
from b24desk.domain.vocabulary import label
from b24desk.i18n import N_, _, format_date, format_money, format_percent, ngettext
from b24desk.store import coupons as store
from b24desk.store import events
from b24desk.store.coupons import CouponRow, PlanChoice
from b24desk.store.lookup import ClientChoice
from b24desk.ui import forms, palette
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import FormDialog
from b24desk.ui.listtab import FilterSpec, ListTab
from b24desk.ui.pickers import ClientPicker
from b24desk.ui.table import Column

if TYPE_CHECKING:  # a type only: widgets call store functions
    from b24desk.store.models import Coupon

#: The state filter's choices: the coupon states, and "attention" (a filter only).
STATE_NAMES: dict[str, str] = {**vocabulary.COUPON_STATES, "attention": N_("Needs attention")}



def product_name(code: str) -> str:
    return label(vocabulary.PRODUCTS, code)


def state_name(code: str) -> str:
    return label(STATE_NAMES, code)


def term_text(months: int) -> str:
    return ngettext("{count} month", "{count} months", months).format(count=months)


def days_left_text(row: CouponRow) -> str:
    if row.state == "expired" and row.auto_activation_on is not None:
        # An on-premise key past its 7 days still activates itself after six
        # months (002): the date matters more than "expired".
        # The date first: it stays readable when the column is narrow.  A key in
        # stock is not marked activated (there is no client's license to start).
        if row.auto_activation_on < row.today:
            return _("{date} (activated itself)").format(date=format_date(row.auto_activation_on))
        return _("{date} (activates itself)").format(date=format_date(row.auto_activation_on))
    if row.state == "expired":
        return _("expired")
    left = row.days_left
    if left is None:
        return "\u2014"
    if left == 0:
        return _("last day")
    return ngettext("{count} day left", "{count} days left", left).format(count=left)


def row_background(row: CouponRow) -> QColor | None:
    """Amber while the deadline nears (day 5–7), red once expired, grey when void."""
    tone = _row_tone(row)
    return palette.background(tone) if tone else None


def _row_tone(row: CouponRow) -> palette.Tone | None:
    if row.state == "void":
        return "muted"
    if row.state == "expired":
        return "danger"
    if row.warning:
        return "warning"
    return None


def row_foreground(row: CouponRow) -> QColor | None:
    """The palette's text colour on a tinted row, so the style's own never fights the tint."""
    return palette.text() if _row_tone(row) else None


def _row_tooltip(row: CouponRow) -> str | None:
    lines = []
    if row.order_ref:
        lines.append(_("Order: {ref}").format(ref=row.order_ref))
    if row.resale_price is not None:
        lines.append(
            _("Resale price: {price}").format(price=format_money(row.resale_price, row.currency))
        )
    if row.note:
        lines.append(row.note)
    return "\n".join(lines) or None


def _deadline_tooltip(row: CouponRow) -> str | None:
    if row.activated_on is not None:
        return _("Activated on {date}").format(date=format_date(row.activated_on))
    if row.state == "void":
        return None
    text = _("Activate by {date}").format(date=format_date(row.deadline))
    if row.auto_activation_on is not None:
        text += "\n" + _(
            "Not activated by then, the on-premise key activates itself on {date}, six "
            "months after its purchase; its year of updates starts that day."
        ).format(date=format_date(row.auto_activation_on))
    return text


def coupon_columns() -> list[Column]:
    tint = {"background": row_background, "foreground": row_foreground}
    return [
        Column("code", lambda: _("Code"), lambda r: r.code, tooltip=_row_tooltip, **tint),
        Column("product", lambda: _("Product"), lambda r: product_name(r.product), **tint),
        Column("plan", lambda: _("Plan"), lambda r: r.plan_name, **tint),
        Column("term", lambda: _("Term"), lambda r: term_text(r.term_months), **tint),
        Column("seats", lambda: _("Seats"), lambda r: str(r.seats), True, **tint),
        Column(
            "purchased",
            lambda: _("Purchased"),
            lambda r: format_date(r.purchased_on),
            **tint,
        ),
        Column(
            "days_left",
            lambda: _("Days left"),
            days_left_text,
            tooltip=_deadline_tooltip,
            **tint,
            header_tooltip=lambda: _(
                "Days left to activate: 7 days from the purchase (an on-premise key "
                "activates itself six months after its purchase)"
            ),
        ),
        Column("state", lambda: _("State"), lambda r: state_name(r.state), **tint),
        Column("client", lambda: _("Client"), lambda r: r.client_company, **tint),
        Column(
            "list_price",
            lambda: _("List price"),
            lambda r: format_money(r.list_price, r.currency),
            True,
            **tint,
        ),
        Column(
            "partner_cost",
            lambda: _("Partner cost"),
            lambda r: format_money(r.partner_cost, r.currency),
            True,
            **tint,
            header_tooltip=lambda: _("What the office paid in money, after discount and bonus"),
        ),
        Column(
            "bonus_used",
            lambda: _("Bonus used"),
            lambda r: format_money(r.bonus_used, r.currency) if r.bonus_used else "",
            True,
            **tint,
        ),
    ]


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    return edit


# --------------------------------------------------------------------------- picker


# --------------------------------------------------------------------------- dialogs


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
        self.purchased_on = _date_edit(self.today)
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
        self.new_client.setText(_("For a new client (never held a paid Bitrix24 subscription)"))
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
            bought_on=_to_date(self.purchased_on.date()),
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
                client_id, plan.id, currency, _to_date(self.purchased_on.date())
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
        self._balance = store.bonus_balance(_to_date(self.purchased_on.date()), currency)
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
            "purchased_on": _to_date(self.purchased_on.date()),
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


#: The coupon's fields compared when another desk changed it (translated when shown).
SNAPSHOT_LABELS: dict[str, str] = {
    "state": N_("State"),
    "client": N_("Client"),
    "resale_price": N_("Resale price"),
    "resale_reason": N_("Reason for a price below list"),
    "activated_on": N_("Activation date"),
    "note": N_("Note"),
}


def coupon_snapshot(coupon: Coupon) -> dict[str, Any]:
    """The coupon's changeable fields as shown to the user."""
    return {
        "state": state_name(coupon.state),
        "client": coupon.client.company if coupon.client_id is not None else "",
        "resale_price": (
            format_money(coupon.resale_price, coupon.currency)
            if coupon.resale_price is not None
            else ""
        ),
        "resale_reason": coupon.resale_reason,
        "activated_on": format_date(coupon.activated_on) if coupon.activated_on else "",
        "note": coupon.note,
    }


class _CouponDialog(FormDialog):
    """A dialog about one coupon, with a line saying which."""

    def __init__(self, ctx: DeskContext, coupon: Coupon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.coupon = coupon
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("couponSummary")
        self.form.addRow(self.summary)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)

        self.opened = coupon_snapshot(coupon)  # what another desk's save is compared with

    def _connect_language(self) -> None:
        self.ctx.language.changed.connect(self.retranslate)

    def retranslate(self) -> None:
        super().retranslate()
        c = self.coupon
        plan = c.plan.name if c.plan is not None else ""
        text = _("{code}: {product} {plan}, list price {price}").format(
            code=c.code,
            product=product_name(c.product),
            plan=plan,
            price=format_money(c.list_price, c.currency),
        )
        if c.client_id is not None:
            status = _("{state}, client {client}").format(
                state=state_name(c.state), client=c.client.company
            )
        else:
            status = state_name(c.state)
        self.summary.setText(f"{text}\n{status}")

    # -- two desks, one coupon ----------------------------------------------------------

    def intended(self) -> dict[str, Any]:
        """What this dialog would make of the coupon, keyed as :func:`coupon_snapshot`."""
        return {}

    def conflict_values(self) -> tuple[dict[str, Any], dict[str, Any], int] | None:
        saved = store.get_coupon(self.coupon.id)
        return self.opened, coupon_snapshot(saved), saved.version

    def conflict_labels(self) -> dict[str, str]:
        return {key: _(label) for key, label in SNAPSHOT_LABELS.items()}

    def form_values(self) -> dict[str, Any]:
        return {**self.opened, **self.intended()}

    def reload(self) -> None:
        self.coupon = store.get_coupon(self.coupon.id)
        self.opened = coupon_snapshot(self.coupon)
        self.retranslate()

    def take_version(self, version: int) -> None:
        self.coupon.version = version


class AssignDialog(_CouponDialog):
    """Pass a coupon in stock to a client, at a resale price (a reason if below list)."""

    def __init__(self, ctx: DeskContext, coupon: Coupon, parent: QWidget | None = None) -> None:
        super().__init__(ctx, coupon, parent)
        self.setObjectName("couponAssignDialog")
        self.client = ClientPicker()
        self.resale_price = QLineEdit()
        self.resale_reason = QLineEdit()
        self.add_field("client", lambda: _("Client"), self.client)
        self.add_field("resale_price", lambda: _("Resale price"), self.resale_price)
        self.add_field(
            "resale_reason", lambda: _("Reason for a price below list"), self.resale_reason
        )
        self._connect_language()
        self.retranslate()
        self.client.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Assign coupon {code} to a client").format(code=self.coupon.code))
        self.resale_price.setPlaceholderText(
            _("Optional; list price {price}").format(
                price=format_money(self.coupon.list_price, self.coupon.currency)
            )
        )
        self.resale_reason.setPlaceholderText(_("Required when the price is below the list price"))
        self.client.retranslate()

    def intended(self) -> dict[str, Any]:
        price = self.resale_price.text().strip()
        return {
            "state": state_name("assigned"),
            "client": self.client.text().strip(),
            "resale_price": price,
            "resale_reason": self.resale_reason.text().strip() if price else "",
        }

    def save(self) -> Coupon:
        try:
            return store.assign_coupon(
                self.coupon.id,
                self.client.checked_id() if self.client.text().strip() else None,
                self.resale_price.text().strip() or None,
                self.resale_reason.text(),
                expected_version=self.coupon.version,
                assigned_on=self.ctx.clock.today(),
            )
        except ValidationError as exc:
            if exc.field == "client" and store.get_coupon(self.coupon.id).state != "in_stock":
                # Another desk assigned it meanwhile: the summary shows to whom.
                self.reload()
            raise


class ActivateDialog(_CouponDialog):
    """Record the day the client activated the coupon."""

    def __init__(self, ctx: DeskContext, coupon: Coupon, parent: QWidget | None = None) -> None:
        super().__init__(ctx, coupon, parent)
        self.setObjectName("couponActivateDialog")
        today = ctx.clock.today()
        self.activated_on = _date_edit(today)
        bought = coupon.purchased_on
        self.activated_on.setMinimumDate(QDate(bought.year, bought.month, bought.day))
        self.activated_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.add_field("activated_on", lambda: _("Activation date"), self.activated_on)
        self._connect_language()
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Coupon {code} activated").format(code=self.coupon.code))

    def intended(self) -> dict[str, Any]:
        return {
            "state": state_name("activated"),
            "activated_on": format_date(_to_date(self.activated_on.date())),
        }

    def save(self) -> Any:
        return store.activate_coupon(
            self.coupon.id,
            _to_date(self.activated_on.date()),
            expected_version=self.coupon.version,
        )


class VoidDialog(_CouponDialog):
    """Why the coupon is cancelled (kept in its note)."""

    def __init__(self, ctx: DeskContext, coupon: Coupon, parent: QWidget | None = None) -> None:
        super().__init__(ctx, coupon, parent)
        self.setObjectName("couponVoidDialog")
        self.reason = QLineEdit()
        self.add_field("reason", lambda: _("Reason"), self.reason)
        self._connect_language()
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Void coupon {code}").format(code=self.coupon.code))

    def intended(self) -> dict[str, Any]:
        return {"state": state_name("void"), "note": self.reason.text().strip()}

    def save(self) -> Coupon:
        return store.void_coupon(
            self.coupon.id, self.reason.text(), expected_version=self.coupon.version
        )


# --------------------------------------------------------------------------- the tab


class CouponsTab(ListTab):
    """The coupons table with its filters and the actions of a coupon's life."""

    #: ``(client_id, lines)``: invoice the client for a coupon (the main window opens
    #: the invoice editor).
    invoiceRequested = Signal(int, object)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        store.expire_overdue(ctx.clock.today())
        store.activate_due_onprem_keys(ctx.clock.today())
        super().__init__(
            "coupons",
            ctx,
            store.coupon_listing(ctx.clock.today),
            coupon_columns(),
            entities=[events.COUPONS, events.CLIENTS, events.PRICES],
            filters=[
                FilterSpec("state", lambda: _("State:"), CouponsTab._state_choices),
                FilterSpec("product", lambda: _("Product:"), CouponsTab._product_choices),
            ],
            parent=parent,
        )
        self.record_button = self.add_button(QPushButton())
        self.record_button.setObjectName("couponRecord")
        self.assign_button = self.add_button(QPushButton())
        self.assign_button.setObjectName("couponAssign")
        self.activate_button = self.add_button(QPushButton())
        self.activate_button.setObjectName("couponActivate")
        self.void_button = self.add_button(QPushButton())
        self.void_button.setObjectName("couponVoid")
        self.invoice_button = self.add_button(QPushButton())
        self.invoice_button.setObjectName("couponInvoice")
        #: Runs a dialog modally (tests replace it to drive the dialog).
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self._built = True
        self.set_open_handler(self._next_step)
        self.reveal_text = lambda coupon_id: store.get_coupon(coupon_id).code
        self._connect_own_signals()
        self.retranslate()
        self._update_buttons()
        if self.view.horizontalHeader().sortIndicatorSection() < 0:
            # Newest purchases first until the user picks a column.
            keys = [c.key for c in self.model.columns]
            self.view.sortByColumn(keys.index("purchased"), Qt.SortOrder.DescendingOrder)

    def _connect_own_signals(self) -> None:
        self.record_button.clicked.connect(self.new_record)
        self.assign_button.clicked.connect(self.assign_current)
        self.activate_button.clicked.connect(self.activate_current)
        self.void_button.clicked.connect(self.void_current)
        self.invoice_button.clicked.connect(self._request_invoice)
        self.currentChanged.connect(self._update_buttons)
        self.ctx.language.changed.connect(self.retranslate)

    @staticmethod
    def _state_choices() -> list[tuple[Any, str]]:
        return [(None, _("All")), *((s, state_name(s)) for s in store.STATE_FILTERS)]

    @staticmethod
    def _product_choices() -> list[tuple[Any, str]]:
        return [(None, _("All")), *((p, product_name(p)) for p in COUPON_PRODUCTS)]

    @Slot()
    def retranslate(self) -> None:
        super().retranslate()
        if not getattr(self, "_built", False):
            return
        self.record_button.setText(_("Record purchase…"))
        self.record_button.setToolTip(_("Record a coupon bought in the vendor's store"))
        self.assign_button.setText(_("Assign to client…"))
        self.activate_button.setText(_("Mark activated…"))
        self.activate_button.setToolTip(
            _("The client activated the coupon: start the subscription")
        )
        self.void_button.setText(_("Void…"))
        self.invoice_button.setText(_("Invoice…"))
        self.invoice_button.setToolTip(_("Invoice the client for this coupon"))

    def count_text(self, count: int) -> str:
        return ngettext("{count} coupon", "{count} coupons", count).format(count=count)

    def on_shown(self) -> None:
        """Mark coupons past their 7 days expired, and on-premise keys past their six
        months activated (002) (the main window calls this)."""
        store.expire_overdue(self.ctx.clock.today())
        store.activate_due_onprem_keys(self.ctx.clock.today())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.on_shown()

    # -- actions ------------------------------------------------------------------------

    def current_row(self) -> CouponRow | None:
        index = self.view.currentIndex()
        row = self.model.row_object(index.row()) if index.isValid() else None
        return row if isinstance(row, CouponRow) else None

    @Slot(object)
    def _update_buttons(self, _current: object = None) -> None:
        row = self.current_row()
        state = row.state if row is not None else None
        self.assign_button.setEnabled(state == "in_stock")
        self.activate_button.setEnabled(
            state == "assigned"
            or (state == "expired" and row is not None and row.client_id is not None)
        )
        self.void_button.setEnabled(state in ("in_stock", "assigned", "expired"))
        self.invoice_button.setEnabled(
            state in ("assigned", "activated") and row is not None and row.client_id is not None
        )

    def _request_invoice(self) -> None:
        row = self.current_row()
        if row is None or row.client_id is None:
            return
        from b24desk.store.invoices import line_sources

        lines = [s.line for s in line_sources(row.client_id) if s.line.coupon_id == row.id]
        self.invoiceRequested.emit(row.client_id, lines)

    def _run(self, dialog: QDialog) -> Any:
        accepted = self.exec_dialog(dialog) == QDialog.DialogCode.Accepted
        value = getattr(dialog, "result_value", None) if accepted else None
        dialog.deleteLater()
        return value

    def _current_coupon(self) -> Coupon | None:
        row = self.current_row()
        return store.get_coupon(row.id) if row is not None else None

    @Slot()
    def new_record(self) -> None:
        """Record a purchase (Ctrl+N)."""
        coupon = self._run(PurchaseDialog(self.ctx, self))
        if coupon is not None:
            self.model.row_object(0)  # fetch the first page (newest first) to find it
            self.select_id(coupon.id)

    @Slot()
    def assign_current(self) -> None:
        coupon = self._current_coupon()
        if coupon is not None and coupon.state == "in_stock":
            self._run(AssignDialog(self.ctx, coupon, self))

    @Slot()
    def activate_current(self) -> None:
        coupon = self._current_coupon()
        if coupon is not None and coupon.client_id is not None:
            self._run(ActivateDialog(self.ctx, coupon, self))

    @Slot()
    def void_current(self) -> None:
        coupon = self._current_coupon()
        if coupon is None:
            return
        if not forms.confirm(
            self,
            _("Void coupon"),
            _(
                "Void coupon {code}? It stays in the list, marked void, and can no longer "
                "be assigned or activated."
            ).format(code=coupon.code),
            _("Void"),
        ):
            return
        self._run(VoidDialog(self.ctx, coupon, self))

    def _next_step(self, record_id: int) -> None:
        """Enter or double-click: the coupon's next step (assign, then activate)."""
        row = self.current_row()
        if row is None or row.id != record_id:
            return
        if row.state == "in_stock":
            self.assign_current()
        elif row.state == "assigned":
            self.activate_current()


def build_tab(ctx: DeskContext) -> CouponsTab:
    return CouponsTab(ctx)
