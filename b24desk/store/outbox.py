"""The outbox: messages queued in the database until the desk sends them (issue #16).

The outbox lives in the office's database, so it is backed up with everything else and
every desk of a PostgreSQL office sees and sends the same queue.  This module queues,
lists, retries and cancels; :mod:`b24desk.store.mail_sender` sends.

:func:`queue` fixes each message's RFC 5322 ``Message-ID`` when it is queued, stores the
attachments' bytes with it, and records a reminder's stage in ``ReminderSent`` in the
same transaction, so a stage is queued once however often or from however many desks
the reminders are queued.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import peewee

from b24desk.domain.mail import Attachment, Draft, check_draft
from b24desk.i18n import _
from b24desk.store import events
from b24desk.store.db import transaction
from b24desk.store.errors import DuplicateError, NotFoundError
from b24desk.store.listing import Listing
from b24desk.store.models import (
    Activity,
    Client,
    OutboxAttachment,
    OutboxMessage,
    ReminderSent,
    utcnow,
)
from b24desk.store.office import get_office

__all__ = [
    "OUTBOX",
    "OutboxRow",
    "cancel",
    "failed_count",
    "get_message",
    "list_messages",
    "log_sent",
    "message_attachments",
    "messages_about",
    "outbox_listing",
    "queue",
    "reminder_queued",
    "retry",
    "waiting_count",
]

#: The events entity listeners hear when the outbox changes.
OUTBOX = "outbox"
#: States a message may still leave from.
WAITING_STATES = ("queued", "sending")


@dataclass(frozen=True)
class OutboxRow:
    """A message as the Outbox view and the history show it."""

    id: int
    message_id: str
    kind: str
    language: str
    client_id: int | None
    client: str
    record_type: str
    record_id: int | None
    to: str
    cc: str
    subject: str
    body: str
    state: str
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    attachment_names: tuple[str, ...]


def _message_id(domain: str) -> str:
    return f"<{uuid.uuid4().hex}@{domain or 'b24desk.invalid'}>"


def _sender_domain() -> str:
    office = get_office()
    address = office.sender_email or office.email
    return address.rsplit("@", 1)[1].lower() if "@" in address else ""


def queue(draft: Draft) -> int | None:
    """Queue ``draft`` (checked by :func:`~b24desk.domain.mail.check_draft` first);
    returns the new message's id.

    A reminder (``draft.stage`` set) already queued for the same record, stage and
    period is not queued again: the result is then ``None``.
    """
    draft = check_draft(draft)
    try:
        with transaction():
            message = OutboxMessage.create(
                message_id=_message_id(_sender_domain()),
                kind=draft.kind,
                language=draft.language,
                client=draft.client_id,
                record_type=draft.record_type,
                record_id=draft.record_id,
                to_addrs=draft.to,
                cc_addrs=draft.cc,
                subject=draft.subject,
                body=draft.body,
            )
            for attachment in draft.attachments:
                OutboxAttachment.create(
                    message=message,
                    filename=attachment.filename,
                    mime_type=attachment.mime_type,
                    size=len(attachment.data),
                    data=attachment.data,
                )
            if draft.stage:
                ReminderSent.create(
                    kind=draft.kind,
                    stage=draft.stage,
                    record_type=draft.record_type,
                    record_id=draft.record_id,
                    period=draft.period,
                    message=message,
                )
            if draft.client_id is not None:
                Activity.create(
                    client=draft.client_id,
                    kind="email",
                    message=_("E-mail queued: {subject}").format(subject=draft.subject),
                )
    except DuplicateError:
        if draft.stage:
            return None  # another desk (or an earlier run) queued this stage
        raise
    if draft.client_id is not None:
        events.notify(OUTBOX, events.CLIENTS)  # the client's activity log grew
    else:
        events.notify(OUTBOX)
    return int(message.id)


def log_sent(message_id: int) -> bool:
    """Write "E-mail sent to …: <subject>" in the activity log of the message's client
    (the sender calls it once the server accepted the message).  ``False`` when the
    message has no client (nothing to log) or is gone."""
    with transaction():
        message = OutboxMessage.get_or_none(OutboxMessage.id == message_id)
        if message is None or message.client_id is None:
            return False
        Activity.create(
            client=message.client_id,
            kind="email",
            message=_("E-mail sent to {to}: {subject}").format(
                to=message.to_addrs, subject=message.subject
            ),
            at=message.sent_at or utcnow(),
        )
    events.notify(events.CLIENTS)
    return True


def reminder_queued(kind: str, stage: str, record_type: str, record_id: int, period: str) -> bool:
    """Whether this reminder stage was already queued for the record."""
    return (
        ReminderSent.select()
        .where(
            (ReminderSent.kind == kind)
            & (ReminderSent.stage == stage)
            & (ReminderSent.record_type == record_type)
            & (ReminderSent.record_id == record_id)
            & (ReminderSent.period == period)
        )
        .exists()
    )


def _rows(query: peewee.ModelSelect[OutboxMessage]) -> list[OutboxRow]:
    messages = list(query)
    names: dict[int, list[str]] = {}
    if messages:
        for att in (
            OutboxAttachment.select(OutboxAttachment.message, OutboxAttachment.filename)
            .where(OutboxAttachment.message.in_([m.id for m in messages]))
            .order_by(OutboxAttachment.id)
        ):
            names.setdefault(att.message_id, []).append(att.filename)
    return [
        OutboxRow(
            id=m.id,
            message_id=m.message_id,
            kind=m.kind,
            language=m.language,
            client_id=m.client_id,
            client=m.client.company if m.client is not None else "",
            record_type=m.record_type,
            record_id=m.record_id,
            to=m.to_addrs,
            cc=m.cc_addrs,
            subject=m.subject,
            body=m.body,
            state=m.state,
            attempts=m.attempts,
            last_error=m.last_error,
            created_at=m.created_at,
            next_attempt_at=m.next_attempt_at,
            sent_at=m.sent_at,
            attachment_names=tuple(names.get(m.id, ())),
        )
        for m in messages
    ]


def _select() -> peewee.ModelSelect[OutboxMessage]:
    return OutboxMessage.select(OutboxMessage, Client).join(
        Client, peewee.JOIN.LEFT_OUTER, on=(OutboxMessage.client == Client.id)
    )


def list_messages(states: Iterable[str] | None = None, limit: int = 500) -> list[OutboxRow]:
    """The newest messages first, in ``states`` if given."""
    query = _select()
    if states is not None:
        query = query.where(OutboxMessage.state.in_(list(states)))
    newest = query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    return _rows(newest.limit(limit))


def messages_about(
    record_type: str, record_id: int | None = None, client_id: int | None = None
) -> list[OutboxRow]:
    """The messages about one record (or, with ``client_id``, every message to a client)."""
    query = _select()
    if client_id is not None:
        query = query.where(OutboxMessage.client == client_id)
    else:
        query = query.where(
            (OutboxMessage.record_type == record_type) & (OutboxMessage.record_id == record_id)
        )
    return _rows(query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()))


def outbox_listing() -> Listing:
    """The Outbox view's table, sorted and searched in SQL (newest first).  Each row
    has the message's columns (``state``, ``to_addrs``, ``subject``, ``attempts``,
    ``created_at``, ``sent_at``, ``last_error``…) and ``company``, the client's name
    (None without a client).  Filter ``state``: a code of ``vocabulary.OUTBOX_STATES``,
    or ``"waiting"`` for queued and sending together."""

    def query() -> peewee.ModelSelect[OutboxMessage]:
        return OutboxMessage.select(
            OutboxMessage.id,
            OutboxMessage.kind,
            OutboxMessage.to_addrs,
            OutboxMessage.cc_addrs,
            OutboxMessage.subject,
            OutboxMessage.state,
            OutboxMessage.attempts,
            OutboxMessage.last_error,
            OutboxMessage.created_at,
            OutboxMessage.next_attempt_at,
            OutboxMessage.sent_at,
            Client.company.alias("company"),
        ).join(Client, peewee.JOIN.LEFT_OUTER, on=(OutboxMessage.client == Client.id))

    def state_filter(value: str) -> peewee.Expression:
        if value == "waiting":
            return OutboxMessage.state.in_(WAITING_STATES)
        return OutboxMessage.state == value

    return Listing(
        query=query,
        sort_keys={
            "state": OutboxMessage.state,
            "to": OutboxMessage.to_addrs,
            "client": Client.company,
            "subject": OutboxMessage.subject,
            "attempts": OutboxMessage.attempts,
            "created": OutboxMessage.created_at,
            "sent": OutboxMessage.sent_at,
            "error": OutboxMessage.last_error,
        },
        search_fields=[
            OutboxMessage.to_addrs,
            OutboxMessage.cc_addrs,
            OutboxMessage.subject,
            Client.company,
            OutboxMessage.last_error,
        ],
        tie_breaker=OutboxMessage.id,
        filters={"state": state_filter},
        default_order=(OutboxMessage.created_at.desc(),),
    )


def get_message(message_id: int) -> OutboxRow:
    rows = _rows(_select().where(OutboxMessage.id == message_id))
    if not rows:
        raise NotFoundError(_("The message no longer exists."))
    return rows[0]


def message_attachments(message_id: int) -> list[Attachment]:
    """The files kept with a message, exactly as they were (or will be) sent."""
    return [
        Attachment(filename=a.filename, data=bytes(a.data), mime_type=a.mime_type)
        for a in OutboxAttachment.select()
        .where(OutboxAttachment.message == message_id)
        .order_by(OutboxAttachment.id)
    ]


def waiting_count() -> int:
    """Messages not sent yet that will be (queued, or being sent)."""
    return OutboxMessage.select().where(OutboxMessage.state.in_(WAITING_STATES)).count()


def failed_count() -> int:
    return OutboxMessage.select().where(OutboxMessage.state == "failed").count()


def _move(message_id: int, from_states: tuple[str, ...], values: dict[str, object]) -> bool:
    with transaction():
        changed = (
            OutboxMessage.update(**values, version=OutboxMessage.version + 1)
            .where((OutboxMessage.id == message_id) & OutboxMessage.state.in_(from_states))
            .execute()
        )
    if changed:
        events.notify(OUTBOX)
    return bool(changed)


def retry(message_id: int) -> bool:
    """Put a failed or cancelled message back in the queue, to go at once.

    ``False`` when the message is no longer failed or cancelled (sent meanwhile)."""
    return _move(
        message_id,
        ("failed", "cancelled"),
        {"state": "queued", "next_attempt_at": utcnow(), "last_error": ""},
    )


def cancel(message_id: int) -> bool:
    """Take a queued or failed message out of the queue (kept, marked ``cancelled``).

    ``False`` when it is being sent or was sent: a message on its way is not recalled."""
    return _move(message_id, ("queued", "failed"), {"state": "cancelled"})
