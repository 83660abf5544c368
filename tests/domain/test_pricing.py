"""Partner discounts, updates renewal, bonuses, client discounts, payment methods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b24desk.domain.errors import ValidationError
from b24desk.domain.lifecycle import updates_until
from b24desk.domain.pricing import (
    LONG_TERM_DISCOUNTS,
    NONPROFIT_DISCOUNT,
    PRODUCTS,
    apply_bonus,
    apply_discount,
    below_list_needs_reason,
    best_discount,
    bonus_allowed,
    offered_discounts,
    partner_cost,
    partner_discount,
    paypal_allowed,
    round_money,
    updates_renewal_price,
    updates_renewal_rate,
    validate_bonus_portal,
    validate_onprem_seats,
)

D = Decimal


@pytest.mark.parametrize(
    ("status", "tutorial", "discount"),
    [
        ("bronze", True, D("0.20")),
        ("bronze", False, D("0")),
        ("silver", True, D("0.40")),
        ("silver", False, D("0.40")),
        ("gold", True, D("0.50")),
        ("Gold", True, D("0.50")),
    ],
)
def test_partner_discount(status: str, tutorial: bool, discount: Decimal) -> None:
    assert partner_discount(status, tutorial) == discount


@pytest.mark.parametrize("status", ["platinum", "", "iron"])
def test_unknown_status(status: str) -> None:
    with pytest.raises(ValueError):
        partner_discount(status)
    with pytest.raises(ValidationError) as err:
        partner_cost(D(100), status)
    assert err.value.field == "status"


@pytest.mark.parametrize(
    ("price", "status", "tutorial", "cost"),
    [
        (D("100"), "bronze", True, D("80.00")),
        (D("100"), "bronze", False, D("100.00")),
        (D("99.99"), "silver", True, D("59.99")),  # 59.994
        (D("0.01"), "gold", True, D("0.01")),  # 0.005 rounds half up
        (D("0.03"), "gold", True, D("0.02")),  # 0.015 rounds half up (not to even)
        (D("1234.56"), "gold", True, D("617.28")),
        (D("0"), "gold", True, D("0.00")),
    ],
)
def test_partner_cost(price: Decimal, status: str, tutorial: bool, cost: Decimal) -> None:
    result = partner_cost(price, status, tutorial)
    assert result == cost
    assert result.as_tuple().exponent == -2


def test_partner_cost_in_currency() -> None:
    assert partner_cost(D("999"), "gold", currency="JPY") == D("500")
    assert partner_cost(D("1.001"), "gold", currency="KWD") == D("0.501")


def test_partner_cost_refuses_float_and_negative() -> None:
    with pytest.raises(TypeError):
        partner_cost(100.0, "gold")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        partner_cost(D("-1"), "gold")


# --------------------------------------------------------------------------- updates


def test_updates_renewal_required_example() -> None:
    assert updates_renewal_price(D("500"), date(2026, 1, 1), date(2026, 3, 1)) == D("300.00")


@pytest.mark.parametrize(
    ("bought_on", "rate", "price"),
    [
        (date(2025, 11, 1), D("0.22"), D("110.00")),  # before the end
        (date(2026, 1, 1), D("0.22"), D("110.00")),  # on the end date
        (date(2026, 1, 31), D("0.22"), D("110.00")),  # 30 days after
        (date(2026, 2, 1), D("0.60"), D("300.00")),  # 31 days after
        (date(2027, 6, 1), D("0.60"), D("300.00")),
    ],
)
def test_updates_renewal_boundaries(bought_on: date, rate: Decimal, price: Decimal) -> None:
    end = date(2026, 1, 1)
    assert updates_renewal_rate(end, bought_on) == rate
    assert updates_renewal_price(D("500"), end, bought_on) == price


def test_updates_renewal_day_30_and_31_after_the_lapse() -> None:
    """002: "El costo de esta extensión de suscripción es del 22% si se realiza en los
    primeros 30 días de vencida la licencia original y del 60% del valor de la
    licencia si la compra del cupón se realiza después de los 30 días".

    A license activated 1 Jan 2025 is covered through 31 Dec 2025 (the stored
    ``updates_until``, its last covered day); 1 Jan 2026 is day 1 after the lapse,
    30 Jan day 30 (22 %), 31 Jan day 31 (60 %)."""
    until = updates_until(date(2025, 1, 1))
    assert until == date(2025, 12, 31)
    assert updates_renewal_rate(until, date(2025, 12, 31)) == D("0.22")  # last covered day
    assert updates_renewal_rate(until, date(2026, 1, 1)) == D("0.22")  # day 1 after
    assert updates_renewal_rate(until, date(2026, 1, 30)) == D("0.22")  # day 30
    assert updates_renewal_rate(until, date(2026, 1, 31)) == D("0.60")  # day 31
    assert updates_renewal_price(D("1490"), until, date(2026, 1, 30)) == D("327.80")
    assert updates_renewal_price(D("1490"), until, date(2026, 1, 31)) == D("894.00")


def test_updates_renewal_rounding() -> None:
    end = date(2026, 1, 1)
    assert updates_renewal_price(D("0.75"), end, end) == D("0.17")  # 0.165 half up
    assert updates_renewal_price(D("333.33"), end, end) == D("73.33")
    assert updates_renewal_price(D("49990"), end, end, currency="JPY") == D("10998")


# --------------------------------------------------------------------------- bonuses


@pytest.mark.parametrize(
    ("total", "balance", "paid", "used"),
    [
        (D("10"), D("100"), D("10"), D("0")),  # exactly 10: no bonus
        (D("10.01"), D("100"), D("10.00"), D("0.01")),
        (D("5"), D("100"), D("5"), D("0")),
        (D("100"), D("50"), D("50"), D("50")),
        (D("100"), D("1000"), D("10"), D("90")),
        (D("100"), D("0"), D("100"), D("0")),
        (D("0"), D("10"), D("0"), D("0")),
    ],
)
def test_apply_bonus(total: Decimal, balance: Decimal, paid: Decimal, used: Decimal) -> None:
    assert apply_bonus(total, balance) == (paid, used)


def test_apply_bonus_refuses_bad_values() -> None:
    with pytest.raises(ValidationError):
        apply_bonus(D("100"), D("-1"))
    with pytest.raises(ValidationError):
        apply_bonus(D("-100"), D("1"))
    with pytest.raises(TypeError):
        apply_bonus(100.0, D("1"))  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(
    st.decimals(min_value=0, max_value=10**6, places=2),
    st.decimals(min_value=0, max_value=10**6, places=2),
)
def test_apply_bonus_properties(total: Decimal, balance: Decimal) -> None:
    paid, used = apply_bonus(total, balance)
    assert paid + used == total
    assert 0 <= used <= balance
    assert paid >= min(total, D(10))


@pytest.mark.parametrize(
    ("product", "new_client", "own_use", "allowed"),
    [
        ("cloud_subscription", True, False, True),
        ("onprem_key", True, False, True),
        ("cloud_subscription", False, False, False),
        ("onprem_key", False, False, False),
        ("cloud_subscription", True, True, False),
        ("onprem_upgrade", True, False, False),
        ("updates_renewal", True, False, False),
        ("renewal", True, False, False),
        ("upgrade", True, False, False),
        ("extra_storage", True, False, False),
        ("extra_users", True, False, False),
    ],
)
def test_bonus_allowed(product: str, new_client: bool, own_use: bool, allowed: bool) -> None:
    assert bonus_allowed(product, new_client, own_use) is allowed


def test_bonus_not_for_archived_plans_or_unknown_products() -> None:
    assert not bonus_allowed("cloud_subscription", True, archived_plan=True)
    with pytest.raises(ValidationError):
        bonus_allowed("nfr", True)
    assert len(PRODUCTS) == 8


# --------------------------------------------------------------------------- discounts


@pytest.mark.parametrize(
    ("term", "non_profit", "offers"),
    [
        (1, False, []),
        (1, True, []),
        (3, True, []),
        (6, False, [("long_term", D("0.05"))]),
        (6, True, [("non_profit", D("0.15")), ("long_term", D("0.05"))]),
        (12, False, [("long_term", D("0.10"))]),
        (12, True, [("non_profit", D("0.15")), ("long_term", D("0.10"))]),
        (24, False, [("long_term", D("0.15"))]),
        (24, True, [("long_term", D("0.15"))]),  # non-profit only on 6 and 12 months
    ],
)
def test_offered_discounts(term: int, non_profit: bool, offers: list[tuple[str, Decimal]]) -> None:
    assert offered_discounts(term, non_profit) == offers
    assert best_discount(term, non_profit) == (offers[0] if offers else None)


def test_discount_constants() -> None:
    assert D("0.15") == NONPROFIT_DISCOUNT
    assert dict(LONG_TERM_DISCOUNTS) == {6: D("0.05"), 12: D("0.10"), 24: D("0.15")}


def test_apply_discount() -> None:
    assert apply_discount(D("3990"), D("0.15")) == D("3391.50")
    assert apply_discount(D("0.10"), D("0.05")) == D("0.10")  # 0.095 half up
    assert apply_discount(D("1990"), D("0.05"), "JPY") == D("1891")  # 1890.5 half up
    assert apply_discount(D("10"), D("1")) == D("0.00")
    for bad in (D("-0.01"), D("1.01")):
        with pytest.raises(ValidationError):
            apply_discount(D("10"), bad)


@settings(max_examples=150, deadline=None)
@given(
    st.decimals(min_value=0, max_value=10**7, places=2),
    st.decimals(min_value=0, max_value=1, places=4),
    st.sampled_from(["NZD", "JPY", "KWD", "EUR"]),
)
def test_discounts_never_raise_a_price(price: Decimal, rate: Decimal, currency: str) -> None:
    listed = round_money(price, currency)
    assert apply_discount(listed, rate, currency) <= listed
    for status in ("bronze", "silver", "gold"):
        assert partner_cost(listed, status, currency=currency) <= listed


@pytest.mark.parametrize(
    ("price", "list_price", "needs"),
    [
        (D("99.99"), D("100"), True),
        (D("100"), D("100"), False),
        (D("100.00"), D("100"), False),
        (D("120"), D("100"), False),
        (D("0"), D("100"), True),
    ],
)
def test_below_list_needs_reason(price: Decimal, list_price: Decimal, needs: bool) -> None:
    assert below_list_needs_reason(price, list_price) is needs


@pytest.mark.parametrize(
    ("plan", "term", "allowed"),
    [
        ("standard", 6, True),
        ("standard", 12, True),
        ("Professional", 12, True),
        ("professional", 6, True),
        ("standard", 1, False),
        ("standard", 3, False),
        ("professional", 24, False),
        ("basic", 12, False),
        ("enterprise", 12, False),
        ("free", 6, False),
    ],
)
def test_paypal_allowed(plan: str, term: int, allowed: bool) -> None:
    assert paypal_allowed(plan, term) is allowed


@pytest.mark.parametrize(
    ("amount", "currency", "rounded"),
    [
        (D("1.005"), "NZD", D("1.01")),
        (D("1.004"), "NZD", D("1.00")),
        (D("2.5"), "JPY", D("3")),
        (D("3.5"), "JPY", D("4")),
        (D("1.0005"), "KWD", D("1.001")),
        (D("7"), "kwd", D("7.000")),
    ],
)
def test_round_money(amount: Decimal, currency: str, rounded: Decimal) -> None:
    result = round_money(amount, currency)
    assert result == rounded
    assert result.as_tuple().exponent == rounded.as_tuple().exponent


# --------------------------------------------------------------------------- licenses


def test_onprem_license_has_at_least_25_users() -> None:
    """002: "El monto base de usuarios por licencia es de 25 usuarios, esto significa
    que no es posible comprar una licencia con menos de 25 usuarios." """
    assert validate_onprem_seats(25) == 25
    assert validate_onprem_seats(26) == 26
    for seats in (24, 0, -1):
        with pytest.raises(ValidationError) as info:
            validate_onprem_seats(seats)
        assert info.value.field == "seats"
        assert "at least 25 users" in info.value.message


def test_bonus_on_a_cloud_order_needs_the_account_url() -> None:
    """001 §9: "When placing an order for cloud subscription using kickstart bonuses
    it's required to enter a client's Bitrix24 account URL." """
    validate_bonus_portal("cloud_subscription", "https://acme.bitrix24.com")
    validate_bonus_portal("onprem_key", None)  # a key, not a cloud account
    for missing in (None, "", "   "):
        with pytest.raises(ValidationError) as info:
            validate_bonus_portal("cloud_subscription", missing)
        assert info.value.field == "client"
        assert "Bitrix24 account URL" in info.value.message
