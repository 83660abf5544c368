"""Exchange rates and the home currency (issue #17.4).

A rate says that on a day one unit of ``currency`` was worth ``rate`` units of
``base``.  The office keeps a dated table of them, typed in or imported, never
fetched.  They are used for reports and for the partner targets (stated in USD by
the seeds): an invoice keeps its own currency.

The rate used for an amount on a day is the latest one on or before that day; a
pair without a direct rate is converted through its inverse, or through a currency
both sides have a rate to (a cross rate), taking the older of the two dates.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Context, Decimal
from typing import cast

from b24desk.domain.errors import ErrorCollector, ValidationError
from b24desk.domain.pricing import round_money
from b24desk.domain.validation import parse_decimal, validate_currency
from b24desk.i18n import N_, _

__all__ = [
    "MAX_RATE_PLACES",
    "RATE_LABELS",
    "Rate",
    "RateBook",
    "RateUsed",
    "check_rate",
    "home_amount",
    "rate_label",
    "shown_rate",
    "validate_rate",
    "validate_rate_currency",
    "validate_rate_day",
]

_EXACT = Context(prec=28)


@dataclass(frozen=True)
class Rate:
    """On ``day``, one ``currency`` was worth ``rate`` ``base``."""

    day: date
    base: str
    currency: str
    rate: Decimal


@dataclass(frozen=True)
class RateUsed:
    """A rate as used: one ``source`` is ``rate`` ``target``, as of ``day``."""

    source: str
    target: str
    rate: Decimal
    day: date


class RateBook:
    """The office's rates, asked for a pair on a day."""

    def __init__(self, rates: Iterable[Rate]) -> None:
        series: dict[tuple[str, str], list[tuple[date, Decimal]]] = defaultdict(list)
        for r in rates:
            if isinstance(r.rate, float) or not r.rate.is_finite() or r.rate <= 0:
                raise ValueError(f"not a rate: {r.rate!r}")
            series[(r.currency.upper(), r.base.upper())].append((r.day, Decimal(r.rate)))
        self._series = {pair: sorted(points) for pair, points in series.items()}
        self._days = {pair: [d for d, _ in points] for pair, points in self._series.items()}

    def __bool__(self) -> bool:
        return bool(self._series)

    def _direct(self, source: str, target: str, day: date) -> tuple[Decimal, date] | None:
        pair = (source, target)
        days = self._days.get(pair)
        if days:
            at = bisect.bisect_right(days, day)
            if at:
                when, rate = self._series[pair][at - 1]
                return rate, when
        days = self._days.get((target, source))
        if days:
            at = bisect.bisect_right(days, day)
            if at:
                when, rate = self._series[(target, source)][at - 1]
                return _EXACT.divide(Decimal(1), rate), when
        return None

    def rate(self, source: str, target: str, day: date) -> RateUsed | None:
        """What one ``source`` was worth in ``target`` on ``day``; None if unknown."""
        source, target = source.upper(), target.upper()
        if source == target:
            return RateUsed(source, target, Decimal(1), day)
        direct = self._direct(source, target, day)
        if direct is not None:
            return RateUsed(source, target, direct[0], direct[1])
        via = {b for (c, b) in self._series if c in (source, target)}
        via |= {c for (c, b) in self._series if b in (source, target)}
        best: RateUsed | None = None
        for middle in sorted(via - {source, target}):
            first = self._direct(source, middle, day)
            second = self._direct(middle, target, day)
            if first is None or second is None:
                continue
            found = RateUsed(
                source, target, _EXACT.multiply(first[0], second[0]), min(first[1], second[1])
            )
            if best is None or found.day > best.day:
                best = found
        return best

    def convert(self, amount: Decimal, source: str, target: str, day: date) -> Decimal | None:
        """``amount`` of ``source`` in ``target`` at the rate of ``day``, rounded to
        ``target``'s minor unit; None when no rate is known on or before ``day``."""
        if isinstance(amount, float):
            raise TypeError("money must be Decimal, not float")
        found = self.rate(source, target, day)
        if found is None:
            return None
        return round_money(_EXACT.multiply(Decimal(amount), found.rate), target)


# --------------------------------------------------------------------------- checking

#: Decimal places a rate keeps (one Colombian peso is about 0.0004 New Zealand dollars).
MAX_RATE_PLACES = 10
#: The largest rate accepted (a sanity bound: one unit worth a billion of another).
MAX_RATE = Decimal(10) ** 9

