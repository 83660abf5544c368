"""Full-text search over everything the office keeps, on SQLite and PostgreSQL.

Each searchable kind of record has a *search table* holding one folded text per
record (``search_client``, ``search_ticket``…), kept current by database triggers in
the same transaction as the change itself, whoever makes it (the desk, an import, a
bulk update):

* **SQLite**: an FTS5 table with the ``trigram`` tokenizer over text folded by
  :func:`fold` (registered as the SQL function ``b24_doc``): lower case, diacritics
  removed, so "Logistica" finds "Logística" and "синх" finds "Синхронизация", and
  any part of a word of three letters or more is found through the index.
* **PostgreSQL**: a plain table with a ``pg_trgm`` GIN index over text folded by the
  SQL function ``b24_search_fold`` (``unaccent`` and ``lower``); the typed words go
  through the same function, so both sides always fold alike.

The user's words are always searched as text: quotes, ``*``, ``-`` and ``NEAR`` are
quoted into FTS5 phrases (or escaped in LIKE patterns), never read as operators.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

import peewee

from b24desk.domain.vocabulary import (
    COUPON_STATES,
    INVOICE_STATES,
    QUOTE_STATES,
    TICKET_STATUSES,
    label,
)
from b24desk.i18n import _
from b24desk.store.listing import search_words
from b24desk.store.models import (
    Client,
    Coupon,
    Invoice,
    Plan,
    Quote,
    Subscription,
    Ticket,
    TicketMessage,
    database_proxy,
)

log = logging.getLogger(__name__)

#: The kinds of record the search knows, in the order global search shows them.
KINDS = ("client", "portal", "ticket", "message", "invoice", "coupon", "quote")

#: Words shorter than this are matched by a scan (a trigram needs three letters).
TRIGRAM = 3


# --------------------------------------------------------------------------- folding


@cache
def _fold_table() -> dict[int, str]:
    """Character → its folded text, for every character that folds to something else:
    case-folded (``ß`` → ``ss``), decomposed, combining marks dropped (``é`` → ``e``,
    ``ё`` → ``е``).  Built once from Python's Unicode tables (planes 0–1)."""
    table: dict[int, str] = {}
    for code in range(0x41, 0x20000):
        if 0x5B <= code < 0xC0 or 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char.casefold())
        folded = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
        if folded != char:
            table[code] = folded
    return table


def fold(text: str) -> str:
    """``text`` as the search compares it: case-folded, accents and other combining
    marks removed ("Logística" → "logistica", "Ёлка" → "елка", "Straße" → "strasse")."""
    if text.isascii():
        return text.lower()
    return text.translate(_fold_table())


def document(*parts: object) -> str:
    """The folded search text of a record: its non-empty parts, space-separated (the
    SQL function ``b24_doc`` the search triggers call on SQLite)."""
    return fold(" ".join(str(p) for p in parts if p not in (None, "")))


def register_sqlite_functions(db: peewee.SqliteDatabase) -> None:
    """``b24_doc(…)`` for every connection of ``db``: the triggers call it."""
    db.register_function(document, "b24_doc", -1, deterministic=True)


def register_sqlite_connection(con: sqlite3.Connection) -> None:
    """``b24_doc(…)`` on a plain :mod:`sqlite3` connection that writes records (a
    program other than the desk must do the same, or its writes are refused)."""
    con.create_function("b24_doc", -1, document, deterministic=True)


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class _Doc:
    """What one kind's search table holds: a row of ``table`` (alias ``r``) → text.

    ``parts``: SQL expressions over ``r`` (``{agg}`` stands for the engine's string
    aggregate).  ``watch``: the columns whose change rebuilds the text.  ``where``:
    rows that have a text at all (others have none).  ``depends``: other tables
    whose change rebuilds some texts: (table, columns, condition over ``r`` and
    ``{row}`` — the changed row, ``new`` or ``old``).
    """

    kind: str
    table: str
    parts: tuple[str, ...]
    watch: tuple[str, ...]
    where: str = ""
    depends: tuple[tuple[str, tuple[str, ...], str], ...] = ()


_COMPANY = "(SELECT c.company FROM client c WHERE c.id = r.client_id)"
_ON_COMPANY = ("client", ("company",), "r.client_id = {row}.id")

