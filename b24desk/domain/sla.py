"""Business hours and support response times (003 §2.5–2.6, domain.md §5).

Business hours are *wall-clock* hours in the office's time zone: 09:00–18:00 local
on business days (Monday–Friday less public holidays and the office's own closed
days).  All arithmetic is done on local wall times with exact integer microseconds
(``timedelta``), so a day on which daylight saving time starts or ends still has
nine business hours, and ``business_hours_between(s, add_business_hours(s, h)) == h``
up to the microsecond the result is rounded to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from b24desk.domain.errors import ValidationError, field_label
from b24desk.domain.lifecycle import UPDATES_MONTHS, add_months, onprem_activation_date
from b24desk.i18n import N_, _


def _holidays() -> Any:
    """The ``holidays`` package, imported when first needed (it takes ~0.15 s, which
    start-up should not pay before the window shows)."""
    import holidays

    return holidays


__all__ = [
    "SLA_LEVELS",
    "BusinessCalendar",
    "Pause",
    "ResponseOutcome",
    "SlaLevel",
    "SlaState",
    "SupportSubscription",
    "computed_sla_level",
    "elapsed_business_hours",
    "resolve_sla_level",
    "response_due",
    "response_due_paused",
    "response_outcome",
    "sla_level_for",
    "sla_state",
    "support_commercial_on",
    "ticket_sla_state",
]

_HOUR = timedelta(hours=1)
_MICROSECOND = timedelta(microseconds=1)
_US_PER_HOUR = 3_600_000_000
#: Give up looking for a business day after this many consecutive closed days.
_MAX_CLOSED_RUN = 800


def _hours_to_delta(hours: float | int | Decimal | Fraction) -> timedelta:
    """``hours`` as a timedelta, rounded to the nearest microsecond (exactly)."""
    if isinstance(hours, bool):
        raise TypeError("hours must be a number, not bool")
    try:
        exact = Fraction(hours)
    except (ValueError, OverflowError, TypeError):
        raise ValueError(f"hours must be a finite number, not {hours!r}") from None
    if exact < 0:
        raise ValueError(f"hours must not be negative, not {hours!r}")
    return timedelta(microseconds=round(exact * _US_PER_HOUR))


@lru_cache(maxsize=512)
def _holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """Public holidays of ``country`` (and ``subdivision``) falling in ``year``."""
    # Observed days may cross a year boundary, so ask for the neighbours too.
    found = _holidays().country_holidays(
        country, subdiv=subdivision, years=(year - 1, year, year + 1)
    )
    return frozenset(d for d in found if d.year == year)


class BusinessCalendar:
    """The office's business hours, days and holidays in its time zone.

    ``timezone`` is an IANA name; ``country`` (ISO alpha-2) and ``subdivision``
    choose the public holidays of the ``holidays`` package; ``closed_days`` are
    extra dates the office is closed; ``workdays`` are weekday numbers (Monday 0).
    Business hours run from ``opens`` to ``closes`` local wall-clock time; the
    closing time itself is *outside* business hours.
    """

    def __init__(
        self,
        timezone: str = "Pacific/Auckland",
        country: str = "NZ",
        subdivision: str | None = None,
        opens: time = time(9),
        closes: time = time(18),
        workdays: Iterable[int] = (0, 1, 2, 3, 4),
        closed_days: Iterable[date] = (),
    ) -> None:
        try:
            self.tz = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(
                "timezone",
                _("{field}: \u201c{value}\u201d is not a known time zone.").format(
                    field=field_label("timezone"), value=timezone
                ),
            ) from None
        country = country.strip().upper()
        try:
            _holidays().country_holidays(country, subdiv=subdivision)
        except NotImplementedError:
            raise ValidationError(
                "country",
                _("There is no public holiday calendar for {country} {subdivision}.")
                .format(country=country, subdivision=subdivision or "")
                .strip(),
            ) from None
        if opens.tzinfo is not None or closes.tzinfo is not None:
            raise ValueError("opening hours are local wall-clock times without tzinfo")
        if not opens < closes:
            raise ValidationError(
                "closes",
                _("Business hours must close after they open."),
            )
        days = frozenset(workdays)
        if not days or not days <= set(range(7)):
            raise ValidationError(
                "workdays",
                _("Choose at least one working day of the week."),
            )
        self.timezone = timezone
        self.country = country
        self.subdivision = subdivision
        self.opens = opens
        self.closes = closes
        self.workdays: frozenset[int] = days
        self.closed_days: frozenset[date] = frozenset(closed_days)
        self.day_length: timedelta = datetime.combine(date.min, closes) - datetime.combine(
            date.min, opens
        )
        self._business_day_cache: dict[date, bool] = {}

    def __repr__(self) -> str:
        return (
            f"BusinessCalendar(timezone={self.timezone!r}, country={self.country!r}, "
            f"subdivision={self.subdivision!r}, opens={self.opens!r}, closes={self.closes!r}, "
            f"workdays={tuple(sorted(self.workdays))!r}, "
            f"closed_days={tuple(sorted(self.closed_days))!r})"
        )

    # ------------------------------------------------------------------ days

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is a public holiday or one of the office's closed days."""
        return day in self.closed_days or day in _holiday_dates(
            self.country, self.subdivision, day.year
        )

    def is_business_day(self, day: date) -> bool:
        """Whether ``day`` is a working weekday that is not a holiday or closed day.

        An aware ``datetime`` is first converted to the calendar's zone.
        """
        if isinstance(day, datetime):
            day = self._to_local(day).date() if day.tzinfo is not None else day.date()
        cached = self._business_day_cache.get(day)
        if cached is None:
            cached = day.weekday() in self.workdays and not self.is_holiday(day)
            self._business_day_cache[day] = cached
        return cached

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``."""
        for _i in range(_MAX_CLOSED_RUN):
            day += timedelta(days=1)
            if self.is_business_day(day):
                return day
        raise ValueError(f"no business day within {_MAX_CLOSED_RUN} days after {day}")

    # ------------------------------------------------------------------ moments

    def _to_local(self, moment: datetime) -> datetime:
        """``moment`` as a naive local wall-clock time in the calendar's zone."""
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("a timezone-aware datetime is required")
        return moment.astimezone(self.tz).replace(tzinfo=None)

    def _to_aware(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self.tz, fold=0)

    def _open_at(self, wall: datetime) -> datetime:
        """The first local business moment at or after ``wall``."""
        day = wall.date()
        if self.is_business_day(day):
            t = wall.time()
            if t < self.opens:
                return datetime.combine(day, self.opens)
            if t < self.closes:
                return wall
        return datetime.combine(self.next_business_day(day), self.opens)

    def is_open(self, moment: datetime) -> bool:
        """Whether ``moment`` (aware) falls inside business hours."""
        wall = self._to_local(moment)
        return self._open_at(wall) == wall

    def next_opening(self, moment: datetime) -> datetime:
        """``moment`` itself if inside business hours, else the next opening (aware)."""
        return self._to_aware(self._open_at(self._to_local(moment)))

    def add_business_time(self, start: datetime, delta: timedelta) -> datetime:
        """:meth:`add_business_hours` for an exact ``timedelta``."""
        if delta < timedelta(0):
            raise ValueError("business time to add must not be negative")
        cursor = self._open_at(self._to_local(start))
        remaining = delta
        day = cursor.date()
        while True:
            available = datetime.combine(day, self.closes) - cursor
            if remaining <= available:
                return self._to_aware(cursor + remaining)
            remaining -= available
            day = self.next_business_day(day)
            # Whole days: step over them without building datetimes.
            while remaining > self.day_length:
                remaining -= self.day_length
                day = self.next_business_day(day)
            cursor = datetime.combine(day, self.opens)

    def add_business_hours(
        self, start: datetime, hours: float | int | Decimal | Fraction
    ) -> datetime:
        """The moment ``hours`` business hours after ``start``, in the calendar's zone.

        ``start`` must be timezone-aware (any zone).  A start outside business
        hours counts from the next opening, so adding 0 hours returns ``start``
        itself inside business hours and the next opening otherwise.  A result that
        lands exactly on closing time stays there (it is not moved to the next
        opening).  ``hours`` may be fractional; the result is exact to the
        microsecond.
        """
        return self.add_business_time(start, _hours_to_delta(hours))

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Exact business time from ``start`` to ``end`` (zero if ``end <= start``)."""
        a, b = self._to_local(start), self._to_local(end)
        if end <= start or b <= a:
            return timedelta(0)
        total = timedelta(0)
        day, last = a.date(), b.date()
        one_day = timedelta(days=1)
        while day <= last:
            if self.is_business_day(day):
                lo = max(a, datetime.combine(day, self.opens))
                hi = min(b, datetime.combine(day, self.closes))
                if hi > lo:
                    total += hi - lo
            day += one_day
        return total

    def business_hours_between(self, start: datetime, end: datetime) -> float:
        """Business hours from ``start`` to ``end`` (both aware); 0 if ``end <= start``."""
        return self.business_time_between(start, end) / _HOUR

    def add_calendar_days(self, start: datetime, days: int) -> datetime:
        """``days`` calendar days after ``start``, same local wall time, in the zone."""
        return self._to_aware(self._to_local(start) + timedelta(days=days))


# --------------------------------------------------------------------------- SLA

SlaUnit = Literal["business_hours", "calendar_days"]
SlaState = Literal["on_track", "due_soon", "overdue"]
#: A period the clock stood still (waiting for the client): ``(from, to)``, aware.
Pause = tuple[datetime, datetime]


class SlaLevel(NamedTuple):
    """Response times of one SLA level: target and maximum, in ``unit``."""

    target: int
    maximum: int
    unit: SlaUnit
    label: str  # English, marked for translation: show it with _()


#: The SLA levels of 003 §2.6.
SLA_LEVELS: Mapping[str, SlaLevel] = MappingProxyType(
    {
        "commercial_cloud": SlaLevel(8, 16, "business_hours", N_("Commercial client, cloud")),
        "commercial_self_hosted": SlaLevel(
            12, 24, "business_hours", N_("Commercial client, self-hosted")
        ),
        "noncommercial_cloud": SlaLevel(
            16, 32, "business_hours", N_("Non-commercial client, cloud")
        ),
        "noncommercial_self_hosted": SlaLevel(
            24, 48, "business_hours", N_("Non-commercial client, self-hosted")
        ),
        "non_product": SlaLevel(72, 72, "business_hours", N_("Not product-related")),
        "development": SlaLevel(14, 14, "calendar_days", N_("Development (vendor)")),
    }
)


def _level(level: str) -> SlaLevel:
    try:
        return SLA_LEVELS[level]
    except (KeyError, TypeError):
        raise ValidationError(
            "level",
            _("{field}: \u201c{value}\u201d is not a known SLA level.").format(
                field=field_label("level"), value=level
            ),
        ) from None


_HOSTING = {
    "cloud": "cloud",
    "self_hosted": "self_hosted",
    "selfhosted": "self_hosted",
    "on_premise": "self_hosted",
    "onpremise": "self_hosted",
    "onprem": "self_hosted",
    "box": "self_hosted",
}


def sla_level_for(commercial: bool, hosting: str) -> str:
    """The SLA level of a client category: ``hosting`` is "cloud" or "self_hosted"
    (also "self-hosted", "on-premise", "onprem")."""
    key = hosting.strip().lower().replace("-", "_").replace(" ", "_") if hosting else ""
    kind = _HOSTING.get(key)
    if kind is None:
        raise ValidationError(
            "hosting",
            _("{field}: \u201c{value}\u201d must be cloud or self-hosted.").format(
                field=field_label("hosting"), value=hosting
            ),
        )
    return f"{'commercial' if commercial else 'noncommercial'}_{kind}"


@dataclass(frozen=True)
class SupportSubscription:
    """What the SLA level needs to know of one subscription or licence of a client.

    ``kind`` is "cloud" or "on_premise"; ``paid`` is False for the free plan and for
    not-for-resale licences.  ``paid_until`` (cloud) is the last paid day;
    ``updates_until`` (on-premise) is the last day of the support and updates
    period when it is known (renewals move it on); ``starts_on`` is the first day
    (the activation of an on-premise licence), ``purchased_on`` the purchase.
    """

    kind: str
    paid: bool
    starts_on: date | None = None
    paid_until: date | None = None
    updates_until: date | None = None
    purchased_on: date | None = None


def _covers(sub: SupportSubscription, day: date) -> bool:
    """Whether ``sub`` is an active commercial subscription on ``day``."""
    if not sub.paid:
        return False
    if sub.kind == "cloud":
        if sub.paid_until is None:
            return False
        return (sub.starts_on is None or sub.starts_on <= day) and day <= sub.paid_until
    # On-premise: one year of support from the licence's activation (002: "el período
    # de actualización y soporte se inicia desde el momento de la activación"); a
    # licence not activated activates itself six months after the purchase.
    start = sub.starts_on
    if start is None and sub.purchased_on is not None:
        start = onprem_activation_date(sub.purchased_on)
    if start is None:
        return False
    if sub.updates_until is not None:
        last = sub.updates_until
    else:
        last = add_months(start, UPDATES_MONTHS) - timedelta(days=1)
    return start <= day <= last


def support_commercial_on(
    hosting: str, subscriptions: Iterable[SupportSubscription], day: date
) -> bool:
    """Whether a client gets commercial support on ``day`` (003 §2.5–2.6, 002).

    A cloud client needs an active commercial (paid) cloud subscription on that day
    (003 §2.5.3: "Bitrix24 Cloud accounts with no active commercial subscription"
    get the non-commercial level).  A self-hosted client is commercial for one year
    from its licence, renewable (003 §2.6: "1 year, can be renewed"), then
    non-commercial.
    """
    kind = "cloud" if sla_level_for(True, hosting).endswith("_cloud") else "on_premise"
    return any(sub.kind == kind and _covers(sub, day) for sub in subscriptions)


def computed_sla_level(
    hosting: str, subscriptions: Iterable[SupportSubscription], day: date
) -> str:
    """The SLA level of a ticket a client opens on ``day``, worked out from the
    client's hosting and subscriptions (see :func:`support_commercial_on`)."""
    return sla_level_for(support_commercial_on(hosting, subscriptions, day), hosting)


