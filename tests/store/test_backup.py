"""Daily backups and their rotation, backup and restore by hand, the portable export."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import threading
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import peewee
import pytest

from b24desk import paths
from b24desk.store import backup, portable
from b24desk.store import models as m
from b24desk.store.db import close_database, open_database, transaction
from b24desk.store.demo.builder import generate_demo
from b24desk.store.errors import DatabaseOpenError, StoreError
from b24desk.store.migrations import LATEST_VERSION
from b24desk.store.search import register_sqlite_connection

DEMO_TODAY = date(2026, 11, 20)


@pytest.fixture
def sqlite_db(db_path: Path) -> Iterator[peewee.Database]:
    """The open SQLite database file of this test (backups copy files)."""
    database = open_database(db_path)
    yield database
    close_database()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tiny_sqlite(path: Path) -> Path:
    """An empty b24desk database file (a backup copies b24desk databases only), made
    without touching the database the test may have open."""
    from b24desk.store.db import opened_here

    with opened_here(str(path)):
        pass
    return path


def foreign_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
    return path


def closed_database(path: Path, *companies: str) -> Path:
    """A b24desk database file with these clients, closed again."""
    open_database(path)
    try:
        for company in companies:
            m.Client.create(company=company)
    finally:
        close_database()
    return path


def table_rows() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the open database, as Python values, by id."""
    return {
        model._meta.table_name: list(
            model.select(*model._meta.sorted_fields).order_by(model._meta.primary_key).tuples()
        )
        for model in m.ALL_MODELS
    }


def companies(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT company FROM client ORDER BY id")]
    finally:
        conn.close()


# -- daily backups --------------------------------------------------------------------


def test_daily_backup_once_a_day(sqlite_db: peewee.Database, db_path: Path) -> None:
    m.Client.create(company="Kea Ltd")
    first = backup.daily_backup(db_path, date(2026, 11, 21))
    own = backup.backup_folder_for(db_path)  # the database's own folder (#13.9)
    assert own.parent == paths.backups_dir() and own.name.startswith("test-")
    assert first == own / "test-2026-11-21.sqlite"
    assert backup.daily_backup(db_path, date(2026, 11, 21)) is None
    second = backup.daily_backup(db_path, date(2026, 11, 22))
    assert second is not None and second.name == "test-2026-11-22.sqlite"
    assert sorted(p.name for p in own.iterdir()) == [first.name, second.name]
    check = backup.check_backup(first)
    assert check.schema_version == LATEST_VERSION
    assert check.counts["client"] == 1
    assert companies(first) == ["Kea Ltd"]


def test_default_database_gets_the_documented_name(tmp_path: Path) -> None:
    source = tiny_sqlite(tmp_path / "b24desk.sqlite")
    made = backup.daily_backup(source, date(2026, 11, 21), folder=tmp_path / "copies")
    assert made == tmp_path / "copies" / "b24desk-2026-11-21.sqlite"


def expected_kept(days: list[date], keep_daily: int, keep_monthly: int) -> set[date]:
    newest_first = sorted(days, reverse=True)
    keep = set(newest_first[:keep_daily])
    firsts: dict[tuple[int, int], date] = {}
    for day in sorted(days):
        firsts.setdefault((day.year, day.month), day)
    keep |= {firsts[k] for k in sorted(firsts, reverse=True)[:keep_monthly]}
    return keep


def test_rotation_keeps_14_daily_and_12_monthly_over_400_days(tmp_path: Path) -> None:
    source = tiny_sqlite(tmp_path / "b24desk.sqlite")
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup")
    (folder / "other-2020-01-01.sqlite").write_bytes(b"another database's copy")
    start = date(2025, 10, 17)
    days = [start + timedelta(days=n) for n in range(400)]
    for n, day in enumerate(days):
        assert backup.daily_backup(source, day, folder=folder) is not None
        if n in (10, 45, 399):
            kept = {
                date.fromisoformat(p.name[len("b24desk-") : -len(".sqlite")])
                for p in folder.glob("b24desk-*.sqlite")
            }
            assert kept == expected_kept(days[: n + 1], 14, 12)
    assert len(kept) <= 14 + 12
    # The last 14 days, then the first day of each earlier month, 12 months in all.
    assert sorted(kept)[-14:] == days[-14:]
    months = sorted({(d.year, d.month) for d in kept})
    assert len(months) == 12
    assert all(min(d for d in kept if (d.year, d.month) == mo).day == 1 for mo in months[1:])
    # The first month of the run began mid-month: its first copy is its monthly one.
    assert (folder / "notes.txt").exists()
    assert (folder / "other-2020-01-01.sqlite").exists()


def test_rotation_settings_are_arguments(tmp_path: Path) -> None:
    source = tiny_sqlite(tmp_path / "b24desk.sqlite")
    folder = tmp_path / "backups"
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(100)]
    for day in days:
        backup.daily_backup(source, day, keep_daily=3, keep_monthly=2, folder=folder)
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [
        "b24desk-2026-03-01.sqlite",
        "b24desk-2026-04-01.sqlite",
        "b24desk-2026-04-08.sqlite",
        "b24desk-2026-04-09.sqlite",
        "b24desk-2026-04-10.sqlite",
    ]


