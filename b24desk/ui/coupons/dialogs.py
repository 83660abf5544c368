"""The dialogs about one coupon: assign it to a client, mark it activated, void it;
each shows the conflict dialog when another desk changed the coupon meanwhile."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from b24desk.domain.errors import ValidationError
from b24desk.i18n import N_, _, format_date, format_money
from b24desk.store import coupons as store
from b24desk.ui.context import DeskContext
from b24desk.ui.coupons.common import date_edit, product_name, state_name
from b24desk.ui.dates import to_date
from b24desk.ui.forms import FormDialog
from b24desk.ui.pickers import ClientPicker

if TYPE_CHECKING:  # a type only: widgets call store functions
    from b24desk.store.coupons import Coupon


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
    client = coupon.client if coupon.client_id is not None else None
    return {
        "state": state_name(coupon.state),
        "client": client.company if client is not None else "",
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
        client = c.client if c.client_id is not None else None
        if client is not None:
            status = _("{state}, client {client}").format(
                state=state_name(c.state), client=client.company
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
        self.activated_on = date_edit(today)
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
            "activated_on": format_date(to_date(self.activated_on.date())),
        }

    def save(self) -> Any:
        return store.activate_coupon(
            self.coupon.id,
            to_date(self.activated_on.date()),
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
