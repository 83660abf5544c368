"""Support tickets: the queue, the thread, the status workflow and the SLA clock.

The rules are those of ``shared/domain.md`` §5 (the vendor's SLA, 003).

The SLA clock
-------------
The response clock of a ticket runs in business hours (:mod:`b24desk.domain.sla`,
on the office's calendar from :func:`b24desk.store.office.business_calendar`) from
``clock_started_at`` until the office's first reply (``first_reply_at``):

* ``clock_started_at`` is the ticket's creation, or the moment the client wrote
  again after being answered (``first_reply_at`` is then cleared), or the moment
  the ticket was reopened or escalated to the vendor (the "development" level then
  gives the vendor 14 calendar days).
* A reply stops the clock (``first_reply_at`` = its moment); notes never touch it.
* While the ticket waits for the client (status ``waiting``, ``waiting_since`` set)
  the clock stands still.  The model has no column for accumulated pauses, so when
  the ticket leaves ``waiting`` the pause is folded into the clock itself:
  ``clock_started_at`` moves forward by the business time of the pause (calendar
  time on the "development" level).  Only the part of the pause before the
  response maximum counts, so a ticket already overdue stays overdue.  (With one
  stored start, a pause that begins between the target and the maximum also moves
  the target; that is the one approximation of this scheme.)
* ``due_at`` (indexed) always holds the response *maximum* computed from
  ``clock_started_at`` and ``sla_level``: ``response_due(clock_started_at,
  sla_level, calendar)[1]``.  Every change of the clock start or the level
  rewrites it, so the queue sorts and filters by it in SQL.  The *target* is not
  stored; it is computed in Python for the rows of the visible page.  Rows without
  a ``due_at`` (imported data) are filled by :func:`recompute_due_times`.

The SLA state of a ticket (:data:`b24desk.domain.vocabulary.SLA_STATES`): ``done`` when resolved or
closed; ``answered`` when the office replied after the clock started; ``paused``
while an unanswered ticket waits for the client; otherwise ``overdue`` past the
maximum, ``due_soon`` past the target and ``on_track`` before it.

The "due soon" filter is exact but runs in two steps: SQL selects the running
tickets not yet overdue whose clock started at least the level's target in
wall-clock hours ago (a target of *T* business hours can never come sooner), and
Python computes the target of those few candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

import peewee

from b24desk.domain import vocabulary
from b24desk.domain.errors import ErrorCollector, ValidationError
from b24desk.domain.sla import (
    SLA_LEVELS,
    BusinessCalendar,
    response_due,
)
from b24desk.domain.validation import normalize_portal_url, validate_required
from b24desk.domain.vocabulary import label
from b24desk.i18n import N_, _
from b24desk.store import events
from b24desk.store.db import database, transaction
from b24desk.store.errors import DuplicateError, NotFoundError, StaleRecordError
from b24desk.store.listing import Listing
from b24desk.store.models import (
    MESSAGE_KINDS,
    TICKET_STATUSES,
    URGENCIES,
    Client,
    Ticket,
    TicketAttachment,
    TicketMessage,
    ticket_clock_runs,
    ticket_queue_order,
)
from b24desk.store.office import business_calendar
from b24desk.store.search import indexed
from b24desk.store.text_limits import check_text
from b24desk.store.ticket_clock import (  # re-exported: callers import them from here
    DONE_STATUSES,
    TicketSla,
    _clock,
    _leave_waiting,
    _restart_clock,
    _unanswered,
    compute_due_at,
    due_fields,
    ticket_sla,
)
from b24desk.store.ticket_levels import computed_level, creation_day, resolve_level_into

__all__ = [
    "DONE_STATUSES",
    "INFORMATION_ITEMS",
    "TRANSITIONS",
    "ThreadEntry",
    "TicketListing",
    "TicketRow",
    "TicketSla",
    "add_message",
    "allowed_transitions",
    "assign",
    "compute_due_at",
    "create_ticket",
    "escalate",
    "get_ticket",
    "information_checklist",
    "known_assignees",
    "level_label",
    "missing_due_times",
    "missing_information",
    "next_tid",
    "rate",
    "recompute_due_times",
    "reopen",
    "set_status",
    "sla_state_label",
    "status_label",
    "ticket_listing",
    "ticket_sla",
    "ticket_thread",
    "update_ticket",
    "urgency_label",
]

# --------------------------------------------------------------------------- vocabulary

#: The order of the status column when sorted (the workflow's order).
STATUS_ORDER = ("new", "reopened", "in_progress", "escalated", "waiting", "resolved", "closed")
#: The order of the SLA state column when sorted: the most pressing first.
SLA_STATE_ORDER = ("overdue", "due_soon", "on_track", "paused", "answered", "done")

_ACTIVE = ("new", "reopened", "in_progress", "waiting", "escalated")

#: Allowed status changes (003 §5): new → in progress → waiting for client →
#: resolved → closed; reopened from resolved or closed; escalated to the vendor.
TRANSITIONS: Mapping[str, frozenset[str]] = {
    "new": frozenset({"in_progress", "waiting", "resolved", "escalated"}),
    "reopened": frozenset({"in_progress", "waiting", "resolved", "escalated"}),
    "in_progress": frozenset({"waiting", "resolved", "escalated"}),
    "waiting": frozenset({"in_progress", "resolved", "escalated"}),
    "escalated": frozenset({"in_progress", "waiting", "resolved"}),
    "resolved": frozenset({"closed", "reopened"}),
    "closed": frozenset({"reopened"}),
}

#: What a ticket should carry (003 §4.2), as (field, label).
INFORMATION_ITEMS: tuple[tuple[str, str], ...] = (
    ("description", N_("Problem description with steps to reproduce")),
    ("portal_url", N_("Portal URL")),
    ("product_version", N_("Product version")),
    ("edition", N_("Edition")),
)

#: What :func:`update_ticket` may change.
_EDITABLE = (
    "subject",
    "description",
    "portal_url",
    "product_version",
    "edition",
    "urgency",
    "sla_level",
    "assignee",
)

_TID_PREFIX = "T-"
_TID_RE = re.compile(r"^T-(\d+)$")


def status_label(status: str) -> str:
    return label(vocabulary.TICKET_STATUSES, status)


def urgency_label(urgency: str) -> str:
    return label(vocabulary.URGENCIES, urgency)


def level_label(level: str) -> str:
    spec = SLA_LEVELS.get(level)
    return _(spec.label) if spec is not None else level


def sla_state_label(state: str) -> str:
    return label(vocabulary.SLA_STATES, state)


def allowed_transitions(status: str) -> frozenset[str]:
    """The statuses a ticket in ``status`` may move to."""
    return TRANSITIONS.get(status, frozenset())


def missing_due_times() -> bool:
    """Whether some ticket has no ``due_at`` yet (imported or demo data): then call
    :func:`recompute_due_times` before showing the queue."""
    return bool(
        Ticket.select(Ticket.id)
        .where(Ticket.due_at.is_null() | Ticket.target_at.is_null())
        .exists()
    )


def recompute_due_times(calendar: BusinessCalendar, *, only_missing: bool = True) -> int:
    """Fill ``due_at`` from ``clock_started_at`` and the level; returns the rows written.

    ``only_missing``: only rows whose ``due_at`` is NULL (imported data); pass False
    after the office's hours, holidays or time zone changed.  Computed in Python
    over plain tuples and written with one ``executemany`` in one transaction:
    50 000 tickets take a second or two.
    """
    query = Ticket.select(Ticket.id, Ticket.clock_started_at, Ticket.sla_level)
    if only_missing:
        query = query.where(Ticket.due_at.is_null() | Ticket.target_at.is_null())
    db = database()
    sqlite = isinstance(db, peewee.SqliteDatabase)
    to_db = Ticket.due_at.db_value

    def value(moment: datetime) -> Any:
        stored = to_db(moment)
        return stored.isoformat(" ") if sqlite else stored  # as sqlite3's adapter writes

    params: list[tuple[Any, Any, int]] = []
    for ticket_id, started, level in query.tuples().iterator():
        target_at, due_at = response_due(started, level, calendar)
        params.append((value(target_at), value(due_at), ticket_id))
    if not params:
        return 0
    table = Ticket._meta.table_name
    sql = (
        f'UPDATE "{table}" SET "target_at" = {db.param}, "due_at" = {db.param} '
        f'WHERE "id" = {db.param}'
    )
    with transaction():
        db.cursor().executemany(sql, params)
    events.notify(events.TICKETS)
    return len(params)


def _follow_office_calendar(office: object) -> None:
    """The office's hours, days, zone or holidays changed: every stored due time moves."""
    recompute_due_times(business_calendar(office), only_missing=False)  # type: ignore[arg-type]


