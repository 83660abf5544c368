"""Cell values of an imported file (store/csvio/cells.py): dates as people write
them; the converters and the domain validators the import hands the cells to
raise only validation errors, whatever the text."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b24desk.domain import validation as v
from b24desk.domain.errors import ValidationError
from b24desk.store.csvio.cells import (
    parse_boolean,
    parse_date,
    parse_whole_number,
    strip_currency,
)

# =========================================================================== dates


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        ("2026-11-20 00:00:00", date(2026, 11, 20)),
        ("20/11/2026", date(2026, 11, 20)),
        ("20.11.2026", date(2026, 11, 20)),
        ("5.3.26", date(2026, 3, 5)),
        ("20 Nov 2026", date(2026, 11, 20)),
        ("3 Sept 2026", date(2026, 9, 3)),
        ("20 de noviembre de 2026", date(2026, 11, 20)),
        ("20 nov 2026", date(2026, 11, 20)),
        ("20 мая 2026\u202fг.", date(2026, 5, 20)),
        ("3 сент. 2026 г.", date(2026, 9, 3)),
        ("November 20, 2026", date(2026, 11, 20)),
    ],
)
def test_dates_as_people_write_them(text: str, day: date) -> None:
    assert parse_date(text, "purchased_on", "Purchase date") == day


@pytest.mark.parametrize("text", ["31/02/2026", "11/20/2026", "yesterday", "2026", "20 Foo 2026"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(text, "purchased_on", "Purchase date")
    assert caught.value.field == "purchased_on"


# =========================================================================== fuzzing

VALIDATORS = {
    "normalize_portal_url": v.normalize_portal_url,
    "validate_email": v.validate_email,
    "validate_coupon_code": v.validate_coupon_code,
    "validate_money": lambda t: v.validate_money(t, "list_price"),
    "validate_money_usd": lambda t: v.validate_money(t, "list_price", "USD"),
    "parse_decimal": v.parse_decimal,
    "parse_decimal_2": lambda t: v.parse_decimal(t, decimal_digits=2),
    "validate_currency": v.validate_currency,
    "validate_country": v.validate_country,
    "validate_language": v.validate_language,
    "validate_required": lambda t: v.validate_required(t, "company"),
}


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_validators_raise_only_validation_errors_on_any_text(name: str) -> None:
    function = VALIDATORS[name]

    @settings(max_examples=150, deadline=None)
    @given(st.text() | st.from_regex(r"[-+ 0-9.,]{0,40}", fullmatch=True))
    def check(text: str) -> None:
        with contextlib.suppress(ValidationError):
            function(text)

    check()


def test_validate_money_refuses_an_absurdly_long_amount() -> None:
    with pytest.raises(ValidationError):
        v.validate_money("1" * 40, "list_price", "USD")


@pytest.mark.parametrize(
    "convert",
    [parse_date, parse_boolean, parse_whole_number, strip_currency],
    ids=["date", "boolean", "whole_number", "amount"],
)
def test_cell_converters_raise_only_validation_errors(
    convert: Any, likely_cell: st.SearchStrategy[str]
) -> None:
    @settings(max_examples=150, deadline=None)
    @given(st.text() | likely_cell)
    def check(text: str) -> None:
        with contextlib.suppress(ValidationError):
            convert(text, "field", "Field")

    check()
