"""The hostile-file corpus (tests/data/hostile/) through every command that reads a file.

Issue #13: "a hostile-file corpus in tests/data/hostile/ (the archives and damaged
databases above, a zip bomb made at test time) run through every command that reads
a file — one message each, exit non-zero, nothing created or changed".  Each command
runs as a person runs it: ``python -m b24desk …`` in a fresh process.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

CORPUS = Path(__file__).parent / "data" / "hostile"
SOURCE_ROOT = Path(__file__).resolve().parents[1]

ARCHIVES = [
    "huge_id.zip",
    "deep_json.zip",
    "bad_utf8.zip",
    "deep_manifest.zip",
    "many_entries.zip",
    "truncated.zip",
    "not_a_zip.zip",
]
DATABASES = [
    "damaged_page.sqlite",
    "missing_table.sqlite",
    "foreign.sqlite",
    "truncated.sqlite",
    "empty.sqlite",
    "not_sqlite.sqlite",
]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus made afresh (its exports carry this b24desk's schema version), in a
    process of its own so that this one's database stays as it is."""
    folder = tmp_path_factory.mktemp("hostile")
    result = subprocess.run(
        [sys.executable, str(CORPUS / "make_corpus.py"), str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return folder


def b24desk(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "B24DESK_HOME": str(home),
        "PYTHONPATH": str(SOURCE_ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "b24desk", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        timeout=300,
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` (bytes and mtime), the log folder aside."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "logs" not in p.relative_to(folder).parts
    }


def assert_refused(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and "Traceback" not in result.stderr


def test_the_committed_corpus_is_what_the_generator_makes() -> None:
    """Every file the generator names is here to read (tests use fresh copies)."""
    for name in ARCHIVES + DATABASES:
        assert (CORPUS / name).is_file(), name


@pytest.mark.parametrize("name", ARCHIVES)
def test_import_refuses_a_hostile_archive(corpus: Path, tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    shutil.copy(corpus / name, source)
    before = snapshot(tmp_path)
    target = str(tmp_path / "new.sqlite")
    result = b24desk("import", "--db", target, "--from", str(source), home=tmp_path)
    assert_refused(result)
    assert snapshot(tmp_path) == before  # no database made, the archive untouched


@pytest.mark.parametrize("name", DATABASES)
def test_restore_refuses_a_hostile_backup(corpus: Path, tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    shutil.copy(corpus / name, source)
    office = tmp_path / "office.sqlite"
    assert b24desk("demo-data", "--db", str(office), home=tmp_path).returncode == 0
    time.sleep(0.01)
    before = snapshot(tmp_path)
    result = b24desk("restore", "--db", str(office), "--from", str(source), home=tmp_path)
    assert_refused(result)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("name", DATABASES)
@pytest.mark.parametrize(
    "command",
    [
        ("export", "--to", "out.zip"),
        ("backup", "--to", "copy.sqlite"),
        ("invoice", "--all", "--out", "pdfs"),
        ("invoice", "INV-2026-0001", "--pdf", "one.pdf"),
        ("demo-data",),
    ],
    ids=["export", "backup", "invoice-all", "invoice", "demo-data"],
)
def test_commands_refuse_a_hostile_database(
    corpus: Path, tmp_path: Path, name: str, command: tuple[str, ...]
) -> None:
    database = tmp_path / name
    shutil.copy(corpus / name, database)
    before = snapshot(tmp_path)
    result = b24desk(command[0], "--db", str(database), *command[1:], home=tmp_path)
    assert_refused(result)
    assert snapshot(tmp_path) == before


def test_commands_refuse_a_mistyped_database_path(tmp_path: Path) -> None:
    """A path that does not exist is not made into a new database (#13.7)."""
    missing = tmp_path / "ofice.sqlite"
    for command in (
        ("export", "--to", "out.zip"),
        ("backup", "--to", "copy.sqlite"),
        ("invoice", "--all", "--out", "pdfs"),
        ("restore", "--from", str(tmp_path / "nothing.sqlite")),
    ):
        result = b24desk(command[0], "--db", str(missing), *command[1:], home=tmp_path)
        assert_refused(result)
        assert "does not exist" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "logs") == []


def test_a_zip_bomb_is_refused_before_it_is_read(corpus: Path, tmp_path: Path) -> None:
    """256 MB of one endless line in ~250 kB: refused from the zip's directory, with
    little memory and time."""
    office = tmp_path / "office.sqlite"
    assert b24desk("demo-data", "--db", str(office), home=tmp_path).returncode == 0
    export = tmp_path / "office.zip"
    made = b24desk("export", "--db", str(office), "--to", str(export), home=tmp_path)
    assert made.returncode == 0, made.stderr
    bomb = _generator().zip_bomb(export, tmp_path / "bomb.zip")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    target = tmp_path / "new.sqlite"
    started = time.monotonic()
    result = b24desk("import", "--db", str(target), "--from", str(bomb), home=tmp_path)
    assert_refused(result)
    assert "unpacked" in result.stderr
    assert time.monotonic() - started < 30
    assert not target.exists()


def test_the_foreign_sqlite_file_is_not_switched_to_wal(corpus: Path, tmp_path: Path) -> None:
    """Issue #13.7: "another program's SQLite file is switched to WAL"."""
    import sqlite3

    database = tmp_path / "foreign.sqlite"
    shutil.copy(corpus / "foreign.sqlite", database)
    before = database.read_bytes()
    result = b24desk("export", "--db", str(database), "--to", "x.zip", home=tmp_path)
    assert_refused(result)
    assert "another program" in result.stderr
    assert database.read_bytes() == before
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()


@pytest.mark.parametrize("name", ["huge_id.zip", "deep_json.zip", "bad_utf8.zip"])
def test_import_into_postgresql_refuses_a_hostile_archive(
    corpus: Path, tmp_path: Path, postgres_url: str, name: str
) -> None:
    """The same refusal on the server, and the server's database stays empty."""
    import psycopg

    result = b24desk("import", "--db", postgres_url, "--from", str(corpus / name), home=tmp_path)
    assert_refused(result)
    with psycopg.connect(postgres_url) as con:
        assert con.execute("SELECT count(*) FROM client").fetchone() == (0,)
