"""Renewal drafts (issue #17.3): one draft per client, plan × months at the price in
force today with the client's discount, never twice for the same period, also from
two desks at once (SQLite and PostgreSQL)."""

from __future__ import annotations

import multiprocessing
from datetime import date, timedelta
from decimal import Decimal

import peewee
import pytest

from b24desk.store import invoices as inv
from b24desk.store import models as m
from b24desk.store import renewals

D = Decimal
TODAY = date(2026, 12, 3)


def _plan(code: str = "std", name: str = "Standard", price: str = "100.00", **kw: object) -> m.Plan:
    plan = m.Plan.create(code=code, name=name, kind="cloud", seats=50, **kw)
    m.PlanPrice.create(plan=plan, currency="NZD", price=D(price))
    return plan


def _client(company: str = "Acme Ltd", **kw: object) -> m.Client:
    values: dict[str, object] = {"currency": "NZD", "doc_language": "en", "country": "NZ"}
    values.update(kw)
    return m.Client.create(company=company, **values)


def _sub(
    client: m.Client, plan: m.Plan, paid_until: date, term: int = 12, **kw: object
) -> m.Subscription:
    portal = kw.pop("portal_url", f"https://{client.id}-{plan.code}-{paid_until}.bitrix24.com")
    return m.Subscription.create(
        client=client, plan=plan, paid_until=paid_until, term_months=term, portal_url=portal, **kw
    )


def test_one_draft_per_client_with_a_line_per_subscription(db: peewee.Database) -> None:
    std, pro = _plan(), _plan("pro", "Professional", "200.00")
    acme, zenit = _client(), _client("Zenit SL", currency="NZD", doc_language="es", country="ES")
    a1 = _sub(acme, std, TODAY + timedelta(days=10), 12)
    a2 = _sub(acme, pro, TODAY + timedelta(days=30), 1)
    _sub(zenit, std, TODAY + timedelta(days=5), 6)
    preview = renewals.preview_renewal_drafts(TODAY)
    assert [(r.company, len(r.lines)) for r in preview] == [("Acme Ltd", 2), ("Zenit SL", 1)]
    # 12 × 100 less the long-term 10 %, and 1 × 200; NZ GST 15 % at home
    assert (preview[0].net, preview[0].total) == (D("1280.00"), D("1472.00"))
    made = renewals.make_renewal_drafts(TODAY)
    assert len(made) == 2
    draft = inv.get_invoice(made[0])
    assert (draft.client_id, draft.state, draft.currency, draft.total) == (
        acme.id, "draft", "NZD", D("1472.00"),
    )  # fmt: skip
    lines = inv.invoice_lines(draft.id)
    assert [(x.unit_price, x.discount, x.tax_rate, x.term_months) for x in lines] == [
        (D("1200.00"), D("0.1"), D("0.15"), 12),
        (D("200.00"), D("0"), D("0.15"), 1),
    ]
    assert [x.subscription_id for x in lines] == [a1.id, a2.id]
    assert lines[0].description == (
        f"Renewal of Standard ({a1.portal_url}), 12 months: 14 Dec 2026 to 13 Dec 2027"
    )
    spanish = inv.invoice_lines(made[1])[0]
    assert spanish.tax_rate == D("0")  # zero-rated abroad


def test_running_twice_makes_nothing_new(db: peewee.Database) -> None:
    _sub(_client(), _plan(), TODAY + timedelta(days=1))
    assert len(renewals.make_renewal_drafts(TODAY)) == 1
    assert renewals.preview_renewal_drafts(TODAY) == []
    assert renewals.make_renewal_drafts(TODAY) == []
    assert renewals.make_renewal_drafts(TODAY + timedelta(days=3)) == []
    assert m.Invoice.select().count() == 1
    assert m.RenewalDraft.select().count() == 1


def test_the_window_lead_time_and_grace(db: peewee.Database) -> None:
    """Lead time 30 days (the setting), grace 15 days (000)."""
    plan, client = _plan(), _client()
    inside = [TODAY + timedelta(days=30), TODAY, TODAY - timedelta(days=15)]
    outside = [TODAY + timedelta(days=31), TODAY - timedelta(days=16)]
    for day in inside + outside:
        _sub(client, plan, day)
    (preview,) = renewals.preview_renewal_drafts(TODAY)
    assert sorted(x.paid_until for x in preview.lines) == sorted(inside)
    office = m.Office.get_by_id(1)
    office.renewal_lead_days = 31
    office.save()
    (preview,) = renewals.preview_renewal_drafts(TODAY)
    assert TODAY + timedelta(days=31) in [x.paid_until for x in preview.lines]


