"""The Outbox: every message the desk queued, sent, could not send or cancelled;
Retry, Cancel, Open and Send now."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from b24desk.domain import vocabulary
from b24desk.i18n import _, format_datetime, format_decimal, ngettext
from b24desk.store import events, outbox
from b24desk.store.errors import NotFoundError
from b24desk.store.office import business_calendar
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import confirm, name_from_context
from b24desk.ui.listtab import FilterSpec, ListTab
from b24desk.ui.mail import common
from b24desk.ui.mail.attachments import AttachmentList
from b24desk.ui.table import Column

#: The shortcut of Mail → Outbox… in the main window.
OUTBOX_SHORTCUT = "Ctrl+Shift+O"


def _state_choices() -> list[tuple[Any, str]]:
    return [(None, _("All")), ("waiting", _("Waiting to be sent"))] + [
        (code, common.state_text(code)) for code in vocabulary.OUTBOX_STATES
    ]


def outbox_columns(zone: Any) -> list[Column]:
    """The Outbox table's columns (times in ``zone``, the office's)."""

    def moment(value: Any) -> str:
        return format_datetime(value, tzinfo=zone) if value else ""

    return [
        Column(
            "state",
            lambda: _("State"),
            lambda r: common.state_text(r.state),
            background=lambda r: common.state_background(r.state),
            foreground=lambda r: palette.text() if r.state in common.STATE_TONES else None,
        ),
        Column("to", lambda: _("To"), lambda r: r.to_addrs),
        Column("client", lambda: _("Client"), lambda r: r.company or ""),
        Column("subject", lambda: _("Subject"), lambda r: r.subject),
        Column(
            "attempts",
            lambda: _("Attempts"),
            lambda r: format_decimal(r.attempts),
            align_right=True,
            header_tooltip=lambda: _("How many times the desk tried to send it"),
        ),
        Column("created", lambda: _("Queued"), lambda r: moment(r.created_at)),
        Column("sent", lambda: _("Sent"), lambda r: moment(r.sent_at)),
        Column(
            "error",
            lambda: _("Last error"),
            lambda r: r.last_error.split("\n")[0],
            tooltip=lambda r: r.last_error or None,
        ),
    ]


class OutboxList(ListTab):
    """The Outbox's table with its search, state filter and buttons."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        self.zone = business_calendar().tz
        super().__init__(
            "outbox",
            ctx,
            outbox.outbox_listing(),
            outbox_columns(self.zone),
            entities=[outbox.OUTBOX, events.CLIENTS],
            filters=[FilterSpec("state", lambda: _("State"), _state_choices)],
            parent=parent,
        )

    def count_text(self, count: int) -> str:
        return ngettext("{count} message", "{count} messages", count).format(
            count=format_decimal(count)
        )

    def current_row(self) -> Any:
        index = self.view.currentIndex()
        return self.model.row_object(index.row()) if index.isValid() else None


