"""store.locking: a row re-read under the lock of the running transaction."""

from __future__ import annotations

import peewee
import pytest

from b24desk.store import models as m
from b24desk.store.db import transaction
from b24desk.store.errors import NotFoundError
from b24desk.store.locking import lock_for_update, locked


def test_locked_rereads_the_row_inside_a_transaction(db: peewee.Database) -> None:
    client = m.Client.create(company="Acme Ltd")
    m.Client.update(company="Acme Holdings").where(m.Client.id == client.id).execute()
    with transaction():
        row = locked(m.Client, client.id)
    assert isinstance(row, m.Client)
    assert row.company == "Acme Holdings"  # the stored value, not the stale object


def test_locked_row_gone_is_not_found(db: peewee.Database) -> None:
    with transaction(), pytest.raises(NotFoundError, match="does not exist any more"):
        locked(m.Client, 999)


def test_a_lock_outside_a_transaction_is_a_programming_error(db: peewee.Database) -> None:
    client = m.Client.create(company="Acme Ltd")
    with pytest.raises(RuntimeError, match="transaction"):
        locked(m.Client, client.id)


def test_for_update_only_on_postgresql(db: peewee.Database) -> None:
    """PostgreSQL locks the rows read (FOR UPDATE); SQLite has no such clause and
    relies on the transaction's IMMEDIATE write lock."""
    with transaction():
        sql, _params = lock_for_update(m.Client.select()).sql()
        if isinstance(db, peewee.PostgresqlDatabase):
            assert sql.endswith("FOR UPDATE")
        else:
            assert "FOR UPDATE" not in sql
            # the transaction holds SQLite's write lock from its start
            assert db.in_transaction()
