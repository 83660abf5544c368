"""Typed errors the store raises, with messages for the person at the desk.

Database drivers report a broken rule as a bare ``IntegrityError`` whose text
differs between SQLite and PostgreSQL; :func:`translate_integrity_error` turns both
into one of the classes below, naming the table and column where it can.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import peewee

from b24desk.domain.errors import field_label
from b24desk.i18n import _


class StoreError(Exception):
    """Base of everything the store raises on purpose; ``str()`` is user-facing."""


class DatabaseOpenError(StoreError):
    """The database could not be opened; the message says why and what to do."""


class DatabaseLockedError(DatabaseOpenError):
    """Another program holds the database's lock."""


class DatabaseAuthError(DatabaseOpenError):
    """The database server refused the user name or the password."""


class NewerSchemaError(DatabaseOpenError):
    """The database was written by a newer b24desk than this one."""


class IntegrityViolation(StoreError):
    """A rule of the schema was broken; nothing of the transaction was saved."""

    def __init__(self, message: str, table: str = "", column: str = "") -> None:
        super().__init__(message)
        self.table = table
        self.column = column


class DuplicateError(IntegrityViolation):
    """A value that must be unique (coupon code, invoice number…) exists already."""


class ForeignKeyError(IntegrityViolation):
    """A foreign key points nowhere, or a record still referenced was removed."""


class CheckError(IntegrityViolation):
    """A CHECK constraint failed (negative money, unknown state…)."""


class NotNullError(IntegrityViolation):
    """A required value is missing."""


class NotFoundError(StoreError):
    """The record asked for does not exist (any more)."""


class StaleRecordError(StoreError):
    """Someone else saved the record since it was read (optimistic locking)."""


class WriteFailedError(StoreError):
    """The database could not write the change; nothing of the transaction was saved."""


class DiskFullError(WriteFailedError):
    """The disk (or the server's disk) holding the database is full."""


class DatabaseBusyError(WriteFailedError):
    """Another desk held the write lock longer than this desk waits."""


_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (\w+)\.(\w+)")
_SQLITE_NOTNULL = re.compile(r"NOT NULL constraint failed: (\w+)\.(\w+)")
_SQLITE_CHECK = re.compile(r"CHECK constraint failed: (.*)")
_PG_KEY = re.compile(r"Key \((\w+)(?:, *\w+)*\)")
_PG_CHECK = re.compile(r'constraint "(\w+)"')
_PG_RELATION = re.compile(r'relation "(\w+)"')
_PG_COLUMN = re.compile(r'column "(\w+)"')


def translate_integrity_error(exc: peewee.IntegrityError) -> IntegrityViolation:
    """Map a driver's integrity error to a typed :class:`IntegrityViolation`."""
    text = str(exc)
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None) or getattr(
        exc.__cause__, "sqlstate", None
    )
    table = column = ""
    if (m := _SQLITE_UNIQUE.search(text)) or sqlstate == "23505":
        if m:
            table, column = m.group(1), m.group(2)
        elif k := _PG_KEY.search(text):
            column = k.group(1)
        return DuplicateError(
            _("{field}: this value is already in use, and it must be unique.").format(
                field=field_label(column) if column else _("Value")
            ),
            table,
            column,
        )
    if "FOREIGN KEY" in text or sqlstate == "23503":
        return ForeignKeyError(
            _(
                "This change would break a link between records: either a record it points "
                "to is missing, or other records still point to it."
            ),
            table,
            column,
        )
    if (m := _SQLITE_NOTNULL.search(text)) or sqlstate == "23502":
        if m:
            table, column = m.group(1), m.group(2)
        elif c := _PG_COLUMN.search(text):
            column = c.group(1)
        return NotNullError(
            _("{field}: a value is required.").format(
                field=field_label(column) if column else _("Value")
            ),
            table,
            column,
        )
    if (m := _SQLITE_CHECK.search(text)) or sqlstate == "23514":
        detail = m.group(1) if m else ((c := _PG_CHECK.search(text)) and c.group(1)) or ""
        return CheckError(
            _("A value is out of range or not allowed ({detail}).").format(detail=detail),
            table,
            detail,
        )
    return IntegrityViolation(
        _("The change breaks a rule of the database: {detail}").format(detail=text)
    )


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and the exceptions it was raised from or while handling."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop(0)
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo += [item.__cause__, item.__context__, getattr(item, "orig", None)]


def translate_write_error(exc: BaseException) -> WriteFailedError | None:
    """A plain-words error for a write the database could not do, or ``None``.

    * A full disk: SQLite's ``SQLITE_FULL`` ("database or disk is full"), after which
      SQLite has already rolled back, so the driver's own rollback then fails with
      "cannot rollback - no transaction is active" (the error people used to see);
      PostgreSQL's ``DiskFull`` (SQLSTATE 53100).
    * SQLite's "database is locked" / "database is busy" after the busy timeout:
      another desk is writing (an import, a restore, a long change).
    * A disk input/output error.
    """
    texts = []
    for item in _chain(exc):
        texts.append(str(item).lower())
        if getattr(item, "sqlstate", None) == "53100":
            return _disk_full()
        if getattr(item, "sqlite_errorname", None) == "SQLITE_FULL":
            return _disk_full()
    text = " | ".join(texts)
    if "database or disk is full" in text or "disk full" in text or "no space left" in text:
        return _disk_full()
    if "database is locked" in text or "database is busy" in text:
        return DatabaseBusyError(
            _(
                "Another desk is writing to the database (an import, a restore or a long "
                "change) and held it longer than this desk waits. Nothing of your change "
                "was saved: try again in a moment."
            )
        )
    if "disk i/o error" in text:
        return WriteFailedError(
            _(
                "The disk holding the database reported an input/output error. Nothing of "
                "this change was saved. Check the disk (or the network drive) and try again."
            )
        )
    return None


def _disk_full() -> DiskFullError:
    return DiskFullError(
        _(
            "The disk holding the database is full. Nothing of this change was saved. "
            "Free some space on the disk and try again."
        )
    )
