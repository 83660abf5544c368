"""The Coupons tab: the office's stock of activation coupons and keys.

A coupon is bought (:class:`~.purchase.PurchaseDialog`, with its partner cost and
bonus worked out live), assigned to a client (:class:`~.dialogs.AssignDialog`),
marked activated (:class:`~.dialogs.ActivateDialog`, which starts the client's
subscription) or voided.  Rows turn amber from day 5 after purchase, red once the
7 days to activate are over.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from b24desk.domain.pricing import PRODUCTS as COUPON_PRODUCTS
from b24desk.i18n import _, format_date, format_money, ngettext
from b24desk.store import coupons as store
from b24desk.store import events
from b24desk.store.coupons import CouponRow
from b24desk.ui import forms
from b24desk.ui.context import DeskContext
from b24desk.ui.coupons.common import (
    product_name,
    row_background,
    row_foreground,
    state_name,
    term_text,
)
from b24desk.ui.coupons.detail import CouponDetailPane
from b24desk.ui.coupons.dialogs import ActivateDialog, AssignDialog, VoidDialog
from b24desk.ui.coupons.purchase import PurchaseDialog
from b24desk.ui.listtab import FilterSpec, ListTab
from b24desk.ui.mail.desk import MailButton, record_options
from b24desk.ui.table import Column

if TYPE_CHECKING:  # a type only: widgets call store functions
    from b24desk.store.coupons import Coupon


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
    tint: dict[str, Any] = {"background": row_background, "foreground": row_foreground}
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


# --------------------------------------------------------------------------- the tab


class CouponsTab(ListTab):
    """The coupons table with its filters and the actions of a coupon's life."""

    #: ``(client_id, lines)``: invoice the client for a coupon (the main window opens
    #: the invoice editor).
    invoiceRequested = Signal(int, object)
    #: The table's share of the height on a first run (the detail pane below has the rest).
    TABLE_SHARE = 0.62

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        store.expire_overdue(ctx.clock.today())
        store.activate_due_onprem_keys(ctx.clock.today())
        #: The current coupon's details, beside the table.
        self.detail_pane = CouponDetailPane(ctx)
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
            detail=self.detail_pane,
            parent=parent,
        )
        # The pane goes below the table: twelve columns need the window's width.
        self.splitter.setOrientation(Qt.Orientation.Vertical)
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
        self.mail_button = MailButton(partial(record_options, "coupon"), ctx.clock.today)
        self.add_button(self.mail_button)
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
        self.currentChanged.connect(self.detail_pane.show_coupon)
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
        self.mail_button.retranslate()
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
        self.mail_button.set_record(row.id if state == "assigned" and row is not None else None)

    def _request_invoice(self) -> None:
        row = self.current_row()
        if row is None or row.client_id is None:
            return
        from b24desk.store.invoices import line_sources

        sources = line_sources(row.client_id, self.ctx.clock.today())
        lines = [s.line for s in sources if s.line.coupon_id == row.id]
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