events.on_changing(events.OFFICE_CALENDAR, _follow_office_calendar)


# --------------------------------------------------------------------------- the queue


@dataclass(frozen=True)
class TicketRow:
    """One row of the queue, with its SLA clock computed for the moment it was read."""

    id: int
    tid: str
    company: str
    subject: str
    sla_level: str
    status: str
    urgency: str
    assignee: str
    vendor_ticket_id: str
    created_at: datetime
    sla: TicketSla

    @property
    def target_at(self) -> datetime:
        return self.sla.target_at

    @property
    def due_at(self) -> datetime:
        return self.sla.due_at

    @property
    def sla_state(self) -> str:
        return self.sla.state


def _answered() -> peewee.Expression:
    return Ticket.first_reply_at.is_null(False) & (Ticket.first_reply_at >= Ticket.clock_started_at)


def _rank(column: Any, order: Sequence[str]) -> peewee.Case:
    return peewee.Case(column, [(value, i) for i, value in enumerate(order)], len(order))


class _SortKeys(Mapping[str, Any]):
    """Sort expressions built when asked (the SLA state depends on "now")."""

    def __init__(self, build: Callable[[], dict[str, Any]]) -> None:
        self._build = build
        self._keys = tuple(build())

    def __getitem__(self, key: str) -> Any:
        return self._build()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


