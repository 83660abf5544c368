"""What needs doing today, section by section, in a small office at a fixed clock:
Friday 20 Nov 2026, 11:00 in Auckland (the widget tests' moment)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import peewee
import pytest

from b24desk.i18n import format_datetime
from b24desk.store import models as m
from b24desk.store.office import business_calendar
from b24desk.store.tickets import recompute_due_times
from b24desk.store.today import (
    SECTIONS,
    coupon_items,
    invoice_items,
    onprem_activation_items,
    partner_items,
    portal_items,
    section_title,
    ticket_items,
    today_items,
)

TODAY = date(2026, 11, 20)
NZ = ZoneInfo("Pacific/Auckland")
NOW = datetime(2026, 11, 20, 11, 0, tzinfo=NZ)
GRACE_DAYS = 15  # a new office's


def nz(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=NZ)


@pytest.fixture
def plan(db: peewee.Database) -> m.Plan:
    return m.Plan.create(code="standard", name="Standard", kind="cloud", seats=50)


def portal(plan: m.Plan, name: str, paid_until: date, **kw: Any) -> m.Client:
    client = m.Client.create(
        company=name,
        portal_url=f"https://{name.lower()}.bitrix24.com",
        archived=kw.pop("client_archived", False),
    )
    values: dict[str, Any] = {
        "client": client,
        "plan": plan,
        "portal_url": client.portal_url,
        "seats": 50,
        "starts_on": paid_until - timedelta(days=365),
        "paid_until": paid_until,
    }
    values.update(kw)
    m.Subscription.create(**values)
    return client


def by_title(items: list[Any]) -> dict[str, Any]:
    return {item.title: item for item in items}


# --------------------------------------------------------------------------- portals


def test_renewals_are_listed_from_30_days_before_the_end(plan: m.Plan) -> None:
    """004's reminders: 30 down to 8 days before (info), 7 down to 1 (warning), on the
    day (danger); 31 days before is not yet."""
    for name, days in (("Thirty", 30), ("Eight", 8), ("Seven", 7), ("Zero", 0), ("Later", 31)):
        portal(plan, name, TODAY + timedelta(days=days))
    items = by_title(portal_items(TODAY, GRACE_DAYS))
    assert set(items) == {"Thirty", "Eight", "Seven", "Zero"}
    assert {i.section for i in items.values()} == {"renewals"}
    severities = {name: item.severity for name, item in items.items()}
    assert severities == {"Thirty": "info", "Eight": "info", "Seven": "warning", "Zero": "danger"}
    assert items["Thirty"].detail == (
        "Standard · https://thirty.bitrix24.com: paid until 20 Dec 2026 (in 30 days)"
    )
    assert items["Zero"].detail.endswith("(today)")
    assert (items["Seven"].kind, items["Seven"].record_id) == (
        "client",
        m.Client.get(m.Client.company == "Seven").id,
    )


def test_archived_renewed_and_on_premise_portals_are_not_chased(plan: m.Plan) -> None:
    portal(plan, "Gone", TODAY, client_archived=True)
    portal(plan, "Closed", TODAY, archived=True)
    portal(plan, "Selfhost", TODAY, kind="on_premise")
    renewed = portal(plan, "Renewed", TODAY + timedelta(days=3))
    m.Subscription.create(  # a newer paid period covers the one that ends
        client=renewed,
        plan=plan,
        seats=50,
        starts_on=TODAY + timedelta(days=4),
        paid_until=TODAY + timedelta(days=300),
    )
    assert portal_items(TODAY, GRACE_DAYS) == []


def test_only_a_newer_live_cloud_period_of_the_same_client_covers_one_that_ends(
    plan: m.Plan,
) -> None:
    """What "renewed since" means, decided in SQL: a later paid_until of the same
    client's cloud subscriptions that are not archived; an archived or on-premise
    later period, another client's, or one ending the same day covers nothing."""

    def later(client: m.Client, days: int, **kw: Any) -> None:
        m.Subscription.create(
            client=client, plan=plan, seats=50, paid_until=TODAY + timedelta(days=days), **kw
        )

    later(portal(plan, "ArchivedLater", TODAY + timedelta(days=7)), 300, archived=True)
    later(portal(plan, "OnPremLater", TODAY), 300, kind="on_premise")
    later(portal(plan, "SameDay", TODAY + timedelta(days=30)), 30)
    twice = portal(plan, "LapsedTwice", TODAY - timedelta(days=60))
    later(twice, -3)  # the newer period is in grace: only it is listed
    later(portal(plan, "Covered", TODAY - timedelta(days=16)), 31)  # renewed after 31 days
    portal(plan, "Other", TODAY + timedelta(days=1))
    items = portal_items(TODAY, GRACE_DAYS)
    found = sorted((item.title, item.section, item.detail.split(": ")[-1]) for item in items)
    assert found == [
        ("ArchivedLater", "renewals", "paid until 27 Nov 2026 (in 7 days)"),
        ("LapsedTwice", "grace", "grace period until 2 Dec 2026"),
        ("OnPremLater", "renewals", "paid until 20 Nov 2026 (today)"),
        ("Other", "renewals", "paid until 21 Nov 2026 (in 1 day)"),
        ("SameDay", "renewals", "paid until 20 Dec 2026 (in 30 days)"),
        ("SameDay", "renewals", "paid until 20 Dec 2026 (in 30 days)"),
    ]


