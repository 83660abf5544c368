"""The figures of issue #18: search, global search and list tabs on ``large`` and
``huge`` offices, each beside a floor measured in the same run, on SQLite and on
PostgreSQL.

* **search keystroke + first page**: what the Tickets tab does for one keystroke
  (its :class:`~b24desk.store.listing.Listing`'s count, then the first page, the
  tab's default filter), against the raw index query of the same words, every
  match (SQLite: ``SELECT rowid FROM search_ticket WHERE search_ticket MATCH '"w1"
  "w2"'``; PostgreSQL: ``SELECT id FROM search_ticket WHERE body LIKE '%w1%' AND
  …``).  The word is the name of client 42's portal (:func:`search_text`).
* **global search**: :func:`b24desk.store.search.global_search` against the raw
  index query of every kind (``LIMIT per_kind + 1`` each).
* **open a tab**: each list tab's count and first page (clients, coupons, tickets,
  invoices, quotes), ``huge`` against ``large``; the worst tab is the figure.

Everything here runs in this process through the store (no
Qt): the times are the store's, as the tabs call it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

#: The client whose company is searched for (present in every size of seed 1).
SEARCH_CLIENT_ID = 42
#: Rows of a tab's first page.
PAGE_SIZE = 200
#: Global search: hits per kind (the contract's default).
PER_KIND = 5
TABS = ("clients", "coupons", "tickets", "invoices", "quotes")


@dataclass(frozen=True)
class Office:
    """One generated demo office to measure: its engine, size and database."""

    engine: str  # "sqlite" or "postgres"
    size: str
    target: str  # a file path or a postgresql:// URL


@contextmanager
def opened(office: Office) -> Iterator[Any]:
    from b24desk.store.db import close_database, open_database

    db = open_database(office.target, create=False)
    try:
        yield db
    finally:
        close_database()


def search_text() -> str:
    """The name of client 42's portal ("servicoscruzeiro" of
    https://servicoscruzeiro.bitrix24.com.br), as a support desk types it: the same
    client in every size of the same seed, so the hits stay a handful of tickets and
    the ``huge`` / ``large`` ratio measures the index, not a longer list (a company
    name recurs with the office's size: "Serviços 5 Cruzeiro")."""
    from urllib.parse import urlparse

    from b24desk.store import models as m

    portal = m.Client.select(m.Client.portal_url).where(m.Client.id == SEARCH_CLIENT_ID).scalar()
    host = urlparse(str(portal or "")).hostname or ""
    return host.split(".")[0]


def _clock(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _samples(action: Callable[[], object], runs: int) -> list[float]:
    action()  # warm-up: imports, caches, pages of the database
    return [_clock(action) for _ in range(runs)]


def raw_index_query(
    db: Any, kind: str, folded_words: list[str], limit: int | None = None
) -> list[Any]:
    """The floor: the search table of ``kind`` queried by hand, no store code — every
    matching id (a search must at least find them all), or the first ``limit``."""
    table = f"search_{kind}"
    tail = "" if limit is None else f" LIMIT {limit}"
    if db.__class__.__name__.startswith("Sqlite"):
        match = " ".join('"' + w.replace('"', '""') + '"' for w in folded_words)
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ?{tail}"
        return db.execute_sql(sql, (match,)).fetchall()
    where = " AND ".join(["body LIKE %s"] * len(folded_words))
    sql = f"SELECT id FROM {table} WHERE {where}{tail}"
    return db.execute_sql(sql, ["%" + w + "%" for w in folded_words]).fetchall()


def ticket_keystroke(text: str) -> Callable[[], object]:
    """The Tickets tab's work for one keystroke: count and first page."""
    from b24desk.store.tickets import ticket_listing

    listing = ticket_listing(lambda: datetime.now(UTC))
    filters = {"status": "all"}

    def run() -> object:
        listing.count(text, filters)
        return listing.page(0, PAGE_SIZE, text, filters)

    return run


@dataclass
class SearchSamples:
    text: str
    keystroke: list[float]
    keystroke_floor: list[float]
    global_search: list[float]
    global_floor: list[float]


def bench_search(office: Office, runs: int) -> SearchSamples:
    """Samples of the search figures on ``office``."""
    from b24desk.store import search

    with opened(office) as db:
        text = search_text()
        words = search.fold(text).split()
        keystroke = ticket_keystroke(text)
        ks: list[float] = []
        ks_floor: list[float] = []
        gl: list[float] = []
        gl_floor: list[float] = []
        keystroke()
        raw_index_query(db, "ticket", words)
        search.global_search(text, PER_KIND)
        for _ in range(runs):  # interleaved: drift hits both sides alike
            ks.append(_clock(keystroke))
            ks_floor.append(_clock(lambda: raw_index_query(db, "ticket", words)))
            gl.append(_clock(lambda: search.global_search(text, PER_KIND)))
            gl_floor.append(
                _clock(
                    lambda: [
                        raw_index_query(db, kind, words, PER_KIND + 1) for kind in search.KINDS
                    ]
                )
            )
    return SearchSamples(text, ks, ks_floor, gl, gl_floor)


def tab_listings() -> dict[str, tuple[Any, dict[str, Any]]]:
    """Each list tab's listing and the filters it opens with (store calls, as the tabs)."""
    from b24desk.store.clients import client_listing
    from b24desk.store.coupons import coupon_listing
    from b24desk.store.invoices import invoice_listing
    from b24desk.store.quotes import quote_listing
    from b24desk.store.tickets import ticket_listing

    today = date.today()
    return {
        "clients": (client_listing(today), {}),
        "coupons": (coupon_listing(today), {}),
        "tickets": (ticket_listing(lambda: datetime.now(UTC)), {"status": "open"}),
        "invoices": (invoice_listing(today), {}),
        "quotes": (quote_listing(today), {}),
    }


def bench_tabs(office: Office, runs: int) -> dict[str, list[float]]:
    """Per tab: seconds for its count and first page."""
    out: dict[str, list[float]] = {}
    with opened(office):
        for name, (listing, filters) in tab_listings().items():

            def first_page(listing: Any = listing, filters: dict[str, Any] = filters) -> object:
                listing.count("", filters)
                return listing.page(0, PAGE_SIZE, "", filters)

            out[name] = _samples(first_page, runs)
    return out


def scale_rows(base: Office, big: Office, runs: int) -> list[Any]:
    """The rows of issue #18 for one engine: ``base`` is the large office, ``big`` the
    huge one (the same office when only one size is measured)."""
    from benchmarks.run import GLOBAL, KEYSTROKE, KEYSTROKE_FLAT, OPEN_TAB, Row, median

    rows: list[Row] = []
    small_search = bench_search(base, runs)
    big_search = bench_search(big, runs) if big != base else small_search
    words = f'"{small_search.text}"'
    raw = "raw FTS5 MATCH" if base.engine == "sqlite" else "raw LIKE on search_ticket"
    rows.append(
        Row(
            f"{KEYSTROKE}, {base.size}, {words} / {raw} (every match)",
            median(small_search.keystroke),
            median(small_search.keystroke_floor),
            "ms",
            2.0,
            samples={"b24desk": small_search.keystroke, "floor": small_search.keystroke_floor},
        )
    )
    rows.append(
        Row(
            f"{KEYSTROKE_FLAT}: {big.size} / {base.size}, {words}",
            median(big_search.keystroke),
            median(small_search.keystroke),
            "ms",
            1.5,
            samples={"b24desk": big_search.keystroke, "floor": small_search.keystroke},
        )
    )
    rows.append(
        Row(
            f"{GLOBAL} ({big.size}, {words}) / raw index query per kind",
            median(big_search.global_search),
            median(big_search.global_floor),
            "ms",
            3.0,
            samples={"b24desk": big_search.global_search, "floor": big_search.global_floor},
        )
    )
    small_tabs = bench_tabs(base, runs)
    big_tabs = bench_tabs(big, runs) if big != base else small_tabs
    ratios = {
        name: (median(big_tabs[name]) or 0) / (median(small_tabs[name]) or 1) for name in TABS
    }
    worst = max(ratios, key=ratios.__getitem__)
    rows.append(
        Row(
            f"{OPEN_TAB}: {big.size} / {base.size} (worst: {worst}; "
            + ", ".join(f"{n} {r:.2f}×" for n, r in ratios.items())
            + ")",
            median(big_tabs[worst]),
            median(small_tabs[worst]),
            "ms",
            1.5,
            samples={"b24desk": big_tabs[worst], "floor": small_tabs[worst]},
        )
    )
    return rows
