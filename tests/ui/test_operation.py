"""Background work through one small helper: progress, success, failure and
cancellation come back by signals, and the worker's database connection is closed."""

from __future__ import annotations

import logging
import sqlite3
import threading
from typing import Any

import peewee
import pytest
from PySide6.QtCore import QThreadPool

from b24desk.store import models as m
from b24desk.store.errors import StoreError
from b24desk.ui.operation import Cancelled, Operation, Progress, run_with_progress


@pytest.fixture
def pool() -> QThreadPool:
    return QThreadPool()


def run(qtbot: Any, operation: Operation, pool: QThreadPool) -> dict[str, list[Any]]:
    """Start ``operation`` with every signal recorded (connected before the start:
    the work may end before a later connection), and wait for its end."""
    seen: dict[str, list[Any]] = {"progress": [], "succeeded": [], "failed": [], "cancelled": []}
    operation.progress.connect(lambda *args: seen["progress"].append(args))
    operation.succeeded.connect(seen["succeeded"].append)
    operation.failed.connect(seen["failed"].append)
    operation.cancelled.connect(lambda: seen["cancelled"].append(True))
    with qtbot.waitSignal(operation.done, timeout=10000):
        operation.start(pool)
    assert pool.waitForDone(10000)
    return seen


def test_success_reports_progress_then_the_result(qtbot: Any, pool: QThreadPool) -> None:
    threads: list[threading.Thread] = []

    def work(progress: Progress) -> int:
        threads.append(threading.current_thread())
        for done in range(3):
            progress.report(done, 3, f"step {done}")
        return 42

    seen = run(qtbot, Operation(work), pool)
    assert seen["progress"] == [(0, 3, "step 0"), (1, 3, "step 1"), (2, 3, "step 2")]
    assert seen["succeeded"] == [42]
    assert seen["failed"] == seen["cancelled"] == []
    assert threads[0] is not threading.main_thread()  # off the GUI thread


def test_a_failure_is_reported_and_logged_with_its_traceback(
    qtbot: Any, pool: QThreadPool, caplog: pytest.LogCaptureFixture
) -> None:
    def work(progress: Progress) -> None:
        raise OSError("No space left on the backup drive")

    seen = run(qtbot, Operation(work), pool)
    assert seen["failed"] == ["No space left on the backup drive"]
    assert seen["succeeded"] == []
    assert "Traceback" in caplog.text and "OSError" in caplog.text


def test_a_failure_without_words_is_named_by_its_kind(qtbot: Any, pool: QThreadPool) -> None:
    def work(progress: Progress) -> None:
        raise KeyError

    assert run(qtbot, Operation(work), pool)["failed"] == ["KeyError"]


def test_a_store_refusal_is_worded_for_the_person_without_a_traceback(
    qtbot: Any, pool: QThreadPool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="b24desk.ui.operation")

    def work(progress: Progress) -> None:
        raise StoreError("The backup folder is not writable.")

    seen = run(qtbot, Operation(work), pool)
    assert seen["failed"] == ["The backup folder is not writable."]
    assert "The backup folder is not writable." in caplog.text  # logged as a refusal
    assert "Traceback" not in caplog.text
    assert all(record.levelno < logging.ERROR for record in caplog.records)


def test_cancelling_stops_the_work_at_its_next_check(qtbot: Any, pool: QThreadPool) -> None:
    started = threading.Event()
    steps: list[int] = []

    def work(progress: Progress) -> str:
        started.set()
        for step in range(1000):
            progress.check()
            steps.append(step)
            threading.Event().wait(0.005)
        return "finished"

    operation = Operation(work)
    seen: dict[str, list[Any]] = {"succeeded": [], "cancelled": []}
    operation.succeeded.connect(seen["succeeded"].append)
    operation.cancelled.connect(lambda: seen["cancelled"].append(True))
    with qtbot.waitSignal(operation.done, timeout=10000):
        operation.start(pool)
        assert started.wait(5)
        operation.cancel()
    assert seen == {"succeeded": [], "cancelled": [True]}
    assert 0 < len(steps) < 1000
    assert operation.progress_handle.cancelled
    with pytest.raises(Cancelled):
        operation.progress_handle.check()


def connection_closed(connection: Any) -> bool:
    if isinstance(connection, sqlite3.Connection):
        try:
            connection.total_changes  # noqa: B018 - refused once closed
        except sqlite3.ProgrammingError as exc:
            return "closed" in str(exc)
        return False
    return bool(connection.closed)  # psycopg


def test_the_worker_closes_its_database_connection(
    qtbot: Any, pool: QThreadPool, db: peewee.Database
) -> None:
    m.Client.create(company="Acme Ltd")
    used: list[Any] = []

    def work(progress: Progress) -> list[str]:
        companies = [c.company for c in m.Client.select()]
        used.append(db.connection())
        return companies

    seen = run(qtbot, Operation(work), pool)
    assert seen["succeeded"] == [["Acme Ltd"]]
    assert used and used[0] is not db.connection()  # a connection of its own
    assert connection_closed(used[0])
    assert not connection_closed(db.connection())  # the GUI thread's stays open


def test_the_connection_is_closed_after_a_failure_too(
    qtbot: Any, pool: QThreadPool, db: peewee.Database
) -> None:
    used: list[Any] = []

    def work(progress: Progress) -> None:
        m.Client.select().count()
        used.append(db.connection())
        raise StoreError("Refused.")

    assert run(qtbot, Operation(work), pool)["failed"] == ["Refused."]
    assert connection_closed(used[0])


def test_run_with_progress_hands_the_result_to_the_caller(qtbot: Any) -> None:
    results: list[Any] = []
    failures: list[str] = []

    def work(progress: Progress) -> str:
        progress.report(1, 1, "copying")
        return "done"

    operation = run_with_progress(None, "Copying", work, results.append, failures.append)
    qtbot.waitUntil(lambda: results == ["done"], timeout=10000)
    assert failures == []
    assert QThreadPool.globalInstance().waitForDone(10000)
    del operation


def test_run_with_progress_hands_the_failure_to_the_caller(qtbot: Any) -> None:
    results: list[Any] = []
    failures: list[str] = []

    def work(progress: Progress) -> None:
        raise StoreError("The file is locked by another program.")

    run_with_progress(None, "Copying", work, results.append, failures.append)
    qtbot.waitUntil(lambda: failures == ["The file is locked by another program."], timeout=10000)
    assert results == []
    assert QThreadPool.globalInstance().waitForDone(10000)