DOCS: dict[str, _Doc] = {
    d.kind: d
    for d in (
        _Doc(
            "client",
            "client",
            (
                "r.company", "r.contact_person", "r.email", "r.billing_email",
                "r.portal_url", "r.country", "r.tax_id",
                "(SELECT {agg}(s.portal_url, ' ') FROM subscription s "
                "WHERE s.client_id = r.id AND s.portal_url <> '')",
            ),
            ("company", "contact_person", "email", "billing_email", "portal_url",
             "country", "tax_id"),
            depends=(("subscription", ("portal_url", "client_id"), "r.id = {row}.client_id"),),
        ),
        _Doc(
            "portal", "subscription", ("r.portal_url",), ("portal_url",),
            where="r.portal_url <> ''",
        ),
        _Doc(
            "ticket",
            "ticket",
            ("r.tid", "r.subject", "r.vendor_ticket_id", "r.assignee", "r.portal_url", _COMPANY),
            ("tid", "subject", "vendor_ticket_id", "assignee", "portal_url", "client_id"),
            depends=(_ON_COMPANY,),
        ),
        _Doc("message", "ticket_message", ("r.author", "r.body"), ("author", "body")),
        _Doc(
            "invoice", "invoice", ("r.number", "r.notes", _COMPANY),
            ("number", "notes", "client_id"), depends=(_ON_COMPANY,),
        ),
        _Doc(
            "coupon",
            "coupon",
            (
                "r.code", "r.order_ref", "r.note",
                "(SELECT p.name FROM plan p WHERE p.id = r.plan_id)", _COMPANY,
            ),
            ("code", "order_ref", "note", "plan_id", "client_id"),
            depends=(_ON_COMPANY, ("plan", ("name",), "r.plan_id = {row}.id")),
        ),
        _Doc(
            "quote", "quote", ("r.number", "r.notes", _COMPANY),
            ("number", "notes", "client_id"), depends=(_ON_COMPANY,),
        ),
    )
}  # fmt: skip

#: The search tables, for code that empties every table (tests, restores).
TABLES = tuple(f"search_{kind}" for kind in KINDS)


def _is_postgres(db: peewee.Database | None = None) -> bool:
    target = db if db is not None else database_proxy.obj
    return isinstance(target, peewee.PostgresqlDatabase)


def _id_column(db: peewee.Database) -> str:
    return "id" if _is_postgres(db) else "rowid"


def _select_docs(doc: _Doc, db: peewee.Database, condition: str = "") -> str:
    """``SELECT id, text FROM <table> r WHERE …`` for ``doc``."""
    if _is_postgres(db):  # b24_doc(VARIADIC text[]): every part as text
        parts = ", ".join(f"({p.format(agg='string_agg')})::text" for p in doc.parts)
    else:
        parts = ", ".join(p.format(agg="group_concat") for p in doc.parts)
    conditions = [c for c in (doc.where, condition) if c]
    where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
    return f'SELECT r.id, b24_doc({parts}) FROM "{doc.table}" r{where}'


def _refresh(doc: _Doc, db: peewee.Database, condition: str) -> list[str]:
    """Statements that rebuild the texts of the rows of ``doc`` matching ``condition``."""
    table, col = f"search_{doc.kind}", _id_column(db)
    return [
        f'DELETE FROM {table} WHERE {col} IN (SELECT r.id FROM "{doc.table}" r WHERE {condition})',
        f"INSERT INTO {table} ({col}, body) {_select_docs(doc, db, condition)}",
    ]


