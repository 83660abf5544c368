"""b24desk's benchmarks, each beside its floor measured in the same run.

    python -m benchmarks                        # large and huge offices, SQLite
    python -m benchmarks --sizes large --runs 3
    python -m benchmarks --engine both --postgres postgresql://…   # or $B24DESK_BENCH_POSTGRES
    python -m benchmarks --office huge=/tmp/bench-huge.sqlite   # an office generated before
    python -m benchmarks --quick    # small demo office, one run: proves the harness works
    python -m benchmarks --profile DIR   # also cProfile the b24desk side of each figure

Absolute times drift from machine to machine and run to run, so every figure is a
ratio against a floor taken in the same session, runs interleaved:

* launch to the first painted window, and to a filled Today list, with the biggest
  office, against a bare PySide6 window with one empty table (and against b24desk on
  an empty database);
* issue #18 (benchmarks/scale.py): a search keystroke in the Tickets tab against the
  raw index query, the same on ``huge`` against ``large``, the global search against
  the raw index queries, and each list tab's count and first page on ``huge``
  against ``large``;
* the Tickets tab over the large office: opening it and a search keystroke, against
  the same COUNT and first-page SELECT written by hand for the sqlite3 module;
* one 10-line invoice PDF against a bare reportlab document with the same table;
* each report of the Reports tab (issue #17) against its GROUP BY written by hand for
  sqlite3, with an absolute target of 0.5 s (benchmarks/reports.py);
* the peak resident memory of a desk that shows every tab, biggest office against an
  empty one.

On PostgreSQL (second section) the launch, issue #18 and memory figures are measured
again, in one database per size beside the given URL's (``<name>_large``…).

Every process runs the same Python on Qt's offscreen platform, in a throw-away data
folder.  Each demo office is generated once (``huge`` takes minutes) into a cache
folder (``$XDG_CACHE_HOME/b24desk-benchmarks``, or ``--cache``), keyed by size, seed
and schema version.  The tables are printed and, unless ``--quick``, written to
``benchmarks/results.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROBE = HERE / "startup_probe.py"
RESULTS = HERE / "results.md"

#: Row keys (the first words of each benchmark's name; the smoke test looks for them).
STARTUP_BARE = "start-up / bare Qt"
STARTUP_EMPTY = "start-up / empty database"
SEARCH = "Tickets search keystroke"
INVOICE = "invoice PDF"
MEMORY = "peak memory"
TODAY = "launch to a filled Today list"
KEYSTROKE = "search keystroke + first page"
KEYSTROKE_FLAT = "search keystroke, cost flat in data size"
GLOBAL = "global search, first results"
OPEN_TAB = "open any tab with first page"
TARGET_ROWS = (
    STARTUP_BARE,
    STARTUP_EMPTY,
    SEARCH,
    INVOICE,
    MEMORY,
    TODAY,
    KEYSTROKE,
    KEYSTROKE_FLAT,
    GLOBAL,
    OPEN_TAB,
)

#: The search typed in the Tickets tab: an ASCII word (SQLite's LIKE folds ASCII
#: itself) and a Cyrillic one (folded by b24desk's b24_fold function).
SEARCH_WORD = "sync"
SEARCH_WORD_CYRILLIC = "синх"
DONE_STATUSES = ("resolved", "closed")
PAGE_SIZE = 200


# --------------------------------------------------------------------------- results


@dataclass
class Row:
    """One line of the table: b24desk's figure beside its floor."""

    name: str
    value: float | None
    floor: float | None
    unit: str  # "s", "ms" or "MB"
    target: float | None = None  # a ratio, for "MB" a difference, for "limit" seconds
    #: "ratio" (value / floor), "diff" (value - floor) or "limit" (value itself against
    #: an absolute target in seconds; the ratio is shown for information)
    kind: str = "ratio"
    #: Every sample behind the medians: "b24desk" and "floor".
    samples: dict[str, list[float]] = field(default_factory=dict)

    @property
    def measure(self) -> float | None:
        if self.value is None or self.floor is None:
            return None
        if self.kind == "diff":
            return self.value - self.floor
        if self.kind == "limit":
            return self.value
        return self.value / self.floor if self.floor else None

    @property
    def ok(self) -> bool | None:
        if self.target is None or self.measure is None:
            return None
        return self.measure <= self.target

    def cells(self) -> list[str]:
        def fmt(x: float | None) -> str:
            if x is None:
                return "n/a"
            if self.unit == "MB":
                return f"{x:.0f} MB"
            if self.unit == "ms":
                return f"{x * 1000:.1f} ms"
            return f"{x:.2f} s"

        measure = self.measure
        if measure is None:
            shown = "n/a"
        elif self.kind == "diff":
            shown = f"{measure:+.0f} MB"
        elif self.kind == "limit":
            shown = f"{self.value / self.floor:.2f}×" if self.value and self.floor else "n/a"
        else:
            shown = f"{measure:.2f}×"
        if self.target is None:
            target, ok = "—", "info"
        else:
            target = {"diff": f"≤ {self.target:g} MB", "limit": f"≤ {self.target:g} s"}.get(
                self.kind, f"≤ {self.target:g}×"
            )
            ok = "n/a" if self.ok is None else ("yes" if self.ok else "**no**")
        return [self.name, fmt(self.value), fmt(self.floor), shown, target, ok]


