"""The quick date ranges of the Reports tab, counted from the office's today."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date

from b24desk.i18n import N_, _
from b24desk.store.report_shape import ReportSpan

#: Each quick choice and its label (translated when shown); "custom" is any other.
QUICK: dict[str, str] = {
    "this_month": N_("This month"),
    "last_month": N_("Last month"),
    "this_quarter": N_("This quarter"),
    "this_year": N_("This year"),
    "last_12_months": N_("Last 12 months"),
}
CUSTOM = "custom"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months_back(day: date, months: int) -> date:
    """The first day of the month ``months`` before ``day``'s."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def quick_span(key: str, today: date) -> ReportSpan:
    """The whole calendar period ``key`` names around ``today`` (both ends inclusive);
    "last 12 months" are this month and the eleven before it."""
    if key == "this_month":
        return ReportSpan(today.replace(day=1), _month_end(today.year, today.month))
    if key == "last_month":
        first = _months_back(today, 1)
        return ReportSpan(first, _month_end(first.year, first.month))
    if key == "this_quarter":
        month = 3 * ((today.month - 1) // 3) + 1
        return ReportSpan(date(today.year, month, 1), _month_end(today.year, month + 2))
    if key == "this_year":
        return ReportSpan(date(today.year, 1, 1), date(today.year, 12, 31))
    if key == "last_12_months":
        return ReportSpan(_months_back(today, 11), _month_end(today.year, today.month))
    raise KeyError(key)


def quick_label(key: str) -> Callable[[], str]:
    return lambda: _(QUICK[key]) if key in QUICK else _("Custom dates")