def test_grace_ends_on_its_last_day(plan: m.Plan) -> None:
    portal(plan, "LastGraceDay", TODAY - timedelta(days=GRACE_DAYS))
    portal(plan, "DayAfter", TODAY - timedelta(days=GRACE_DAYS + 1))
    portal(plan, "Yesterday", TODAY - timedelta(days=1))
    sections = {item.title: item.section for item in portal_items(TODAY, GRACE_DAYS)}
    assert sections == {"LastGraceDay": "grace", "DayAfter": "free", "Yesterday": "grace"}


def test_lapsed_portals_by_stage(plan: m.Plan) -> None:
    portal(plan, "Grace", TODAY - timedelta(days=3))
    portal(plan, "Free", TODAY - timedelta(days=20), last_user_login=TODAY - timedelta(days=2))
    portal(plan, "Frozen", date(2026, 9, 21))  # grace ended 6 Oct, froze 7 Nov
    items = by_title(portal_items(TODAY, GRACE_DAYS))
    assert {name: item.section for name, item in items.items()} == {
        "Grace": "grace",
        "Free": "free",
        "Frozen": "frozen",
    }
    assert items["Grace"].detail.endswith("grace period until 2 Dec 2026")  # 17 Nov + 15
    assert "on the free plan since" in items["Free"].detail
    assert "deleted on 22 Nov 2026 unless an administrator logs in" in items["Frozen"].detail
    assert items["Frozen"].severity == "danger"
    # A longer grace period keeps the first one in grace, not later.
    assert by_title(portal_items(TODAY, 30))["Free"].section == "grace"


# --------------------------------------------------------------------------- coupons


def coupon(code: str, days_ago: int, state: str = "in_stock", client: int | None = None) -> int:
    return m.Coupon.create(
        code=code,
        product="cloud_subscription",
        purchased_on=TODAY - timedelta(days=days_ago),
        currency="USD",
        list_price=Decimal("100"),
        partner_cost=Decimal("60"),
        state=state,
        client=client,
    ).id


def test_coupons_are_chased_from_day_five(db: peewee.Database) -> None:
    """001 §2.3: activated within 7 days of purchase; the desk warns from day 5."""
    holder = m.Client.create(company="Holder Ltd").id
    coupon("DAY-FOUR", 4)
    coupon("DAY-FIVE", 5)
    coupon("DAY-SEVEN", 7, "assigned", holder)
    coupon("DAY-EIGHT", 8, "assigned", holder)
    coupon("DAY-THIRTY", 30)
    coupon("DAY-THIRTY-ONE", 31)  # a month gone: no longer on the list
    coupon("ACTIVATED", 6, "activated", holder)
    items = by_title(coupon_items(TODAY))
    assert set(items) == {"DAY-FIVE", "DAY-SEVEN", "DAY-EIGHT", "DAY-THIRTY"}
    assert items["DAY-FIVE"].detail == "in stock: activate by 22 Nov 2026 (in 2 days)"
    assert items["DAY-FIVE"].severity == "warning"
    assert items["DAY-SEVEN"].detail == "Holder Ltd: activate by 20 Nov 2026 (today)"
    assert items["DAY-EIGHT"].detail == "Holder Ltd: activation deadline passed on 19 Nov 2026"
    assert items["DAY-EIGHT"].severity == "danger"