def test_backup_is_consistent_while_another_connection_writes(
    sqlite_db: peewee.Database, db_path: Path, tmp_path: Path
) -> None:
    db = sqlite_db
    stop = threading.Event()
    errors: list[BaseException] = []
    batch = 25

    def writer() -> None:
        try:
            while not stop.is_set():
                with db.atomic():
                    for _n in range(batch):
                        m.Client.create(company="Writer", notes="x" * 500)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            db.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = []
        for n in range(8):
            day = date(2026, 11, 1) + timedelta(days=n)
            made = backup.daily_backup(db_path, day, folder=tmp_path / "copies")
            assert made is not None
            copies.append(made)
    finally:
        stop.set()
        thread.join()
    assert not errors
    counts = []
    for copy in copies:
        conn = sqlite3.connect(copy)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            count = conn.execute("SELECT count(*) FROM client").fetchone()[0]
        finally:
            conn.close()
        assert count % batch == 0  # whole transactions only
        counts.append(count)
    assert counts == sorted(counts)
    assert counts[-1] > 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_backups_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    source = tiny_sqlite(tmp_path / "b24desk.sqlite")
    daily = backup.daily_backup(source, date(2026, 11, 21))
    assert daily is not None
    manual = backup.backup_to(source, tmp_path / "manual.sqlite")
    for path in (daily, manual):
        assert path.stat().st_mode & 0o777 == 0o600


def test_daily_backup_of_a_missing_or_foreign_file(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match="does not exist"):
        backup.daily_backup(tmp_path / "missing.sqlite", date(2026, 11, 21))
    text = tmp_path / "notes.sqlite"
    text.write_text("hello")
    with pytest.raises(DatabaseOpenError, match="not an SQLite file"):
        backup.daily_backup(text, date(2026, 11, 21))


# -- backup by hand -----------------------------------------------------------------


def test_backup_to_a_file_and_to_a_folder(tmp_path: Path) -> None:
    source = closed_database(tmp_path / "office.sqlite", "Tui Ltd")
    target = backup.backup_to(source, tmp_path / "copy.sqlite")
    assert companies(target) == ["Tui Ltd"]
    with pytest.raises(backup.BackupError, match="--force"):
        backup.backup_to(source, target)  # an existing file is replaced only when asked
    again = backup.backup_to(source, target, force=True)  # a scheduled task's --force
    assert again == target
    folder = tmp_path / "copies"
    folder.mkdir()
    dated = backup.backup_to(source, folder)
    assert dated.parent == folder and dated.name.startswith("office-")
    assert backup.check_backup(dated).counts["client"] == 1


def test_backup_to_refuses_postgres_and_foreign_targets(tmp_path: Path) -> None:
    with pytest.raises(backup.BackupError, match="export"):
        backup.backup_to("postgresql://desk:secret@db.lan/b24", tmp_path / "x.sqlite")
    source = tiny_sqlite(tmp_path / "b24desk.sqlite")
    letter = tmp_path / "letter.docx"
    letter.write_text("important")
    with pytest.raises(backup.BackupError, match="does not overwrite"):
        backup.backup_to(source, letter)
    assert letter.read_text() == "important"
    with pytest.raises(backup.BackupError, match="the database itself"):
        backup.backup_to(source, source)
    with pytest.raises(backup.BackupError, match="does not exist"):
        backup.backup_to(source, tmp_path / "nowhere" / "x.sqlite")


