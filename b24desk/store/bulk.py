"""Writing many rows of one table at once: the demo office and the portable import.

:func:`bulk_insert` prepares one single-row ``INSERT`` and runs it with
``executemany`` over batches of rows: each execution binds one row's values, so
neither SQLite's limit on variables per statement (999 before 3.32, 32 766 after;
the "too many SQL variables" of one ``insert_many`` over thousands of rows) nor
PostgreSQL's 65 535 parameters is ever reached, whatever the number of rows.  The
batches only bound the memory and pace the progress report.  Peewee's own
``insert_many`` builds its SQL in Python value by value, several times slower for
200 000 ticket messages.

The rows go in inside the caller's transaction (a savepoint of it, or a transaction
of their own when there is none): a failure leaves nothing of them, and the caller's
transaction fails with it.  Rows given with their ids leave PostgreSQL's id
sequence behind; :func:`bulk_insert` moves it past the largest id
(:func:`~b24desk.store.sequences.reset_sequences`), so the next ordinary save works.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import peewee

from b24desk.store.db import database
from b24desk.store.models import BaseModel
from b24desk.store.sequences import reset_sequences

__all__ = ["BATCH_ROWS", "MAX_COLUMNS", "bulk_insert"]

#: Rows per ``executemany`` unless the caller says otherwise.
BATCH_ROWS = 500
#: SQLite's smallest limit on the variables of one statement (before 3.32): one
#: row's values must stay within it.
MAX_COLUMNS = 999

_DRIVER_ERRORS = peewee.__exception_wrapper__  # type: ignore[attr-defined]


def _statement(
    db: peewee.Database, model: type[BaseModel], fields: Sequence[peewee.Field]
) -> tuple[str, tuple[Any, ...]]:
    """The single-row INSERT of ``fields``, and the stored defaults of the fields not
    given (appended to every row, as ``Model.insert`` would)."""
    given = {f.name for f in fields}
    defaults: list[peewee.Field] = []
    for f in model._meta.sorted_fields:
        if f.name in given or f.default is None:
            continue
        if callable(f.default):
            raise ValueError(f"{model.__name__}.{f.name}: give it (its default varies)")
        defaults.append(f)
    columns = [*fields, *defaults]
    if len(columns) > MAX_COLUMNS:
        raise ValueError(f"{model.__name__}: {len(columns)} columns in one row")
    names = ", ".join(f'"{f.column_name}"' for f in columns)
    marks = ", ".join([db.param] * len(columns))
    sql = f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})'
    return sql, tuple(f.db_value(f.default) for f in defaults)


def bulk_insert(
    model: type[BaseModel],
    rows: Iterable[Sequence[Any]],
    fields: Sequence[peewee.Field] | None = None,
    *,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert ``rows`` (Python values in the order of ``fields``, by default all of
    the model's fields) into ``model``'s table; returns the number of rows.

    The values go through each field's ``db_value`` (scaled money, naive UTC
    datetimes); a field not given gets its default, and one whose default varies
    (a callable) must be given (:class:`ValueError`).  ``progress(n)`` is called
    after each batch of ``n`` rows; it may raise to stop (nothing is kept).  When the
    primary key is among ``fields`` the table's id sequence is moved past the
    largest id (PostgreSQL; SQLite needs nothing).  Driver errors come out as
    peewee's (``IntegrityError``…).
    """
    if batch_rows < 1:
        raise ValueError("batch_rows must be at least 1")
    db = database()
    fields = list(model._meta.sorted_fields if fields is None else fields)
    sql, defaults = _statement(db, model, fields)
    converters = [f.db_value for f in fields]
    source = iter(rows)
    count = 0
    with db.atomic():
        cursor = db.cursor()
        while batch := list(itertools.islice(source, batch_rows)):
            columns = zip(*batch, strict=True)
            converted = [
                list(map(convert, column))
                for convert, column in zip(converters, columns, strict=True)
            ]
            params = [row + defaults for row in zip(*converted, strict=True)]
            with _DRIVER_ERRORS:
                cursor.executemany(sql, params)
            count += len(batch)
            if progress is not None:
                progress(len(batch))
        pk = model._meta.primary_key
        if any(f is pk for f in fields):  # (``in`` would compare with SQL's "=")
            reset_sequences(db, [model])
    return count