@dataclass
class TicketListing(Listing):
    """The ticket queue: a :class:`Listing` whose rows carry their SLA clock."""

    now_fn: Callable[[], datetime] = field(default=lambda: datetime.now().astimezone())
    calendar_fn: Callable[[], BusinessCalendar] = field(default=business_calendar)

    def page(self, *args: Any, **kwargs: Any) -> list[Any]:
        rows = super().page(*args, **kwargs)
        if not rows:
            return rows
        now, calendar = self.now_fn(), self.calendar_fn()
        return [
            TicketRow(
                id=r.id,
                tid=r.tid,
                company=r.company,
                subject=r.subject,
                sla_level=r.sla_level,
                status=r.status,
                urgency=r.urgency,
                assignee=r.assignee,
                vendor_ticket_id=r.vendor_ticket_id,
                created_at=r.created_at,
                sla=_clock(
                    r.status,
                    r.sla_level,
                    r.clock_started_at,
                    r.first_reply_at,
                    r.waiting_since,
                    now,
                    calendar,
                ),
            )
            for r in rows
        ]


def ticket_listing(
    now: datetime | Callable[[], datetime],
    calendar: BusinessCalendar | Callable[[], BusinessCalendar] | None = None,
) -> TicketListing:
    """The ticket queue: high urgency first, then tickets whose clock runs, by due time.

    ``now``: a moment, or a function returning it (the desk's clock), read whenever
    the SLA state matters.  ``calendar``: the office calendar (default: read from the
    database for every page).

    Columns (sort keys): ``tid``, ``client``, ``subject``, ``urgency``, ``level`` (by
    response time), ``status`` (workflow order), ``assignee``, ``target`` (by due
    time: the target is a fixed share of the response time), ``due``, ``sla`` (most
    pressing first).  Filters: ``status`` ("open", "all" or a status), ``urgency``,
    ``sla`` (a key of :data:`b24desk.domain.vocabulary.SLA_STATES`).
    """
    now_fn: Callable[[], datetime] = now if callable(now) else (lambda: now)
    if calendar is None:
        calendar_fn: Callable[[], BusinessCalendar] = business_calendar
    elif isinstance(calendar, BusinessCalendar):
        calendar_fn = lambda: calendar  # noqa: E731
    else:
        calendar_fn = calendar

    def query() -> peewee.Select:
        return Ticket.select(
            Ticket.id,
            Ticket.tid,
            Ticket.subject,
            Ticket.sla_level,
            Ticket.status,
            Ticket.urgency,
            Ticket.assignee,
            Ticket.vendor_ticket_id,
            Ticket.created_at,
            Ticket.clock_started_at,
            Ticket.first_reply_at,
            Ticket.waiting_since,
            Ticket.due_at,
            Client.company.alias("company"),
        ).join(Client, on=(Ticket.client == Client.id))

    level_rank = _rank(Ticket.sla_level, tuple(SLA_LEVELS))
    status_rank = _rank(Ticket.status, STATUS_ORDER)
    urgency_rank = peewee.Case(Ticket.urgency, [("high", 0)], 1)

    def sort_keys() -> dict[str, Any]:
        current = now_fn()
        state_rank = peewee.Case(
            None,
            [
                (Ticket.status.in_(DONE_STATUSES), 5),
                (_answered(), 4),
                (Ticket.status == "waiting", 3),
                (Ticket.due_at < current, 0),
            ],
            1,
        )
        return {
            "tid": Ticket.tid,
            "client": (Client.company, Ticket.tid),
            "subject": Ticket.subject,
            "urgency": (urgency_rank, Ticket.due_at),
            "level": (level_rank, Ticket.due_at),
            "status": (status_rank, Ticket.due_at),
            "assignee": (Ticket.assignee, Ticket.due_at),
            "target": Ticket.target_at,
            "due": Ticket.due_at,
            "sla": (state_rank, Ticket.due_at),
        }

    def status_filter(value: str | None) -> peewee.Expression | None:
        if value in (None, "all"):
            return None
        if value == "open":
            return Ticket.status.not_in(DONE_STATUSES)
        return Ticket.status == value

    def status_count(value: str | None) -> peewee.Expression | None:
        # The same tickets (the status is one of TICKET_STATUSES), counted from the
        # status index alone.  The page keeps NOT IN: with IN the planner would read
        # every open ticket by status and sort them instead of walking ticket_queue.
        if value == "open":
            return Ticket.status.in_(_ACTIVE)
        return status_filter(value)

    def urgency_filter(value: str | None) -> peewee.Expression | None:
        return None if value is None else Ticket.urgency == value

    def sla_filter(value: str | None) -> peewee.Expression | None:
        if value is None:
            return None
        current = now_fn().replace(microsecond=0)
        if value == "done":
            return Ticket.status.in_(DONE_STATUSES)
        if value == "answered":
            return _answered() & Ticket.status.not_in(DONE_STATUSES)
        if value == "paused":
            return (Ticket.status == "waiting") & ~_answered()
        if value == "overdue":
            return ticket_clock_runs() & (Ticket.due_at < current)
        if value == "due_soon":
            return ticket_clock_runs() & (Ticket.target_at < current) & (Ticket.due_at >= current)
        if value == "on_track":
            return ticket_clock_runs() & (Ticket.target_at >= current)
        raise KeyError(f"unknown SLA state {value!r}")

    return TicketListing(
        query=query,
        sort_keys=_SortKeys(sort_keys),
        search=indexed(Ticket.id, "ticket"),
        tie_breaker=Ticket.id,
        filters={"status": status_filter, "urgency": urgency_filter, "sla": sla_filter},
        # Every ticket has its client (NOT NULL foreign key): counted without the join.
        count_query=lambda: Ticket.select(Ticket.id),
        count_filters={"status": status_count, "urgency": urgency_filter, "sla": sla_filter},
        # Read from the index ticket_queue (store.models).
        default_order=ticket_queue_order(),
        now_fn=now_fn,
        calendar_fn=calendar_fn,
    )


