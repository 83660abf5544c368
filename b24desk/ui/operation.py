"""Long work off the GUI thread, reporting progress, success and failure by signals.

The work function gets a :class:`Progress` to report ``(done, total, label)`` and to
check :attr:`Progress.cancelled`; it must not touch widgets.  It runs in Qt's
thread pool with its own database connection (peewee connections are per thread),
closed when it ends.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from b24desk.i18n import _
from b24desk.store.binding import desk_database
from b24desk.store.errors import StoreError

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised by :meth:`Progress.check` when the user cancelled."""


class Progress:
    """Handed to the work function: report progress, look for cancellation."""

    def __init__(self, operation: Operation) -> None:
        self._operation = operation
        self._event = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        self._event.set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled

    def report(self, done: int, total: int, label: str = "") -> None:
        self._operation.progress.emit(done, total, label)


class _Runner(QRunnable):
    def __init__(self, operation: Operation) -> None:
        super().__init__()
        self.operation = operation

    def run(self) -> None:
        op = self.operation
        try:
            result = op.work(op.progress_handle)
        except Cancelled:
            op.cancelled.emit()
        except StoreError as exc:  # a refusal worded for the person: no traceback
            log.info("operation refused: %s", exc)
            op.failed.emit(str(exc))
        except Exception as exc:  # reported to the user, and logged with its traceback
            log.error("operation failed\n%s", traceback.format_exc())
            op.failed.emit(str(exc) or type(exc).__name__)
        else:
            op.succeeded.emit(result)
        finally:
            # This thread's connections: to the database open when the work was made,
            # and to the one open now if the desk switched meanwhile (the models
            # follow the desk's database, so the work may have used either).
            for used in {id(d): d for d in (op.database, desk_database()) if d}.values():
                with contextlib.suppress(Exception):  # nothing open, or closed already
                    used.close()
            op.done.emit()


class Operation(QObject):
    """One piece of background work; connect to its signals, then :meth:`start`."""

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()

    def __init__(self, work: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work
        self.progress_handle = Progress(self)
        #: The database open when the work was made, if any (the worker closes its
        #: own connection to this one, even if another database is opened meanwhile).
        self.database = desk_database()

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(_Runner(self))

    @Slot()
    def cancel(self) -> None:
        self.progress_handle.cancel()


def run_with_progress(
    parent: QWidget | None,
    title: str,
    work: Callable[[Progress], Any],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[str], None] | None = None,
) -> Operation:
    """Run ``work`` in the background behind a progress dialog with a Cancel button."""
    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    operation = Operation(work, dialog)

    def on_progress(done: int, total: int, label: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        if label:
            dialog.setLabelText(label)

    operation.progress.connect(on_progress)
    dialog.canceled.connect(operation.cancel)
    if on_success is not None:
        operation.succeeded.connect(on_success)
    if on_failure is not None:
        operation.failed.connect(on_failure)
    operation.done.connect(dialog.close)
    operation.done.connect(dialog.deleteLater)
    operation.start()
    return operation
