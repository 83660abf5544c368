"""The desk's clock: "today" where the office is, following the office's time zone
through the office-changed notice (no caller copies the zone by hand)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import peewee
import pytest

from b24desk.clock import FixedClock, OfficeClock, SystemClock
from b24desk.domain.errors import ValidationErrors
from b24desk.store import events
from b24desk.store.errors import StaleRecordError
from b24desk.store.office import get_office, update_office

#: UTC+14 and UTC−11: 25 hours apart, so their dates differ at every moment.
EAST = "Pacific/Kiritimati"
WEST = "Pacific/Pago_Pago"


def today_in(zone: str) -> date:
    return datetime.now(ZoneInfo(zone)).date()


@pytest.fixture
def clock(db: peewee.Database) -> Iterator[OfficeClock]:
    update_office({"timezone": EAST}, get_office().version)
    office_clock = OfficeClock()
    yield office_clock
    office_clock.detach()


def test_the_clock_starts_in_the_zone_of_the_open_office(clock: OfficeClock) -> None:
    assert clock.timezone == EAST
    assert clock.today() == today_in(EAST) != today_in(WEST)
    assert clock.now().utcoffset() is not None  # "now" is an aware moment


def test_saving_the_office_zone_moves_the_clock(clock: OfficeClock) -> None:
    update_office({"timezone": WEST}, get_office().version)
    assert clock.timezone == WEST
    assert clock.today() == today_in(WEST)


def test_a_save_of_other_settings_keeps_the_zone(clock: OfficeClock) -> None:
    update_office({"name": "Kiwi CRM Ltd"}, get_office().version)
    assert clock.timezone == EAST


def test_a_save_that_fails_leaves_the_clock(
    clock: OfficeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = get_office().version
    with pytest.raises(ValidationErrors):
        update_office({"timezone": "Mars/Olympus_Mons"}, version)
    with pytest.raises(StaleRecordError):
        update_office({"timezone": WEST}, version - 1)  # another desk saved meanwhile

    def tickets_fail(entity: str, record: object) -> None:
        raise RuntimeError("the tickets' due times could not be moved")

    # The zone is written, then what follows it inside the transaction fails: rolled back.
    monkeypatch.setattr(events, "changing", tickets_fail)
    with pytest.raises(RuntimeError):
        update_office({"timezone": WEST}, version)
    assert get_office().timezone == EAST  # nothing was saved
    assert clock.timezone == EAST
    assert clock.today() == today_in(EAST)


def test_a_detached_clock_no_longer_follows(clock: OfficeClock) -> None:
    clock.detach()
    update_office({"timezone": WEST}, get_office().version)
    assert clock.timezone == EAST


def test_the_system_clock_without_a_zone_takes_the_machine_date() -> None:
    before = datetime.now().date()
    today = SystemClock().today()
    assert today in {before, datetime.now().date()}


def test_a_fixed_clock_stands_still_until_moved() -> None:
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 11, 20, 11, 0))  # no zone: refused
    fixed = FixedClock(datetime(2026, 11, 19, 22, 0, tzinfo=UTC))
    assert fixed.today().isoformat() == "2026-11-19"
    fixed.set(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    assert fixed.now() == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert fixed.today().isoformat() == "2026-11-20"