def test_what_is_not_drafted(db: peewee.Database) -> None:
    plan, client = _plan(), _client()
    due = TODAY + timedelta(days=3)
    _sub(client, plan, due, archived=True)
    _sub(_client("Gone Ltd", archived=True), plan, due)
    _sub(client, _plan("free", "Free", "0.00", paid=False), due)
    _sub(client, plan, due, kind="on_premise")
    # renewed since: a newer subscription on the same portal
    _sub(client, plan, due, portal_url="https://acme.bitrix24.com")
    _sub(client, plan, due + timedelta(days=365), portal_url="https://acme.bitrix24.com")
    assert renewals.preview_renewal_drafts(TODAY) == []


def test_price_in_force_today_resale_and_negotiated(db: peewee.Database) -> None:
    """The price list of the day the draft is made; a change from a later date is
    not used yet; the office's resale price, a client's negotiated price."""
    plan = _plan(price="100.00")
    later = TODAY + timedelta(days=1)
    m.PlanPrice.create(plan=plan, currency="NZD", price=D("150.00"), valid_from=later)
    resold = _client("Resale Ltd")
    _sub(resold, plan, TODAY + timedelta(days=2), 1)
    (preview,) = renewals.preview_renewal_drafts(TODAY)
    assert preview.lines[0].line is not None and preview.lines[0].line.unit_price == D("100.00")
    m.PlanPrice.update(resale_price=D("120.00")).where(m.PlanPrice.price == D("100.00")).execute()
    friend = _client("Friend Ltd")
    _sub(friend, plan, TODAY + timedelta(days=2), 1)
    m.ClientPrice.create(client=friend, plan=plan, currency="NZD", price=D("90.00"), reason="Deal")
    made = renewals.make_renewal_drafts(TODAY)
    by_client = {inv.get_invoice(i).client_id: inv.invoice_lines(i)[0] for i in made}
    assert by_client[friend.id].unit_price == D("90.00")
    assert by_client[friend.id].discount_reason == "Deal"
    assert by_client[resold.id].unit_price == D("120.00")


def test_non_profit_discount(db: peewee.Database) -> None:
    """000: non-profit organisations get 15 % on 6- and 12-month plans."""
    _sub(_client(non_profit=True), _plan(), TODAY + timedelta(days=2), 6)
    (preview,) = renewals.preview_renewal_drafts(TODAY)
    assert preview.lines[0].line is not None and preview.lines[0].line.discount == D("0.15")
    assert preview.net == D("510.00")


def test_a_subscription_without_a_price_is_listed_not_drafted(db: peewee.Database) -> None:
    plan = _plan()
    client = _client(currency="EUR")
    _sub(client, plan, TODAY + timedelta(days=2))
    (preview,) = renewals.preview_renewal_drafts(TODAY)
    assert [x.subscription_id for x in preview.unpriced] == [preview.lines[0].subscription_id]
    assert preview.total == D(0)
    assert renewals.make_renewal_drafts(TODAY) == []
    m.PlanPrice.create(plan=plan, currency="EUR", price=D("60.00"))
    assert len(renewals.make_renewal_drafts(TODAY)) == 1


def test_deleting_the_draft_frees_the_period_and_issuing_keeps_it(db: peewee.Database) -> None:
    _sub(_client(), _plan(), TODAY + timedelta(days=2))
    (first,) = renewals.make_renewal_drafts(TODAY)
    assert [d.invoice_id for d in renewals.open_renewal_drafts()[0]] == [first]
    inv.delete_draft(first)
    assert m.RenewalDraft.select().count() == 0
    (second,) = renewals.make_renewal_drafts(TODAY)
    draft = inv.get_invoice(second)
    inv.issue_invoice(second, TODAY, draft.version)
    assert renewals.open_renewal_drafts() == ([], 0)
    assert renewals.make_renewal_drafts(TODAY) == []


