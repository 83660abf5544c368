"""Coupons bought in other currencies and the partner targets (issue #17.4).

The seeds state the targets in "$/€" (001 §3): USD and EUR coupons count at face
value.  A coupon bought in another currency counts converted to USD at the office's
rate of its purchase date (the latest on or before it, :mod:`b24desk.domain.currency`);
one without such a rate cannot be compared, is left out, and is counted apart so the
Partner targets tab can say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import cast

from b24desk.domain.currency import RateBook
from b24desk.store.models import Coupon
from b24desk.store.rates import rate_book

__all__ = ["FACE_VALUE_CURRENCIES", "target_amount", "unconverted_coupons"]

#: Currencies the targets take at face value (001 §3: "$/€").
FACE_VALUE_CURRENCIES = ("USD", "EUR")
#: What other currencies are converted to.
CONVERT_TO = "USD"


def target_amount(amount: Decimal, currency: str, day: date, book: RateBook) -> Decimal | None:
    """What a purchase of ``amount`` ``currency`` on ``day`` counts toward the
    targets; None when no rate to USD is known on or before ``day``."""
    code = (currency or "").strip().upper()
    if code in FACE_VALUE_CURRENCIES:
        return amount
    return book.convert(amount, code, CONVERT_TO, day)


def unconverted_coupons(year_start: date, year_end: date, book: RateBook | None = None) -> int:
    """Coupons of the status year (not void) in a currency other than USD or EUR with
    no rate to USD on or before their purchase date: those the targets leave out."""
    rows = (
        Coupon.select(Coupon.currency, Coupon.purchased_on)
        .where(
            (Coupon.purchased_on >= year_start)
            & (Coupon.purchased_on < year_end)
            & (Coupon.state != "void")
            & (Coupon.currency.not_in(FACE_VALUE_CURRENCIES))
        )
        .tuples()
    )
    book = book if book is not None else rate_book()
    return sum(
        1
        for currency, bought in cast("Iterable[tuple[str, date]]", rows)
        if book.rate(currency, CONVERT_TO, bought) is None
    )
