"""The clock the desk reads "today" and "now" from; tests inject a fixed one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Protocol

from b24desk.store import events


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...

    def today(self) -> date:
        """Today's date where the office is."""
        ...


class SystemClock:
    """The real clock; ``today`` is taken in ``timezone`` (the office's zone)."""

    def __init__(self, timezone: str | None = None) -> None:
        self.timezone = timezone

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        if self.timezone:
            from zoneinfo import ZoneInfo

            return datetime.now(ZoneInfo(self.timezone)).date()
        return date.today()


def office_timezone() -> str | None:
    """The zone of the office in the open database (where its "today" is)."""
    from b24desk.store.office import get_office  # the store's models load on first use

    return get_office().timezone


class OfficeClock(SystemClock):
    """The desk's clock: ``today`` where the office is, whatever database is open.

    The zone is read once here and again on every office-changed notice
    (:data:`b24desk.store.events.OFFICE`): the store sends it after a committed save
    of the office settings (a save that fails sends nothing), and the desk sends it
    with every other entity after opening, switching or restoring a database.  So no
    caller copies the zone into the clock by hand.  :meth:`detach` stops following.
    """

    def __init__(self, read_zone: Callable[[], str | None] = office_timezone) -> None:
        super().__init__(read_zone())
        self._read_zone = read_zone
        events.subscribe(self._follow)

    def _follow(self, entity: str) -> None:
        if entity == events.OFFICE:
            self.timezone = self._read_zone()

    def detach(self) -> None:
        events.unsubscribe(self._follow)


class FixedClock:
    """A clock that stands still (tests, screenshots) until moved with :meth:`set`."""

    def __init__(self, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = now

    def set(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def today(self) -> date:
        return self._now.date()
