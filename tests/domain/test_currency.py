"""Exchange rates (issue #17.4): conversion with Decimal at the rate of the right
date, and what a valid rate is."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from b24desk.domain.currency import (
    Rate,
    RateBook,
    check_rate,
    validate_rate,
    validate_rate_currency,
    validate_rate_day,
)
from b24desk.domain.errors import ValidationError, ValidationErrors

D = Decimal
DEC1, DEC3 = date(2026, 12, 1), date(2026, 12, 3)


@pytest.fixture
def book() -> RateBook:
    return RateBook(
        [
            Rate(DEC1, "NZD", "USD", D("1.6500")),
            Rate(DEC3, "NZD", "USD", D("1.6543")),
            Rate(DEC1, "NZD", "EUR", D("1.8000")),
        ]
    )


def test_the_rate_of_the_day_and_the_day_before_a_new_rate(book: RateBook) -> None:
    """The latest rate on or before the day: 2 Dec still uses 1 Dec's, 3 Dec its own."""
    assert book.convert(D("100.00"), "USD", "NZD", date(2026, 12, 2)) == D("165.00")
    assert book.convert(D("100.00"), "USD", "NZD", DEC3) == D("165.43")
    assert book.convert(D("100.00"), "USD", "NZD", date(2027, 6, 1)) == D("165.43")
    assert book.convert(D("100.00"), "USD", "NZD", date(2026, 11, 30)) is None  # none yet
    used = book.rate("USD", "NZD", date(2026, 12, 2))
    assert used is not None and (used.rate, used.day) == (D("1.6500"), DEC1)


def test_inverse_and_cross_rates_are_exact_decimals(book: RateBook) -> None:
    assert book.convert(D("165.43"), "NZD", "USD", DEC3) == D("100.00")
    # EUR → USD through NZD: 1.8 / 1.6543, as of the older of the two rates
    cross = book.rate("EUR", "USD", DEC3)
    assert cross is not None and cross.day == DEC1
    assert book.convert(D("100.00"), "EUR", "USD", DEC3) == D("108.81")
    assert isinstance(book.convert(D("1"), "USD", "NZD", DEC3), Decimal)
    with pytest.raises(TypeError):
        book.convert(100.0, "USD", "NZD", DEC3)  # type: ignore[arg-type]


def test_minor_units_follow_the_target_currency() -> None:
    book = RateBook([Rate(DEC1, "NZD", "CLP", D("0.0018"))])
    assert book.convert(D("1.00"), "NZD", "CLP", DEC1) == D("556")  # no decimals in CLP


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Exchange rate must be a number greater than zero."),
        ("-1.5", "Exchange rate must be a number greater than zero."),
        ("", "Exchange rate is required."),
        ("abc", "Exchange rate: \u201cabc\u201d is not a valid amount."),
        ("0.00000000001", "Exchange rate: at most 10 decimal places."),
    ],
)
def test_bad_rates(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_rate(value)
    assert caught.value.message == message


def test_good_rates() -> None:
    assert validate_rate("1,6543") == D("1.6543")
    assert validate_rate("0.0004123456") == D("0.0004123456")
    assert validate_rate(D("2")) == D("2")
    with pytest.raises(TypeError):
        validate_rate(1.5)


def test_currency_must_be_known_and_not_the_base() -> None:
    assert validate_rate_currency(" usd ", "NZD") == "USD"
    with pytest.raises(ValidationError) as caught:
        validate_rate_currency("XYZ", "NZD")
    assert caught.value.message == "Currency: \u201cXYZ\u201d is not a known currency code."
    with pytest.raises(ValidationError) as caught:
        validate_rate_currency("nzd", "NZD")
    assert caught.value.message == "NZD is the base currency: its rate is always 1."


def test_day() -> None:
    assert validate_rate_day("2026-12-03") == DEC3
    with pytest.raises(ValidationError) as caught:
        validate_rate_day("3 Dec")
    assert caught.value.field == "day"


def test_check_rate_reports_every_field() -> None:
    assert check_rate("2026-12-03", "usd", "1.6543", "NZD") == Rate(DEC3, "NZD", "USD", D("1.6543"))
    with pytest.raises(ValidationErrors) as caught:
        check_rate("soon", "NZD", "0", "NZD")
    assert [e.field for e in caught.value] == ["day", "currency", "rate"]
    with pytest.raises(ValidationErrors) as caught:
        check_rate(DEC3, "USD", "1", "QQQ")
    assert [e.field for e in caught.value] == ["base"]
