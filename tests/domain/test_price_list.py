"""The rules of the office's price list (b24desk/domain/price_list.py).

Seed rule (domain.md §3, 001 §2.2 and §13.5): "The office may not bill a client below
the product's minimal end-user price ... a price below list needs an explicit reason
that is stored."
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from b24desk.domain.errors import ValidationErrors
from b24desk.domain.price_list import (
    check_client_price,
    check_price_row,
    computed_partner_cost,
    is_history,
)

D = Decimal
TODAY = date(2026, 12, 1)


def test_a_price_takes_effect_today_or_later_never_before() -> None:
    assert check_price_row("nzd", "99", None, None, TODAY, TODAY).valid_from == TODAY
    with pytest.raises(ValidationErrors) as caught:
        check_price_row("NZD", "99", None, None, TODAY - timedelta(days=1), TODAY)
    assert list(caught.value.by_field) == ["valid_from"]
    assert is_history(TODAY - timedelta(days=1), TODAY) and not is_history(TODAY, TODAY)


def test_amounts_round_to_the_minor_unit_and_are_never_negative() -> None:
    row = check_price_row("JPY", "1234.5", "1000.4", "", TODAY, TODAY)
    assert (row.currency, row.price, row.partner_cost, row.resale_price) == (
        "JPY", D("1235"), D("1000"), None
    )
    assert check_price_row("KWD", "1.2345", None, None, TODAY, TODAY).price == D("1.235")
    with pytest.raises(ValidationErrors) as caught:
        check_price_row("ZZZ", "-1", "x", None, None, TODAY)
    assert set(caught.value.by_field) == {"currency", "list_price", "partner_cost", "valid_from"}


def test_the_resale_price_is_never_below_the_list_price() -> None:
    """The resale price has no stored reason, so it may not go below the minimal
    end-user price (a cent below is refused, the list price itself is allowed)."""
    assert check_price_row("NZD", "99.00", None, "99.00", TODAY, TODAY).resale_price == D("99")
    with pytest.raises(ValidationErrors) as caught:
        check_price_row("NZD", "99.00", None, "98.99", TODAY, TODAY)
    assert list(caught.value.by_field) == ["resale_price"]


def test_a_client_price_below_the_list_needs_its_reason() -> None:
    assert check_client_price("NZD", "99.00", "", D("99")).reason == ""
    with pytest.raises(ValidationErrors) as caught:
        check_client_price("NZD", "98.99", "  ", D("99"))
    assert list(caught.value.by_field) == ["reason"]
    agreed = check_client_price("NZD", "80", " Vendor deal #42 ", D("99"))
    assert (agreed.price, agreed.reason) == (D("80.00"), "Vendor deal #42")


def test_partner_cost_from_the_discount_when_not_stored() -> None:
    """domain.md §3: partner cost = list price × (1 − partner discount)."""
    assert computed_partner_cost(D("99"), None, D("0.40"), "NZD") == D("59.40")
    assert computed_partner_cost(D("99"), D("50"), D("0.40"), "NZD") == D("50")