# -- restore --------------------------------------------------------------------------


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """A closed database with one client, and a backup of it with another."""
    path = closed_database(tmp_path / "office.sqlite", "In the backup")
    backup.backup_to(path, tmp_path / "good.sqlite")
    open_database(path)
    m.Client.create(company="After the backup")
    close_database()
    return path


def newer_schema_copy(good: Path, target: Path) -> Path:
    target.write_bytes(good.read_bytes())
    conn = sqlite3.connect(target)
    conn.execute("UPDATE schema_version SET version = ?", (LATEST_VERSION + 1,))
    conn.commit()
    conn.close()
    return target


def bad_files(tmp_path: Path) -> dict[str, tuple[Path, type[StoreError], str]]:
    good = tmp_path / "good.sqlite"
    text = tmp_path / "notes.sqlite"
    text.write_text("This is not a database.\n" * 100)
    truncated = tmp_path / "truncated.sqlite"
    data = good.read_bytes()
    truncated.write_bytes(data[: len(data) // 3])
    foreign = foreign_sqlite(tmp_path / "foreign.sqlite")
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    newer = newer_schema_copy(good, tmp_path / "newer.sqlite")
    return {
        "text": (text, backup.NotABackupError, "not an SQLite"),
        "empty": (empty, backup.NotABackupError, "not an SQLite"),
        "truncated": (truncated, backup.DamagedBackupError, "damaged"),
        "foreign": (foreign, backup.NotABackupError, "not a b24desk database"),
        "newer": (newer, backup.NewerBackupError, "newer version of b24desk"),
        "missing": (tmp_path / "missing.sqlite", backup.NotABackupError, "does not exist"),
    }


@pytest.mark.parametrize("kind", ["text", "empty", "truncated", "foreign", "newer", "missing"])
def test_restore_refuses_a_bad_file_without_changing_anything(
    live: Path, tmp_path: Path, kind: str
) -> None:
    source, error, words = bad_files(tmp_path)[kind]
    before = digest(live)
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(error, match=words) as info:
        backup.restore(live, source)
    assert str(source) in str(info.value)
    assert digest(live) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # nothing made, nothing moved


def test_restore_keeps_the_replaced_file(live: Path, tmp_path: Path) -> None:
    stale_shm = live.with_name(live.name + "-shm")
    stale_shm.write_bytes(b"\0" * 32768)
    before = digest(live)
    kept = backup.restore(live, tmp_path / "good.sqlite")
    assert kept is not None
    assert kept.parent == live.parent
    assert kept.name.startswith("office.sqlite.replaced-")
    assert digest(kept) == before
    assert companies(kept) == ["In the backup", "After the backup"]
    assert companies(live) == ["In the backup"]
    assert not stale_shm.exists()
    assert not list(tmp_path.glob(".*partial"))
    # The restored database opens as usual.
    open_database(live)
    try:
        assert [c.company for c in m.Client.select()] == ["In the backup"]
    finally:
        close_database()


def test_restore_moves_an_unmerged_wal_with_the_replaced_file(live: Path, tmp_path: Path) -> None:
    # A desk that crashed leaves committed rows in the -wal file only.
    holder = sqlite3.connect(live)
    register_sqlite_connection(holder)  # as the desk's own connection had
    holder.execute("PRAGMA journal_mode = wal")
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("UPDATE client SET company = 'Only in the WAL' WHERE id = 2")
    holder.commit()
    wal = live.with_name(live.name + "-wal")
    snapshot = {p: p.read_bytes() for p in (live, wal)}
    holder.close()
    for p, data in snapshot.items():  # as the crash left them
        p.write_bytes(data)
    kept = backup.restore(live, tmp_path / "good.sqlite")
    assert kept is not None
    assert not wal.exists()
    assert companies(kept) == ["In the backup", "Only in the WAL"]
    assert companies(live) == ["In the backup"]


def test_restore_into_a_new_place(tmp_path: Path, live: Path) -> None:
    target = tmp_path / "elsewhere.sqlite"
    listing = sorted(p.name for p in tmp_path.iterdir())
    assert backup.restore(target, tmp_path / "good.sqlite") is None
    assert companies(target) == ["In the backup"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*listing, target.name])


def test_a_stray_wal_is_not_applied_to_the_restored_file(tmp_path: Path, live: Path) -> None:
    target = tmp_path / "elsewhere.sqlite"
    stray = target.with_name(target.name + "-wal")
    stray.write_bytes(b"left by something else")
    assert backup.restore(target, tmp_path / "good.sqlite") is None
    assert not stray.exists()
    assert len(list(tmp_path.glob("elsewhere.sqlite.replaced-*-wal"))) == 1
    assert companies(target) == ["In the backup"]


def test_restore_from_a_wal_mode_copy_leaves_nothing_beside_it(tmp_path: Path, live: Path) -> None:
    # A file copied by hand from a live database: its header says WAL mode.
    source = tmp_path / "copied.sqlite"
    source.write_bytes(live.read_bytes())
    assert source.read_bytes()[18:20] == bytes([2, 2])
    backup.restore(tmp_path / "elsewhere.sqlite", source)
    assert not list(tmp_path.glob("copied.sqlite-*"))
    assert companies(tmp_path / "elsewhere.sqlite") == ["In the backup", "After the backup"]


def test_restore_refuses_an_open_database(
    sqlite_db: peewee.Database, db_path: Path, tmp_path: Path
) -> None:
    copy = backup.backup_to(db_path, tmp_path / "copy.sqlite")
    with pytest.raises(backup.RestoreError, match="Close the database"):
        backup.restore(db_path, copy)


def test_restore_refuses_postgres_and_itself(live: Path) -> None:
    with pytest.raises(backup.RestoreError, match="PostgreSQL"):
        backup.restore("postgresql://desk@db/b24", live)  # type: ignore[arg-type]
    with pytest.raises(backup.RestoreError, match="the database itself"):
        backup.restore(live, live)


def test_checking_leaves_no_files_beside_the_backup(tmp_path: Path, live: Path) -> None:
    listing = sorted(p.name for p in tmp_path.iterdir())
    backup.check_backup(tmp_path / "good.sqlite")
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_list_backups_newest_first(tmp_path: Path) -> None:
    source = tiny_sqlite(tmp_path / "b24desk.sqlite")
    for day in (date(2026, 11, 19), date(2026, 11, 21), date(2026, 11, 20)):
        backup.daily_backup(source, day)
    own = backup.backup_folder_for(source)
    backup.backup_to(source, own / "before-upgrade.sqlite")
    (own / "readme.txt").write_text("x")
    found = backup.list_backups(own)
    names = [b.path.name for b in found]
    assert names[1:] == [
        "b24desk-2026-11-21.sqlite",
        "b24desk-2026-11-20.sqlite",
        "b24desk-2026-11-19.sqlite",
    ]
    assert names[0] == "before-upgrade.sqlite"  # made today, by its modification time
    assert found[1].day == date(2026, 11, 21)
    assert all(b.size > 0 for b in found)


# -- portable export ------------------------------------------------------------------


def rewrite_zip(source: Path, target: Path, change: dict[str, object]) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest.update(change)
                data = json.dumps(manifest).encode()
            zout.writestr(item, data)
    return target


@pytest.fixture(scope="module")
def demo_export(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, dict[str, list[tuple[object, ...]]]]]:
    """The small demo office exported, with its rows as read from the database."""
    tmp_path = tmp_path_factory.mktemp("demo")
    open_database(tmp_path / "demo.sqlite")
    try:
        generate_demo("small", seed=2, today=DEMO_TODAY)
        rows = table_rows()
        zip_path = tmp_path / "demo.zip"
        backup.export_portable(zip_path)
    finally:
        close_database()
    yield zip_path, rows


