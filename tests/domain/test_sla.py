"""Business hours and SLA response times."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b24desk.domain.errors import ValidationError
from b24desk.domain.sla import (
    SLA_LEVELS,
    BusinessCalendar,
    elapsed_business_hours,
    response_due,
    response_due_paused,
    sla_level_for,
    sla_state,
    ticket_sla_state,
)

NZ = ZoneInfo("Pacific/Auckland")
MADRID = ZoneInfo("Europe/Madrid")


def nz(year: int, month: int, day: int, *hms: int) -> datetime:
    return datetime(year, month, day, tzinfo=NZ) + timedelta(
        hours=hms[0] if hms else 0,
        minutes=hms[1] if len(hms) > 1 else 0,
        seconds=hms[2] if len(hms) > 2 else 0,
        microseconds=hms[3] if len(hms) > 3 else 0,
    )


def mad(year: int, month: int, day: int, *hms: int) -> datetime:
    return datetime(year, month, day, tzinfo=MADRID) + timedelta(
        hours=hms[0] if hms else 0,
        minutes=hms[1] if len(hms) > 1 else 0,
        seconds=hms[2] if len(hms) > 2 else 0,
        microseconds=hms[3] if len(hms) > 3 else 0,
    )


# --------------------------------------------------------------------------- required examples


def test_monday_eight_hours_ends_tuesday(nz_calendar: BusinessCalendar) -> None:
    due = nz_calendar.add_business_hours(nz(2026, 3, 2, 11), 8)
    assert due == nz(2026, 3, 3, 10)
    assert due.utcoffset() == timedelta(hours=13)  # NZDT


def test_friday_evening_one_hour_ends_monday(nz_calendar: BusinessCalendar) -> None:
    assert nz_calendar.add_business_hours(nz(2026, 3, 6, 17, 30), 1) == nz(2026, 3, 9, 9, 30)


# --------------------------------------------------------------------------- add_business_hours

ADD_CASES = [
    # start, hours, expected — NZ calendar
    pytest.param(nz(2026, 3, 2, 9), 9, nz(2026, 3, 2, 18), id="full day ends at closing"),
    pytest.param(nz(2026, 3, 2, 9), 10, nz(2026, 3, 3, 10), id="one hour into next day"),
    pytest.param(nz(2026, 3, 2, 7), 1, nz(2026, 3, 2, 10), id="before opening"),
    pytest.param(nz(2026, 3, 2, 18), 1, nz(2026, 3, 3, 10), id="at closing"),
    pytest.param(nz(2026, 3, 2, 23, 59), 1, nz(2026, 3, 3, 10), id="late evening"),
    pytest.param(nz(2026, 3, 7, 12), 1, nz(2026, 3, 9, 10), id="saturday"),
    pytest.param(nz(2026, 3, 2, 10), 0, nz(2026, 3, 2, 10), id="zero inside hours"),
    pytest.param(nz(2026, 3, 2, 18), 0, nz(2026, 3, 3, 9), id="zero at closing"),
    pytest.param(nz(2026, 3, 8, 12), 0, nz(2026, 3, 9, 9), id="zero on sunday"),
    pytest.param(nz(2026, 3, 2, 9), 0.5, nz(2026, 3, 2, 9, 30), id="half hour"),
    pytest.param(nz(2026, 3, 2, 9), Fraction(1, 3), nz(2026, 3, 2, 9, 20), id="third of an hour"),
    pytest.param(nz(2026, 3, 2, 9), Decimal("1.25"), nz(2026, 3, 2, 10, 15), id="decimal hours"),
    pytest.param(nz(2026, 3, 2, 9), 45, nz(2026, 3, 6, 18), id="whole week"),
    pytest.param(nz(2026, 3, 2, 9), 46, nz(2026, 3, 9, 10), id="week and an hour"),
    # Waitangi Day, Friday 6 Feb 2026
    pytest.param(nz(2026, 2, 5, 17), 2, nz(2026, 2, 9, 10), id="waitangi day"),
    # Christmas Fri 25, Boxing Day Sat 26 observed Mon 28 Dec 2026; the eve is open
    pytest.param(nz(2026, 12, 24, 9), 9, nz(2026, 12, 24, 18), id="christmas eve is open"),
    pytest.param(nz(2026, 12, 24, 17), 2, nz(2026, 12, 29, 10), id="christmas"),
    # New Year 2027: Fri 1 Jan, 2 Jan (Sat) observed Mon 4 Jan
    pytest.param(nz(2026, 12, 31, 17), 2, nz(2027, 1, 5, 10), id="new year"),
    # Good Friday 3 Apr, DST ends Sun 5 Apr, Easter Monday 6 Apr 2026
    pytest.param(nz(2026, 4, 2, 17), 2, nz(2026, 4, 7, 10), id="easter and dst end"),
    # DST starts Sun 27 Sep 2026
    pytest.param(nz(2026, 9, 25, 17), 2, nz(2026, 9, 28, 10), id="dst start"),
]


@pytest.mark.parametrize(("start", "hours", "expected"), ADD_CASES)
def test_add_business_hours(
    nz_calendar: BusinessCalendar, start: datetime, hours: float, expected: datetime
) -> None:
    result = nz_calendar.add_business_hours(start, hours)
    assert result == expected
    assert result.tzinfo == NZ
    # the wall-clock time is what the table says, not just the same instant
    assert result.replace(tzinfo=None) == expected.replace(tzinfo=None)


def test_dst_offsets_around_easter(nz_calendar: BusinessCalendar) -> None:
    before = nz_calendar.add_business_hours(nz(2026, 4, 2, 9), 1)
    after = nz_calendar.add_business_hours(nz(2026, 4, 2, 17), 2)
    assert before.utcoffset() == timedelta(hours=13)
    assert after.utcoffset() == timedelta(hours=12)


def test_start_in_other_zone(nz_calendar: BusinessCalendar) -> None:
    # 08:00 CET on Monday 2 March is 20:00 NZDT: the clock starts on Tuesday 09:00.
    created = mad(2026, 3, 2, 8)
    assert nz_calendar.next_opening(created) == nz(2026, 3, 3, 9)
    target_at, due_at = response_due(created, "commercial_cloud", nz_calendar)
    assert target_at == nz(2026, 3, 3, 17)
    assert due_at == nz(2026, 3, 4, 16)
    assert target_at.tzinfo == NZ


def test_result_is_in_calendar_zone_for_utc_start(nz_calendar: BusinessCalendar) -> None:
    start = datetime(2026, 3, 1, 21, tzinfo=UTC)  # Mon 10:00 NZDT
    assert nz_calendar.add_business_hours(start, 1) == nz(2026, 3, 2, 11)
    assert nz_calendar.add_business_hours(start, 1).tzinfo == NZ


def test_madrid_dst_spring_and_autumn() -> None:
    every_day = BusinessCalendar(timezone="Europe/Madrid", country="ES", workdays=range(7))
    # DST starts Sunday 29 March 2026, ends Sunday 25 October 2026: still 9 hours.
    for day in (date(2026, 3, 29), date(2026, 10, 25)):
        start = datetime.combine(day, time(0), tzinfo=MADRID)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=MADRID)
        assert every_day.business_hours_between(start, end) == 9.0
    result = every_day.add_business_hours(mad(2026, 3, 28, 17), 2)
    assert result == mad(2026, 3, 29, 10)
    assert result.utcoffset() == timedelta(hours=2)
    result = every_day.add_business_hours(mad(2026, 10, 24, 17), 2)
    assert result == mad(2026, 10, 25, 10)
    assert result.utcoffset() == timedelta(hours=1)


def test_nz_dst_days_have_nine_hours() -> None:
    every_day = BusinessCalendar(workdays=range(7))
    for day in (date(2026, 4, 5), date(2026, 9, 27)):
        start = datetime.combine(day, time(0), tzinfo=NZ)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=NZ)
        assert every_day.business_hours_between(start, end) == 9.0


def test_madrid_holidays(madrid_calendar: BusinessCalendar) -> None:
    # Maundy Thursday 2 April and Good Friday 3 April 2026 are holidays in Madrid.
    assert madrid_calendar.add_business_hours(mad(2026, 4, 1, 17), 2) == mad(2026, 4, 6, 10)
    assert not madrid_calendar.is_business_day(date(2026, 5, 1))


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (nz(2026, 3, 2, 9), nz(2026, 3, 2, 18), 9.0),
        (nz(2026, 3, 2, 8), nz(2026, 3, 2, 19), 9.0),
        (nz(2026, 3, 2, 17), nz(2026, 3, 3, 10), 2.0),
        (nz(2026, 3, 6, 17), nz(2026, 3, 9, 10), 2.0),
        (nz(2026, 3, 2, 12), nz(2026, 3, 2, 12), 0.0),
        (nz(2026, 3, 2, 12), nz(2026, 3, 2, 11), 0.0),
        (nz(2026, 2, 5, 9), nz(2026, 2, 10, 9), 18.0),  # Waitangi Day skipped
        (nz(2026, 3, 7, 9), nz(2026, 3, 8, 18), 0.0),  # weekend
        (nz(2026, 3, 2, 9, 0), nz(2026, 3, 2, 9, 0, 1), 1 / 3600),
    ],
)
def test_business_hours_between(
    nz_calendar: BusinessCalendar, start: datetime, end: datetime, hours: float
) -> None:
    assert nz_calendar.business_hours_between(start, end) == pytest.approx(hours, abs=1e-12)


def test_between_mixed_zones(nz_calendar: BusinessCalendar) -> None:
    start = mad(2026, 3, 1, 21)  # Mon 09:00 NZDT
    end = datetime(2026, 3, 1, 23, tzinfo=UTC)  # Mon 12:00 NZDT
    assert nz_calendar.business_hours_between(start, end) == 3.0


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 2, 5), True),
        (date(2026, 2, 6), False),  # Waitangi Day
        (date(2026, 2, 7), False),  # Saturday
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 4, 27), False),  # Anzac Day observed
        (date(2026, 12, 24), True),  # Christmas Eve
        (date(2026, 12, 25), False),
        (date(2026, 12, 28), False),  # Boxing Day observed
        (date(2026, 12, 31), True),
        (date(2026, 1, 26), True),  # Auckland Anniversary only in the AUK subdivision
    ],
)
def test_is_business_day(nz_calendar: BusinessCalendar, day: date, expected: bool) -> None:
    assert nz_calendar.is_business_day(day) is expected


def test_subdivision_and_closed_days() -> None:
    auckland = BusinessCalendar(subdivision="AUK", closed_days=[date(2026, 12, 24)])
    assert not auckland.is_business_day(date(2026, 1, 26))
    assert not auckland.is_business_day(date(2026, 12, 24))
    assert auckland.is_business_day(date(2026, 12, 23))
    assert auckland.add_business_hours(nz(2026, 12, 23, 17), 2) == nz(2026, 12, 29, 10)


def test_custom_hours_and_workdays() -> None:
    cal = BusinessCalendar(opens=time(8, 30), closes=time(12), workdays=(0, 2))
    assert cal.day_length == timedelta(hours=3, minutes=30)
    # Monday 11:00 + 2 h → Wednesday 09:30
    assert cal.add_business_hours(nz(2026, 3, 2, 11), 2) == nz(2026, 3, 4, 9, 30)


def test_is_business_day_accepts_aware_datetime(nz_calendar: BusinessCalendar) -> None:
    # Thursday 5 Feb 12:00 UTC is Friday 6 Feb (Waitangi Day) in Auckland
    assert not nz_calendar.is_business_day(datetime(2026, 2, 5, 12, tzinfo=UTC))


def test_is_open(nz_calendar: BusinessCalendar) -> None:
    assert nz_calendar.is_open(nz(2026, 3, 2, 9))
    assert nz_calendar.is_open(nz(2026, 3, 2, 17, 59))
    assert not nz_calendar.is_open(nz(2026, 3, 2, 18))
    assert not nz_calendar.is_open(nz(2026, 2, 6, 12))


@pytest.mark.parametrize("bad", [-1, -0.001, float("nan"), float("inf")])
def test_invalid_hours(nz_calendar: BusinessCalendar, bad: float) -> None:
    with pytest.raises(ValueError):
        nz_calendar.add_business_hours(nz(2026, 3, 2, 9), bad)


def test_naive_datetimes_refused(nz_calendar: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="aware"):
        nz_calendar.add_business_hours(datetime(2026, 3, 2, 9), 1)
    with pytest.raises(ValueError, match="aware"):
        nz_calendar.business_hours_between(datetime(2026, 3, 2, 9), nz(2026, 3, 3, 9))
    with pytest.raises(ValueError, match="aware"):
        response_due(datetime(2026, 3, 2, 9), "commercial_cloud", nz_calendar)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"timezone": "Mars/Olympus"},
        {"country": "QQ"},
        {"subdivision": "ZZZ"},
        {"opens": time(18), "closes": time(9)},
        {"workdays": ()},
        {"workdays": (7,)},
    ],
)
def test_invalid_calendar(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        BusinessCalendar(**kwargs)  # type: ignore[arg-type]


def test_long_span_is_fast_and_exact(nz_calendar: BusinessCalendar) -> None:
    start = nz(2026, 1, 5, 9)
    end = nz_calendar.add_business_hours(start, 9 * 2000)
    assert nz_calendar.business_hours_between(start, end) == 18000.0
    assert end.year > 2033


# --------------------------------------------------------------------------- SLA levels

LEVEL_CASES = [
    ("commercial_cloud", nz(2026, 3, 2, 17), nz(2026, 3, 3, 16)),
    ("commercial_self_hosted", nz(2026, 3, 3, 12), nz(2026, 3, 4, 15)),
    ("noncommercial_cloud", nz(2026, 3, 3, 16), nz(2026, 3, 5, 14)),
    ("noncommercial_self_hosted", nz(2026, 3, 4, 15), nz(2026, 3, 9, 12)),
    ("non_product", nz(2026, 3, 11, 18), nz(2026, 3, 11, 18)),
    ("development", nz(2026, 3, 16, 9), nz(2026, 3, 16, 9)),
]


@pytest.mark.parametrize(("level", "target", "maximum"), LEVEL_CASES)
def test_response_due(
    nz_calendar: BusinessCalendar, level: str, target: datetime, maximum: datetime
) -> None:
    assert response_due(nz(2026, 3, 2, 9), level, nz_calendar) == (target, maximum)


def test_sla_levels_table() -> None:
    assert {k: (v.target, v.maximum) for k, v in SLA_LEVELS.items()} == {
        "commercial_cloud": (8, 16),
        "commercial_self_hosted": (12, 24),
        "noncommercial_cloud": (16, 32),
        "noncommercial_self_hosted": (24, 48),
        "non_product": (72, 72),
        "development": (14, 14),
    }
    assert SLA_LEVELS["development"].unit == "calendar_days"


def test_development_keeps_wall_time_across_dst(nz_calendar: BusinessCalendar) -> None:
    target_at, due_at = response_due(nz(2026, 3, 30, 10), "development", nz_calendar)
    assert target_at == due_at == nz(2026, 4, 13, 10)
    assert due_at.utcoffset() == timedelta(hours=12)


def test_development_counts_weekends_and_holidays(nz_calendar: BusinessCalendar) -> None:
    _target, due = response_due(nz(2026, 12, 20, 22), "development", nz_calendar)
    assert due == nz(2027, 1, 3, 22)


@pytest.mark.parametrize("level", ["", "gold", "COMMERCIAL_CLOUD"])
def test_unknown_level(nz_calendar: BusinessCalendar, level: str) -> None:
    with pytest.raises(ValueError):
        response_due(nz(2026, 3, 2, 9), level, nz_calendar)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (nz(2026, 3, 2, 16, 59), "on_track"),
        (nz(2026, 3, 2, 17), "on_track"),
        (nz(2026, 3, 2, 17, 0, 1), "due_soon"),
        (nz(2026, 3, 3, 16), "due_soon"),
        (nz(2026, 3, 3, 16, 0, 0, 1), "overdue"),
    ],
)
def test_sla_state(now: datetime, expected: str) -> None:
    assert sla_state(now, nz(2026, 3, 2, 17), nz(2026, 3, 3, 16)) == expected


@pytest.mark.parametrize(
    ("commercial", "hosting", "level"),
    [
        (True, "cloud", "commercial_cloud"),
        (True, "self_hosted", "commercial_self_hosted"),
        (True, "Self-hosted", "commercial_self_hosted"),
        (True, "on-premise", "commercial_self_hosted"),
        (False, "cloud", "noncommercial_cloud"),
        (False, "self_hosted", "noncommercial_self_hosted"),
    ],
)
def test_sla_level_for(commercial: bool, hosting: str, level: str) -> None:
    assert sla_level_for(commercial, hosting) == level
    assert level in SLA_LEVELS


def test_sla_level_for_unknown_hosting() -> None:
    with pytest.raises(ValidationError) as err:
        sla_level_for(True, "mainframe")
    assert err.value.field == "hosting"


# --------------------------------------------------------------------------- pauses


def test_pause_moves_due_times(nz_calendar: BusinessCalendar) -> None:
    pauses = [(nz(2026, 3, 2, 10), nz(2026, 3, 2, 12))]
    target_at, due_at = response_due_paused(
        nz(2026, 3, 2, 9), "commercial_cloud", nz_calendar, pauses
    )
    assert target_at == nz(2026, 3, 3, 10)
    assert due_at == nz(2026, 3, 3, 18)


def test_pause_outside_business_hours_changes_nothing(nz_calendar: BusinessCalendar) -> None:
    pauses = [(nz(2026, 3, 2, 18), nz(2026, 3, 3, 9)), (nz(2026, 3, 7, 9), nz(2026, 3, 8, 9))]
    assert response_due_paused(
        nz(2026, 3, 2, 9), "commercial_cloud", nz_calendar, pauses
    ) == response_due(nz(2026, 3, 2, 9), "commercial_cloud", nz_calendar)


def test_pause_after_due_changes_nothing(nz_calendar: BusinessCalendar) -> None:
    pauses = [(nz(2026, 3, 3, 17), nz(2026, 3, 10, 9))]
    target_at, due_at = response_due_paused(
        nz(2026, 3, 2, 9), "commercial_cloud", nz_calendar, pauses
    )
    assert target_at == nz(2026, 3, 2, 17)
    assert due_at == nz(2026, 3, 3, 16)


def test_overlapping_and_early_pauses_merge(nz_calendar: BusinessCalendar) -> None:
    pauses = [
        (nz(2026, 3, 2, 11), nz(2026, 3, 2, 12)),
        (nz(2026, 3, 2, 8), nz(2026, 3, 2, 10)),  # began before the ticket
        (nz(2026, 3, 2, 10), nz(2026, 3, 2, 11, 30)),  # touches and overlaps
        (nz(2026, 3, 2, 15), nz(2026, 3, 2, 14)),  # reversed: ignored
    ]
    target_at, _due = response_due_paused(
        nz(2026, 3, 2, 9), "commercial_cloud", nz_calendar, pauses
    )
    # the clock runs 12:00–18:00 (6 h) and Tuesday 09:00–11:00
    assert target_at == nz(2026, 3, 3, 11)
    assert elapsed_business_hours(
        nz(2026, 3, 2, 9), nz(2026, 3, 2, 18), nz_calendar, pauses
    ) == pytest.approx(6.0)


def test_development_pause_counts_calendar_days(nz_calendar: BusinessCalendar) -> None:
    pauses = [(nz(2026, 3, 5, 9), nz(2026, 3, 7, 9))]
    target_at, _ = response_due_paused(nz(2026, 3, 2, 9), "development", nz_calendar, pauses)
    assert target_at == nz(2026, 3, 18, 9)


def test_elapsed_business_hours(nz_calendar: BusinessCalendar) -> None:
    start = nz(2026, 3, 2, 9)
    assert elapsed_business_hours(start, nz(2026, 3, 2, 15), nz_calendar) == 6.0
    pauses = [(nz(2026, 3, 2, 10), nz(2026, 3, 2, 12))]
    assert elapsed_business_hours(start, nz(2026, 3, 2, 15), nz_calendar, pauses) == 4.0
    # a pause reaching past now only counts up to now
    pauses = [(nz(2026, 3, 2, 14), nz(2026, 3, 4, 9))]
    assert elapsed_business_hours(start, nz(2026, 3, 2, 15), nz_calendar, pauses) == 5.0
    assert elapsed_business_hours(start, nz(2026, 3, 1, 15), nz_calendar) == 0.0


def test_ticket_sla_state(nz_calendar: BusinessCalendar) -> None:
    created = nz(2026, 3, 2, 9)
    assert ticket_sla_state(created, "commercial_cloud", nz_calendar, nz(2026, 3, 2, 12)) == (
        "on_track"
    )
    assert ticket_sla_state(created, "commercial_cloud", nz_calendar, nz(2026, 3, 3, 12)) == (
        "due_soon"
    )
    assert ticket_sla_state(created, "commercial_cloud", nz_calendar, nz(2026, 3, 4, 9)) == (
        "overdue"
    )
    waiting = [(nz(2026, 3, 2, 10), nz(2026, 3, 4, 9))]
    assert (
        ticket_sla_state(created, "commercial_cloud", nz_calendar, nz(2026, 3, 4, 9), waiting)
        == "on_track"
    )


# --------------------------------------------------------------------------- properties

_CALENDARS = {
    "nz": BusinessCalendar(),
    "madrid": BusinessCalendar(timezone="Europe/Madrid", country="ES", subdivision="MD"),
}

business_days = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))
offsets = st.integers(min_value=0, max_value=9 * 3600 * 10**6 - 1)  # microseconds into the day
hours = st.one_of(
    st.integers(min_value=0, max_value=200),
    st.floats(min_value=0, max_value=200, allow_nan=False, allow_infinity=False),
    st.fractions(min_value=0, max_value=200, max_denominator=10**6),
)


def _inside(cal: BusinessCalendar, day: date, offset_us: int) -> datetime:
    while not cal.is_business_day(day):
        day += timedelta(days=1)
    wall = datetime.combine(day, cal.opens) + timedelta(microseconds=offset_us)
    return wall.replace(tzinfo=cal.tz)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(_CALENDARS)), business_days, offsets, hours)
def test_between_inverts_add_inside_hours(
    name: str, day: date, offset_us: int, h: float | int | Fraction
) -> None:
    cal = _CALENDARS[name]
    start = _inside(cal, day, offset_us)
    end = cal.add_business_hours(start, h)
    assert end >= start
    assert cal.business_hours_between(start, end) == pytest.approx(float(h), abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(
    st.datetimes(
        min_value=datetime(2025, 1, 1),
        max_value=datetime(2028, 12, 31),
        timezones=st.sampled_from([NZ, MADRID, UTC]),
    ),
    hours,
)
def test_between_inverts_add_from_anywhere(start: datetime, h: float | int | Fraction) -> None:
    cal = _CALENDARS["nz"]
    end = cal.add_business_hours(start, h)
    assert cal.business_hours_between(start, end) == pytest.approx(float(h), abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(
    st.datetimes(
        min_value=datetime(2025, 1, 1),
        max_value=datetime(2028, 12, 31),
        timezones=st.sampled_from([NZ, MADRID]),
    ),
    hours,
    hours,
)
def test_add_is_monotonic(start: datetime, h1: float, h2: float) -> None:
    cal = _CALENDARS["nz"]
    lo, hi = sorted([h1, h2])
    assert cal.add_business_hours(start, lo) <= cal.add_business_hours(start, hi)
    assert cal.add_business_hours(start, hi) >= start


@settings(max_examples=100, deadline=None)
@given(
    st.datetimes(
        min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(NZ)
    ),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
)
def test_between_is_additive(start: datetime, a_minutes: int, b_minutes: int) -> None:
    cal = _CALENDARS["nz"]
    mid = start + timedelta(minutes=a_minutes)
    end = mid + timedelta(minutes=b_minutes)
    total = cal.business_time_between(start, end)
    assert total == cal.business_time_between(start, mid) + cal.business_time_between(mid, end)