def _triggers(doc: _Doc, db: peewee.Database) -> list[tuple[str, str, list[str]]]:
    """The triggers keeping ``search_<kind>`` current: (name, on table, CREATE statements)."""
    table, col = f"search_{doc.kind}", _id_column(db)
    specs: list[tuple[str, str, str, str, list[str]]] = [
        # name, table, event, WHEN, statements
        ("ai", doc.table, "INSERT", "", _refresh(doc, db, "r.id = new.id")[1:]),
        (
            "au",
            doc.table,
            "UPDATE OF " + ", ".join(doc.watch),
            _changed(doc.watch),
            [f"DELETE FROM {table} WHERE {col} = old.id", *_refresh(doc, db, "r.id = new.id")],
        ),
        ("ad", doc.table, "DELETE", "", [f"DELETE FROM {table} WHERE {col} = old.id"]),
    ]
    for n, (source, columns, condition) in enumerate(doc.depends):
        on_new = _refresh(doc, db, condition.format(row="new"))
        on_old = _refresh(doc, db, condition.format(row="old"))
        if source != "client":  # a client is never deleted with rows still its own
            specs.append((f"d{n}i", source, "INSERT", "", on_new))
            specs.append((f"d{n}d", source, "DELETE", "", on_old))
        both = on_new if on_new == on_old else on_old + on_new
        specs.append((f"d{n}u", source, "UPDATE OF " + ", ".join(columns), _changed(columns), both))
    postgres = _is_postgres(db)
    triggers: list[tuple[str, str, list[str]]] = []
    for suffix, source, event, when, statements in specs:
        name = f"{table}_{suffix}"
        if postgres:
            body = "; ".join(s.replace("new.", "NEW.").replace("old.", "OLD.") for s in statements)
            pg_when = (
                when.replace("new.", "NEW.")
                .replace("old.", "OLD.")
                .replace(" IS NOT ", " IS DISTINCT FROM ")
            )
            create = [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN {body}; RETURN NULL; END $$",
                f'CREATE TRIGGER {name} AFTER {event} ON "{source}" FOR EACH ROW '
                + (f"WHEN ({pg_when}) " if pg_when else "")
                + f"EXECUTE FUNCTION {name}()",
            ]
        else:
            create = [
                f'CREATE TRIGGER {name} AFTER {event} ON "{source}" FOR EACH ROW '
                + (f"WHEN {when} " if when else "")
                + "BEGIN "
                + "; ".join(statements)
                + "; END"
            ]
        triggers.append((name, source, create))
    return triggers


def create_triggers(db: peewee.Database) -> None:
    """The triggers of every search table (see :func:`drop_triggers`)."""
    for kind in KINDS:
        for _name, _source, create in _triggers(DOCS[kind], db):
            for statement in create:
                db.execute_sql(statement)


def drop_triggers(db: peewee.Database) -> None:
    """Drop the search triggers, if any: a schema upgrade that rebuilds a table (as
    SQLite's ALTER does) must not meet triggers naming it; they return afterwards."""
    postgres = _is_postgres(db)
    for kind in KINDS:
        for name, source, _create in _triggers(DOCS[kind], db):
            if postgres:
                db.execute_sql(f'DROP TRIGGER IF EXISTS {name} ON "{source}"')
            else:
                db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")


def _changed(columns: Iterable[str]) -> str:
    return "(" + " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns) + ")"


# --------------------------------------------------------------------------- install


def _sqlite_has_fts5(db: peewee.Database) -> bool:
    options = {row[0] for row in db.execute_sql("PRAGMA compile_options").fetchall()}
    if "ENABLE_FTS5" in options:
        return True
    try:  # some builds load it without saying so
        db.execute_sql("CREATE VIRTUAL TABLE temp.b24_fts5_probe USING fts5(x)")
        db.execute_sql("DROP TABLE temp.b24_fts5_probe")
        return True
    except peewee.OperationalError:
        return False


def _postgres_functions(db: peewee.Database) -> None:
    """``b24_search_fold`` and ``b24_doc`` on PostgreSQL, with the extensions when the
    server has them (without ``unaccent`` the fold keeps accents; without ``pg_trgm``
    the search scans: slower, still right)."""
    have = {
        row[0]
        for row in db.execute_sql(
            "SELECT name FROM pg_available_extensions WHERE name IN ('unaccent', 'pg_trgm')"
        ).fetchall()
    }
    for name in sorted(have):
        with db.atomic():  # a savepoint: a refusal (no privilege) does not end the upgrade
            try:
                db.execute_sql(f"CREATE EXTENSION IF NOT EXISTS {name}")
            except peewee.DatabaseError:
                log.warning("PostgreSQL extension %s could not be created", name)
                have.discard(name)
    icu = db.execute_sql("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'").fetchone()
    text = "unaccent('unaccent'::regdictionary, $1)" if "unaccent" in have else "$1"
    collate = ' COLLATE "und-x-icu"' if icu else ""
    db.execute_sql(
        "CREATE OR REPLACE FUNCTION b24_search_fold(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT lower({text}{collate}) $$"
    )
    db.execute_sql(
        "CREATE OR REPLACE FUNCTION b24_doc(VARIADIC parts text[]) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
        "$$ SELECT coalesce(b24_search_fold(array_to_string(parts, ' ')), '') $$"
    )
    _trigram_state["pg_trgm"] = "pg_trgm" in have


_trigram_state: dict[str, bool] = {}

Progress = Callable[[str, int, int], None]


