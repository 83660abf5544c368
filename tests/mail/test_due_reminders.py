"""Automatic reminders (#16 item 5): what is due on a day, once per stage, never for a
client marked "do not remind", clients without an address listed apart."""

from __future__ import annotations

from datetime import date, timedelta

import peewee
import pytest

from b24desk.store import invoices as inv
from b24desk.store import models as m
from b24desk.store import outbox
from b24desk.store.due_reminders import (
    DueReminder,
    due_reminders,
    queue_due,
    queue_due_report,
    queue_reminder,
    reminders_without_address,
)
from tests.mail.helpers import D, issued, make_client

PAID_UNTIL = date(2026, 12, 31)


def _subscription(client: m.Client, paid_until: date = PAID_UNTIL) -> m.Subscription:
    plan, _ = m.Plan.get_or_create(code="pro", defaults={"name": "Professional", "kind": "cloud"})
    return m.Subscription.create(
        client=client, plan=plan, starts_on=paid_until - timedelta(days=364),
        paid_until=paid_until,
    )  # fmt: skip


def _stages(day: date) -> list[tuple[str, str, str]]:
    return [(r.kind, r.stage, r.period) for r in due_reminders(day)]


def test_each_renewal_stage_is_due_in_its_window_and_queued_once(db: peewee.Database) -> None:
    """004: remind 30 days before the end date, 7 days before and on the day."""
    client = make_client()
    sub = _subscription(client)
    assert _stages(PAID_UNTIL - timedelta(days=31)) == []
    day30 = PAID_UNTIL - timedelta(days=30)
    assert _stages(day30) == [("renewal", "30", "2026-12-31")]
    assert queue_due(day30) == 1
    assert queue_due(day30) == 0  # the second run queues nothing
    assert _stages(PAID_UNTIL - timedelta(days=8)) == []  # "30" was sent: nothing more
    assert _stages(PAID_UNTIL - timedelta(days=7)) == [("renewal", "7", "2026-12-31")]
    assert queue_due(PAID_UNTIL - timedelta(days=2)) == 1  # desk closed on day 7: sent late
    assert _stages(PAID_UNTIL - timedelta(days=1)) == []
    assert _stages(PAID_UNTIL) == [("renewal", "0", "2026-12-31")]
    assert queue_due(PAID_UNTIL) == 1
    assert _stages(PAID_UNTIL + timedelta(days=1)) == [("grace", "grace", "2026-12-31")]
    assert _stages(PAID_UNTIL + timedelta(days=15)) == [("grace", "grace", "2026-12-31")]
    assert _stages(PAID_UNTIL + timedelta(days=16)) == []  # free plan
    assert _stages(date(2027, 2, 15)) == []
    assert _stages(date(2027, 2, 16)) == [("frozen", "frozen", "2026-12-31")]
    assert _stages(date(2027, 3, 2)) == [("frozen", "frozen", "2026-12-31")]
    assert _stages(date(2027, 3, 3)) == []  # deleted
    messages = outbox.messages_about("subscription", sub.id)
    assert len(messages) == 3 and all(msg.language == "es" for msg in messages)


def test_a_stage_whose_window_passed_is_never_sent(db: peewee.Database) -> None:
    client = make_client()
    _subscription(client)
    # The desk was off for the whole "30" window: on day 7 only "7" is due.
    assert _stages(PAID_UNTIL - timedelta(days=7)) == [("renewal", "7", "2026-12-31")]


def test_a_renewed_term_starts_its_stages_again(db: peewee.Database) -> None:
    client = make_client()
    sub = _subscription(client)
    assert queue_due(PAID_UNTIL) == 1
    sub.paid_until = date(2027, 12, 31)
    sub.save()
    assert _stages(date(2027, 12, 31)) == [("renewal", "0", "2027-12-31")]


