"""Clients in the store: the listing (one query per page, counts, filters, sorts,
lifecycle states in SQL), validation, optimistic locking, subscriptions, reminders."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import peewee
import pytest

from b24desk.domain.errors import ValidationErrors
from b24desk.domain.lifecycle import cloud_state
from b24desk.store import clients as store
from b24desk.store import events
from b24desk.store import models as m
from b24desk.store.errors import NotFoundError, StaleRecordError, StoreError

TODAY = date(2026, 11, 20)

# --------------------------------------------------------------------------- factory

_seq = itertools.count(1)


def plan(code: str = "standard", kind: str = "cloud", seats: int | None = 50, paid: bool = True):
    existing = m.Plan.get_or_none(m.Plan.code == code)
    if existing is not None:
        return existing
    name = {"free": "Bitrix24 Free", "basic": "Bitrix24 Basic"}.get(
        code, f"Bitrix24 {code.replace('_', ' ').title()}"
    )
    return m.Plan.create(code=code, name=name, kind=kind, seats=seats, paid=paid)


def client(company: str = "Acme", **kw: Any) -> m.Client:
    kw.setdefault("email", f"{company.split()[0].lower()}@example.org")
    return m.Client.create(company=company, **kw)


def sub(
    owner: m.Client,
    paid_until: date | None,
    code: str = "standard",
    starts_on: date | None = None,
    **kw: Any,
) -> m.Subscription:
    p = plan(code, paid=code != "free")
    if starts_on is None:
        starts_on = (paid_until or TODAY) - timedelta(days=365)
    kw.setdefault("kind", p.kind)
    return m.Subscription.create(
        client=owner, plan=p, paid_until=paid_until, starts_on=starts_on, seats=kw.pop("seats", 50),
        **kw,
    )  # fmt: skip


def ticket(owner: m.Client, status: str = "new") -> m.Ticket:
    return m.Ticket.create(
        tid=f"T-{next(_seq)}", client=owner, subject="Help", sla_level="commercial_cloud",
        status=status,
    )  # fmt: skip


def invoice(
    owner: m.Client,
    total: str,
    paid: str = "0",
    state: str = "issued",
    currency: str | None = None,
    kind: str = "invoice",
) -> m.Invoice:
    return m.Invoice.create(
        client=owner,
        currency=currency or owner.currency,
        state=state,
        kind=kind,
        total=Decimal(total),
        paid=Decimal(paid),
        issue_date=TODAY - timedelta(days=next(_seq)),
    )


def rows(listing: Any, **kw: Any) -> list[store.ClientRow]:
    search = kw.pop("search", "")
    filters = kw.pop("filters", {"archived": "active"})
    return listing.page(0, 1000, search, filters, **kw)


def companies(listing: Any, **kw: Any) -> list[str]:
    return [r.company for r in rows(listing, **kw)]


@pytest.fixture
def notices() -> Iterator[list[str]]:
    seen: list[str] = []
    events.subscribe(seen.append)
    yield seen
    events.unsubscribe(seen.append)


# --------------------------------------------------------------------------- listing


def test_rows_carry_current_plan_counts_and_amount_due(db: peewee.Database) -> None:
    acme = client("Acme", currency="NZD", country="NZ")
    sub(acme, date(2025, 6, 30), code="basic", starts_on=date(2024, 7, 1), seats=5)
    sub(acme, date(2026, 12, 31), code="professional", starts_on=date(2026, 1, 1), seats=100)
    sub(acme, date(2027, 12, 31), code="enterprise", starts_on=date(2027, 1, 1), archived=True)
    for status in ("new", "in_progress", "waiting", "reopened", "escalated", "resolved", "closed"):
        ticket(acme, status)
    invoice(acme, "100.00")  # due 100
    invoice(acme, "250.50", "50.25")  # due 200.25
    invoice(acme, "80.00", "80.00")  # paid
    invoice(acme, "70.00", "90.00")  # overpaid: never negative
    invoice(acme, "999.00", state="draft")
    invoice(acme, "999.00", state="credited")
    invoice(acme, "999.00", kind="credit_note")
    invoice(acme, "999.00", currency="USD")  # another currency than the client's
    lone = client("Lone Ltd")
    listing = store.client_listing(TODAY)

    by_name = {r.company: r for r in rows(listing)}
    a = by_name["Acme"]
    assert a.plan_name == "Bitrix24 Professional"
    assert a.seats == 100
    assert a.paid_until == date(2026, 12, 31)
    assert a.state == "active"
    assert a.state_until == date(2026, 12, 31)
    assert a.open_tickets == 5
    assert a.amount_due == Decimal("300.25")
    assert isinstance(a.amount_due, Decimal)
    b = by_name["Lone Ltd"]
    assert (b.plan_name, b.seats, b.paid_until, b.state) == (None, None, None, None)
    assert (b.open_tickets, b.amount_due) == (0, Decimal("0.00"))
    assert listing.count("", {"archived": "active"}) == 2
    assert lone.id in {r.id for r in rows(listing)}


def test_a_page_is_one_query(db: peewee.Database, caplog: pytest.LogCaptureFixture) -> None:
    for i in range(30):
        c = client(f"Client {i:02d}")
        sub(c, TODAY + timedelta(days=i - 15))
        ticket(c)
        invoice(c, "10.00")
    listing = store.client_listing(TODAY)
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="peewee"):  # peewee logs every statement
        page = listing.page(0, 25, "", {"archived": "active"}, "amount_due", True)
    assert len(page) == 25
    statements = [r.getMessage() for r in caplog.records if r.name == "peewee"]
    assert len([s for s in statements if "SELECT" in s.upper()[:12]]) == 1


def test_search_looks_in_company_contact_email_portal_country_and_tax_id(
    db: peewee.Database,
) -> None:
    client("Alpha Trading", contact_person="María Gómez", country="ES", tax_id="B-12345678")
    client("Beta", email="ops@beta-mail.co.nz", portal_url="https://beta.bitrix24.com")
    client("Gamma", country="RU", contact_person="Ёлкин")
    c = client("Delta")
    sub(c, TODAY, portal_url="https://delta-portal.bitrix24.eu")
    listing = store.client_listing(TODAY)
    assert companies(listing, search="maría") == ["Alpha Trading"]
    assert companies(listing, search="b-1234") == ["Alpha Trading"]
    assert companies(listing, search="beta-mail") == ["Beta"]
    assert companies(listing, search="beta.bitrix24") == ["Beta"]
    assert companies(listing, search="delta-portal") == ["Delta"]
    assert companies(listing, search="ru") == ["Gamma"]
    assert companies(listing, search="ёлкин") == ["Gamma"]
    assert companies(listing, search="alpha es") == ["Alpha Trading"]


def test_filters_archived_and_country(db: peewee.Database) -> None:
    client("Kiwi", country="NZ")
    client("Old Kiwi", country="NZ", archived=True)
    client("Toro", country="ES")
    listing = store.client_listing(TODAY)
    assert companies(listing) == ["Kiwi", "Toro"]
    assert companies(listing, filters={}) == ["Kiwi", "Old Kiwi", "Toro"]
    assert companies(listing, filters={"archived": "all"}) == ["Kiwi", "Old Kiwi", "Toro"]
    assert companies(listing, filters={"archived": "archived"}) == ["Old Kiwi"]
    assert companies(listing, filters={"archived": "all", "country": "NZ"}) == [
        "Kiwi",
        "Old Kiwi",
    ]
    assert listing.count("", {"archived": "active", "country": "ES"}) == 1
    assert store.client_countries() == ["ES", "NZ"]


def test_every_column_sorts_in_sql(db: peewee.Database) -> None:
    a = client("a-one", country="RU", doc_language="ru", currency="RUB")
    b = client("B-two", country="ES", doc_language="es", currency="EUR")
    c = client("c-three", country="NZ", doc_language="en", currency="NZD")
    sub(a, TODAY + timedelta(days=5), code="standard", seats=50)
    sub(b, TODAY - timedelta(days=400), code="basic", seats=5)
    sub(c, TODAY + timedelta(days=300), code="professional", seats=100)
    ticket(b)
    ticket(b)
    ticket(c)
    invoice(a, "10.00")
    invoice(c, "2000.00")
    listing = store.client_listing(TODAY)

    def order(key: str, descending: bool = False) -> list[str]:
        return companies(listing, sort_key=key, descending=descending)

    assert order("company") == ["a-one", "B-two", "c-three"]  # case-insensitive
    assert order("country") == ["B-two", "c-three", "a-one"]
    assert order("plan") == ["B-two", "c-three", "a-one"]  # Basic, Professional, Standard
    assert order("seats") == ["B-two", "a-one", "c-three"]
    assert order("paid_until") == ["B-two", "a-one", "c-three"]
    assert order("state", descending=True) == ["c-three", "a-one", "B-two"]
    assert order("doc_language") == ["c-three", "B-two", "a-one"]
    assert order("currency") == ["B-two", "c-three", "a-one"]
    assert order("open_tickets", descending=True) == ["B-two", "c-three", "a-one"]
    assert order("amount_due", descending=True) == ["c-three", "a-one", "B-two"]
    assert set(store.client_listing(TODAY).sort_keys) == {
        "company", "country", "plan", "seats", "paid_until", "state", "doc_language",
        "currency", "open_tickets", "amount_due",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("today", "grace_days"),
    [
        (date(2026, 11, 20), 15),
        (date(2026, 3, 31), 15),  # month ends: add_months clamps
        (date(2026, 3, 1), 30),
        (date(2028, 2, 29), 0),
    ],
)
def test_state_filter_is_the_lifecycle_rule_in_sql(
    db: peewee.Database, today: date, grace_days: int
) -> None:
    m.Office.update(grace_days=grace_days).execute()
    offsets = (-140, -100, -77, -75, -62, -61, -60, -47, -46, -45, -31, -30, -16, -15, -1, 0, 3)
    logins = (None, -200, -60, -46, -45, -31, -30, -5)
    expected: dict[int, str] = {}
    made = 0
    for paid_off in (None, *offsets):
        for user_off, admin_off in itertools.product(logins, (None, -46, -30)):
            paid_until = None if paid_off is None else today + timedelta(days=paid_off)
            user = None if user_off is None else today + timedelta(days=user_off)
            admin = None if admin_off is None else today + timedelta(days=admin_off)
            made += 1
            c = client(f"C{made:04d}")
            sub(
                c, paid_until, code="standard" if paid_until else "free",
                last_user_login=user, last_admin_login=admin,
            )  # fmt: skip
            expected[c.id] = cloud_state(
                paid_until, today, last_user_login=user, last_admin_login=admin,
                grace_days=grace_days,
            )  # fmt: skip
    onprem = client("On premise")
    sub(onprem, today + timedelta(days=10), code="onprem_business", kind="on_premise")
    nothing = client("No subscription")
    listing = store.client_listing(lambda: today)
    seen: set[int] = set()
    for state in store.LIFECYCLE_STATES:
        got = {r.id for r in rows(listing, filters={"state": state})}
        want = {cid for cid, s in expected.items() if s == state}
        assert got == want, state
        assert listing.count("", {"state": state}) == len(want)
        seen |= got
    assert seen == set(expected)
    assert {onprem.id, nothing.id}.isdisjoint(seen)
    every = set(store.LIFECYCLE_STATES) - ({"grace"} if grace_days == 0 else set())
    assert set(expected.values()) == every  # the grid reaches every state
    shown = {r.id: r.state for r in rows(listing, filters={})}
    assert {cid: shown[cid] for cid in expected} == expected
    assert shown[onprem.id] is None


def test_last_paid_until_frozen_by_is_the_edge_of_the_rule() -> None:
    for start, grace in itertools.product(
        (date(2026, 1, 1) + timedelta(days=i) for i in range(0, 800, 7)), (0, 15, 30)
    ):
        edge = store._last_paid_until_frozen_by(start, grace)
        assert cloud_state(edge, start, grace_days=grace) == "frozen"
        assert cloud_state(edge + timedelta(days=1), start, grace_days=grace) == "free"


# --------------------------------------------------------------------------- clients


GOOD = {
    "company": "  Kauri Software  ",
    "contact_person": "Aroha",
    "email": "Aroha@KAURI.co.nz",
    "portal_url": "HTTPS://Kauri.Bitrix24.COM/",
    "country": "nz",
    "currency": "nzd",
    "doc_language": "en",
}


def test_create_client_normalises_and_logs(db: peewee.Database, notices: list[str]) -> None:
    c = store.create_client(GOOD)
    assert c.company == "Kauri Software"
    assert c.email == "Aroha@kauri.co.nz"
    assert c.portal_url == "https://kauri.bitrix24.com"
    assert (c.country, c.currency, c.version) == ("NZ", "NZD", 1)
    assert notices == [events.CLIENTS]
    log = store.client_detail(c.id).activity
    assert [a["kind"] for a in log] == ["created"]


def test_billing_address_and_no_reminders_are_kept_and_checked(db: peewee.Database) -> None:
    """Issue #16: invoices go to a billing address; a client may refuse reminders."""
    c = store.create_client(
        {**GOOD, "billing_email": " cuentas@kauri.co.nz ", "do_not_remind": True}
    )
    again = store.get_client(c.id)
    assert (again.billing_email, again.do_not_remind) == ("cuentas@kauri.co.nz", True)
    with pytest.raises(ValidationErrors) as info:
        store.create_client({**GOOD, "billing_email": "cuentas@@kauri"})
    assert "Billing e-mail" in info.value.by_field["billing_email"]


