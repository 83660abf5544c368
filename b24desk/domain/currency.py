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

from b24desk.domain.pricing import round_money

__all__ = ["Rate", "RateBook", "RateUsed"]

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
