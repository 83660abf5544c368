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

from b24desk.cli.backup import cmd_backup, cmd_export, cmd_import, cmd_restore
from b24desk.store import models as m
from b24desk.store.db import close_database, open_database
from b24desk.store.search import register_sqlite_connection


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


# -- output paths never replace the database (#13.1) ----------------------------------


SOURCE_ROOT = Path(__import__("b24desk").__file__).resolve().parents[1]


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``python -m b24desk …`` in a fresh process, as a person or a task runs it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "B24DESK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "b24desk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def assert_one_line_refusal(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def state(*files: Path) -> list[tuple[bytes, int] | None]:
    return [(f.read_bytes(), f.stat().st_mtime_ns) if f.exists() else None for f in files]


def issued_office(path: Path) -> Path:
    from datetime import date

    from b24desk.store import invoices

    open_database(path)
    try:
        client = m.Client.create(company="Kea Ltd")
        draft = invoices.create_draft(client.id, [invoices.LineInput("Setup", unit_price="100")])
        invoices.issue_invoice(draft.id, date(2026, 11, 20), draft.version)
    finally:
        close_database()
    return path


def test_export_to_the_database_itself_is_refused(tmp_path: Path) -> None:
    db = make_database(tmp_path / "office.sqlite", "Kea Ltd")
    before = state(db)
    result = run_cli("export", "--db", str(db), "--to", str(db), "--force", home=tmp_path)
    assert_one_line_refusal(result, "the database itself")
    assert state(db) == before
    assert companies(db) == ["Kea Ltd"]


PDF_COMMAND = (sys.executable, "-m", "b24desk", "invoice")


def test_invoice_pdf_over_the_database_is_refused_however_spelled(tmp_path: Path) -> None:
    db = issued_office(tmp_path / "office.sqlite")
    before = state(db)
    link = tmp_path / "link.pdf"
    link.symlink_to(db)
    for spelled in (str(db), "./office.sqlite", str(link), str(db) + "-wal"):
        result = subprocess.run(
            [*PDF_COMMAND, "--db", str(db), "INV-2026-0001", "--pdf", spelled, "--force"],
            capture_output=True,
            text=True,
            cwd=tmp_path,  # for "./office.sqlite"; PYTHONPATH: this b24desk, not another
            env={**os.environ, "B24DESK_HOME": str(tmp_path), "PYTHONPATH": str(SOURCE_ROOT)},
            timeout=120,
        )
        assert_one_line_refusal(result, "the database itself")
    assert state(db) == before
    assert not (tmp_path / "office.sqlite-wal").exists()


def test_export_and_backup_replace_another_file_only_with_force(tmp_path: Path) -> None:
    db = make_database(tmp_path / "office.sqlite", "Kea Ltd")
    earlier = tmp_path / "earlier.zip"
    earlier.write_bytes(b"an earlier export")
    before = state(earlier)
    result = run_cli("export", "--db", str(db), "--to", str(earlier), home=tmp_path)
    assert_one_line_refusal(result, "already exists", "--force")
    assert state(earlier) == before
    result = run_cli("export", "--db", str(db), "--to", str(earlier), "--force", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert earlier.read_bytes().startswith(b"PK")

    copy = tmp_path / "copy.sqlite"
    assert run_cli("backup", "--db", str(db), "--to", str(copy), home=tmp_path).returncode == 0
    before = state(copy)
    result = run_cli("backup", "--db", str(db), "--to", str(copy), home=tmp_path)
    assert_one_line_refusal(result, "--force")
    assert state(copy) == before
    result = run_cli("backup", "--db", str(db), "--to", str(copy), "--force", home=tmp_path)
    assert result.returncode == 0, result.stderr


def test_invoice_all_refuses_to_replace_pdfs_without_force(tmp_path: Path) -> None:
    db = issued_office(tmp_path / "office.sqlite")
    out = tmp_path / "pdfs"
    out.mkdir()
    existing = out / "INV-2026-0001.pdf"
    existing.write_bytes(b"a PDF someone edited")
    before = state(existing)
    result = run_cli("invoice", "--db", str(db), "--all", "--out", str(out), home=tmp_path)
    assert_one_line_refusal(result, "already exists")
    assert state(existing) == before
    result = run_cli(
        "invoice", "--db", str(db), "--all", "--out", str(out), "--force", home=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert existing.read_bytes().startswith(b"%PDF")


def test_outputs_into_the_backups_folder_are_refused(tmp_path: Path) -> None:
    db = make_database(tmp_path / "office.sqlite", "Kea Ltd")
    backups = tmp_path / "backups"  # B24DESK_HOME is tmp_path
    backups.mkdir()
    daily = backups / "office-2026-11-21.sqlite"
    daily.write_bytes(b"a daily copy")
    before = state(daily)
    result = run_cli("export", "--db", str(db), "--to", str(daily), "--force", home=tmp_path)
    assert_one_line_refusal(result, "backups")
    result = run_cli("backup", "--db", str(db), "--to", str(daily), "--force", home=tmp_path)
    assert_one_line_refusal(result, "backups")
    assert state(daily) == before


# -- restore refuses what it would harm (#13.4, #13.13) ---------------------------------


def test_restore_refuses_while_another_desk_holds_the_database(tmp_path: Path) -> None:
    """Issue #13.4: "restore while another desk writes loses that desk's work into the
    .replaced-* file, exit 0"."""
    db = make_database(tmp_path / "office.sqlite", "Kea Ltd")
    copy = tmp_path / "copy.sqlite"
    assert run_cli("backup", "--db", str(db), "--to", str(copy), home=tmp_path).returncode == 0
    other_desk = sqlite3.connect(db)  # a desk keeps its connection open (WAL)
    register_sqlite_connection(other_desk)  # …with the functions a desk writes through
    try:
        other_desk.execute("UPDATE client SET company = 'Typed meanwhile'")
        other_desk.commit()
        result = run_cli("restore", "--db", str(db), "--from", str(copy), home=tmp_path)
        assert_one_line_refusal(result, "in use")
        assert not list(tmp_path.glob("*.replaced-*"))
    finally:
        other_desk.close()
    assert companies(db) == ["Typed meanwhile"]
    result = run_cli("restore", "--db", str(db), "--from", str(copy), home=tmp_path)
    assert result.returncode == 0, result.stderr  # once the other desk is closed
    assert companies(db) == ["Kea Ltd"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_restore_does_not_replace_a_read_only_database(tmp_path: Path) -> None:
    """Issue #13.13: "restore replaces a database marked read-only"."""
    db = make_database(tmp_path / "office.sqlite", "Kea Ltd")
    copy = tmp_path / "copy.sqlite"
    assert run_cli("backup", "--db", str(db), "--to", str(copy), home=tmp_path).returncode == 0
    make_database(db, "Added later")
    db.chmod(0o444)
    try:
        before = state(db)
        result = run_cli("restore", "--db", str(db), "--from", str(copy), home=tmp_path)
        assert_one_line_refusal(result, "read-only")
        assert state(db) == before
        assert not list(tmp_path.glob("*.replaced-*"))
    finally:
        db.chmod(0o600)


def test_restore_on_postgresql_says_what_restoring_means_there(tmp_path: Path) -> None:
    copy = make_database(tmp_path / "copy.sqlite", "Kea Ltd")
    result = run_cli(
        "restore", "--db", "postgresql://desk:s3cret@db/b24", "--from", str(copy), home=tmp_path
    )
    assert_one_line_refusal(result, "b24desk import", "new, empty database")
    assert "s3cret" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_exports_and_backups_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    db = make_database(tmp_path / "office.sqlite", "Kea Ltd")
    zip_path, copy = tmp_path / "office.zip", tmp_path / "copy.sqlite"
    assert run_cli("export", "--db", str(db), "--to", str(zip_path), home=tmp_path).returncode == 0
    assert run_cli("backup", "--db", str(db), "--to", str(copy), home=tmp_path).returncode == 0
    for made in (zip_path, copy):
        assert made.stat().st_mode & 0o777 == 0o600, made
