"""Sending the outbox through a real SMTP server (aiosmtpd on a free local port, #16).

Issue #16: "a message is never sent twice (two desks, a crash between the SMTP reply
and the commit …)"; "with the server down it … keeps every message queued";
"wrong password → failed with the reason"; "STARTTLS with a self-signed certificate".
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import peewee
import pytest

from b24desk.domain.mail import Attachment, Draft
from b24desk.store import mail_account, mail_sender, office, outbox
from b24desk.store.db import database
from b24desk.store.mail_sender import send_queued
from b24desk.store.mail_sender import test_connection as check_connection
from b24desk.store.models import Client, OutboxMessage, utcnow
from tests.mail_server import MailServer, TestCA, free_port

# The test server asks for a login without TLS on purpose (aiosmtpd warns about it).
pytestmark = pytest.mark.filterwarnings(
    "ignore:Requiring AUTH while not requiring TLS:UserWarning"
)

PDF = b"%PDF-1.4\n% b24desk test\n" + bytes(range(256)) * 40


def _client() -> Client:
    return Client.create(company="Zenit Logística SL", email="ana@zenit.es", country="ES")


def _queue(client: Client, n: int = 1, **changes: object) -> list[int]:
    ids = []
    for i in range(n):
        values: dict[str, object] = {
            "kind": "invoice",
            "language": "es",
            "to": "ana@zenit.es",
            "subject": f"Factura nº INV-2026-{i + 7:04d} — Zenit",
            "body": "Hola Ana,\nadjuntamos la factura.\n.\nUn saludo",
            "client_id": client.id,
            "record_type": "invoice",
            "record_id": i + 7,
            "attachments": (Attachment(f"INV-2026-{i + 7:04d}.pdf", PDF),),
        }
        values.update(changes)
        message_id = outbox.queue(Draft(**values))  # type: ignore[arg-type]
        assert message_id is not None
        ids.append(message_id)
    return ids


def _use(server: MailServer, **changes: object) -> None:
    office.update_office(server.settings(**changes), office.get_office().version)


def _row(message_id: int) -> OutboxMessage:
    return OutboxMessage.get_by_id(message_id)


@pytest.fixture(autouse=True)
def _no_password_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(mail_account.PASSWORD_ENV, raising=False)


def test_a_delivered_message_reads_back_as_it_was_queued(
    db: peewee.Database, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server()
    _use(server, bcc_office=True, sender_name="Kiwi CRM, Cuentas")
    client = _client()
    (message_id,) = _queue(client, cc="pablo@zenit.es")
    report = send_queued(desk="desk-1")
    assert report == mail_sender.SendReport(sent=1, failed=0, waiting=0, error="")

    (received,) = server.received
    mail = received.message
    stored = _row(message_id)
    assert mail["Message-ID"] == stored.message_id
    assert mail["From"].addresses[0].display_name == "Kiwi CRM, Cuentas"
    assert mail["From"].addresses[0].addr_spec == "accounts@kiwi-crm.co.nz"
    assert str(mail["To"]) == "ana@zenit.es"
    assert str(mail["Cc"]) == "pablo@zenit.es"
    assert str(mail["Reply-To"]) == "help@kiwi-crm.co.nz"
    assert str(mail["Subject"]) == "Factura nº INV-2026-0007 — Zenit"
    assert mail["Content-Language"] == "es"
    assert mail["Bcc"] is None  # the office's copy is in the envelope only
    assert set(received.rcpt_tos) == {
        "ana@zenit.es", "pablo@zenit.es", "accounts@kiwi-crm.co.nz"
    }
    assert received.mail_from == "accounts@kiwi-crm.co.nz"
    body = mail.get_body(("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")  # CRLF on the wire
    assert text == "Hola Ana,\nadjuntamos la factura.\n.\nUn saludo\n"  # "." unstuffed
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_filename() == "INV-2026-0007.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == PDF
    assert (stored.state, stored.attempts, stored.last_error) == ("sent", 1, "")
    assert stored.sent_at is not None and stored.claimed_by == "desk-1"
    assert mail_sender.build_email(message_id)["Message-ID"] == stored.message_id


def test_a_russian_message_keeps_its_words_on_the_wire(
    db: peewee.Database, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server()
    _use(server, sender_name="Киви CRM, бухгалтерия")
    client = Client.create(company="ООО «Север»", email="oleg@sever.ru", country="RU")
    _queue(
        client,
        language="ru",
        to="oleg@sever.ru",
        subject="Счёт INV-2026-0007 на 1 200,00 ₽",
        body="Здравствуйте, Олег!\nСчёт во вложении.",
        attachments=(Attachment("Счёт INV-2026-0007.pdf", PDF),),
    )
    assert send_queued().sent == 1
    assert server.received[0].data.isascii()  # 7-bit clean: any server takes it
    (mail,) = server.messages()
    assert mail["From"].addresses[0].display_name == "Киви CRM, бухгалтерия"
    assert str(mail["Subject"]) == "Счёт INV-2026-0007 на 1 200,00 ₽"
    assert mail["Content-Language"] == "ru"
    body = mail.get_body(("plain",))
    assert body is not None and "Олег" in body.get_content()
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_filename() == "Счёт INV-2026-0007.pdf"
    assert attachment.get_content() == PDF


def test_a_header_with_a_line_break_never_reaches_the_wire(
    db: peewee.Database, mail_server: Callable[..., MailServer]
) -> None:
    """check_draft refuses it before queuing; a row written around it (another program,
    an old desk) is refused by the email package and fails instead of being sent."""
    server = mail_server()
    _use(server)
    (message_id,) = _queue(_client())
    OutboxMessage.update(subject="Factura\r\nBcc: everyone@evil.example").where(
        OutboxMessage.id == message_id
    ).execute()
    report = send_queued()
    assert (report.sent, report.failed) == (0, 1)
    assert server.received == []
    assert _row(message_id).state == "failed"


def test_the_server_down_then_up_delivers_each_message_once(
    db: peewee.Database, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server()
    _use(server)
    ids = _queue(_client(), 3)
    server.stop()

    down = send_queued()
    assert (down.sent, down.failed, down.waiting) == (0, 0, 3)
    assert "connection refused" in down.error and str(server.port) in down.error
    assert "\n" not in down.error
    assert [(_row(i).state, _row(i).attempts) for i in ids] == [("queued", 0)] * 3

    server.start()
    up = send_queued()
    assert (up.sent, up.failed, up.waiting, up.error) == (3, 0, 0, "")
    again = send_queued()
    assert again.sent == 0
    delivered = sorted(m["Message-ID"] for m in server.messages())
    assert delivered == sorted(_row(i).message_id for i in ids)  # each once
    assert [_row(i).attempts for i in ids] == [1, 1, 1]


def test_a_server_that_closes_the_session_is_reconnected_once(
    db: peewee.Database, mail_server: Callable[..., MailServer]
) -> None:
    """A 421 ("closing") before the text went out: not the message's fault."""
    server = mail_server(messages_per_session=2)
    _use(server)
    ids = _queue(_client(), 5, attachments=())
    report = send_queued()
    assert (report.sent, report.failed, report.error) == (5, 0, "")
    assert sorted(m["Message-ID"] for m in server.messages()) == sorted(
        _row(i).message_id for i in ids
    )
    assert {_row(i).attempts for i in ids} == {1}