# --------------------------------------------------------------------------- reading


def get_ticket(ticket_id: int) -> Ticket:
    """The ticket with its client (raises :class:`NotFoundError`)."""
    ticket = (
        Ticket.select(Ticket, Client)
        .join(Client, on=(Ticket.client == Client.id))
        .where(Ticket.id == ticket_id)
        .first()
    )
    if ticket is None:
        raise NotFoundError(_("The ticket does not exist any more."))
    return ticket


@dataclass(frozen=True)
class ThreadEntry:
    id: int
    kind: str  # "client", "reply" or "note"
    author: str
    body: str
    created_at: datetime
    attachments: tuple[str, ...] = ()


def ticket_thread(ticket_id: int) -> list[ThreadEntry]:
    """The messages and notes of a ticket, oldest first, with their attachments."""
    messages = list(
        TicketMessage.select()
        .where(TicketMessage.ticket == ticket_id)
        .order_by(TicketMessage.created_at, TicketMessage.id)
    )
    files: dict[int, list[str]] = {}
    if messages:
        rows = (
            TicketAttachment.select(TicketAttachment.message, TicketAttachment.path)
            .where(TicketAttachment.message.in_([m.id for m in messages]))
            .order_by(TicketAttachment.id)
            .tuples()
        )
        # peewee's stubs type ``.tuples()`` as still yielding models; these are pairs.
        for message_id, path in cast("Iterable[tuple[int, str]]", rows):
            files.setdefault(message_id, []).append(path)
    return [
        ThreadEntry(m.id, m.kind, m.author, m.body, m.created_at, tuple(files.get(m.id, ())))
        for m in messages
    ]


