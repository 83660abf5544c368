"""The ticket's dialogs: a new ticket or its details edited (with the SLA level worked
out from the client's subscriptions, 003), escalation to the vendor, assignment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.sla import SLA_LEVELS
from b24desk.i18n import _
from b24desk.store import ticket_levels
from b24desk.store import tickets as store
from b24desk.store.lookup import ClientChoice
from b24desk.store.office import business_calendar
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import FormDialog
from b24desk.ui.pickers import ClientPicker

if TYPE_CHECKING:  # a type only: widgets call store functions
    from b24desk.store.tickets import Ticket

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
