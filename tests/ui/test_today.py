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


def test_late_rows_and_sections_come_first(
    qtbot, ctx: DeskContext, office: dict[str, int]
) -> None:
    """Late (severity "danger": past a deadline, or due today) rows lead their
    section, and sections holding a late row come before the others."""
    # A high-urgency ticket only due soon: before, high urgency led the tickets.
    m.Ticket.create(
        tid="T-6",
        client=office["Zero"],
        subject="Subject T-6",
        urgency="high",
        sla_level="commercial_cloud",
        status="new",
        created_at=nz(19, 9),
        clock_started_at=nz(19, 9),
    )
    recompute_due_times(business_calendar())
    tab = TodayTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    tickets = [t.split(" · ")[0] for t in titles(tab, "tickets")]
    assert tickets == ["T-2", "T-6", "T-1"]  # overdue, then high urgency due soon
    assert "overdue" in tab.section_rows("tickets")[0][1]
    assert "overdue" not in tab.section_rows("tickets")[1][1]
    sections = [
        tab.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 2)
        for i in range(tab.tree.topLevelItemCount())
    ]
    # renewals (one due today), frozen, coupons (one expired), tickets and invoices
    # hold late rows; grace and free (warnings only) follow.
    assert sections == ["renewals", "frozen", "coupons", "tickets", "invoices", "grace", "free"]
    assert titles(tab, "renewals")[0] == "Zero"  # due today


def test_late_coupons_lead_their_section(qtbot, ctx: DeskContext, db) -> None:
    """A section mixing late and not-late rows: coupons past their 7 days lead,
    whatever their code or purchase date."""
    for code, days_ago in (("A-SOON", 5), ("B-LATE", 9), ("C-SOON", 6), ("D-LATE", 8)):
        m.Coupon.create(
            code=code,
            product="cloud_subscription",
            purchased_on=TODAY - timedelta(days=days_ago),
            currency="USD",
            list_price=Decimal("100"),
            partner_cost=Decimal("60"),
            state="in_stock",
        )
    tab = TodayTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    assert titles(tab, "coupons") == ["B-LATE", "D-LATE", "C-SOON", "A-SOON"]


@pytest.fixture
def many_invoices(db: peewee.Database) -> None:
    client = m.Client.create(company="Many")
    for seq in range(1, 26):
        m.Invoice.create(
            number=f"INV-2026-{seq:04d}",
            client=client,
            currency="NZD",
            state="issued",
            issue_date=TODAY - timedelta(days=40),
            due_date=TODAY - timedelta(days=30 - seq),
            total=Decimal("10.00"),
            paid=Decimal("0.00"),
            year=2026,
            seq=seq,
        )


def test_long_section_starts_collapsed_and_shows_all(
    qtbot, ctx: DeskContext, many_invoices: None
) -> None:
    tab = TodayTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    tab.refresh()
    rows = titles(tab, "invoices")
    assert len(rows) == 21
    assert rows[:20] == [f"INV-2026-{seq:04d} · Many" for seq in range(1, 21)]
    assert rows[20] == "Show all 25"
    section = tab.tree.topLevelItem(0)
    assert section.text(0) == "25 overdue invoices"
    tab.tree.setFocus()
    tab.tree.setCurrentItem(section.child(20))
    qtbot.keyClick(tab.tree, Qt.Key.Key_Return)  # Enter on "show all" expands in place
    assert titles(tab, "invoices") == [f"INV-2026-{seq:04d} · Many" for seq in range(1, 26)]
    assert tab.tree.currentItem().text(0) == "INV-2026-0021 · Many"  # the first new row
    with qtbot.waitSignal(tab.openRecord) as blocker:  # the rows added open their record
        qtbot.keyClick(tab.tree, Qt.Key.Key_Return)
    assert blocker.args[0] == "invoice"
    tab.refresh()  # a change elsewhere recomputes the tab: the section stays whole
    assert len(titles(tab, "invoices")) == 25


def test_twenty_rows_are_not_collapsed(qtbot, ctx: DeskContext, many_invoices: None) -> None:
    m.Invoice.delete().where(m.Invoice.seq > 20).execute()
    tab = TodayTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    assert len(titles(tab, "invoices")) == 20
    assert not any(t.startswith("Show all") for t in titles(tab, "invoices"))


