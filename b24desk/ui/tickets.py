"""The Tickets tab: the support queue with its SLA clock, a ticket's thread and actions.

The queue (a :class:`~b24desk.ui.listtab.ListTab`) lists open tickets high urgency
first, then by due time; the SLA column is coloured by the state of the response
clock at the desk clock's "now" (on track green, due soon amber, overdue red,
answered, paused and done plain) and refreshed every minute.  The detail pane shows
the ticket, what it still lacks (003 §4.2), its thread, a reply box and the status
actions.  Every change goes through :mod:`b24desk.store.tickets`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.sla import SLA_LEVELS, BusinessCalendar
from b24desk.i18n import _, format_datetime, format_decimal, ngettext
from b24desk.store import events, ticket_levels
from b24desk.store import tickets as store
from b24desk.store.errors import NotFoundError, StaleRecordError, StoreError
from b24desk.store.lookup import ClientChoice
from b24desk.store.office import business_calendar
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import FormDialog
from b24desk.ui.listtab import FilterSpec, ListTab
from b24desk.ui.pickers import ClientPicker
from b24desk.ui.table import Column, LazyTableModel

if TYPE_CHECKING:  # a type only: widgets call store functions
    from b24desk.store.models import Ticket

#: Background colours of the SLA state (light, so the text stays readable).
SLA_COLOURS: dict[str, str] = {
    "on_track": "#d8f0d8",
    "due_soon": "#fff0c0",
    "overdue": "#f8d0d0",
}
#: Backgrounds of the thread's entries: client, reply, internal note, description.
THREAD_COLOURS: dict[str, str] = {
    "client": "#e6eefc",
    "reply": "#e2f3e2",
    "note": "#fff3cc",
    "description": "#eeeeee",
}
#: Editions offered in the form (product names: never translated).
EDITIONS = (
    "Free",
    "Basic",
    "Standard",
    "Professional",
    "Enterprise",
    "On-premise Business",
    "On-premise Enterprise",
)
CLOCK_REFRESH_MS = 60_000


def run_dialog(dialog: QDialog) -> int:
    """Show ``dialog`` modally (tests replace this to drive the dialog themselves)."""
    return dialog.exec()


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user why an action did not happen (tests replace this)."""
    QMessageBox.warning(parent, title, text)


def _when(moment: datetime | None) -> str:
    return format_datetime(moment) if moment is not None else ""


def _sla_background(row: store.TicketRow) -> QColor | None:
    colour = SLA_COLOURS.get(row.sla_state)
    return QColor(colour) if colour else None


def _sla_tooltip(row: store.TicketRow) -> str:
    state = row.sla_state
    if state == "on_track":
        return _("Answer by {target} (target); maximum {due}.").format(
            target=_when(row.target_at), due=_when(row.due_at)
        )
    if state == "due_soon":
        return _("Past the target response time; the maximum is {due}.").format(
            due=_when(row.due_at)
        )
    if state == "overdue":
        return _("Past the maximum response time ({due}).").format(due=_when(row.due_at))
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
            background=lambda r: QColor(SLA_COLOURS["overdue"]) if r.urgency == "high" else None,
        ),
        Column("level", lambda: _("SLA level"), lambda r: store.level_label(r.sla_level)),
        Column("status", lambda: _("Status"), lambda r: store.status_label(r.status)),
        Column("assignee", lambda: _("Assignee"), lambda r: r.assignee),
        Column(
            "target",
            lambda: _("Target"),
            lambda r: _when(r.target_at),
            header_tooltip=lambda: _("Target response time (office time zone)"),
        ),
        Column(
            "due",
            lambda: _("Due"),
            lambda r: _when(r.due_at),
            header_tooltip=lambda: _("Maximum response time (office time zone)"),
        ),
        Column(
            "sla",
            lambda: _("SLA"),
            lambda r: store.sla_state_label(r.sla_state),
            tooltip=_sla_tooltip,
            background=_sla_background,
        ),
    ]


#: Default column widths in average characters (before the user resizes them).
_COLUMN_CHARS = (10, 22, 30, 8, 24, 16, 12, 16, 16, 12)


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


