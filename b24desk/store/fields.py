"""Column types that keep money exact and datetimes aware on SQLite and PostgreSQL.

Why not peewee's ``DecimalField``: SQLite gives a ``DECIMAL`` column NUMERIC
affinity and silently stores ``10.10`` as the binary float 10.1, so sums and
comparisons in SQL would run on floats.  :class:`FixedDecimalField` stores a
``Decimal`` as a scaled 64-bit integer (``scale=4``: 10.10 → 101000), which is
exact, sorts and sums correctly in SQL, supports ``CHECK (x >= 0)`` and behaves the
same on both engines.  Four decimal places cover every currency's minor unit
(at most 3) and fractional rates such as 0.15 or 0.125.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, overload

import peewee


class FixedDecimalField(peewee.BigIntegerField):
    """A ``Decimal`` stored as an integer number of 10**-scale units."""

    #: Decimal places a value read back has at least (money: 2, so 10 → 10.00).
    min_places = 0

    def __init__(self, *args: Any, scale: int = 4, **kwargs: Any) -> None:
        self.scale = scale
        self._factor = Decimal(10) ** scale
        self._min_quantum = Decimal(1).scaleb(-self.min_places)
        super().__init__(*args, **kwargs)

    def to_units(self, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError(f"{self.name}: money and rates are Decimal, never float")
        if isinstance(value, str):
            value = Decimal(value)
        if isinstance(value, int) and not isinstance(value, bool):
            value = Decimal(value)
        if not isinstance(value, Decimal):
            raise TypeError(f"{self.name}: expected Decimal, got {type(value).__name__}")
        if not value.is_finite():
            raise ValueError(f"{self.name}: {value} is not a finite number")
        return int((value * self._factor).to_integral_value(rounding=ROUND_HALF_UP))

    def db_value(self, value: Any) -> Any:
        # Expressions (F-style arithmetic, subqueries) pass through unchanged.
        if isinstance(value, peewee.Node):
            return value
        return self.to_units(value)

    # A number of units read back (int, or Decimal from a PostgreSQL SUM) is a
    # Decimal; only NULL stays None.
    @overload
    def python_value(self, value: None) -> None: ...
    @overload
    def python_value(self, value: int | Decimal) -> Decimal: ...
    def python_value(self, value: Any) -> Decimal | None:
        if value is None:
            return None
        exact = (Decimal(int(value)) / self._factor).normalize()
        if exact.as_tuple().exponent > -self.min_places:  # type: ignore[operator]
            exact = exact.quantize(self._min_quantum)
        return exact


class MoneyField(FixedDecimalField):
    """An amount of money (its currency lives in another column)."""

    min_places = 2


class RateField(FixedDecimalField):
    """A fraction such as a discount or tax rate: ``Decimal("0.15")`` is 15 %."""


class ExchangeRateField(FixedDecimalField):
    """An exchange rate, kept to ten decimal places: one Colombian peso is about
    0.0004 New Zealand dollars, which four places would round to one digit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("scale", 10)
        super().__init__(*args, **kwargs)


class UTCDateTimeField(peewee.DateTimeField):
    """An aware datetime, stored as naive UTC (the same on SQLite and PostgreSQL)."""

    def db_value(self, value: Any) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError(f"{self.name}: datetimes must be timezone-aware")
            value = value.astimezone(UTC).replace(tzinfo=None)
        return super().db_value(value)

    def python_value(self, value: Any) -> Any:
        value = super().python_value(value)
        if isinstance(value, datetime):
            if value.tzinfo is None:
                return value.replace(tzinfo=UTC)
            return value.astimezone(UTC)
        return value
