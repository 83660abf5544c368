"""Paged, sorted and searched lists for the desk's tables — all in SQL.

A :class:`Listing` describes one table of the desk: the base query (with its joins),
the sortable columns, the searchable fields and the filters.  The UI's lazy table
model asks it for the number of matching rows and for one page at a time, so a table
of 50 000 tickets opens without reading 50 000 rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import peewee

from b24desk.store.models import database_proxy

Filters = Mapping[str, Any]


def fold_function() -> Any:
    """SQL function that case-folds text, Unicode-aware on both engines.

    SQLite's own ``lower()``/``LIKE`` fold ASCII only, so the store registers a
    Python ``casefold`` as ``b24_fold`` on SQLite; PostgreSQL's ``lower()`` is
    Unicode-aware.
    """
    if isinstance(database_proxy.obj, peewee.PostgresqlDatabase):
        return peewee.fn.LOWER
    return peewee.fn.b24_fold


def search_condition(fields: Sequence[Any], text: str) -> peewee.Expression | None:
    """Every word of ``text`` must appear in at least one of ``fields``."""
    words = text.casefold().split()
    if not words or not fields:
        return None
    condition: peewee.Expression | None = None
    for word in words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        if word.isascii():
            # LIKE folds ASCII itself, and stays in C: fast on 50 000 rows.
            alternatives = [_like(f, pattern) for f in fields]
        else:
            fold = fold_function()
            alternatives = [_like(fold(f), pattern) for f in fields]
        any_field = alternatives[0]
        for alt in alternatives[1:]:
            any_field = any_field | alt
        condition = any_field if condition is None else condition & any_field
    return condition


def _like(expr: Any, pattern: str) -> peewee.Expression:
    # peewee writes ILIKE as LIKE on SQLite (case-insensitive for ASCII there).
    escaped = peewee.NodeList((peewee.Value(pattern), peewee.SQL("ESCAPE '\\'")))
    return peewee.Expression(expr, "ILIKE", escaped)


@dataclass
class Listing:
    """One table of the desk, as SQL.

    ``query``: builds the base query (selecting the row's columns, joins included).
    ``sort_keys``: column key → expression (or tuple of expressions) to order by.
    ``search_fields``: expressions the search box looks in.
    ``filters``: filter name → function(value) returning a WHERE condition (or None).
    ``tie_breaker``: appended to every ORDER BY so pages never overlap.
    ``default_order``: the ORDER BY used when no column is chosen.
    """

    query: Callable[[], peewee.Select]
    sort_keys: Mapping[str, Any]
    search_fields: Sequence[Any]
    tie_breaker: Any
    filters: Mapping[str, Callable[[Any], peewee.Expression | None]] = field(default_factory=dict)
    default_order: Sequence[Any] = ()
    row_factory: Callable[[Any], Any] | None = None

    def _where(self, q: peewee.Select, search: str, filters: Filters) -> peewee.Select:
        condition = search_condition(self.search_fields, search)
        if condition is not None:
            q = q.where(condition)
        for name, value in filters.items():
            make = self.filters.get(name)
            if make is None:
                raise KeyError(f"unknown filter {name!r}")
            expr = make(value)
            if expr is not None:
                q = q.where(expr)
        return q

    def count(self, search: str = "", filters: Filters | None = None) -> int:
        return int(self._where(self.query(), search, filters or {}).count())

    def page(
        self,
        offset: int,
        limit: int,
        search: str = "",
        filters: Filters | None = None,
        sort_key: str | None = None,
        descending: bool = False,
    ) -> list[Any]:
        q = self._where(self.query(), search, filters or {})
        order: list[Any] = []
        if sort_key is not None:
            keys = self.sort_keys[sort_key]
            for key in keys if isinstance(keys, tuple | list) else (keys,):
                order.append(key.desc(nulls="LAST") if descending else key.asc(nulls="LAST"))
        else:
            order.extend(self.default_order)
        order.append(self.tie_breaker.desc() if descending else self.tie_breaker.asc())
        rows = q.order_by(*order).offset(offset).limit(limit).objects()
        if self.row_factory is None:
            return list(rows)
        return [self.row_factory(r) for r in rows]
