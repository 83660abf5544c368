"""Cloud portal states, renewal reminders, on-premise and coupon dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b24desk.domain.lifecycle import (
    add_months,
    cloud_lifecycle,
    cloud_state,
    cloud_state_spans,
    coupon_activation_deadline,
    coupon_days_left,
    coupon_state,
    coupon_warning,
    deletion_date,
    freeze_date,
    grace_end,
    onprem_activation_date,
    onprem_activation_deadline,
    onprem_purchase_range,
    registration_deadline,
    renewal_reminder,
    updates_renewal_period,
    updates_until,
)

PAID = date(2026, 1, 31)


def test_required_example() -> None:
    assert cloud_state(date(2026, 1, 31), date(2026, 2, 10)) == "grace"
    assert renewal_reminder(date(2026, 1, 31), date(2026, 1, 25)) == 7


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 1, 1), "active"),
        (date(2026, 1, 31), "active"),  # the end date itself is paid
        (date(2026, 2, 1), "grace"),  # day 1 of grace
        (date(2026, 2, 15), "grace"),  # day 15 of grace
        (date(2026, 2, 16), "free"),  # day 16: free plan
        (date(2026, 3, 15), "free"),  # last day of the month after grace
        (date(2026, 3, 16), "frozen"),  # nobody logged in during that month
        (date(2026, 3, 30), "frozen"),  # 15th frozen day
        (date(2026, 3, 31), "deleted"),
        (date(2027, 1, 1), "deleted"),
    ],
)
def test_cloud_state_without_logins(today: date, state: str) -> None:
    assert cloud_state(PAID, today) == state


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 3, 16), "free"),  # a user logged in on 20 Feb: free, not frozen
        (date(2026, 3, 22), "free"),  # 30th day without a login
        (date(2026, 3, 23), "frozen"),
        (date(2026, 4, 6), "frozen"),
        (date(2026, 4, 7), "deleted"),
    ],
)
def test_cloud_state_with_user_login_after_grace(today: date, state: str) -> None:
    assert cloud_state(PAID, today, last_user_login=date(2026, 2, 20)) == state


def test_login_during_grace_does_not_count() -> None:
    assert cloud_state(PAID, date(2026, 3, 16), last_user_login=date(2026, 2, 10)) == "frozen"
    assert cloud_state(PAID, date(2026, 3, 16), last_user_login=date(2026, 1, 15)) == "frozen"


def test_admin_login_unfreezes() -> None:
    # frozen from 16 Mar; the administrator logs in on 20 Mar
    assert cloud_state(PAID, date(2026, 3, 18)) == "frozen"
    admin = date(2026, 3, 20)
    assert cloud_state(PAID, date(2026, 3, 25), last_admin_login=admin) == "free"
    assert (
        cloud_state(PAID, date(2026, 3, 31), last_admin_login=admin) == "free"
    )  # would be deleted
    assert freeze_date(PAID, last_admin_login=admin) == date(2026, 4, 20)
    assert deletion_date(PAID, last_admin_login=admin) == date(2026, 5, 5)
    assert cloud_state(PAID, date(2026, 4, 20), last_admin_login=admin) == "frozen"


def test_latest_login_of_either_kind_counts() -> None:
    result = freeze_date(PAID, last_user_login=date(2026, 3, 1), last_admin_login=date(2026, 2, 20))
    assert result == date(2026, 4, 1)


def test_grace_days_setting() -> None:
    assert grace_end(PAID, 30) == date(2026, 3, 2)
    assert cloud_state(PAID, date(2026, 3, 2), grace_days=30) == "grace"
    assert cloud_state(PAID, date(2026, 3, 3), grace_days=30) == "free"
    assert freeze_date(PAID, grace_days=30) == date(2026, 4, 3)
    with pytest.raises(ValueError):
        grace_end(PAID, -1)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2025, 12, 1), "free"),
        (date(2026, 1, 31), "free"),  # 30th day without a login
        (date(2026, 2, 1), "frozen"),
        (date(2026, 2, 15), "frozen"),
        (date(2026, 2, 16), "deleted"),
    ],
)
def test_never_paid_portal(today: date, state: str) -> None:
    assert cloud_state(None, today, last_user_login=date(2026, 1, 1)) == state


def test_never_paid_without_login_information_is_free() -> None:
    assert cloud_state(None, date(2030, 1, 1)) == "free"
    assert freeze_date(None) is None
    assert deletion_date(None) is None


def test_stage_dates() -> None:
    assert grace_end(PAID) == date(2026, 2, 15)
    assert freeze_date(PAID) == date(2026, 3, 16)
    assert deletion_date(PAID) == date(2026, 3, 31)
    # grace ends on 28 Feb: the month after it ends on 28 Mar
    assert freeze_date(date(2026, 2, 13)) == date(2026, 3, 29)


@pytest.mark.parametrize(
    ("today", "state", "until"),
    [
        (date(2026, 1, 10), "active", date(2026, 1, 31)),
        (date(2026, 2, 10), "grace", date(2026, 2, 15)),
        (date(2026, 3, 1), "free", date(2026, 3, 15)),
        (date(2026, 3, 20), "frozen", date(2026, 3, 30)),
        (date(2026, 4, 1), "deleted", None),
    ],
)
def test_cloud_lifecycle(today: date, state: str, until: date | None) -> None:
    info = cloud_lifecycle(PAID, today)
    assert info.state == state
    assert info.state_until == until
    assert info.free_from == date(2026, 2, 16)
    assert info.deletion_date == date(2026, 3, 31)


def test_lifecycle_never_paid_free_has_no_end() -> None:
    info = cloud_lifecycle(None, date(2026, 1, 1))
    assert (info.state, info.state_until, info.grace_end, info.free_from) == (
        "free",
        None,
        None,
        None,
    )


@settings(max_examples=150, deadline=None)
@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(min_value=-400, max_value=400),
    st.one_of(st.none(), st.integers(min_value=-60, max_value=120)),
)
def test_states_follow_in_order(paid_until: date, offset: int, login_offset: int | None) -> None:
    order = ["active", "grace", "free", "frozen", "deleted"]
    login = None if login_offset is None else paid_until + timedelta(days=login_offset)
    today = paid_until + timedelta(days=offset)
    now = order.index(cloud_state(paid_until, today, last_user_login=login))
    later = order.index(cloud_state(paid_until, today + timedelta(days=1), last_user_login=login))
    assert later in (now, now + 1)


# --------------------------------------------------------------------------- reminders


@pytest.mark.parametrize(
    ("days_before", "reminder"),
    [
        (60, None),
        (31, None),
        (30, 30),
        (15, 30),
        (8, 30),
        (7, 7),
        (3, 7),
        (1, 7),
        (0, 0),
        (-1, None),
        (-15, None),
    ],
)
def test_renewal_reminder(days_before: int, reminder: int | None) -> None:
    end = date(2026, 3, 31)
    assert renewal_reminder(end, end - timedelta(days=days_before)) == reminder


# --------------------------------------------------------------------------- months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 10), -13, date(2024, 12, 10)),
        (date(2026, 5, 5), 0, date(2026, 5, 5)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def _in_span(span, paid_until: date, user: date | None, admin: date | None) -> bool:  # type: ignore[no-untyped-def]
    """The test a query makes of a span (the Today tab's SQL), in Python."""
    logins = [d for d in (user, admin) if d is not None]
    if not span.paid_from <= paid_until <= span.paid_to:
        return False
    if span.login_from is not None and not any(d >= span.login_from for d in logins):
        return False
    return span.login_to is None or all(d <= span.login_to for d in logins)


@pytest.mark.parametrize(
    "today",
    [date(2026, 12, 6), date(2027, 3, 1), date(2027, 3, 30), date(2028, 3, 31), date(2026, 8, 31)],
)
@pytest.mark.parametrize("grace_days", [0, 15, 30])
def test_cloud_state_spans_agree_with_cloud_state(today: date, grace_days: int) -> None:
    """Every portal of the Today tab's window is in exactly the spans of its state,
    whatever its logins (none, a user's, an administrator's, both)."""
    paid_from, paid_to = today - timedelta(days=120), today + timedelta(days=30)
    spans = {
        state: cloud_state_spans(
            state, today, paid_from=paid_from, paid_to=paid_to, grace_days=grace_days
        )
        for state in ("active", "grace", "free", "frozen", "deleted")
    }
    by_freeze_date = cloud_state_spans(
        "frozen",
        today,
        paid_from=paid_from,
        paid_to=paid_to,
        grace_days=grace_days,
        by_freeze_date=True,
    )
    # every login day where a rule changes: around grace end and the 30/45 days
    near_today = [today - timedelta(days=n) for n in (-2, 0, 1, 28, 29, 30, 31, 32, 44, 45, 46, 47)]
    paid = paid_from
    while paid <= paid_to:
        end = paid + timedelta(days=grace_days)
        logins = [None, *near_today, *(end + timedelta(days=n) for n in (-1, 0, 1, 2))]
        for user, admin in [(u, a) for u in logins for a in (None, *logins[1::4])]:
            life = cloud_lifecycle(
                paid, today, last_user_login=user, last_admin_login=admin, grace_days=grace_days
            )
            for state, found in spans.items():
                hits = [s for s in found if _in_span(s, paid, user, admin)]
                assert len(hits) == (1 if state == life.state else 0), (paid, user, admin, state)
            hits = [s for s in by_freeze_date if _in_span(s, paid, user, admin)]
            assert len(hits) == (1 if life.state == "frozen" else 0), (paid, user, admin)
            assert not hits or hits[0].freeze_date == life.freeze_date
        paid += timedelta(days=1)


def test_cloud_state_spans_are_few() -> None:
    """A query tests a handful of ranges, not one per day."""
    today = date(2026, 12, 6)
    window = {"paid_from": today - timedelta(days=120), "paid_to": today + timedelta(days=30)}
    assert len(cloud_state_spans("active", today, **window)) == 1
    assert len(cloud_state_spans("grace", today, **window)) == 1
    assert len(cloud_state_spans("free", today, **window)) <= 6
    assert len(cloud_state_spans("frozen", today, **window)) <= 20
    assert len(cloud_state_spans("frozen", today, **window, by_freeze_date=True)) <= 40


# --------------------------------------------------------------------------- on-premise


def test_onprem_dates() -> None:
    assert onprem_activation_deadline(date(2026, 3, 10)) == date(2026, 9, 10)
    assert onprem_activation_deadline(date(2026, 8, 31)) == date(2027, 2, 28)
    # updates_until is the last covered day (issue 12.2: one meaning everywhere)
    assert updates_until(date(2026, 3, 10)) == date(2027, 3, 9)
    assert updates_until(date(2028, 2, 29)) == date(2029, 2, 27)
    assert updates_until(date(2026, 1, 1)) == date(2026, 12, 31)
    assert registration_deadline(date(2026, 3, 10)) == date(2026, 3, 17)
    assert registration_deadline(date(2026, 12, 28)) == date(2027, 1, 4)


def test_updates_until_is_the_last_covered_day() -> None:
    """002: "Cada licencia ... incluye una suscripción de 1 año de soporte técnico y
    actualizaciones"; "Después de 1 año el periodo de actualización caduca."
    Activated 10 Mar 2026: covered through 9 Mar 2027 (day 365), not on 10 Mar 2027."""
    activated = date(2026, 3, 10)
    until = updates_until(activated)
    assert until == date(2027, 3, 9)
    assert (until - activated).days + 1 == 365  # one year of covered days
    assert updates_until(activated, 24) == date(2028, 3, 9)


def test_updates_renewal_extends_by_one_more_year() -> None:
    """002: "un cupón de extensión ... le permitirá ... extender su suscripción a los
    servicios de actualizaciones y soporte técnico por un año más": the renewal pays
    for the year after the last covered day, early or late."""
    assert updates_renewal_period(date(2026, 12, 31)) == (date(2027, 1, 1), date(2027, 12, 31))
    assert updates_renewal_period(date(2027, 3, 9)) == (date(2027, 3, 10), date(2028, 3, 9))
    assert updates_renewal_period(date(2027, 2, 28), 24) == (date(2027, 3, 1), date(2029, 2, 28))


@pytest.mark.parametrize(
    "first", [date(2027, 2, 26), date(2027, 2, 28), date(2026, 12, 6), date(2028, 2, 29)]
)
@pytest.mark.parametrize("days", [0, 1, 30])
def test_onprem_purchase_range(first: date, days: int) -> None:
    last = first + timedelta(days=days)
    found = onprem_purchase_range(first, last)
    bought = [
        first - timedelta(days=n)
        for n in range(150, 200)
        if first <= onprem_activation_deadline(first - timedelta(days=n)) <= last
    ]
    if not bought:
        assert found is None
    else:
        assert found == (min(bought), max(bought))
        assert len(bought) == (max(bought) - min(bought)).days + 1


def test_onprem_activation_date() -> None:
    bought = date(2026, 3, 10)
    assert onprem_activation_date(bought, date(2026, 4, 1)) == date(2026, 4, 1)
    assert onprem_activation_date(bought) == date(2026, 9, 10)  # activates itself
    assert onprem_activation_date(bought, date(2026, 12, 1)) == date(2026, 9, 10)


# --------------------------------------------------------------------------- coupons

BOUGHT = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("age", "left", "warn", "state"),
    [
        (0, 7, False, "in_stock"),
        (4, 3, False, "in_stock"),
        (5, 2, True, "in_stock"),
        (6, 1, True, "in_stock"),
        (7, 0, True, "in_stock"),
        (8, -1, False, "expired"),
        (30, -23, False, "expired"),
    ],
)
def test_coupon_days(age: int, left: int, warn: bool, state: str) -> None:
    today = BOUGHT + timedelta(days=age)
    assert coupon_days_left(BOUGHT, today) == left
    assert coupon_warning(BOUGHT, today) is warn
    assert coupon_state(BOUGHT, today) == state


def test_coupon_deadline_and_states() -> None:
    assert coupon_activation_deadline(BOUGHT) == date(2026, 3, 17)
    today = date(2026, 3, 16)
    assert coupon_state(BOUGHT, today, assigned=True) == "assigned"
    assert coupon_state(BOUGHT, today, assigned=True, activated_on=date(2026, 3, 12)) == (
        "activated"
    )
    # activated in time stays activated after the deadline
    assert coupon_state(BOUGHT, date(2026, 5, 1), activated_on=date(2026, 3, 12)) == "activated"
    assert coupon_state(BOUGHT, date(2026, 5, 1), assigned=True) == "expired"
    assert coupon_state(BOUGHT, today, activated_on=date(2026, 3, 12), void=True) == "void"
    assert not coupon_warning(BOUGHT, today, activated_on=date(2026, 3, 12))
