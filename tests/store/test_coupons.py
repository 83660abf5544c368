"""Coupons in the store: purchase figures, the coupon's life, the list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import peewee
import pytest

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.store import coupons as store
from b24desk.store import events
from b24desk.store import models as m
from b24desk.store.errors import StaleRecordError

TODAY = date(2026, 11, 20)


# --------------------------------------------------------------------------- factory


def make_plan(
    code: str = "standard",
    name: str = "Bitrix24 Standard",
    kind: str = "cloud",
    seats: int | None = 50,
    prices: dict[str, str] | None = None,
    storage_gb: int = 100,
) -> m.Plan:
    plan = m.Plan.create(code=code, name=name, kind=kind, seats=seats, storage_gb=storage_gb)
    for currency, price in (prices or {"USD": "124", "NZD": "199"}).items():
        m.PlanPrice.create(plan=plan, currency=currency, price=Decimal(price))
    return plan


def make_client(company: str = "Acme Ltd", portal: str = "https://acme.bitrix24.com", **kw: Any):
    return m.Client.create(company=company, portal_url=portal, **kw)


def set_partner(status: str, tutorial: bool = True) -> None:
    m.PartnerProfile.update(status=status).where(m.PartnerProfile.id == 1).execute()
    m.CourseCompletion.delete().execute()
    if tutorial:
        m.CourseCompletion.create(course="tutorial", completed_on=date(2026, 1, 10))


def purchase(plan: m.Plan, **overrides: Any) -> m.Coupon:
    data: dict[str, Any] = {
        "code": "B24-TEST-0001",
        "product": "cloud_subscription",
        "plan": plan.id,
        "term_months": 12,
        "seats": 50,
        "purchased_on": TODAY,
        "list_price": Decimal("1000"),
        "currency": "USD",
        "new_client": False,
    }
    data.update(overrides)
    return store.record_purchase(data, TODAY)


@pytest.fixture
def heard() -> Iterator[list[str]]:
    notices: list[str] = []
    events.subscribe(notices.append)
    yield notices
    events.unsubscribe(notices.append)


@pytest.fixture
def plan(db: peewee.Database) -> m.Plan:
    set_partner("silver")
    return make_plan()


# --------------------------------------------------------------------------- figures


def test_partner_cost_follows_the_partner_status(plan: m.Plan) -> None:
    coupon = purchase(plan)
    assert coupon.partner_cost == Decimal("600.00")  # silver: 40 %
    set_partner("bronze", tutorial=False)
    assert purchase(plan, code="B24-TEST-0002").partner_cost == Decimal("1000.00")  # 0 %
    set_partner("bronze", tutorial=True)
    assert purchase(plan, code="B24-TEST-0003").partner_cost == Decimal("800.00")  # 20 %
    set_partner("gold")
    assert purchase(plan, code="B24-TEST-0004").partner_cost == Decimal("500.00")


def test_quote_keeps_at_least_ten_paid_in_money() -> None:
    terms = store.PartnerTerms("silver", True)
    quote = store.quote_purchase(
        Decimal("50"),
        "USD",
        "cloud_subscription",
        terms,
        new_client=True,
        bonus_balance=Decimal("100"),
        use_bonus=True,
    )
    assert quote.cost_before_bonus == Decimal("30.00")
    assert (quote.bonus_used, quote.partner_cost) == (Decimal("20.00"), Decimal("10.00"))
    unused = store.quote_purchase(
        Decimal("50"),
        "USD",
        "cloud_subscription",
        terms,
        new_client=True,
        bonus_balance=Decimal(100),
    )
    assert (unused.bonus_used, unused.partner_cost) == (Decimal("0.00"), Decimal("30.00"))


@pytest.mark.parametrize(
    ("product", "new_client", "own_use"),
    [
        ("renewal", True, False),
        ("updates_renewal", True, False),
        ("onprem_upgrade", True, False),
        ("cloud_subscription", False, False),  # not a new client
        ("cloud_subscription", True, True),  # the office's own entity
    ],
)
def test_bonus_not_allowed(product: str, new_client: bool, own_use: bool) -> None:
    quote = store.quote_purchase(
        Decimal("1000"),
        "USD",
        product,
        store.PartnerTerms("silver", True),
        new_client=new_client,
        own_use=own_use,
        bonus_balance=Decimal("500"),
        use_bonus=True,
    )
    assert not quote.bonus_allowed
    assert quote.bonus_used == 0
    assert quote.partner_cost == Decimal("600.00")


def test_purchase_draws_bonus_earliest_expiry_first(plan: m.Plan, heard: list[str]) -> None:
    late = m.Bonus.create(
        kind="award",
        amount=Decimal("1000"),
        credited_on=date(2026, 3, 1),
        expires_on=date(2026, 12, 31),
    )
    early = m.Bonus.create(
        kind="kickstart",
        amount=Decimal("100"),
        used=Decimal("40"),
        credited_on=date(2026, 9, 1),
        expires_on=date(2026, 11, 30),
    )
    gone = m.Bonus.create(
        kind="kickstart",
        amount=Decimal("900"),
        credited_on=date(2026, 1, 1),
        expires_on=date(2026, 4, 1),
    )
    euro = m.Bonus.create(
        kind="award",
        amount=Decimal("900"),
        currency="EUR",
        credited_on=date(2026, 1, 1),
        expires_on=date(2026, 12, 31),
    )
    assert store.bonus_balance(TODAY, "USD") == Decimal("1060.00")
    # For a client with its portal URL (001 §9: required when a bonus pays a cloud order).
    fresh = make_client("Fresh Start", portal="https://fresh.bitrix24.es")
    coupon = purchase(plan, client=fresh.id, use_bonus=True, list_price=Decimal("250"))
    # 250 − 40 % = 150: 140 paid by bonus, 10 in money.
    assert (coupon.bonus_used, coupon.partner_cost) == (Decimal("140.00"), Decimal("10.00"))
    assert m.Bonus.get_by_id(early.id).used == Decimal("100.00")
    assert m.Bonus.get_by_id(late.id).used == Decimal("80.00")
    assert m.Bonus.get_by_id(gone.id).used == 0
    assert m.Bonus.get_by_id(euro.id).used == 0
    assert store.bonus_balance(TODAY, "USD") == Decimal("920.00")
    assert events.COUPONS in heard and events.PARTNER in heard


def test_bonus_uses_the_clients_new_client_flag(plan: m.Plan) -> None:
    m.Bonus.create(
        kind="award",
        amount=Decimal("1000"),
        credited_on=date(2026, 3, 1),
        expires_on=date(2026, 12, 31),
    )
    old = make_client("Old Customer", new_client=False)
    coupon = purchase(plan, client=old.id, new_client=True, use_bonus=True)
    assert coupon.bonus_used == 0 and coupon.partner_cost == Decimal("600.00")
    assert coupon.state == "assigned" and coupon.client_id == old.id
    fresh = make_client("Fresh Start", portal="https://fresh.bitrix24.es")
    coupon = purchase(plan, code="B24-TEST-0002", client=fresh.id, use_bonus=True)
    assert coupon.bonus_used == Decimal("590.00") and coupon.partner_cost == Decimal("10.00")


# --------------------------------------------------------------------------- purchase


def test_duplicate_code_is_reported_on_the_code_field(plan: m.Plan) -> None:
    purchase(plan, code="b24-dup-1234")
    with pytest.raises(ValidationError) as info:
        purchase(plan, code=" B24-DUP-1234 ")
    assert info.value.field == "code"
    assert "already in use" in info.value.message
    assert m.Coupon.select().count() == 1


def test_purchase_validates_every_field(plan: m.Plan) -> None:
    with pytest.raises(ValidationErrors) as info:
        store.record_purchase(
            {
                "code": "no spaces allowed",
                "product": "toaster",
                "plan": None,
                "term_months": 7,
                "seats": -1,
                "purchased_on": TODAY + timedelta(days=1),
                "list_price": "-5",
                "currency": "XYZ",
            },
            TODAY,
        )
    assert set(info.value.by_field) == {
        "code",
        "product",
        "plan",
        "term_months",
        "seats",
        "purchased_on",
        "list_price",
        "currency",
    }
    assert "future" in info.value.by_field["purchased_on"]


def test_purchase_for_a_client_without_portal_is_refused(plan: m.Plan) -> None:
    bare = make_client("No Portal Co", portal="")
    with pytest.raises(ValidationErrors) as info:
        purchase(plan, client=bare.id)
    assert "portal URL" in info.value.by_field["client"]
    onprem = make_plan("onprem_business", "On-premise Business", "on_premise", 25, storage_gb=0)
    coupon = purchase(onprem, product="onprem_key", client=bare.id)
    assert coupon.state == "assigned"


def test_plan_must_fit_the_product(plan: m.Plan) -> None:
    with pytest.raises(ValidationErrors) as info:
        purchase(plan, product="onprem_key")
    assert "plan" in info.value.by_field


def test_suggested_list_price_from_the_price_list(plan: m.Plan) -> None:
    day = date(2026, 11, 4)
    suggest = store.suggested_list_price
    nzd = suggest(plan.id, "cloud_subscription", "NZD", 12, 50, bought_on=day)
    assert nzd == Decimal("2388.00")
    assert suggest(plan.id, "cloud_subscription", "EUR", 12, 50, bought_on=day) is None
    users = make_plan("extra_users_onprem", "Extra user", "option", 1, {"USD": "35"}, 0)
    assert suggest(users.id, "extra_users", "USD", 12, 10, bought_on=day) == Decimal("350.00")
    assert [p.code for p in store.plan_choices("extra_users")] == ["extra_users_onprem"]
    assert [p.code for p in store.plan_choices("renewal")] == ["standard"]


# --------------------------------------------------------------------------- life


def test_assign_refuses_cloud_coupon_for_client_without_portal(plan: m.Plan) -> None:
    coupon = purchase(plan)
    bare = make_client("No Portal Co", portal="")
    with pytest.raises(ValidationErrors) as info:
        store.assign_coupon(coupon.id, bare.id, expected_version=coupon.version, assigned_on=TODAY)
    assert "No Portal Co has no portal URL" in info.value.by_field["client"]
    assert m.Coupon.get_by_id(coupon.id).state == "in_stock"


def test_resale_below_list_needs_a_reason(plan: m.Plan, heard: list[str]) -> None:
    coupon = purchase(plan)
    client = make_client()
    with pytest.raises(ValidationErrors) as info:
        store.assign_coupon(
            coupon.id, client.id, "900", "", expected_version=coupon.version, assigned_on=TODAY
        )
    assert "below the list price" in info.value.by_field["resale_reason"]
    done = store.assign_coupon(
        coupon.id,
        client.id,
        "900",
        "  Vendor agreed 10 % for a non-profit  ",
        expected_version=coupon.version,
        assigned_on=TODAY,
    )
    assert done.state == "assigned" and done.client_id == client.id
    assert done.resale_price == Decimal("900.00")
    assert done.resale_reason == "Vendor agreed 10 % for a non-profit"
    assert done.version == coupon.version + 1
    assert [a.message for a in m.Activity.select()] == ["Coupon B24-TEST-0001 assigned"]
    assert events.CLIENTS in heard


def test_resale_at_list_price_needs_no_reason(plan: m.Plan) -> None:
    coupon = purchase(plan)
    client = make_client()
    done = store.assign_coupon(
        coupon.id, client.id, "1000", expected_version=coupon.version, assigned_on=TODAY
    )
    assert done.resale_price == Decimal("1000.00") and done.resale_reason == ""


def test_stale_version_is_refused(plan: m.Plan) -> None:
    coupon = purchase(plan)
    client = make_client()
    store.assign_coupon(coupon.id, client.id, expected_version=coupon.version, assigned_on=TODAY)
    # Assigning it again: the rule, checked on the locked row, speaks first (13.2).
    with pytest.raises(ValidationError, match="Only a coupon in stock"):
        store.assign_coupon(coupon.id, client.id, expected_version=coupon.version)
    m.Coupon.update(state="in_stock", client=None).where(m.Coupon.id == coupon.id).execute()
    with pytest.raises(StaleRecordError):
        store.assign_coupon(
            coupon.id, client.id, expected_version=coupon.version, assigned_on=TODAY
        )
    m.Coupon.update(state="assigned", client=client.id).where(m.Coupon.id == coupon.id).execute()
    with pytest.raises(StaleRecordError):
        store.activate_coupon(coupon.id, TODAY, expected_version=coupon.version)
    with pytest.raises(StaleRecordError):
        store.void_coupon(coupon.id, "typo", expected_version=coupon.version)
    assert m.Coupon.get_by_id(coupon.id).state == "assigned"


def test_activation_starts_the_subscription(plan: m.Plan, heard: list[str]) -> None:
    client = make_client()
    coupon = purchase(plan, client=client.id)
    sub = store.activate_coupon(coupon.id, date(2026, 11, 22), expected_version=coupon.version)
    assert (sub.client_id, sub.plan_id, sub.coupon_id) == (client.id, plan.id, coupon.id)
    assert sub.portal_url == "https://acme.bitrix24.com"
    assert (sub.seats, sub.term_months, sub.kind) == (50, 12, "cloud")
    assert sub.starts_on == date(2026, 11, 22)
    assert sub.paid_until == date(2027, 11, 21)
    stored = m.Coupon.get_by_id(coupon.id)
    assert (stored.state, stored.activated_on) == ("activated", date(2026, 11, 22))
    assert {events.COUPONS, events.SUBSCRIPTIONS, events.CLIENTS} <= set(heard)


def test_activation_before_purchase_is_refused(plan: m.Plan) -> None:
    client = make_client()
    coupon = purchase(plan, client=client.id)
    with pytest.raises(ValidationError) as info:
        store.activate_coupon(coupon.id, TODAY - timedelta(days=1), expected_version=1)
    assert info.value.field == "activated_on"
    assert m.Subscription.select().count() == 0


def test_in_stock_coupon_cannot_be_activated(plan: m.Plan) -> None:
    coupon = purchase(plan)
    with pytest.raises(ValidationError):
        store.activate_coupon(coupon.id, TODAY, expected_version=coupon.version)


@pytest.mark.parametrize(
    ("paid_until", "activated_on", "expected"),
    [
        (date(2026, 11, 30), date(2026, 11, 22), date(2027, 11, 30)),  # still paid
        (date(2026, 11, 10), date(2026, 11, 22), date(2027, 11, 10)),  # in grace
        (date(2026, 10, 1), date(2026, 11, 22), date(2027, 11, 21)),  # lapsed
    ],
)
def test_renewal_extends_the_existing_subscription(
    plan: m.Plan, paid_until: date, activated_on: date, expected: date
) -> None:
    client = make_client()
    other = make_plan("basic", "Bitrix24 Basic", seats=5)
    existing = m.Subscription.create(
        client=client,
        plan=plan,
        portal_url=client.portal_url,
        seats=50,
        starts_on=date(2025, 12, 1),
        paid_until=paid_until,
    )
    m.Subscription.create(
        client=client, plan=other, portal_url=client.portal_url, paid_until=date(2026, 12, 1)
    )
    coupon = purchase(plan, product="renewal", client=client.id)
    sub = store.activate_coupon(coupon.id, activated_on, expected_version=coupon.version)
    assert sub.id == existing.id
    assert sub.paid_until == expected
    assert sub.coupon_id == coupon.id
    assert m.Subscription.select().count() == 2


def test_void_keeps_the_reason(plan: m.Plan) -> None:
    coupon = purchase(plan, note="bought twice")
    with pytest.raises(ValidationError) as info:
        store.void_coupon(coupon.id, "  ", expected_version=coupon.version)
    assert info.value.field == "reason"
    done = store.void_coupon(coupon.id, "duplicate order", expected_version=coupon.version)
    assert done.state == "void"
    assert done.note == "bought twice\nVoid: duplicate order"


def test_expire_overdue_marks_coupons_older_than_seven_days(plan: m.Plan, heard: list[str]) -> None:
    client = make_client()
    day7 = purchase(plan, code="B24-DAY7-0001", purchased_on=TODAY - timedelta(days=7))
    day8 = purchase(plan, code="B24-DAY8-0001", purchased_on=TODAY - timedelta(days=8))
    given = purchase(
        plan, code="B24-GIVEN-001", purchased_on=TODAY - timedelta(days=30), client=client.id
    )
    used = purchase(
        plan, code="B24-USED-0001", purchased_on=TODAY - timedelta(days=30), client=client.id
    )
    store.activate_coupon(used.id, TODAY - timedelta(days=28), expected_version=used.version)
    assert store.expire_overdue(TODAY) == 2
    states = {c.code: c.state for c in m.Coupon.select()}
    assert states == {
        day7.code: "in_stock",
        day8.code: "expired",
        given.code: "expired",
        used.code: "activated",
    }
    assert m.Coupon.get_by_id(day8.id).version == 2
    heard.clear()
    assert store.expire_overdue(TODAY) == 0
    assert heard == []


def test_expired_coupon_activation_entered_late(plan: m.Plan) -> None:
    client = make_client()
    coupon = purchase(plan, purchased_on=TODAY - timedelta(days=9), client=client.id)
    store.expire_overdue(TODAY)
    with pytest.raises(ValidationError):
        store.activate_coupon(coupon.id, TODAY, expected_version=2)
    sub = store.activate_coupon(coupon.id, TODAY - timedelta(days=3), expected_version=2)
    assert sub.starts_on == TODAY - timedelta(days=3)


# --------------------------------------------------------------------------- listing


@pytest.fixture
def stock(plan: m.Plan) -> dict[str, m.Coupon]:
    acme = make_client("Acme Ltd")
    zeta = make_client("Zeta Логистика", portal="https://zeta.bitrix24.ru")
    basic = make_plan("basic", "Bitrix24 Basic", seats=5)
    rows = {
        "fresh": purchase(plan, code="B24-FRESH-001", purchased_on=TODAY),
        "day5": purchase(
            basic,
            code="B24-DAY5-0001",
            purchased_on=TODAY - timedelta(days=5),
            client=acme.id,
            order_ref="ORD-55",
            list_price=Decimal("500"),
        ),
        "day7": purchase(
            plan,
            code="B24-DAY7-0001",
            purchased_on=TODAY - timedelta(days=7),
            note="for the Wellington branch",
        ),
        "old": purchase(
            plan, code="B24-OLD-00001", purchased_on=TODAY - timedelta(days=10), client=zeta.id
        ),
    }
    rows["void"] = purchase(plan, code="B24-VOID-0001", purchased_on=TODAY - timedelta(days=2))
    store.void_coupon(rows["void"].id, "typo", expected_version=1)
    return rows


def codes(listing: Any, **kw: Any) -> list[str]:
    return [r.code for r in listing.page(0, 100, **kw)]


def test_listing_rows_show_the_deadline(stock: dict[str, m.Coupon]) -> None:
    listing = store.coupon_listing(TODAY)
    rows = {r.code: r for r in listing.page(0, 100)}
    fresh, day5, day7, old = (rows[stock[k].code] for k in ("fresh", "day5", "day7", "old"))
    assert (fresh.days_left, fresh.warning, fresh.state) == (7, False, "in_stock")
    assert (day5.days_left, day5.warning, day5.state) == (2, True, "assigned")
    assert day5.client_company == "Acme Ltd" and day5.plan_name == "Bitrix24 Basic"
    assert (day7.days_left, day7.warning) == (0, True)
    assert (old.state, old.stored_state, old.warning) == ("expired", "assigned", False)
    assert old.deadline == TODAY - timedelta(days=3)
    assert rows["B24-VOID-0001"].days_left is None


def test_listing_searches_code_ref_client_note_and_plan(stock: dict[str, m.Coupon]) -> None:
    listing = store.coupon_listing(TODAY)
    assert codes(listing, search="fresh-0") == ["B24-FRESH-001"]
    assert codes(listing, search="ord-55") == ["B24-DAY5-0001"]
    assert codes(listing, search="логистика") == ["B24-OLD-00001"]
    assert codes(listing, search="wellington") == ["B24-DAY7-0001"]
    assert codes(listing, search="basic") == ["B24-DAY5-0001"]
    assert listing.count("acme") == 1


def test_listing_filters(stock: dict[str, m.Coupon]) -> None:
    listing = store.coupon_listing(lambda: TODAY)

    def by_state(value: str) -> set[str]:
        return {r.code for r in listing.page(0, 100, filters={"state": value})}

    assert by_state("attention") == {"B24-DAY5-0001", "B24-DAY7-0001", "B24-OLD-00001"}
    assert by_state("expired") == {"B24-OLD-00001"}
    assert by_state("assigned") == {"B24-DAY5-0001"}
    assert by_state("in_stock") == {"B24-FRESH-001", "B24-DAY7-0001"}
    assert by_state("void") == {"B24-VOID-0001"}
    assert by_state("activated") == set()
    assert listing.count(filters={"product": "renewal"}) == 0
    assert listing.count(filters={"product": "cloud_subscription"}) == 5


@pytest.mark.parametrize("key", list(store.coupon_listing(TODAY).sort_keys))
def test_every_column_sorts_in_sql(stock: dict[str, m.Coupon], key: str) -> None:
    listing = store.coupon_listing(TODAY)
    up = codes(listing, sort_key=key)
    down = codes(listing, sort_key=key, descending=True)
    assert sorted(up) == sorted(down) and len(up) == 5
    assert up != down


def test_days_left_sorts_by_purchase_date(stock: dict[str, m.Coupon]) -> None:
    listing = store.coupon_listing(TODAY)
    assert codes(listing, sort_key="days_left")[0] == "B24-OLD-00001"
    assert codes(listing, sort_key="client")[:2] == ["B24-DAY5-0001", "B24-OLD-00001"]
