"""The default price list: a price per plan and currency, seeded once, appended after
what the office has (shared/domain.md §2, the NZ reseller's range from 000)."""

from __future__ import annotations

from decimal import Decimal

import peewee

from b24desk.store import models as m
from b24desk.store.pricelist import (
    DEFAULT_PLANS,
    DEFAULT_PLANS_BY_CODE,
    PRICE_CURRENCIES,
    PlanSpec,
    insert_plans,
    seed_price_list,
)

#: 000: "Bitrix24 prices range from free to $296+GST per month."
NZ_MONTHLY_CEILING = Decimal("296")


def test_default_nz_cloud_prices_run_from_free_to_296_a_month() -> None:
    """000: "Bitrix24 prices range from free to $296+GST per month." The dearest
    plan costs the ceiling, none more; the free plan costs nothing."""
    monthly = {s.code: s.price("NZD") for s in DEFAULT_PLANS if s.kind == "cloud"}
    assert monthly["free"] == 0
    assert max(monthly.values()) == NZ_MONTHLY_CEILING
    assert all(price is not None and price <= NZ_MONTHLY_CEILING for price in monthly.values())
    # The plans keep their order: a bigger plan never costs less.
    ladder = [monthly[c] for c in ("free", "basic", "standard", "professional", "enterprise")]
    assert ladder == sorted(ladder)


def test_seeded_price_list_holds_the_nz_prices(db: peewee.Database) -> None:
    seed_price_list()
    nzd = (
        m.PlanPrice.select(m.PlanPrice.price)
        .join(m.Plan)
        .where(m.PlanPrice.currency == "NZD", m.Plan.kind == "cloud")
    )
    assert max(p.price for p in nzd) == NZ_MONTHLY_CEILING


def test_every_default_plan_has_a_price_in_every_currency() -> None:
    for spec in DEFAULT_PLANS:
        assert tuple(spec.prices) == PRICE_CURRENCIES, spec.code
        assert all(price >= 0 for price in spec.prices.values()), spec.code
        assert spec.paid == (spec.code != "free")
    assert DEFAULT_PLANS_BY_CODE["standard"].price("EUR") == Decimal("99")
    assert DEFAULT_PLANS_BY_CODE["standard"].price("GBP") is None  # not on the list


def test_seeding_stores_each_price_per_plan_and_currency_in_order(db: peewee.Database) -> None:
    assert seed_price_list() == len(DEFAULT_PLANS)
    plans = list(m.Plan.select().order_by(m.Plan.position))
    assert [p.code for p in plans] == [s.code for s in DEFAULT_PLANS]
    for plan in plans:
        stored = {p.currency: p.price for p in m.PlanPrice.select().where(m.PlanPrice.plan == plan)}
        assert stored == DEFAULT_PLANS_BY_CODE[plan.code].prices, plan.code
    enterprise = m.Plan.get(m.Plan.code == "enterprise")
    assert (enterprise.kind, enterprise.seats, enterprise.storage_gb) == ("cloud", 250, 3072)
    training = m.PlanPrice.get(
        (m.PlanPrice.plan == m.Plan.get(m.Plan.code == "svc_training").id)
        & (m.PlanPrice.currency == "COP")
    )
    assert training.price == Decimal("200000")


def test_seeding_leaves_a_price_list_the_office_has(db: peewee.Database) -> None:
    assert seed_price_list() == len(DEFAULT_PLANS)
    basic = m.Plan.get(m.Plan.code == "basic")
    m.PlanPrice.update(price=Decimal("55")).where(
        (m.PlanPrice.plan == basic.id) & (m.PlanPrice.currency == "NZD")
    ).execute()
    assert seed_price_list() == 0  # already there: nothing added, nothing reset
    assert m.Plan.select().count() == len(DEFAULT_PLANS)
    nzd = m.PlanPrice.get((m.PlanPrice.plan == basic.id) & (m.PlanPrice.currency == "NZD"))
    assert nzd.price == Decimal("55")


def test_an_office_that_has_plans_gets_no_defaults(db: peewee.Database) -> None:
    m.Plan.create(code="own", name="Own plan", kind="cloud", position=0)
    assert seed_price_list() == 0
    assert [p.code for p in m.Plan.select()] == ["own"]


def test_inserted_plans_come_after_the_office_s_own(db: peewee.Database) -> None:
    m.Plan.create(code="own", name="Own plan", kind="cloud", position=4)
    extra = PlanSpec(
        "svc_audit", "Audit (hourly)", "service", None, 0, False, {"NZD": Decimal("120.50")}
    )
    assert insert_plans([DEFAULT_PLANS_BY_CODE["basic"], extra]) == 2
    order = [(p.code, p.position) for p in m.Plan.select().order_by(m.Plan.position)]
    assert order == [("own", 4), ("basic", 5), ("svc_audit", 6)]
    audit = m.Plan.get(m.Plan.code == "svc_audit")
    prices = m.PlanPrice.select().where(m.PlanPrice.plan == audit)
    assert [(p.currency, p.price) for p in prices] == [("NZD", Decimal("120.50"))]
    assert insert_plans([]) == 0
    assert m.Plan.select().count() == 3


def test_the_first_plans_of_an_empty_list_start_at_position_zero(db: peewee.Database) -> None:
    assert insert_plans([DEFAULT_PLANS_BY_CODE["free"], DEFAULT_PLANS_BY_CODE["basic"]]) == 2
    assert [(p.code, p.position) for p in m.Plan.select().order_by(m.Plan.position)] == [
        ("free", 0),
        ("basic", 1),
    ]
