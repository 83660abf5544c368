"""check_output_path: no output ever replaces the database, however it is spelled."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest

from b24desk import paths
from b24desk.store.outputs import (
    OutputExistsError,
    OutputPathError,
    check_output_folder,
    check_output_path,
)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return path


def test_the_database_itself_is_refused_even_with_force(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(OutputPathError, match="the database itself"):
        check_output_path(database, database, force=True)
    monkeypatch.chdir(database.parent)
    with pytest.raises(OutputPathError, match="the database itself"):
        check_output_path("office.sqlite", database, force=True)  # relative
    with pytest.raises(OutputPathError, match="the database itself"):
        check_output_path(database.parent / "sub" / ".." / "office.sqlite", database, True)


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need rights on Windows")
def test_a_link_to_the_database_is_refused(database: Path, tmp_path: Path) -> None:
    link = tmp_path / "innocent.pdf"
    link.symlink_to(database)
    with pytest.raises(OutputPathError, match="the database itself"):
        check_output_path(link, database, force=True)
    folder_link = tmp_path / "elsewhere"
    folder_link.symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(OutputPathError, match="the database itself"):
        check_output_path(folder_link / "office.sqlite", database, force=True)


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal", "-WAL"])
def test_the_companion_files_are_refused(database: Path, suffix: str) -> None:
    """Also before SQLite made them (a file named like them would be taken for its
    log), and in another letter case (one file on a case-insensitive system)."""
    with pytest.raises(OutputPathError, match="the database itself"):
        check_output_path(database.with_name(database.name + suffix), database, force=True)


def test_the_default_database_is_protected_when_no_db_is_given(_isolated_home: Path) -> None:
    default = paths.default_database_path()
    default.write_bytes(b"SQLite format 3\x00")
    with pytest.raises(OutputPathError, match="the database itself"):
        check_output_path(default, None, force=True)


def test_the_backups_folder_and_its_copies_are_refused(_isolated_home: Path) -> None:
    backups = paths.backups_dir()
    backups.mkdir()
    copy = backups / "b24desk-2026-11-21.sqlite"
    copy.write_bytes(b"x")
    with pytest.raises(OutputPathError, match="backups"):
        check_output_path(backups, None, force=True)
    with pytest.raises(OutputPathError, match="backups"):
        check_output_path(copy, None, force=True)
    with pytest.raises(OutputPathError, match="backups"):
        check_output_folder(backups, None)


def test_another_existing_file_needs_force(database: Path, tmp_path: Path) -> None:
    other = tmp_path / "report.zip"
    other.write_text("keep me")
    with pytest.raises(OutputExistsError, match="--force"):
        check_output_path(other, database)
    assert check_output_path(other, database, force=True) == other
    new = tmp_path / "new.zip"
    assert check_output_path(new, database) == new
    assert not new.exists()  # checking creates nothing


def test_folders_and_missing_folders_are_refused(database: Path, tmp_path: Path) -> None:
    with pytest.raises(OutputPathError, match="is a folder"):
        check_output_path(tmp_path, database, force=True)
    with pytest.raises(OutputPathError, match="does not exist"):
        check_output_path(tmp_path / "nowhere" / "x.pdf", database)


def test_a_server_database_protects_the_backups_folder_only(tmp_path: Path) -> None:
    target = tmp_path / "office.sqlite"
    assert check_output_path(target, "postgresql://desk@db/b24") == target


def test_same_file_by_identity_not_by_name(database: Path, tmp_path: Path) -> None:
    """A hard link is the same file under another name: refused too."""
    twin = tmp_path / "twin.sqlite"
    try:
        os.link(database, twin)
    except OSError:
        pytest.skip("no hard links on this file system")
    with pytest.raises(OutputPathError, match="the database itself"):
        check_output_path(twin, database, force=True)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_csv_exports_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    """Issue #13.13: "User-only everywhere" (a CSV holds client data too)."""
    from b24desk.store.csvio.files import export_rows

    target = tmp_path / "clients.csv"
    export_rows(target, ["Company"], [["Kea Ltd"]])
    assert target.stat().st_mode & 0o777 == 0o600
