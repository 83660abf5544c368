"""The demo office's exchange rates (issue #17.4): one rate a month for each currency
its clients and coupons use, against the home currency (NZD), so that reports and the
partner targets show home-currency totals.

Deterministic without the builder's random generator (the other demo rows stay as
they were): a typical rate, moved by a small fixed wave month by month.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from b24desk.domain.lifecycle import add_months
from b24desk.store.models import ExchangeRate

__all__ = ["DEMO_RATES", "demo_rates", "write_demo_rates"]

#: What one unit was worth in NZD, about: the centre of each currency's wave.
DEMO_RATES: dict[str, Decimal] = {
    "USD": Decimal("1.68"),
    "EUR": Decimal("1.82"),
    "AUD": Decimal("1.09"),
    "GBP": Decimal("2.13"),
    "MXN": Decimal("0.092"),
    "RUB": Decimal("0.0185"),
    "BRL": Decimal("0.30"),
    "COP": Decimal("0.00042"),
}
#: Months of history before today's month.
MONTHS = 36


def demo_rates(today: date, home: str = "NZD") -> list[tuple[date, str, str, Decimal]]:
    """``(day, base, currency, rate)`` on the first of each month, ``MONTHS`` back."""
    first = today.replace(day=1)
    rows = []
    for back in range(MONTHS, -1, -1):
        day = add_months(first, -back)
        index = day.year * 12 + day.month
        for n, (currency, centre) in enumerate(sorted(DEMO_RATES.items())):
            wave = Decimal(((index * 7 + n * 3) % 11) - 5) / 200  # -2.5 % … +2.5 %
            rate = (centre * (1 + wave)).quantize(Decimal("0.0000001"))
            rows.append((day, home, currency, rate))
    return rows


def write_demo_rates(today: date, home: str = "NZD") -> int:
    """Insert the demo rates; how many."""
    rows = demo_rates(today, home)
    ExchangeRate.insert_many(
        rows,
        fields=[ExchangeRate.day, ExchangeRate.base, ExchangeRate.currency, ExchangeRate.rate],
    ).execute()
    return len(rows)
