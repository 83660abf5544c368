"""The pump that sends the outbox in the background, every minute and as soon as a
message is queued, backing off while the mail server cannot be reached."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from b24desk.store import outbox
from b24desk.ui.operation import Operation
from b24desk.ui.signals import DataSignals

log = logging.getLogger(__name__)

#: How often the pump looks for messages to send (milliseconds).
INTERVAL_MS = 60_000
#: The longest wait between two tries while the server cannot be reached.
MAX_BACKOFF_MS = 30 * 60_000


#: Runs under way (kept referenced until done, whatever becomes of their pump).
_RUNS: set[Operation] = set()


class MailPump(QObject):
    """Runs ``send`` (``store.mail_sender.send_queued`` at the merge) on a worker
    thread, never on the GUI thread and never twice at once.

    ``send`` returns a report with ``error`` (one line, "" when the server answered)
    and the counts ``sent``, ``failed``, ``waiting``; an exception counts as an error.
    After an error the pump waits twice as long each time (one interval, two, four…,
    at most :data:`MAX_BACKOFF_MS`) and does not start on new messages before that;
    :meth:`run_now` (Send now) tries at once whatever the wait.
    """

    #: The last report (``send``'s result), after each run that returned.
    finished = Signal(object)
    #: The error line of the last run ("" after a run that reached the server).
    errorChanged = Signal(str)

    def __init__(
        self,
        send: Callable[[], Any],
        signals: DataSignals,
        interval_ms: int = INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.send = send
        self.interval_ms = interval_ms
        self.running = False
        self.error = ""
        #: Runs that ended with the server out of reach, one after another.
        self.failures = 0
        self._backing_off = False
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timer)
        signals.changed.connect(self._on_data_changed)
        self._signals = signals

    def start(self) -> None:
        """Send what is waiting now, then every interval."""
        self.run_now()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.timer.stop()
        self._signals.changed.disconnect(self._on_data_changed)

    def delay_ms(self) -> int:
        """How long until the next run: the interval, doubled for each failure."""
        if not self.failures:
            return self.interval_ms
        return int(min(self.interval_ms * 2 ** min(self.failures, 16), MAX_BACKOFF_MS))

    @Slot()
    def _on_timer(self) -> None:
        self._backing_off = False
        self.run_now()

    @Slot(str)
    def _on_data_changed(self, entity: str) -> None:
        # While a run is on, the changes are most likely its own (sent, failed): the
        # next run comes with the timer.  While backing off, a new message waits too.
        if entity != outbox.OUTBOX or self.running or self._backing_off:
            return
        try:
            waiting = outbox.waiting_count()
        except Exception:  # the database went away (being switched): the timer retries
            return
        if waiting:
            self.run_now()

    @Slot()
    def run_now(self) -> bool:
        """Start a run unless one is on (then ``False``)."""
        if self.running or self._stopped:
            return False
        self.running = True
        self.timer.stop()
        # The run outlives the pump if the pump goes (the desk closing, the mail server
        # changed): it has no parent and is kept alive here until it is done.
        operation = Operation(lambda _progress: self.send())
        _RUNS.add(operation)
        operation.succeeded.connect(self._on_report)
        operation.failed.connect(self._on_error)
        operation.done.connect(self._on_done)
        operation.done.connect(lambda: _RUNS.discard(operation))
        operation.done.connect(operation.deleteLater)
        operation.start()
        return True

    @Slot(object)
    def _on_report(self, report: Any) -> None:
        self._set_error(str(getattr(report, "error", "") or ""))
        self.finished.emit(report)

    @Slot(str)
    def _on_error(self, message: str) -> None:
        log.warning("sending the outbox failed: %s", message)
        self._set_error(message)

    def _set_error(self, error: str) -> None:
        self.failures = self.failures + 1 if error else 0
        self._backing_off = bool(error)
        if error != self.error:
            self.error = error
            self.errorChanged.emit(error)

    @Slot()
    def _on_done(self) -> None:
        self.running = False
        if not self._stopped:
            self.timer.start(self.delay_ms())