def onprem_key(edition: m.Plan, client: m.Client | None, code: str, bought: date) -> m.Coupon:
    return m.Coupon.create(
        code=code,
        product="onprem_key",
        plan=edition,
        seats=50,
        purchased_on=bought,
        currency="USD",
        list_price=Decimal("1490"),
        partner_cost=Decimal("894"),
        client=client,
        state="assigned" if client is not None else "in_stock",
    )


def test_today_lists_keys_that_activate_themselves_within_30_days(db: peewee.Database) -> None:
    """002 (six months, then automatic activation): shown from 30 days before the
    date through the date itself; not 31 days before."""
    edition = m.Plan.create(code="business_onprem", name="Business", kind="on_premise", seats=50)
    client = m.Client.create(company="Selfhost SA", portal_url="https://intranet.selfhost.es")
    onprem_key(edition, client, "B24-KEY-D30", date(2026, 6, 19))  # activates 19 Dec: 29 days
    onprem_key(edition, client, "B24-KEY-E30", date(2026, 6, 20))  # 20 Dec: day 30
    onprem_key(edition, client, "B24-KEY-E31", date(2026, 6, 21))  # 21 Dec: day 31, not yet
    onprem_key(edition, None, "B24-KEY-TODAY", date(2026, 5, 20))  # 20 Nov: today
    items = {i.title: i for i in onprem_activation_items(TODAY)}
    assert set(items) == {"B24-KEY-D30", "B24-KEY-E30", "B24-KEY-TODAY"}
    assert "activates itself on 20 Dec 2026 (in 30 days)" in items["B24-KEY-E30"].detail
    assert items["B24-KEY-TODAY"].detail.startswith("in stock:")
    assert items["B24-KEY-TODAY"].severity == "warning"


# --------------------------------------------------------------------------- tickets


@pytest.fixture
def tickets(db: peewee.Database) -> dict[str, int]:
    client = m.Client.create(company="Zero Ltd")
    ids: dict[str, int] = {}

    def ticket(tid: str, created: datetime, *, answered: bool = False, status: str = "new") -> None:
        ids[tid] = m.Ticket.create(
            tid=tid,
            client=client,
            subject=f"Subject {tid}",
            sla_level="commercial_cloud",
            status=status,
            created_at=created,
            clock_started_at=created,
            first_reply_at=created + timedelta(hours=1) if answered else None,
        ).id

    ticket("T-1", nz(19, 9))  # target Thu 17:00, maximum Fri 16:00: due soon at Fri 11:00
    ticket("T-2", nz(18, 9))  # maximum Thu 16:00: overdue
    ticket("T-3", nz(20, 10))  # on track
    ticket("T-4", nz(16, 9), answered=True)  # answered: the clock stopped
    ticket("T-5", nz(16, 9), status="waiting")  # waiting for the client
    recompute_due_times(business_calendar())
    return ids


def test_tickets_due_soon_or_overdue(tickets: dict[str, int]) -> None:
    items, count = ticket_items(NOW, business_calendar())
    assert count == 2
    assert [(i.title, i.severity) for i in items] == [
        ("T-2 · Subject T-2", "danger"),
        ("T-1 · Subject T-1", "warning"),
    ]
    # The moments in the office's zone: Thursday's and Friday's 16:00 in Auckland.
    thursday, friday = (format_datetime(nz(day, 16), tzinfo=NZ) for day in (19, 20))
    assert items[0].detail == f"Zero Ltd: overdue since {thursday}"
    assert items[1].detail == f"Zero Ltd: answer by {friday}"
    assert (items[0].kind, items[0].record_id) == ("ticket", tickets["T-2"])
    first, total = ticket_items(NOW, business_calendar(), limit=1)
    assert [i.record_id for i in first] == [tickets["T-2"]] and total == 2


# --------------------------------------------------------------------------- invoices


def invoice(client: m.Client, number: str | None, due: date, total: str, paid: str) -> int:
    return m.Invoice.create(
        number=number,
        client=client,
        currency="NZD",
        state="issued" if number else "draft",
        issue_date=due,
        due_date=due,
        total=Decimal(total),
        paid=Decimal(paid),
        year=2026 if number else None,
        seq=int(number[-4:]) if number else None,
    ).id


