"""Which reminder stage is due on a day (#16 item 5): every window checked on the day on
each side of its boundaries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from b24desk.domain.reminders import overdue_stage, parse_overdue_stages, renewal_stage

PAID_UNTIL = date(2026, 12, 31)
GRACE_END = date(2027, 1, 15)  # 15 days (000)
FROZEN = date(2027, 2, 16)  # add_months(grace end, 1) + 1 day (000: "1 month")
DELETED = date(2027, 3, 3)  # 15 days after freezing (000)


@pytest.mark.parametrize(
    ("day", "stage"),
    [
        # 004: "за 30 дней … за 7 дней … в день окончания"
        (PAID_UNTIL - timedelta(days=31), None),
        (PAID_UNTIL - timedelta(days=30), "30"),
        (PAID_UNTIL - timedelta(days=8), "30"),
        (PAID_UNTIL - timedelta(days=7), "7"),
        (PAID_UNTIL - timedelta(days=1), "7"),
        (PAID_UNTIL, "0"),
        # 000: "15 days grace period with no limitation"
        (PAID_UNTIL + timedelta(days=1), "grace"),
        (GRACE_END, "grace"),
        (GRACE_END + timedelta(days=1), None),  # free plan: nothing to warn about
        (FROZEN - timedelta(days=1), None),
        (FROZEN, "frozen"),
        (DELETED - timedelta(days=1), "frozen"),
        (DELETED, None),
    ],
)
def test_renewal_stage_windows(day: date, stage: str | None) -> None:
    assert renewal_stage(PAID_UNTIL, day) == stage


def test_on_premise_has_no_grace_or_frozen_warning() -> None:
    assert renewal_stage(PAID_UNTIL, PAID_UNTIL, cloud=False) == "0"
    assert renewal_stage(PAID_UNTIL, PAID_UNTIL + timedelta(days=1), cloud=False) is None


def test_a_portal_used_after_grace_and_frozen_later_is_not_a_renewal_matter() -> None:
    login = GRACE_END + timedelta(days=5)
    assert renewal_stage(PAID_UNTIL, login + timedelta(days=31), last_user_login=login) is None


def test_the_grace_period_is_a_setting() -> None:
    assert renewal_stage(PAID_UNTIL, PAID_UNTIL + timedelta(days=30), grace_days=30) == "grace"
    assert renewal_stage(PAID_UNTIL, PAID_UNTIL + timedelta(days=31), grace_days=30) is None


DUE = date(2026, 11, 1)


@pytest.mark.parametrize(
    ("days_late", "stage"),
    [(0, None), (2, None), (3, "3"), (13, "3"), (14, "14"), (29, "14"), (30, "30"),
     (400, "30")],
)  # fmt: skip
def test_overdue_stage_windows(days_late: int, stage: str | None) -> None:
    assert overdue_stage(DUE, DUE + timedelta(days=days_late), (3, 14, 30)) == stage


def test_overdue_stages_setting_is_read_leniently() -> None:
    assert parse_overdue_stages("30, 3;14,,x,0,3") == (3, 14, 30)
    assert parse_overdue_stages("") == ()
