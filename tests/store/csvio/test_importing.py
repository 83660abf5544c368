"""Previews and imports (store/csvio/importing.py): a mapping that does not fit,
progress and cancelling, change notices, batches, damaged lines; and fuzzing of
the preview."""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import peewee
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from b24desk.store import events
from b24desk.store import models as m
from b24desk.store.csvio.fields import import_fields
from b24desk.store.csvio.files import CsvError, CsvRow, CsvTable, parse_csv
from b24desk.store.csvio.importing import (
    ImportInterruptedError,
    apply_import,
    preview_import,
)
from b24desk.store.errors import StoreError

NOW = datetime(2026, 11, 20, 11, 0, tzinfo=ZoneInfo("Pacific/Auckland"))
TODAY = date(2026, 11, 20)


# =========================================================================== mapping


def test_a_mapping_that_does_not_fit_is_a_csv_error(db: peewee.Database) -> None:
    table = parse_csv(b"Company,Email\nAcme,a@acme.com\n")
    with pytest.raises(CsvError):
        preview_import(table, ["company"], "clients")
    with pytest.raises(CsvError):
        preview_import(table, ["company", "company"], "clients")
    with pytest.raises(CsvError):
        preview_import(table, ["company", "password"], "clients")


# =========================================================================== progress


class Stop(Exception):
    pass


def test_progress_and_a_stopped_import_writes_nothing(
    db: peewee.Database, heard: list[str]
) -> None:
    table = parse_csv(("Company\n" + "".join(f"C{i}\n" for i in range(50))).encode())
    calls: list[tuple[int, int]] = []
    preview = preview_import(table, ["company"], "clients", progress=lambda *a: calls.append(a))
    assert calls[0] == (0, 50) and calls[-1] == (50, 50) and len(calls) < 10

    def stop_at_40(done: int, total: int) -> None:
        if done >= 40:
            raise Stop

    with pytest.raises(Stop):
        apply_import(preview, stop_at_40)
    assert m.Client.select().count() == 0 and heard == []


def test_notices_of_other_threads_are_not_held(db: peewee.Database, heard: list[str]) -> None:
    def other_thread(done: int, total: int) -> None:
        if done == 0:
            worker = threading.Thread(target=events.notify, args=(events.OFFICE,))
            worker.start()
            worker.join()

    preview = preview_import(parse_csv(b"Company\nAcme\n"), ["company"], "clients")
    apply_import(preview, other_thread)
    assert heard == [events.OFFICE, events.CLIENTS]


# =========================================================================== batches


def _count_clients_elsewhere(target: str) -> int:
    """The clients another desk sees now, through a connection of its own."""
    if target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(target) as con:
            return con.execute('SELECT count(*) FROM "client"').fetchone()[0]
    import sqlite3

    con = sqlite3.connect(target)
    try:
        return con.execute('SELECT count(*) FROM "client"').fetchone()[0]
    finally:
        con.close()


def test_import_commits_in_batches_so_other_desks_need_not_wait(
    db: peewee.Database, db_target: str
) -> None:
    """Issue #13.5: "'database is locked' after 10 s while a CSV import holds the write
    lock for 27 s (import in batches…)".  Each batch of 200 rows is its own
    transaction: while the third batch runs, another desk already sees 400 rows."""
    table = parse_csv(("Company\n" + "".join(f"C{i:03d}\n" for i in range(450))).encode())
    preview = preview_import(table, ["company"], "clients")
    seen: dict[int, int] = {}

    def look(done: int, total: int) -> None:
        if done in (200, 400):
            seen[done] = _count_clients_elsewhere(db_target)

    assert apply_import(preview, look) == 450
    assert seen == {200: 200, 400: 400}
    assert m.Client.select().count() == 450


def test_an_import_stopped_midway_keeps_whole_batches_and_says_so(
    db: peewee.Database, heard: list[str]
) -> None:
    table = parse_csv(("Company\n" + "".join(f"C{i:03d}\n" for i in range(450))).encode())
    preview = preview_import(table, ["company"], "clients")

    def stop_at_300(done: int, total: int) -> None:
        if done >= 300:
            raise Stop

    with pytest.raises(ImportInterruptedError) as caught:
        apply_import(preview, stop_at_300)
    assert caught.value.imported == 200
    # Header on line 1, so the 201st row is line 202: nothing from there on.
    assert "stopped at line 202" in str(caught.value)
    assert "200 rows before it were imported whole" in str(caught.value)
    assert m.Client.select().count() == 200
    assert heard == [events.CLIENTS]
    # Checked again, the rows already imported are duplicates; the rest goes in.
    again = preview_import(table, ["company"], "clients")
    assert (again.valid_count, again.invalid_count) == (250, 200)
    assert apply_import(again) == 250
    assert m.Client.select().count() == 450


