"""The desk's e-mail wiring (issue #16): the Mail menu's actions, the background
sending once the office has a mail server, the daily automatic reminders, and
"E-mail…" from a record (a draft in the client's language, shown for editing before
it is queued).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QPushButton, QWidget

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.vocabulary import MAIL_KINDS, label
from b24desk.i18n import _, ngettext
from b24desk.store import events
from b24desk.store.compose import sendable
from b24desk.store.errors import StoreError
from b24desk.ui.operation import Operation

if TYPE_CHECKING:
    from b24desk.ui.main_window import MainWindow

#: How often the desk looks whether today's automatic reminders were queued.
AUTO_REMINDER_CHECK_MS = 60 * 60 * 1000


def send_by_mail(
    parent: QWidget,
    kind: str,
    record_type: str,
    record_id: int,
    today: date,
    run_dialog: Callable[[QDialog], bool] | None = None,
) -> int | None:
    """Compose ``kind`` for a record, let the person edit it, queue it; the message id
    (``None`` when not queued).  A record that cannot be sent says why.
    ``run_dialog`` shows the preview modally (tests drive it instead)."""
    from b24desk.mail.compose import draft_for
    from b24desk.ui.mail.preview import PreviewDialog

    try:
        draft = draft_for(kind, record_type, record_id, today)
    except (ValidationError, ValidationErrors, StoreError) as exc:
        QMessageBox.information(parent, label(MAIL_KINDS, kind), str(exc))
        return None
    dialog = PreviewDialog(draft, parent)
    try:
        run = run_dialog or (lambda d: d.exec() == QDialog.DialogCode.Accepted)
        return dialog.queued_id if run(dialog) else None
    finally:
        dialog.deleteLater()


class MailDesk(QObject):
    """Owns the Mail menu's own actions and keeps the sending in step with the office's
    settings (a mail server set up or changed starts or stops it)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        menu = window.mail_menu
        self.templates_action = QAction(self)
        self.templates_action.setObjectName("mailTemplatesAction")
        self.queue_due_action = QAction(self)
        self.queue_due_action.setObjectName("queueDueAction")
        menu.addSeparator()
        menu.addAction(self.queue_due_action)
        menu.addAction(self.templates_action)
        self.templates_action.triggered.connect(self.open_templates)
        self.queue_due_action.triggered.connect(lambda: self.queue_due(quiet=False))
        self.operation: Operation | None = None
        self.auto_done_on: date | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_REMINDER_CHECK_MS)
        self.timer.timeout.connect(self.auto_reminders)
        self.configured: bool | None = None
        window.ctx.signals.changed.connect(self._on_changed)
        self.retranslate()

    def start(self) -> None:
        """After the database opened: send if a server is set, remind if asked to."""
        self.follow_settings()
        self.timer.start()
        QTimer.singleShot(2000, self, self.auto_reminders)

    @Slot(str)
    def _on_changed(self, entity: str) -> None:
        if entity == events.OFFICE:
            self.follow_settings()

    def follow_settings(self) -> None:
        """Start the background sending when a mail server is set up (again after a
        change, so a new server or password takes effect), stop it when removed."""
        from b24desk.store import mail_sender
        from b24desk.store.mail_account import mail_configured

        try:
            configured = mail_configured()
        except Exception:  # no database yet (the desk is choosing one)
            return
        if configured and self.window.mail_pump is None:
            # Each run reads the account afresh: a changed server needs no new pump.
            self.window.set_mail_sender(lambda: mail_sender.send_queued())
        elif not configured and self.configured:
            self.window.stop_mail_sender()
        self.configured = configured

    @Slot()
    def open_templates(self) -> None:
        from b24desk.ui.mail.templates import open_templates

        open_templates(self.window)

    @Slot()
    def auto_reminders(self) -> None:
        """Once a day, when the office asks for it, queue the reminders that are due."""
        from b24desk.store.office import get_office

        today = self.window.ctx.clock.today()
        try:
            wanted = bool(get_office().auto_reminders)
        except Exception:  # no database open
            return
        if wanted and self.auto_done_on != today:
            self.auto_done_on = today
            self.queue_due(quiet=True)

    def queue_due(self, quiet: bool) -> None:
        """Queue every reminder due today in the background; say how many unless quiet."""
        from b24desk.store.due_reminders import queue_due_report

        if self.operation is not None:
            return
        today = self.window.ctx.clock.today()
        operation = Operation(lambda _progress: queue_due_report(today), self)
        if not quiet:
            operation.succeeded.connect(self._on_queued)
            operation.failed.connect(
                lambda message: QMessageBox.warning(self.window, _("Reminders"), message)
            )
        operation.done.connect(self._on_done)
        self.operation = operation
        operation.start()

    @Slot()
    def _on_done(self) -> None:
        self.operation = None

    @Slot(object)
    def _on_queued(self, report: object) -> None:
        from b24desk.store.due_reminders import QueueReport

        assert isinstance(report, QueueReport)
        queued = len(report.queued)
        missing = len(report.no_address)
        text = ngettext(
            "{count} reminder queued.", "{count} reminders queued.", queued
        ).format(count=queued)
        if missing:
            text += " " + ngettext(
                "{count} client has no e-mail address.",
                "{count} clients have no e-mail address.",
                missing,
            ).format(count=missing)
        QMessageBox.information(self.window, _("Reminders"), text)

    def retranslate(self) -> None:
        self.templates_action.setText(_("Message &templates…"))
        self.templates_action.setToolTip(_("The office's wording of each message"))
        self.queue_due_action.setText(_("Queue due &reminders now"))
        self.queue_due_action.setToolTip(
            _("Renewal, grace, frozen and overdue reminders due today, each stage once")
        )


