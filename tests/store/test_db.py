"""Opening databases: the default place, SQLite settings, and clear refusals."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from b24desk import paths
from b24desk.store import models as m
from b24desk.store.db import close_database, describe, open_database
from b24desk.store.errors import DatabaseOpenError, NewerSchemaError
from b24desk.store.migrations import LATEST_VERSION


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_default_database_lives_in_the_per_user_data_folder(_isolated_home: Path) -> None:
    open_database()
    try:
        assert paths.default_database_path() == _isolated_home / "b24desk.sqlite"
        assert paths.default_database_path().is_file()
        assert m.Office.get_by_id(1).default_currency == "NZD"
    finally:
        close_database()


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(db_path: Path) -> None:
    db = open_database(db_path, timeout=3)
    try:
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 3000
        assert m.SchemaVersion.get().version == LATEST_VERSION
    finally:
        close_database()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_new_database_file_is_readable_by_its_owner_only(db_path: Path) -> None:
    open_database(db_path)
    close_database()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_reopening_keeps_rows(db_path: Path) -> None:
    open_database(db_path)
    m.Client.create(company="Stays Ltd")
    close_database()
    open_database(db_path)
    try:
        assert [c.company for c in m.Client.select()] == ["Stays Ltd"]
    finally:
        close_database()


def test_missing_folder_is_refused_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match="does not exist"):
        open_database(tmp_path / "nowhere" / "office.sqlite")
    assert not (tmp_path / "nowhere").exists()


def test_folder_instead_of_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match="is a folder"):
        open_database(tmp_path)


def test_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_text("Dear diary, " * 200)
    before = digest(text)
    with pytest.raises(DatabaseOpenError, match="not a b24desk database"):
        open_database(text)
    assert digest(text) == before


def test_database_of_another_program_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseOpenError, match="another program"):
        open_database(other)


def test_truncated_database_is_refused(db_path: Path) -> None:
    open_database(db_path)
    for i in range(300):
        m.Client.create(company=f"Client {i}", notes="x" * 500)
    close_database()
    with sqlite3.connect(db_path) as con:  # fold the WAL into the file first
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])
    for extra in ("-wal", "-shm"):
        Path(str(db_path) + extra).unlink(missing_ok=True)
    with pytest.raises(DatabaseOpenError, match=r"damaged|not a b24desk"):
        open_database(db_path)


def test_database_from_a_newer_b24desk_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path)
    m.SchemaVersion.update(version=LATEST_VERSION + 5).execute()
    close_database()
    before = digest(db_path)
    with pytest.raises(NewerSchemaError, match="newer version of b24desk"):
        open_database(db_path)
    assert digest(db_path) == before


@pytest.mark.parametrize("mode", [0o444, 0o400])
def test_read_only_database_is_refused_untouched(db_path: Path, mode: int) -> None:
    open_database(db_path)
    m.Client.create(company="Kept Ltd")
    close_database()
    before = digest(db_path)
    db_path.chmod(mode)  # as root too (CI): the marking counts, not who could write anyway
    try:
        with pytest.raises(DatabaseOpenError, match="is read-only") as refused:
            open_database(db_path)
        assert "open a copy" in str(refused.value)
        assert digest(db_path) == before
        assert stat.S_IMODE(db_path.stat().st_mode) == mode
    finally:
        db_path.chmod(0o600)
    open_database(db_path)  # writable again: it opens, with its data
    try:
        assert [c.company for c in m.Client.select()] == ["Kept Ltd"]
    finally:
        close_database()


def test_locked_database_gives_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")  # a rollback-journal file, exclusively locked
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseOpenError, match="locked by another program"):
            open_database(path, timeout=0.2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_postgres_urls_are_shown_without_password() -> None:
    url = "postgresql://desk:s3cret@db.office.lan:5433/b24"
    assert describe(url) == "postgresql://desk@db.office.lan:5433/b24"
    assert "s3cret" not in describe(url)


# -- opening changes nothing it should not (#13.7) -------------------------------------


def test_another_programs_file_is_refused_before_wal_is_set(tmp_path: Path) -> None:
    """Issue #13.7: "another program's SQLite file is switched to WAL (the dialog says
    'the file was not changed')"."""
    foreign = tmp_path / "notes.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep')")
    conn.commit()
    conn.close()
    before = digest(foreign)
    with pytest.raises(DatabaseOpenError, match="another program"):
        open_database(foreign)
    assert digest(foreign) == before
    conn = sqlite3.connect(foreign)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]


def test_without_create_a_missing_or_empty_file_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "ofice.sqlite"
    with pytest.raises(DatabaseOpenError, match="does not exist"):
        open_database(missing, create=False)
    assert not missing.exists()
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    with pytest.raises(DatabaseOpenError, match="empty file"):
        open_database(empty, create=False)
    assert empty.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite"]


def test_a_database_missing_a_table_is_refused_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite"
    open_database(path)
    close_database()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DROP TABLE ticket_message")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseOpenError, match="ticket_message"):
        open_database(path)


def test_a_server_address_with_a_port_that_is_no_number(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match="port") as raised:
        open_database("postgresql://u:s3cret@host:abc/db")
    assert "s3cret" not in str(raised.value)
    assert describe("postgresql://u:s3cret@host:abc/db") == "postgresql://u@host/db"


def test_the_identity_is_given_on_a_desks_open_not_by_a_reading_command(
    tmp_path: Path,
) -> None:
    """The daily backups' folder is keyed by an id in the file (#13.9); a headless
    command that only reads the database (create=False) writes nothing into it."""
    from b24desk.store.identity import identity_of

    path = tmp_path / "office.sqlite"
    open_database(path)
    close_database()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 0")  # as a file of an earlier version
    conn.close()
    before = digest(path)
    open_database(path, create=False)
    close_database()
    assert digest(path) == before and identity_of(path) == 0
    open_database(path)  # the desk
    close_database()
    first = identity_of(path)
    assert first > 0
    open_database(path)
    close_database()
    assert identity_of(path) == first  # given once, kept
