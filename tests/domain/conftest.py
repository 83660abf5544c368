"""Fixtures of the business-rule tests."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from b24desk.domain.sla import BusinessCalendar

NZ = ZoneInfo("Pacific/Auckland")
MADRID = ZoneInfo("Europe/Madrid")


@pytest.fixture(scope="session")
def nz_calendar() -> BusinessCalendar:
    """The NZ office: Auckland time, NZ public holidays, 09:00–18:00 Mon–Fri."""
    return BusinessCalendar()


@pytest.fixture(scope="session")
def madrid_calendar() -> BusinessCalendar:
    return BusinessCalendar(timezone="Europe/Madrid", country="ES", subdivision="MD")
