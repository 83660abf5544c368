"""The Clients tab's detail pane: one client's details, with its subscriptions,
coupons, invoices, tickets and activity log."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from b24desk.domain import vocabulary
from b24desk.domain.vocabulary import label
from b24desk.i18n import LANGUAGES, _, format_date, format_datetime, format_money, ngettext
from b24desk.store import clients as store
from b24desk.store import outbox
from b24desk.store.errors import NotFoundError
from b24desk.store.office import business_calendar
from b24desk.ui import palette
from b24desk.ui.clients.common import country_name, state_background, state_name, state_until_text
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import WARNING_STYLE
from b24desk.ui.mail import common as mail_common


def reminder_text(stage: int | None) -> str:
    if stage is None:
        return ""
    if stage == 0:
        return _("Last-day reminder due")
    return ngettext("{days}-day reminder due", "{days}-day reminder due", stage).format(days=stage)


def _state_until_text(sub: dict[str, Any]) -> str:
    return state_until_text(sub["state"], sub["state_until"]) or ""


def _table(object_name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(object_name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def _fill_table(
    table: QTableWidget,
    headers: list[str],
    rows: list[list[str]],
    ids: list[int] | None = None,
    backgrounds: dict[tuple[int, int], QColor] | None = None,
    right: tuple[int, ...] = (),
    tooltips: dict[tuple[int, int], str] | None = None,
) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            if ids is not None:
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            if backgrounds and (r, c) in backgrounds:
                item.setBackground(QBrush(backgrounds[(r, c)]))
                item.setForeground(QBrush(palette.text()))
            if tooltips and tooltips.get((r, c)):
                item.setToolTip(tooltips[(r, c)])
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


class ClientDetailPane(QWidget):
    """One client's details, with tabs for its history."""

    renewRequested = Signal(int)
    reminderRequested = Signal(int)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientDetail")
        self.ctx = ctx
        self.client_id: int | None = None
        self.detail: store.ClientDetail | None = None

        self.stack = QStackedWidget()
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.empty)

        content = QWidget()
        self.title = QLabel()
        self.title.setObjectName("clientTitle")
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        self.warning = QLabel()
        self.warning.setObjectName("clientDomainWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()

        info = QWidget()
        self.info_form = QFormLayout(info)
        self.info_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.info_keys = (
            "contact_person", "email", "phone", "country", "address", "tax_id", "portal_url",
            "doc_language", "currency", "flags", "support", "notes",
        )  # fmt: skip
        self.info_labels: dict[str, QLabel] = {}
        self.info_values: dict[str, QLabel] = {}
        for key in self.info_keys:
            label, value = QLabel(), QLabel()
            value.setObjectName(f"detail_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.info_labels[key], self.info_values[key] = label, value
            self.info_form.addRow(label, value)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(info)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("clientHistory")
        self.subscriptions = _table("clientSubscriptions")
        self.renew_button = QPushButton()
        self.renew_button.setObjectName("detailRenew")
        self.reminder_button = QPushButton()
        self.reminder_button.setObjectName("detailReminder")
        subs_page = QWidget()
        subs_box = QVBoxLayout(subs_page)
        subs_box.setContentsMargins(0, 0, 0, 0)
        subs_box.addWidget(self.subscriptions, 1)
        subs_buttons = QHBoxLayout()
        subs_buttons.addStretch(1)
        subs_buttons.addWidget(self.renew_button)
        subs_buttons.addWidget(self.reminder_button)
        subs_box.addLayout(subs_buttons)
        self.coupons = _table("clientCoupons")
        self.invoices = _table("clientInvoices")
        self.tickets = _table("clientTickets")
        self.activity = _table("clientActivity")
        self.messages = _table("clientMessages")
        pages = (subs_page, self.coupons, self.invoices, self.tickets, self.activity, self.messages)
        for page in pages:
            self.tabs.addTab(page, "")

        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(scroll)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        box = QVBoxLayout(content)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self.warning)
        box.addWidget(split, 1)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._connect_signals()
        self.retranslate()

    def _connect_signals(self) -> None:
        self.renew_button.clicked.connect(self._on_renew)
        self.reminder_button.clicked.connect(self._on_reminder)
        self.subscriptions.itemSelectionChanged.connect(self._update_buttons)
        self.subscriptions.itemDoubleClicked.connect(self._on_renew)
        self.ctx.language.changed.connect(self.retranslate)
        self.ctx.signals.changed.connect(self._on_data_changed)

    @Slot(str)
    def _on_data_changed(self, entity: str) -> None:
        if entity == outbox.OUTBOX and self.client_id is not None:
            self._render_messages()

    def selected_subscription(self) -> dict[str, Any] | None:
        if self.detail is None:
            return None
        row = self.subscriptions.currentRow()
        if not 0 <= row < len(self.detail.subscriptions):
            return None
        return self.detail.subscriptions[row]

    @Slot()
    def _update_buttons(self) -> None:
        sub = self.selected_subscription()
        self.renew_button.setEnabled(sub is not None and not sub["archived"])
        self.reminder_button.setEnabled(
            sub is not None and sub["paid_until"] is not None and not sub["archived"]
        )

    @Slot()
    def _on_renew(self, *_args: object) -> None:
        sub = self.selected_subscription()
        if sub is not None and not sub["archived"]:
            self.renewRequested.emit(sub["id"])

    @Slot()
    def _on_reminder(self) -> None:
        sub = self.selected_subscription()
        if sub is not None and sub["paid_until"] is not None:
            self.reminderRequested.emit(sub["id"])

    def show_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self.detail = None
        if client_id is not None:
            try:
                self.detail = store.client_detail(client_id, today=self.ctx.clock.today())
            except NotFoundError:
                self.detail = None
        self._render()

    def _render(self) -> None:
        detail = self.detail
        if detail is None:
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        c = detail.client
        title = c.company + (" " + _("(archived)") if c.archived else "")
        self.title.setText(title)
        warning = store.office_domain_warning(c.email)
        self.warning.setText(warning or "")
        self.warning.setVisible(bool(warning))
        flags = [
            text
            for on, text in (
                (c.non_profit, _("Non-profit")),
                (c.affiliated, _("Affiliated / own entity")),
                (c.new_client, _("New client")),
            )
            if on
        ]
        if c.linked_via != "none":
            flags.append(label(vocabulary.LINKED_VIA, c.linked_via))
        support = (_("Commercial") if c.support_commercial else _("Non-commercial")) + ", "
        support += label(vocabulary.HOSTINGS, c.hosting)
        values = {
            "contact_person": c.contact_person,
            "email": c.email,
            "phone": c.phone,
            "country": f"{country_name(c.country)} ({c.country})",
            "address": c.address,
            "tax_id": c.tax_id,
            "portal_url": c.portal_url,
            "doc_language": LANGUAGES.get(c.doc_language, c.doc_language),
            "currency": c.currency,
            "flags": ", ".join(flags),
            "support": support,
            "notes": c.notes,
        }
        for key, value in values.items():
            self.info_values[key].setText(value or "\u2014")
        self._render_history(detail)

    def _render_history(self, detail: store.ClientDetail) -> None:
        def d(value: date | None) -> str:
            return format_date(value) if value else ""

        subs = detail.subscriptions
        colours = {
            (r, 1): colour
            for r, s in enumerate(subs)
            if (colour := state_background(s["state"])) is not None  # a state with a tone
        }
        kinds = {"cloud": _("cloud"), "on_premise": _("on-premise")}
        _fill_table(
            self.subscriptions,
            [
                _("Plan"), _("State"), _("Paid until"), _("Reminder"), _("Seats"), _("Term"),
                _("Portal"),
            ],
            [
                [
                    s["plan"] + (" (" + _("archived") + ")" if s["archived"] else ""),
                    state_name(s["state"]),
                    d(s["paid_until"]),
                    reminder_text(s["reminder"]),
                    str(s["seats"]),
                    ngettext("{n} month", "{n} months", s["term_months"]).format(
                        n=s["term_months"]
                    ),
                    s["portal_url"] or kinds.get(s["kind"], s["kind"]),
                ]
                for s in subs
            ],
            ids=[s["id"] for s in subs],
            backgrounds=colours,
            tooltips={(r, 1): _state_until_text(s) for r, s in enumerate(subs) if s["state"]},
            right=(4,),
        )  # fmt: skip
        if subs:
            self.subscriptions.selectRow(0)
        self._update_buttons()
        _fill_table(
            self.coupons,
            [_("Code"), _("Plan"), _("State"), _("Purchased"), _("Activated")],
            [
                [
                    c["code"],
                    c["plan"],
                    label(vocabulary.COUPON_STATES, c["state"]),
                    d(c["purchased_on"]),
                    d(c["activated_on"]),
                ]
                for c in detail.coupons
            ],
        )
        _fill_table(
            self.invoices,
            [_("Number"), _("State"), _("Issued"), _("Due date"), _("Total"), _("Due")],
            [
                [
                    i["number"] or (_("Credit note") if i["kind"] == "credit_note" else _("Draft")),
                    label(vocabulary.INVOICE_STATES, i["state"]),
                    d(i["issue_date"]),
                    d(i["due_date"]),
                    format_money(i["total"], i["currency"]),
                    format_money(i["due"], i["currency"]) if i["due"] else "",
                ]
                for i in detail.invoices
            ],
            right=(4, 5),
        )
        office_tz = business_calendar().tz  # as the ticket's own pane shows its times
        _fill_table(
            self.tickets,
            [_("Ticket"), _("Subject"), _("Status"), _("Created")],
            [
                [
                    t["tid"],
                    t["subject"],
                    label(vocabulary.TICKET_STATUSES, t["status"]),
                    format_datetime(t["created_at"], tzinfo=office_tz),
                ]
                for t in detail.tickets
            ],
        )
        _fill_table(
            self.activity,
            [_("When"), _("What")],
            [[format_datetime(a["at"], tzinfo=office_tz), a["message"]] for a in detail.activity],
        )
        counts = (
            len(subs),
            len(detail.coupons),
            len(detail.invoices),
            sum(1 for t in detail.tickets if t["open"]),
            len(detail.activity),
        )
        self._retitle_tabs(counts)
        self._render_messages()

    def _render_messages(self) -> None:
        """The messages to the client, newest first: when queued, subject, what became
        of it ("Sent to ana@… on 3 Dec 2026, 10:14", "Queued", "Failed: …")."""
        rows = outbox.messages_about("", client_id=self.client_id) if self.client_id else []
        office_tz = business_calendar().tz
        _fill_table(
            self.messages,
            [_("Queued"), _("Subject"), _("What happened")],
            [
                [format_datetime(m.created_at, tzinfo=office_tz), m.subject,
                 mail_common.history_line(m, office_tz)]
                for m in rows
            ],
            ids=[m.id for m in rows],
            backgrounds={
                (r, 2): colour
                for r, m in enumerate(rows)
                if (colour := mail_common.state_background(m.state)) is not None
            },
            tooltips={(r, 2): m.last_error for r, m in enumerate(rows) if m.last_error},
        )  # fmt: skip
        title = _("E-mails")
        self.messages.setAccessibleName(title)
        self.tabs.setTabText(5, f"{title} ({len(rows)})" if rows else title)

    def _retitle_tabs(self, counts: tuple[int, ...] | None = None) -> None:
        titles = [
            _("Subscriptions"), _("Coupons"), _("Invoices"), _("Tickets"), _("Activity"),
            _("E-mails"),
        ]  # fmt: skip
        tables = (
            self.subscriptions, self.coupons, self.invoices, self.tickets, self.activity,
            self.messages,
        )  # fmt: skip
        for i, title in enumerate(titles):
            tables[i].setAccessibleName(title)  # a screen reader's name, without the count
            if counts is not None and i < 4 and counts[i]:
                if i == 3:
                    title = _("{title} ({count} open)").format(title=title, count=counts[i])
                else:
                    title = f"{title} ({counts[i]})"
            self.tabs.setTabText(i, title)

    @Slot()
    def retranslate(self) -> None:
        self.empty.setText(_("Choose a client to see its details and history."))
        names = {
            "contact_person": _("Contact"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "country": _("Country"),
            "address": _("Address"),
            "tax_id": _("Tax id"),
            "portal_url": _("Portal"),
            "doc_language": _("Document language"),
            "currency": _("Currency"),
            "flags": _("Flags"),
            "support": _("Support"),
            "notes": _("Notes"),
        }
        for key, widget in self.info_labels.items():
            widget.setText(names[key])
        self.renew_button.setText(_("Renew…"))
        self.renew_button.setToolTip(_("Renew the chosen subscription"))
        self.reminder_button.setText(_("Renewal reminder…"))
        if hasattr(self, "invoice_button"):
            self.invoice_button.setText(_("Invoice…"))
            self.invoice_button.setToolTip(_("Write an invoice for this client"))
        self.reminder_button.setToolTip(
            _("Write a renewal reminder e-mail in the client's language")
        )
        self._retitle_tabs()
        self._render()
