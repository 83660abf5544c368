"""Support tickets: creation, the SLA clock, the workflow and the queue, over a real database.

Expected moments are worked out by hand in the comments (NZ office: Auckland time,
09:00–18:00 Monday to Friday, 9 business hours a day; November 2026 is NZDT and has
no national public holiday), never by calling the code under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from zoneinfo import ZoneInfo

import peewee
import pytest

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.sla import response_due_paused
from b24desk.store import events
from b24desk.store import models as m
from b24desk.store import tickets as store
from b24desk.store.errors import StaleRecordError
from b24desk.store.office import business_calendar

NZ = ZoneInfo("Pacific/Auckland")


def nz(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A moment of November 2026 in Auckland (16 Nov 2026 is a Monday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=NZ)


def paid_plan(kind: str = "cloud") -> m.Plan:
    plan, _created = m.Plan.get_or_create(
        code=f"test-{kind}", defaults={"name": f"Paid {kind}", "kind": kind, "paid": True}
    )
    return plan


def give_commercial_cover(client: m.Client) -> None:
    """A paid subscription (cloud) or licence (self-hosted) active through 2027, so that
    the client's tickets of November 2026 get the commercial level (003 §2.6)."""
    kind = "cloud" if client.hosting == "cloud" else "on_premise"
    m.Subscription.create(
        client=client,
        plan=paid_plan(kind),
        kind=kind,
        starts_on=date(2026, 1, 1),
        paid_until=date(2027, 12, 31) if kind == "cloud" else None,
        updates_until=date(2027, 12, 31) if kind == "on_premise" else None,
    )


def make_client(
    company: str = "Acme Ltd", *, commercial: bool = True, **fields: object
) -> m.Client:
    """A client; ``commercial`` gives it a paid subscription active in 2026–2027."""
    values: dict[str, object] = {
        "company": company,
        "contact_person": "Jane Doe",
        "portal_url": "https://acme.bitrix24.com",
        "hosting": "cloud",
    }
    values.update(fields)
    client = m.Client.create(**values)
    if commercial:
        give_commercial_cover(client)
    return client


def make_ticket(
    client: m.Client | None = None, at: datetime | None = None, **data: object
) -> m.Ticket:
    client = client or make_client()
    values: dict[str, object] = {"client_id": client.id, "subject": "Portal is slow"}
    values.update(data)
    return store.create_ticket(values, at or nz(16, 10))


def fresh(ticket: m.Ticket) -> m.Ticket:
    return store.get_ticket(ticket.id)


def same_moment(a: datetime | None, b: datetime) -> bool:
    return a is not None and a.astimezone(UTC) == b.astimezone(UTC)


def listing_rows(now: datetime, **filters: object) -> list[store.TicketRow]:
    listing = store.ticket_listing(now)
    return listing.page(0, 500, "", dict(filters))


# --------------------------------------------------------------------------- creation


def test_create_ticket_numbers_defaults_and_clock(db: peewee.Database) -> None:
    client = make_client(portal_url="https://acme.bitrix24.com")
    first = make_ticket(client)
    second = make_ticket(client, at=nz(16, 11))
    assert (first.tid, second.tid) == ("T-000001", "T-000002")
    assert first.status == "new"
    assert first.sla_level == "commercial_cloud"  # commercial client, cloud
    assert first.portal_url == "https://acme.bitrix24.com"  # from the client
    assert first.client.company == "Acme Ltd"
    # 8/16 business hours from Monday 10:00: Mon 10–18 is 8 h, Tue 09–17 another 8.
    assert same_moment(first.clock_started_at, nz(16, 10))
    assert same_moment(first.due_at, nz(17, 17))
    sla = store.ticket_sla(first, nz(16, 12))
    assert same_moment(sla.target_at, nz(16, 18))
    assert sla.state == "on_track"
    assert sla.elapsed_hours == pytest.approx(2.0)


