"""On-premise coupons against the seeds (issue 12): the updates renewal's price and
period (002), the 25-user minimum (002), a bonus needing the client's portal URL
(001 §9/§10) and the automatic activation of keys after six months (002)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import peewee
import pytest

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.store import coupons as store
from b24desk.store import models as m
from b24desk.store.clients import add_subscription
from b24desk.store.csvio.fields import suggest_mapping
from b24desk.store.csvio.files import parse_csv
from b24desk.store.csvio.importing import apply_import, preview_import

TODAY = date(2026, 11, 20)


def set_silver() -> None:
    m.PartnerProfile.update(status="silver").where(m.PartnerProfile.id == 1).execute()
    m.CourseCompletion.create(course="tutorial", completed_on=date(2026, 1, 10))


def make_plan(code: str, kind: str, seats: int | None, prices: dict[str, str]) -> m.Plan:
    plan = m.Plan.create(code=code, name=code.replace("_", " ").title(), kind=kind, seats=seats)
    for currency, price in prices.items():
        m.PlanPrice.create(plan=plan, currency=currency, price=Decimal(price))
    return plan


@pytest.fixture
def edition(db: peewee.Database) -> m.Plan:
    set_silver()
    return make_plan("business_onprem", "on_premise", 50, {"USD": "1490"})


@pytest.fixture
def client(db: peewee.Database) -> m.Client:
    return m.Client.create(
        company="Selfhost SA", portal_url="https://intranet.selfhost.es", hosting="self_hosted"
    )


def license_of(client: m.Client, edition: m.Plan, updates_until: date, **kw: Any) -> m.Subscription:
    values: dict[str, Any] = {
        "client": client,
        "plan": edition,
        "kind": "on_premise",
        "portal_url": client.portal_url,
        "seats": 50,
        "starts_on": date(2025, 10, 21),
        "license_price": Decimal("1490"),
        "currency": "USD",
        "updates_until": updates_until,
    }
    values.update(kw)
    return m.Subscription.create(**values)


def buy(edition: m.Plan, client: m.Client | None, **overrides: Any) -> m.Coupon:
    data: dict[str, Any] = {
        "code": "B24-ONPREM-0001",
        "product": "updates_renewal",
        "plan": edition.id,
        "term_months": 12,
        "seats": 50,
        "purchased_on": TODAY,
        "list_price": Decimal("327.80"),
        "currency": "USD",
        "client": client.id if client is not None else None,
    }
    data.update(overrides)
    return store.record_purchase(data, TODAY)


# --------------------------------------------------------------------------- 12.2


@pytest.mark.parametrize(
    ("bought_on", "rate", "price"),
    [
        (date(2026, 10, 20), Decimal("0.22"), Decimal("327.80")),  # last covered day
        (date(2026, 11, 19), Decimal("0.22"), Decimal("327.80")),  # day 30 after the lapse
        (date(2026, 11, 20), Decimal("0.60"), Decimal("894.00")),  # day 31 after the lapse
    ],
)
def test_suggested_updates_renewal_price_day_30_and_31(
    edition: m.Plan, client: m.Client, bought_on: date, rate: Decimal, price: Decimal
) -> None:
    """002: "El costo de esta extensión de suscripción es del 22% si se realiza en los
    primeros 30 días de vencida la licencia original y del 60% del valor de la
    licencia si la compra del cupón se realiza después de los 30 días".
    Covered through 20 Oct 2026 (the stored last covered day): 19 Nov is day 30,
    20 Nov day 31."""
    license_of(client, edition, date(2026, 10, 20))
    suggestion = store.updates_renewal_suggestion(client.id, edition.id, "USD", bought_on)
    assert suggestion is not None
    assert (suggestion.rate, suggestion.price, suggestion.base) == (rate, price, Decimal("1490"))
    assert suggestion.early_until == date(2026, 11, 19)
    assert (
        store.suggested_list_price(
            edition.id, "updates_renewal", "USD", 12, 50, client_id=client.id, bought_on=bought_on
        )
        == price
    )


def test_updates_renewal_price_needs_the_clients_license(
    edition: m.Plan, client: m.Client
) -> None:
    # No client, or a client without a license of this edition: no made-up 22 %.
    assert store.suggested_list_price(edition.id, "updates_renewal", "USD", 12, 50) is None
    assert store.updates_renewal_suggestion(client.id, edition.id, "USD", TODAY) is None
    # A license bought in another currency: the edition's list price is the base.
    license_of(client, edition, date(2026, 11, 1), license_price=Decimal("2500"), currency="NZD")
    suggestion = store.updates_renewal_suggestion(client.id, edition.id, "USD", TODAY)
    assert suggestion is not None and suggestion.price == Decimal("327.80")
    assert store.updates_renewal_suggestion(client.id, edition.id, "EUR", TODAY) is None


def test_onprem_key_covers_one_year_through_the_day_before(
    edition: m.Plan, client: m.Client
) -> None:
    """002: "Cada licencia ... incluye una suscripción de 1 año de soporte técnico y
    actualizaciones": activated 22 Nov 2026, covered through 21 Nov 2027 (the stored
    date is the last covered day)."""
    coupon = buy(edition, client, product="onprem_key", list_price=Decimal("1490"))
    sub = store.activate_coupon(coupon.id, date(2026, 11, 22), expected_version=coupon.version)
    assert sub.updates_until == date(2027, 11, 21)
    assert sub.license_price == Decimal("1490.00")


@pytest.mark.parametrize(
    ("covered_until", "activated_on", "expected"),
    [
        (date(2026, 12, 31), date(2026, 11, 22), date(2027, 12, 31)),  # early
        (date(2026, 10, 23), date(2026, 11, 22), date(2027, 10, 23)),  # day 30 after lapse
        (date(2026, 10, 22), date(2026, 11, 22), date(2027, 10, 22)),  # day 31: late
        (date(2026, 3, 31), date(2026, 11, 22), date(2027, 3, 31)),  # months late
    ],
)
def test_updates_renewal_adds_the_year_after_the_last_covered_day(
    edition: m.Plan, client: m.Client, covered_until: date, activated_on: date, expected: date
) -> None:
    """002: the coupon lets the client "extender su suscripción a los servicios de
    actualizaciones y soporte técnico por un año más" — one more year after the
    last covered day, early or late; a late renewal does not restart on the day
    the coupon is activated."""
    license_ = license_of(client, edition, covered_until)
    coupon = buy(edition, client)
    sub = store.activate_coupon(coupon.id, activated_on, expected_version=coupon.version)
    assert sub.id == license_.id
    assert sub.updates_until == expected


# --------------------------------------------------------------------------- 12.5

def test_onprem_key_under_25_users_is_refused(edition: m.Plan, client: m.Client) -> None:
    """002: "El monto base de usuarios por licencia es de 25 usuarios, esto significa
    que no es posible comprar una licencia con menos de 25 usuarios." 24 refused, 25 kept."""
    with pytest.raises(ValidationErrors) as info:
        buy(edition, client, product="onprem_key", seats=24, list_price=Decimal("1490"))
    assert "at least 25 users" in info.value.by_field["seats"]
    assert m.Coupon.select().count() == 0
    coupon = buy(edition, client, product="onprem_key", seats=25, list_price=Decimal("1490"))
    assert coupon.seats == 25
    # Extra users add to a license: 5 of them are fine.
    users = make_plan("extra_users", "option", 1, {"USD": "35"})
    extra = buy(users, client, code="B24-USERS-0001", product="extra_users", seats=5)
    assert extra.seats == 5