def test_round_trip_between_sqlite_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Small pages and batches, so that paging and batching are crossed many times.
    monkeypatch.setattr(portable, "EXPORT_BATCH", 37)
    monkeypatch.setattr(portable, "IMPORT_BATCH", 23)
    open_database(tmp_path / "demo.sqlite")
    try:
        generate_demo("small", seed=2, today=DEMO_TODAY)
        original = table_rows()
        reports: list[tuple[int, int, str]] = []
        counts = backup.export_portable(
            tmp_path / "demo.zip", progress=lambda *a: reports.append(a)
        )
    finally:
        close_database()
    assert counts == {table: len(rows) for table, rows in original.items()}
    assert counts["ticket_message"] > 100 and counts["invoice"] > 50
    assert reports[-1][0] == reports[-1][1] == sum(counts.values())

    with zipfile.ZipFile(tmp_path / "demo.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
        first_coupon = json.loads(zf.open("tables/coupon.jsonl").readline())
        first_ticket = json.loads(zf.open("tables/ticket.jsonl").readline())
    assert manifest["format_version"] == backup.FORMAT_VERSION
    assert manifest["schema_version"] == LATEST_VERSION
    assert manifest["engine"] == "sqlite"
    assert manifest["tables"] == counts
    assert datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    price = [f.name for f in m.Coupon._meta.sorted_fields].index("list_price")
    assert isinstance(first_coupon["list_price"], str)
    assert Decimal(first_coupon["list_price"]) == original["coupon"][0][price]
    assert first_ticket["created_at"].endswith("+00:00")

    open_database(tmp_path / "copy.sqlite")
    try:
        imported = backup.import_portable(tmp_path / "demo.zip")
        copy = table_rows()
        # New rows continue after the imported ids.
        assert m.Client.create(company="New").id == len(original["client"]) + 1
    finally:
        close_database()
    assert imported == counts
    for table, rows in original.items():
        assert copy[table] == rows, table


def test_a_credit_note_before_its_invoice_survives(tmp_path: Path) -> None:
    open_database(tmp_path / "a.sqlite")
    try:
        client = m.Client.create(company="Kea")
        m.Invoice.create(id=2, client=client, currency="NZD")
        m.Invoice.create(
            id=1, kind="credit_note", client=client, currency="NZD", credited_invoice=2
        )
        original = table_rows()
        backup.export_portable(tmp_path / "a.zip")
    finally:
        close_database()
    open_database(tmp_path / "b.sqlite")
    try:
        backup.import_portable(tmp_path / "a.zip")
        assert table_rows() == original
    finally:
        close_database()


def test_import_refuses_a_database_with_data(
    demo_export: tuple[Path, dict[str, list[tuple[object, ...]]]], db: peewee.Database
) -> None:
    zip_path, _rows = demo_export
    client = m.Client.create(company="Already here")
    with pytest.raises(backup.DatabaseNotEmptyError, match="client"):
        backup.import_portable(zip_path)
    assert [c.id for c in m.Client.select()] == [client.id]
    assert m.Office.select().count() == 1


@pytest.mark.parametrize(
    ("change", "error", "words"),
    [
        ({"schema_version": LATEST_VERSION + 1}, backup.PortableVersionError, "newer version"),
        ({"schema_version": 0}, backup.PortableVersionError, "older version"),
        ({"format_version": 99}, backup.PortableVersionError, "newer version"),
        ({"format": "something"}, backup.PortableFormatError, "not a b24desk export"),
        ({"tables": {"client": 1}}, backup.PortableFormatError, "tables"),
    ],
)
def test_import_refuses_a_foreign_manifest(
    demo_export: tuple[Path, dict[str, list[tuple[object, ...]]]],
    db: peewee.Database,
    tmp_path: Path,
    change: dict[str, object],
    error: type[StoreError],
    words: str,
) -> None:
    zip_path, _rows = demo_export
    before = table_rows()
    bad = rewrite_zip(zip_path, tmp_path / "bad.zip", change)
    with pytest.raises(error, match=words):
        backup.import_portable(bad)
    assert table_rows() == before


def test_import_checks_every_row_count_and_keeps_nothing(
    demo_export: tuple[Path, dict[str, list[tuple[object, ...]]]],
    db: peewee.Database,
    tmp_path: Path,
) -> None:
    zip_path, rows = demo_export
    before = table_rows()
    tables = {table: len(r) for table, r in rows.items()}
    tables["activity"] += 1  # the last table: everything else went in first
    bad = rewrite_zip(zip_path, tmp_path / "bad.zip", {"tables": tables})
    with pytest.raises(backup.PortableFormatError, match="activity"):
        backup.import_portable(bad)
    assert table_rows() == before


def test_import_refuses_what_is_not_an_export(db: peewee.Database, tmp_path: Path) -> None:
    text = tmp_path / "notes.zip"
    text.write_text("hello")
    with pytest.raises(backup.PortableFormatError, match="not a zip"):
        backup.import_portable(text)
    empty_zip = tmp_path / "empty.zip"
    zipfile.ZipFile(empty_zip, "w").close()
    with pytest.raises(backup.PortableFormatError, match="no manifest"):
        backup.import_portable(empty_zip)
    with pytest.raises(backup.PortableError, match="does not exist"):
        backup.import_portable(tmp_path / "missing.zip")


def test_import_refuses_a_bad_value_and_keeps_nothing(db: peewee.Database, tmp_path: Path) -> None:
    with transaction():
        m.Client.create(company="Kea")
    backup.export_portable(tmp_path / "one.zip")
    with (
        zipfile.ZipFile(tmp_path / "one.zip") as zin,
        zipfile.ZipFile(tmp_path / "bad.zip", "w") as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "tables/client.jsonl":
                row = json.loads(data)
                row["created_at"] = "yesterday"
                data = json.dumps(row).encode()
            zout.writestr(item, data)
    m.Client.delete().execute()
    with pytest.raises(backup.PortableFormatError, match="created_at"):
        backup.import_portable(tmp_path / "bad.zip")
    assert m.Client.select().count() == 0


def test_export_writes_nothing_when_it_fails(db: peewee.Database, tmp_path: Path) -> None:
    def stop(done: int, total: int, label: str) -> None:
        if done:
            raise KeyboardInterrupt

    m.Client.create(company="Kea")
    with pytest.raises(KeyboardInterrupt):
        backup.export_portable(tmp_path / "x.zip", progress=stop)
    assert not (tmp_path / "x.zip").exists()
    assert not list(tmp_path.glob(".*partial"))


# -- through the test database: SQLite, and PostgreSQL when B24DESK_TEST_POSTGRES is set --


@pytest.mark.slow
def test_round_trip_through_the_test_database(
    demo_export: tuple[Path, dict[str, list[tuple[object, ...]]]],
    db: peewee.Database,
    tmp_path: Path,
) -> None:
    """SQLite → ``db`` → SQLite, identical.  With ``db`` on PostgreSQL (the conftest's
    ``db[postgres]``, skipped with the reason when B24DESK_TEST_POSTGRES is not set or
    its server is not reachable) this is the move between engines both ways."""
    zip_path, original = demo_export
    engine = "postgresql" if isinstance(db, peewee.PostgresqlDatabase) else "sqlite"
    backup.import_portable(zip_path)
    assert table_rows() == original
    counts = backup.export_portable(tmp_path / "again.zip")
    # The ids (and PostgreSQL's sequences) continue after the imported ones.
    assert m.Client.create(company="New").id == len(original["client"]) + 1
    assert m.ClosedDay.create(day=date(2026, 12, 25)).id == len(original["closed_day"]) + 1
    close_database()
    assert counts == {table: len(rows) for table, rows in original.items()}
    with zipfile.ZipFile(tmp_path / "again.zip") as zf:
        assert json.loads(zf.read("manifest.json"))["engine"] == engine
    open_database(tmp_path / "back.sqlite")
    try:
        backup.import_portable(tmp_path / "again.zip")
        assert table_rows() == original
    finally:
        close_database()


def test_exported_datetimes_are_utc(db: peewee.Database, tmp_path: Path) -> None:
    moment = datetime(2026, 11, 20, 9, 30, 15, 123456, tzinfo=UTC)
    client = m.Client.create(company="Kea", created_at=moment)
    m.Activity.create(client=client, at=moment, message="hi")
    backup.export_portable(tmp_path / "x.zip")
    with zipfile.ZipFile(tmp_path / "x.zip") as zf:
        row = json.loads(zf.open("tables/activity.jsonl").readline())
        office = json.loads(zf.open("tables/office.jsonl").readline())
    assert row["at"] == "2026-11-20T09:30:15.123456+00:00"
    assert office["opens"] == "09:00:00"
    assert office["default_tax_rate"] == "0.15"
    assert row["id"] == 1 and row["client_id"] == client.id


# -- moving the office into another database -----------------------------------------------


def small_office() -> dict[str, list[tuple[object, ...]]]:
    generate_demo("small", seed=5, today=date(2026, 11, 20))
    return table_rows()


def test_the_office_moves_into_a_new_file_from_a_worker(
    db: peewee.Database, tmp_path: Path
) -> None:
    """Copied on a worker thread while this thread goes on reading the desk's own
    database (the models are bound to the new one for the worker only)."""
    original = small_office()
    target = tmp_path / "moved.sqlite"
    seen_here: list[int] = []
    result: dict[str, object] = {}

    def progress(done: int, total: int, label: str) -> None:
        if "Importing" in label and not seen_here:
            seen_here.append(-1)  # the worker is importing: now read from here
            reading.set()
            finished_reading.wait(10)

    reading, finished_reading = threading.Event(), threading.Event()

    def work() -> None:
        try:
            result["counts"] = backup.copy_into(str(target), progress)
        except Exception as exc:  # reported below
            result["error"] = exc
        finally:
            db.close()  # the worker's own connection to the desk's database
            reading.set()

    worker = threading.Thread(target=work)
    worker.start()
    assert reading.wait(60)
    seen_here.append(m.Client.select().count())  # this thread: still the desk's database
    finished_reading.set()
    worker.join(60)
    assert "error" not in result, result.get("error")
    assert seen_here == [-1, len(original["client"])]
    assert result["counts"] == {table: len(rows) for table, rows in original.items()}
    assert table_rows() == original  # the desk's database: unchanged, still open here
    close_database()
    open_database(target)
    try:
        assert table_rows() == original
    finally:
        close_database()


def test_the_office_is_copied_only_into_an_empty_database(
    db: peewee.Database, tmp_path: Path
) -> None:
    m.Client.create(company="Desk Ltd")
    busy = tmp_path / "busy.sqlite"
    backup.copy_into(str(busy))  # the first copy goes in
    before = digest(busy)
    with pytest.raises(backup.DatabaseNotEmptyError, match="already holds data"):
        backup.copy_into(str(busy))  # a second one would mix two offices
    assert digest(busy) == before
    assert companies(busy) == ["Desk Ltd"]
    assert [c.company for c in m.Client.select()] == ["Desk Ltd"]  # still the desk's


def test_a_copy_stopped_halfway_leaves_the_target_empty(
    db: peewee.Database, tmp_path: Path
) -> None:
    small_office()
    target = tmp_path / "half.sqlite"

    def stop(done: int, total: int, label: str) -> None:
        if "Importing" in label and "ticket" in label:
            raise backup.PortableError("stopped")

    with pytest.raises(backup.PortableError, match="stopped"):
        backup.copy_into(str(target), stop)
    assert companies(target) == []  # set up, but nothing copied
    backup.copy_into(str(target))  # so trying again works
    assert len(companies(target)) == m.Client.select().count()


def test_the_office_moves_from_its_file_to_the_server(
    sqlite_db: peewee.Database, postgres_url: str
) -> None:
    original = small_office()
    counts = backup.copy_into(postgres_url)
    assert counts["client"] == len(original["client"])
    close_database()
    open_database(postgres_url)
    assert table_rows() == original


# -- one backups folder per database (#13.9) -------------------------------------------


def test_two_databases_with_the_same_name_keep_their_copies_apart(tmp_path: Path) -> None:
    """Issue #13.9: "Daily backups of two databases with the same file name share one
    folder: the second gets no copy and the restore dialog lists the other office's
    copies"."""
    for office in ("north", "south"):
        (tmp_path / office).mkdir()
    north = closed_database(tmp_path / "north" / "office.sqlite", "North Ltd")
    south = closed_database(tmp_path / "south" / "office.sqlite", "South Ltd")
    day = date(2026, 11, 21)
    north_copy = backup.daily_backup(north, day)
    south_copy = backup.daily_backup(south, day)
    assert north_copy is not None and south_copy is not None  # both get today's copy
    assert north_copy.parent != south_copy.parent
    assert companies(north_copy) == ["North Ltd"] and companies(south_copy) == ["South Ltd"]
    assert [b.path for b in backup.list_backups(backup.backup_folder_for(north))] == [north_copy]
    assert [b.path for b in backup.list_backups(backup.backup_folder_for(south))] == [south_copy]


def test_a_restored_backup_keeps_its_folder(tmp_path: Path) -> None:
    office = closed_database(tmp_path / "office.sqlite", "Kea Ltd")
    folder = backup.backup_folder_for(office)
    copy = backup.daily_backup(office, date(2026, 11, 21))
    assert copy is not None
    backup.restore(office, copy)
    assert backup.backup_folder_for(office) == folder
    moved = tmp_path / "elsewhere.sqlite"
    office.rename(moved)  # the identity is in the file, not in its name or place
    assert backup.backup_folder_for(moved).name.split("-")[-1] == folder.name.split("-")[-1]


def test_copies_from_before_the_folders_go_to_their_own_database(tmp_path: Path) -> None:
    """The flat copies of earlier versions move into the folder of the database they
    were made of; another database's copies of the same name stay where they are."""
    import shutil

    for office in ("north", "south"):
        (tmp_path / office).mkdir()
    north = closed_database(tmp_path / "north" / "office.sqlite", "North Ltd")
    south = closed_database(tmp_path / "south" / "office.sqlite", "South Ltd")
    flat = paths.backups_dir()
    flat.mkdir()
    shutil.copy(north, flat / "office-2026-11-01.sqlite")
    shutil.copy(south, flat / "office-2026-11-02.sqlite")
    made = backup.daily_backup(north, date(2026, 11, 21))
    assert made is not None
    own = backup.backup_folder_for(north)
    assert sorted(p.name for p in own.iterdir()) == [
        "office-2026-11-01.sqlite",
        "office-2026-11-21.sqlite",
    ]
    assert (flat / "office-2026-11-02.sqlite").exists()  # the south office's


# -- hostile archives (#13.8) ------------------------------------------------------------


def replace_entry(source: Path, target: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, data if item.filename == name else zin.read(item))
    return target


def test_a_row_longer_than_any_b24desk_writes_is_refused_without_reading_it_whole(
    demo_export: tuple[Path, dict[str, list[tuple[object, ...]]]],
    db: peewee.Database,
    tmp_path: Path,
) -> None:
    """Random text compresses little, so the ratio does not catch it: the line cap
    does, before the line is in memory whole."""
    import base64
    import os as _os

    from b24desk.store.archive_limits import MAX_LINE_BYTES, UnsafeArchiveError

    zip_path, _rows = demo_export
    before = table_rows()
    line = base64.b64encode(_os.urandom(MAX_LINE_BYTES)) + b"\n"
    bad = replace_entry(zip_path, tmp_path / "long.zip", "tables/client.jsonl", line)
    with pytest.raises(UnsafeArchiveError, match="line 1"):
        backup.import_portable(bad)
    assert table_rows() == before


def test_an_archive_that_inflates_too_much_is_refused_from_its_directory(
    demo_export: tuple[Path, dict[str, list[tuple[object, ...]]]],
    db: peewee.Database,
    tmp_path: Path,
) -> None:
    from b24desk.store.archive_limits import MAX_RATIO, UnsafeArchiveError

    zip_path, _rows = demo_export
    zeros = b"0" * (4 * 1024 * 1024)  # compresses about 1 000 times
    bomb = replace_entry(zip_path, tmp_path / "bomb.zip", "tables/ticket.jsonl", zeros)
    with zipfile.ZipFile(bomb) as zf:
        info = zf.getinfo("tables/ticket.jsonl")
        assert info.file_size > MAX_RATIO * info.compress_size
    with pytest.raises(UnsafeArchiveError, match="unpacked"):
        backup.check_export(bomb)
    with pytest.raises(UnsafeArchiveError, match="unpacked"):
        backup.import_portable(bomb)
