"""The pump that sends the outbox (issue #16, item 2: "sending runs off the GUI thread
whenever messages are queued and the server answers, with retries and back-off").
The sender here is a plain function standing in for ``mail_sender.send_queued``."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication

from b24desk.store import outbox
from b24desk.ui.mail.sending import MAX_BACKOFF_MS, MailPump
from b24desk.ui.main_window import MainWindow


@dataclass(frozen=True)
class Report:
    sent: int = 0
    failed: int = 0
    waiting: int = 0
    error: str = ""


class Sender:
    """Records each run: the thread it ran on and how many ran at once."""

    def __init__(self, seconds: float = 0.0, error: str = "") -> None:
        self.seconds = seconds
        self.error = error
        self.threads: list[threading.Thread] = []
        self.running = 0
        self.most_at_once = 0
        self.lock = threading.Lock()

    def __call__(self) -> Report:
        with self.lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.threads.append(threading.current_thread())
        time.sleep(self.seconds)
        with self.lock:
            self.running -= 1
        return Report(error=self.error)


def test_it_runs_off_the_gui_thread_and_never_twice_at_once(qtbot, ctx, client) -> None:
    send = Sender(seconds=0.3)
    pump = MailPump(send, ctx.signals)
    assert pump.run_now()
    assert not pump.run_now()  # one is on: the second does not start
    for _ in range(5):
        pump.run_now()
    qtbot.waitUntil(lambda: not pump.running, timeout=5000)
    assert len(send.threads) == 1
    assert send.threads[0] is not threading.main_thread()
    assert send.most_at_once == 1
    assert pump.run_now()  # after the run ends, a new one may start
    qtbot.waitUntil(lambda: not pump.running, timeout=5000)
    assert len(send.threads) == 2 and send.most_at_once == 1
    pump.stop()


def test_a_queued_message_starts_a_run_at_once(qtbot, ctx, draft) -> None:
    send = Sender()
    pump = MailPump(send, ctx.signals)
    with qtbot.waitSignal(pump.finished, timeout=5000):
        outbox.queue(draft())
        QApplication.processEvents()
    assert len(send.threads) == 1
    pump.stop()


def test_the_timer_runs_it_again(qtbot, ctx, client) -> None:
    send = Sender()
    pump = MailPump(send, ctx.signals, interval_ms=50)
    pump.start()
    qtbot.waitUntil(lambda: len(send.threads) >= 3, timeout=5000)
    pump.stop()


def test_it_backs_off_while_the_server_is_out_of_reach(qtbot, ctx, draft) -> None:
    send = Sender(error="No mail server answers at smtp.zenit.es:587")
    pump = MailPump(send, ctx.signals, interval_ms=1000)
    errors: list[str] = []
    pump.errorChanged.connect(errors.append)
    with qtbot.waitSignal(pump.finished, timeout=5000):
        pump.run_now()
    qtbot.waitUntil(lambda: not pump.running)
    assert errors == ["No mail server answers at smtp.zenit.es:587"]
    assert pump.delay_ms() == 2000 and pump.timer.remainingTime() > 1000
    # A new message does not start a run while the pump waits.
    outbox.queue(draft())
    QApplication.processEvents()
    qtbot.wait(100)
    assert len(send.threads) == 1
    # Each failure doubles the wait, up to the cap.
    with qtbot.waitSignal(pump.finished, timeout=5000):
        pump.run_now()  # Send now tries whatever the wait
    qtbot.waitUntil(lambda: not pump.running)
    assert pump.delay_ms() == 4000
    pump.failures = 40
    assert pump.delay_ms() == MAX_BACKOFF_MS
    # The server answers again: the error goes, the wait is back to the interval.
    send.error = ""
    with qtbot.waitSignal(pump.finished, timeout=5000):
        pump.run_now()
    qtbot.waitUntil(lambda: not pump.running)
    assert errors[-1] == "" and pump.delay_ms() == 1000
    pump.stop()


def test_an_exception_counts_as_an_error(qtbot, ctx, client) -> None:
    def send() -> Report:
        raise OSError("Network is unreachable")

    pump = MailPump(send, ctx.signals)
    with qtbot.waitSignal(pump.errorChanged, timeout=5000) as signal:
        pump.run_now()
    assert signal.args == ["Network is unreachable"]
    qtbot.waitUntil(lambda: not pump.running)
    assert pump.failures == 1
    pump.stop()


def test_the_window_shows_the_last_error_and_send_now_runs_it(qtbot, ctx, draft) -> None:
    outbox.queue(draft())
    window = MainWindow(ctx, "office.db")
    qtbot.addWidget(window)
    window.show()
    send = Sender(error="No mail server answers at smtp.zenit.es:587")
    pump = window.set_mail_sender(send)
    assert isinstance(pump, MailPump)
    qtbot.waitUntil(lambda: bool(send.threads) and not pump.running, timeout=5000)
    QApplication.processEvents()
    assert window.outbox_status.plain_text() == (
        "1 message waiting · No mail server answers at smtp.zenit.es:587"
    )
    dialog = window.open_outbox()
    assert dialog.send_button.isEnabled()  # type: ignore[attr-defined]
    dialog.send_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(send.threads) == 2 and not pump.running, timeout=5000)
    dialog.close()
    window.close()
