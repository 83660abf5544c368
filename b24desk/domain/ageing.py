"""Ageing of what a client owes: how long each open amount is past its due date.

A pure rule (no database): the statement of account (issue #16) and the receivables
report (issue #17) both use it.  The buckets are the accountants' usual ones:

* ``current`` — not past due (due today or later, or no due date);
* ``1_30`` — 1 to 30 days past the due date;
* ``31_60``, ``61_90`` — likewise;
* ``90_plus`` — more than 90 days past due.

An invoice due yesterday is 1 day past due; one due 30 days ago is still in ``1_30``
and one due 31 days ago in ``31_60``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType

from b24desk.i18n import N_

__all__ = ["BUCKETS", "age", "ageing_bucket", "bucket_starts", "days_past_due"]

#: The buckets in the order they are shown, with their names (translated when shown).
BUCKETS: Mapping[str, str] = MappingProxyType(
    {
        "current": N_("Current"),
        "1_30": N_("1–30 days"),
        "31_60": N_("31–60 days"),
        "61_90": N_("61–90 days"),
        "90_plus": N_("Over 90 days"),
    }
)

_LIMITS = ((0, "current"), (30, "1_30"), (60, "31_60"), (90, "61_90"))


def days_past_due(due: date | None, today: date) -> int:
    """Days ``today`` is after ``due`` (0 when not past due or without a due date)."""
    if due is None:
        return 0
    return max((today - due).days, 0)


def ageing_bucket(due: date | None, today: date) -> str:
    """The bucket (a key of :data:`BUCKETS`) of an amount due on ``due``, on ``today``."""
    days = days_past_due(due, today)
    for limit, bucket in _LIMITS:
        if days <= limit:
            return bucket
    return "90_plus"


def bucket_starts(today: date) -> tuple[tuple[str, date], ...]:
    """The same rule as due-date bounds, for a query: each bucket but the last with the
    earliest due date still in it on ``today`` (an amount due on or after that date, and
    not in an earlier bucket, is in it); later due dates, or none, are ``current``,
    earlier ones ``90_plus``."""
    return tuple((bucket, today - timedelta(days=limit)) for limit, bucket in _LIMITS)


def age(open_items: Iterable[tuple[date | None, Decimal]], today: date) -> dict[str, Decimal]:
    """The open amounts ``(due date, amount)`` summed per bucket, every bucket present
    (in :data:`BUCKETS` order); the buckets add up to the sum of the amounts."""
    totals: dict[str, Decimal] = {bucket: Decimal(0) for bucket in BUCKETS}
    for due, amount in open_items:
        if isinstance(amount, float) or not isinstance(amount, Decimal | int):
            raise TypeError(f"amounts must be Decimal, not {type(amount).__name__}")
        totals[ageing_bucket(due, today)] += Decimal(amount)
    return totals
