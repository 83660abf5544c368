"""Invoice lines and totals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b24desk.domain.errors import ValidationError
from b24desk.domain.invoicing import (
    InvoiceLine,
    InvoiceTotals,
    default_tax_rate,
    invoice_balance,
    invoice_currency,
    invoice_totals,
    line_net,
    plan_line_terms,
    plan_term_price,
)

D = Decimal
GST = D("0.15")


def test_required_example() -> None:
    lines = [InvoiceLine("Standard, 12 months", D(1), D("100.00"), tax_rate=GST)] * 2
    totals = invoice_totals(lines, "NZD")
    assert totals.net == D("200.00")
    assert totals.tax == D("30.00")
    assert totals.total == D("230.00")
    assert dict(totals.tax_by_rate) == {GST: D("30.00")}
    assert dict(totals.net_by_rate) == {GST: D("200.00")}
    assert totals.line_nets == (D("100.00"), D("100.00"))


def test_line_net_with_discount_rounds_half_up() -> None:
    line = InvoiceLine("Training", D("3"), D("33.335"), discount=D("0.10"))
    # 3 × 33.335 × 0.9 = 90.0045 → 90.00; the unrounded value is kept apart
    assert line.exact_net == D("90.00450")
    assert line.net("EUR") == D("90.00")
    assert line_net(InvoiceLine("x", D(1), D("0.125")), "EUR") == D("0.13")


def test_tax_is_rounded_once_per_rate() -> None:
    # three lines of 0.10 at 15 %: per line 0.015 → 0.02 each would give 0.06;
    # on the rate's net (0.30 × 15 % = 0.045) it is 0.05
    lines = [InvoiceLine(f"item {i}", D(1), D("0.10"), tax_rate=GST) for i in range(3)]
    totals = invoice_totals(lines, "NZD")
    assert totals.tax == D("0.05")
    assert totals.total == D("0.35")


def test_rates_are_separate_and_ordered() -> None:
    lines = [
        InvoiceLine("Licence", D(1), D("100.00"), tax_rate=GST),
        InvoiceLine("Export service", D(2), D("50.00"), tax_rate=D("0")),
        InvoiceLine("Consulting", D("1.5"), D("80.00"), tax_rate=D("0.21")),
        InvoiceLine("Storage", D(1), D("9.99"), tax_rate=D("0.150")),  # same rate as GST
    ]
    totals = invoice_totals(lines, "EUR")
    assert list(totals.tax_by_rate) == [D("0"), D("0.15"), D("0.21")]
    assert list(totals.tax_by_rate.values()) == [D("0.00"), D("16.50"), D("25.20")]
    assert list(totals.net_by_rate.values()) == [D("100.00"), D("109.99"), D("120.00")]
    assert totals.net == D("329.99")
    assert totals.tax == D("41.70")
    assert totals.total == D("371.69")
    assert totals.line_nets == (D("100.00"), D("100.00"), D("120.00"), D("9.99"))


def test_zero_decimal_currency() -> None:
    lines = [InvoiceLine("Plan", D(3), D("333.5"), tax_rate=D("0.10"))]
    totals = invoice_totals(lines, "JPY")
    assert totals.line_nets == (D("1001"),)  # 1000.5 half up
    assert totals.tax == D("100")  # 100.1
    assert totals.total == D("1101")
    assert totals.total.as_tuple().exponent == 0


def test_three_decimal_currency() -> None:
    lines = [
        InvoiceLine("Plan", D(1), D("1.2345"), tax_rate=D("0.05")),
        InvoiceLine("Seats", D(2), D("0.0005")),
    ]
    totals = invoice_totals(lines, "KWD")
    assert totals.line_nets == (D("1.235"), D("0.001"))
    assert totals.tax == D("0.062")  # 0.06175
    assert totals.net == D("1.236")
    assert totals.total == D("1.298")


def test_empty_invoice() -> None:
    totals = invoice_totals([], "nzd")
    assert totals.currency == "NZD"
    assert (totals.net, totals.tax, totals.total) == (D("0.00"), D("0.00"), D("0.00"))
    assert str(totals.total) == "0.00"
    assert dict(totals.tax_by_rate) == {}
    assert totals.line_nets == ()


def test_full_discount_and_free_line() -> None:
    lines = [
        InvoiceLine("Gift", D(1), D("50"), discount=D(1), tax_rate=GST),
        InvoiceLine("Free plan", D(1), D(0)),
    ]
    totals = invoice_totals(lines, "NZD")
    assert totals.total == D("0.00")


def test_values_are_converted_to_decimal() -> None:
    line = InvoiceLine("x", 2, "10.50", "0.1", "0.15")  # type: ignore[arg-type]
    assert line.quantity == D(2)
    assert line.unit_price == D("10.50")
    assert isinstance(line.discount, Decimal)
    assert line.net("NZD") == D("18.90")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"quantity": D(0)}, "quantity"),
        ({"quantity": D("-1")}, "quantity"),
        ({"unit_price": D("-0.01")}, "unit_price"),
        ({"discount": D("-0.01")}, "discount"),
        ({"discount": D("1.01")}, "discount"),
        ({"tax_rate": D("-0.01")}, "tax_rate"),
        ({"tax_rate": D("1")}, "tax_rate"),
        ({"tax_rate": D("15")}, "tax_rate"),
        ({"unit_price": D("NaN")}, "unit_price"),
        ({"quantity": D("Infinity")}, "quantity"),
        ({"unit_price": "ten"}, "unit_price"),
    ],
)
def test_invalid_lines(kwargs: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"quantity": D(1), "unit_price": D(10)} | kwargs
    with pytest.raises(ValidationError) as err:
        invoice_totals([InvoiceLine("x", **values)], "NZD")  # type: ignore[arg-type]
    assert err.value.field == field
    assert str(err.value) == err.value.message
    assert err.value.message


@pytest.mark.parametrize("name", ["quantity", "unit_price", "discount", "tax_rate"])
def test_floats_are_refused(name: str) -> None:
    values: dict[str, object] = {"quantity": D(1), "unit_price": D(10), name: 0.5}
    with pytest.raises(TypeError):
        InvoiceLine("x", **values)  # type: ignore[arg-type]


def test_limits_are_allowed() -> None:
    InvoiceLine("x", D("0.001"), D(0), discount=D(0), tax_rate=D(0))
    InvoiceLine("x", D(1), D(1), discount=D(1), tax_rate=D("0.99"))


def test_negated_for_credit_notes() -> None:
    totals = invoice_totals([InvoiceLine("x", D(1), D("100.00"), tax_rate=GST)], "NZD")
    credit = totals.negated()
    assert isinstance(credit, InvoiceTotals)
    assert (credit.net, credit.tax, credit.total) == (D("-100.00"), D("-15.00"), D("-115.00"))
    assert dict(credit.tax_by_rate) == {GST: D("-15.00")}


line_strategy = st.builds(
    InvoiceLine,
    description=st.just("line"),
    quantity=st.decimals(min_value=D("0.001"), max_value=1000, places=3),
    unit_price=st.decimals(min_value=0, max_value=10**5, places=4),
    discount=st.decimals(min_value=0, max_value=1, places=2),
    tax_rate=st.sampled_from([D("0"), D("0.05"), D("0.15"), D("0.21"), D("0.2")]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(line_strategy, max_size=8), st.sampled_from(["NZD", "JPY", "KWD", "EUR"]))
def test_totals_are_net_plus_tax_per_rate(lines: list[InvoiceLine], currency: str) -> None:
    totals = invoice_totals(lines, currency)
    assert totals.total == totals.net + totals.tax
    assert totals.net == sum(totals.line_nets, D(0))
    assert totals.net == sum(totals.net_by_rate.values(), D(0))
    assert totals.tax == sum(totals.tax_by_rate.values(), D(0))
    assert list(totals.tax_by_rate) == sorted(totals.tax_by_rate)
    exponent = {"NZD": D("0.01"), "JPY": D("1"), "KWD": D("0.001"), "EUR": D("0.01")}[currency]
    for rate, net in totals.net_by_rate.items():
        expected = (net * rate).quantize(exponent, rounding=ROUND_HALF_UP)
        assert totals.tax_by_rate[rate] == expected
    for line, net in zip(lines, totals.line_nets, strict=True):
        assert abs(net - line.exact_net) <= exponent / 2
        assert net >= 0


# --------------------------------------------------------------------------- balance


@pytest.mark.parametrize(
    ("total", "paid", "credited", "owed"),
    [
        (D("115.00"), D("0.00"), D("0.00"), D("115.00")),
        (D("115.00"), D("15.00"), D("0.00"), D("100.00")),
        (D("115.00"), D("15.00"), D("57.50"), D("42.50")),  # a credit note cancels debt
        (D("115.00"), D("57.50"), D("57.50"), D("0.00")),  # paid and credited: nothing
        (D("115.00"), D("115.00"), D("57.50"), D("0.00")),  # refund credit: never below 0
        (D("115.00"), D("114.99"), D("0.00"), D("0.01")),  # a cent either side of zero
        (D("115.00"), D("115.01"), D("0.00"), D("0.00")),
        (D("0"), D("0"), D("0"), D("0")),
        (D("1000"), D("0"), D("0"), D("1000")),  # JPY: no minor unit
    ],
)
def test_balance_is_total_less_payments_less_credit_notes(
    total: Decimal, paid: Decimal, credited: Decimal, owed: Decimal
) -> None:
    result = invoice_balance(total, paid, credited)
    assert result == owed
    assert result.as_tuple().exponent == total.as_tuple().exponent  # keeps the places


def test_balance_refuses_floats() -> None:
    with pytest.raises(TypeError):
        invoice_balance(115.0, D(0))  # type: ignore[arg-type]


money = st.decimals(min_value=0, max_value=10**9, places=2)


@given(money, money, money)
def test_balance_never_negative_and_never_above_the_total(
    total: Decimal, paid: Decimal, credited: Decimal
) -> None:
    owed = invoice_balance(total, paid, credited)
    assert D(0) <= owed <= total
    assert owed == max(total - paid - credited, D(0))


# --------------------------------------------------------------------------- editor rules


@pytest.mark.parametrize(
    ("office", "client", "rate"),
    [("NZ", "NZ", GST), ("NZ", " nz ", GST), ("NZ", "AU", D(0)), ("NZ", "ES", D(0))],
)
def test_services_abroad_are_zero_rated(office: str, client: str, rate: Decimal) -> None:
    assert default_tax_rate(GST, office, client) == rate


@pytest.mark.parametrize(
    ("cloud", "term", "non_profit", "price", "discount"),
    [
        (True, 1, False, D("100"), D(0)),
        (True, 3, True, D("300"), D(0)),  # non-profit: 6 and 12 months only
        (True, 6, False, D("600"), D("0.05")),  # long-term 5 %
        (True, 6, True, D("600"), D("0.15")),  # non-profit 15 % beats 5 %
        (True, 12, False, D("1200"), D("0.10")),
        (True, 12, True, D("1200"), D("0.15")),
        (True, 24, False, D("2400"), D("0.15")),
        (True, 24, True, D("2400"), D("0.15")),  # non-profit not on 24: long-term 15 %
        (False, 12, True, D("100"), D(0)),  # an on-premise license: one price
    ],
)
def test_plan_line_is_price_times_months_with_the_best_discount(
    cloud: bool, term: int, non_profit: bool, price: Decimal, discount: Decimal
) -> None:
    assert plan_line_terms(D("100"), cloud, term, non_profit) == (price, discount)
    assert plan_term_price(D("100"), cloud, term) == price


def test_invoice_currency_falls_back_to_the_office() -> None:
    assert invoice_currency("eur", "NZD") == "EUR"
    assert invoice_currency(None, "nzd") == "NZD"
    assert invoice_currency("", "USD") == "USD"


# -- the status a person sees (one rule for the list, Today and the PDF) ------------------


def test_invoice_status_on_each_side_of_the_due_date() -> None:
    from datetime import date

    from b24desk.domain.invoicing import invoice_status

    due = date(2026, 12, 5)
    owed, none_paid = Decimal("100.00"), Decimal(0)
    assert invoice_status("invoice", "issued", owed, none_paid, due, date(2026, 12, 5)) == "issued"
    assert invoice_status("invoice", "issued", owed, none_paid, due, date(2026, 12, 6)) == "overdue"
    assert (
        invoice_status("invoice", "issued", owed, Decimal("1"), due, date(2026, 12, 5))
        == "partly_paid"
    )
    assert invoice_status("invoice", "issued", Decimal(0), owed, due, date(2027, 1, 1)) == "paid"
    assert invoice_status("credit_note", "issued", owed, none_paid, due, date(2027, 1, 1)) == (
        "issued"
    )
    for kept in ("draft", "credited", "void"):
        assert invoice_status("invoice", kept, owed, none_paid, due, date(2027, 1, 1)) == kept