def test_level_follows_the_client_subscriptions_unless_overridden_with_a_reason(
    db: peewee.Database,
) -> None:
    """003 §2.5.3: non-commercial support for "owners of non-commercial and
    not-for-resale / NFR versions"; a level other than the computed one needs a reason."""
    charity = make_client("Helping Hands", commercial=False, hosting="self_hosted")
    first = make_ticket(charity)
    assert (first.sla_level, first.sla_override_reason) == ("noncommercial_self_hosted", "")
    with pytest.raises(ValidationErrors) as caught:
        make_ticket(charity, sla_level="non_product", urgency="high")
    assert set(caught.value.by_field) == {"sla_override_reason"}
    chosen = make_ticket(
        charity, sla_level="non_product", urgency="high", sla_override_reason=" How-to "
    )
    assert (chosen.sla_level, chosen.urgency) == ("non_product", "high")
    assert fresh(chosen).sla_override_reason == "How-to"


def test_next_tid_counts_numerically_past_six_digits(db: peewee.Database) -> None:
    client = make_client()
    for tid in ("T-000009", "T-999999", "T-1000000", "LEGACY-7"):
        m.Ticket.create(tid=tid, client=client, subject="old", sla_level="commercial_cloud")
    assert store.next_tid() == "T-1000001"


def test_create_ticket_names_every_bad_field(db: peewee.Database) -> None:
    with pytest.raises(ValidationErrors) as caught:
        store.create_ticket({"subject": "  ", "portal_url": "not a url"}, nz(16, 10))
    assert set(caught.value.by_field) == {"client", "subject", "portal_url"}
    archived = make_client("Gone Ltd", archived=True)
    with pytest.raises(ValidationErrors) as caught:
        store.create_ticket({"client_id": archived.id, "subject": "x"}, nz(16, 10))
    assert set(caught.value.by_field) == {"client"}
    assert m.Ticket.select().count() == 0


def test_create_ticket_notifies_the_tickets_listeners(db: peewee.Database) -> None:
    heard: list[str] = []
    events.subscribe(heard.append)
    try:
        make_ticket()
    finally:
        events.unsubscribe(heard.append)
    assert events.TICKETS in heard


# --------------------------------------------------------------------------- the clock


def test_sla_state_at_fixed_times(db: peewee.Database) -> None:
    ticket = make_ticket(at=nz(16, 10))  # commercial cloud, 8/16 business hours
    # Mon 16:00: 6 business hours used, under the target of 8.
    assert [r.sla_state for r in listing_rows(nz(16, 16))] == ["on_track"]
    # Tue 11:00: Mon 10–18 (8 h) + Tue 09–11 (2 h) = 10 h, past the target.
    assert [r.sla_state for r in listing_rows(nz(17, 11))] == ["due_soon"]
    # Wed 10:30: 8 + 9 + 1.5 = 18.5 h, past the maximum of 16.
    assert [r.sla_state for r in listing_rows(nz(18, 10, 30))] == ["overdue"]
    # At the target itself a ticket is still on track (strictly past counts).
    assert store.ticket_sla(fresh(ticket), nz(16, 18)).state == "on_track"


def test_sla_filters_match_the_states(db: peewee.Database) -> None:
    client = make_client()
    on_track = make_ticket(client, at=nz(17, 10))  # target Tue 18:00
    due_soon = make_ticket(client, at=nz(16, 10))  # target Mon 18:00, max Tue 17:00
    overdue = make_ticket(client, at=nz(13, 10))  # Fri 13th: max Mon 16th 17:00
    answered = make_ticket(client, at=nz(16, 9))
    store.add_message(answered.id, "reply", "On it", "Kate", nz(16, 9, 30))
    paused = make_ticket(client, at=nz(17, 9))
    store.set_status(paused.id, "waiting", nz(17, 9, 30), 1)
    done = make_ticket(client, at=nz(17, 9))
    store.set_status(done.id, "resolved", nz(17, 10), 1)
    now = nz(17, 11)
    expected = {
        "on_track": on_track.id,
        "due_soon": due_soon.id,
        "overdue": overdue.id,
        "answered": answered.id,
        "paused": paused.id,
        "done": done.id,
    }
    for state, ticket_id in expected.items():
        rows = listing_rows(now, status="all", sla=state)
        assert [r.id for r in rows] == [ticket_id], state
        assert rows[0].sla_state == state
    # The same listing sees a change made after it first counted.
    listing = store.ticket_listing(now)
    assert listing.count("", {"sla": "due_soon"}) == 1
    store.add_message(due_soon.id, "reply", "Answer", "Kate", nz(17, 10, 30))
    assert listing.count("", {"sla": "due_soon"}) == 0
    assert listing.count("", {"sla": "answered"}) == 2
    # The default "open" filter hides the resolved ticket.
    assert len(listing_rows(now, status="open")) == 5
    assert len(listing_rows(now, status="all")) == 6