#: Names of a rate's fields, translated where shown.
RATE_LABELS: dict[str, str] = {
    "day": N_("Date"),
    "currency": N_("Currency"),
    "rate": N_("Exchange rate"),  # not "Rate": the catalogs hold that as a verb
    "base": N_("Base currency"),
}


def rate_label(field: str) -> str:
    return _(RATE_LABELS[field]) if field in RATE_LABELS else field


def validate_rate(value: object, field: str = "rate") -> Decimal:
    """A rate: a positive Decimal (or its text in en/es/ru notation) of at most
    :data:`MAX_RATE_PLACES` decimal places; never a float."""
    if isinstance(value, float | bool):
        raise TypeError(f"{field} must be Decimal or str, not {type(value).__name__}")
    label = rate_label(field)
    if isinstance(value, str):
        if not value.strip():
            raise ValidationError(field, _("{field} is required.").format(field=label))
        try:
            rate = parse_decimal(value, field)
        except ValidationError:
            raise ValidationError(
                field,
                _("{field}: \u201c{value}\u201d is not a valid amount.").format(
                    field=label, value=value.strip()
                ),
            ) from None
    elif isinstance(value, Decimal | int):
        rate = Decimal(value)
    else:
        raise ValidationError(field, _("{field} is required.").format(field=label))
    if not rate.is_finite() or rate <= 0 or rate > MAX_RATE:
        raise ValidationError(
            field, _("{field} must be a number greater than zero.").format(field=label)
        )
    exponent = rate.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_RATE_PLACES:
        raise ValidationError(
            field,
            _("{field}: at most {places} decimal places.").format(
                field=label, places=MAX_RATE_PLACES
            ),
        )
    return rate


def _known_currency(code: object, field: str) -> str:
    label = rate_label(field)
    text = str(code or "").strip()
    if not text:
        raise ValidationError(field, _("{field} is required.").format(field=label))
    try:
        return validate_currency(text, field)
    except ValidationError:
        raise ValidationError(
            field,
            _("{field}: \u201c{value}\u201d is not a known currency code.").format(
                field=label, value=text
            ),
        ) from None


def validate_rate_currency(code: object, base: str, field: str = "currency") -> str:
    """A known ISO 4217 currency (Babel's), upper-cased, other than ``base`` (a
    currency is always worth one of itself)."""
    value = _known_currency(code, field)
    if value == base.strip().upper():
        raise ValidationError(
            field,
            _("{currency} is the base currency: its rate is always 1.").format(currency=value),
        )
    return value


def validate_rate_day(value: object, field: str = "day") -> date:
    """The day of a rate: a date, or its ISO text (2026-12-03)."""
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            field,
            _("{field}: \u201c{value}\u201d is not a date; write it as 2026-11-20.").format(
                field=rate_label(field), value=text
            ),
        ) from None


def check_rate(day: object, currency: object, rate: object, base: object) -> Rate:
    """A rate as the office records it, every problem reported at once
    (:class:`~b24desk.domain.errors.ValidationErrors`): on ``day`` one ``currency``
    was worth ``rate`` ``base`` (the home currency unless a file says otherwise)."""
    errors = ErrorCollector()
    checked: dict[str, object] = {}
    with errors.check():
        checked["base"] = _known_currency(base, "base")
    with errors.check():
        checked["day"] = validate_rate_day(day)
    with errors.check():
        checked["currency"] = validate_rate_currency(currency, str(checked.get("base", base)))
    with errors.check():
        checked["rate"] = validate_rate(rate)
    errors.raise_if_any()
    return Rate(
        cast(date, checked["day"]),
        cast(str, checked["base"]),
        cast(str, checked["currency"]),
        cast(Decimal, checked["rate"]),
    )


def home_amount(total: Decimal, used: RateUsed) -> Decimal:
    """``total`` of ``used.source`` in ``used.target`` (the home currency) at that
    rate, rounded to the target's minor unit (the amount an invoice prints)."""
    return round_money(_EXACT.multiply(Decimal(total), used.rate), used.target)


def shown_rate(rate: Decimal) -> Decimal:
    """A rate as printed: at least four decimals, at most six (a cross rate has 28)."""
    rounded = rate.quantize(Decimal("0.000001")).normalize()
    exponent = rounded.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -4:
        return rounded.quantize(Decimal("0.0001"))
    return rounded
