"""The Tickets tab: the support queue with its SLA clock beside the ticket's detail.

The queue (a :class:`~b24desk.ui.listtab.ListTab`) lists open tickets high urgency
first, then by due time; the SLA column is coloured by the state of the response
clock at the desk clock's "now" (on track green, due soon amber, overdue red,
answered, paused and done plain) and refreshed every minute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout, QWidget

from b24desk.i18n import _, format_decimal, ngettext
from b24desk.store import events
from b24desk.store import tickets as store
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.listtab import FilterSpec, ListTab
from b24desk.ui.table import Column, LazyTableModel
from b24desk.ui.tickets import common
from b24desk.ui.tickets.common import HIGH_URGENCY_TONE, SLA_TONES, sla_background, when
from b24desk.ui.tickets.detail import TicketDetail
from b24desk.ui.tickets.dialogs import TicketDialog

if TYPE_CHECKING:  # a type only: widgets call store functions
    from b24desk.store.tickets import Ticket

CLOCK_REFRESH_MS = 60_000


def _sla_tooltip(row: store.TicketRow) -> str:
    state = row.sla_state
    if state == "on_track":
        return _("Answer by {target} (target); maximum {due}.").format(
            target=when(row.target_at), due=when(row.due_at)
        )
    if state == "due_soon":
        return _("Past the target response time; the maximum is {due}.").format(
            due=when(row.due_at)
        )
    if state == "overdue":
        return _("Past the maximum response time ({due}).").format(due=when(row.due_at))
    if state == "paused":
        return _("The clock is paused while the ticket waits for the client.")
    if state == "answered":
        return _("The office has answered: the clock is stopped.")
    return _("Resolved or closed.")


def ticket_columns() -> list[Column]:
    """The queue's columns; every key is a sort key of the ticket listing."""
    return [
        Column("tid", lambda: _("TID"), lambda r: r.tid),
        Column("client", lambda: _("Client"), lambda r: r.company, tooltip=lambda r: r.company),
        Column("subject", lambda: _("Subject"), lambda r: r.subject, tooltip=lambda r: r.subject),
        Column(
            "urgency",
            lambda: _("Urgency"),
            lambda r: store.urgency_label(r.urgency) if r.urgency == "high" else "",
            background=lambda r: (
                palette.background(HIGH_URGENCY_TONE) if r.urgency == "high" else None
            ),
            foreground=lambda r: palette.text() if r.urgency == "high" else None,
        ),
        Column("level", lambda: _("SLA level"), lambda r: store.level_label(r.sla_level)),
        Column("status", lambda: _("Status"), lambda r: store.status_label(r.status)),
        Column("assignee", lambda: _("Assignee"), lambda r: r.assignee),
        Column(
            "target",
            lambda: _("Target"),
            lambda r: when(r.target_at),
            header_tooltip=lambda: _("Target response time (office time zone)"),
        ),
        Column(
            "due",
            lambda: _("Due"),
            lambda r: when(r.due_at),
            header_tooltip=lambda: _("Maximum response time (office time zone)"),
        ),
        Column(
            "sla",
            lambda: _("SLA"),
            lambda r: store.sla_state_label(r.sla_state),
            tooltip=_sla_tooltip,
            background=lambda r: sla_background(r.sla_state),
            foreground=lambda r: palette.text() if r.sla_state in SLA_TONES else None,
        ),
    ]


def ticket_filters() -> list[FilterSpec]:
    return [
        FilterSpec(
            "status",
            lambda: _("Status:"),
            lambda: [
                ("open", _("Open")),
                ("all", _("All statuses")),
                *[(s, store.status_label(s)) for s in store.STATUS_ORDER],
            ],
        ),
        FilterSpec(
            "urgency",
            lambda: _("Urgency:"),
            lambda: [(None, _("Any urgency")), ("high", _("High")), ("normal", _("Normal"))],
        ),
        FilterSpec(
            "sla",
            lambda: _("SLA:"),
            lambda: [
                (None, _("Any SLA state")),
                *[(s, store.sla_state_label(s)) for s in store.SLA_STATE_ORDER],
            ],
        ),
    ]


class TicketsTab(QWidget):
    """The queue of tickets beside the detail of the current one."""

    #: The number of tickets that match the search and filters.
    countChanged = Signal(int)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketsTab")
        self.ctx = ctx
        self.listing = store.ticket_listing(ctx.clock.now)
        self.detail = TicketDetail(ctx)
        self.list = ListTab(
            "tickets",
            ctx,
            self.listing,
            ticket_columns(),
            entities=[events.TICKETS, events.CLIENTS, events.OFFICE],
            filters=ticket_filters(),
            detail=self.detail,
        )
        self.list.reveal_text = lambda ticket_id: store.get_ticket(ticket_id).tid
        self.new_button = self.list.add_button(QPushButton())
        self.new_button.setObjectName("newTicketButton")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(CLOCK_REFRESH_MS)
        self._connect_signals()
        self._apply_filters()
        self.retranslate()
        self.clock_timer.start()

    def _connect_signals(self) -> None:
        self.list.countChanged.connect(self.countChanged)
        self.list.currentChanged.connect(self._on_current)
        self.list.set_open_handler(self._open)
        self.new_button.clicked.connect(self.new_record)
        self.clock_timer.timeout.connect(self.refresh_clock)
        self.ctx.language.changed.connect(self.retranslate)

    @property
    def model(self) -> LazyTableModel:
        return self.list.model

    def _apply_filters(self) -> None:
        """The filter combos' first choices ("open" tickets) apply from the start."""
        self.list.model.set_filters(
            {key: box.currentData() for key, box in self.list.filter_boxes.items()}
        )

    @Slot()
    def retranslate(self) -> None:
        self.new_button.setText(_("New ticket…"))
        self.new_button.setToolTip(_("Open a ticket for a client (Ctrl+N)"))
        self.list.retranslate()
        self.detail.retranslate()

    def focus_search(self) -> None:
        self.list.focus_search()

    def count_text(self, count: int) -> str:
        """The status bar's count of the tickets that match (as the other tabs say)."""
        return ngettext("{count} ticket", "{count} tickets", count).format(
            count=format_decimal(count)
        )

    @Slot(object)
    def _on_current(self, ticket_id: int | None) -> None:
        self.detail.show_ticket(ticket_id)

    def _open(self, ticket_id: int) -> None:
        self.detail.show_ticket(ticket_id)
        self.detail.reply_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def new_record(self) -> Ticket | None:
        """The new-ticket dialog; the new ticket is shown when saved."""
        dialog = TicketDialog(self.ctx, parent=self)
        accepted = common.run_dialog(dialog) == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return None
        ticket: Ticket = dialog.result_value
        self.detail.show_ticket(ticket.id)
        self.list.select_id(ticket.id)
        return ticket

    @Slot()
    def refresh_clock(self) -> None:
        """Re-read the visible rows so the SLA colours follow the clock."""
        self.list.model.refresh_rows()
        self.detail.refresh_clock()

    def show_record(self, ticket_id: int) -> None:
        """Show ``ticket_id`` (links from the Today tab): found by its TID in the queue."""
        self.list.show_record(ticket_id)
        self.detail.show_ticket(ticket_id)

    def select_ticket(self, ticket_id: int) -> bool:
        """Make ``ticket_id`` current in the queue (if fetched) and show it."""
        self.detail.show_ticket(ticket_id)
        return self.list.select_id(ticket_id)


def build_tab(ctx: DeskContext) -> TicketsTab:
    return TicketsTab(ctx)
