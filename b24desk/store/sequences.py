"""Id sequences after rows were written with explicit ids.

A bulk insert that gives ids itself (the demo office, an imported export) leaves
PostgreSQL's ``serial`` sequences where they were, at 1: the next ordinary save
would take id 1 again and fail ("Id: this value is already in use").
:func:`reset_sequences` moves each table's sequence past its largest id; call it
inside the same transaction as the insert.  SQLite needs nothing (its next rowid is
always the largest plus one).
"""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from b24desk.store.models import BaseModel


def reset_sequences(db: peewee.Database, models: Iterable[type[BaseModel]]) -> None:
    """Make the id sequence of each model's table continue after its largest id."""
    if not isinstance(db, peewee.PostgresqlDatabase):
        return
    for model in models:
        pk = model._meta.primary_key
        if not isinstance(pk, peewee.AutoField):
            continue
        table, column = model._meta.table_name, pk.column_name
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
            f'COALESCE(MAX("{column}"), 1), MAX("{column}") IS NOT NULL) FROM "{table}"'
        )