def test_onprem_subscription_under_25_users_is_refused(
    edition: m.Plan, client: m.Client
) -> None:
    """002: "El monto base de usuarios por licencia es de 25 usuarios, esto significa
    que no es posible comprar una licencia con menos de 25 usuarios." 24 refused, 25 kept."""
    with pytest.raises(ValidationErrors) as info:
        add_subscription(client.id, edition.id, 12, 24, TODAY)
    assert "at least 25 users" in info.value.by_field["seats"]
    assert m.Subscription.select().count() == 0
    assert add_subscription(client.id, edition.id, 12, 25, TODAY).seats == 25
    # Cloud plans are priced by plan, not by a user minimum: 5 seats of Basic are fine.
    basic = make_plan("basic", "cloud", 5, {"USD": "49"})
    assert add_subscription(client.id, basic.id, 12, 5, TODAY, "https://b.bitrix24.es").seats == 5


def test_csv_import_refuses_a_key_under_25_users(edition: m.Plan, client: m.Client) -> None:
    """002: "El monto base de usuarios por licencia es de 25 usuarios, esto significa
    que no es posible comprar una licencia con menos de 25 usuarios." 24 refused, 25 kept."""
    text = (
        "code,product,plan,term,seats,purchased,list price,currency\n"
        "B24-KEY-0024,On-premise key,Business Onprem,12,24,2026-11-20,1490,USD\n"
        "B24-KEY-0025,On-premise key,Business Onprem,12,25,2026-11-20,1490,USD\n"
    )
    table = parse_csv(text.encode())
    mapping = suggest_mapping(table.headers, "coupons")
    preview = preview_import(table, mapping, "coupons", today=TODAY)
    assert [(e.line, e.field) for e in preview.errors] == [(2, "seats")]
    assert "at least 25 users" in preview.errors[0].message
    assert [r.line for r in preview.valid_rows] == [3]
    assert apply_import(preview) == 1
    assert [c.code for c in m.Coupon.select()] == ["B24-KEY-0025"]