def test_create_client_collects_every_error_and_saves_nothing(db: peewee.Database) -> None:
    bad = {
        "company": " ",
        "email": "not an address",
        "portal_url": "ftp://kauri",
        "country": "Nowhere",
        "currency": "KIWI",
        "doc_language": "de",
        "linked_via": "pigeon",
        "hosting": "basement",
    }
    with pytest.raises(ValidationErrors) as info:
        store.create_client(bad)
    assert set(info.value.by_field) == {
        "company", "email", "portal_url", "country", "currency", "doc_language",
        "linked_via", "hosting",
    }  # fmt: skip
    assert m.Client.select().count() == 0
    with pytest.raises(KeyError):
        store.create_client({"company": "X", "colour": "red"})


def test_update_client_locks_optimistically(db: peewee.Database, notices: list[str]) -> None:
    c = store.create_client(GOOD)
    data = {**GOOD, "contact_person": "Mere"}
    saved = store.update_client(c.id, data, expected_version=1)
    assert (saved.contact_person, saved.version) == ("Mere", 2)
    with pytest.raises(StaleRecordError, match="Someone else changed"):
        store.update_client(c.id, {**GOOD, "contact_person": "Late"}, expected_version=1)
    assert store.get_client(c.id).contact_person == "Mere"
    kinds = [a["kind"] for a in store.client_detail(c.id).activity]
    assert kinds == ["edited", "created"]
    with pytest.raises(NotFoundError):
        store.update_client(9999, GOOD, expected_version=1)


