"""The rules of the office's own price list (issue #17.1).

A price list row holds, for one plan and currency from a date on, the vendor's list
price (the minimal end-user price), the partner cost and the office's resale price.
The seed rule the checks enforce: "the office may not bill a client below the
product's minimal end-user price (001 §2.2), and may discount only with the vendor's
agreement (001 §13.5): a price below list needs an explicit reason that is stored"
(domain.md §3).  The office's resale price applies to every client and has no
reason, so it may not be below the list price; a client's negotiated price may,
with its reason.

A price change takes effect from a date: rows already in force before today are
history and never change; a row from today or later may still be edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from b24desk.domain.errors import ErrorCollector, ValidationError, field_label
from b24desk.domain.pricing import apply_discount, below_list_needs_reason
from b24desk.domain.validation import validate_currency, validate_money
from b24desk.i18n import _

__all__ = [
    "ClientPriceInput",
    "PriceRow",
    "check_client_price",
    "check_price_row",
    "check_valid_from",
    "computed_partner_cost",
    "is_history",
]


@dataclass(frozen=True)
class PriceRow:
    """One checked row: amounts rounded to the currency's minor unit."""

    currency: str
    price: Decimal
    partner_cost: Decimal | None
    resale_price: Decimal | None
    valid_from: date


@dataclass(frozen=True)
class ClientPriceInput:
    """A client's negotiated price, checked."""

    currency: str
    price: Decimal
    reason: str


def _optional_money(value: Any, field: str, currency: str | None) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return validate_money(value, field, currency=currency)


def is_history(valid_from: date, today: date) -> bool:
    """A row that took effect before ``today`` is history: it is never changed."""
    return valid_from < today


def check_valid_from(valid_from: date | None, today: date) -> date:
    """The effective date of a new or edited price: required, today or later (an
    earlier date would rewrite what documents already used)."""
    if valid_from is None:
        raise ValidationError(
            "valid_from", _("{field} is required.").format(field=field_label("valid_from"))
        )
    if is_history(valid_from, today):
        raise ValidationError(
            "valid_from",
            _("A price takes effect today or later; earlier prices are history."),
        )
    return valid_from


def check_price_row(
    currency: Any,
    price: Any,
    partner_cost: Any,
    resale_price: Any,
    valid_from: date | None,
    today: date,
) -> PriceRow:
    """Check one row of the price list; every error names its field.

    Prices are ≥ 0 and rounded to the currency's minor unit; the currency is a
    valid ISO code; the effective date is today or later; the resale price is not
    below the list price (it has no stored reason, domain.md §3)."""
    errors = ErrorCollector()
    code: str | None = None
    with errors.check():
        try:
            code = validate_currency(str(currency or ""))
        except ValidationError as exc:
            errors.add(exc)
    amounts: dict[str, Decimal | None] = {}
    for field, value, required in (
        ("list_price", price, True),
        ("partner_cost", partner_cost, False),
        ("resale_price", resale_price, False),
    ):
        try:
            if required and (value is None or (isinstance(value, str) and not value.strip())):
                raise ValidationError(
                    field, _("{field} is required.").format(field=field_label(field))
                )
            amounts[field] = _optional_money(value, field, code)
        except ValidationError as exc:
            errors.add(exc)
    try:
        day = check_valid_from(valid_from, today)
    except ValidationError as exc:
        errors.add(exc)
    listed, resale = amounts.get("list_price"), amounts.get("resale_price")
    if listed is not None and resale is not None and below_list_needs_reason(resale, listed):
        errors.add(
            ValidationError(
                "resale_price",
                _(
                    "The resale price may not be below the list price (the minimal "
                    "end-user price); agree a client's price with its reason instead."
                ),
            )
        )
    errors.raise_if_any()
    assert code is not None and listed is not None
    return PriceRow(code, listed, amounts.get("partner_cost"), resale, day)


def check_client_price(
    currency: Any, price: Any, reason: str, list_price: Decimal | None
) -> ClientPriceInput:
    """A negotiated price: ≥ 0 in the currency's minor unit; below ``list_price``
    (the list price in force) it needs the reason agreed with the vendor (001 §13.5)."""
    errors = ErrorCollector()
    code: str | None = None
    value: Decimal | None = None
    try:
        code = validate_currency(str(currency or ""))
    except ValidationError as exc:
        errors.add(exc)
    try:
        value = validate_money(price, "price", currency=code)
    except ValidationError as exc:
        errors.add(exc)
    text = reason.strip()
    if (
        value is not None
        and list_price is not None
        and below_list_needs_reason(value, list_price)
        and not text
    ):
        errors.add(
            ValidationError(
                "reason",
                _(
                    "The price is below the minimal end-user price; give the reason "
                    "agreed with the vendor."
                ),
            )
        )
    errors.raise_if_any()
    assert code is not None and value is not None
    return ClientPriceInput(code, value, text)


def computed_partner_cost(
    list_price: Decimal, partner_cost: Decimal | None, discount: Decimal, currency: str
) -> Decimal:
    """The partner cost shown: the stored one, else the list price less the office's
    partner discount (domain.md §3: partner cost = list price × (1 − discount))."""
    if partner_cost is not None:
        return partner_cost
    return apply_discount(list_price, discount, currency)
