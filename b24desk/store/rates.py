"""The office's exchange rates and home currency (issue #17.4): read side.

The rules of conversion live in :mod:`b24desk.domain.currency`; this module loads
the table into a :class:`~b24desk.domain.currency.RateBook`.
"""

from __future__ import annotations

from b24desk.domain.currency import Rate, RateBook
from b24desk.store.models import ExchangeRate
from b24desk.store.office import get_office

__all__ = ["home_currency", "rate_book"]


def home_currency() -> str:
    """The office's home currency: its default currency, in which reports are shown."""
    return str(get_office().default_currency).upper()


def rate_book() -> RateBook:
    """Every rate the office has recorded (a few thousand rows at most)."""
    rows = ExchangeRate.select(
        ExchangeRate.day, ExchangeRate.base, ExchangeRate.currency, ExchangeRate.rate
    )
    return RateBook(Rate(r.day, r.base, r.currency, r.rate) for r in rows)