def _details_fit(tab: TodayTab) -> list[str]:
    """The details shown cut short: neither wholly visible nor in the tooltip."""
    from PySide6.QtCore import QRect

    cut = []
    metrics = tab.tree.fontMetrics()
    for i in range(tab.tree.topLevelItemCount()):
        top = tab.tree.topLevelItem(i)
        for j in range(top.childCount()):
            child = top.child(j)
            text = child.text(1)
            if not text:
                continue
            rect = tab.tree.visualRect(tab.tree.indexFromItem(child, 1))
            needed = metrics.boundingRect(
                QRect(0, 0, rect.width() - 8, 10_000), Qt.TextFlag.TextWordWrap, text
            )
            if needed.height() > rect.height() or child.toolTip(1) != text:
                cut.append(text)
    return cut


@pytest.mark.parametrize("width", [1280, 900])
def test_details_are_never_cut(qtbot, ctx: DeskContext, office, width: int) -> None:
    """Details wrap onto more lines (the row grows) rather than lose their end; the
    tooltip holds the whole sentence too."""
    tab = TodayTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    tab.refresh()
    tab.resize(width, 800)
    qtbot.waitUntil(lambda: _details_fit(tab) == [], timeout=3000)
    frozen = tab.tree.topLevelItem(1).child(0)
    assert "unless an administrator logs in" in frozen.text(1)
    if width == 900:  # too long for one line at this width: it wraps, taller
        assert tab.tree.visualItemRect(frozen).height() > tab.tree.fontMetrics().height() * 1.5


def test_prepare_renewal_drafts_previews_makes_and_lists_them(
    qtbot, ctx: DeskContext, office: dict[str, int]
) -> None:
    """Issue #17.3: one action prepares the drafts, one per client; Today links to them."""
    from b24desk.store import invoices as inv
    from b24desk.ui.renewal_drafts import RenewalDraftsDialog

    standard = m.Plan.get(m.Plan.code == "standard")
    m.PlanPrice.create(plan=standard, currency="NZD", price=Decimal("9.00"))
    tab = TodayTab(ctx)
    qtbot.addWidget(tab)
    seen: list[RenewalDraftsDialog] = []
    opened: list[tuple[str, int]] = []
    tab.openRecord.connect(lambda kind, rid: opened.append((kind, rid)))

    def look_and_make(dialog: RenewalDraftsDialog) -> None:
        seen.append(dialog)
        tree = dialog.tree
        rows = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
        # due within 30 days or still in grace; not Later, Archived, Free, Frozen, Renewed
        assert rows == ["Grace", "Seven", "Thirty", "Twelve", "Zero"]
        assert tree.topLevelItem(0).text(1) == "1 subscription"
        assert dialog.make_button.text() == "Make 5 drafts"
        tree.topLevelItem(2).setCheckState(0, Qt.CheckState.Unchecked)  # not Thirty now
        assert dialog.make_button.text() == "Make 4 drafts"
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)

    tab.run_dialog = look_and_make  # type: ignore[assignment]
    qtbot.mouseClick(tab.renewal_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1 and len(seen[0].made) == 4
    assert opened == []  # several drafts: none opened at once
    tab.refresh()
    rows = tab.section_rows("renewal_drafts")
    assert [title for title, _detail in rows] == [
        "Renewal draft for Grace",
        "Renewal draft for Zero",
        "Renewal draft for Seven",
        "Renewal draft for Twelve",
    ]
    assert {inv.get_invoice(i).state for i in seen[0].made} == {"draft"}

    def make_the_rest(dialog: RenewalDraftsDialog) -> None:
        assert [dialog.tree.topLevelItem(0).text(0)] == ["Thirty"]
        dialog.make()

    tab.run_dialog = make_the_rest  # type: ignore[assignment]
    made = tab.prepare_renewal_drafts()
    assert opened == [("invoice", made[0])]  # one draft made: it opens

    def nothing_left(dialog: RenewalDraftsDialog) -> None:
        assert dialog.tree.topLevelItemCount() == 0
        assert not dialog.make_button.isEnabled()
        assert dialog.empty.text() == "No renewal is due without a draft."

    tab.run_dialog = nothing_left  # type: ignore[assignment]
    assert tab.prepare_renewal_drafts() == []
