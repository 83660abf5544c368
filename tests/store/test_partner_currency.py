"""Coupons bought in other currencies count toward the partner targets in USD at the
rate of their purchase date (issue #17.4); those without a rate are counted apart."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import peewee

from b24desk.store import partner, rates
from tests.store.test_partner import YEAR_END, YEAR_START, client, coupon

D = Decimal


def test_other_currencies_count_in_usd_at_the_purchase_dates_rate(db: peewee.Database) -> None:
    """001 §3 states the targets in "$/€": USD and EUR at face value."""
    rates.set_rate(date(2026, 4, 1), "USD", "1.60")  # home NZD: 1 USD = 1.60 NZD
    rates.set_rate(date(2026, 5, 2), "USD", "1.65")
    rates.set_rate(date(2026, 4, 1), "RUB", "0.02")
    who = client("Zenit")
    coupon(date(2026, 5, 1), "100.00", who, currency="EUR")
    coupon(date(2026, 5, 1), "160.00", who, currency="NZD")  # the day before a new rate
    coupon(date(2026, 5, 2), "165.00", who, currency="NZD")  # the day of it
    coupon(date(2026, 5, 1), "8000.00", who, currency="RUB")  # cross: RUB → NZD → USD
    coupon(date(2026, 3, 31), "50.00", who, currency="NZD")  # before any rate: left out
    coupon(date(2026, 6, 1), "70.00", who, currency="MXN")  # no MXN rate: left out
    amounts = sorted(s.amount for s in partner.sales_for_targets(YEAR_START, YEAR_END))
    assert amounts == [D("100.00"), D("100.00"), D("100.00"), D("100.00")]
    assert partner.other_currency_coupons(YEAR_START, YEAR_END) == 2
    rates.set_rate(date(2026, 3, 1), "USD", "1.60")
    assert partner.other_currency_coupons(YEAR_START, YEAR_END) == 1  # only MXN now