# --------------------------------------------------------------------------- 12.6


def test_a_bonus_pays_a_cloud_order_only_with_the_clients_portal_url(
    edition: m.Plan, client: m.Client
) -> None:
    """001 §9: "When placing an order for cloud subscription using kickstart bonuses
    it's required to enter a client's Bitrix24 account URL." (§10: award bonuses pay
    the same purchases.)"""
    m.Bonus.create(
        kind="kickstart", amount=Decimal("1000"), credited_on=date(2026, 11, 1),
        expires_on=date(2027, 1, 29),
    )  # fmt: skip
    cloud = make_plan("standard", "cloud", 50, {"USD": "124"})
    order = {"product": "cloud_subscription", "plan": cloud.id, "list_price": Decimal("1000")}
    # No client named: no account URL, refused beside the client; nothing spent.
    with pytest.raises(ValidationError) as info:
        buy(edition, None, code="B24-CLOUD-0001", new_client=True, use_bonus=True, **order)
    assert info.value.field == "client"
    assert "Bitrix24 account URL" in info.value.message
    assert m.Coupon.select().count() == 0 and m.Bonus.get().used == 0
    # Without the bonus the same order needs no client.
    plain = buy(edition, None, code="B24-CLOUD-0002", new_client=True, **order)
    assert plain.bonus_used == 0
    # With the client's portal URL the bonus pays: 1 000 − 40 % = 600, 590 by bonus.
    paid = buy(edition, client, code="B24-CLOUD-0003", use_bonus=True, **order)
    assert (paid.bonus_used, paid.partner_cost) == (Decimal("590.00"), Decimal("10.00"))
    # An on-premise key is not a cloud account: no URL needed.
    key = buy(
        edition, None, code="B24-KEY-0001", product="onprem_key", new_client=True,
        use_bonus=True, list_price=Decimal("100"),
    )  # fmt: skip
    assert key.bonus_used == Decimal("50.00")


# --------------------------------------------------------------------------- 12.8

def key(edition: m.Plan, client: m.Client | None, code: str, bought: date, **kw: Any) -> m.Coupon:
    values: dict[str, Any] = {
        "code": code,
        "product": "onprem_key",
        "plan": edition,
        "seats": 50,
        "purchased_on": bought,
        "currency": "USD",
        "list_price": Decimal("1490"),
        "partner_cost": Decimal("894"),
        "client": client,
        "state": "assigned" if client is not None else "in_stock",
    }
    values.update(kw)
    return m.Coupon.create(**values)


