"""Which subscriptions get a renewal draft, and for what period (issue #17.3).

A cloud subscription's renewal is drafted when its paid period ends within the
office's lead time (``renewal_lead_days``, default 30: the first reminder of 004
goes out 30 days before the end date).  A portal already past its paid end date but
still in its grace period is drafted too: 000 says the portal keeps working "with
no limitation" for the grace days and renewing then continues the same period, so
the client still needs that invoice.  After the grace period the portal has fallen
back to the free plan (domain.md §2): a purchase from then on is a new sale, not a
renewal, and is not drafted.

The renewal continues the paid period: from the day after ``paid_until`` for the
subscription's term, at the price list of the day the draft is made.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from b24desk.domain.invoicing import plan_line_terms
from b24desk.domain.lifecycle import add_months, grace_end

__all__ = [
    "DEFAULT_RENEWAL_LEAD_DAYS",
    "renewal_due",
    "renewal_line_terms",
    "renewal_period",
    "renewal_window",
]

DEFAULT_RENEWAL_LEAD_DAYS = 30


def renewal_window(today: date, lead_days: int, grace_days: int) -> tuple[date, date]:
    """The ``paid_until`` dates drafted on ``today``: from the oldest still in its
    grace period (``paid_until + grace_days >= today``) to ``today + lead_days``."""
    if lead_days < 0 or grace_days < 0:
        raise ValueError("lead and grace days must not be negative")
    return today - timedelta(days=grace_days), today + timedelta(days=lead_days)


def renewal_due(paid_until: date, today: date, lead_days: int, grace_days: int) -> bool:
    """Whether a subscription paid until ``paid_until`` is drafted on ``today``."""
    if grace_end(paid_until, grace_days) < today:
        return False  # on the free plan: a new sale, not a renewal
    return paid_until <= today + timedelta(days=lead_days)


def renewal_period(paid_until: date, term_months: int) -> tuple[date, date]:
    """The first and last day of the renewed period: the day after ``paid_until``
    for ``term_months`` months ("paid until" dates are the last paid day)."""
    if term_months < 1:
        raise ValueError("a term is at least one month")
    first = paid_until + timedelta(days=1)
    return first, add_months(first, term_months) - timedelta(days=1)


def renewal_line_terms(
    monthly_price: Decimal, term_months: int, non_profit: bool
) -> tuple[Decimal, Decimal]:
    """``(unit price, discount)`` of a renewal line: the monthly price × the term's
    months and the best discount the term offers the client (as a new plan line)."""
    return plan_line_terms(monthly_price, True, term_months, non_profit)
