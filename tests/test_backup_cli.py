"""``b24desk backup``, ``restore``, ``export`` and ``import``: messages and exit codes."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import peewee
import pytest

from b24desk.backup_cli import cmd_backup, cmd_export, cmd_import, cmd_restore
from b24desk.store import models as m
from b24desk.store.db import close_database, open_database


def make_database(path: Path, *companies: str) -> Path:
    open_database(path)
    try:
        for company in companies:
            m.Client.create(company=company)
    finally:
        close_database()
    return path


def companies(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT company FROM client ORDER BY id")]
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_then_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = make_database(tmp_path / "office.sqlite", "Kea Ltd")
    copy = tmp_path / "copy.sqlite"
    assert cmd_backup(["--db", str(db), "--to", str(copy)]) == 0
    assert str(copy) in capsys.readouterr().out
    make_database(db, "Added later")
    assert cmd_restore(["--db", str(db), "--from", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "replaced database was kept as" in out
    assert companies(db) == ["Kea Ltd"]
    (kept,) = tmp_path.glob("office.sqlite.replaced-*")
    assert companies(kept) == ["Kea Ltd", "Added later"]


def test_backup_of_a_missing_database_cannot_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cmd_backup(["--db", str(tmp_path / "none.sqlite"), "--to", str(tmp_path / "x")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "does not exist" in err
    assert "Traceback" not in err


def test_backup_refuses_postgres(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cmd_backup(["--db", "postgresql://desk:s3cret@db/b24", "--to", str(tmp_path / "x")])
    assert code == 1
    err = capsys.readouterr().err
    assert "b24desk export" in err and "s3cret" not in err


def test_restore_refuses_a_bad_file_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_database(tmp_path / "office.sqlite", "Kea Ltd")
    before = digest(db)
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database")
    assert cmd_restore(["--db", str(db), "--from", str(bad)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "not an SQLite" in err and "Traceback" not in err
    assert digest(db) == before
    assert not list(tmp_path.glob("*.replaced-*"))


def test_export_then_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = make_database(tmp_path / "office.sqlite", "Kea Ltd", "Tui Ltd")
    zip_path = tmp_path / "office.zip"
    assert cmd_export(["--db", str(db), "--to", str(zip_path)]) == 0
    out = capsys.readouterr().out
    assert "client" in out and "rows in all" in out
    target = tmp_path / "new.sqlite"
    assert cmd_import(["--db", str(target), "--from", str(zip_path)]) == 0
    assert "Imported" in capsys.readouterr().out
    assert companies(target) == ["Kea Ltd", "Tui Ltd"]
    # A second import into the same database is refused.
    assert cmd_import(["--db", str(target), "--from", str(zip_path)]) == 1
    err = capsys.readouterr().err
    assert "already holds data" in err and "Traceback" not in err


def test_import_of_a_wrong_file_creates_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_text("hello")
    target = tmp_path / "new.sqlite"
    assert cmd_import(["--db", str(target), "--from", str(bad)]) == 1
    assert "not a zip file" in capsys.readouterr().err
    assert not target.exists()


def test_export_of_a_damaged_database_cannot_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_text("garbage")
    assert cmd_export(["--db", str(broken), "--to", str(tmp_path / "x.zip")]) == 2
    assert "not a b24desk database" in capsys.readouterr().err


def test_the_commands_run_as_b24desk_subcommands(tmp_path: Path) -> None:
    """``python -m b24desk backup`` (wired in cli.COMMANDS)."""
    db = make_database(tmp_path / "office.sqlite", "Kea Ltd")
    copy = tmp_path / "copy.sqlite"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "B24DESK_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "b24desk", "backup", "--db", str(db), "--to", str(copy)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert companies(copy) == ["Kea Ltd"]


def test_export_and_import_through_the_test_database(
    db: peewee.Database, db_target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--db`` is the test's SQLite file, then the PostgreSQL URL (conftest's ``db``)."""
    m.Client.create(company="Kea Ltd")
    db.close()
    zip_path = tmp_path / "office.zip"
    assert cmd_export(["--db", db_target, "--to", str(zip_path)]) == 0
    out = capsys.readouterr().out
    assert "Exported" in out
    password = urlparse(db_target).password
    assert not password or f":{password}@" not in out  # a URL is shown without it
    assert cmd_import(["--db", db_target, "--from", str(zip_path)]) == 1
    assert "already holds data" in capsys.readouterr().err
    target = tmp_path / "moved.sqlite"
    assert cmd_import(["--db", str(target), "--from", str(zip_path)]) == 0
    assert companies(target) == ["Kea Ltd"]