def install(db: peewee.Database, progress: Progress | None = None) -> None:
    """Create the search tables and their triggers in ``db`` and fill them from the
    records already there (a new database, or the schema-6 upgrade of an old one).
    ``progress(kind, rows_done, rows_total)`` hears of each chunk filled.  Call inside the
    transaction that upgrades the schema."""
    postgres = _is_postgres(db)
    if postgres:
        _postgres_functions(db)
        fts5 = False
    else:
        fts5 = _sqlite_has_fts5(db)
    for kind in KINDS:
        doc, table = DOCS[kind], f"search_{kind}"
        if postgres:
            db.execute_sql(f"CREATE TABLE {table} (id integer PRIMARY KEY, body text NOT NULL)")
        elif fts5:
            db.execute_sql(f"CREATE VIRTUAL TABLE {table} USING fts5(body, tokenize='trigram')")
        else:
            db.execute_sql(f"CREATE TABLE {table} (rowid INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        _fill(db, doc, _reporter(kind, progress))
        if postgres and _trigram_state.get("pg_trgm"):
            db.execute_sql(f"CREATE INDEX {table}_body ON {table} USING gin (body gin_trgm_ops)")
    create_triggers(db)


def _reporter(kind: str, progress: Progress | None) -> Callable[[int, int], None]:
    def report(rows: int, total: int) -> None:
        if progress is not None:
            progress(kind, rows, total)

    return report


#: Rows filled per statement when a search table is built (progress between them).
FILL_CHUNK = 50_000


def _fill(db: peewee.Database, doc: _Doc, progress: Callable[[int, int], object]) -> None:
    """Fill ``search_<kind>`` from its records, a range of ids at a time."""
    low, high, total = db.execute_sql(
        f'SELECT min(id), max(id), count(*) FROM "{doc.table}"'
    ).fetchone()
    progress(0, int(total or 0))
    if total:
        table, col = f"search_{doc.kind}", _id_column(db)
        for start in range(int(low), int(high) + 1, FILL_CHUNK):
            end = start + FILL_CHUNK
            condition = f"r.id >= {start} AND r.id < {end}"
            db.execute_sql(f"INSERT INTO {table} ({col}, body) {_select_docs(doc, db, condition)}")
            done = db.execute_sql(f'SELECT count(*) FROM "{doc.table}" WHERE id < {end}')
            progress(int(done.fetchone()[0]), int(total))
        if not _is_postgres(db) and _is_fts5_table(db, table):
            # One b-tree instead of one per chunk: a query looks in one place, so
            # its cost stays flat as the office grows.
            db.execute_sql(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


def _is_fts5_table(db: peewee.Database, table: str) -> bool:
    row = db.execute_sql("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    return bool(row and "fts5" in (row[0] or "").lower())


# --------------------------------------------------------------------------- queries


def _uses_fts5(kind: str) -> bool:
    db = database_proxy.obj
    key = f"fts5:{id(db)}:{db.database}"
    if key not in _trigram_state:
        _trigram_state[key] = _is_fts5_table(db, f"search_{kind}")
    return _trigram_state[key]


def _like_pattern(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _query(kind: str, text: str) -> tuple[str, list[Any]] | None:
    """``SELECT <id> FROM search_<kind> WHERE …`` for the words of ``text``."""
    if kind not in DOCS:
        raise KeyError(f"unknown search kind {kind!r}")
    table = f"search_{kind}"
    if _is_postgres():
        words = [w for w in search_words(text) if w]
        if not words:
            return None
        # The words fold in the server, by the function that folded the texts.
        where = " AND ".join(
            "body LIKE ('%%' || replace(replace(replace(b24_search_fold(%s), '\\', '\\\\'), "
            "'%%', '\\%%'), '_', '\\_') || '%%')"
            for _w in words
        )
        return f"SELECT id FROM {table} WHERE {where}", list(words)
    words = [w for w in (fold(w) for w in search_words(text)) if w]
    if not words:
        return None
    long = [w for w in words if len(w) >= TRIGRAM]
    short = [w for w in words if len(w) < TRIGRAM]
    conditions: list[str] = []
    params: list[Any] = []
    if long and _uses_fts5(kind):
        conditions.append(f"{table} MATCH ?")
        params.append(" ".join('"' + w.replace('"', '""') + '"' for w in long))
    else:
        short = words
    for w in short:
        conditions.append("body LIKE ? ESCAPE '\\'")
        params.append(_like_pattern(w))
    return f"SELECT rowid FROM {table} WHERE {' AND '.join(conditions)}", params


def matching_ids(kind: str, text: str) -> peewee.Node | None:
    """The ids of the records of ``kind`` holding every word of ``text`` (in any of
    their searched fields; accents, case and word parts as :func:`fold` says), as a
    sub-query for ``Model.id.in_(…)``; ``None`` when ``text`` has no words."""
    query = _query(kind, text)
    if query is None:
        return None
    return peewee.EnclosedNodeList([peewee.SQL(*query)])


def indexed(key: Any, kind: str) -> Callable[[str], peewee.Expression | None]:
    """A :class:`~b24desk.store.listing.Listing`'s ``search``: ``key`` (the listed
    record's id) among the records of ``kind`` matching the typed text."""

    def condition(text: str) -> peewee.Expression | None:
        found = matching_ids(kind, text)
        return None if found is None else key.in_(found)

    return condition


def ids(kind: str, text: str, limit: int, newest_first: bool = True) -> list[int]:
    """At most ``limit`` ids of matching records of ``kind``, newest first."""
    query = _query(kind, text)
    if query is None:
        return []
    sql, params = query
    col = "id" if _is_postgres() else "rowid"
    sql += f" ORDER BY {col} {'DESC' if newest_first else 'ASC'} LIMIT {int(limit)}"
    return [int(row[0]) for row in database_proxy.obj.execute_sql(sql, params).fetchall()]


def rebuild(db: peewee.Database, progress: Progress | None = None) -> None:
    """Refill every search table from the records (inside a transaction)."""
    for kind in KINDS:
        db.execute_sql(f"DELETE FROM search_{kind}")
        _fill(db, DOCS[kind], _reporter(kind, progress))


@contextlib.contextmanager
def bulk_writes(db: peewee.Database, progress: Progress | None = None) -> Iterator[None]:
    """Many rows written at once (the demo office): the triggers step aside, and the
    search tables are rebuilt in one pass at the end — faster than a trigger per
    row.  Use inside the transaction of the writes, so that a failure leaves the
    triggers and the index as they were."""
    drop_triggers(db)
    try:
        yield
    except BaseException:
        create_triggers(db)  # rolled back with the rest; never left without them
        raise
    rebuild(db, progress)
    create_triggers(db)


# --------------------------------------------------------------------------- highlights


def highlights(shown: str, text: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` spans of ``shown`` where a word of ``text`` appears, as
    the search compares them (accents and case ignored), merged and in order."""
    words = sorted({fold(w) for w in search_words(text)} - {""}, key=len, reverse=True)
    if not words or not shown:
        return []
    folded: list[str] = []
    origin: list[int] = []  # folded character → index in ``shown``
    for index, char in enumerate(shown):
        piece = fold(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    flat = "".join(folded)
    spans: list[tuple[int, int]] = []
    for word in words:
        start = flat.find(word)
        while start >= 0:
            end = start + len(word)
            spans.append((origin[start], origin[end - 1] + 1))
            start = flat.find(word, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --------------------------------------------------------------------------- everything


@dataclass(frozen=True)
class Hit:
    """One record found by :func:`global_search`: what to show, and what to open
    (``open_kind``/``open_id``: a message opens its ticket, a portal its client)."""

    kind: str
    record_id: int
    title: str
    detail: str
    open_kind: str
    open_id: int


@dataclass(frozen=True)
class Group:
    """The hits of one kind, newest first; ``more``: there are others beyond them."""

    kind: str
    hits: tuple[Hit, ...]
    more: bool


#: Characters of a message shown around its first matching word.
SNIPPET = 90


def snippet(body: str, text: str, width: int = SNIPPET) -> str:
    """A one-line excerpt of ``body`` around the first word of ``text`` it holds."""
    flat = " ".join(body.split())
    spans = highlights(flat, text)
    start = max(0, spans[0][0] - width // 3) if spans else 0
    if start:  # from a word's start
        space = flat.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    piece = flat[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


def _join(*parts: object) -> str:
    return " · ".join(str(p) for p in parts if p not in (None, ""))


def _rows(query: Any) -> Iterable[Any]:
    """The rows of a joined query, with the joined columns as attributes."""
    return query.objects()


def _client_hits(found: list[int], text: str) -> Iterable[Hit]:
    for c in Client.select().where(Client.id.in_(found)):
        detail = _join(c.contact_person, c.email, c.portal_url, c.country)
        yield Hit("client", c.id, c.company, detail, "client", c.id)


def _portal_hits(found: list[int], text: str) -> Iterable[Hit]:
    q = (
        Subscription.select(Subscription, Client.company, Plan.name)
        .join(Client, on=(Subscription.client == Client.id))
        .switch(Subscription)
        .join(Plan, on=(Subscription.plan == Plan.id))
        .where(Subscription.id.in_(found))
    )
    for s in _rows(q):
        yield Hit("portal", s.id, s.portal_url, _join(s.company, s.name), "client", s.client_id)


def _tickets(ticket_ids: Iterable[int]) -> dict[int, Any]:
    q = (
        Ticket.select(Ticket, Client.company)
        .join(Client, on=(Ticket.client == Client.id))
        .where(Ticket.id.in_(list(ticket_ids)))
    )
    return {t.id: t for t in _rows(q)}


def _ticket_hits(found: list[int], text: str) -> Iterable[Hit]:
    for t in _tickets(found).values():
        detail = _join(t.company, label(TICKET_STATUSES, t.status), t.assignee)
        yield Hit("ticket", t.id, f"{t.tid} — {t.subject}", detail, "ticket", t.id)


def _message_hits(found: list[int], text: str) -> Iterable[Hit]:
    fields = (TicketMessage.id, TicketMessage.ticket, TicketMessage.body)
    messages = list(TicketMessage.select(*fields).where(TicketMessage.id.in_(found)))
    tickets = _tickets({m.ticket_id for m in messages})
    for m in messages:
        t = tickets[m.ticket_id]
        where = f"{t.tid} — {t.subject} · {t.company}"
        yield Hit("message", m.id, snippet(m.body, text), where, "ticket", t.id)


def _document_hits(kind: str, found: list[int], text: str) -> Iterable[Hit]:
    """Invoices and quotes: the number (a draft invoice has none yet), the client,
    the state and the notes."""
    model: Any = Invoice if kind == "invoice" else Quote
    states = INVOICE_STATES if kind == "invoice" else QUOTE_STATES
    q = (
        model.select(model, Client.company)
        .join(Client, on=(model.client == Client.id))
        .where(model.id.in_(found))
    )
    for r in _rows(q):
        detail = _join(r.company, label(states, r.state), r.notes)
        yield Hit(kind, r.id, r.number or _("Draft invoice"), detail, kind, r.id)


def _coupon_hits(found: list[int], text: str) -> Iterable[Hit]:
    q = (
        Coupon.select(Coupon, Client.company, Plan.name)
        .join(Client, peewee.JOIN.LEFT_OUTER, on=(Coupon.client == Client.id))
        .switch(Coupon)
        .join(Plan, peewee.JOIN.LEFT_OUTER, on=(Coupon.plan == Plan.id))
        .where(Coupon.id.in_(found))
    )
    for c in _rows(q):
        detail = _join(c.name, c.company, label(COUPON_STATES, c.state), c.order_ref)
        yield Hit("coupon", c.id, c.code, detail, "coupon", c.id)


#: Each kind's shown texts of the records found (ids of that kind).
_HITS: dict[str, Callable[[list[int], str], Iterable[Hit]]] = {
    "client": _client_hits,
    "portal": _portal_hits,
    "ticket": _ticket_hits,
    "message": _message_hits,
    "invoice": partial(_document_hits, "invoice"),
    "coupon": _coupon_hits,
    "quote": partial(_document_hits, "quote"),
}


def _hits(kind: str, found: list[int], text: str) -> list[Hit]:
    """The hits of the records ``found``, in that order."""
    by_id = {h.record_id: h for h in _HITS[kind](found, text)}
    return [by_id[i] for i in found if i in by_id]


def global_search(text: str, per_kind: int = 5) -> list[Group]:
    """The records of every kind holding every word of ``text``: at most ``per_kind``
    of each (newest first), only the kinds with hits, in :data:`KINDS` order."""
    groups: list[Group] = []
    for kind in KINDS:
        found = ids(kind, text, per_kind + 1)
        if not found:
            continue
        hits = _hits(kind, found[:per_kind], text)
        if kind == "portal":  # one line per portal, however many terms it had
            unique: dict[str, Hit] = {}
            for hit in hits:
                unique.setdefault(fold(hit.title), hit)
            hits = list(unique.values())
        groups.append(Group(kind, tuple(hits), len(found) > per_kind))
    return groups
