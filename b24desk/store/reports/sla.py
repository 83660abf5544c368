"""Tickets per month and SLA compliance (issue #17.5).

Tickets are counted in the month they were created, in the office's time zone.
Each ticket's response clock as stored (``clock_started_at``, ``first_reply_at``,
``target_at``, ``due_at`` — the latest clock: a ticket the client wrote to again,
or that was reopened, is judged on its latest response) has the outcome of
:func:`b24desk.domain.sla.response_outcome` at the end of the span's last day:
answered within the target, within the maximum, late, missed (unanswered past the
maximum) or pending.  The shares are of the decided tickets (all but pending): the
share answered within the target, and within the maximum.  The database counts the
tickets per month and outcome; Python only divides.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import peewee

from b24desk.domain.sla import ResponseOutcome
from b24desk.i18n import N_
from b24desk.store.models import Client, Ticket
from b24desk.store.office import get_office
from b24desk.store.report_shape import (
    Cell,
    Chart,
    Column,
    Drill,
    RecordRef,
    Report,
    ReportRow,
    ReportSpan,
)
from b24desk.store.reports.common import filters_of, rows_of, title

__all__ = ["TITLE", "build_sla", "outcome_expression", "sla_records"]

TITLE = N_("Tickets and SLA compliance")

_DONE = ("resolved", "closed")
_SHARE = Decimal("0.0001")
#: Which outcomes each figure counts (drills use the same sets).
_FIGURES: dict[str, tuple[ResponseOutcome, ...] | None] = {
    "tickets": None,
    "within_target": ("target",),
    "within_max": ("target", "maximum"),
    "missed": ("late", "missed"),
    "pending": ("pending",),
    "share_target": ("target", "maximum", "late", "missed"),
    "share_max": ("target", "maximum", "late", "missed"),
}


def _zone() -> ZoneInfo:
    try:
        return ZoneInfo(get_office().timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    """The start of ``day`` in the office's zone, as a UTC moment."""
    return datetime.combine(day, time(0), zone).astimezone(UTC)


def outcome_expression(as_of: datetime) -> peewee.ColumnBase:
    """SQL: :func:`b24desk.domain.sla.response_outcome` of each ticket at ``as_of``."""
    reply = Ticket.first_reply_at
    answered = reply.is_null(False) & (reply >= Ticket.clock_started_at)
    stopped = peewee.Case(
        None,
        (
            (Ticket.status.in_(_DONE), peewee.fn.COALESCE(Ticket.resolved_at, Ticket.closed_at)),
            (Ticket.status == "waiting", Ticket.waiting_since),
        ),
        None,
    )
    missed = (Ticket.due_at < as_of) & (stopped.is_null() | (Ticket.due_at < stopped))
    return peewee.Case(
        None,
        (
            (answered & (reply <= Ticket.target_at), "target"),
            (answered & (Ticket.due_at.is_null() | (reply <= Ticket.due_at)), "maximum"),
            (answered, "late"),
            (missed, "missed"),
        ),
        "pending",
    )


def _months(span: ReportSpan, zone: ZoneInfo) -> list[tuple[str, datetime, datetime]]:
    """Each month the span touches: ("2026-03", first moment, end moment), clipped."""
    months: list[tuple[str, datetime, datetime]] = []
    first = span.start.replace(day=1)
    end = span.end + timedelta(days=1)
    while first <= span.end:
        following = (first + timedelta(days=32)).replace(day=1)
        months.append(
            (
                first.strftime("%Y-%m"),
                _midnight(max(first, span.start), zone),
                _midnight(min(following, end), zone),
            )
        )
        first = following
    return months


def _month_expression(months: list[tuple[str, datetime, datetime]]) -> peewee.ColumnBase:
    whens = [(Ticket.created_at >= start, key) for key, start, _end in reversed(months)]
    return peewee.Case(None, whens, None)