def test_reply_stops_the_clock_and_notes_never_touch_it(db: peewee.Database) -> None:
    ticket = make_ticket(at=nz(16, 10))
    store.add_message(ticket.id, "note", "Looks like a cache problem", "Kate", nz(16, 11))
    noted = fresh(ticket)
    assert (noted.version, noted.status, noted.first_reply_at) == (ticket.version, "new", None)
    store.add_message(ticket.id, "reply", "We are on it", "Kate", nz(16, 12))
    replied = fresh(ticket)
    assert replied.status == "in_progress"
    assert same_moment(replied.first_reply_at, nz(16, 12))
    assert store.ticket_sla(replied, nz(18, 12)).state == "answered"  # no longer overdue
    # A second reply does not move the first-reply moment.
    store.add_message(ticket.id, "reply", "Still on it", "Kate", nz(16, 15))
    assert same_moment(fresh(ticket).first_reply_at, nz(16, 12))


def test_waiting_pauses_the_clock_and_folds_the_pause_in(db: peewee.Database) -> None:
    ticket = make_ticket(at=nz(16, 10))
    # Waiting (without a reply) from Mon 12:00 to Tue 12:00.
    waiting = store.set_status(ticket.id, "waiting", nz(16, 12), ticket.version)
    assert same_moment(waiting.waiting_since, nz(16, 12))
    assert store.ticket_sla(waiting, nz(17, 11)).state == "paused"
    assert [r.id for r in listing_rows(nz(17, 11), sla="paused")] == [ticket.id]
    assert listing_rows(nz(18, 11), sla="overdue") == []
    back = store.set_status(ticket.id, "in_progress", nz(17, 12), waiting.version)
    # Paused: Mon 12–18 (6 h) + Tue 09–12 (3 h) = 9 business hours.  The clock start
    # moves from Mon 10:00 by 9 business hours: Mon 10–18 (8 h) + 1 h = Tue 10:00.
    assert back.waiting_since is None
    assert same_moment(back.clock_started_at, nz(17, 10))
    # Maximum 16 h from Tue 10:00: Tue 10–18 (8 h) + Wed 09–17 (8 h) = Wed 17:00.
    assert same_moment(back.due_at, nz(18, 17))
    # The same as the domain's pause-aware computation from the original start.
    _target, paused_due = response_due_paused(
        nz(16, 10), "commercial_cloud", business_calendar(), [(nz(16, 12), nz(17, 12))]
    )
    assert same_moment(back.due_at, paused_due)


def test_a_pause_after_the_maximum_does_not_excuse_an_overdue_ticket(
    db: peewee.Database,
) -> None:
    ticket = make_ticket(at=nz(16, 10))  # maximum Tue 17:00
    waiting = store.set_status(ticket.id, "waiting", nz(18, 10), ticket.version)
    back = store.set_status(ticket.id, "in_progress", nz(19, 10), waiting.version)
    assert same_moment(back.due_at, nz(17, 17))
    assert store.ticket_sla(back, nz(19, 10)).state == "overdue"


def test_client_message_restarts_the_clock_of_an_answered_ticket(db: peewee.Database) -> None:
    ticket = make_ticket(at=nz(16, 10))
    store.add_message(
        ticket.id, "reply", "Send a screenshot?", "Kate", nz(16, 11), status="waiting"
    )
    asked = fresh(ticket)
    assert asked.status == "waiting"
    assert store.ticket_sla(asked, nz(16, 12)).state == "answered"
    store.add_message(
        ticket.id, "client", "Here it is", "Jane", nz(18, 12), attachments=["/tmp/shot.png"]
    )
    again = fresh(ticket)
    assert again.status == "in_progress"
    assert again.first_reply_at is None
    assert again.waiting_since is None
    assert same_moment(again.clock_started_at, nz(18, 12))
    # 16 h from Wed 12:00: Wed 12–18 (6 h) + Thu 09–18 (9 h) + Fri 09–10 (1 h).
    assert same_moment(again.due_at, nz(20, 10))
    # A second client message before any answer does not move the clock.
    store.add_message(ticket.id, "client", "Any news?", "Jane", nz(18, 15))
    assert same_moment(fresh(ticket).clock_started_at, nz(18, 12))
    thread = store.ticket_thread(ticket.id)
    assert [(e.kind, e.body) for e in thread] == [
        ("reply", "Send a screenshot?"),
        ("client", "Here it is"),
        ("client", "Any news?"),
    ]
    assert thread[1].attachments == ("/tmp/shot.png",)