def test_cloud_client_with_cloud_subscription_keeps_its_portal(db: peewee.Database) -> None:
    c = store.create_client(GOOD)
    sub(c, TODAY)
    with pytest.raises(ValidationErrors) as info:
        store.update_client(c.id, {**GOOD, "portal_url": ""}, expected_version=1)
    assert list(info.value.by_field) == ["portal_url"]
    saved = store.update_client(
        c.id, {**GOOD, "portal_url": "", "hosting": "self_hosted"}, expected_version=1
    )
    assert saved.portal_url == ""


def test_archive_restore_and_delete(db: peewee.Database) -> None:
    kept = store.create_client(GOOD)
    store.archive_client(kept.id)
    assert store.get_client(kept.id).archived
    store.restore_client(kept.id)
    assert not store.get_client(kept.id).archived
    kinds = [a["kind"] for a in store.client_detail(kept.id).activity]
    assert kinds[:2] == ["restored", "archived"]
    sub(kept, TODAY)
    with pytest.raises(StoreError, match="archive it"):
        store.delete_client(kept.id)
    spare = store.create_client({**GOOD, "company": "Spare"})
    store.delete_client(spare.id)
    assert m.Client.get_or_none(m.Client.id == spare.id) is None
    assert m.Activity.select().where(m.Activity.client == spare.id).count() == 0