def markdown_table(rows: list[Row]) -> str:
    head = ["benchmark", "b24desk", "floor", "ratio", "target", "ok?"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def spread_lines(rows: list[Row]) -> list[str]:
    """min–max of every figure's samples, so a noisy run shows as one."""
    lines = []
    for row in rows:
        parts = []
        for side in ("b24desk", "floor"):
            values = row.samples.get(side) or []
            if values:
                scale, digits = {"ms": (1000, 1), "s": (1, 2)}.get(row.unit, (1, 0))
                low, high = min(values) * scale, max(values) * scale
                parts.append(
                    f"{side} {low:.{digits}f}–{high:.{digits}f} {row.unit} (n={len(values)})"
                )
        if parts:
            lines.append(f"{row.name}: " + "; ".join(parts))
    return lines


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def machine_description() -> str:
    return f"{platform.platform()}; {cpu_model()}; {os.cpu_count()} cores"


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


# --------------------------------------------------------------------------- set-up


def offscreen_platform(folder: Path) -> str:
    """Qt's offscreen platform with a 1920×1200 screen (as the tests use)."""
    config = folder / "screens.json"
    screen = {
        "name": "Offscreen",
        "x": 0,
        "y": 0,
        "width": 1920,
        "height": 1200,
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": 1,
    }
    config.write_text(json.dumps({"screens": [screen]}))
    return f"offscreen:configfile={config}"


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "b24desk-benchmarks"


def schema_version() -> int:
    from b24desk.store.migrations import LATEST_VERSION

    return LATEST_VERSION


def cache_name(size: str, seed: int) -> str:
    """A generated office is reused while its size, seed and schema version stay."""
    return f"{size}-seed{seed}-schema{schema_version()}"


def demo_database(size: str, cache: Path, fresh: bool, env: dict[str, str], seed: int = 1) -> Path:
    """The cached demo office of ``size`` (generated with b24desk's own command)."""
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"{cache_name(size, seed)}.sqlite"
    if target.exists() and not fresh:
        return target
    target.unlink(missing_ok=True)
    print(f"generating the {size} demo office into {target} (once)…", flush=True)
    partial = target.with_suffix(".partial")
    for leftover in cache.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    command = ["demo-data", "--db", str(partial), "--size", size, "--seed", str(seed)]
    subprocess.run(
        [sys.executable, "-m", "b24desk", *command],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    partial.replace(target)
    print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    return target


def empty_database(path: Path, env: dict[str, str]) -> Path:
    """A database with the current schema and no data."""
    code = (
        "import sys\nfrom b24desk.store.db import close_database, open_database\n"
        "open_database(sys.argv[1]); close_database()\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, env=env, check=True)
    return path


# --------------------------------------------------------------------------- start-up


def probe_args(mode: str, db: Path | str | None) -> list[str]:
    args = [sys.executable, str(PROBE), mode]
    if db is not None:
        args += ["--", "--db", str(db), "--lang", "en"]
    return args


def timed_probe(mode: str, db: Path | str | None, env: dict[str, str]) -> float:
    """Seconds from launching the probe process to its exit at first paint."""
    started = time.perf_counter()
    result = subprocess.run(
        probe_args(mode, db), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0 or "painted" not in result.stdout:
        raise RuntimeError(f"probe {mode} {db} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def bench_startup(
    office: Path | str,
    empty: Path | None,
    env: dict[str, str],
    runs: int,
    warmup: bool,
    size: str = "large",
) -> list[Row]:
    """Launch to first paint against a bare Qt window (and b24desk on an empty
    database, SQLite only), and launch to a filled Today list against the bare window."""
    samples: dict[str, list[float]] = {"bare": [], "empty": [], "desk": [], "today": []}
    cases: list[tuple[str, str, Path | str | None]] = [
        ("bare", "bare", None),
        ("desk", "desk", office),
        ("today", "filled", office),
    ]
    if empty is not None:
        cases.insert(1, ("empty", "desk", empty))
    if warmup:
        for _name, mode, db in cases:
            timed_probe(mode, db, env)
    for _ in range(runs):  # interleaved, so drift hits all alike
        for name, mode, db in cases:
            samples[name].append(timed_probe(mode, db, env))
    desk_s = median(samples["desk"])
    rows = [
        Row(
            f"{STARTUP_BARE} (launch to first paint, {size} office)",
            desk_s,
            median(samples["bare"]),
            "s",
            1.5,
            samples={"b24desk": samples["desk"], "floor": samples["bare"]},
        ),
        Row(
            f"{TODAY} ({size} office) / bare Qt window",
            median(samples["today"]),
            median(samples["bare"]),
            "s",
            2.5,
            samples={"b24desk": samples["today"], "floor": samples["bare"]},
        ),
    ]
    if empty is not None:
        rows.insert(
            1,
            Row(
                f"{STARTUP_EMPTY} (first paint, {size} office)",
                desk_s,
                median(samples["empty"]),
                "s",
                1.1,
                samples={"b24desk": samples["desk"], "floor": samples["empty"]},
            ),
        )
    return rows


# --------------------------------------------------------------------------- memory


def peak_rss_mb(db: Path | str, env: dict[str, str]) -> float | None:
    """Peak resident size of a desk that shows every tab, in MB (None if unknown)."""
    if not hasattr(os, "wait4"):
        return None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(probe_args("tabs", db), cwd=ROOT, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0 or b"painted" not in out.read():
            raise RuntimeError(f"memory probe on {db} failed:\n{err.read().decode()}")
    # ru_maxrss: kilobytes on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return usage.ru_maxrss / scale


def bench_memory(
    large: Path | str, empty: Path, env: dict[str, str], runs: int, size: str, target: float = 80
) -> Row:
    samples: dict[str, list[float]] = {"empty": [], "large": []}
    for _ in range(runs):
        for name, db in (("empty", empty), ("large", large)):
            value = peak_rss_mb(db, env)
            if value is not None:
                samples[name].append(value)
    return Row(
        f"{MEMORY}, every tab shown: {size} office − empty",
        median(samples["large"]),
        median(samples["empty"]),
        "MB",
        target,
        kind="diff",
        samples={"b24desk": samples["large"], "floor": samples["empty"]},
    )


# --------------------------------------------------------------------------- tickets


def _raw_ticket_sql(words: list[str], fold: bool) -> tuple[str, str, list[Any]]:
    """COUNT and first-page SELECT of the ticket queue (open tickets, default order),
    as ``b24desk.store.tickets.ticket_listing`` builds them, written for sqlite3."""
    columns = ("t.tid", "t.subject", "c.company", "t.vendor_ticket_id", "t.assignee")
    where = ["t.status NOT IN (?, ?)"]
    params: list[Any] = list(DONE_STATUSES)
    for word in words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        expr = "b24_fold({})" if fold else "{}"
        where.append(
            "(" + " OR ".join(f"{expr.format(col)} LIKE ? ESCAPE '\\'" for col in columns) + ")"
        )
        params += [pattern] * len(columns)
    base = " FROM ticket AS t JOIN client AS c ON t.client_id = c.id WHERE " + " AND ".join(where)
    count_sql = "SELECT COUNT(*)" + base
    page_sql = (
        "SELECT t.id, t.tid, t.subject, t.sla_level, t.status, t.urgency, t.assignee,"
        " t.vendor_ticket_id, t.created_at, t.clock_started_at, t.first_reply_at,"
        " t.waiting_since, t.due_at, c.company"
        + base
        + " ORDER BY CASE t.urgency WHEN 'high' THEN 0 ELSE 1 END,"
        " CASE WHEN (t.first_reply_at IS NULL OR t.first_reply_at < t.clock_started_at)"
        " AND t.status NOT IN ('waiting', 'resolved', 'closed') THEN 0"
        " WHEN t.status IN ('resolved', 'closed') THEN 2 ELSE 1 END,"
        f" t.due_at ASC NULLS LAST, t.id LIMIT {PAGE_SIZE} OFFSET 0"
    )
    return count_sql, page_sql, params


def raw_ticket_query(conn: sqlite3.Connection, text: str) -> tuple[int, list[Any]]:
    words = text.casefold().split()
    fold = any(not w.isascii() for w in words)
    count_sql, page_sql, params = _raw_ticket_sql(words, fold)
    count = conn.execute(count_sql, params).fetchone()[0]
    return count, conn.execute(page_sql, params).fetchall()


def raw_connection(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(db))
    conn.execute("PRAGMA foreign_keys = 1")
    conn.create_function(
        "b24_fold", 1, lambda s: s.casefold() if isinstance(s, str) else s, deterministic=True
    )
    return conn


@contextlib.contextmanager
def desk_context(db: Path) -> Iterator[Any]:
    """The QApplication, the open database and the DeskContext, as b24desk.app.run."""
    import b24desk.app  # noqa: F401 - the refcount guard first
    from b24desk.app import make_application
    from b24desk.clock import OfficeClock
    from b24desk.store.db import close_database, open_database
    from b24desk.ui.context import DeskContext
    from b24desk.ui.language import LanguageManager
    from b24desk.ui.signals import DataSignals

    app = make_application()
    language = LanguageManager(app)
    language.set_language("en")
    open_database(db)
    clock = OfficeClock()
    try:
        yield DeskContext(clock=clock, signals=DataSignals(app), language=language)
    finally:
        clock.detach()
        close_database()


def _clock(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bench_tickets(db: Path, runs: int, profile: Path | None) -> list[Row]:
    from b24desk.ui.tickets import tab as ui_tickets

    conn = raw_connection(db)
    tab_s: list[float] = []
    raw_open_s: list[float] = []
    search_s: dict[str, list[float]] = {SEARCH_WORD: [], SEARCH_WORD_CYRILLIC: []}
    raw_search_s: dict[str, list[float]] = {SEARCH_WORD: [], SEARCH_WORD_CYRILLIC: []}
    rows: list[Row] = []
    with desk_context(db) as ctx:
        count = None

        def open_tab() -> Any:
            tab = ui_tickets.build_tab(ctx)
            tab.model.row_object(0)
            return tab

        def drop(tab: Any) -> None:
            tab.setParent(None)
            tab.deleteLater()

        drop(open_tab())  # warm-up: imports, caches, SQLite pages
        raw_ticket_query(conn, "")
        for _ in range(runs):
            started = time.perf_counter()
            built = open_tab()
            tab_s.append(time.perf_counter() - started)
            drop(built)
            raw_open_s.append(_clock(lambda: raw_ticket_query(conn, "")))
        tab = open_tab()
        count = tab.model.rowCount()

        def keystroke(word: str) -> None:
            tab.list.search.setText(word)
            tab.list.apply_search()
            tab.model.row_object(0)

        for word in search_s:
            keystroke("")
            keystroke(word)  # warm-up
            raw_ticket_query(conn, word)
            for _ in range(runs):
                keystroke("")
                search_s[word].append(_clock(lambda w=word: keystroke(w)))  # type: ignore[misc]
                raw_search_s[word].append(_clock(lambda w=word: raw_ticket_query(conn, w)))
            # The two must agree, or the floor is not the same query.
            keystroke(word)
            raw_count, raw_page = raw_ticket_query(conn, word)
            if raw_count != tab.model.rowCount() or [r[0] for r in raw_page[:50]] != [
                tab.model.row_id(i) for i in range(min(50, raw_count))
            ]:
                raise RuntimeError(f"the raw query does not match the tab for {word!r}")
        if profile is not None:
            keystroke("")
            profiler = cProfile.Profile()
            profiler.enable()
            keystroke(SEARCH_WORD)
            profiler.disable()
            profiler.dump_stats(profile / "tickets-search.prof")
            profiler = cProfile.Profile()
            profiler.enable()
            drop(open_tab())
            profiler.disable()
            profiler.dump_stats(profile / "tickets-open.prof")
        drop(tab)
    conn.close()
    label = f"{count} open of " if count is not None else ""
    total = sqlite3.connect(str(db)).execute("SELECT COUNT(*) FROM ticket").fetchone()[0]
    rows.append(
        Row(
            f"Tickets tab open + first page ({label}{total} tickets) / raw SQL",
            median(tab_s),
            median(raw_open_s),
            "ms",
            samples={"b24desk": tab_s, "floor": raw_open_s},
        )
    )
    rows.append(
        Row(
            f'{SEARCH} "{SEARCH_WORD}" + first page / raw SQL',
            median(search_s[SEARCH_WORD]),
            median(raw_search_s[SEARCH_WORD]),
            "ms",
            3.0,
            samples={"b24desk": search_s[SEARCH_WORD], "floor": raw_search_s[SEARCH_WORD]},
        )
    )
    rows.append(
        Row(
            f'Tickets search, Cyrillic "{SEARCH_WORD_CYRILLIC}" (folded) / raw SQL + same fold',
            median(search_s[SEARCH_WORD_CYRILLIC]),
            median(raw_search_s[SEARCH_WORD_CYRILLIC]),
            "ms",
            samples={
                "b24desk": search_s[SEARCH_WORD_CYRILLIC],
                "floor": raw_search_s[SEARCH_WORD_CYRILLIC],
            },
        )
    )
    return rows


# --------------------------------------------------------------------------- invoice


def invoice_document() -> Any:
    from b24desk.pdf.invoice import DocumentLine, InvoiceDocument, Letterhead, Party

    office = Letterhead(
        name="Kiwi Cloud Partners Ltd",
        address="Level 4, 110 Customs Street West\nAuckland 1010",
        country="NZ",
        tax_number="123-456-789",
        email="desk@kiwicloud.co.nz",
        phone="+64 9 379 0142",
        website="https://kiwicloud.co.nz",
        bank_details="ANZ 01-0102-0123456-00",
        refund_policy="No refunds after activation.",
    )
    lines = tuple(
        DocumentLine(
            f"Bitrix24 Professional, 12 months, portal {n}",
            Decimal(n),
            Decimal("249.00"),
            discount=Decimal("0.10") if n % 3 == 0 else Decimal(0),
            tax_rate=Decimal("0.15"),
        )
        for n in range(1, 11)
    )
    return InvoiceDocument(
        kind="invoice",
        number="INV-2026-0007",
        issue_date=dt.date(2026, 11, 21),
        due_date=dt.date(2026, 12, 5),
        currency="NZD",
        language="en",
        office=office,
        client=Party(name="Kauri Dental Ltd", address="1 Queen St\nAuckland", country="NZ"),
        lines=lines,
        payment_methods=("bank_deposit", "visa"),
    )


def bare_reportlab_pdf(doc: Any) -> bytes:
    """The floor: one A4 page with the same 10-line table in the same fonts, nothing else."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from b24desk import paths

    if "BenchSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BenchSans", str(paths.font_path(bold=False))))
        pdfmetrics.registerFont(TTFont("BenchSans-Bold", str(paths.font_path(bold=True))))
    cell = ParagraphStyle("cell", fontName="BenchSans", fontSize=9, leading=11)
    head = ParagraphStyle("head", fontName="BenchSans-Bold", fontSize=9, leading=11)
    rows = [
        [
            Paragraph(t, head)
            for t in ("Description", "Qty", "Unit price", "Discount", "Tax", "Net amount")
        ]
    ]
    for line in doc.lines:
        net = line.quantity * line.unit_price * (1 - line.discount)
        rows.append(
            [
                # The same table as the invoice's: the description wraps, numbers are
                # plain cell strings.
                Paragraph(line.description, cell),
                str(line.quantity),
                f"${line.unit_price:,.2f}",
                f"{line.discount * 100:.0f}%" if line.discount else "—",
                f"{line.tax_rate * 100:.0f}%",
                f"${net:,.2f}",
            ]
        )
    table = Table(
        rows, colWidths=[70 * mm, 15 * mm, 26 * mm, 16 * mm, 15 * mm, 32 * mm], repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (1, 1), (-1, -1), "BenchSans"),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e7eb")),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#cbd2d9")),
            ]
        )
    )
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1, initialFontName="BenchSans").build([table])
    return buffer.getvalue()


def bench_invoice(runs: int, profile: Path | None) -> Row:
    from b24desk.pdf.invoice import render_invoice

    doc = invoice_document()
    for _ in range(2):  # warm-up: fonts parsed, catalogs compiled, modules imported
        render_invoice(doc)
        bare_reportlab_pdf(doc)
    desk_s: list[float] = []
    bare_s: list[float] = []
    for _ in range(max(runs, 5) * 3):  # each render is short: more samples
        desk_s.append(_clock(lambda: render_invoice(doc)))
        bare_s.append(_clock(lambda: bare_reportlab_pdf(doc)))
    if profile is not None:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(10):
            render_invoice(doc)
        profiler.disable()
        profiler.dump_stats(profile / "invoice.prof")
    return Row(
        INVOICE + ", 10 lines / bare reportlab table",
        median(desk_s),
        median(bare_s),
        "ms",
        1.5,
        samples={"b24desk": desk_s, "floor": bare_s},
    )


# --------------------------------------------------------------------------- main


def print_profile(path: Path, limit: int = 25) -> None:
    print(f"\n### {path.name} (cumulative, top {limit})")
    stats = pstats.Stats(str(path), stream=sys.stdout)
    stats.strip_dirs().sort_stats("cumulative").print_stats(limit)


def write_results(path: Path, notes: list[str], sections: list[tuple[str, list[Row]]]) -> None:
    lines = [
        "# b24desk benchmarks",
        "",
        "Written by `python -m benchmarks` (medians; each figure beside its floor measured",
        "in the same run; see benchmarks/run.py and benchmarks/scale.py for what is measured).",
        "",
        *[f"* {note}" for note in notes],
    ]
    for title, rows in sections:
        lines += [
            "",
            f"## {title}",
            "",
            markdown_table(rows),
            "",
            "Spread of the samples (min–max):",
            "",
        ]
        lines += [f"* {line}" for line in spread_lines(rows)]
    path.write_text("\n".join([*lines, ""]), encoding="utf-8")


SIZE_ORDER = ("small", "large", "huge")


def parse_offices(values: list[str]) -> dict[str, str]:
    """``--office SIZE=FILE_OR_URL`` options: offices already generated, used as they are."""
    out: dict[str, str] = {}
    for value in values:
        size, sep, target = value.partition("=")
        if not sep or size not in SIZE_ORDER or not target:
            raise SystemExit(f"--office {value!r}: expected SIZE=FILE or SIZE=postgresql://…")
        out[size] = target
    return out


def postgres_office(url: str, size: str, seed: int, env: dict[str, str]) -> str:
    """The PostgreSQL database ``<name>_<size>`` beside ``url``'s (the benchmarks' own):
    reused when it holds the demo office of ``size`` at the current schema, else made
    again and filled (the role must be allowed to create databases, or an
    administrator creates it beforehand, empty)."""
    from urllib.parse import urlparse, urlunparse

    from b24desk.store.demo.base import SIZES

    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/') or 'b24desk'}_{size}"
    target = urlunparse(parsed._replace(path="/" + name))
    import psycopg

    # It may exist already, or the role may not create databases: then it must exist.
    with contextlib.suppress(psycopg.Error), psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(target, autocommit=True) as conn:
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables")}
        tickets = version = 0
        if "ticket" in tables and "schema_version" in tables:
            tickets = conn.execute("SELECT COUNT(*) FROM ticket").fetchone()[0]  # type: ignore[index]
            version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]  # type: ignore[index]
    if tickets == SIZES[size].tickets and version == schema_version():
        return target
    if tickets:  # an older schema or another office: this database is the benchmarks' own
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    print(f"generating the {size} demo office into PostgreSQL {name} (once)…", flush=True)
    command = ["demo-data", "--db", target, "--size", size, "--seed", str(seed)]
    subprocess.run(
        [sys.executable, "-m", "b24desk", *command], cwd=ROOT, env=env, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return target


def engine_section(
    engine: str,
    offices: dict[str, Path | str],
    empty: Path,
    env: dict[str, str],
    runs: int,
    quick: bool,
    profile: Path | None,
) -> list[Row]:
    """Every figure of one engine: ``offices`` by size, smallest first."""
    from benchmarks.scale import Office, scale_rows

    sizes = list(offices)
    base, big = sizes[0], sizes[-1]
    print(f"[{engine}] start-up ({runs} runs)…", flush=True)
    rows = bench_startup(
        offices[big], empty if engine == "sqlite" else None, env, runs, warmup=not quick, size=big
    )
    print(f"[{engine}] search and list tabs…", flush=True)
    rows += scale_rows(
        Office(engine, base, str(offices[base])), Office(engine, big, str(offices[big])), runs
    )
    if engine == "sqlite":
        print("[sqlite] tickets tab…", flush=True)
        if profile is not None:
            profile.mkdir(parents=True, exist_ok=True)
        rows += bench_tickets(Path(offices[base]), runs, profile)
        print("[sqlite] invoice PDF…", flush=True)
        rows.append(bench_invoice(runs, profile))
        print("[sqlite] reports…", flush=True)
        from benchmarks.reports import bench_reports

        rows += bench_reports(Path(offices[base]), runs, base, profile)
    print(f"[{engine}] peak memory…", flush=True)
    rows.append(bench_memory(offices[big], empty, env, runs, big, 80 if big == "huge" else 60))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small demo office, one run, no results file (a smoke test)",
    )
    parser.add_argument(
        "--sizes", default="large,huge", help="demo offices, smallest first (default large,huge)"
    )
    parser.add_argument(
        "--engine", choices=("sqlite", "postgres", "both"), help="default: both with a server URL"
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("B24DESK_BENCH_POSTGRES", ""),
        help="PostgreSQL server URL (default $B24DESK_BENCH_POSTGRES); one database per size",
    )
    parser.add_argument("--seed", type=int, default=1, help="demo office seed (default 1)")
    parser.add_argument(
        "--office",
        action="append",
        default=[],
        metavar="SIZE=DB",
        help="use this generated SQLite office for SIZE (e.g. huge=/tmp/bench-huge.sqlite)",
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--out", type=Path, help=f"results file (default {RESULTS})")
    parser.add_argument(
        "--cache", type=Path, default=default_cache(), help="folder of the generated demo offices"
    )
    parser.add_argument("--fresh", action="store_true", help="generate the demo offices again")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="cProfile the b24desk side of each figure into DIR and print it",
    )
    args = parser.parse_args(argv)
    runs = 1 if args.quick else max(1, args.runs)
    sizes = ["small"] if args.quick else [x for x in args.sizes.split(",") if x]
    if not sizes or any(x not in SIZE_ORDER for x in sizes):
        parser.error(f"--sizes: choose among {', '.join(SIZE_ORDER)}")
    sizes.sort(key=SIZE_ORDER.index)
    engine = args.engine or ("both" if args.postgres else "sqlite")
    engines = ["sqlite", "postgres"] if engine == "both" else [engine]
    if "postgres" in engines and not args.postgres:
        parser.error("--engine postgres needs --postgres URL or $B24DESK_BENCH_POSTGRES")
    given = parse_offices(args.office)
    out = args.out if args.out is not None else (None if args.quick else RESULTS)

    session = Path(tempfile.mkdtemp(prefix="b24desk-bench-"))
    # One platform and one throw-away data folder for this process and every child.
    os.environ["QT_QPA_PLATFORM"] = offscreen_platform(session)
    os.environ["B24DESK_HOME"] = str(session / "home")
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    # An installed desk runs from compiled bytecode (pip and PyInstaller compile it);
    # without .pyc files every start-up would compile b24desk from source again.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    env = dict(os.environ)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    sections: list[tuple[str, list[Row]]] = []
    try:
        empty = empty_database(session / "empty.sqlite", env)
        started = time.perf_counter()
        for name in engines:
            offices: dict[str, Path | str] = {}
            for size in sizes:
                if name == "postgres":
                    offices[size] = postgres_office(args.postgres, size, args.seed, env)
                    continue
                cached = Path(given[size]) if size in given else None
                if cached is None:
                    cached = demo_database(size, args.cache, args.fresh, env, args.seed)
                copy = session / f"{size}.sqlite"
                shutil.copyfile(cached, copy)  # the desk may write to it: never to the cache
                offices[size] = copy
            title = "SQLite" if name == "sqlite" else "PostgreSQL"
            rows = engine_section(name, offices, empty, env, runs, args.quick, args.profile)
            sections.append((title, rows))
        if args.profile is not None and "sqlite" in engines:
            profile_env = {**env, "B24DESK_PROBE_PROFILE": str(args.profile / "startup.prof")}
            timed_probe("desk", session / f"{sizes[-1]}.sqlite", profile_env)
        elapsed = time.perf_counter() - started
    finally:
        shutil.rmtree(session, ignore_errors=True)

    from b24desk import __version__

    notes = [
        f"date: {dt.datetime.now().astimezone().isoformat(timespec='minutes')}",
        f"machine: {machine_description()}",
        f"Python {platform.python_version()}, b24desk {__version__}, Qt platform offscreen",
        f"demo offices: {', '.join(sizes)} (seed {args.seed}); {runs} run(s) per figure"
        + (" (quick mode: not representative)" if args.quick else ""),
    ]
    print()
    for note in notes:
        print(note)
    for title, rows in sections:
        print(f"\n## {title}\n")
        print(markdown_table(rows))
        print("\nspread (min–max):")
        for line in spread_lines(rows):
            print(f"  {line}")
    print(f"\n(measured in {elapsed:.0f} s)")
    if out is not None:
        write_results(out, notes, sections)
        print(f"written to {out}")
    if args.profile is not None:
        for name in ("startup.prof", "tickets-open.prof", "tickets-search.prof", "invoice.prof"):
            if (args.profile / name).exists():
                print_profile(args.profile / name)
        for path in sorted(args.profile.glob("report-*.prof")):
            print_profile(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
