"""The office's exchange rates and home currency (issue #17.4).

The rules of conversion and of a valid rate live in :mod:`b24desk.domain.currency`;
this module loads the table into a :class:`~b24desk.domain.currency.RateBook` and
writes it: a rate typed at the desk is against the home currency
(``Office.default_currency``); an imported file may name another base.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

import peewee

from b24desk.domain.currency import Rate, RateBook, check_rate
from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.i18n import _, format_date
from b24desk.store import events
from b24desk.store.db import transaction
from b24desk.store.errors import NotFoundError
from b24desk.store.models import ExchangeRate
from b24desk.store.office import get_office

__all__ = [
    "RateRow",
    "delete_rate",
    "home_currency",
    "list_rates",
    "rate_book",
    "rate_currencies",
    "set_rate",
    "update_rate",
]


def home_currency() -> str:
    """The office's home currency: its default currency, in which reports are shown."""
    return str(get_office().default_currency).upper()


def rate_book() -> RateBook:
    """Every rate the office has recorded (a few thousand rows at most)."""
    rows = ExchangeRate.select(
        ExchangeRate.day, ExchangeRate.base, ExchangeRate.currency, ExchangeRate.rate
    )
    return RateBook(Rate(r.day, r.base, r.currency, r.rate) for r in rows)


@dataclass(frozen=True)
class RateRow:
    """A recorded rate: on ``day`` one ``currency`` was worth ``rate`` ``base``."""

    id: int
    day: date
    base: str
    currency: str
    rate: Decimal


def _row(r: ExchangeRate) -> RateRow:
    return RateRow(r.id, r.day, r.base, r.currency, r.rate)


def list_rates(
    currency: str | None = None,
    since: date | None = None,
    until: date | None = None,
    base: str | None = None,
) -> list[RateRow]:
    """The recorded rates, newest day first, filtered by currency, base and days."""
    where: list[peewee.Expression] = []
    if currency:
        where.append(ExchangeRate.currency == currency.strip().upper())
    if base:
        where.append(ExchangeRate.base == base.strip().upper())
    if since is not None:
        where.append(ExchangeRate.day >= since)
    if until is not None:
        where.append(ExchangeRate.day <= until)
    query = ExchangeRate.select()
    for condition in where:
        query = query.where(condition)
    ordered = query.order_by(
        ExchangeRate.day.desc(), ExchangeRate.currency, ExchangeRate.base, ExchangeRate.id
    )
    return [_row(r) for r in ordered]


def rate_currencies() -> list[str]:
    """The currencies that have a rate, sorted."""
    rows = ExchangeRate.select(ExchangeRate.currency).distinct().tuples()
    return sorted(c for (c,) in cast("Iterable[tuple[str]]", rows))


def _checked(day: object, currency: object, rate: object, base: object | None) -> Rate:
    return check_rate(day, currency, rate, home_currency() if base in (None, "") else base)


def set_rate(day: object, currency: object, rate: object, base: object | None = None) -> RateRow:
    """Record that on ``day`` one ``currency`` was worth ``rate`` of ``base`` (the
    home currency unless given); a rate of that day and pair is replaced.  Checked
    first (:class:`ValidationErrors` naming each bad field)."""
    checked = _checked(day, currency, rate, base)
    with transaction():
        ExchangeRate.insert(
            day=checked.day, base=checked.base, currency=checked.currency, rate=checked.rate
        ).on_conflict(
            conflict_target=[ExchangeRate.day, ExchangeRate.base, ExchangeRate.currency],
            update={ExchangeRate.rate: checked.rate},
        ).execute()
        row = ExchangeRate.get(
            (ExchangeRate.day == checked.day)
            & (ExchangeRate.base == checked.base)
            & (ExchangeRate.currency == checked.currency)
        )
    events.notify(events.RATES)
    return _row(row)


def update_rate(rate_id: int, day: object, currency: object, rate: object) -> RateRow:
    """Change a recorded rate (its day, currency or value; its base stays)."""
    current = ExchangeRate.get_or_none(ExchangeRate.id == rate_id)
    if current is None:
        raise NotFoundError(_("The exchange rate no longer exists."))
    checked = _checked(day, currency, rate, current.base)
    with transaction():
        clash = ExchangeRate.get_or_none(
            (ExchangeRate.day == checked.day)
            & (ExchangeRate.base == checked.base)
            & (ExchangeRate.currency == checked.currency)
            & (ExchangeRate.id != rate_id)
        )
        if clash is not None:
            raise ValidationErrors(
                [
                    ValidationError(
                        "day",
                        _("{currency} has a rate on {day} already: edit that one.").format(
                            currency=checked.currency, day=format_date(checked.day)
                        ),
                    )
                ]
            )
        updated = (
            ExchangeRate.update(day=checked.day, currency=checked.currency, rate=checked.rate)
            .where(ExchangeRate.id == rate_id)
            .execute()
        )
        if updated != 1:
            raise NotFoundError(_("The exchange rate no longer exists."))
        row = ExchangeRate.get_by_id(rate_id)
    events.notify(events.RATES)
    return _row(row)


def delete_rate(rate_id: int) -> None:
    """Forget a recorded rate (nothing else refers to it)."""
    with transaction():
        ExchangeRate.delete().where(ExchangeRate.id == rate_id).execute()
    events.notify(events.RATES)