def resolve_sla_level(computed: str, chosen: str | None, reason: str | None) -> tuple[str, str]:
    """The ``(level, override reason)`` a ticket is saved with.

    No choice, or the computed level, keeps the computed level (and no reason).  Any
    other known level overrides it, and then a reason is required (stored with the
    ticket).
    """
    _level(computed)
    if not chosen or chosen == computed:
        return computed, ""
    _level(chosen)
    text = (reason or "").strip()
    if not text:
        raise ValidationError(
            "sla_override_reason",
            _(
                "The level worked out from the client's subscriptions is \u201c{level}\u201d: "
                "give a reason to choose another one."
            ).format(level=_(SLA_LEVELS[computed].label)),
        )
    return chosen, text


class _Clock:
    """Adds and measures time for one SLA unit on a calendar."""

    def __init__(self, calendar: BusinessCalendar, unit: SlaUnit) -> None:
        self.calendar = calendar
        self.unit = unit

    def amount(self, n: int) -> timedelta:
        return timedelta(hours=n) if self.unit == "business_hours" else timedelta(days=n)

    def add(self, start: datetime, delta: timedelta) -> datetime:
        if self.unit == "business_hours":
            return self.calendar.add_business_time(start, delta)
        cal = self.calendar
        return cal._to_aware(cal._to_local(start) + delta)

    def between(self, start: datetime, end: datetime) -> timedelta:
        if self.unit == "business_hours":
            return self.calendar.business_time_between(start, end)
        if end <= start:
            return timedelta(0)
        cal = self.calendar
        return max(timedelta(0), cal._to_local(end) - cal._to_local(start))