def test_overdue_invoices_with_what_is_still_owed(db: peewee.Database) -> None:
    client = m.Client.create(company="Zero Ltd")
    late = invoice(client, "INV-2026-0001", TODAY - timedelta(days=1), "115.00", "15.00")
    older = invoice(client, "INV-2026-0004", TODAY - timedelta(days=9), "20.00", "0.00")
    invoice(client, "INV-2026-0002", TODAY - timedelta(days=10), "115.00", "115.00")  # paid
    invoice(client, "INV-2026-0003", TODAY, "50.00", "0.00")  # due today: not overdue yet
    invoice(client, None, TODAY - timedelta(days=10), "99.00", "0.00")  # a draft
    items, count = invoice_items(TODAY)
    assert count == 2
    assert [(i.title, i.record_id) for i in items] == [
        ("INV-2026-0004 · Zero Ltd", older),  # the oldest first
        ("INV-2026-0001 · Zero Ltd", late),
    ]
    assert items[1].detail == "$100.00 due since 19 Nov 2026"
    assert {i.severity for i in items} == {"danger"}
    first, total = invoice_items(TODAY, limit=1)
    assert [i.record_id for i in first] == [older] and total == 2


# --------------------------------------------------------------------------- partner


def test_the_partner_programme_s_suspension_deadline(db: peewee.Database) -> None:
    """001 §3.4: "A Partner Account can be suspended without prior notice due to zero
    activity after six (6) months from registration date": registered 1 Jun, the six
    months end on 30 Nov, ten days after today (a warning within 30 days)."""
    assert partner_items(TODAY) == []  # not registered: no deadline
    m.PartnerProfile.update(
        status="silver", registered_on=date(2026, 6, 1), accepted_on=date(2026, 6, 1)
    ).execute()
    (item,) = partner_items(TODAY)
    assert (item.section, item.kind, item.title) == (
        "partner",
        "partner",
        "Suspension for zero activity",
    )
    assert "unless there is activity by 30 Nov 2026" in item.detail
    assert item.severity == "warning"


# --------------------------------------------------------------------------- together


def test_every_section_in_order_with_its_count(plan: m.Plan, tickets: dict[str, int]) -> None:
    portal(plan, "Seven", TODAY + timedelta(days=7))
    portal(plan, "Zero", TODAY)
    coupon("DAY-FIVE", 5)
    report = today_items(TODAY, NOW, business_calendar(), GRACE_DAYS)
    assert list(report.items) == list(SECTIONS)
    assert [i.title for i in report.items["renewals"]] == ["Zero", "Seven"]  # soonest first
    assert report.counts == {
        "renewals": 2,
        "renewal_drafts": 0,  # renewal drafts not issued yet (#17)
        "grace": 0,
        "free": 0,
        "frozen": 0,
        "coupons": 1,
        "tickets": 2,
        "invoices": 0,
        "partner": 0,
        "mail": 0,  # messages that could not be sent (#16)
    }


def test_section_titles_count_in_words() -> None:
    assert section_title("renewals", 1) == "1 renewal due"
    assert section_title("renewals", 4) == "4 renewals due"
    assert section_title("invoices", 2) == "2 overdue invoices"
    assert section_title("partner", 1) == "1 partner programme deadline"


# --------------------------------------------------------------------------- renewal drafts


def test_renewal_drafts_link_to_their_draft_until_issued(plan: m.Plan) -> None:
    """Issue #17.3: "Today links to them" — each draft not issued, late once the
    first paid period has ended, a warning within a week."""
    from b24desk.store import invoices as inv
    from b24desk.store.renewals import make_renewal_drafts
    from b24desk.store.today import renewal_draft_items

    m.PlanPrice.create(plan=plan, currency="NZD", price=Decimal("10.00"))
    for name, days in (("Ended", -1), ("Week", 7), ("Eight", 8)):
        client = portal(plan, name, TODAY + timedelta(days=days), term_months=1)
        client.currency = "NZD"
        client.save()
    made = make_renewal_drafts(TODAY)
    items, count = renewal_draft_items(TODAY)
    assert count == 3
    assert [(i.title, i.severity, i.kind) for i in items] == [
        ("Renewal draft for Ended", "danger", "invoice"),
        ("Renewal draft for Week", "warning", "invoice"),
        ("Renewal draft for Eight", "info", "invoice"),
    ]
    assert sorted(i.record_id for i in items) == sorted(made)
    assert items[0].detail.startswith("1 subscription, ")
    first = inv.get_invoice(items[0].record_id)
    inv.issue_invoice(first.id, TODAY, first.version)
    report = today_items(TODAY, NOW, business_calendar(), GRACE_DAYS)
    assert [i.title for i in report.items["renewal_drafts"]] == [
        "Renewal draft for Week",
        "Renewal draft for Eight",
    ]
    assert report.sections()[0] != "renewal_drafts"  # nothing late there any more