def test_office_domain_warning(db: peewee.Database) -> None:
    m.Office.update(email="sales@reseller.co.nz", website="https://www.b24partner.nz").execute()
    assert "reseller.co.nz" in store.office_domain_warning("me@reseller.co.nz")
    assert "b24partner.nz" in store.office_domain_warning("x@mail.b24partner.nz")
    assert store.office_domain_warning("ceo@client.co.nz") is None
    assert store.office_domain_warning("") is None


# --------------------------------------------------------------------------- subscriptions


def test_add_subscription_needs_a_portal_and_computes_paid_until(
    db: peewee.Database, notices: list[str]
) -> None:
    c = store.create_client({**GOOD, "portal_url": ""})
    p = plan("professional", seats=100)
    with pytest.raises(ValidationErrors) as info:
        store.add_subscription(c.id, p.id, 5, None, date(2026, 1, 31))
    assert set(info.value.by_field) == {"portal_url", "term_months"}
    s = store.add_subscription(
        c.id, p.id, 1, None, date(2026, 1, 31), portal_url="kauri.bitrix24.com"
    )
    assert s.paid_until == date(2026, 2, 27)  # 31 Jan + 1 month (28 Feb) − 1 day
    assert (s.seats, s.portal_url, s.kind) == (100, "https://kauri.bitrix24.com", "cloud")
    assert store.get_client(c.id).portal_url == "https://kauri.bitrix24.com"
    s12 = store.add_subscription(c.id, p.id, 12, 120, date(2026, 3, 1))
    assert (s12.paid_until, s12.seats) == (date(2027, 2, 28), 120)
    free = store.add_subscription(c.id, plan("free", seats=None, paid=False).id, 1, None, TODAY)
    assert free.paid_until is None
    assert events.SUBSCRIPTIONS in notices
    log = store.client_detail(c.id).activity
    assert [a["kind"] for a in log].count("subscription") == 3
    # Plurals by ngettext (issue #15): "1 month", "12 months".
    messages = [a["message"] for a in log if a["kind"] == "subscription"]
    assert any("Bitrix24 Professional, 1 month, paid until" in text for text in messages)
    assert any("Bitrix24 Professional, 12 months, paid until" in text for text in messages)


