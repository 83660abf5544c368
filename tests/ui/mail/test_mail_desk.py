"""The mail wiring at the desk (#16): E-mail… from an invoice and a coupon, the office's
E-mail settings page with its connection test, the templates editor, and the sending
that starts once a mail server is set up and logs what was sent."""

from __future__ import annotations

from collections.abc import Callable

import peewee
import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QDialog

from b24desk.domain.mail import Draft
from b24desk.store import mail_sender, outbox
from b24desk.store import models as m
from b24desk.store.mail_account import mail_account, smtp_password
from b24desk.store.office import get_office, update_office
from b24desk.ui.context import DeskContext
from b24desk.ui.invoices.tab import InvoicesTab
from b24desk.ui.mail.desk import MailButton, invoice_options
from b24desk.ui.mail.preview import PreviewDialog
from b24desk.ui.mail.templates import TemplatesDialog
from b24desk.ui.main_window import MainWindow
from b24desk.ui.settings_dialog import SettingsDialog
from tests.mail.helpers import issued, make_client
from tests.mail_server import MailServer

# The test server asks for a login without TLS on purpose (aiosmtpd warns about it).
pytestmark = pytest.mark.filterwarnings(
    "ignore:Requiring AUTH while not requiring TLS:UserWarning"
)


def _queue_every_preview(previews: list[PreviewDialog]) -> Callable[[QDialog], bool]:
    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, PreviewDialog)
        previews.append(dialog)
        dialog.try_accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    return run


def test_an_invoice_is_emailed_from_its_tab_with_its_pdf(
    qtbot, ctx: DeskContext, db: peewee.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client(billing_email="cuentas@zenit.es")
    invoice = issued(client, "1234.56", -10, today=ctx.clock.today())
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.view.selectRow(0)
    assert tab.mail_button.isEnabled()
    assert [o[0] for o in invoice_options(invoice.id, ctx.clock.today())] == ["invoice"]
    previews: list[PreviewDialog] = []
    monkeypatch.setattr(
        "b24desk.ui.mail.desk.QDialog.exec",
        lambda self: _queue_every_preview(previews)(self) or 0,
    )
    qtbot.mouseClick(tab.mail_button, Qt.MouseButton.LeftButton)
    (message,) = outbox.list_messages()
    assert (message.to, message.language, message.record_id) == (
        "cuentas@zenit.es", "es", invoice.id,
    )
    assert message.attachment_names == (f"{invoice.number}.pdf",)
    assert invoice.number in previews[0].subject.text()


def test_a_draft_invoice_has_nothing_to_email(qtbot, ctx: DeskContext, db: peewee.Database) -> None:
    button = MailButton(invoice_options, ctx.clock.today)
    qtbot.addWidget(button)
    button.set_record(None)
    assert not button.isEnabled()


def test_the_templates_editor_refuses_an_unknown_placeholder_then_saves(
    qtbot, db: peewee.Database
) -> None:
    from b24desk.store import mail_templates

    dialog = TemplatesDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.languages.setCurrentIndex(1)  # Español
    assert dialog.selected() == ("invoice", "es")
    dialog.subject.setText("Factura {numero}")
    dialog.try_accept()
    assert "numero" in dialog.error_of("subject")
    assert dialog.subject.text() == "Factura {numero}"  # what was typed stays
    assert not mail_templates.is_customised("invoice", "es")
    dialog.subject.setText("Su factura {number}")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert mail_templates.template("invoice", "es")[0] == "Su factura {number}"


def test_the_email_page_saves_the_account_and_keeps_the_password_in_the_keyring(
    qtbot,
    ctx: DeskContext,
    db: peewee.Database,
    memory_keyring: dict[tuple[str, str], str],
    mail_server: Callable[..., MailServer],
) -> None:
    server = mail_server(users={"desk": "s3cret"})
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.name.setText("Kiwi CRM Ltd")
    page = dialog.mail
    page.host.setText("127.0.0.1")
    page.security.setCurrentIndex(page.security.findData("none"))
    page.port.setValue(server.port)
    page.user.setText("desk")
    page.password.setText("s3cret")
    page.sender_email.setText("accounts@kiwi-crm.co.nz")
    page.overdue_stages.setText("3, 14, 30")
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.test_button.isEnabled() and page.test_result.text() != "")
    qtbot.waitUntil(lambda: "Connecting" not in page.test_result.text())
    QThreadPool.globalInstance().waitForDone()
    assert "s3cret" not in page.test_result.text()
    check = mail_sender.test_connection(page._account(), "s3cret")
    assert check.ok, check.message
    dialog.try_accept()
    errors = {k: dialog.error_of(k) for k in dialog.rows if dialog.error_of(k)}
    assert dialog.result() == QDialog.DialogCode.Accepted, errors
    office = get_office()
    assert (office.smtp_host, office.smtp_port) == ("127.0.0.1", server.port)
    assert office.smtp_user == "desk"
    assert smtp_password(mail_account()) == "s3cret"
    assert "s3cret" not in str(office.__data__)


def test_sending_starts_once_a_server_is_set_and_logs_what_was_sent(
    qtbot,
    ctx: DeskContext,
    db: peewee.Database,
    mail_server: Callable[..., MailServer],
) -> None:
    server = mail_server()
    window = MainWindow(ctx, "test.sqlite")
    qtbot.addWidget(window)
    window.mail_desk.follow_settings()
    assert window.mail_pump is None  # no server yet: nothing tries to send
    client = make_client()
    queued = outbox.queue(
        Draft(
            kind="statement", language="es", to="ana@zenit.es", subject="Estado de cuenta",
            body="Hola", client_id=client.id,
        )
    )
    office = get_office()
    update_office(server.settings(smtp_security="none"), office.version)
    window.mail_desk.follow_settings()
    assert window.mail_pump is not None
    server.wait_for(1)
    qtbot.waitUntil(lambda: outbox.get_message(queued).state == "sent")
    pump = window.mail_pump
    qtbot.waitUntil(lambda: not pump.running)  # type: ignore[union-attr]
    QThreadPool.globalInstance().waitForDone()  # the worker closed its connection
    log = [a.message for a in m.Activity.select().where(m.Activity.client == client.id)]
    assert any("E-mail sent to ana@zenit.es" in entry for entry in log)
    # A second notice of the office (the settings saved again) keeps the one pump.
    window.mail_desk.follow_settings()
    assert window.mail_pump is pump
    window.stop_mail_sender()
    QThreadPool.globalInstance().waitForDone()
    assert len(server.messages()) == 1  # sent once


def test_the_mail_menu_offers_templates_and_due_reminders(qtbot, ctx: DeskContext, db) -> None:
    window = MainWindow(ctx, "test.sqlite")
    qtbot.addWidget(window)
    texts = [a.text() for a in window.mail_menu.actions() if not a.isSeparator()]
    assert texts == ["&Outbox…", "Queue due &reminders now", "Message &templates…"]