def test_overdue_stages_of_the_office(db: peewee.Database) -> None:
    office = m.Office.get()
    office.overdue_stages = "3,14,30"
    office.save()
    client = make_client()
    day = date(2026, 12, 5)
    invoice = issued(client, "100.00", 0, today=day)  # due on `day`
    for late, expected in ((2, []), (3, ["3"]), (13, ["3"]), (14, ["14"]), (29, ["14"]),
                           (30, ["30"])):  # fmt: skip
        assert [r.stage for r in due_reminders(day + timedelta(days=late))] == expected, late
    assert queue_due(day + timedelta(days=3)) == 1
    assert due_reminders(day + timedelta(days=13)) == []
    inv.record_payment(invoice.id, day + timedelta(days=14), D("100.00"), "bank_deposit")
    assert due_reminders(day + timedelta(days=14)) == []  # paid: nothing to remind


def test_do_not_remind_archived_and_no_address(db: peewee.Database) -> None:
    quiet = make_client("Quiet SA", do_not_remind=True)
    gone = make_client("Gone SA", archived=True)
    mute = make_client("Sin Correo SA", email="")
    billed = make_client("Cuentas SA", email="", billing_email="pagos@cuentas.es")
    for client in (quiet, gone, mute, billed):
        _subscription(client)
    day = PAID_UNTIL
    assert [r.client for r in due_reminders(day)] == ["Cuentas SA"]
    assert [r.client for r in reminders_without_address(day)] == ["Sin Correo SA"]
    report = queue_due_report(day)
    assert [r.client for r in report.queued] == ["Cuentas SA"]
    assert [r.client for r in report.no_address] == ["Sin Correo SA"]
    (message,) = outbox.list_messages()
    assert message.to == "pagos@cuentas.es"


def test_an_invalid_address_is_refused_and_the_rest_still_queued(db: peewee.Database) -> None:
    make_client("Mal SA", email="ana@@zenit")
    _subscription(m.Client.get(m.Client.company == "Mal SA"))
    _subscription(make_client("Bien SA"))
    report = queue_due_report(PAID_UNTIL)
    assert [r.client for r in report.queued] == ["Bien SA"]
    assert [r.client for r, _ in report.refused] == ["Mal SA"]


def test_two_desks_queue_the_same_stage_once(db: peewee.Database) -> None:
    """Desk A lists what is due; desk B queues it all; desk A's queuing is then a no-op
    (the unique ReminderSent row, on SQLite and PostgreSQL alike)."""
    _subscription(make_client())
    office = m.Office.get()
    office.overdue_stages = "3"
    office.save()
    issued(make_client("Otra SL"), "50.00", 3, today=PAID_UNTIL)
    seen_by_a: list[DueReminder] = due_reminders(PAID_UNTIL)
    assert len(seen_by_a) == 2
    assert queue_due(PAID_UNTIL) == 2  # desk B
    assert [queue_reminder(r, PAID_UNTIL) for r in seen_by_a] == [None, None]
    assert len(outbox.list_messages()) == 2


@pytest.mark.parametrize("stage", ["30", "7", "0"])
def test_queued_reminder_is_in_the_clients_language(db: peewee.Database, stage: str) -> None:
    client = make_client(language="ru", contact_person="Иван Петров")
    _subscription(client)
    day = PAID_UNTIL - timedelta(days=int(stage))
    assert queue_due(day) == 1
    (message,) = outbox.list_messages()
    assert message.language == "ru" and message.body.startswith("Здравствуйте, Иван Петров!")


def test_two_desks_queuing_at_the_same_moment_queue_each_stage_once(
    db: peewee.Database, db_target: str
) -> None:
    """Two processes list the same 30 due reminders and queue them at once: every
    stage is queued exactly once between them (SQLite and PostgreSQL)."""
    import multiprocessing

    from tests.mail.helpers import queue_due_in_another_process

    for n in range(30):
        _subscription(make_client(f"Cliente {n:02d} SL"))
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    desks = [
        ctx.Process(
            target=queue_due_in_another_process, args=(db_target, PAID_UNTIL, start, results)
        )
        for _ in range(2)
    ]
    for desk in desks:
        desk.start()
    counts = [results.get(timeout=300), results.get(timeout=300)]
    for desk in desks:
        desk.join(60)
        assert desk.exitcode == 0
    assert sum(counts) == 30
    assert len(outbox.list_messages()) == 30
    assert m.ReminderSent.select().count() == 30
    assert due_reminders(PAID_UNTIL) == []
