"""Tickets per month and SLA compliance (issue #17.5) on hand-made tickets.

003 §2.6 gives each level a response target and a maximum; the report shows the
share of tickets answered within each.  "Past" is strictly after (domain.sla): a
reply at the target moment itself is within the target."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import peewee
import pytest

from b24desk.domain.sla import response_outcome
from b24desk.store import models as m
from b24desk.store.report_shape import ReportSpan
from b24desk.store.reports import build, drill_records
from b24desk.store.reports.sla import _FIGURES

D = Decimal
SPAN = ReportSpan(date(2026, 1, 1), date(2026, 3, 31))
#: The end of the span's last day in the office's zone (Auckland, NZDT = UTC+13).
AS_OF = datetime(2026, 3, 31, 11, 0, tzinfo=UTC)
H = timedelta(hours=1)


def utc(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture
def tickets(db: peewee.Database) -> dict[str, m.Ticket]:
    client = m.Client.create(company="Kiwi Co")
    made: dict[str, m.Ticket] = {}

    def ticket(name: str, created: datetime, reply: datetime | None = None,
               target: timedelta = 4 * H, due: timedelta = 24 * H, status: str = "new",
               started: datetime | None = None, **more: object) -> None:
        start = started or created
        made[name] = m.Ticket.create(
            tid=f"T-{name}", client=client, subject=name, sla_level="commercial_cloud",
            created_at=created, clock_started_at=start, first_reply_at=reply,
            target_at=start + target, due_at=start + due, status=status, **more,
        )  # fmt: skip

    feb = utc(2, 10)
    ticket("A", feb, reply=feb + 4 * H)  # at the target itself: within it
    ticket("B", feb, reply=feb + 4 * H + timedelta(minutes=1))  # past the target
    ticket("C", feb, reply=feb + 24 * H)  # at the maximum itself: within it
    ticket("D", feb, reply=feb + 24 * H + timedelta(minutes=1))  # answered late
    ticket("E", feb)  # never answered, maximum passed: missed
    # waiting for the client since before the maximum: paused, not decided
    ticket("F", feb, status="waiting", waiting_since=feb + 2 * H)
    # began waiting after the maximum had passed: missed all the same
    ticket("G", feb, status="waiting", waiting_since=feb + 30 * H)
    # resolved before its maximum without a reply: not decided
    ticket("H", feb, status="resolved", resolved_at=feb + 3 * H)
    # created 28 Feb 12:00 UTC = 1 March 01:00 in Auckland: a March ticket
    ticket("I", utc(2, 28), reply=utc(2, 28) + H)
    ticket("J", utc(3, 30, 0))  # maximum 31 March 00:00 UTC, before AS_OF: missed
    ticket("K", utc(3, 31, 0), due=48 * H)  # maximum 2 April: not decided yet
    # answered, then the client wrote again: the new clock is unanswered and overdue
    ticket("L", utc(3, 1), reply=utc(3, 1) + H, started=utc(3, 5), status="in_progress")
    # 31 March 12:00 UTC is 1 April in Auckland: outside the span
    ticket("X", utc(3, 31, 12))
    return made


def _row(report, key):  # type: ignore[no-untyped-def]
    row = report.total if key == "total" else next(r for r in report.rows if r.key == key)
    return dict(zip((c.key for c in report.columns), row.cells, strict=True))


def test_shares_within_target_and_maximum_per_month(tickets: dict[str, m.Ticket]) -> None:
    report = build("sla", SPAN)
    assert [r.key for r in report.rows] == ["2026-01", "2026-02", "2026-03"]
    assert _row(report, "2026-01") == {
        "month": "2026-01", "tickets": 0, "within_target": 0, "within_max": 0, "missed": 0,
        "pending": 0, "share_target": None, "share_max": None,
    }  # fmt: skip
    # Feb: A within target; A, B, C within maximum; D late, E and G missed; F, H open
    assert _row(report, "2026-02") == {
        "month": "2026-02", "tickets": 8, "within_target": 1, "within_max": 3, "missed": 3,
        "pending": 2, "share_target": D("0.1667"), "share_max": D("0.5000"),
    }  # fmt: skip
    # March: I within target; J and L missed; K not decided
    assert _row(report, "2026-03") == {
        "month": "2026-03", "tickets": 4, "within_target": 1, "within_max": 1, "missed": 2,
        "pending": 1, "share_target": D("0.3333"), "share_max": D("0.3333"),
    }  # fmt: skip
    total = _row(report, "total")
    assert (total["tickets"], total["share_target"], total["share_max"]) == (
        12, D("0.2222"), D("0.4444"),
    )  # fmt: skip
    assert report.chart is not None and report.chart.series == ("share_target", "share_max")


def test_drills_agree_with_the_domain_rule(tickets: dict[str, m.Ticket]) -> None:
    """Each figure's tickets are those whose outcome (domain.sla.response_outcome) it
    counts: the SQL and the rule never disagree."""
    report = build("sla", SPAN)
    assert report.total is not None
    stopped = {"F": "waiting_since", "G": "waiting_since", "H": "resolved_at"}
    outcome = {
        name: response_outcome(
            t.clock_started_at, t.first_reply_at, t.target_at, t.due_at,
            getattr(t, stopped[name]) if name in stopped else None, AS_OF,
        )
        for name, t in tickets.items()
        if name != "X"
    }  # fmt: skip
    assert outcome["A"] == "target" and outcome["K"] == "pending" and outcome["G"] == "missed"
    for figure, drill in report.total.drills.items():
        wanted = _FIGURES[figure]
        expected = {n for n, o in outcome.items() if wanted is None or o in wanted}
        assert {r.label for r in drill_records(drill)} == {f"T-{n}" for n in expected}, figure
    march = next(r for r in report.rows if r.key == "2026-03")
    assert [r.label for r in drill_records(march.drills["tickets"])] == [
        "T-I", "T-L", "T-J", "T-K",
    ]  # fmt: skip
    assert drill_records(march.drills["tickets"])[0].day == date(2026, 3, 1)  # Auckland's day
