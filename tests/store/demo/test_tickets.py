"""The demo office's support tickets."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from b24desk.domain.sla import response_due
from b24desk.store import models as m
from b24desk.store.office import business_calendar

#: The day the demo office is generated on (the ``demo`` fixture reads it).
TODAY = date(2026, 11, 20)
CYRILLIC = re.compile("[А-Яа-яЁё]")


def test_tickets_in_every_status_with_threads(demo: dict[str, int]) -> None:
    tickets = list(m.Ticket.select().order_by(m.Ticket.id))
    assert {t.status for t in tickets} == set(m.TICKET_STATUSES)
    assert len({t.tid for t in tickets}) == len(tickets)
    assert all(re.fullmatch(r"T-\d{6}", t.tid) for t in tickets)
    assert [t.created_at for t in tickets] == sorted(t.created_at for t in tickets)
    threads: dict[int, list[m.TicketMessage]] = defaultdict(list)
    for msg in m.TicketMessage.select().order_by(m.TicketMessage.id):
        threads[msg.ticket_id].append(msg)
    # Nothing happens after the start of today in Auckland (11:00 UTC the day before).
    limit = datetime(2026, 11, 19, 11, 0, tzinfo=UTC)
    assert {t.urgency for t in tickets} == {"normal", "high"}
    assert Counter(t.urgency for t in tickets)["high"] < len(tickets) / 4
    assert sum(t.created_at >= limit - timedelta(days=3) for t in tickets) >= 15
    assert any(not t.product_version for t in tickets)
    assert any(not t.edition for t in tickets)
    calendar = business_calendar()
    for t in tickets:
        thread = threads[t.id]
        assert thread and thread[0].kind == "client" and thread[0].created_at == t.created_at
        assert [x.created_at for x in thread] == sorted(x.created_at for x in thread)
        assert thread[-1].created_at <= limit
        # The SLA maximum from the clock start, as the Tickets tab keeps it.
        assert t.due_at == response_due(t.clock_started_at, t.sla_level, calendar)[1]
        assert t.created_at <= t.clock_started_at <= limit
        replies = [x.created_at for x in thread if x.kind == "reply"]
        if t.first_reply_at is not None:
            assert t.first_reply_at in replies and t.first_reply_at >= t.clock_started_at
        if t.status in ("in_progress", "waiting", "resolved", "closed", "escalated"):
            assert replies
        if t.status == "new":
            assert not replies and t.first_reply_at is None
        assert (t.waiting_since is not None) == (t.status == "waiting")
        assert (t.resolved_at is not None) == (t.status in ("resolved", "closed"))
        assert (t.closed_at is not None) == (t.status == "closed")
        if t.closed_at is not None:
            assert t.resolved_at <= t.closed_at <= limit
        if t.rating is not None:
            assert t.status in ("resolved", "closed") and 1 <= t.rating <= 5
        assert bool(t.vendor_ticket_id) == (t.status == "escalated")
        for x in thread:
            if x.kind == "client":
                assert x.author == t.client.contact_person
            else:
                assert x.author in ("Aroha", "Ben", "Mere", "Tom")
    assert sum(len(v) for v in threads.values()) / len(tickets) >= 3
    assert any(t.rating for t in tickets)


def test_ticket_sla_level_and_language_follow_the_client(demo: dict[str, int]) -> None:
    tickets = list(m.Ticket.select())
    levels = Counter(t.sla_level for t in tickets)
    assert {"commercial_cloud", "non_product", "development"} <= set(levels)
    for t in tickets:
        client = t.client
        if t.status == "escalated":
            assert t.sla_level == "development"
        elif t.sla_level != "non_product":
            kind = "commercial" if client.support_commercial else "noncommercial"
            hosting = "cloud" if client.hosting == "cloud" else "self_hosted"
            assert t.sla_level == f"{kind}_{hosting}"
        russian = client.doc_language == "ru"
        texts = [t.subject, t.description] + [
            x.body for x in t.messages if x.kind in ("client", "reply")
        ]
        for text in texts:
            assert bool(CYRILLIC.search(text)) == russian, text
    spanish = [t for t in tickets if t.client.doc_language == "es"]
    assert spanish and all(re.search("[áéíóúñ¿]", t.subject + t.description) for t in spanish)