def information_checklist(ticket: Ticket) -> list[tuple[str, str, bool]]:
    """(field, translated label, present) for each item 003 §4.2 asks a ticket to carry."""
    return [
        (key, _(label), bool(str(getattr(ticket, key) or "").strip()))
        for key, label in INFORMATION_ITEMS
    ]


def missing_information(ticket: Ticket) -> list[str]:
    """Translated names of what the ticket still lacks (003 §4.2)."""
    return [label for _key, label, present in information_checklist(ticket) if not present]


def known_assignees(limit: int = 100) -> list[str]:
    """The people tickets are assigned to, alphabetically."""
    query = (
        Ticket.select(Ticket.assignee)
        .where(Ticket.assignee != "")
        .distinct()
        .order_by(Ticket.assignee)
        .limit(limit)
    )
    return [name for (name,) in cast("Iterable[tuple[str]]", query.tuples())]


# --------------------------------------------------------------------------- changes


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")


def _load(ticket_id: int) -> Ticket:
    ticket = Ticket.get_or_none(Ticket.id == ticket_id)
    if ticket is None:
        raise NotFoundError(_("The ticket does not exist any more."))
    return ticket


def _stale(ticket: Ticket) -> StaleRecordError:
    return StaleRecordError(
        _(
            "Ticket {tid} was changed at another desk since you opened it. "
            "Look at it again and repeat your change."
        ).format(tid=ticket.tid)
    )


def _check_version(ticket: Ticket, expected_version: int | None) -> None:
    if expected_version is not None and ticket.version != expected_version:
        raise _stale(ticket)


def _write(ticket: Ticket, changes: Mapping[str, Any]) -> None:
    """UPDATE … WHERE id = ? AND version = ? (the version read), bumping the version."""
    updated = (
        Ticket.update(**changes, version=Ticket.version + 1)
        .where((Ticket.id == ticket.id) & (Ticket.version == ticket.version))
        .execute()
    )
    if updated != 1:
        raise _stale(ticket)