class OutboxDialog(QDialog):
    """A window over the outbox; ``sender`` (when given) starts sending at once.

    Without ``sender`` (no mail server set up yet) Send now stays disabled and says why.
    """

    #: Send now was pressed (the sending worker listens).
    sendNowRequested = Signal()

    def __init__(
        self,
        ctx: DeskContext,
        sender: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("outboxDialog")
        self.ctx = ctx
        self.send_now: Callable[[], object] | None = None
        self.list = OutboxList(ctx, self)
        self.count_label = QLabel()
        self.count_label.setObjectName("outboxCount")
        self.retry_button = self.list.add_button(QPushButton())
        self.retry_button.setObjectName("outboxRetry")
        self.cancel_button = self.list.add_button(QPushButton())
        self.cancel_button.setObjectName("outboxCancel")
        self.open_button = self.list.add_button(QPushButton())
        self.open_button.setObjectName("outboxOpen")
        self.send_button = self.list.add_button(QPushButton())
        self.send_button.setObjectName("outboxSendNow")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        bottom = QVBoxLayout()
        bottom.addWidget(self.count_label)
        layout.addLayout(bottom)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.retry_button.clicked.connect(self.retry_current)
        self.cancel_button.clicked.connect(self.cancel_current)
        self.open_button.clicked.connect(self.open_current)
        self.send_button.clicked.connect(self._on_send_now)
        self.list.set_open_handler(self.open_message)
        self.list.currentChanged.connect(self._update_buttons)
        self.list.countChanged.connect(self._on_count)
        self.ctx.signals.changed.connect(self._on_data_changed)
        #: Replaced in tests: shows a dialog (the message, a refusal).
        self.run_dialog: Callable[[QDialog], object] = lambda d: d.exec()
        self.set_sender(sender)
        self._on_count(self.list.model.rowCount())
        self._update_buttons()
        self.resize(1240, 640)

    def set_sender(self, sender: Callable[[], object] | None) -> None:
        """What Send now calls (None: no mail server yet, the button says so)."""
        self.send_now = sender
        self.send_button.setEnabled(sender is not None)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Outbox"))
        self.list.retranslate()
        self.retry_button.setText(_("Retry"))
        self.retry_button.setToolTip(_("Put the chosen message back in the queue, to go at once"))
        self.cancel_button.setText(_("Cancel message…"))
        self.cancel_button.setToolTip(_("Keep the chosen message from being sent"))
        self.open_button.setText(_("Open message"))
        self.open_button.setToolTip(_("Show the chosen message as it was queued"))
        self.send_button.setText(_("Send now"))
        self.send_button.setToolTip(
            _("Send the queued messages now")
            if self.send_now is not None
            else _("Set up the mail server in Office settings first")
        )
        self._on_count(self.list.model.rowCount())
        name_from_context(self, _("Outbox"))

    @Slot(int)
    def _on_count(self, count: int) -> None:
        self.count_label.setText(self.list.count_text(count))

    @Slot(str)
    def _on_data_changed(self, entity: str) -> None:
        if entity == outbox.OUTBOX:
            self._update_buttons()

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        row = self.list.current_row()
        state = row.state if row is not None else ""
        self.retry_button.setEnabled(state in ("failed", "cancelled"))
        self.cancel_button.setEnabled(state in ("queued", "failed"))
        self.open_button.setEnabled(row is not None)

    def show_message(self, message_id: int) -> bool:
        """Make message ``message_id`` the current row (links from Today)."""
        self.list.show_record(message_id)
        if self.list.current_id() != message_id:
            try:
                subject = outbox.get_message(message_id).subject
            except NotFoundError:
                return False
            self.list.search.setText(subject)
            self.list.apply_search()
            self.list.model.row_object(0)
            self.list.select_id(message_id)
        self._update_buttons()
        return self.list.current_id() == message_id

    # -- actions -----------------------------------------------------------------------

    @Slot()
    def retry_current(self) -> None:
        message_id = self.list.current_id()
        if message_id is not None and not outbox.retry(message_id):
            QMessageBox.information(
                self, _("Outbox"), _("The message is no longer failed or cancelled.")
            )
        self._update_buttons()

    @Slot()
    def cancel_current(self) -> None:
        row = self.list.current_row()
        if row is None:
            return
        question = _(
            "\u201c{subject}\u201d to {to} will not be sent. It stays in the Outbox: "
            "Retry puts it back in the queue."
        ).format(subject=row.subject, to=row.to_addrs)
        if not confirm(self, _("Cancel this message?"), question, _("Cancel the message")):
            return
        if not outbox.cancel(int(row.id)):
            QMessageBox.information(
                self,
                _("Outbox"),
                _("The message is being sent or was sent: it can no longer be cancelled."),
            )
        self._update_buttons()

    @Slot()
    def open_current(self) -> None:
        message_id = self.list.current_id()
        if message_id is not None:
            self.open_message(message_id)

    def open_message(self, message_id: int) -> None:
        try:
            dialog = MessageDialog(message_id, self.list.zone, self)
        except NotFoundError as exc:
            QMessageBox.information(self, _("Outbox"), str(exc))
            return
        try:
            self.run_dialog(dialog)
        finally:
            dialog.deleteLater()

    @Slot()
    def _on_send_now(self) -> None:
        if self.send_now is not None:
            self.send_now()
        self.sendNowRequested.emit()


class MessageDialog(QDialog):
    """One message, read-only: its headers, what became of it, body and attachments."""

    def __init__(self, message_id: int, zone: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outboxMessage")
        self.row = outbox.get_message(message_id)
        self.zone = zone
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for key in ("to", "cc", "subject", "client", "state", "created"):
            name, value = QLabel(), QLabel()
            value.setObjectName(f"message_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            name.setBuddy(value)
            self.labels[key], self.values[key] = name, value
            self.form.addRow(name, value)
        self.body = QPlainTextEdit(self.row.body)
        self.body.setObjectName("message_body")
        self.body.setReadOnly(True)
        self.body_label = QLabel()
        self.body_label.setBuddy(self.body)
        self.form.addRow(self.body_label, self.body)
        self.attachment_list: AttachmentList | None = None
        self.attachments_label = QLabel()
        if self.row.attachment_names:
            self.attachment_list = AttachmentList(outbox.message_attachments(message_id))
            self.attachments_label.setBuddy(self.attachment_list.table)
            self.form.addRow(self.attachments_label, self.attachment_list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.retranslate()
        self.resize(720, 560)

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        row = self.row
        self.setWindowTitle(row.subject)
        names = {
            "to": _("To"),
            "cc": _("CC"),
            "subject": _("Subject"),
            "client": _("Client"),
            "state": _("State"),
            "created": _("Queued"),
        }
        values = {
            "to": row.to,
            "cc": row.cc or "\u2014",
            "subject": row.subject,
            "client": row.client or "\u2014",
            "state": common.history_line(row, self.zone),
            "created": format_datetime(row.created_at, tzinfo=self.zone),
        }
        for key, text in names.items():
            self.labels[key].setText(text)
            self.values[key].setText(values[key])
        self.body_label.setText(_("Message"))
        self.attachments_label.setText(_("Attachments"))
        if self.attachment_list is not None:
            self.attachment_list.retranslate()
        name_from_context(self, row.subject)
