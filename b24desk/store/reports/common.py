"""What the reports share: titles translated when shown, money read from stored
units, amounts converted to the home currency group by group, and the note that
says which amounts had no exchange rate."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any, cast

import peewee

from b24desk.domain.currency import RateBook
from b24desk.domain.pricing import round_money
from b24desk.i18n import _, format_money
from b24desk.store.models import ExchangeRate, Invoice, database_proxy
from b24desk.store.rates import home_currency, rate_book

__all__ = [
    "Converter",
    "Title",
    "convert_row",
    "day_of",
    "filters_of",
    "money",
    "month_of",
    "rate_period",
    "rows_of",
    "summed",
    "title",
]

_EXACT = Context(prec=28)


class Title:
    """A title marked with ``N_``, translated each time it is called (the report
    shape's ``Callable[[], str]``); ``message`` lets a PDF in another language
    translate it with that language's catalog."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self) -> str:
        return _(self.message)

    def __repr__(self) -> str:
        return f"Title({self.message!r})"


def title(message: str) -> Callable[[], str]:
    """A title marked with ``N_``, translated each time it is shown."""
    return Title(message)


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


def rows_of(query: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of a peewee select as tuples (typed: peewee's stubs say models)."""
    return cast("Iterator[tuple[Any, ...]]", iter(query.tuples()))


def filters_of(drill_filters: tuple[tuple[str, object], ...]) -> dict[str, Any]:
    return dict(drill_filters)


class Converter:
    """Converts each group's sum into the home currency with the rate of the group's
    day, and remembers what could not be converted.

    Conversions are exact (not rounded): a report adds the exact amounts and rounds
    each figure once (:meth:`round`), so the three revenue reports, which group the
    same invoices differently, show the same total.  An amount in a currency without
    a rate (on or before its day) is left out of every figure and of the totals;
    :meth:`notes` then says, per currency, how much was left out, so nothing is
    silently added up in the wrong currency.
    """

    def __init__(self, home: str | None = None, book: RateBook | None = None) -> None:
        self.home = (home or home_currency()).upper()
        self.book = book if book is not None else rate_book()
        self.zero = round_money(Decimal(0), self.home)
        self.missing: dict[str, Decimal] = {}
        self.last_missing: dict[str, date] = {}
        self._rates: dict[tuple[str, date], Decimal | None] = {}

    def _rate(self, currency: str, day: date) -> Decimal | None:
        key = (currency.upper(), day)
        if key not in self._rates:
            found = self.book.rate(currency, self.home, day)
            self._rates[key] = None if found is None else found.rate
        return self._rates[key]

    def convert(
        self, amount: Decimal, currency: str, day: date, last_day: date | None = None
    ) -> Decimal | None:
        """``amount`` of ``currency`` in the home currency at the rate of ``day``,
        exact; None without a rate, and then remembered as left out up to
        ``last_day`` (the group's last day; default ``day``)."""
        rate = self._rate(currency, day)
        if rate is None:
            code = currency.upper()
            last = max(day, last_day or day)
            self.missing[code] = self.missing.get(code, Decimal(0)) + amount
            self.last_missing[code] = max(last, self.last_missing.get(code, last))
            return None
        return _EXACT.multiply(amount, rate)

    def round(self, amount: Decimal) -> Decimal:
        """An exact home-currency amount as a figure: rounded half up to the minor
        unit (:func:`~b24desk.domain.pricing.round_money`, its quantum kept)."""
        return amount.quantize(self.zero, rounding=ROUND_HALF_UP)

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


_RateDay = ExchangeRate.alias("rate_day")


def rate_period(day: Any) -> Any:
    """SQL: the latest day on or before ``day`` on which any exchange rate was
    recorded (NULL before the first).  Every rate in force is the same from that day
    until the next rate day, so amounts grouped by it are converted at the rate of
    each of their days: far fewer groups than days."""
    return _RateDay.select(peewee.fn.MAX(_RateDay.day)).where(_RateDay.day <= day)


def month_of(day: Any) -> Any:
    """SQL: the month of a date column as text, "2026-03" (group it through a
    derived table: PostgreSQL's format is a parameter)."""
    if isinstance(database_proxy.obj, peewee.PostgresqlDatabase):
        return peewee.fn.to_char(day, "YYYY-MM")
    return peewee.fn.SUBSTR(day, 1, 7)  # SQLite keeps dates as ISO text


def summed(
    inner: Any, groups: Sequence[str], sums: Sequence[str], distinct: str | None = None
) -> Iterator[tuple[Any, ...]]:
    """Sum the rows of ``inner`` — a select with the columns ``currency``, ``day``
    (of each amount) and ``period`` (:func:`rate_period` of it), the ``groups`` and
    the ``sums`` — per currency, rate period and group in the database.  Each row:
    (currency, period, last day, *groups, *sums, count) where count is the number of
    distinct ``distinct`` values (else of rows)."""
    o = inner.alias("o")
    group_columns = [getattr(o.c, g) for g in groups]
    counted = peewee.fn.COUNT(getattr(o.c, distinct).distinct()) if distinct else peewee.fn.COUNT(
        peewee.SQL("*")
    )
    query = o.select_from(
        o.c.currency,
        o.c.period,
        peewee.fn.MAX(o.c.day),
        *group_columns,
        *(peewee.fn.SUM(getattr(o.c, name)) for name in sums),
        counted,
    ).group_by(o.c.currency, o.c.period, *group_columns)
    return rows_of(query)


def convert_row(
    convert: Converter, currency: str, period: Any, last_day: Any, units: Any
) -> Decimal | None:
    """A :func:`summed` sum in the home currency (exact), at the rate of its period."""
    last = day_of(last_day)
    day = day_of(period) if period is not None else last
    return convert.convert(money(units), currency, day, last)
