"""Which payment methods an invoice may be paid with (domain.md §6, seed 000)."""

from __future__ import annotations

import pytest

from b24desk.domain.pricing import (
    PLAN_ONLY_METHODS,
    payment_method_allowed,
    paypal_allowed,
    plan_only_method_message,
)

# 000: "For PayPal and wire payments (available for 6- or 12-month for Standard and
# Professional plans only)".
SIDES = [
    ("standard", 6, True),
    ("standard", 12, True),
    ("professional", 6, True),
    ("professional", 12, True),
    ("Professional ", 12, True),
    ("standard", 3, False),  # below 6 months
    ("standard", 1, False),
    ("standard", 24, False),  # above 12 months
    ("professional", 24, False),
    ("basic", 12, False),  # below Standard
    ("basic", 6, False),
    ("enterprise", 12, False),  # above Professional
    ("free", 12, False),
]


@pytest.mark.parametrize(("plan", "term", "allowed"), SIDES)
@pytest.mark.parametrize("method", ["paypal", "wire"])
def test_paypal_and_wire_only_for_6_or_12_month_standard_or_professional(
    method: str, plan: str, term: int, allowed: bool
) -> None:
    assert payment_method_allowed(method, [(plan, term)]) is allowed
    assert paypal_allowed(plan, term) is allowed  # one rule for both methods


@pytest.mark.parametrize(("plan", "term", "_allowed"), SIDES)
@pytest.mark.parametrize("method", ["bank_deposit", "eftpos", "visa"])
def test_other_methods_pay_for_anything(method: str, plan: str, term: int, _allowed: bool) -> None:
    assert payment_method_allowed(method, [(plan, term)])
    assert payment_method_allowed(method, [(None, None)])  # a service
    assert payment_method_allowed(method, [])


@pytest.mark.parametrize("method", sorted(PLAN_ONLY_METHODS))
def test_every_line_must_be_such_a_plan(method: str) -> None:
    assert payment_method_allowed(method, [("standard", 12), ("professional", 6)])
    assert not payment_method_allowed(method, [("standard", 12), (None, None)])  # + a service
    assert not payment_method_allowed(method, [("standard", 12), ("basic", 12)])
    assert not payment_method_allowed(method, [("standard", None)])  # no term
    assert not payment_method_allowed(method, [])  # nothing to pay for


def test_the_message_names_both_methods() -> None:
    message = plan_only_method_message()
    assert "PayPal" in message and "wire transfer" in message


# -- local methods: a bank deposit or Eftpos needs a bank or terminal of the office's
# country; a client abroad is offered card, PayPal or wire transfer (#15.5) -------------


def test_local_methods_only_for_clients_in_the_office_country() -> None:
    from b24desk.domain.pricing import is_domestic, offered_payment_methods

    every = ["bank_deposit", "eftpos", "visa", "paypal", "wire"]
    plans = [("standard", 12)]
    assert offered_payment_methods(every, plans, domestic=True) == every
    assert offered_payment_methods(every, plans, domestic=False) == ["visa", "paypal", "wire"]
    # The plan rule still holds abroad: a one-month plan is paid by card only.
    assert offered_payment_methods(every, [("standard", 1)], domestic=False) == ["visa"]
    assert is_domestic("NZ", " nz ") and is_domestic("NZ", "")
    assert not is_domestic("NZ", "AU")
