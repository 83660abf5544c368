"""``b24desk mail queue …`` (#16 item 7), through the parser cli/mail.py adds: what
is queued is printed; bad input is one line on stderr and a non-zero exit."""

from __future__ import annotations

from datetime import timedelta

import peewee
import pytest

from b24desk.cli.mail import cmd_mail
from b24desk.store import invoices as inv
from b24desk.store import models as m
from b24desk.store import outbox
from b24desk.store.db import close_database, open_database
from tests.mail.helpers import TODAY, issued, line, make_client


def mail(db_target: str, *argv: str) -> int:
    """``b24desk mail --db DB …``, the command itself."""
    close_database()  # the command opens the database itself, as a new process would
    code = cmd_mail(["--db", db_target, *argv])
    open_database(db_target)  # the command closed it; the test reads what it left
    return code


def test_queue_invoice_by_number_in_any_case(
    db: peewee.Database, db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client = make_client(billing_email="cuentas@zenit.es")
    invoice = issued(client, "1234.56", 0)
    assert mail(db_target, "queue", "invoice", invoice.number.lower()) == 0
    out = capsys.readouterr().out
    assert "cuentas@zenit.es" in out and invoice.number in out
    (message,) = outbox.list_messages()
    assert (message.to, message.language, message.kind) == ("cuentas@zenit.es", "es", "invoice")
    assert message.attachment_names == (f"{invoice.number}.pdf",)
    assert outbox.message_attachments(message.id)[0].data.startswith(b"%PDF")


def test_bad_input_is_one_line_and_a_non_zero_exit(
    db: peewee.Database, db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    nobody = make_client("Sin Correo SA", email="")
    invoice = issued(nobody, "10.00", 0)
    draft = inv.create_draft(nobody.id, [line("5.00")])
    cases = [
        (("queue", "invoice", "INV-1999-0001"), "INV-1999-0001"),
        (("queue", "invoice", invoice.number), "Sin Correo SA"),
        (("queue", "statement", "Nadie SL"), "Nadie SL"),
        (("queue", "statement", "sin correo sa"), "Sin Correo SA"),
        (("queue", "invoice", str(draft.id)), str(draft.id)),
    ]
    for argv, named in cases:
        assert mail(db_target, *argv) == 1, argv
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and named in err, (argv, err)
    assert outbox.list_messages() == []


def test_queue_statement_by_name_or_number(
    db: peewee.Database, db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client = make_client(language="ru")
    issued(client, "100.00", 40)
    assert mail(db_target, "queue", "statement", "zenit logística sl") == 0
    assert mail(db_target, "queue", "statement", str(client.id)) == 0
    messages = outbox.list_messages()
    assert [msg.kind for msg in messages] == ["statement", "statement"]
    assert all(msg.language == "ru" and msg.attachment_names for msg in messages)
    capsys.readouterr()


def test_queue_due_twice_queues_once(
    db: peewee.Database, db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = m.Plan.create(code="pro", name="Professional", kind="cloud")
    m.Subscription.create(client=make_client(), plan=plan, paid_until=TODAY + timedelta(days=7))
    m.Subscription.create(
        client=make_client("Mudo SL", email=""), plan=plan, paid_until=TODAY + timedelta(days=7)
    )
    day = ["--date", TODAY.isoformat()]
    assert mail(db_target, "queue", "due", *day) == 0
    out = capsys.readouterr().out
    assert "Zenit Logística SL" in out and "1 reminder queued" in out
    assert "Mudo SL has no e-mail address" in out
    assert mail(db_target, "queue", "due", *day) == 0
    assert "0 reminders queued" in capsys.readouterr().out
    assert len(outbox.list_messages()) == 1
