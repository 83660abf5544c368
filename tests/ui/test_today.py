"""The Today tab lists exactly what is due in a small hand-made office."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import peewee
import pytest
from PySide6.QtCore import Qt

from b24desk.store import events
from b24desk.store import models as m
from b24desk.store.office import business_calendar
from b24desk.store.tickets import recompute_due_times
from b24desk.ui.context import DeskContext
from b24desk.ui.today import TodayTab

TODAY = date(2026, 11, 20)  # the fixed clock of tests/ui/conftest.py
NZ = ZoneInfo("Pacific/Auckland")


def nz(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=NZ)


@pytest.fixture
def office(db: peewee.Database) -> dict[str, int]:
    plan = m.Plan.create(code="standard", name="Standard", kind="cloud", seats=50)
    ids: dict[str, int] = {}

    def portal(name: str, paid_until: date, *, login: date | None = None, archived: bool = False):
        client = m.Client.create(
            company=name, portal_url=f"https://{name.lower()}.bitrix24.com", archived=archived
        )
        m.Subscription.create(
            client=client,
            plan=plan,
            portal_url=client.portal_url,
            seats=50,
            starts_on=paid_until - timedelta(days=365),
            paid_until=paid_until,
            last_user_login=login,
        )
        ids[name] = client.id
        return client

    portal("Thirty", TODAY + timedelta(days=30))
    portal("Twelve", TODAY + timedelta(days=12))
    portal("Seven", TODAY + timedelta(days=7))
    portal("Zero", TODAY)
    portal("Later", TODAY + timedelta(days=31))  # not due yet
    portal("Archived", TODAY, archived=True)  # archived clients are not chased
    portal("Grace", TODAY - timedelta(days=3))
    portal("Free", TODAY - timedelta(days=20), login=TODAY - timedelta(days=2))
    portal("Frozen", date(2026, 9, 21))  # grace ended 6 Oct, froze 7 Nov, deleted 22 Nov
    renewed = portal("Renewed", TODAY - timedelta(days=5))
    m.Subscription.create(  # a newer paid period covers the lapsed one
        client=renewed,
        plan=plan,
        seats=50,
        starts_on=TODAY - timedelta(days=4),
        paid_until=TODAY + timedelta(days=300),
    )

    def coupon(code: str, days_ago: int, state: str, client: int | None = None) -> None:
        ids[code] = m.Coupon.create(
            code=code,
            product="cloud_subscription",
            purchased_on=TODAY - timedelta(days=days_ago),
            currency="USD",
            list_price=Decimal("100"),
            partner_cost=Decimal("60"),
            state=state,
            client=client,
        ).id

    coupon("DAY-FIVE-01", 5, "in_stock")
    coupon("DAY-EIGHT-01", 8, "assigned", ids["Zero"])
    coupon("DAY-FOUR-01", 4, "in_stock")
    coupon("ACTIVE-0001", 6, "activated", ids["Zero"])

    def ticket(tid: str, created: datetime, *, answered: bool = False, status: str = "new"):
        ids[tid] = m.Ticket.create(
            tid=tid,
            client=ids["Zero"],
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
    recompute_due_times(business_calendar())  # as for imported tickets

    def invoice(number: str | None, due: date, total: str, paid: str, state: str = "issued"):
        row = m.Invoice.create(
            number=number,
            client=ids["Zero"],
            currency="NZD",
            state=state,
            issue_date=due,
            due_date=due,
            total=Decimal(total),
            paid=Decimal(paid),
            year=2026 if number else None,
            seq=int(number[-4:]) if number else None,
        )
        if number:
            ids[number] = row.id

    invoice("INV-2026-0001", TODAY - timedelta(days=1), "115.00", "15.00")
    invoice("INV-2026-0002", TODAY - timedelta(days=10), "115.00", "115.00")  # paid
    invoice("INV-2026-0003", TODAY, "50.00", "0.00")  # due today, not overdue yet
    invoice(None, TODAY - timedelta(days=10), "99.00", "0.00", state="draft")
    return ids


def titles(tab: TodayTab, section: str) -> list[str]:
    return [title for title, _detail in tab.section_rows(section)]


def test_today_lists_exactly_what_is_due(qtbot, ctx: DeskContext, office: dict[str, int]) -> None:
    tab = TodayTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    assert titles(tab, "renewals") == ["Zero", "Seven", "Twelve", "Thirty"]
    assert titles(tab, "grace") == ["Grace"]
    assert titles(tab, "free") == ["Free"]
    assert titles(tab, "frozen") == ["Frozen"]
    assert "22 Nov 2026" in tab.section_rows("frozen")[0][1]  # the deletion date
    assert titles(tab, "coupons") == ["DAY-EIGHT-01", "DAY-FIVE-01"]
    assert [t.split(" · ")[0] for t in titles(tab, "tickets")] == ["T-2", "T-1"]
    assert "overdue" in tab.section_rows("tickets")[0][1]
    assert titles(tab, "invoices") == ["INV-2026-0001 · Zero"]
    assert "$100.00" in tab.section_rows("invoices")[0][1]
    top = [tab.tree.topLevelItem(i).text(0) for i in range(tab.tree.topLevelItemCount())]
    assert top[0] == "4 renewals due"
    assert "1 overdue invoice" in top


def test_rows_open_their_record(qtbot, ctx: DeskContext, office: dict[str, int]) -> None:
    tab = TodayTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    tab.show()
    tickets = next(
        tab.tree.topLevelItem(i)
        for i in range(tab.tree.topLevelItemCount())
        if tab.tree.topLevelItem(i).text(0).startswith("2 tickets")
    )
    tab.tree.setCurrentItem(tickets.child(0))
    tab.tree.setFocus()
    with qtbot.waitSignal(tab.openRecord) as blocker:
        qtbot.keyClick(tab.tree, Qt.Key.Key_Return)
    assert blocker.args == ["ticket", office["T-2"]]


def test_today_follows_changes(qtbot, ctx: DeskContext, office: dict[str, int]) -> None:
    tab = TodayTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    tab.show()
    m.Invoice.update(paid=Decimal("115.00")).where(m.Invoice.number == "INV-2026-0001").execute()
    events.notify(events.INVOICES)  # recomputed on a worker thread
    qtbot.waitUntil(lambda: tab.section_rows("invoices") == [], timeout=5000)


def test_empty_office_says_nothing_is_due(qtbot, ctx: DeskContext) -> None:
    tab = TodayTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    tab.show()  # computed off the GUI thread after the first paint
    qtbot.waitUntil(lambda: tab.empty_label.text() == "Nothing is due today.", timeout=5000)
    assert tab.empty_label.isVisible()