def _validated_fields(
    data: Mapping[str, Any], errors: ErrorCollector, *, client: Client | None
) -> dict[str, Any]:
    """The ticket's editable fields from ``data``, checked (errors collected)."""
    out: dict[str, Any] = {}
    with errors.check():
        out["subject"] = validate_required(data.get("subject"), "subject")
    out["description"] = str(data.get("description") or "").strip()
    raw_portal = data.get("portal_url")
    if raw_portal is None and client is not None:
        raw_portal = client.portal_url
    raw_portal = str(raw_portal or "").strip()
    out["portal_url"] = raw_portal
    if raw_portal:
        with errors.check():
            out["portal_url"] = normalize_portal_url(raw_portal, "portal_url")
    out["product_version"] = str(data.get("product_version") or "").strip()
    out["edition"] = str(data.get("edition") or "").strip()
    urgency = data.get("urgency") or "normal"
    if urgency not in URGENCIES:
        errors.add(
            ValidationError(
                "urgency",
                _("Urgency \u201c{value}\u201d is not known.").format(value=urgency),
            )
        )
    out["urgency"] = urgency
    level = data.get("sla_level")
    if level and level not in SLA_LEVELS:
        errors.add(
            ValidationError(
                "sla_level",
                _("SLA level \u201c{value}\u201d is not known.").format(value=level),
            )
        )
    out["sla_level"] = level
    out["sla_override_reason"] = str(data.get("sla_override_reason") or "").strip()
    if "assignee" in data:
        out["assignee"] = str(data.get("assignee") or "").strip()
    check_text(Ticket, out, errors)  # lengths and control characters (text_limits)
    return out


def next_tid() -> str:
    """The next ticket id shown to the client ("T-000124"): unique and increasing."""
    rows = (
        Ticket.select(Ticket.tid)
        .where(Ticket.tid.startswith(_TID_PREFIX))
        .order_by(peewee.fn.LENGTH(Ticket.tid).desc(), Ticket.tid.desc())
        .limit(20)
        .tuples()
    )
    highest = 0
    for (tid,) in cast("Iterable[tuple[str]]", rows):
        match = _TID_RE.match(tid)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{_TID_PREFIX}{highest + 1:06d}"


def create_ticket(
    data: Mapping[str, Any], now: datetime, calendar: BusinessCalendar | None = None
) -> Ticket:
    """Open a ticket for ``data["client_id"]``.

    ``data`` keys (as the form's fields): ``client_id``, ``subject``, ``description``,
    ``portal_url`` (default: the client's), ``product_version``, ``edition``,
    ``urgency`` ("normal"/"high"), ``sla_level`` (default: worked out from the client's
    subscriptions on the creation day; another level needs ``sla_override_reason``),
    ``assignee``.  Raises :class:`ValidationErrors` naming the fields.
    """
    _require_aware(now)
    errors = ErrorCollector()
    client: Client | None = None
    client_id = data.get("client_id")
    if not client_id:
        errors.add(ValidationError("client", _("Choose the client the ticket is for.")))
    else:
        client = Client.get_or_none(Client.id == client_id)
        if client is None or client.archived:
            errors.add(ValidationError("client", _("This client does not exist or is archived.")))
            client = None
    fields = _validated_fields(data, errors, client=client)
    calendar = calendar or business_calendar()
    if client is not None and fields["sla_level"] in (None, "", *SLA_LEVELS):
        resolve_level_into(fields, computed_level(client, creation_day(now, calendar)), errors)
    errors.raise_if_any()
    assert client is not None
    times = due_fields(now, fields["sla_level"], calendar)
    for attempt in range(3):
        try:
            with transaction():
                ticket = Ticket.create(
                    tid=next_tid(),
                    client=client,
                    status="new",
                    created_at=now,
                    clock_started_at=now,
                    **times,
                    **fields,
                )
            break
        except DuplicateError as exc:  # another desk took the same TID just now
            if exc.column != "tid" or attempt == 2:
                raise
    events.notify(events.TICKETS)
    return get_ticket(ticket.id)