# --------------------------------------------------------------------------- dialogs


def _fill_combo(box: QComboBox, items: list[tuple[str, str]]) -> None:
    """(Re)fill ``box`` with (value, text), keeping the current value."""
    current = box.currentData()
    box.blockSignals(True)
    box.clear()
    for value, text in items:
        box.addItem(text, value)
    found = box.findData(current)
    box.setCurrentIndex(found if found >= 0 else 0)
    box.blockSignals(False)


class TicketDialog(FormDialog):
    """A new ticket (client picker, details, urgency, SLA level) or its details edited."""

    def __init__(
        self, ctx: DeskContext, ticket_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ticketDialog")
        self.ctx = ctx
        self.ticket: Ticket | None = store.get_ticket(ticket_id) if ticket_id else None
        self._prefilled_portal = ""

        self.client_edit = ClientPicker()
        self.subject_edit = QLineEdit()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.portal_edit = QLineEdit()
        self.version_edit = QLineEdit()
        self.edition_box = QComboBox()
        self.edition_box.setEditable(True)
        self.edition_box.addItems(list(EDITIONS))
        self.edition_box.setCurrentIndex(-1)
        self.urgency_box = QComboBox()
        self.level_box = QComboBox()
        # The level names are long (more so in Spanish and Russian): show them whole.
        self.level_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # The level worked out from the client's subscriptions (003): another one
        # needs a reason, kept with the ticket.
        self.computed_level: str | None = (
            ticket_levels.ticket_computed_level(self.ticket) if self.ticket is not None else None
        )
        self.computed_label = QLabel()
        self.computed_label.setObjectName("computedLevel")
        self.computed_label.setWordWrap(True)
        self.reason_edit = QLineEdit()

        self.add_field("client", lambda: _("Client"), self.client_edit)
        self.add_field("subject", lambda: _("Subject"), self.subject_edit)
        self.add_field(
            "description",
            lambda: _("Description and steps to reproduce"),
            self.description_edit,
        )
        self.add_field("portal_url", lambda: _("Portal URL"), self.portal_edit)
        self.add_field("product_version", lambda: _("Product version"), self.version_edit)
        self.add_field("edition", lambda: _("Edition"), self.edition_box)
        self.add_field("urgency", lambda: _("Urgency"), self.urgency_box)
        self.add_field("sla_level", lambda: _("SLA level"), self.level_box)
        self.add_field(
            "computed_level", lambda: _("Level from subscriptions"), self.computed_label
        )
        self.add_field(
            "sla_override_reason", lambda: _("Reason for another level"), self.reason_edit
        )
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)

        if self.ticket is not None:
            self._load(self.ticket)
        self._connect_signals()
        self.retranslate()
        self.opened = self.form_data()  # what another desk's save is compared with

    def conflict_values(self) -> tuple[dict[str, Any], dict[str, Any], int] | None:
        if self.ticket is None:
            return None
        saved_ticket = store.get_ticket(self.ticket.id)
        saved = {key: getattr(saved_ticket, key) for key in self.form_data()}
        return self.opened, saved, saved_ticket.version

    def form_values(self) -> dict[str, Any]:
        return self.form_data()

    def reload(self) -> None:
        if self.ticket is not None:
            self.ticket = store.get_ticket(self.ticket.id)
            self._load(self.ticket)
            self.retranslate()  # level and urgency come from the ticket there
            self.opened = self.form_data()

    def take_version(self, version: int) -> None:
        if self.ticket is not None:
            self.ticket.version = version

    def _connect_signals(self) -> None:
        self.client_edit.clientChanged.connect(self._on_client_changed)
        self.level_box.currentIndexChanged.connect(self._update_override)
        self.ctx.language.changed.connect(self.retranslate)

    def _load(self, ticket: Ticket) -> None:
        self.client_edit.set_client(ticket.client.id)
        self.client_edit.setReadOnly(True)
        self.subject_edit.setText(ticket.subject)
        self.description_edit.setPlainText(ticket.description)
        self.portal_edit.setText(ticket.portal_url)
        self.version_edit.setText(ticket.product_version)
        self.edition_box.setEditText(ticket.edition)
        self.reason_edit.setText(ticket.sla_override_reason)

    @Slot()
    def retranslate(self) -> None:
        super().retranslate()
        if self.ticket is None:
            self.setWindowTitle(_("New ticket"))
        else:
            self.setWindowTitle(_("Ticket {tid}").format(tid=self.ticket.tid))
        self.client_edit.retranslate()
        self.subject_edit.setPlaceholderText(_("What is the problem, in one line"))
        self.description_edit.setPlaceholderText(
            _("What happens, what should happen, and the steps to reproduce it")
        )
        self.portal_edit.setPlaceholderText(_("https://company.bitrix24.com"))
        self.version_edit.setPlaceholderText(_("e.g. 24.100.0"))
        _fill_combo(self.urgency_box, [(u, store.urgency_label(u)) for u in ("normal", "high")])
        levels = [code for code in SLA_LEVELS if code != "development"]
        current_level = self.ticket.sla_level if self.ticket is not None else None
        if current_level == "development":
            levels.append("development")
        before = self.level_box.count()
        _fill_combo(self.level_box, [(code, store.level_label(code)) for code in levels])
        if before == 0 and self.ticket is not None:
            self.level_box.setCurrentIndex(self.level_box.findData(self.ticket.sla_level))
            self.urgency_box.setCurrentIndex(self.urgency_box.findData(self.ticket.urgency))
        self._update_override()

    @Slot()
    def _update_override(self) -> None:
        """Show the computed level; the reason is asked only for another level."""
        computed = self.computed_level
        if computed is None:
            self.computed_label.setText(_("Choose the client first."))
        else:
            self.computed_label.setText(store.level_label(computed))
        overridden = computed is not None and self.level_box.currentData() != computed
        self.reason_edit.setEnabled(overridden)
        self.reason_edit.setPlaceholderText(
            _("Required for another level")
            if overridden
            else _("Not needed for the computed level")
        )
        if not overridden:
            self.rows["sla_override_reason"].set_error(None)

    # -- the client picker -------------------------------------------------------------

    @Slot(object)
    def _on_client_changed(self, choice: ClientChoice | None) -> None:
        if choice is not None and not self.client_edit.isReadOnly():
            self.choose_client(choice.id)

    @property
    def client_id(self) -> int | None:
        return self.client_edit.client_id()

    def choose_client(self, client_id: int) -> None:
        """Make ``client_id`` the ticket's client and prefill its portal and SLA level."""
        if self.client_edit.client_id() != client_id:
            self.client_edit.set_client(client_id)  # comes back here through the signal
            return
        defaults = ticket_levels.client_defaults(
            client_id, ticket_levels.creation_day(self.ctx.clock.now(), business_calendar())
        )
        self.computed_level = defaults.sla_level
        portal = self.portal_edit.text().strip()
        if not portal or portal == self._prefilled_portal:
            self.portal_edit.setText(defaults.portal_url)
            self._prefilled_portal = defaults.portal_url
        found = self.level_box.findData(defaults.sla_level)
        if found >= 0:
            self.level_box.setCurrentIndex(found)
        self._update_override()
        self.rows["client"].set_error(None)

    # -- saving ---------------------------------------------------------------------------

    def form_data(self) -> dict[str, Any]:
        return {
            "subject": self.subject_edit.text(),
            "description": self.description_edit.toPlainText(),
            "portal_url": self.portal_edit.text(),
            "product_version": self.version_edit.text(),
            "edition": self.edition_box.currentText(),
            "urgency": self.urgency_box.currentData(),
            "sla_level": self.level_box.currentData(),
            "sla_override_reason": (
                self.reason_edit.text() if self.reason_edit.isEnabled() else ""
            ),
        }

    def save(self) -> Ticket:
        data = self.form_data()
        now = self.ctx.clock.now()
        if self.ticket is not None:
            return store.update_ticket(self.ticket.id, data, now, self.ticket.version)
        picked: ValidationError | None = None
        try:
            data["client_id"] = self.client_edit.checked_id()
        except ValidationError as exc:
            data["client_id"], picked = None, exc
        try:
            return store.create_ticket(data, now)
        except ValidationErrors as errors:
            if picked is not None:
                # Typed, but not one of the clients: say so rather than "choose one".
                raise ValidationErrors(
                    [picked, *(e for e in errors if e.field != "client")]
                ) from None
            raise


