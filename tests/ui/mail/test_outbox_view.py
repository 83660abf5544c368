"""The Outbox view (issue #16, item 2): it lists, filters, searches, retries, cancels
(after asking) and opens the messages; Send now waits for a mail server."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from b24desk.store import outbox
from b24desk.ui import palette
from b24desk.ui.mail import outbox as outbox_view
from b24desk.ui.mail.common import STATE_TONES
from b24desk.ui.mail.outbox import MessageDialog, OutboxDialog
from b24desk.ui.main_window import MainWindow
from tests.ui.mail.conftest import PDF, set_state


@pytest.fixture
def three(client, draft) -> dict[str, int]:
    """A queued, a failed and a sent message."""
    ids = {
        "queued": outbox.queue(draft(subject="Factura INV-2026-0007")),
        "failed": outbox.queue(draft(subject="Recibo de pago", to="pagos@zenit.es")),
        "sent": outbox.queue(draft(subject="Aviso de renovación", attachments=())),
    }
    reason = "550 5.1.1 pagos@zenit.es: user unknown"
    set_state(ids["failed"], "failed", attempts=3, last_error=reason)
    set_state(ids["sent"], "sent", attempts=1)
    return {k: int(v) for k, v in ids.items() if v is not None}


def _subjects(dialog: OutboxDialog) -> list[str]:
    model = dialog.list.model
    return sorted(model.data(model.index(r, 3)) for r in range(model.rowCount()))


def _select(dialog: OutboxDialog, message_id: int) -> None:
    dialog.list.model.row_object(0)
    assert dialog.list.select_id(message_id)


def test_it_lists_every_message_with_its_state(qtbot, ctx, three) -> None:
    dialog = OutboxDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.list.model
    assert model.rowCount() == 3
    assert dialog.count_label.text() == "3 messages"
    rows = {model.data(model.index(r, 3)): r for r in range(3)}
    failed = rows["Recibo de pago"]
    assert model.data(model.index(failed, 0)) == "Failed"
    assert model.data(model.index(failed, 2)) == "Zenit Logística SL"
    assert model.data(model.index(failed, 4)) == "3"
    error = model.index(failed, 7)
    assert model.data(error) == "550 5.1.1 pagos@zenit.es: user unknown"
    assert model.data(error, Qt.ItemDataRole.ToolTipRole) == model.data(error)
    tint = model.data(model.index(failed, 0), Qt.ItemDataRole.BackgroundRole).color()
    assert tint == palette.background(STATE_TONES["failed"])
    sent = rows["Aviso de renovación"]
    assert model.data(model.index(sent, 6))  # the sent time
    assert model.data(model.index(rows["Factura INV-2026-0007"], 6)) == ""


def test_the_state_filter_and_the_search(qtbot, ctx, three) -> None:
    dialog = OutboxDialog(ctx)
    qtbot.addWidget(dialog)
    box = dialog.list.filter_boxes["state"]
    box.setCurrentIndex(box.findData("failed"))
    assert _subjects(dialog) == ["Recibo de pago"]
    box.setCurrentIndex(box.findData("waiting"))
    assert _subjects(dialog) == ["Factura INV-2026-0007"]
    box.setCurrentIndex(0)
    dialog.list.search.setText("renovación")
    dialog.list.apply_search()
    assert _subjects(dialog) == ["Aviso de renovación"]
    dialog.list.search.setText("user unknown")  # the server's reason is searched too
    dialog.list.apply_search()
    assert _subjects(dialog) == ["Recibo de pago"]


def test_sorting_by_a_column(qtbot, ctx, three) -> None:
    dialog = OutboxDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.list.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    model = dialog.list.model
    assert [model.data(model.index(r, 3)) for r in range(3)] == [
        "Aviso de renovación", "Factura INV-2026-0007", "Recibo de pago",
    ]


def test_retry_puts_a_failed_message_back_in_the_queue(qtbot, ctx, three) -> None:
    dialog = OutboxDialog(ctx)
    qtbot.addWidget(dialog)
    _select(dialog, three["failed"])
    assert dialog.retry_button.isEnabled() and dialog.cancel_button.isEnabled()
    dialog.retry_button.click()
    QApplication.processEvents()
    row = outbox.get_message(three["failed"])
    assert (row.state, row.last_error) == ("queued", "")
    _select(dialog, three["failed"])
    assert not dialog.retry_button.isEnabled()  # queued: nothing to retry
    _select(dialog, three["sent"])
    assert not dialog.retry_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_cancel_asks_first(qtbot, ctx, three, monkeypatch) -> None:
    asked: list[str] = []
    answer = [False]

    def confirm(parent, title, text, action) -> bool:  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(outbox_view, "confirm", confirm)
    dialog = OutboxDialog(ctx)
    qtbot.addWidget(dialog)
    _select(dialog, three["queued"])
    dialog.cancel_button.click()
    assert "Factura INV-2026-0007" in asked[0] and "ana@zenit.es" in asked[0]
    assert outbox.get_message(three["queued"]).state == "queued"  # said no
    answer[0] = True
    dialog.cancel_button.click()
    assert outbox.get_message(three["queued"]).state == "cancelled"
    QApplication.processEvents()
    _select(dialog, three["queued"])
    assert dialog.retry_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_open_shows_the_message_read_only(qtbot, ctx, three, opened) -> None:
    dialog = OutboxDialog(ctx)
    qtbot.addWidget(dialog)
    shown: list[QDialog] = []

    def run(message: QDialog) -> None:
        shown.append(message)
        assert isinstance(message, MessageDialog)
        assert message.values["to"].text() == "pagos@zenit.es"
        assert message.values["state"].text() == (
            "Failed: 550 5.1.1 pagos@zenit.es: user unknown"
        )
        assert message.body.isReadOnly()
        assert message.body.toPlainText().startswith("Hola Ana")
        assert message.attachment_list is not None
        message.attachment_list.open_button.click()

    dialog.run_dialog = run
    _select(dialog, three["failed"])
    dialog.open_button.click()
    assert len(shown) == 1
    assert Path(opened[0]).read_bytes() == PDF


def test_send_now_waits_for_a_mail_server(qtbot, ctx, three) -> None:
    dialog = OutboxDialog(ctx)
    qtbot.addWidget(dialog)
    assert not dialog.send_button.isEnabled()
    assert dialog.send_button.toolTip() == "Set up the mail server in Office settings first"
    calls: list[str] = []
    dialog.set_sender(lambda: calls.append("send"))
    with qtbot.waitSignal(dialog.sendNowRequested):
        dialog.send_button.click()
    assert calls == ["send"]


def test_it_follows_the_outbox(qtbot, ctx, three, draft) -> None:
    dialog = OutboxDialog(ctx)
    qtbot.addWidget(dialog)
    outbox.queue(draft(subject="Estado de cuenta"))
    QApplication.processEvents()
    assert dialog.list.model.rowCount() == 4


def test_the_menu_the_shortcut_and_today_open_it(qtbot, ctx, three) -> None:
    window = MainWindow(ctx, "office.db")
    qtbot.addWidget(window)
    window.show()
    assert window.outbox_action.shortcut().toString() == "Ctrl+Shift+O"
    window.outbox_action.trigger()
    dialog = window.outbox_dialog
    assert isinstance(dialog, OutboxDialog) and dialog.isVisible()
    dialog.close()
    window.open_record("outbox", three["failed"])
    dialog = window.outbox_dialog
    assert isinstance(dialog, OutboxDialog) and dialog.isVisible()
    assert dialog.list.current_id() == three["failed"]
    dialog.close()
