"""The reminders due today, and queuing them (issue #16 item 5).

:func:`due_reminders` lists every renewal stage (30 / 7 / 0 days, grace, frozen) and
overdue stage (the office's ``overdue_stages``) due on a day by the windows of
:mod:`b24desk.domain.reminders` — a stage is due from its day until the next stage,
so a desk that was closed on the day still sends it, but never once its window has
passed — that was not queued before (``ReminderSent``), never for an archived client
or one marked "do not remind".  A client with no address is listed apart
(:func:`reminders_without_address`) so that the desk can say so.

:func:`queue_due` queues them through :func:`b24desk.store.outbox.queue`, which
records each stage in ``ReminderSent`` in the same transaction (unique per kind,
stage, record and period): run it twice, or on two desks at once, and each stage is
queued once.  The renewals looked at are each client's current subscription (its
latest non-archived one), as everywhere else on the desk.  Whether the desk queues
them by itself once a day (``Office.auto_reminders``) is the caller's decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import peewee

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.mail import Draft
from b24desk.domain.reminders import (
    last_stage_day,
    overdue_stage,
    parse_overdue_stages,
    renewal_kind,
)
from b24desk.store import outbox
from b24desk.store.clients import _current_subscription_id
from b24desk.store.compose import overdue_draft, recipient, renewal_draft, subscription_stage
from b24desk.store.invoices import balance_expression
from b24desk.store.models import Client, Invoice, ReminderSent, Subscription
from b24desk.store.office import get_office

__all__ = [
    "DueReminder",
    "QueueReport",
    "due_reminders",
    "queue_due",
    "queue_due_report",
    "queue_reminder",
    "reminder_draft",
    "reminders_without_address",
]


@dataclass(frozen=True)
class DueReminder:
    kind: str
    stage: str
    record_type: str
    record_id: int
    period: str
    client_id: int
    client: str


@dataclass(frozen=True)
class QueueReport:
    """What :func:`queue_due_report` did."""

    queued: list[DueReminder] = field(default_factory=list)
    already: list[DueReminder] = field(default_factory=list)  # another desk was first
    refused: list[tuple[DueReminder, str]] = field(default_factory=list)  # bad address…
    no_address: list[DueReminder] = field(default_factory=list)


def _remindable() -> peewee.Expression:
    return (Client.archived == False) & (Client.do_not_remind == False)  # noqa: E712


def _queued(record_type: str, ids: Iterable[int]) -> set[tuple[str, str, int, str]]:
    """(kind, stage, record id, period) of the reminders already queued for ``ids``."""
    ids = list(ids)
    if not ids:
        return set()
    rows = ReminderSent.select(
        ReminderSent.kind, ReminderSent.stage, ReminderSent.record_id, ReminderSent.period
    ).where((ReminderSent.record_type == record_type) & ReminderSent.record_id.in_(ids))
    return {(r.kind, r.stage, r.record_id, r.period) for r in rows}


def _renewals(today: date, grace_days: int) -> list[tuple[DueReminder, str]]:
    subs = list(
        Subscription.select(Subscription, Client)
        .join(Client, on=(Subscription.client == Client.id))
        .where(
            (Subscription.id == _current_subscription_id())
            & Subscription.paid_until.between(
                today - timedelta(days=last_stage_day(grace_days)), today + timedelta(days=30)
            )
            & _remindable()
        )
        .order_by(Subscription.paid_until, Subscription.id)
    )
    out: list[tuple[DueReminder, str]] = []
    for sub in subs:
        stage = subscription_stage(sub, today, grace_days)
        if stage is None or sub.paid_until is None:
            continue
        out.append(
            (
                DueReminder(
                    kind=renewal_kind(stage),
                    stage=stage,
                    record_type="subscription",
                    record_id=sub.id,
                    period=sub.paid_until.isoformat(),
                    client_id=sub.client.id,
                    client=sub.client.company,
                ),
                recipient(sub.client),
            )
        )
    return out


def _overdue(today: date, stages: tuple[int, ...]) -> list[tuple[DueReminder, str]]:
    if not stages:
        return []
    invoices = list(
        Invoice.select(Invoice, Client)
        .join(Client, on=(Invoice.client == Client.id))
        .where(
            (Invoice.kind == "invoice")
            & (Invoice.state == "issued")
            & Invoice.number.is_null(False)
            & (Invoice.due_date <= today - timedelta(days=stages[0]))
            & (balance_expression() > 0)
            & _remindable()
        )
        .order_by(Invoice.due_date, Invoice.id)
    )
    out: list[tuple[DueReminder, str]] = []
    for invoice in invoices:
        if invoice.due_date is None:
            continue
        stage = overdue_stage(invoice.due_date, today, stages)
        if stage is None:
            continue
        out.append(
            (
                DueReminder(
                    kind="overdue",
                    stage=stage,
                    record_type="invoice",
                    record_id=invoice.id,
                    period="",
                    client_id=invoice.client.id,
                    client=invoice.client.company,
                ),
                recipient(invoice.client),
            )
        )
    return out


def _due(today: date) -> list[tuple[DueReminder, str]]:
    office = get_office()
    found = _renewals(today, office.grace_days) + _overdue(
        today, parse_overdue_stages(office.overdue_stages)
    )
    done: set[tuple[str, str, int, str]] = set()
    for record_type in ("subscription", "invoice"):
        ids = (r.record_id for r, _ in found if r.record_type == record_type)
        done |= _queued(record_type, ids)
    return [
        (r, address)
        for r, address in found
        if (r.kind, r.stage, r.record_id, r.period) not in done
    ]


def due_reminders(today: date) -> list[DueReminder]:
    """Every reminder due on ``today`` and not queued yet, to clients that have an
    address and may be reminded; renewals first (by paid-until date), then overdue
    invoices (by due date)."""
    return [r for r, address in _due(today) if address]


def reminders_without_address(today: date) -> list[DueReminder]:
    """The reminders due on ``today`` that cannot be sent: the client has no e-mail."""
    return [r for r, address in _due(today) if not address]


def reminder_draft(reminder: DueReminder, today: date) -> Draft:
    """The message of a due reminder, in its client's language, with its stage."""
    if reminder.record_type == "subscription":
        return renewal_draft(reminder.record_id, today, reminder.stage)
    return overdue_draft(reminder.record_id, today, reminder.stage)


def queue_reminder(reminder: DueReminder, today: date) -> int | None:
    """Queue one reminder; ``None`` when its stage was queued already (another desk)."""
    return outbox.queue(reminder_draft(reminder, today))


def queue_due_report(today: date) -> QueueReport:
    """Queue every reminder due on ``today``; what was queued, what another desk had
    queued meanwhile, what was refused (an invalid address) and who has no address."""
    report = QueueReport(no_address=reminders_without_address(today))
    for reminder in due_reminders(today):
        try:
            message = queue_reminder(reminder, today)
        except (ValidationError, ValidationErrors) as exc:
            report.refused.append((reminder, str(exc)))
            continue
        (report.queued if message is not None else report.already).append(reminder)
    return report


def queue_due(today: date) -> int:
    """Queue every reminder due on ``today`` (safe to run twice, or on two desks at
    once); returns how many were queued."""
    return len(queue_due_report(today).queued)
