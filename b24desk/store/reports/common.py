"""What the reports share: titles translated when shown, money read from stored
units, amounts converted to the home currency group by group, and the note that
says which amounts had no exchange rate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from b24desk.domain.currency import RateBook
from b24desk.domain.pricing import round_money
from b24desk.i18n import _, format_money
from b24desk.store.models import Invoice
from b24desk.store.rates import home_currency, rate_book

__all__ = ["Converter", "day_of", "filters_of", "money", "title"]


def title(message: str) -> Callable[[], str]:
    """A title marked with ``N_``, translated each time it is shown."""
    return lambda: _(message)


def money(units: Any) -> Decimal:
    """A sum of stored money units (int, or Decimal from a PostgreSQL SUM) as Decimal."""
    return Invoice.total.python_value(int(units or 0))


def day_of(value: Any) -> date:
    """A date column as read back (SQLite may give text, e.g. through a subquery)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def filters_of(drill_filters: tuple[tuple[str, object], ...]) -> dict[str, Any]:
    return dict(drill_filters)


class Converter:
    """Converts the amounts of each group into the home currency with the rate of
    the group's day, and remembers what could not be converted.

    An amount in a currency without a rate (on or before its day) is left out of
    every figure and of the totals; :meth:`notes` then says, per currency, how much
    was left out, so nothing is silently added up in the wrong currency.
    """

    def __init__(self, home: str | None = None, book: RateBook | None = None) -> None:
        self.home = (home or home_currency()).upper()
        self.book = book if book is not None else rate_book()
        self.zero = round_money(Decimal(0), self.home)
        self.missing: dict[str, Decimal] = {}
        self.last_missing: dict[str, date] = {}
        self._cache: dict[tuple[str, date], bool] = {}

    def convertible(self, currency: str, day: date) -> bool:
        key = (currency.upper(), day)
        if key not in self._cache:
            self._cache[key] = self.book.rate(currency, self.home, day) is not None
        return self._cache[key]

    def convert(self, amount: Decimal, currency: str, day: date) -> Decimal | None:
        """``amount`` of ``currency`` in the home currency at the rate of ``day``
        (rounded to its minor unit); None, and remembered, without a rate."""
        converted = self.book.convert(amount, currency, self.home, day)
        if converted is None:
            code = currency.upper()
            self.missing[code] = self.missing.get(code, Decimal(0)) + amount
            self.last_missing[code] = max(day, self.last_missing.get(code, day))
        return converted

    def left_out(self) -> tuple[tuple[str, date], ...]:
        """Per currency, the last day whose amounts had no rate: a rate known on a day
        is known on every later day, so the amounts left out are exactly those of that
        currency on or before that day (a drill filter)."""
        return tuple(sorted(self.last_missing.items()))

    def notes(self) -> list[str]:
        return [
            _(
                "{amount} is left out of the figures: there is no exchange rate"
                " from {currency} to {home} for it."
            ).format(amount=format_money(amount, code), currency=code, home=self.home)
            for code, amount in sorted(self.missing.items())
        ]
