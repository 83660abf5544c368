"""The office's exchange rates in the store (issue #17.4): set against the home
currency, replaced per day, edited, deleted, listed with filters, read as a book."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import peewee
import pytest

from b24desk.domain.errors import ValidationErrors
from b24desk.store import events, rates
from b24desk.store import models as m

D = Decimal
DEC1, DEC3 = date(2026, 12, 1), date(2026, 12, 3)


@pytest.fixture
def notices() -> list[str]:
    seen: list[str] = []
    events.subscribe(seen.append)
    yield seen
    events.unsubscribe(seen.append)


def test_set_rate_is_against_the_home_currency(db: peewee.Database, notices: list[str]) -> None:
    row = rates.set_rate(DEC3, "usd", "1.6543")
    assert (row.day, row.base, row.currency, row.rate) == (DEC3, "NZD", "USD", D("1.6543"))
    assert notices == [events.RATES]
    again = rates.set_rate(DEC3, "USD", D("1.66"))  # the same day: replaced
    assert again.id == row.id and again.rate == D("1.66")
    assert m.ExchangeRate.select().count() == 1


def test_ten_decimal_places_are_kept(db: peewee.Database) -> None:
    rates.set_rate(DEC1, "COP", "0.0004123456")
    (row,) = rates.list_rates()
    assert row.rate == D("0.0004123456")
    book = rates.rate_book()
    assert book.convert(D("1000000"), "COP", "NZD", DEC3) == D("412.35")


def test_bad_input_is_refused_and_nothing_written(db: peewee.Database) -> None:
    with pytest.raises(ValidationErrors) as caught:
        rates.set_rate("2026-13-01", "NZD", "-1")
    assert [e.field for e in caught.value] == ["day", "currency", "rate"]
    assert m.ExchangeRate.select().count() == 0


def test_list_filters_and_order(db: peewee.Database) -> None:
    rates.set_rate(DEC1, "USD", "1.65")
    rates.set_rate(DEC3, "USD", "1.6543")
    rates.set_rate(DEC1, "EUR", "1.80")
    assert [(r.day, r.currency) for r in rates.list_rates()] == [
        (DEC3, "USD"),
        (DEC1, "EUR"),
        (DEC1, "USD"),
    ]
    assert [r.day for r in rates.list_rates(currency="usd")] == [DEC3, DEC1]
    assert [r.currency for r in rates.list_rates(since=DEC3)] == ["USD"]
    assert [r.currency for r in rates.list_rates(until=DEC1)] == ["EUR", "USD"]
    assert rates.rate_currencies() == ["EUR", "USD"]


def test_update_and_delete(db: peewee.Database) -> None:
    first = rates.set_rate(DEC1, "USD", "1.65")
    rates.set_rate(DEC3, "USD", "1.66")
    changed = rates.update_rate(first.id, DEC1, "EUR", "1,81")
    assert (changed.currency, changed.rate) == ("EUR", D("1.81"))
    with pytest.raises(ValidationErrors) as caught:
        rates.update_rate(first.id, DEC3, "USD", "1.7")
    assert caught.value.errors[0].message == "USD has a rate on 3 Dec 2026 already: edit that one."
    rates.delete_rate(first.id)
    assert [r.currency for r in rates.list_rates()] == ["USD"]


def test_the_book_uses_the_rate_of_the_day(db: peewee.Database) -> None:
    rates.set_rate(DEC1, "USD", "1.65")
    rates.set_rate(DEC3, "USD", "1.6543")
    book = rates.rate_book()
    assert book.convert(D("10.00"), "USD", "NZD", date(2026, 12, 2)) == D("16.50")
    assert book.convert(D("10.00"), "USD", "NZD", DEC3) == D("16.54")