def _merge_pauses(pauses: Iterable[Pause]) -> list[Pause]:
    """Pauses sorted and merged; empty or reversed ones dropped."""
    items = []
    for begin, end in pauses:
        if begin.tzinfo is None or end.tzinfo is None:
            raise ValueError("pause bounds must be timezone-aware")
        if end > begin:
            items.append((begin, end))
    items.sort()
    merged: list[Pause] = []
    for begin, end in items:
        if merged and begin <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((begin, end))
    return merged


def _due(clock: _Clock, created: datetime, amount: timedelta, pauses: list[Pause]) -> datetime:
    cursor, remaining = created, amount
    for begin, end in pauses:
        if end <= cursor:
            continue
        if begin > cursor:
            candidate = clock.add(cursor, remaining)
            if candidate <= begin:
                return candidate
            remaining -= clock.between(cursor, begin)
        cursor = end
    return clock.add(cursor, remaining)


def response_due(
    created: datetime, level: str, calendar: BusinessCalendar
) -> tuple[datetime, datetime]:
    """``(target_at, due_at)`` of a ticket created at ``created`` (aware) on ``level``.

    Business-hour levels count on ``calendar``; "development" adds 14 calendar days
    (same local wall time).  Unknown level → :class:`ValidationError` (a ValueError).
    """
    return response_due_paused(created, level, calendar, ())