@pytest.mark.parametrize(
    ("paid_until", "expected"),
    [
        (date(2026, 12, 31), date(2027, 12, 31)),  # active: from the day after
        (date(2026, 11, 10), date(2027, 11, 10)),  # in grace: still from the day after
        (date(2026, 10, 1), date(2027, 11, 19)),  # lapsed: from today
    ],
)
def test_renew_subscription(db: peewee.Database, paid_until: date, expected: date) -> None:
    c = client("Renewer")
    s = sub(c, paid_until)
    renewed = store.renew_subscription(s.id, 12, TODAY)
    assert renewed.paid_until == expected
    assert renewed.term_months == 12
    assert store.client_detail(c.id).activity[0]["kind"] == "renewal"
    assert ", 12 months, paid until" in store.client_detail(c.id).activity[0]["message"]
    store.renew_subscription(s.id, 1, TODAY)
    assert ", 1 month, paid until" in store.client_detail(c.id).activity[0]["message"]


def test_client_detail_lists_history_newest_first(db: peewee.Database) -> None:
    c = client("History")
    sub(c, date(2025, 5, 1), starts_on=date(2024, 5, 2))
    sub(c, TODAY + timedelta(days=7), starts_on=date(2026, 1, 1))
    ticket(c)
    ticket(c, "closed")
    invoice(c, "10.00")
    invoice(c, "20.00")
    store.log_activity(c.id, "note", "Called", at=datetime(2026, 1, 1, tzinfo=UTC))
    store.log_activity(c.id, "note", "Visited", at=datetime(2026, 2, 1, tzinfo=UTC))
    detail = store.client_detail(c.id, today=TODAY)
    assert [s["starts_on"] for s in detail.subscriptions] == [date(2026, 1, 1), date(2024, 5, 2)]
    assert [s["state"] for s in detail.subscriptions] == ["active", "deleted"]
    assert detail.subscriptions[0]["reminder"] == 7
    assert [a["message"] for a in detail.activity] == ["Visited", "Called"]
    assert detail.invoices[0]["issue_date"] > detail.invoices[1]["issue_date"]
    assert [t["open"] for t in detail.tickets] == [False, True]