def test_client_message_reopens_a_resolved_ticket(db: peewee.Database) -> None:
    ticket = make_ticket(at=nz(16, 10))
    store.add_message(ticket.id, "reply", "Fixed", "Kate", nz(16, 11))
    resolved = store.set_status(ticket.id, "resolved", nz(16, 12), fresh(ticket).version)
    assert same_moment(resolved.resolved_at, nz(16, 12))
    store.add_message(ticket.id, "client", "It broke again", "Jane", nz(17, 9))
    reopened = fresh(ticket)
    assert reopened.status == "reopened"
    assert reopened.resolved_at is None
    assert same_moment(reopened.clock_started_at, nz(17, 9))


def test_escalation_needs_the_vendor_id_and_gives_fourteen_days(db: peewee.Database) -> None:
    ticket = make_ticket(at=nz(16, 10))
    with pytest.raises(ValidationError) as caught:
        store.set_status(ticket.id, "escalated", nz(17, 10), ticket.version)
    assert caught.value.field == "vendor_ticket_id"
    with pytest.raises(ValidationError) as caught:
        store.escalate(ticket.id, "   ", nz(17, 10), ticket.version)
    assert caught.value.field == "vendor_ticket_id"
    escalated = store.escalate(ticket.id, " HD-4711 ", nz(17, 10), ticket.version)
    assert (escalated.status, escalated.sla_level) == ("escalated", "development")
    assert escalated.vendor_ticket_id == "HD-4711"
    # 14 calendar days from Tue 17 Nov 10:00, same wall time: Tue 1 Dec 10:00.
    assert same_moment(escalated.due_at, nz(1, 10, month=12))
    assert store.ticket_sla(escalated, nz(30, 10)).state == "on_track"
    assert store.ticket_sla(escalated, nz(1, 11, month=12)).state == "overdue"


def test_workflow_transitions_are_enforced(db: peewee.Database) -> None:
    ticket = make_ticket(at=nz(16, 10))
    with pytest.raises(ValidationError):
        store.set_status(ticket.id, "closed", nz(16, 11), ticket.version)
    with pytest.raises(ValidationError):
        store.reopen(ticket.id, nz(16, 11), ticket.version)
    t = store.set_status(ticket.id, "in_progress", nz(16, 11), ticket.version)
    t = store.set_status(ticket.id, "resolved", nz(16, 12), t.version)
    with pytest.raises(ValidationError):
        store.set_status(ticket.id, "in_progress", nz(16, 13), t.version)
    t = store.set_status(ticket.id, "closed", nz(16, 13), t.version)
    assert same_moment(t.closed_at, nz(16, 13))
    t = store.reopen(ticket.id, nz(17, 9), t.version)
    assert (t.status, t.closed_at, t.resolved_at) == ("reopened", None, None)
    # Reopening restarts the clock: 16 h from Tue 09:00 is Tue 18:00 + 7 h = Wed 16:00.
    assert same_moment(t.due_at, nz(18, 16))


def test_rating_only_after_resolution(db: peewee.Database) -> None:
    ticket = make_ticket()
    with pytest.raises(ValidationError) as caught:
        store.rate(ticket.id, 5)
    assert caught.value.field == "rating"
    resolved = store.set_status(ticket.id, "resolved", nz(16, 12), ticket.version)
    for bad in (0, 6, True):
        with pytest.raises(ValidationError):
            store.rate(ticket.id, bad)  # type: ignore[arg-type]
    assert store.rate(ticket.id, 4, resolved.version).rating == 4


