"""The office's own settings (one row) and what derives from them."""

from __future__ import annotations

from datetime import time

from b24desk.domain.sla import BusinessCalendar
from b24desk.store.models import ClosedDay, Office


def get_office() -> Office:
    """The office row (created with the schema, so it always exists)."""
    return Office.get_by_id(1)


def workdays_of(office: Office) -> tuple[int, ...]:
    return tuple(int(d) for d in office.workdays.split(",") if d.strip() != "")


def _as_time(value: object) -> time:
    if isinstance(value, time):
        return value
    return time.fromisoformat(str(value))


def business_calendar(office: Office | None = None) -> BusinessCalendar:
    """The SLA calendar of the office: its zone, holidays, hours and closed days."""
    office = office or get_office()
    closed = [row.day for row in ClosedDay.select(ClosedDay.day)]
    return BusinessCalendar(
        timezone=office.timezone,
        country=office.holiday_country,
        subdivision=office.holiday_subdivision or None,
        opens=_as_time(office.opens),
        closes=_as_time(office.closes),
        workdays=workdays_of(office),
        closed_days=closed,
    )
