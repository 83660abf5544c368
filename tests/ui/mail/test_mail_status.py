"""The status bar's word on the outbox (issue #16, item 2): "2 messages waiting" with
the language's plural forms, failed messages in the error colour, nothing at 0."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from b24desk.store import outbox
from b24desk.ui import palette
from b24desk.ui.mail.outbox import OutboxDialog
from b24desk.ui.mail.status import OutboxStatusLabel
from b24desk.ui.main_window import MainWindow
from tests.ui.mail.conftest import set_state


def test_hidden_while_nothing_waits_or_failed(qtbot, ctx, draft) -> None:
    window = MainWindow(ctx, "office.db")
    qtbot.addWidget(window)
    window.show()
    assert not window.outbox_status.isVisible()
    assert window.db_label.isVisible()
    message = outbox.queue(draft())
    QApplication.processEvents()
    assert window.outbox_status.isVisible()
    assert message is not None
    set_state(message, "sent")
    QApplication.processEvents()
    assert not window.outbox_status.isVisible()
    qtbot.waitUntil(lambda: not window.busy())  # Today's rows loaded before teardown


def test_one_and_two_messages_waiting(qtbot, ctx, draft) -> None:
    label = OutboxStatusLabel(ctx)
    qtbot.addWidget(label)
    first = outbox.queue(draft())
    QApplication.processEvents()
    assert label.plain_text() == "1 message waiting"
    assert not label.isHidden()
    outbox.queue(draft(subject="Recibo"))
    QApplication.processEvents()
    assert label.plain_text() == "2 messages waiting"
    assert first is not None
    set_state(first, "failed", last_error="550 no such user")
    QApplication.processEvents()
    assert label.plain_text() == "1 message waiting · 1 message failed"
    assert palette.error_text().name() in label.text()  # the failed part, in red
    assert "waiting" not in label.text().split("<span")[1]
    set_state(first, "cancelled")
    outbox.cancel(outbox.list_messages(["queued"])[0].id)
    QApplication.processEvents()
    assert label.isHidden()


def test_plural_forms_come_from_ngettext(monkeypatch) -> None:
    """The counts go through ngettext with n, so the catalogs give Russian its three
    forms (1 сообщение, 2 сообщения, 5 сообщений) once translated."""
    from b24desk.ui.mail import status

    asked: list[tuple[str, str, int]] = []

    def ngettext(singular: str, plural: str, n: int) -> str:
        asked.append((singular, plural, n))
        return {1: "{count} one", 2: "{count} few"}.get(n, "{count} many")

    monkeypatch.setattr(status, "ngettext", ngettext)
    assert [status.waiting_text(n) for n in (1, 2, 5)] == ["1 one", "2 few", "5 many"]
    assert [status.failed_text(n) for n in (1, 21)] == ["1 one", "21 many"]
    assert {(s, p) for s, p, _n in asked} == {
        ("{count} message waiting", "{count} messages waiting"),
        ("{count} message failed", "{count} messages failed"),
    }


def test_the_send_error_shows_while_messages_wait(qtbot, ctx, draft) -> None:
    label = OutboxStatusLabel(ctx)
    qtbot.addWidget(label)
    outbox.queue(draft())
    QApplication.processEvents()
    label.set_send_error("No mail server answers at smtp.zenit.es:587")
    assert label.plain_text() == (
        "1 message waiting · No mail server answers at smtp.zenit.es:587"
    )
    assert "smtp.zenit.es" in label.toolTip()
    label.set_send_error("")
    assert label.plain_text() == "1 message waiting"


def test_a_click_opens_the_outbox(qtbot, ctx, draft) -> None:
    outbox.queue(draft())
    window = MainWindow(ctx, "office.db")
    qtbot.addWidget(window)
    window.show()
    assert window.outbox_status.isVisible()
    qtbot.mouseClick(window.outbox_status, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert isinstance(window.outbox_dialog, OutboxDialog)
    assert window.outbox_dialog.isVisible()
    window.outbox_dialog.close()