def test_stale_updates_raise_and_change_nothing(db: peewee.Database) -> None:
    ticket = make_ticket()
    store.assign(ticket.id, "Kate", ticket.version)
    with pytest.raises(StaleRecordError) as caught:
        store.set_status(ticket.id, "in_progress", nz(16, 11), ticket.version)
    assert "T-000001" in str(caught.value)
    with pytest.raises(StaleRecordError):
        store.update_ticket(ticket.id, {"subject": "New"}, nz(16, 11), ticket.version)
    with pytest.raises(StaleRecordError):
        store.escalate(ticket.id, "HD-1", nz(16, 11), ticket.version)
    now = fresh(ticket)
    assert (now.status, now.subject, now.assignee, now.version) == (
        "new",
        "Portal is slow",
        "Kate",
        ticket.version + 1,
    )


def test_update_ticket_keeps_what_it_is_not_given_and_recomputes_the_due_time(
    db: peewee.Database,
) -> None:
    ticket = make_ticket(at=nz(16, 10), product_version="24.100.0")
    changed = store.update_ticket(
        ticket.id,
        {"sla_level": "non_product", "edition": "Professional", "sla_override_reason": "How-to"},
        nz(16, 11),
        1,
    )
    assert changed.product_version == "24.100.0"
    assert changed.edition == "Professional"
    # 72 business hours from Mon 16 10:00: Mon 8 h, Tue 17–Fri 20 4 × 9 = 36 h (44),
    # Mon 23–Wed 25 3 × 9 = 27 h (71), and Thu 26 09:00–10:00 the last hour.
    assert same_moment(changed.due_at, nz(26, 10))
    with pytest.raises(ValidationErrors) as caught:
        store.update_ticket(ticket.id, {"subject": ""}, nz(16, 11), changed.version)
    assert set(caught.value.by_field) == {"subject"}


def test_missing_information(db: peewee.Database) -> None:
    bare = make_ticket(make_client(portal_url=""))
    assert store.missing_information(bare) == [
        "Problem description with steps to reproduce",
        "Portal URL",
        "Product version",
        "Edition",
    ]
    full = make_ticket(
        description="1. Open CRM\n2. Click Deals",
        product_version="24.100.0",
        edition="Standard",
    )
    assert store.missing_information(full) == []
    half = make_ticket(description="It fails", edition="Standard")
    assert store.missing_information(half) == ["Product version"]


def test_message_needs_a_body(db: peewee.Database) -> None:
    ticket = make_ticket()
    with pytest.raises(ValidationError) as caught:
        store.add_message(ticket.id, "reply", "   ", "Kate", nz(16, 11))
    assert caught.value.field == "body"
    assert store.ticket_thread(ticket.id) == []


# --------------------------------------------------------------------------- the queue


def test_queue_puts_high_urgency_first_then_due_time(db: peewee.Database) -> None:
    client = make_client()
    early = make_ticket(client, at=nz(16, 9), subject="early")
    late = make_ticket(client, at=nz(17, 9), subject="late")
    answered = make_ticket(client, at=nz(13, 9), subject="answered")
    store.add_message(answered.id, "reply", "Done soon", "Kate", nz(13, 10))
    urgent = make_ticket(client, at=nz(18, 9), subject="urgent", urgency="high")
    rows = listing_rows(nz(18, 10))
    assert [r.id for r in rows] == [urgent.id, early.id, late.id, answered.id]


def test_every_column_sorts_in_sql_and_search_finds(db: peewee.Database) -> None:
    acme, zeta = make_client("Acme Ltd"), make_client("Zeta Corp")
    a = make_ticket(acme, subject="Mail broken", assignee="Kate")
    z = make_ticket(zeta, subject="CRM broken", assignee="Mike")
    store.escalate(z.id, "HD-777", nz(16, 11), z.version)
    listing = store.ticket_listing(nz(16, 12))
    for key in ("tid", "client", "subject", "urgency", "level", "status", "assignee"):
        assert key in listing.sort_keys
    for key in listing.sort_keys:
        asc = [r.id for r in listing.page(0, 10, "", {}, key, False)]
        desc = [r.id for r in listing.page(0, 10, "", {}, key, True)]
        assert sorted(asc) == sorted(desc) == sorted([a.id, z.id]), key
    assert [r.id for r in listing.page(0, 10, "", {}, "client", True)] == [z.id, a.id]
    assert [r.id for r in listing.page(0, 10, "", {}, "level", False)] == [a.id, z.id]
    for text, found in (
        ("T-000002", z.id),
        ("zeta", z.id),
        ("mail", a.id),
        ("hd-777", z.id),
        ("kate", a.id),
    ):
        assert [r.id for r in listing.page(0, 10, text)] == [found], text
        assert listing.count(text) == 1
    assert listing.count("", {"status": "escalated"}) == 1
    assert listing.count("", {"urgency": "high"}) == 0