def test_open_renewal_drafts_earliest_first(db: peewee.Database) -> None:
    plan = _plan()
    late, soon = _client("Late Ltd"), _client("Soon Ltd")
    _sub(soon, plan, TODAY + timedelta(days=20), 1)
    _sub(late, plan, TODAY - timedelta(days=2), 1)
    _sub(late, plan, TODAY + timedelta(days=25), 1)
    renewals.make_renewal_drafts(TODAY)
    rows, count = renewals.open_renewal_drafts()
    assert count == 2
    assert [(r.company, r.subscriptions, r.first_period_end) for r in rows] == [
        ("Late Ltd", 2, TODAY - timedelta(days=2)),
        ("Soon Ltd", 1, TODAY + timedelta(days=20)),
    ]
    assert rows[0].detail() == "2 subscriptions, $230.00, the first paid until 1 Dec 2026"
    assert renewals.open_renewal_drafts(limit=1)[1] == 2


def test_a_period_taken_by_another_desk_leaves_no_half_draft(db: peewee.Database) -> None:
    """Desk A previews; desk B drafts one of the client's subscriptions meanwhile;
    desk A's draft then holds only the other one."""
    plan, client = _plan(), _client()
    first = _sub(client, plan, TODAY + timedelta(days=2), 1)
    _sub(client, plan, TODAY + timedelta(days=4), 1)
    (seen_by_a,) = renewals.preview_renewal_drafts(TODAY)
    other = inv.create_draft(client.id, [inv.LineInput("by desk B", unit_price=D("1.00"))])
    m.RenewalDraft.create(subscription=first, period_end=first.paid_until, invoice=other)
    assert renewals._draft(seen_by_a, TODAY) is None  # the losing desk's step
    assert m.Invoice.select().count() == 1  # nothing written
    (made,) = renewals.make_renewal_drafts(TODAY)
    assert len(inv.invoice_lines(made)) == 1
    assert m.RenewalDraft.select().count() == 2


def _draft_in_another_process(path: str, day: date, start: object, results: object) -> None:
    from b24desk.store.db import close_database, open_database

    open_database(path)
    start.wait()  # type: ignore[attr-defined]
    results.put(len(renewals.make_renewal_drafts(day)))  # type: ignore[attr-defined]
    close_database()


def test_two_desks_at_once_draft_each_period_once(db: peewee.Database, db_target: str) -> None:
    """Issue #17: renewal drafts not duplicated when run from two desks at once."""
    plan = _plan()
    for n in range(12):
        client = _client(f"Client {n:02d} Ltd")
        _sub(client, plan, TODAY + timedelta(days=n), 1)
        _sub(client, plan, TODAY + timedelta(days=n + 1), 12)
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    desks = [
        ctx.Process(target=_draft_in_another_process, args=(db_target, TODAY, start, results))
        for _ in range(2)
    ]
    for desk in desks:
        desk.start()
    counts = [results.get(timeout=300), results.get(timeout=300)]
    for desk in desks:
        desk.join(60)
        assert desk.exitcode == 0
    assert sum(counts) == 12
    assert m.Invoice.select().count() == 12
    assert m.RenewalDraft.select().count() == 24
    per_invoice = [len(inv.invoice_lines(i.id)) for i in m.Invoice.select()]
    assert per_invoice == [2] * 12
    assert renewals.preview_renewal_drafts(TODAY) == []


@pytest.mark.parametrize(("lang", "dates"), [("es", "6 dic 2026"), ("ru", "6 дек. 2026")])
def test_lines_print_in_the_clients_language(db: peewee.Database, lang: str, dates: str) -> None:
    """The line is written in the client's document language, whatever the desk's."""
    _sub(_client(doc_language=lang), _plan(), TODAY + timedelta(days=2), 12)
    (made,) = renewals.make_renewal_drafts(TODAY)
    assert dates in inv.invoice_lines(made)[0].description


def test_a_newer_subscription_without_a_portal_counts_as_the_renewal(db: peewee.Database) -> None:
    """As on the Today tab: a newer paid period of the client covers the old one."""
    plan, client = _plan(), _client()
    _sub(client, plan, TODAY + timedelta(days=3), portal_url="https://acme.bitrix24.com")
    _sub(client, plan, TODAY + timedelta(days=300), portal_url="")
    assert renewals.preview_renewal_drafts(TODAY) == []


def test_two_portals_of_one_client_are_renewed_apart(db: peewee.Database) -> None:
    plan, client = _plan(), _client()
    _sub(client, plan, TODAY + timedelta(days=3), portal_url="https://a.bitrix24.com")
    _sub(client, plan, TODAY + timedelta(days=300), portal_url="https://b.bitrix24.com")
    (preview,) = renewals.preview_renewal_drafts(TODAY)
    assert [x.portal_url for x in preview.lines] == ["https://a.bitrix24.com"]
