"""bulk_insert: any number of rows, inside the caller's transaction, ids that stay usable."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import peewee
import pytest

from b24desk.store import models as m
from b24desk.store.bulk import bulk_insert
from b24desk.store.clients import create_client
from b24desk.store.db import transaction
from b24desk.store.errors import IntegrityViolation

FIRST_DAY = date(1990, 1, 1)
#: SQLite's limit on the variables of one statement before 3.32, set on the test's
#: connection (builds differ: 32 766 by default since 3.32, 250 000 on Debian).
SQLITE_VARIABLES = 999
#: PostgreSQL's wire protocol: at most 65 535 parameters per statement.
POSTGRES_PARAMETERS = 65_535


def closed_days(count: int, start: int = 1) -> list[tuple[int, date, str]]:
    return [
        (i, FIRST_DAY + timedelta(days=i), f"closed {i}") for i in range(start, start + count)
    ]


def over_the_variable_limit(db: peewee.Database) -> int:
    """A number of ClosedDay rows (3 values each) one INSERT of which is too big."""
    if isinstance(db, peewee.SqliteDatabase):
        db.connection().setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, SQLITE_VARIABLES)
        return SQLITE_VARIABLES  # 2 997 variables
    return POSTGRES_PARAMETERS // 3 + 1000  # 68 535 parameters


def test_rows_over_the_variable_limit_all_go_in(db: peewee.Database) -> None:
    count = over_the_variable_limit(db)
    rows = closed_days(count)
    fields = [m.ClosedDay.id, m.ClosedDay.day, m.ClosedDay.note]
    # The limit is real: one multi-row INSERT of these rows is refused.
    refused = (peewee.OperationalError, peewee.ProgrammingError, peewee.DataError)
    with pytest.raises(refused), db.atomic():
        m.ClosedDay.insert_many(rows, fields=fields).execute()
    assert m.ClosedDay.select().count() == 0

    reported: list[int] = []
    with transaction():
        assert bulk_insert(m.ClosedDay, rows, fields, progress=reported.append) == count
    assert sum(reported) == count and max(reported) <= 500  # batches of at most 500 rows
    stored = list(
        m.ClosedDay.select(m.ClosedDay.id, m.ClosedDay.day, m.ClosedDay.note)
        .order_by(m.ClosedDay.id)
        .tuples()
    )
    assert stored == rows


def test_fields_not_given_take_their_defaults_and_varying_ones_are_required(
    db: peewee.Database,
) -> None:
    created = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    c = m.Client
    bulk_insert(c, [(7, "Defaults Ltd", created)], [c.id, c.company, c.created_at])
    client = c.get_by_id(7)
    assert (client.company, client.created_at, client.country, client.new_client) == (
        "Defaults Ltd",
        created,
        "NZ",
        True,
    )
    assert (client.hosting, client.archived, client.version) == ("cloud", False, 1)
    # created_at's default is "now": a bulk insert must say when.
    with pytest.raises(ValueError, match="created_at"):
        bulk_insert(c, [(8, "No Date Ltd")], [c.id, c.company])
    assert c.select().count() == 1


def test_a_normal_save_after_explicit_ids_takes_a_new_id(db: peewee.Database) -> None:
    """Issue #13.3: rows written with their ids left PostgreSQL's sequences at 1 and
    "every later save fails with 'Id: this value is already in use'"."""
    created = datetime(2026, 3, 1, tzinfo=UTC)
    c = m.Client
    with transaction():
        bulk_insert(
            c,
            [(i, f"Bulk {i} Ltd", created) for i in range(1, 1201)],
            [c.id, c.company, c.created_at],
        )
    client = create_client({"company": "Saved Afterwards Ltd"})
    assert client.id == 1201
    day = m.ClosedDay.create(day=date(2026, 12, 24), note="Christmas Eve")
    assert day.id == 1  # a table the bulk insert did not touch starts at 1


def test_a_failure_mid_way_keeps_nothing_of_the_transaction(db: peewee.Database) -> None:
    rows = closed_days(3000)
    rows[2500] = (1, FIRST_DAY - timedelta(days=1), "id 1 twice")  # batch 6 of 500
    reported: list[int] = []
    with pytest.raises(IntegrityViolation), transaction():
        create_client({"company": "Written First Ltd"})
        bulk_insert(
            m.ClosedDay,
            rows,
            [m.ClosedDay.id, m.ClosedDay.day, m.ClosedDay.note],
            progress=reported.append,
        )
    assert reported == [500] * 5  # five batches were in when the sixth failed
    assert m.ClosedDay.select().count() == 0
    assert m.Client.select().count() == 0


def test_progress_may_stop_the_insert(db: peewee.Database) -> None:
    class Stop(Exception):
        pass

    def stop_after_two(n: int) -> None:
        if m.ClosedDay.select().count() >= 2 * n:
            raise Stop

    with pytest.raises(Stop), transaction():
        bulk_insert(
            m.ClosedDay,
            iter(closed_days(5000)),  # any iterable, read batch by batch
            [m.ClosedDay.id, m.ClosedDay.day, m.ClosedDay.note],
            batch_rows=1000,
            progress=stop_after_two,
        )
    assert m.ClosedDay.select().count() == 0


def test_rows_of_the_wrong_width_are_refused(db: peewee.Database) -> None:
    with pytest.raises(ValueError):
        bulk_insert(
            m.ClosedDay, [(1, FIRST_DAY)], [m.ClosedDay.id, m.ClosedDay.day, m.ClosedDay.note]
        )
    assert m.ClosedDay.select().count() == 0