def test_recompute_due_times_fills_two_thousand_tickets_quickly(db: peewee.Database) -> None:
    client = make_client()
    # Monday 16 Nov 10:00 NZDT, and then every ten minutes.
    start = nz(16, 10)
    rows = [
        {
            "tid": f"T-{i:06d}",
            "client": client.id,
            "subject": f"Imported {i}",
            "sla_level": "commercial_cloud" if i % 2 == 0 else "development",
            "created_at": start + timedelta(minutes=10 * i),
            "clock_started_at": start + timedelta(minutes=10 * i),
        }
        for i in range(2000)
    ]
    with db.atomic():
        for chunk in range(0, len(rows), 200):
            m.Ticket.insert_many(rows[chunk : chunk + 200]).execute()
    assert m.Ticket.select().where(m.Ticket.due_at.is_null()).count() == 2000
    assert store.missing_due_times()
    written = store.recompute_due_times(business_calendar())  # its speed: benchmarks/
    assert written == 2000
    assert m.Ticket.select().where(m.Ticket.due_at.is_null()).count() == 0
    assert not store.missing_due_times()
    first = m.Ticket.get(m.Ticket.tid == "T-000000")  # commercial cloud, Mon 10:00
    assert same_moment(first.due_at, nz(17, 17))
    second = m.Ticket.get(m.Ticket.tid == "T-000001")  # development, Mon 10:10
    assert same_moment(second.due_at, nz(30, 10, 10))
    assert store.recompute_due_times(business_calendar()) == 0
    assert store.recompute_due_times(business_calendar(), only_missing=False) == 2000


def test_assign_and_known_assignees(db: peewee.Database) -> None:
    ticket = make_ticket()
    assert store.assign(ticket.id, "  Kate ").assignee == "Kate"
    make_ticket(assignee="Mike")
    assert store.known_assignees() == ["Kate", "Mike"]


def test_changing_office_hours_moves_stored_due_times(db: peewee.Database) -> None:
    from b24desk.store.office import get_office, update_office

    client = make_client("Hours Ltd")  # commercial cloud: 8 business hours to target
    created = datetime(2026, 11, 16, 10, 0, tzinfo=ZoneInfo("Pacific/Auckland"))  # Monday
    ticket = store.create_ticket(
        {"client_id": client.id, "subject": "Help", "sla_level": "commercial_cloud"}, created
    )
    nz = ZoneInfo("Pacific/Auckland")
    assert ticket.target_at.astimezone(nz) == datetime(2026, 11, 16, 18, 0, tzinfo=nz)
    update_office({"closes": dt_time(17, 0)}, get_office().version)
    moved = m.Ticket.get_by_id(ticket.id)
    # 7 business hours on Monday, the 8th at 09:00–10:00 on Tuesday.
    assert moved.target_at.astimezone(nz) == datetime(2026, 11, 17, 10, 0, tzinfo=nz)


def test_office_hours_and_due_times_change_in_one_transaction(
    db: peewee.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """store/office does not import store/tickets: tickets follow the office-calendar
    notice inside update_office's transaction, so a failing recompute keeps the old
    hours and the old due times together."""
    from b24desk.store.office import get_office, update_office

    client = make_client("Atomic Ltd")
    created = datetime(2026, 11, 16, 10, 0, tzinfo=ZoneInfo("Pacific/Auckland"))
    ticket = store.create_ticket(
        {"client_id": client.id, "subject": "Help", "sla_level": "commercial_cloud"}, created
    )
    due_before = m.Ticket.get_by_id(ticket.id).due_at

    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("recompute failed")

    monkeypatch.setattr(store, "recompute_due_times", broken)
    seen: list[str] = []
    events.subscribe(seen.append)
    try:
        with pytest.raises(RuntimeError):
            update_office({"closes": dt_time(17, 0)}, get_office().version)
    finally:
        events.unsubscribe(seen.append)
    assert get_office().closes.strftime("%H:%M") == "18:00"
    assert m.Ticket.get_by_id(ticket.id).due_at == due_before
    assert seen == []  # nothing announced for a change that did not happen
