"""Ageing buckets: each boundary checked on both sides (#16 statement, #17 reuse)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from b24desk.domain.ageing import BUCKETS, age, ageing_bucket, days_past_due

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("days_ago", "bucket"),
    [
        (-10, "current"), (0, "current"),  # due today is not late
        (1, "1_30"), (30, "1_30"),
        (31, "31_60"), (60, "31_60"),
        (61, "61_90"), (90, "61_90"),
        (91, "90_plus"), (400, "90_plus"),
    ],
)  # fmt: skip
def test_bucket_on_each_side_of_every_boundary(days_ago: int, bucket: str) -> None:
    assert ageing_bucket(TODAY - timedelta(days=days_ago), TODAY) == bucket


def test_no_due_date_is_current() -> None:
    assert ageing_bucket(None, TODAY) == "current"
    assert days_past_due(None, TODAY) == 0
    assert days_past_due(TODAY - timedelta(days=3), TODAY) == 3


def test_age_sums_per_bucket_and_adds_up() -> None:
    items = [
        (TODAY, Decimal("100.00")),
        (TODAY - timedelta(days=1), Decimal("10.50")),
        (TODAY - timedelta(days=30), Decimal("0.50")),
        (TODAY - timedelta(days=91), Decimal("7")),
    ]
    totals = age(items, TODAY)
    assert list(totals) == list(BUCKETS)
    assert totals == {
        "current": Decimal("100.00"),
        "1_30": Decimal("11.00"),
        "31_60": Decimal(0),
        "61_90": Decimal(0),
        "90_plus": Decimal("7"),
    }
    assert sum(totals.values()) == sum(amount for _, amount in items)


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        age([(TODAY, 1.5)], TODAY)  # type: ignore[list-item]