def test_onprem_key_activates_itself_the_day_after_six_months(
    edition: m.Plan, client: m.Client
) -> None:
    """002: "Si la licencia no ha sido activada durante ese periodo, se activará
    automáticamente. En este caso, el período de actualización y soporte se inicia
    desde el momento de la activación de la licencia." Bought 20 May 2026: 20 Nov
    is the last day to activate it; on 21 Nov it is activated as of 20 Nov and its
    year of updates runs through 19 Nov 2027."""
    assigned = key(edition, client, "B24-KEY-AUTO", date(2026, 5, 20))
    expired = key(edition, client, "B24-KEY-EXPD", date(2026, 5, 20), state="expired")
    stock = key(edition, None, "B24-KEY-STCK", date(2026, 5, 20))
    void = key(edition, client, "B24-KEY-VOID", date(2026, 5, 20), state="void")
    young = key(edition, client, "B24-KEY-YOUNG", date(2026, 5, 21))

    assert store.activate_due_onprem_keys(date(2026, 11, 20)) == 0  # the last day: not yet
    assert m.Coupon.get_by_id(assigned.id).state == "assigned"

    assert store.activate_due_onprem_keys(date(2026, 11, 21)) == 2
    for coupon in (assigned, expired):
        done = m.Coupon.get_by_id(coupon.id)
        assert (done.state, done.activated_on, done.version) == ("activated", date(2026, 11, 20), 2)
        license_ = m.Subscription.get(m.Subscription.coupon == coupon.id)
        assert (license_.kind, license_.client_id, license_.seats) == ("on_premise", client.id, 50)
        assert license_.starts_on == date(2026, 11, 20)
        assert license_.updates_until == date(2027, 11, 19)
    # Not touched: a key in stock (no license to start), a void one, a younger one.
    assert m.Coupon.get_by_id(stock.id).state == "in_stock"
    assert m.Coupon.get_by_id(void.id).state == "void"
    assert m.Coupon.get_by_id(young.id).state == "assigned"
    assert store.activate_due_onprem_keys(date(2026, 11, 21)) == 0  # once only
    assert m.Subscription.select().count() == 2
    assert "activated itself on" in m.Activity.select().order_by(m.Activity.id.desc()).get().message


def test_month_end_purchase_activates_itself_at_the_clamped_date(
    edition: m.Plan, client: m.Client
) -> None:
    """Bought 31 Aug 2026: six months end on 28 Feb 2027 (no 31 Feb)."""
    coupon = key(edition, client, "B24-KEY-AUG31", date(2026, 8, 31))
    assert store.activate_due_onprem_keys(date(2027, 2, 28)) == 0
    assert store.activate_due_onprem_keys(date(2027, 3, 1)) == 1
    assert m.Coupon.get_by_id(coupon.id).activated_on == date(2027, 2, 28)


def test_coupon_list_shows_the_automatic_activation_date(
    edition: m.Plan, client: m.Client
) -> None:
    key(edition, client, "B24-KEY-LIST", date(2026, 5, 20))
    key(edition, client, "B24-KEY-DONE", date(2026, 5, 1), state="activated",
        activated_on=date(2026, 5, 2))  # fmt: skip
    rows = {r.code: r for r in store.coupon_listing(TODAY).page(0, 10)}
    assert rows["B24-KEY-LIST"].auto_activation_on == date(2026, 11, 20)
    assert rows["B24-KEY-DONE"].auto_activation_on is None


@pytest.mark.parametrize(
    ("covered_until", "expected"),
    [
        (date(2026, 12, 31), date(2027, 12, 31)),  # renewed early
        (date(2026, 10, 21), date(2027, 10, 21)),  # day 30 after the lapse
        (date(2026, 10, 20), date(2027, 10, 20)),  # day 31: late, same year added
    ],
)
def test_renewing_a_license_on_the_clients_card_adds_the_following_year(
    edition: m.Plan, client: m.Client, covered_until: date, expected: date
) -> None:
    """002: "extender su suscripción ... por un año más": renewing on the client's
    card continues after the last covered day, however late, like the coupon."""
    from b24desk.store.clients import renew_subscription, renewal_preview

    license_ = license_of(client, edition, covered_until, paid_until=covered_until)
    start = covered_until + timedelta(days=1)
    assert renewal_preview(license_.id, 12, TODAY) == (start, expected)
    renewed = renew_subscription(license_.id, 12, TODAY)
    assert (renewed.starts_on, renewed.updates_until) == (start, expected)