class EscalateDialog(FormDialog):
    """Asks for the vendor's ticket id and escalates the ticket to the vendor."""

    def __init__(self, ctx: DeskContext, ticket: Ticket, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("escalateDialog")
        self.ctx = ctx
        self.ticket = ticket
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.form.insertRow(0, self.explanation)
        self.vendor_edit = QLineEdit(ticket.vendor_ticket_id)
        self.add_field("vendor_ticket_id", lambda: _("Vendor's ticket id"), self.vendor_edit)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Escalate {tid} to the vendor").format(tid=self.ticket.tid))
        self.explanation.setText(
            _(
                "The ticket goes to the vendor's helpdesk: its SLA level becomes "
                "development, with 14 calendar days to respond."
            )
        )

    def save(self) -> Ticket:
        return store.escalate(
            self.ticket.id, self.vendor_edit.text(), self.ctx.clock.now(), self.ticket.version
        )


class AssignDialog(FormDialog):
    """Chooses (or types) the person a ticket is assigned to."""

    def __init__(self, ctx: DeskContext, ticket: Ticket, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assignDialog")
        self.ctx = ctx
        self.ticket = ticket
        self.assignee_box = QComboBox()
        self.assignee_box.setEditable(True)
        self.assignee_box.addItems(store.known_assignees())
        self.assignee_box.setEditText(ticket.assignee)
        self.add_field("assignee", lambda: _("Assignee"), self.assignee_box)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Assign {tid}").format(tid=self.ticket.tid))

    def save(self) -> Ticket:
        return store.assign(self.ticket.id, self.assignee_box.currentText(), self.ticket.version)


# --------------------------------------------------------------------------- detail pane


def thread_html(
    ticket: Ticket, entries: list[store.ThreadEntry], calendar: BusinessCalendar
) -> str:
    """The description and thread as escaped HTML blocks, one colour per kind."""

    def block(kind: str, heading: str, body: str, files: tuple[str, ...] = ()) -> str:
        text = html.escape(body).replace("\n", "<br>")
        links = ""
        attachment = html.escape(_("Attachment:"))
        for path in files:
            url = html.escape(QUrl.fromLocalFile(path).toString(), quote=True)
            name = html.escape(Path(path).name or path)
            links += f'<br>{attachment} <a href="{url}">{name}</a>'
        style = "font-style:italic;" if kind == "note" else ""
        return (
            f'<table width="100%" cellpadding="6" cellspacing="0" '
            f'style="background-color:{THREAD_COLOURS[kind]}; margin-bottom:6px;">'
            f'<tr><td><b>{html.escape(heading)}</b><br><span style="{style}">{text}</span>'
            f"{links}</td></tr></table>"
        )

    def when(moment: datetime) -> str:
        return format_datetime(moment, tzinfo=calendar.tz)

    parts = [
        block(
            "description",
            _("Description — {when}").format(when=when(ticket.created_at)),
            ticket.description or _("(no description)"),
        )
    ]
    headings = {
        "client": _("Client — {author} — {when}"),
        "reply": _("Reply — {author} — {when}"),
        "note": _("Internal note — {author} — {when}"),
    }
    for entry in entries:
        heading = headings[entry.kind].format(
            author=entry.author or _("office"), when=when(entry.created_at)
        )
        parts.append(block(entry.kind, heading, entry.body, entry.attachments))
    return "".join(parts)


class TicketDetail(QWidget):
    """One ticket: header, missing information, thread, reply box, status actions."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketDetail")
        self.ctx = ctx
        self.ticket: Ticket | None = None
        self.entries: list[store.ThreadEntry] = []
        self.pending_attachments: list[str] = []

        self.stack = QStackedWidget()
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page = QWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.title = QLabel()
        self.title.setObjectName("ticketTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)

        self.info_names = (
            "client",
            "status",
            "level",
            "urgency",
            "vendor",
            "assignee",
            "target",
            "due",
            "sla",
            "rating",
        )
        self.info_labels: dict[str, QLabel] = {}
        self.info_values: dict[str, QLabel] = {}
        info = QGridLayout()
        info.setHorizontalSpacing(8)
        info.setVerticalSpacing(2)
        for i, name in enumerate(self.info_names):
            label = QLabel()
            value = QLabel()
            value.setObjectName(f"ticketInfo_{name}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            row, col = divmod(i, 2)
            info.addWidget(label, row, col * 2, Qt.AlignmentFlag.AlignTop)
            info.addWidget(value, row, col * 2 + 1)
            self.info_labels[name] = label
            self.info_values[name] = value
        info.setColumnStretch(1, 1)
        info.setColumnStretch(3, 1)

        self.checklist = QLabel()
        self.checklist.setObjectName("ticketChecklist")
        self.checklist.setWordWrap(True)
        self.checklist.setTextFormat(Qt.TextFormat.RichText)

        self.thread_view = QTextBrowser()
        self.thread_view.setObjectName("ticketThread")
        self.thread_view.setOpenLinks(False)
        self.thread_view.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)

        self.reply_edit = QPlainTextEdit()
        self.reply_edit.setObjectName("ticketReply")
        self.reply_edit.setTabChangesFocus(True)
        self.reply_edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.attach_button = QPushButton()
        self.attachments_label = QLabel()
        self.attachments_label.setWordWrap(True)
        self.wait_check = QCheckBox()
        self.client_button = QPushButton()
        self.note_button = QPushButton()
        self.reply_button = QPushButton()
        self.reply_button.setDefault(False)

        self.status_buttons: dict[str, QPushButton] = {
            s: QPushButton() for s in ("in_progress", "waiting", "resolved", "closed", "reopened")
        }
        self.escalate_button = QPushButton()
        self.assign_button = QPushButton()
        self.edit_button = QPushButton()
        self.rating_label = QLabel()
        self.rating_box = QComboBox()
        self.rating_box.setObjectName("ticketRating")
        for n in range(1, 6):
            self.rating_box.addItem(f"{n} " + "★" * n, n)
        self.rating_label.setBuddy(self.rating_box)
        self.rate_button = QPushButton()

        page = QVBoxLayout(self.page)
        page.setContentsMargins(4, 0, 0, 0)
        page.addWidget(self.title)
        page.addLayout(info)
        page.addWidget(self.checklist)
        page.addWidget(self.thread_view, 1)
        page.addWidget(self.reply_edit)
        attach_row = QHBoxLayout()
        attach_row.addWidget(self.attach_button)
        attach_row.addWidget(self.attachments_label, 1)
        attach_row.addWidget(self.wait_check)
        page.addLayout(attach_row)
        send_row = QHBoxLayout()
        send_row.addStretch(1)
        send_row.addWidget(self.client_button)
        send_row.addWidget(self.note_button)
        send_row.addWidget(self.reply_button)
        page.addLayout(send_row)
        self.actions_box = QGroupBox()
        actions = QGridLayout(self.actions_box)
        action_buttons = [
            self.status_buttons["in_progress"],
            self.status_buttons["waiting"],
            self.status_buttons["resolved"],
            self.status_buttons["closed"],
            self.status_buttons["reopened"],
            self.escalate_button,
            self.assign_button,
            self.edit_button,
        ]
        for i, button in enumerate(action_buttons):
            row, col = divmod(i, 3)
            actions.addWidget(button, row, col)
        rating_row = QHBoxLayout()
        rating_row.addWidget(self.rating_label)
        rating_row.addWidget(self.rating_box)
        rating_row.addWidget(self.rate_button)
        rating_row.addStretch(1)
        actions.addLayout(rating_row, 3, 0, 1, 3)
        page.addWidget(self.actions_box)

        self._connect_signals()
        self.retranslate()
        self.stack.setCurrentWidget(self.empty_label)

    def _connect_signals(self) -> None:
        for status, button in self.status_buttons.items():
            button.clicked.connect(lambda _c=False, s=status: self.change_status(s))
        self.escalate_button.clicked.connect(self.escalate)
        self.assign_button.clicked.connect(self.assign)
        self.edit_button.clicked.connect(self.edit)
        self.rate_button.clicked.connect(self.rate)
        self.reply_button.clicked.connect(lambda: self.send("reply"))
        self.note_button.clicked.connect(lambda: self.send("note"))
        self.client_button.clicked.connect(lambda: self.send("client"))
        self.attach_button.clicked.connect(self.choose_attachments)
        self.thread_view.anchorClicked.connect(self._open_link)
        self.ctx.signals.changed.connect(self._on_data_changed)

    # -- texts ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.empty_label.setText(_("Choose a ticket to see its details and thread."))
        names = {
            "client": _("Client:"),
            "status": _("Status:"),
            "level": _("SLA level:"),
            "urgency": _("Urgency:"),
            "vendor": _("Vendor ticket:"),
            "assignee": _("Assignee:"),
            "target": _("Target:"),
            "due": _("Due:"),
            "sla": _("SLA:"),
            "rating": _("Rating:"),
        }
        for name, text in names.items():
            self.info_labels[name].setText(text)
        self.reply_edit.setPlaceholderText(_("Write a reply to the client, or an internal note…"))
        self.attach_button.setText(_("Attach files…"))
        self.wait_check.setText(_("Then wait for the client"))
        self.wait_check.setToolTip(
            _("After the reply the ticket waits for the client and its clock is paused")
        )
        self.client_button.setText(_("Client message"))
        self.client_button.setToolTip(
            _("Record a message the client sent: the response clock restarts")
        )
        self.note_button.setText(_("Internal note"))
        self.note_button.setToolTip(_("A note for the office only; the client never sees it"))
        self.reply_button.setText(_("Reply"))
        self.actions_box.setTitle(_("Ticket"))
        self.status_buttons["in_progress"].setText(_("In progress"))
        self.status_buttons["waiting"].setText(_("Waiting for client"))
        self.status_buttons["resolved"].setText(_("Resolve"))
        self.status_buttons["closed"].setText(_("Close"))
        self.status_buttons["reopened"].setText(_("Reopen"))
        self.escalate_button.setText(_("Escalate to vendor…"))
        self.assign_button.setText(_("Assign…"))
        self.edit_button.setText(_("Edit…"))
        self.rating_label.setText(_("Quality rating:"))
        self.rate_button.setText(_("Rate"))
        self.rate_button.setToolTip(_("The client's rating, once the ticket is resolved"))
        self._update_attachments_label()
        self._show()

    # -- loading ----------------------------------------------------------------------

    def ticket_id(self) -> int | None:
        return self.ticket.id if self.ticket is not None else None

    def show_ticket(self, ticket_id: int | None) -> None:
        """Show ``ticket_id`` (None keeps the ticket shown: the list only lost it)."""
        if ticket_id is None:
            return
        if ticket_id != self.ticket_id():
            self.reply_edit.clear()
            self.pending_attachments = []
            self.wait_check.setChecked(False)
            self._update_attachments_label()
        self._load(ticket_id)

    def clear(self) -> None:
        self.ticket = None
        self.entries = []
        self._show()

    def reload(self) -> None:
        if self.ticket is not None:
            self._load(self.ticket.id)

    def _load(self, ticket_id: int) -> None:
        try:
            self.ticket = store.get_ticket(ticket_id)
            self.entries = store.ticket_thread(ticket_id)
        except NotFoundError:
            self.ticket = None
            self.entries = []
        self._show()

    @Slot(str)
    def _on_data_changed(self, entity: str) -> None:
        if entity in (events.TICKETS, events.CLIENTS, events.OFFICE):
            self.reload()

    def refresh_clock(self) -> None:
        """Recompute the SLA line at the desk clock's new "now"."""
        self._show()

    def _show(self) -> None:
        ticket = self.ticket
        if ticket is None:
            self.stack.setCurrentWidget(self.empty_label)
            return
        self.stack.setCurrentWidget(self.page)
        calendar = business_calendar()
        now = self.ctx.clock.now()
        sla = store.ticket_sla(ticket, now, calendar)
        self.title.setText(f"{ticket.tid} · {ticket.subject}")
        values = {
            "client": ticket.client.company,
            "status": store.status_label(ticket.status),
            "level": self._level_text(ticket),
            "urgency": store.urgency_label(ticket.urgency),
            "vendor": ticket.vendor_ticket_id or "—",
            "assignee": ticket.assignee or _("nobody"),
            "target": format_datetime(sla.target_at, tzinfo=calendar.tz),
            "due": format_datetime(sla.due_at, tzinfo=calendar.tz),
            "sla": self._sla_text(ticket, sla, calendar),
            "rating": "★" * ticket.rating if ticket.rating else "—",
        }
        for name, text in values.items():
            self.info_values[name].setText(text)
        colour = SLA_COLOURS.get(sla.state)
        self.info_values["sla"].setStyleSheet(
            f"background-color: {colour}; padding: 1px 4px;" if colour else ""
        )
        self.info_values["urgency"].setStyleSheet(
            f"background-color: {SLA_COLOURS['overdue']}; padding: 1px 4px;"
            if ticket.urgency == "high"
            else ""
        )
        self.checklist.setText(self._checklist_html(ticket))
        self.thread_view.setHtml(thread_html(ticket, self.entries, calendar))
        self.thread_view.verticalScrollBar().setValue(
            self.thread_view.verticalScrollBar().maximum()
        )
        self._enable_actions(ticket)

    @staticmethod
    def _level_text(ticket: Ticket) -> str:
        label = store.level_label(ticket.sla_level)
        if not ticket.sla_override_reason:
            return label
        return _("{level} (chosen instead of the computed level: {reason})").format(
            level=label, reason=ticket.sla_override_reason
        )

    def _sla_text(self, ticket: Ticket, sla: store.TicketSla, calendar: BusinessCalendar) -> str:
        label = store.sla_state_label(sla.state)
        spec = SLA_LEVELS[ticket.sla_level]
        if sla.state in ("on_track", "due_soon", "overdue") and spec.unit == "business_hours":
            used = _("{hours} business h elapsed, maximum {maximum} h").format(
                hours=format_decimal(Decimal(f"{sla.elapsed_hours:.1f}")), maximum=spec.maximum
            )
            return _("{state} — {used}").format(state=label, used=used)
        if sla.state == "answered" and ticket.first_reply_at is not None:
            return _("{state} on {when}").format(
                state=label, when=format_datetime(ticket.first_reply_at, tzinfo=calendar.tz)
            )
        return label

    def _checklist_html(self, ticket: Ticket) -> str:
        items = store.information_checklist(ticket)
        missing = [label for _key, label, present in items if not present]
        marks = " &nbsp; ".join(
            ("✔ " if present else "✘ ") + html.escape(label) for _key, label, present in items
        )
        if not missing:
            return f'<span style="color:#1e6b1e;">{marks}</span>'
        heading = html.escape(_("Still missing (SLA §4.2):"))
        return f'<span style="color:#8a5a00;"><b>{heading}</b> {marks}</span>'

    def _enable_actions(self, ticket: Ticket) -> None:
        allowed = store.allowed_transitions(ticket.status)
        for status, button in self.status_buttons.items():
            button.setEnabled(status in allowed)
        self.escalate_button.setEnabled("escalated" in allowed or ticket.status == "escalated")
        done = ticket.status in store.DONE_STATUSES
        self.rate_button.setEnabled(done)
        self.rating_box.setEnabled(done)
        if ticket.rating:
            self.rating_box.setCurrentIndex(self.rating_box.findData(ticket.rating))
        self.wait_check.setEnabled(not done)

    # -- actions ----------------------------------------------------------------------

    def _run(self, action: Callable[[], object]) -> bool:
        """Run a store change; tell the user why when it is refused."""
        try:
            action()
        except ValidationErrors as errors:
            show_warning(self, _("Not possible"), str(errors))
            return False
        except ValidationError as error:
            show_warning(self, _("Not possible"), error.message)
            return False
        except StaleRecordError as exc:
            show_warning(self, _("Changed by someone else"), str(exc))
            self.reload()
            return False
        except StoreError as exc:
            show_warning(self, _("Not saved"), str(exc))
            self.reload()
            return False
        self.reload()
        return True

    def change_status(self, status: str) -> bool:
        ticket = self.ticket
        if ticket is None:
            return False
        return self._run(
            lambda: store.set_status(ticket.id, status, self.ctx.clock.now(), ticket.version)
        )

    def send(self, kind: str) -> bool:
        """Add the reply box's text to the thread as a reply, note or client message."""
        ticket = self.ticket
        if ticket is None:
            return False
        if kind == "client":
            author = ticket.client.contact_person or ticket.client.company
        else:
            author = ticket.assignee
        status = "waiting" if kind == "reply" and self.wait_check.isChecked() else None
        done = self._run(
            lambda: store.add_message(
                ticket.id,
                kind,
                self.reply_edit.toPlainText(),
                author,
                self.ctx.clock.now(),
                self.pending_attachments,
                status=status,
            )
        )
        if done:
            self.reply_edit.clear()
            self.pending_attachments = []
            self.wait_check.setChecked(False)
            self._update_attachments_label()
        return done

    @Slot()
    def choose_attachments(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, _("Attach files"))
        if paths:
            self.set_pending_attachments([*self.pending_attachments, *paths])

    def set_pending_attachments(self, paths: list[str]) -> None:
        self.pending_attachments = list(dict.fromkeys(paths))
        self._update_attachments_label()

    def _update_attachments_label(self) -> None:
        n = len(self.pending_attachments)
        if not n:
            self.attachments_label.clear()
            return
        names = ", ".join(Path(p).name for p in self.pending_attachments)
        self.attachments_label.setText(
            ngettext("{count} file: {names}", "{count} files: {names}", n).format(
                count=n, names=names
            )
        )

    @Slot()
    def escalate(self) -> bool:
        if self.ticket is None:
            return False
        dialog = EscalateDialog(self.ctx, self.ticket, self)
        accepted = run_dialog(dialog) == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        self.reload()
        return accepted

    @Slot()
    def assign(self) -> bool:
        if self.ticket is None:
            return False
        dialog = AssignDialog(self.ctx, self.ticket, self)
        accepted = run_dialog(dialog) == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        self.reload()
        return accepted

    @Slot()
    def edit(self) -> bool:
        if self.ticket is None:
            return False
        dialog = TicketDialog(self.ctx, self.ticket.id, self)
        accepted = run_dialog(dialog) == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        self.reload()
        return accepted

    @Slot()
    def rate(self) -> bool:
        ticket = self.ticket
        if ticket is None:
            return False
        rating = int(self.rating_box.currentData())
        return self._run(lambda: store.rate(ticket.id, rating, ticket.version))

    @Slot(QUrl)
    def _open_link(self, url: QUrl) -> None:
        QDesktopServices.openUrl(url)


# --------------------------------------------------------------------------- the tab


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
        remembered = QSettings().contains("tabs/tickets/header")
        self.list = ListTab(
            "tickets",
            ctx,
            self.listing,
            ticket_columns(),
            entities=[events.TICKETS, events.CLIENTS, events.OFFICE],
            filters=ticket_filters(),
            detail=self.detail,
        )
        if not remembered:
            chars = self.fontMetrics().averageCharWidth()
            header = self.list.view.horizontalHeader()
            for column, width in enumerate(_COLUMN_CHARS):
                header.resizeSection(column, width * chars + 12)
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
        accepted = run_dialog(dialog) == QDialog.DialogCode.Accepted
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


__all__ = [
    "AssignDialog",
    "EscalateDialog",
    "TicketDetail",
    "TicketDialog",
    "TicketsTab",
    "build_tab",
    "thread_html",
    "ticket_columns",
]
