"""The clock the desk reads "today" and "now" from; tests inject a fixed one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol


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
