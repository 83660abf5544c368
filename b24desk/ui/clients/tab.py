"""The Clients tab: the office's clients, their portals' lifecycle and history.

The table comes from :func:`b24desk.store.clients.client_listing` (sorted, searched
and filtered in SQL); the detail pane (:mod:`.detail`) shows one client's details
with its subscriptions, coupons, invoices, tickets and activity log.  Dialogs
(:mod:`.dialogs`) edit clients and add or renew subscriptions; the renewal reminder
opens the mail program with a text written in the client's document language.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QWidget

from b24desk.i18n import LANGUAGES, _, format_date, format_money
from b24desk.store import clients as store
from b24desk.store import events
from b24desk.store.clients import ClientRow
from b24desk.store.compose import sendable
from b24desk.store.reminders import reminder_subscription
from b24desk.ui import palette
from b24desk.ui.clients.common import (
    STATE_TONES,
    country_name,
    state_background,
    state_name,
    state_until_text,
)
from b24desk.ui.clients.detail import ClientDetailPane
from b24desk.ui.clients.dialogs import ClientDialog, RenewDialog, SubscriptionDialog
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import confirm
from b24desk.ui.listtab import FilterSpec, ListTab
from b24desk.ui.mail.desk import send_by_mail
from b24desk.ui.table import Column

DialogRunner = Callable[[QDialog], bool]


def _run_dialog(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


# --------------------------------------------------------------------------- table


def _state_display(row: ClientRow) -> str:
    if row.state is not None:
        return state_name(row.state)
    if row.subscription_kind == "on_premise":
        return _("On-premise")
    return ""


def _state_tooltip(row: ClientRow) -> str | None:
    return state_until_text(row.state, row.state_until)


def client_columns() -> list[Column]:
    return [
        Column("company", lambda: _("Company"), lambda r: r.company),
        Column(
            "country",
            lambda: _("Country"),
            lambda r: r.country,
            tooltip=lambda r: country_name(r.country),
        ),
        Column("plan", lambda: _("Plan"), lambda r: r.plan_name or ""),
        Column(
            "seats",
            lambda: _("Seats"),
            lambda r: "" if r.seats is None else str(r.seats),
            align_right=True,
        ),
        Column(
            "paid_until",
            lambda: _("Paid until"),
            lambda r: format_date(r.paid_until) if r.paid_until else "",
        ),
        Column(
            "state",
            lambda: _("State"),
            _state_display,
            tooltip=_state_tooltip,
            background=lambda r: state_background(r.state),
            foreground=lambda r: palette.text() if r.state in STATE_TONES else None,
            header_tooltip=lambda: _("Lifecycle of the current cloud subscription"),
        ),
        Column(
            "doc_language",
            lambda: _("Language"),
            lambda r: LANGUAGES.get(r.doc_language, r.doc_language),
            header_tooltip=lambda: _("The client's document language: invoices and reminders"),
        ),
        Column("currency", lambda: _("Currency"), lambda r: r.currency),
        Column(
            "open_tickets",
            lambda: _("Open tickets"),
            lambda r: str(r.open_tickets),
            align_right=True,
        ),
        Column(
            "amount_due",
            lambda: _("Amount due"),
            lambda r: format_money(r.amount_due, r.currency),
            align_right=True,
            header_tooltip=lambda: _("Unpaid issued invoices in the client's currency"),
        ),
    ]


def client_filters() -> list[FilterSpec]:
    return [
        FilterSpec(
            "archived",
            lambda: _("Show:"),
            lambda: [
                ("active", _("Active clients")),
                ("archived", _("Archived clients")),
                ("all", _("All clients")),
            ],
        ),
        FilterSpec(
            "state",
            lambda: _("State:"),
            lambda: [(None, _("Any state"))] + [(s, state_name(s)) for s in store.LIFECYCLE_STATES],
        ),
        FilterSpec(
            "country",
            lambda: _("Country:"),
            lambda: (
                [(None, _("All countries"))]
                + [(c, f"{country_name(c)} ({c})") for c in store.client_countries()]
            ),
        ),
    ]


# --------------------------------------------------------------------------- the tab


class ClientsTab(ListTab):
    """The Clients tab (``build_tab``): table, filters, actions and detail pane."""

    #: ``(client_id, lines)``: write an invoice (the main window opens the editor).
    invoiceRequested = Signal(int, object)
    #: ``client_id``: make a quote (the main window opens the Quotes tab's editor).
    quoteRequested = Signal(int)

    def __init__(
        self,
        ctx: DeskContext,
        run_dialog: DialogRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        detail = ClientDetailPane(ctx)
        super().__init__(
            "clients",
            ctx,
            store.client_listing(ctx.clock.today),
            client_columns(),
            entities=[
                events.CLIENTS,
                events.SUBSCRIPTIONS,
                events.TICKETS,
                events.INVOICES,
                events.COUPONS,
                events.OFFICE,
                events.PRICES,
            ],
            filters=client_filters(),
            detail=detail,
            parent=parent,
        )
        self.detail_pane = detail
        #: Shows a dialog modally and says whether it was accepted; tests replace it.
        self.run_dialog: DialogRunner = run_dialog or _run_dialog

        self.new_button = QPushButton()
        self.new_button.setObjectName("clientsNew")
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("clientsEdit")
        self.archive_button = QPushButton()
        self.archive_button.setObjectName("clientsArchive")
        self.subscription_button = QPushButton()
        self.subscription_button.setObjectName("clientsNewSubscription")
        self.renew_button = QPushButton()
        self.renew_button.setObjectName("clientsRenew")
        self.reminder_button = QPushButton()
        self.reminder_button.setObjectName("clientsReminder")
        self.invoice_button = QPushButton()
        self.invoice_button.setObjectName("clientsInvoice")
        self.quote_button = QPushButton()
        self.quote_button.setObjectName("clientsQuote")
        self.statement_button = QPushButton()
        self.statement_button.setObjectName("clientsStatement")
        self.prices_button = QPushButton()
        self.prices_button.setObjectName("clientsPrices")
        for button in (
            self.new_button,
            self.edit_button,
            self.archive_button,
            self.subscription_button,
            self.renew_button,
            self.reminder_button,
            self.invoice_button,
            self.quote_button,
            self.statement_button,
            self.prices_button,
        ):
            self.add_button(button)
        self.set_open_handler(self.edit_client)
        self.reveal_text = lambda client_id: store.get_client(client_id).company
        self._built = True
        self._connect_tab_signals()
        # ListTab starts its model unfiltered; the "archived" filter's first choice
        # ("active clients") is a value, not "all", so apply the boxes' values now.
        self._apply_filter_boxes()
        # The table has ten columns: give it more of the width than ListTab's 3:2.
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        header = self.view.horizontalHeader()
        if header.sortIndicatorSection() < 0:
            # setSortingEnabled() left the model sorted by column 0 *descending*
            # while no indicator shows (LazyTableModel.sort ignores -1): sort the
            # way it looks, by company.
            self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.retranslate()

    def _connect_tab_signals(self) -> None:
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_current)
        self.archive_button.clicked.connect(self.archive_or_restore)
        self.subscription_button.clicked.connect(self.new_subscription)
        self.renew_button.clicked.connect(self.renew_current)
        self.reminder_button.clicked.connect(self.send_reminder)
        self.invoice_button.clicked.connect(self._request_invoice)
        self.quote_button.clicked.connect(self._request_quote)
        self.statement_button.clicked.connect(self.send_statement)
        self.prices_button.clicked.connect(self.open_prices)
        self.currentChanged.connect(self._on_current_client)
        self.detail_pane.renewRequested.connect(self.renew_subscription)
        self.detail_pane.reminderRequested.connect(self._on_detail_reminder)
        self.ctx.signals.changed.connect(self._on_entities_changed)
        self.ctx.language.changed.connect(self.retranslate)

    # -- state ------------------------------------------------------------------------

    def _apply_filter_boxes(self) -> None:
        self.model.set_filters({k: box.currentData() for k, box in self.filter_boxes.items()})

    def current_row(self) -> ClientRow | None:
        index = self.view.currentIndex()
        return self.model.row_object(index.row()) if index.isValid() else None

    def _request_invoice(self) -> None:
        client_id = self.current_id()
        if client_id is not None:
            self.invoiceRequested.emit(client_id, [])

    def _request_quote(self) -> None:
        client_id = self.current_id()
        if client_id is not None:
            self.quoteRequested.emit(client_id)

    def _update_buttons(self) -> None:
        row = self.current_row()
        has = row is not None
        self.edit_button.setEnabled(has)
        self.archive_button.setEnabled(has)
        self.subscription_button.setEnabled(row is not None and not row.archived)
        self.renew_button.setEnabled(row is not None and row.subscription_id is not None)
        self.reminder_button.setEnabled(row is not None and row.paid_until is not None)
        self.invoice_button.setEnabled(row is not None and not row.archived)
        self.quote_button.setEnabled(row is not None and not row.archived)
        self.statement_button.setEnabled(has)
        if hasattr(self, "prices_button"):
            self.prices_button.setEnabled(has)
        archived = row is not None and row.archived
        self.archive_button.setText(_("Restore") if archived else _("Archive…"))
        self.archive_button.setToolTip(
            _("Bring the client back to the everyday lists")
            if archived
            else _("Hide the client from the everyday lists; its history stays")
        )

    @Slot(object)
    def _on_current_client(self, client_id: int | None) -> None:
        self.detail_pane.show_client(client_id)
        self._update_buttons()

    @Slot(str)
    def _on_entities_changed(self, entity: str) -> None:
        if entity in self.entities:
            self._fill_filters()  # a new country may have appeared
            self._apply_filter_boxes()

    def retranslate(self) -> None:
        super().retranslate()
        if not getattr(self, "_built", False):
            return  # called by ListTab.__init__ before the buttons exist
        self.new_button.setText(_("New client…"))
        self.new_button.setToolTip(_("Add a client (Ctrl+N)"))
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(_("Edit the chosen client (Enter)"))
        self.subscription_button.setText(_("New subscription…"))
        self.subscription_button.setToolTip(_("Add a cloud plan or an on-premise license"))
        self.renew_button.setText(_("Renew…"))
        self.renew_button.setToolTip(_("Renew the client's current subscription"))
        self.reminder_button.setText(_("Renewal reminder…"))
        if hasattr(self, "invoice_button"):
            self.invoice_button.setText(_("Invoice…"))
            self.invoice_button.setToolTip(_("Write an invoice for this client"))
            self.quote_button.setText(_("Quote…"))
            self.quote_button.setToolTip(_("Make a quote for this client"))
            self.statement_button.setText(_("Statement…"))
            self.statement_button.setToolTip(
                _("E-mail the client a statement of account: open invoices, payments, balance")
            )
            self.prices_button.setText(_("Prices…"))
            self.prices_button.setToolTip(_("Prices negotiated with this client, with why"))
        self.reminder_button.setToolTip(
            _("Write a renewal reminder e-mail in the client's document language")
        )
        self._update_buttons()
        self.detail_pane.retranslate()

    # -- actions ----------------------------------------------------------------------

    def _select_after_save(self, client_id: int) -> None:
        if self.model.rowCount():
            self.model.row_object(0)
        self.select_id(client_id)

    @Slot()
    def new_record(self) -> None:
        dialog = ClientDialog(self)
        if self.run_dialog(dialog):
            self._select_after_save(dialog.result_value.id)

    @Slot()
    def edit_current(self) -> None:
        client_id = self.current_id()
        if client_id is not None:
            self.edit_client(client_id)

    def edit_client(self, client_id: int) -> None:
        dialog = ClientDialog(self, client_id=client_id)
        if self.run_dialog(dialog):
            self._select_after_save(client_id)

    @Slot()
    def archive_or_restore(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if row.archived:
            store.restore_client(row.id)
            return
        if confirm(
            self,
            _("Archive client"),
            _(
                "Archive {company}? The client disappears from the everyday lists; its "
                "subscriptions, invoices and tickets stay, and it can be restored."
            ).format(company=row.company),
            _("Archive"),
        ):
            store.archive_client(row.id)

    @Slot()
    def new_subscription(self) -> None:
        client_id = self.current_id()
        if client_id is None:
            return
        dialog = SubscriptionDialog(client_id, self.ctx.clock.today(), self)
        if self.run_dialog(dialog):
            self._select_after_save(client_id)

    @Slot()
    def renew_current(self) -> None:
        row = self.current_row()
        if row is not None and row.subscription_id is not None:
            self.renew_subscription(row.subscription_id)

    @Slot(int)
    def renew_subscription(self, subscription_id: int) -> None:
        keep = self.current_id()
        dialog = RenewDialog(subscription_id, self.ctx.clock.today(), self)
        if self.run_dialog(dialog) and keep is not None:
            self._select_after_save(keep)

    @Slot()
    def send_reminder(self) -> None:
        client_id = self.current_id()
        if client_id is not None:
            self.reminder(client_id)

    @Slot(int)
    def _on_detail_reminder(self, subscription_id: int) -> None:
        if self.detail_pane.client_id is not None:
            self.reminder(self.detail_pane.client_id, subscription_id)

    @Slot()
    def send_statement(self) -> int | None:
        """The client's statement of account (PDF attached), previewed, then queued."""
        client_id = self.current_id()
        if client_id is None:
            return None
        return send_by_mail(
            self, "statement", "client", client_id, self.ctx.clock.today(), self.run_dialog
        )

    def open_prices(self) -> bool:
        """The client's own prices (Prices…)."""
        from b24desk.ui.prices.client_prices import ClientPricesDialog

        client_id = self.current_id()
        if client_id is None:
            return False
        return self.run_dialog(ClientPricesDialog(self.ctx, client_id, self))

    def reminder(self, client_id: int, subscription_id: int | None = None) -> int | None:
        """A renewal reminder in the client's language, shown for editing, then queued
        in the outbox; the queued message's id (``None``: nothing queued)."""
        today = self.ctx.clock.today()
        if subscription_id is None:
            subscription_id = reminder_subscription(client_id)
        kinds = sendable("subscription", subscription_id, today) if subscription_id else []
        if subscription_id is None or not kinds:
            QMessageBox.information(
                self,
                _("Renewal reminder"),
                _("This client has no paid subscription to renew."),
            )
            return None
        return send_by_mail(
            self, kinds[0], "subscription", subscription_id, today, self.run_dialog
        )


def build_tab(ctx: DeskContext) -> ClientsTab:
    """The Clients tab for the main window."""
    return ClientsTab(ctx)
