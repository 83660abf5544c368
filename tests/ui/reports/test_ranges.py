"""The quick date ranges of the Reports tab: whole calendar periods around today."""

from __future__ import annotations

from datetime import date

import pytest

from b24desk.store.report_shape import ReportSpan
from b24desk.ui.reports.ranges import QUICK, quick_span


@pytest.mark.parametrize(
    ("key", "today", "start", "end"),
    [
        ("this_month", date(2026, 2, 1), date(2026, 2, 1), date(2026, 2, 28)),
        ("this_month", date(2028, 2, 29), date(2028, 2, 1), date(2028, 2, 29)),
        ("last_month", date(2026, 1, 31), date(2025, 12, 1), date(2025, 12, 31)),
        ("last_month", date(2026, 3, 1), date(2026, 2, 1), date(2026, 2, 28)),
        ("this_quarter", date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31)),
        ("this_quarter", date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30)),
        ("this_quarter", date(2026, 12, 31), date(2026, 10, 1), date(2026, 12, 31)),
        ("this_year", date(2026, 11, 20), date(2026, 1, 1), date(2026, 12, 31)),
        ("last_12_months", date(2026, 11, 20), date(2025, 12, 1), date(2026, 11, 30)),
        ("last_12_months", date(2026, 1, 1), date(2025, 2, 1), date(2026, 1, 31)),
    ],
)
def test_quick_ranges_are_whole_periods(key: str, today: date, start: date, end: date) -> None:
    assert quick_span(key, today) == ReportSpan(start, end)


def test_last_12_months_are_twelve_months() -> None:
    span = quick_span("last_12_months", date(2026, 11, 20))
    months = (span.end.year - span.start.year) * 12 + span.end.month - span.start.month + 1
    assert months == 12
    assert set(QUICK) == {"this_month", "last_month", "this_quarter", "this_year", "last_12_months"}