def update_ticket(
    ticket_id: int,
    data: Mapping[str, Any],
    now: datetime,
    expected_version: int,
    calendar: BusinessCalendar | None = None,
) -> Ticket:
    """Change a ticket's details (subject, description, portal, version, edition,
    urgency, SLA level, assignee).  A new level recomputes the due time."""
    _require_aware(now)
    errors = ErrorCollector()
    with transaction():
        ticket = _load(ticket_id)
        _check_version(ticket, expected_version)
        current = {key: getattr(ticket, key) for key in _EDITABLE}
        fields = _validated_fields({**current, **data}, errors, client=None)
        if fields["sla_level"] != ticket.sla_level and fields["sla_level"] in SLA_LEVELS:
            calendar = calendar or business_calendar()
            client = Client.get_by_id(ticket.client_id)
            day = creation_day(ticket.created_at, calendar)
            resolve_level_into(fields, computed_level(client, day), errors)
        elif not (ticket.sla_override_reason and fields["sla_override_reason"]):
            fields["sla_override_reason"] = ticket.sla_override_reason  # a new one if given
        errors.raise_if_any()
        if fields["sla_level"] != ticket.sla_level:
            fields.update(
                due_fields(
                    ticket.clock_started_at, fields["sla_level"], calendar or business_calendar()
                )
            )
        _write(ticket, fields)
    events.notify(events.TICKETS)
    return get_ticket(ticket_id)


def _status_changes(
    ticket: Ticket, status: str, now: datetime, calendar: BusinessCalendar
) -> dict[str, Any]:
    """The column changes of moving ``ticket`` to ``status`` (transition checked)."""
    if status not in TICKET_STATUSES:
        raise ValidationError(
            "status", _("Unknown ticket status \u201c{value}\u201d.").format(value=status)
        )
    if status not in allowed_transitions(ticket.status):
        raise ValidationError(
            "status",
            _("A ticket that is \u201c{current}\u201d cannot become \u201c{new}\u201d.").format(
                current=status_label(ticket.status), new=status_label(status)
            ),
        )
    changes: dict[str, Any] = {"status": status}
    if ticket.status == "waiting":
        changes.update(_leave_waiting(ticket, now, calendar))
    if status == "waiting":
        changes["waiting_since"] = now
    elif status == "resolved":
        changes["resolved_at"] = now
    elif status == "closed":
        changes["closed_at"] = now
    elif status == "reopened":
        changes.update(resolved_at=None, closed_at=None, waiting_since=None)
        changes.update(_restart_clock(ticket.sla_level, now, calendar))
    elif status == "escalated":
        if not ticket.vendor_ticket_id.strip():
            raise ValidationError(
                "vendor_ticket_id",
                _("Enter the vendor's ticket id to escalate the ticket."),
            )
        changes["sla_level"] = "development"
        changes.update(_restart_clock("development", now, calendar))
    return changes


def set_status(
    ticket_id: int,
    status: str,
    now: datetime,
    expected_version: int | None,
    calendar: BusinessCalendar | None = None,
) -> Ticket:
    """Move a ticket along its workflow (:data:`TRANSITIONS`).

    Waiting pauses the clock; leaving waiting folds the pause into the clock start.
    Reopening restarts the clock.  Escalating needs the vendor's ticket id (use
    :func:`escalate` to give it) and switches the level to "development".
    """
    _require_aware(now)
    with transaction():
        ticket = _load(ticket_id)
        _check_version(ticket, expected_version)
        if status == ticket.status:
            return get_ticket(ticket_id)
        changes = _status_changes(ticket, status, now, calendar or business_calendar())
        _write(ticket, changes)
    events.notify(events.TICKETS)
    return get_ticket(ticket_id)


def escalate(
    ticket_id: int,
    vendor_ticket_id: str,
    now: datetime,
    expected_version: int | None,
    calendar: BusinessCalendar | None = None,
) -> Ticket:
    """Hand the ticket to the vendor's helpdesk under ``vendor_ticket_id``.

    The level becomes "development" (14 calendar days) and the clock restarts now;
    on a ticket already escalated only the vendor's id changes.
    """
    _require_aware(now)
    vendor_id = validate_required(vendor_ticket_id, "vendor_ticket_id")
    check_text(Ticket, {"vendor_ticket_id": vendor_id})
    with transaction():
        ticket = _load(ticket_id)
        _check_version(ticket, expected_version)
        if ticket.status == "escalated":
            changes: dict[str, Any] = {}
        else:
            ticket.vendor_ticket_id = vendor_id
            changes = _status_changes(ticket, "escalated", now, calendar or business_calendar())
        changes["vendor_ticket_id"] = vendor_id
        _write(ticket, changes)
    events.notify(events.TICKETS)
    return get_ticket(ticket_id)


