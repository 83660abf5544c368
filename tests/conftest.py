"""Shared fixtures: every test gets its own data folder and its own database."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import peewee
import pytest

from b24desk import i18n
from b24desk.store.db import close_database, open_database
from tests.mail_server import mail_server, smtp_ca  # noqa: F401 - fixtures of the mail tests


def _offscreen_platform() -> str:
    """Qt's offscreen platform with a 1920×1200 screen (its default is 800×800)."""
    config = Path(tempfile.mkdtemp(prefix="b24desk-qt-")) / "screens.json"
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


# Before anything imports Qt: no screen in tests.  A CI that already says plain
# "offscreen" gets the same 1920×1200 screen (Qt's default 800×800 fails the window
# geometry tests); another platform (xcb under Xvfb) is left as it is.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = _offscreen_platform()


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point the per-user data folder at a temporary one: no test touches real data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("B24DESK_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _english_desk() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _no_system_keyring() -> Iterator[None]:
    """No test reads or writes the real keyring of the machine it runs on."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        yield
        return
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(_no_system_keyring: None) -> dict[tuple[str, str], str]:
    """A real keyring backend that keeps passwords in this dict (for the test only)."""
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    kept: dict[tuple[str, str], str] = {}

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return kept.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            kept[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if kept.pop((service, username), None) is None:
                raise PasswordDeleteError(username)

    keyring.set_keyring(MemoryKeyring())
    return kept


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite"


#: The PostgreSQL server the suite runs against a second time (CI sets it).
POSTGRES_URL = os.environ.get("B24DESK_TEST_POSTGRES", "")
_postgres_state: dict[str, object] = {}


def _postgres_unavailable() -> str | None:
    """Why the PostgreSQL run cannot happen here (None: it can)."""
    if "reason" not in _postgres_state:
        reason: str | None = None
        if not POSTGRES_URL:
            reason = "no PostgreSQL server: set B24DESK_TEST_POSTGRES=postgresql://… to run"
        else:
            try:
                import psycopg

                psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
            except Exception as exc:  # any failure to connect: say it and skip
                reason = f"PostgreSQL at B24DESK_TEST_POSTGRES is not reachable: {exc}"
        _postgres_state["reason"] = reason
    return _postgres_state["reason"]  # type: ignore[return-value]


def _fresh_postgres() -> peewee.Database:
    """The test database on PostgreSQL, emptied to the state of a new database."""
    from b24desk.store import migrations
    from b24desk.store.models import ALL_MODELS

    if not _postgres_state.get("schema"):
        # Once per session: the schema as this code defines it.
        import psycopg

        with psycopg.connect(POSTGRES_URL, autocommit=True) as con:
            con.execute("DROP SCHEMA public CASCADE")
            con.execute("CREATE SCHEMA public")
        _postgres_state["schema"] = True
        return open_database(POSTGRES_URL)
    database = open_database(POSTGRES_URL)
    from b24desk.store.search import TABLES as SEARCH_TABLES

    tables = ", ".join(
        [f'"{model._meta.table_name}"' for model in ALL_MODELS] + list(SEARCH_TABLES)
    )
    with database.atomic():
        database.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        migrations.seed_defaults()
    return database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, db_path: Path) -> Iterator[peewee.Database]:
    """A fresh, empty b24desk database (current schema) for this test only.

    Every test that uses it runs twice: on an SQLite file and on the PostgreSQL
    server named by ``B24DESK_TEST_POSTGRES`` (skipped, with the reason, without one).
    """
    if request.param == "sqlite":
        database = open_database(db_path)
    else:
        reason = _postgres_unavailable()
        if reason:
            pytest.skip(reason)
        database = _fresh_postgres()
    yield database
    if "PySide6" in sys.modules:  # background work ends before its database goes away
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(30000)
    close_database()


@pytest.fixture(params=[pytest.param("postgres", marks=pytest.mark.postgres)])
def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The test server's URL, its database fresh and closed (skipped without a server)."""
    reason = _postgres_unavailable()
    if reason:
        pytest.skip(reason)
    from b24desk.store.models import database_proxy

    already_open = database_proxy.obj  # a database another fixture opened stays bound
    _fresh_postgres()
    close_database()
    if already_open is not None:
        database_proxy.initialize(already_open)
    yield POSTGRES_URL
    close_database()


@pytest.fixture
def db_target(request: pytest.FixtureRequest, db: peewee.Database, db_path: Path) -> str:
    """What another process passes to ``--db`` to open the test's database."""
    return POSTGRES_URL if isinstance(db, peewee.PostgresqlDatabase) else str(db_path)


@pytest.fixture
def other_desk(db_target: str) -> Callable[..., None]:
    """Run one SQL statement as another desk would: through a connection of its own.

    Write placeholders as ``?``; on PostgreSQL they become ``%s``.
    """

    def run(sql: str, *params: object) -> None:
        if db_target.startswith("postgresql://"):
            import psycopg

            with psycopg.connect(db_target) as con:
                con.execute(sql.replace("?", "%s"), params)
        else:
            import sqlite3

            from b24desk.store.search import register_sqlite_connection

            con = sqlite3.connect(db_target)
            register_sqlite_connection(con)  # a desk's connection writes search texts
            try:
                with con:
                    con.execute(sql, params)
            finally:
                con.close()

    return run


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a PostgreSQL server, its runs are left out at once and counted, so the
    summary says so in one line instead of hundreds of identical "skipped" lines."""
    reason = _postgres_unavailable()
    if not reason:
        return
    left_out = [item for item in items if item.get_closest_marker("postgres")]
    if left_out:
        _postgres_state["left_out"] = len(left_out)
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many database tests ran on PostgreSQL (CI's log shows it)."""
    left_out = _postgres_state.get("left_out")
    if left_out:
        terminalreporter.write_line(
            f"PostgreSQL runs of {left_out} database tests not run: {_postgres_state['reason']}"
        )
    counts: dict[str, int] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            counted = report.when == "call" or (outcome == "skipped" and report.when == "setup")
            if "[postgres" in getattr(report, "nodeid", "") and counted:
                counts[outcome] = counts.get(outcome, 0) + 1
    if counts:
        summary = ", ".join(f"{n} {outcome}" for outcome, n in counts.items())
        where = "PostgreSQL at B24DESK_TEST_POSTGRES" if POSTGRES_URL else "PostgreSQL (no server)"
        terminalreporter.write_line(f"Database tests on {where}: {summary}")
