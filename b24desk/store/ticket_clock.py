"""The SLA response clock of a ticket (003 §3): due times, pauses while waiting
for the client, the state at a moment.  Split from :mod:`b24desk.store.tickets`
(which re-exports the public names) so that module stays under 1 000 lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from b24desk.domain.sla import (
    SLA_LEVELS,
    BusinessCalendar,
    elapsed_business_hours,
    response_due,
    response_due_paused,
    sla_state,
)
from b24desk.store.models import Ticket
from b24desk.store.office import business_calendar

__all__ = ["DONE_STATUSES", "TicketSla", "compute_due_at", "due_fields", "ticket_sla"]

DONE_STATUSES = ("resolved", "closed")

# --------------------------------------------------------------------------- the clock


@dataclass(frozen=True)
class TicketSla:
    """The response clock of a ticket at one moment."""

    target_at: datetime
    due_at: datetime
    state: str  # a key of vocabulary.SLA_STATES
    #: Business hours the clock has run (0 when stopped; only from :func:`ticket_sla`).
    elapsed_hours: float


def _unanswered(first_reply_at: datetime | None, clock_started_at: datetime) -> bool:
    return first_reply_at is None or first_reply_at < clock_started_at


def compute_due_at(clock_started_at: datetime, level: str, calendar: BusinessCalendar) -> datetime:
    """The response maximum of a clock started at ``clock_started_at`` (what ``due_at`` holds)."""
    return response_due(clock_started_at, level, calendar)[1]


def due_fields(
    clock_started_at: datetime, level: str, calendar: BusinessCalendar
) -> dict[str, Any]:
    """``target_at`` and ``due_at`` of a clock started at ``clock_started_at``: both are
    stored so that "due soon" and "overdue" are plain SQL comparisons with now."""
    target_at, due_at = response_due(clock_started_at, level, calendar)
    return {"target_at": target_at, "due_at": due_at}


def _clock(
    status: str,
    level: str,
    clock_started_at: datetime,
    first_reply_at: datetime | None,
    waiting_since: datetime | None,
    now: datetime,
    calendar: BusinessCalendar,
    with_elapsed: bool = False,
) -> TicketSla:
    unanswered = _unanswered(first_reply_at, clock_started_at)
    pauses = []
    if status == "waiting" and unanswered and waiting_since is not None and now > waiting_since:
        pauses.append((waiting_since, now))
    target_at, due_at = response_due_paused(clock_started_at, level, calendar, pauses)
    tz = calendar.tz
    target_at, due_at = target_at.astimezone(tz), due_at.astimezone(tz)
    elapsed = 0.0
    if status in DONE_STATUSES:
        state = "done"
    elif not unanswered:
        state = "answered"
    elif status == "waiting":
        state = "paused"
    else:
        state = sla_state(now, target_at, due_at)
        if with_elapsed and SLA_LEVELS[level].unit == "business_hours":
            elapsed = elapsed_business_hours(clock_started_at, now, calendar)
    return TicketSla(target_at, due_at, state, elapsed)


def ticket_sla(
    ticket: Ticket, now: datetime, calendar: BusinessCalendar | None = None
) -> TicketSla:
    """The SLA clock of ``ticket`` at ``now`` (target, maximum, state)."""
    return _clock(
        ticket.status,
        ticket.sla_level,
        ticket.clock_started_at,
        ticket.first_reply_at,
        ticket.waiting_since,
        now,
        calendar or business_calendar(),
        with_elapsed=True,
    )


def _paused_start(ticket: Ticket, now: datetime, calendar: BusinessCalendar) -> datetime | None:
    """The clock start with the current waiting pause folded in (None: unchanged)."""
    begin = ticket.waiting_since
    start = ticket.clock_started_at
    if begin is None or not _unanswered(ticket.first_reply_at, start) or now <= begin:
        return None
    maximum = compute_due_at(start, ticket.sla_level, calendar)
    end = min(now, maximum)
    if end <= begin:
        return None  # the pause began after the maximum: overdue stays overdue
    if SLA_LEVELS[ticket.sla_level].unit == "calendar_days":
        return start + (end - begin)
    paused = calendar.business_time_between(begin, end)
    if paused <= timedelta(0):
        return None
    return calendar.add_business_time(start, paused)


def _restart_clock(level: str, now: datetime, calendar: BusinessCalendar) -> dict[str, Any]:
    return {
        "clock_started_at": now,
        "first_reply_at": None,
        **due_fields(now, level, calendar),
    }


def _leave_waiting(ticket: Ticket, now: datetime, calendar: BusinessCalendar) -> dict[str, Any]:
    changes: dict[str, Any] = {"waiting_since": None}
    start = _paused_start(ticket, now, calendar)
    if start is not None:
        changes["clock_started_at"] = start
        changes.update(due_fields(start, ticket.sla_level, calendar))
    return changes