def reopen(
    ticket_id: int,
    now: datetime,
    expected_version: int | None,
    calendar: BusinessCalendar | None = None,
) -> Ticket:
    """Reopen a resolved or closed ticket (003 §5); the response clock restarts."""
    return set_status(ticket_id, "reopened", now, expected_version, calendar)


def add_message(
    ticket_id: int,
    kind: str,
    body: str,
    author: str,
    now: datetime,
    attachments: Iterable[str] = (),
    *,
    status: str | None = None,
    expected_version: int | None = None,
    calendar: BusinessCalendar | None = None,
) -> ThreadEntry:
    """Add a client message, a reply or an internal note to the thread.

    * ``reply``: stops the clock (``first_reply_at``) if it runs; ``status`` chooses
      "in_progress" (default for new and reopened tickets) or "waiting"; the
      status of a resolved or closed ticket does not change.
    * ``client``: on an answered ticket the clock restarts now; a waiting ticket
      goes back to "in progress", a resolved or closed one is reopened.
    * ``note``: never touches the ticket.
    """
    _require_aware(now)
    if kind not in MESSAGE_KINDS:
        raise ValueError(f"unknown message kind {kind!r}")
    if not isinstance(body, str) or not body.strip():
        raise ValidationError("body", _("Write the message first."))
    check_text(TicketMessage, {"body": body, "author": author})
    if status not in (None, "in_progress", "waiting"):
        raise ValueError(f"a reply leaves the ticket in progress or waiting, not {status!r}")
    paths = [str(p).strip() for p in attachments if str(p).strip()]
    with transaction():
        ticket = _load(ticket_id)
        _check_version(ticket, expected_version)
        changes: dict[str, Any] = {}
        cal = calendar or business_calendar()
        if kind == "reply" and ticket.status not in DONE_STATUSES:
            if _unanswered(ticket.first_reply_at, ticket.clock_started_at):
                changes["first_reply_at"] = now
            target = status or ("in_progress" if ticket.status in ("new", "reopened") else None)
            if target is not None and target != ticket.status:
                changes.update(_status_changes(ticket, target, now, cal))
        elif kind == "client":
            if ticket.status in DONE_STATUSES:
                changes.update(_status_changes(ticket, "reopened", now, cal))
            else:
                if ticket.status == "waiting":
                    changes.update(_status_changes(ticket, "in_progress", now, cal))
                if not _unanswered(ticket.first_reply_at, ticket.clock_started_at):
                    changes.update(_restart_clock(ticket.sla_level, now, cal))
        message = TicketMessage.create(
            ticket=ticket.id, kind=kind, author=author.strip(), body=body.strip(), created_at=now
        )
        for path in paths:
            TicketAttachment.create(message=message.id, path=path)
        if changes:
            _write(ticket, changes)
    events.notify(events.TICKETS)
    return ThreadEntry(message.id, kind, message.author, message.body, now, tuple(paths))


def rate(ticket_id: int, rating: int, expected_version: int | None = None) -> Ticket:
    """The client's quality rating 1–5, once the ticket is resolved (003 §5)."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError("rating", _("A rating is a whole number from 1 to 5."))
    with transaction():
        ticket = _load(ticket_id)
        _check_version(ticket, expected_version)
        if ticket.status not in DONE_STATUSES:
            raise ValidationError("rating", _("A ticket can be rated once it is resolved."))
        _write(ticket, {"rating": rating})
    events.notify(events.TICKETS)
    return get_ticket(ticket_id)


def assign(ticket_id: int, assignee: str, expected_version: int | None = None) -> Ticket:
    """Give the ticket to ``assignee`` (a name; empty to unassign)."""
    with transaction():
        ticket = _load(ticket_id)
        _check_version(ticket, expected_version)
        values = {"assignee": (assignee or "").strip()}
        check_text(Ticket, values)
        _write(ticket, values)
    events.notify(events.TICKETS)
    return get_ticket(ticket_id)