def test_nothing_is_sent_without_a_mail_account(db: peewee.Database) -> None:
    (message_id,) = _queue(_client())
    report = send_queued()
    assert (report.sent, report.waiting) == (0, 1)
    assert "No mail server is set up" in report.error
    assert (_row(message_id).state, _row(message_id).attempts) == ("queued", 0)


def test_a_wrong_password_fails_with_the_servers_reason(
    db: peewee.Database, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server(users={"desk": "right horse battery"})
    _use(server)
    ids = _queue(_client(), 2)
    report = send_queued(password="wrong")
    assert (report.sent, report.failed) == (0, 2)
    assert "refused the login" in report.error and "535" in report.error
    for message_id in ids:
        row = _row(message_id)
        assert row.state == "failed"
        assert "535" in row.last_error and "Authentication" in row.last_error
    assert server.received == []
    # Once the password is right, a retry sends it.
    outbox.retry(ids[0])
    assert send_queued(password="right horse battery").sent == 1
    assert server.received[0].login == "desk"


def test_without_a_password_nothing_is_tried_and_everything_stays_queued(
    db: peewee.Database, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server(users={"desk": "s3cret"})
    _use(server)
    (message_id,) = _queue(_client())
    report = send_queued()
    assert "No password for desk" in report.error and "B24DESK_SMTP_PASSWORD" in report.error
    assert (_row(message_id).state, _row(message_id).attempts) == ("queued", 0)
    check = check_connection(mail_account.mail_account(), None)
    assert not check.ok and "No password for desk" in check.message


def test_the_password_comes_from_the_environment(
    db: peewee.Database,
    mail_server: Callable[..., MailServer],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = mail_server(users={"desk": "s3cret"})
    _use(server)
    _queue(_client())
    monkeypatch.setenv(mail_account.PASSWORD_ENV, "s3cret")
    assert send_queued().sent == 1


def test_starttls_with_a_trusted_certificate(
    db: peewee.Database, mail_server: Callable[..., MailServer], smtp_ca: TestCA
) -> None:
    server = mail_server(security="starttls", cert=smtp_ca.cert, users={"desk": "pw"})
    smtp_ca.trust()
    _use(server)
    _queue(_client())
    assert send_queued(password="pw").sent == 1
    check = check_connection(mail_account.mail_account(), "pw")
    assert check.ok and "logged in as desk" in check.message


def test_an_untrusted_certificate_is_refused_with_the_reason(
    db: peewee.Database, mail_server: Callable[..., MailServer], smtp_ca: TestCA
) -> None:
    """The desk verifies certificates by default: a self-signed server it was not told
    to trust gets no message (and no password)."""
    server = mail_server(security="starttls", cert=smtp_ca.cert, users={"desk": "pw"})
    _use(server)
    (message_id,) = _queue(_client())
    check = check_connection(mail_account.mail_account(), "pw")
    assert not check.ok and "certificate is not trusted" in check.message
    report = send_queued(password="pw")
    assert report.failed == 1 and "certificate" in report.error
    assert "certificate is not trusted" in _row(message_id).last_error
    assert server.received == []


def test_implicit_ssl(
    db: peewee.Database, mail_server: Callable[..., MailServer], smtp_ca: TestCA
) -> None:
    server = mail_server(security="ssl", cert=smtp_ca.cert)
    smtp_ca.trust()
    _use(server)
    _queue(_client())
    assert send_queued().sent == 1


def test_the_connection_test_says_why_it_failed(
    db: peewee.Database, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server(users={"desk": "pw"})
    _use(server)
    account = mail_account.mail_account()
    assert check_connection(account, "pw").ok
    refused = check_connection(account, "nope")
    assert not refused.ok and "refused the login" in refused.message
    starttls = check_connection(
        mail_account.MailAccount(**{**account.__dict__, "security": "starttls"}), "pw"
    )
    assert not starttls.ok and "does not offer STARTTLS" in starttls.message
    nobody = mail_account.MailAccount(**{**account.__dict__, "port": free_port()})
    closed = check_connection(nobody, "pw")
    assert not closed.ok and "connection refused" in closed.message


def test_a_temporary_refusal_backs_off_and_a_permanent_one_fails(
    db: peewee.Database, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server(rcpt_reply="451 4.3.0 Mailbox busy, try later")
    _use(server)
    (message_id,) = _queue(_client())
    now = utcnow()
    first = send_queued(now=now)
    assert (first.sent, first.failed, first.waiting) == (0, 0, 1)
    row = _row(message_id)
    assert (row.state, row.attempts) == ("queued", 1)
    assert "451" in row.last_error
    assert row.next_attempt_at == now + timedelta(minutes=1)
    # Not due a second before the back-off ends; due at its end, then five minutes.
    send_queued(now=now + timedelta(seconds=59))
    assert _row(message_id).attempts == 1
    send_queued(now=now + timedelta(minutes=1))
    row = _row(message_id)
    assert row.attempts == 2
    assert row.next_attempt_at == now + timedelta(minutes=6)

    server.rcpt_reply = "550 5.1.1 No such mailbox"
    send_queued(now=now + timedelta(minutes=6))
    row = _row(message_id)
    assert (row.state, row.attempts) == ("failed", 3)
    assert "550 5.1.1 No such mailbox" in row.last_error
    assert server.received == []


def test_a_message_left_sending_is_not_resent_and_fails_after_the_stale_timeout(
    db: peewee.Database, mail_server: Callable[..., MailServer]
) -> None:
    """A desk stopped between its claim and its commit: the message may have gone."""
    server = mail_server()
    _use(server)
    (message_id,) = _queue(_client())
    claimed_at = utcnow()
    OutboxMessage.update(
        state="sending", claimed_by="crashed-desk", claimed_at=claimed_at, attempts=1
    ).where(OutboxMessage.id == message_id).execute()

    send_queued(now=claimed_at + mail_sender.STALE_AFTER)  # exactly at the limit: still sending
    assert _row(message_id).state == "sending"
    send_queued(now=claimed_at + mail_sender.STALE_AFTER + timedelta(seconds=1))
    row = _row(message_id)
    assert row.state == "failed"
    assert row.last_error == (
        "the desk stopped while sending; it may have been delivered — check before retrying"
    )
    assert server.received == []
    assert outbox.get_message(message_id).attempts == 1  # still in the outbox


def test_two_desks_sending_at_once_deliver_each_message_once(
    db: peewee.Database, mail_server: Callable[..., MailServer]
) -> None:
    """Each desk (thread) has its own database connection; the claim decides.  The
    server takes a moment per message, so both desks are sending at the same time."""
    server = mail_server(stall_seconds=0.05)
    _use(server)
    ids = _queue(_client(), 12, attachments=())
    barrier = threading.Barrier(2)
    reports: dict[str, mail_sender.SendReport] = {}
    errors: list[BaseException] = []

    def desk(name: str) -> None:
        try:
            barrier.wait()
            reports[name] = send_queued(desk=name)
        except BaseException as exc:  # reported to the test below
            errors.append(exc)
        finally:
            database().close()  # this thread's connection

    threads = [threading.Thread(target=desk, args=(n,)) for n in ("desk-a", "desk-b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert reports["desk-a"].sent + reports["desk-b"].sent == 12
    assert reports["desk-a"].sent > 0 and reports["desk-b"].sent > 0
    delivered = [m["Message-ID"] for m in server.messages()]
    assert sorted(delivered) == sorted(_row(i).message_id for i in ids)
    assert {_row(i).state for i in ids} == {"sent"}
    assert {_row(i).attempts for i in ids} == {1}
