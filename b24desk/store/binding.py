"""The database the desk's models are bound to, for the widgets that hand it over.

A worker thread closes its own connection to the database its work started on,
and switching databases goes back to the previous one when the new one fails to
open; both used to reach into ``store.models`` from ``ui/``.  Widgets ask here.
"""

from __future__ import annotations

import peewee

from b24desk.store.models import database_proxy

__all__ = ["desk_database", "use_desk_database"]


def desk_database() -> peewee.Database | None:
    """The database the desk has open (``None`` before one is opened)."""
    return database_proxy.obj


def use_desk_database(database: peewee.Database) -> None:
    """Bind the desk's models to ``database`` again (e.g. after a failed switch)."""
    database_proxy.initialize(database)
