"""Paged, sorted and searched lists for the desk's tables — all in SQL.

A :class:`Listing` describes one table of the desk: the base query (with its joins),
the sortable columns, the searchable fields and the filters.  The UI's lazy table
model asks it for the number of matching rows and for one page at a time, so a table
of 50 000 tickets opens without reading 50 000 rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import peewee

from b24desk.store.models import database_proxy

Filters = Mapping[str, Any]


#: The search box reads at most this many characters; the rest is ignored (the UI
#: says so).  SQLite refuses LIKE patterns over 50 000 bytes, and no one searches
#: with a paragraph.
MAX_SEARCH_CHARS = 200

#: C0 control characters, DEL and lone surrogates: never part of a search (PostgreSQL
#: refuses NUL in a query; they cannot be typed on purpose anyway).
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
#: Text holding a character beyond ASCII (only such text folds differently from
#: ASCII lower-casing), for SQLite's GLOB and PostgreSQL's regular expressions.
_NON_ASCII_GLOB = "*[^\x01-\x7f]*"
_NON_ASCII_RE = "[^\x01-\x7f]"


def search_words(text: str) -> list[str]:
    """The words the search looks for: the first :data:`MAX_SEARCH_CHARS` characters
    of ``text``, control characters removed, case-folded (``"Straße"`` → ``"strasse"``)."""
    return _CONTROL.sub(" ", text[:MAX_SEARCH_CHARS]).casefold().split()


@cache
def _fold_tables() -> tuple[frozenset[str], str, str, tuple[tuple[str, str], ...]]:
    """What PostgreSQL needs to fold text exactly as Python's ``str.casefold``.

    ``casefold(s)`` is ``lower(s)`` with a few lower-case characters mapped further
    (``ς`` → ``σ``, ``ß`` → ``ss``, ligatures…).  Returns the ASCII characters that
    some non-ASCII character folds into (an ASCII word without them can only match
    ASCII text, where LIKE's own ASCII folding is exact), and the mapping after
    ``lower()``: single characters for ``translate()``, longer ones for ``replace()``.
    Computed once, from Python's Unicode tables (planes 0–1 hold every cased letter).
    """
    ascii_targets: set[str] = set()
    singles: dict[str, str] = {}
    multis: dict[str, str] = {}
    for code in range(0x80, 0x20000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = char.casefold()
        ascii_targets.update(ch for ch in folded if ch.isascii())
        lower = char.lower()
        if len(lower) == 1 and folded != lower:
            (singles if len(folded) == 1 else multis)[lower] = folded
    return (
        frozenset(ascii_targets),
        "".join(singles),
        "".join(singles.values()),
        tuple(multis.items()),
    )


def fold_function() -> Callable[[Any], Any]:
    """SQL that case-folds text exactly as Python's ``str.casefold``, on both engines.

    SQLite calls the Python ``casefold`` the store registers as ``b24_fold``;
    PostgreSQL's ``lower()`` (which leaves ``ß`` alone) is completed by the mapping of
    :func:`_fold_tables` (``İ`` first, whose lower case differs between the two).
    """
    if not isinstance(database_proxy.obj, peewee.PostgresqlDatabase):
        return peewee.fn.b24_fold
    _ascii, src, dst, multis = _fold_tables()
    multi_class = "[" + "".join(k for k, _v in multis) + "]"

    def pg_fold(expr: Any) -> Any:
        base = peewee.fn.TRANSLATE(
            peewee.fn.LOWER(peewee.fn.REPLACE(expr, "\u0130", "i\u0307")), src, dst
        )
        chained = base
        for key, value in multis:
            chained = peewee.fn.REPLACE(chained, key, value)
        # The long chain only for the rare text holding one of those characters.
        return peewee.Case(None, [(peewee.Expression(base, "~", multi_class), chained)], base)

    return pg_fold


def _non_ascii(expr: Any) -> peewee.Expression:
    if isinstance(database_proxy.obj, peewee.PostgresqlDatabase):
        return peewee.Expression(expr, "~", _NON_ASCII_RE)
    return peewee.Expression(expr, "GLOB", _NON_ASCII_GLOB)


def search_condition(fields: Sequence[Any], text: str) -> peewee.Expression | None:
    """Every word of ``text`` must appear in at least one of ``fields``, both sides
    case-folded (:func:`search_words`, :func:`fold_function`): "Straße", "STRASSE" and
    "strasse" find one another, on SQLite as on PostgreSQL."""
    words = search_words(text)
    if not words or not fields:
        return None
    ascii_targets = _fold_tables()[0]
    fold = fold_function()
    condition: peewee.Expression | None = None
    for word in words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        alternatives = []
        for f in fields:
            # Only text beyond ASCII folds differently from ASCII lower-casing: the
            # fold (a Python call per row on SQLite) runs for such rows only.
            folded = _non_ascii(f) & _like(fold(f), pattern)
            if word.isascii():
                # LIKE folds ASCII itself and stays in C.  A word none of whose
                # letters comes from folding a non-ASCII character ("ß" → "ss")
                # can match ASCII text only.
                plain = _like(f, pattern)
                alternatives.append(plain if ascii_targets.isdisjoint(word) else plain | folded)
            else:
                alternatives.append(folded)
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
    ``search_fields``: expressions the search box looks in (a LIKE scan), unless
    ``search`` gives the condition from the full-text index (:mod:`store.search`).
    ``filters``: filter name → function(value) returning a WHERE condition (or None).
    ``tie_breaker``: appended to every ORDER BY so pages never overlap.
    ``default_order``: the ORDER BY used when no column is chosen.
    ``count_query``: a lighter query counting the same rows (no GROUP BY, DISTINCT
    or LIMIT: it is counted as ``SELECT COUNT(*)``) — the base table alone, or
    with the joins that can drop rows (a LEFT JOIN on a key, an INNER JOIN on a NOT
    NULL foreign key drop none).  The count uses it when the search is the indexed
    one (or empty) and every filter given is in ``count_filters`` (name → condition
    on the count query's tables; ``None``: ``filters``, all on the base table);
    otherwise it counts ``query`` with its joins and sub-selects.
    """

    query: Callable[[], peewee.Select]
    sort_keys: Mapping[str, Any]
    tie_breaker: Any
    search_fields: Sequence[Any] = ()
    filters: Mapping[str, Callable[[Any], peewee.Expression | None]] = field(default_factory=dict)
    default_order: Sequence[Any] = ()
    row_factory: Callable[[Any], Any] | None = None
    #: The indexed search (``store.search.indexed``) used instead of ``search_fields``.
    search: Callable[[str], peewee.Expression | None] | None = None
    count_query: Callable[[], peewee.Select] | None = None
    count_filters: Mapping[str, Callable[[Any], peewee.Expression | None]] | None = None

    def _where(
        self,
        q: peewee.Select,
        search: str,
        filters: Filters,
        conditions: Mapping[str, Callable[[Any], peewee.Expression | None]] | None = None,
    ) -> peewee.Select:
        if self.search is not None:
            condition = self.search(search)
        else:
            condition = search_condition(self.search_fields, search)
        if condition is not None:
            q = q.where(condition)
        for name, value in filters.items():
            make = (self.filters if conditions is None else conditions).get(name)
            if make is None:
                raise KeyError(f"unknown filter {name!r}")
            expr = make(value)
            if expr is not None:
                q = q.where(expr)
        return q

    def count(self, search: str = "", filters: Filters | None = None) -> int:
        filters = filters or {}
        conditions = self.filters if self.count_filters is None else self.count_filters
        if (
            self.count_query is not None
            and (self.search is not None or not search_words(search))
            and all(name in conditions for name in filters)
        ):
            q = self._where(self.count_query(), search, filters, conditions)
            # A plain COUNT(*): PostgreSQL and SQLite answer it from an index alone.
            return int(q.select(peewee.fn.COUNT(peewee.SQL("*"))).order_by().scalar())
        return int(self._where(self.query(), search, filters).count())

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