def test_a_write_lock_held_by_another_desk_is_said_plainly(
    db: peewee.Database, db_path: Path
) -> None:
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("SQLite's database-wide write lock")
    import sqlite3

    preview = preview_import(parse_csv(b"Company\nAcme\n"), ["company"], "clients")
    db.execute_sql("PRAGMA busy_timeout = 200")
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="Another desk is writing"):
            apply_import(preview)
        with pytest.raises(StoreError, match="Another desk is writing"):
            preview_import(parse_csv(b"Company\nAcme\n"), ["company"], "clients")
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert apply_import(preview) == 1


# =========================================================================== damaged files


def test_one_bad_byte_in_a_utf8_file_is_reported_with_its_line(db: peewee.Database) -> None:
    """Issue #13.10: "a UTF-8 file with one bad byte is decoded whole as cp1252
    ('Café' → 'CafÃ©') without a word"."""
    data = "Company;Notes\nCafé Uno;ok\nCafé Dos;fine\n".encode() + b"Bad\xe9 Ltd;x\n"
    table = parse_csv(data)
    assert table.encoding == "utf-8"
    assert [r.cells[0] for r in table.rows] == ["Café Uno", "Café Dos", "Bad\ufffd Ltd"]
    assert list(table.problems) == [4]
    preview = preview_import(table, ["company", "notes"], "clients")
    assert preview.unreadable_lines == [4]
    assert [(e.line, e.message) for e in preview.errors] == [
        (
            4,
            "The byte 0xE9 at character 4 of line 4 is not UTF-8, though the rest of the "
            "file is. Correct the character in the file (save it as UTF-8 again) or skip "
            "the row.",
        )
    ]
    # Nothing is imported until the line is corrected or skipped on purpose.
    with pytest.raises(CsvError, match="Line 4 of the file cannot be read"):
        apply_import(preview)
    assert m.Client.select().count() == 0
    assert apply_import(preview, skip_unreadable=True) == 2
    assert sorted(c.company for c in m.Client.select()) == ["Café Dos", "Café Uno"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        # The closing quote is missing: the rest of the file became one cell.
        ('Company;Email\nAcme;a@b.nz\n"Big Co;x@y.nz\nBeta;b@c.nz\n', 3, "quote is missing"),
        # The quote opened on line 2 "closes" inside line 3: lines 2 and 3 merged.
        ('Company;Email\nAcme;"Big Co\nBeta;"b@c.nz"\nGamma;g@c.nz\n', 2, "lines 2\u20133"),
        # A lone quote inside a quoted cell, on one line.
        ('Company;Email\n"Big "Co";x@y.nz\nGamma;g@c.nz\n', 2, "quotes that do not match"),
    ],
)
def test_an_unbalanced_quote_is_reported_where_the_field_starts(
    db: peewee.Database, text: str, line: int, words: str
) -> None:
    """Issue #13.10: "an unbalanced quote merges two rows into one client"."""
    table = parse_csv(text.encode())
    assert list(table.problems) == [line]
    assert words in table.problems[line]
    preview = preview_import(table, ["company", "email"], "clients")
    assert {e.line for e in preview.errors} == {line}
    assert preview.errors[0].message == table.problems[line]
    with pytest.raises(CsvError):
        apply_import(preview)
    assert m.Client.select().count() == 0


# =========================================================================== fuzzing

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

cell_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


def tables(likely_cell: st.SearchStrategy[str]) -> st.SearchStrategy[CsvTable]:
    any_cell = st.one_of(cell_text, likely_cell)

    @st.composite
    def build(draw: Any) -> CsvTable:
        width = draw(st.integers(1, 6))
        headers = tuple(draw(st.lists(cell_text, min_size=width, max_size=width)))
        rows = draw(
            st.lists(st.lists(any_cell, min_size=0, max_size=width + 1), min_size=0, max_size=4)
        )
        return CsvTable(
            headers, tuple(CsvRow(i + 2, tuple(r)) for i, r in enumerate(rows)), "utf-8", ";"
        )

    return build()


@pytest.mark.parametrize("entity", ["clients", "coupons", "tickets"])
def test_preview_raises_nothing_untyped_on_any_table(
    entity: str, plans: dict[str, m.Plan], likely_cell: st.SearchStrategy[str]
) -> None:
    m.Client.create(company="Acme Ltd", portal_url="https://acme.bitrix24.com")
    keys = [f.key for f in import_fields(entity)]

    @FUZZ
    @given(table=tables(likely_cell), data=st.data())
    def check(table: CsvTable, data: st.DataObject) -> None:
        chosen = data.draw(st.permutations([*keys, *[None] * len(table.headers)]))
        mapping = list(chosen[: len(table.headers)])
        try:
            preview = preview_import(table, mapping, entity, now=NOW, today=TODAY)
        except StoreError:
            return
        assert [r.line for r in preview.rows] == [r.line for r in table.rows]
        assert m.Client.select().count() == 1
        assert m.Coupon.select().count() == 0 and m.Ticket.select().count() == 0

    check()