#: A message a record can send: (kind, record type, record id, what the menu says).
Option = tuple[str, str, int, str]


def record_options(record_type: str, record_id: int, today: date) -> list[Option]:
    """The messages ``sendable`` allows for a record, named by their kind."""
    return [
        (kind, record_type, record_id, label(MAIL_KINDS, kind))
        for kind in sendable(record_type, record_id, today)
    ]


def invoice_options(invoice_id: int, today: date) -> list[Option]:
    """An invoice's own messages, then a receipt for each of its payments (newest first)."""
    from b24desk.i18n import format_date, format_money
    from b24desk.store.invoices import find_invoice, invoice_payments

    options = record_options("invoice", invoice_id, today)
    invoice = find_invoice(invoice_id)
    if invoice is not None and invoice.kind == "invoice":
        for payment in sorted(invoice_payments(invoice_id), key=lambda p: p.paid_on, reverse=True):
            text = _("Payment receipt: {amount} on {date}").format(
                amount=format_money(payment.amount, invoice.currency),
                date=format_date(payment.paid_on),
            )
            options.append(("receipt", "payment", payment.id, text))
    return options


class MailButton(QPushButton):
    """"E-mail…" for the selected record: one message goes straight to its preview,
    several are offered in a menu."""

    def __init__(
        self,
        options: Callable[[int, date], list[Option]],
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mailButton")
        self.options = options
        self.today = today
        self.record_id: int | None = None
        self.options_menu = QMenu(self)
        self.clicked.connect(self._on_clicked)
        self.retranslate()
        self.set_record(None)

    def set_record(self, record_id: int | None) -> None:
        self.record_id = record_id
        self.setEnabled(record_id is not None)

    def current_options(self) -> list[Option]:
        return [] if self.record_id is None else self.options(self.record_id, self.today())

    @Slot()
    def _on_clicked(self) -> None:
        options = self.current_options()
        if not options:
            QMessageBox.information(
                self, _("E-mail"), _("There is nothing to e-mail about this record now.")
            )
            return
        if len(options) == 1:
            self.send(options[0])
            return
        self.options_menu.clear()
        for option in options:
            action = self.options_menu.addAction(option[3])
            action.triggered.connect(lambda _checked=False, o=option: self.send(o))
        self.options_menu.popup(self.mapToGlobal(self.rect().bottomLeft()))

    def send(self, option: Option) -> int | None:
        kind, record_type, record_id, _text = option
        return send_by_mail(self, kind, record_type, record_id, self.today())

    def retranslate(self) -> None:
        self.setText(_("E-mail…"))
        self.setToolTip(
            _("Write the message in the client's language, check it, and put it in the outbox")
        )
