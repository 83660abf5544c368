"""The detail pane of the Coupons tab: one coupon's product, state with its date,
deadlines, client, money and history, beside the table as on the other tabs."""

from __future__ import annotations

import html
from datetime import timedelta

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from b24desk.i18n import _, format_date, format_datetime, format_money, ngettext
from b24desk.store import events
from b24desk.store.coupon_detail import CouponDetail, coupon_detail
from b24desk.store.errors import NotFoundError
from b24desk.store.office import business_calendar
from b24desk.ui.context import DeskContext
from b24desk.ui.coupons.common import product_name, state_name, term_text

#: The pane's fields, in the order shown.
FIELDS = (
    "product",
    "plan",
    "state",
    "purchased",
    "deadline",
    "client",
    "list_price",
    "price",
    "partner_cost",
    "bonus_used",
    "margin",
    "order_ref",
    "note",
)


def state_text(detail: CouponDetail) -> str:
    """The state with the day it began: activated on, assigned on, expired since…"""
    row = detail.row
    state = state_name(row.state)
    if row.state == "activated" and row.activated_on is not None:
        day = row.activated_on
    elif row.state == "assigned" and detail.assigned_on is not None:
        day = detail.assigned_on
    elif row.state == "expired":
        day = row.deadline + timedelta(days=1)  # the deadline is the last day to activate
    elif row.state == "in_stock":
        day = row.purchased_on
    else:  # void: the day is not recorded (the reason is in the note)
        return state
    if row.state in ("expired", "in_stock"):
        return _("{state} since {date}").format(state=state, date=format_date(day))
    return _("{state} on {date}").format(state=state, date=format_date(day))


def deadline_text(detail: CouponDetail) -> str:
    row = detail.row
    if row.state in ("activated", "void"):
        return "—"
    text = format_date(row.deadline)
    if row.auto_activation_on is not None:
        text += "\n" + _("Not activated by then, the key activates itself on {date}").format(
            date=format_date(row.auto_activation_on)
        )
    return text


class CouponDetailPane(QWidget):
    """One coupon, read-only; the tab's buttons act on it."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("couponDetail")
        self.ctx = ctx
        self.coupon_id: int | None = None
        self.detail: CouponDetail | None = None

        self.stack = QStackedWidget()
        self.empty_label = QLabel()
        self.empty_label.setObjectName("couponDetailEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.page)
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.title = QLabel()
        self.title.setObjectName("couponTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        # Two label/value columns: the pane sits below the table, wide and low.
        self.form = QGridLayout()
        self.form.setHorizontalSpacing(8)
        self.form.setVerticalSpacing(2)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        half = (len(FIELDS) + 1) // 2
        for i, name in enumerate(FIELDS):
            label, value = QLabel(), QLabel()
            value.setObjectName(f"couponInfo_{name}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setBuddy(value)
            row, col = i % half, i // half
            self.form.addWidget(label, row, col * 2, Qt.AlignmentFlag.AlignTop)
            self.form.addWidget(value, row, col * 2 + 1, Qt.AlignmentFlag.AlignTop)
            self.labels[name], self.values[name] = label, value
        self.form.setColumnStretch(1, 1)
        self.form.setColumnStretch(3, 1)
        self.history_heading = QLabel()
        font = self.history_heading.font()
        font.setBold(True)
        self.history_heading.setFont(font)
        self.history = QLabel()
        self.history.setObjectName("couponHistory")
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop)
        page = QVBoxLayout(self.page)
        page.setContentsMargins(4, 0, 4, 0)
        page.addWidget(self.title)
        page.addLayout(self.form)
        page.addSpacing(6)
        page.addWidget(self.history_heading)
        page.addWidget(self.history)
        page.addStretch(1)

        self.ctx.signals.changed.connect(self._on_data_changed)
        self.ctx.language.changed.connect(self.retranslate)
        self.retranslate()
        self.stack.setCurrentWidget(self.empty_label)

    @Slot()
    def retranslate(self) -> None:
        self.empty_label.setText(
            _("Choose a coupon to see its details: its deadlines, client, margin and history.")
        )
        names = {
            "product": _("Product:"),
            "plan": _("Plan:"),
            "state": _("State:"),
            "purchased": _("Purchased:"),
            "deadline": _("Activate by:"),
            "client": _("Client:"),
            "list_price": _("List price:"),
            "price": _("Price to the client:"),
            "partner_cost": _("Partner cost:"),
            "bonus_used": _("Bonus used:"),
            "margin": _("Margin:"),
            "order_ref": _("Order:"),
            "note": _("Note:"),
        }
        for name, text in names.items():
            self.labels[name].setText(text)
        self.values["margin"].setToolTip(_("The price to the client less the partner cost"))
        self.history_heading.setText(_("History"))
        self._show()

    def show_coupon(self, coupon_id: int | None) -> None:
        """Show ``coupon_id``; None shows the hint of what to do."""
        self.coupon_id = coupon_id
        self.reload()

    def reload(self) -> None:
        self.detail = None
        if self.coupon_id is not None:
            try:
                self.detail = coupon_detail(self.coupon_id, self.ctx.clock.today())
            except NotFoundError:
                self.coupon_id = None
        self._show()

    @Slot(str)
    def _on_data_changed(self, entity: str) -> None:
        if entity in (events.COUPONS, events.CLIENTS) and self.coupon_id is not None:
            self.reload()

    def _show(self) -> None:
        detail = self.detail
        if detail is None:
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        row = detail.row
        money = row.currency
        self.title.setText(row.code)
        price = format_money(detail.price, money)
        if row.resale_price is not None and detail.resale_reason:
            price = _("{price} ({reason})").format(price=price, reason=detail.resale_reason)
        plan = row.plan_name or "—"
        if row.seats:
            plan = ngettext("{plan}, {count} user", "{plan}, {count} users", row.seats).format(
                plan=plan, count=row.seats
            )
        values = {
            "product": product_name(row.product),
            "plan": _("{plan} · {term}").format(plan=plan, term=term_text(row.term_months)),
            "state": state_text(detail),
            "purchased": format_date(row.purchased_on),
            "deadline": deadline_text(detail),
            "client": row.client_company or _("in stock"),
            "list_price": format_money(row.list_price, money),
            "price": price,
            "partner_cost": format_money(row.partner_cost, money),
            "bonus_used": format_money(row.bonus_used, money) if row.bonus_used else "—",
            "margin": format_money(detail.margin, money),
            "order_ref": row.order_ref or "—",
            "note": row.note or "—",
        }
        for name, text in values.items():
            self.values[name].setText(text)
        self.history.setText(self._history_html(detail))

    def _history_html(self, detail: CouponDetail) -> str:
        if not detail.history:
            return html.escape(_("Nothing recorded yet for this coupon."))
        tz = business_calendar().tz
        return "<br>".join(
            f"{html.escape(format_datetime(event.at, tzinfo=tz))} — {html.escape(event.message)}"
            for event in detail.history
        )
