"""The preview before a message is queued (issue #16, item 3): what is edited is what is
queued, bad input is shown beside its field and nothing typed is lost."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from b24desk.i18n import set_language
from b24desk.store import models as m
from b24desk.store import outbox
from b24desk.ui.mail.preview import PreviewDialog
from tests.ui.mail.conftest import PDF


def test_queue_takes_what_was_edited(qtbot, ctx, client, draft) -> None:
    dialog = PreviewDialog(draft())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.to.text() == "ana@zenit.es"
    assert dialog.attachment_list is not None
    assert dialog.attachment_list.table.item(0, 0).text() == "INV-2026-0007.pdf"
    assert dialog.attachment_list.table.item(0, 1).text() == "2 kB"
    dialog.cc.setText("contabilidad@zenit.es")
    dialog.subject.setText("Factura INV-2026-0007 (corregida)")
    dialog.body.setPlainText("Hola Ana, aquí va la factura corregida.")
    qtbot.mouseClick(dialog.queue_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    row = outbox.get_message(dialog.queued_id)
    assert (row.to, row.cc, row.subject, row.body) == (
        "ana@zenit.es",
        "contabilidad@zenit.es",
        "Factura INV-2026-0007 (corregida)",
        "Hola Ana, aquí va la factura corregida.",
    )
    assert outbox.message_attachments(row.id)[0].data == PDF


def test_a_bad_address_is_shown_beside_to_and_the_text_is_kept(qtbot, ctx, client, draft) -> None:
    dialog = PreviewDialog(draft())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.to.setText("ana@@zenit")
    dialog.body.setPlainText("Texto que no se debe perder")
    dialog.queue_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.isVisible()
    assert dialog.error_of("to")  # the rule's message, beside To
    assert dialog.rows["to"].message.isVisible()
    assert dialog.error_of("subject") == ""
    assert (dialog.to.text(), dialog.body.toPlainText()) == (
        "ana@@zenit",
        "Texto que no se debe perder",
    )
    assert m.OutboxMessage.select().count() == 0
    # Typing in To clears its error; a good address then queues.
    qtbot.keyClicks(dialog.to, "x")
    assert not dialog.rows["to"].message.isVisible()
    dialog.to.setText("ana@zenit.es")
    dialog.queue_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert outbox.get_message(dialog.queued_id).body == "Texto que no se debe perder"


def test_a_subject_with_a_line_break_and_no_address_both_show(qtbot, ctx, client, draft) -> None:
    dialog = PreviewDialog(draft(to="", subject="Factura\nBcc: x@evil.example"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.queue_button.click()
    assert dialog.error_of("to") and dialog.error_of("subject")
    assert m.OutboxMessage.select().count() == 0


def test_ctrl_return_queues_even_from_the_body(qtbot, ctx, client, draft) -> None:
    dialog = PreviewDialog(draft())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.body.setFocus()
    qtbot.waitUntil(dialog.body.hasFocus)
    qtbot.keyClick(dialog.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert outbox.get_message(dialog.queued_id).state == "queued"
    assert outbox.get_message(dialog.queued_id).body == draft().body  # no line added


def test_enter_in_a_field_does_not_queue(qtbot, ctx, client, draft) -> None:
    dialog = PreviewDialog(draft())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.subject, Qt.Key.Key_Return)
    assert m.OutboxMessage.select().count() == 0


def test_a_reminder_stage_queued_before_says_so(qtbot, ctx, client, draft) -> None:
    reminder = draft(kind="overdue", stage="14", period="2026-11-01", attachments=())
    assert outbox.queue(reminder) is not None
    dialog = PreviewDialog(reminder)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.queue_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "queued before" in dialog.error_of("")
    assert m.OutboxMessage.select().count() == 1


def test_open_shows_the_attachment_from_a_private_file(qtbot, ctx, client, draft, opened) -> None:
    dialog = PreviewDialog(draft())
    qtbot.addWidget(dialog)
    assert dialog.attachment_list is not None
    dialog.attachment_list.open_button.click()
    assert len(opened) == 1
    path = Path(opened[0])
    assert path.name == "INV-2026-0007.pdf"
    assert path.read_bytes() == PDF
    assert path.stat().st_mode & 0o077 == 0  # nobody else may read it


def test_a_small_file_counts_bytes_with_plurals(qtbot, ctx, client, draft) -> None:
    from b24desk.domain.mail import Attachment

    files = (Attachment("a.txt", b"x", "text/plain"), Attachment("b.txt", b"xy", "text/plain"))
    try:
        set_language("ru")
        dialog = PreviewDialog(draft(attachments=files))
        qtbot.addWidget(dialog)
        assert dialog.attachment_list is not None
        sizes = [dialog.attachment_list.table.item(r, 1).text() for r in range(2)]
        assert sizes[0] != sizes[1].replace("2", "1")  # 1 байт, 2 байта
    finally:
        set_language("en")
    dialog = PreviewDialog(draft(attachments=files))
    qtbot.addWidget(dialog)
    assert dialog.attachment_list is not None
    assert [dialog.attachment_list.table.item(r, 1).text() for r in range(2)] == [
        "1 byte",
        "2 bytes",
    ]


def test_queue_with_preview_returns_the_queued_id(qtbot, ctx, client, draft) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from b24desk.ui.mail.preview import queue_with_preview

    def press_queue() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PreviewDialog))
        dialog.queue_button.click()

    QTimer.singleShot(0, press_queue)
    queued = queue_with_preview(draft())
    assert queued is not None and outbox.get_message(queued).subject == draft().subject

    def close() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PreviewDialog))
        dialog.reject()

    QTimer.singleShot(0, close)
    assert queue_with_preview(draft()) is None
    assert m.OutboxMessage.select().count() == 1
