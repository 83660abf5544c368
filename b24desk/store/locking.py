"""Locking a row for a "check, then write" inside one transaction.

A check made on a row read before the transaction (a balance, a state) can be
stale by the time the write happens: two desks both see 100 owed and both record
100.  :func:`locked` re-reads the row inside the current write transaction so that
no other desk can change it until this transaction ends:

* PostgreSQL: ``SELECT … FOR UPDATE`` locks the row; a second desk waits there and
  then reads the first desk's committed values.
* SQLite: the desk's write transactions begin ``IMMEDIATE`` (``store.db``), so the
  transaction already holds the database's write lock; the row read under it is
  current and stays so until commit.

Call it only inside :func:`b24desk.store.db.transaction`.
"""

from __future__ import annotations

from typing import TypeVar

import peewee

from b24desk.i18n import _
from b24desk.store.db import database
from b24desk.store.errors import NotFoundError

__all__ = ["locked"]

M = TypeVar("M", bound=peewee.Model)


def locked(model_class: type[M], id: int) -> M:
    """The row ``id`` of ``model_class`` read again under this transaction's lock."""
    db = database()
    if not db.in_transaction():
        raise RuntimeError("locked() needs a write transaction (store.db.transaction)")
    query = model_class.select().where(model_class._meta.primary_key == id)
    if isinstance(db, peewee.PostgresqlDatabase):
        query = query.for_update()
    row = query.first()
    if row is None:
        raise NotFoundError(_("The record no longer exists."))
    return row