def response_due_paused(
    created: datetime,
    level: str,
    calendar: BusinessCalendar,
    pauses: Iterable[Pause],
) -> tuple[datetime, datetime]:
    """:func:`response_due` with the clock stopped during ``pauses``.

    ``pauses`` are ``(from, to)`` periods while the ticket waited for the client;
    they may overlap or lie outside business hours.  A pause still running is
    passed with ``now`` as its end (the due moments then move on with time).
    """
    spec = _level(level)
    if created.tzinfo is None or created.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    clock = _Clock(calendar, spec.unit)
    merged = _merge_pauses(pauses)
    target_at = _due(clock, created, clock.amount(spec.target), merged)
    due_at = (
        target_at
        if spec.maximum == spec.target
        else _due(clock, created, clock.amount(spec.maximum), merged)
    )
    return target_at, due_at


def elapsed_business_hours(
    start: datetime,
    now: datetime,
    calendar: BusinessCalendar,
    pauses: Iterable[Pause] = (),
) -> float:
    """Business hours the clock ran from ``start`` to ``now``, less ``pauses``."""
    total = calendar.business_time_between(start, now)
    for begin, end in _merge_pauses(pauses):
        lo, hi = max(begin, start), min(end, now)
        if hi > lo:
            total -= calendar.business_time_between(lo, hi)
    return max(total, timedelta(0)) / _HOUR