def _span_moments(span: ReportSpan, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return _midnight(span.start, zone), _midnight(span.end + timedelta(days=1), zone)


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(_SHARE) if whole else None


def build_sla(span: ReportSpan) -> Report:
    zone = _zone()
    start, end = _span_moments(span, zone)
    months = _months(span, zone)
    inner = Ticket.select(
        _month_expression(months).alias("month"),
        outcome_expression(end).alias("outcome"),
    ).where((Ticket.created_at >= start) & (Ticket.created_at < end))
    o = inner.alias("o")
    query = o.select_from(o.c.month, o.c.outcome, peewee.fn.COUNT(peewee.SQL("*"))).group_by(
        o.c.month, o.c.outcome
    )
    counts: dict[str, Counter[str]] = {key: Counter() for key, _s, _e in months}
    for month, outcome, count in rows_of(query):
        counts[str(month)][str(outcome)] += int(count)

    def figures(c: Counter[str]) -> dict[str, int]:
        return {
            key: sum(c.values()) if outcomes is None else sum(c[o] for o in outcomes)
            for key, outcomes in _FIGURES.items()
            if not key.startswith("share")
        }

    def drill(first: datetime, last: datetime, figure: str) -> Drill:
        return Drill(
            "ticket",
            (
                ("report", "sla"),
                ("from", first),
                ("to", last),
                ("as_of", end),
                ("outcomes", _FIGURES[figure]),
            ),
        )

    def row(
        key: str, label: str | None, c: Counter[str], first: datetime, last: datetime
    ) -> ReportRow:
        f = figures(c)
        decided = f["tickets"] - f["pending"]
        cells: tuple[Cell, ...] = (
            label, f["tickets"], f["within_target"], f["within_max"], f["missed"], f["pending"],
            _share(f["within_target"], decided), _share(f["within_max"], decided),
        )  # fmt: skip
        drills = {k: drill(first, last, k) for k in _FIGURES if f.get(k, decided)}
        return ReportRow(key, cells, drills)

    rows = [row(key, key, counts[key], first, last) for key, first, last in months]
    total_counts: Counter[str] = Counter()
    for c in counts.values():
        total_counts.update(c)
    columns = (
        Column("month", title(N_("Month")), "text"),
        Column("tickets", title(N_("Tickets")), "count"),
        Column("within_target", title(N_("Answered within target")), "count"),
        Column("within_max", title(N_("Answered within maximum")), "count"),
        Column("missed", title(N_("Missed maximum")), "count"),
        Column("pending", title(N_("Not decided")), "count"),
        Column("share_target", title(N_("Within target %")), "percent"),
        Column("share_max", title(N_("Within maximum %")), "percent"),
    )
    return Report(
        key="sla",
        title=title(TITLE),
        span=span,
        currency=get_office().default_currency.upper(),
        columns=columns,
        rows=rows,
        total=row("total", None, total_counts, start, end),
        chart=Chart("bar", "month", ("share_target", "share_max")),
    )


def sla_records(drill: Drill, limit: int) -> list[RecordRef]:
    """The tickets behind an SLA figure, oldest first (no amount)."""
    f = filters_of(drill.filters)
    query = (
        Ticket.select(Ticket.id, Ticket.tid, Client.company, Ticket.created_at)
        .join(Client)
        .where((Ticket.created_at >= f["from"]) & (Ticket.created_at < f["to"]))
    )
    outcomes: Any = f.get("outcomes")
    if outcomes is not None:
        query = query.where(outcome_expression(f["as_of"]).in_(list(outcomes)))
    zone = _zone()
    query = query.order_by(Ticket.created_at, Ticket.id).limit(limit)
    return [
        RecordRef(
            kind="ticket",
            id=ticket_id,
            label=str(tid),
            client=str(company),
            day=created.astimezone(zone).date() if created is not None else None,
            amount=None,
            currency="",
        )
        for ticket_id, tid, company, created in rows_of(query)
    ]
