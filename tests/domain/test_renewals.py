"""Which subscriptions get a renewal draft on a day (issue #17.3), and the period."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from b24desk.domain.renewals import (
    renewal_due,
    renewal_line_terms,
    renewal_period,
    renewal_window,
)

TODAY = date(2026, 12, 3)


def test_the_lead_time_boundary() -> None:
    """Issue #17: "subscriptions whose renewal is due within the office's lead time
    (setting, default 30 days)"."""
    assert renewal_due(TODAY + timedelta(days=30), TODAY, 30, 15)
    assert not renewal_due(TODAY + timedelta(days=31), TODAY, 30, 15)
    assert renewal_due(TODAY, TODAY, 0, 15)
    assert not renewal_due(TODAY + timedelta(days=1), TODAY, 0, 15)


def test_the_grace_boundary() -> None:
    """000: the portal keeps working with no limitation for 15 days after the end
    date; then it falls back to the free plan, and a purchase is a new sale."""
    assert renewal_due(TODAY - timedelta(days=15), TODAY, 30, 15)
    assert not renewal_due(TODAY - timedelta(days=16), TODAY, 30, 15)
    assert renewal_due(TODAY - timedelta(days=30), TODAY, 30, 30)
    assert not renewal_due(TODAY - timedelta(days=1), TODAY, 30, 0)


def test_the_window_matches_the_rule() -> None:
    since, until = renewal_window(TODAY, 30, 15)
    assert (since, until) == (TODAY - timedelta(days=15), TODAY + timedelta(days=30))
    for offset in range(-20, 40):
        day = TODAY + timedelta(days=offset)
        assert renewal_due(day, TODAY, 30, 15) == (since <= day <= until)
    with pytest.raises(ValueError):
        renewal_window(TODAY, -1, 15)


def test_the_period_continues_the_paid_one() -> None:
    """Stored "paid until" dates are the last paid day (domain.md §4)."""
    assert renewal_period(date(2026, 12, 31), 12) == (date(2027, 1, 1), date(2027, 12, 31))
    assert renewal_period(date(2027, 1, 30), 1) == (date(2027, 1, 31), date(2027, 2, 27))
    assert renewal_period(date(2026, 8, 31), 6) == (date(2026, 9, 1), date(2027, 2, 28))
    with pytest.raises(ValueError):
        renewal_period(TODAY, 0)


def test_line_terms_are_price_times_months_with_the_best_discount() -> None:
    """000: non-profit 15 % on 6 and 12 months."""
    assert renewal_line_terms(Decimal("100.00"), 12, True) == (Decimal("1200.00"), Decimal("0.15"))
    assert renewal_line_terms(Decimal("100.00"), 1, True) == (Decimal("100.00"), Decimal(0))