def sla_state(now: datetime, target_at: datetime, due_at: datetime) -> SlaState:
    """The SLA state: "overdue" past ``due_at``, "due_soon" past ``target_at``, else
    "on_track".

    "Past" is strictly after: at the target moment itself a ticket is on track.
    """
    if now > due_at:
        return "overdue"
    if now > target_at:
        return "due_soon"
    return "on_track"


def ticket_sla_state(
    created: datetime,
    level: str,
    calendar: BusinessCalendar,
    now: datetime,
    pauses: Iterable[Pause] = (),
) -> SlaState:
    """The SLA state at ``now`` of a ticket not answered yet (pauses honoured)."""
    target_at, due_at = response_due_paused(created, level, calendar, pauses)
    return sla_state(now, target_at, due_at)


#: How a ticket's response clock ended, for the SLA compliance report: answered by
#: the target, by the maximum, after the maximum ("late"), not answered and past the
#: maximum ("missed"), or not decided yet ("pending": unanswered, maximum not passed).
ResponseOutcome = Literal["target", "maximum", "late", "missed", "pending"]


def response_outcome(
    clock_started_at: datetime,
    first_reply_at: datetime | None,
    target_at: datetime | None,
    due_at: datetime | None,
    stopped_at: datetime | None,
    as_of: datetime,
) -> ResponseOutcome:
    """The outcome of a ticket's running response clock at ``as_of``.

    A reply answers the clock when it is not older than the clock's start; it is
    within the target or the maximum when it comes at that moment or before ("past
    is strictly after", as in :func:`sla_state`).  An unanswered clock has missed
    when its maximum passed before it stopped (``stopped_at``: the ticket was
    resolved, closed or put to wait for the client; a pause that begins after the
    maximum does not save it) and before ``as_of``; otherwise it is pending.
    """
    if first_reply_at is not None and first_reply_at >= clock_started_at:
        if target_at is not None and first_reply_at <= target_at:
            return "target"
        if due_at is None or first_reply_at <= due_at:
            return "maximum"
        return "late"
    if due_at is None:
        return "pending"
    end = as_of if stopped_at is None else min(stopped_at, as_of)
    return "missed" if due_at < end else "pending"
