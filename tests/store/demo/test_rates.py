"""The demo office has monthly exchange rates for its currencies (issue #17.4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import peewee

from b24desk.store import models as m
from b24desk.store.demo import generate_demo
from b24desk.store.rates import rate_book

TODAY = date(2026, 11, 20)


def test_every_currency_of_the_demo_converts_to_nzd(db: peewee.Database) -> None:
    generate_demo("small", seed=3, today=TODAY)
    book = rate_book()
    currencies = {c.currency for c in m.Client.select(m.Client.currency)}
    currencies |= {c.currency for c in m.Coupon.select(m.Coupon.currency)}
    for currency in currencies - {"NZD"}:
        converted = book.convert(Decimal("100.00"), currency, "NZD", TODAY)
        assert converted is not None and converted > 0, currency
    # monthly, three years back: an invoice of 2024 converts too
    assert book.convert(Decimal("1"), "USD", "NZD", date(2023, 11, 1)) is not None
    assert book.convert(Decimal("1"), "USD", "NZD", date(2023, 10, 31)) is None


def test_the_same_rates_every_time(db: peewee.Database) -> None:
    generate_demo("small", seed=3, today=TODAY)
    from b24desk.store.demo.rates import demo_rates

    rows = m.ExchangeRate.select().order_by(m.ExchangeRate.id)
    first = [(r.day, r.currency, r.rate) for r in rows]

    assert [(d, c, r) for d, _b, c, r in demo_rates(TODAY)] == first
    assert len(first) == 37 * 8
