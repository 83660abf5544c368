"""Row locks for "check, then write" (issue 13.2).

A rule that reads a value and then writes because of it (an invoice's balance
before a payment, a coupon's state before it is assigned, a bonus's balance
before it is spent) must read it *under the lock* that the write will hold, in
the same transaction; otherwise two desks read the same old value and both write.

* PostgreSQL: ``SELECT … FOR UPDATE`` locks the rows read until the transaction
  ends; a second desk's ``FOR UPDATE`` of the same row waits, then reads the
  value the first one committed.
* SQLite: the desk's transactions begin ``IMMEDIATE`` (:mod:`b24desk.store.db`),
  so the whole database is write-locked from the first statement of the
  transaction; every read inside it already sees the last committed value and
  nobody else can write until it ends.  ``FOR UPDATE`` does not exist there.

Both functions must be called inside :func:`b24desk.store.db.transaction`; outside
one there is no lock to hold, and they raise :class:`RuntimeError` (a
programming error, never a user's).

Usage::

    with transaction():
        coupon = locked(Coupon, coupon_id)   # re-read under the lock
        check_rule(coupon)                   # sees what the other desk committed
        Coupon.update(...).where(...).execute()
"""

from __future__ import annotations

from typing import Any, TypeVar

import peewee

from b24desk.i18n import _
from b24desk.store.db import database
from b24desk.store.errors import NotFoundError, StaleRecordError

__all__ = ["lock_for_update", "locked"]

M = TypeVar("M", bound=peewee.Model)
Q = TypeVar("Q", bound=peewee.Select)


def _check_in_transaction(db: peewee.Database) -> None:
    if not db.in_transaction():
        raise RuntimeError("a row lock needs a transaction: call it inside transaction()")


def lock_for_update(query: Q) -> Q:
    """``query`` made to lock the rows it reads for the rest of the transaction:
    ``FOR UPDATE`` on PostgreSQL; unchanged on SQLite, where the transaction holds
    the database's write lock from its start."""
    db = database()
    _check_in_transaction(db)
    if isinstance(db, peewee.PostgresqlDatabase):
        return query.for_update()
    return query


def locked(model_class: type[M], id: int) -> M:
    """The row ``id`` of ``model_class`` re-read under the lock, held until the
    transaction ends.  Raises :class:`~b24desk.store.errors.NotFoundError` when the
    row is gone (another desk deleted it)."""
    query = model_class.select().where(model_class._meta.primary_key == id)
    row = lock_for_update(query).get_or_none()
    if row is None:
        raise NotFoundError(_("The record does not exist any more: another desk removed it."))
    return row


def save_if_unchanged(
    model_class: type[peewee.Model], id: int, expected_version: int, stale: str, **changes: Any
) -> None:
    """Save ``changes`` to row ``id`` and bump its ``version``, only if nobody saved it
    since it was read at ``expected_version``; else :class:`StaleRecordError` saying
    ``stale`` (optimistic locking: one conditional UPDATE)."""
    table: Any = model_class
    updated = (
        model_class.update(version=table.version + 1, **changes)
        .where((table.id == id) & (table.version == expected_version))
        .execute()
    )
    if updated != 1:
        raise StaleRecordError(stale)
