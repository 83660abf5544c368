"""History (issue #16, item 6): "every message sent appears in the client's activity
log and on its record ("Sent to ana@… on 3 Dec 2026, 10:14"); Today shows failed
messages"."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QApplication

from b24desk.i18n import set_language
from b24desk.store import clients as client_store
from b24desk.store import invoices as invoice_store
from b24desk.store import models as m
from b24desk.store import outbox
from b24desk.store.pricelist import seed_price_list
from b24desk.ui.clients.detail import ClientDetailPane
from b24desk.ui.invoices.tab import InvoicesTab
from b24desk.ui.mail.common import history_line
from b24desk.ui.today import ID_ROLE, KIND_ROLE, TodayTab
from tests.ui.mail.conftest import set_state

#: 2 Dec 2026, 21:14 UTC is 3 Dec 2026, 10:14 in Auckland (the office's zone, NZDT).
SENT_AT = datetime(2026, 12, 2, 21, 14, tzinfo=UTC)


def _messages(client, draft) -> dict[str, int]:
    ids = {
        "sent": outbox.queue(draft(subject="Factura INV-2026-0007")),
        "queued": outbox.queue(draft(subject="Recibo de pago", record_type="payment")),
        "failed": outbox.queue(draft(subject="Aviso", record_type="subscription")),
    }
    set_state(ids["sent"], "sent", sent_at=SENT_AT, attempts=1)
    set_state(ids["failed"], "failed", attempts=5, last_error="550 mailbox unavailable")
    return {k: int(v) for k, v in ids.items() if v is not None}


def test_the_history_line_of_each_state(ctx, client, draft) -> None:
    ids = _messages(client, draft)
    zone = m.Office.get().timezone
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    assert history_line(outbox.get_message(ids["sent"]), tz) == (
        "Sent to ana@zenit.es on 3 Dec 2026, 10:14\u202fam"
    )
    assert history_line(outbox.get_message(ids["queued"]), tz) == "Queued"
    assert history_line(outbox.get_message(ids["failed"]), tz) == (
        "Failed: 550 mailbox unavailable"
    )
    set_language("es")
    try:
        line = history_line(outbox.get_message(ids["sent"]), tz)
        assert "3 dic 2026, 10:14" in line
    finally:
        set_language("en")


def test_the_client_pane_lists_its_messages(qtbot, ctx, client, draft) -> None:
    ids = _messages(client, draft)
    other = m.Client.create(company="Otra SL", email="x@otra.es")
    outbox.queue(draft(client_id=other.id, to="x@otra.es", subject="Para otra"))
    pane = ClientDetailPane(ctx)
    qtbot.addWidget(pane)
    pane.show_client(client.id)
    table = pane.messages
    assert pane.tabs.tabText(5) == "E-mails (3)"
    lines = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert lines == {
        "Factura INV-2026-0007": "Sent to ana@zenit.es on 3 Dec 2026, 10:14\u202fam",
        "Recibo de pago": "Queued",
        "Aviso": "Failed: 550 mailbox unavailable",
    }
    # It follows the outbox: a retried message is queued again.
    outbox.retry(ids["failed"])
    QApplication.processEvents()
    lines = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert lines["Aviso"] == "Queued (tried 5 times)"


def test_queueing_and_sending_are_in_the_clients_activity_log(ctx, client, draft) -> None:
    ids = _messages(client, draft)
    assert outbox.log_sent(ids["sent"])
    detail = client_store.client_detail(client.id, today=ctx.clock.today())
    entries = [a["message"] for a in detail.activity]
    assert "E-mail queued: Factura INV-2026-0007" in entries
    assert "E-mail queued: Aviso" in entries
    assert "E-mail sent to ana@zenit.es: Factura INV-2026-0007" in entries
    sent = next(a for a in detail.activity if a["message"].startswith("E-mail sent"))
    assert sent["at"] == SENT_AT
    nobody = outbox.queue(draft(client_id=None, subject="Sin cliente"))
    assert nobody is not None
    assert not outbox.log_sent(nobody)  # no client, no log


def test_the_invoice_pane_lists_the_messages_about_it(qtbot, ctx, client, draft) -> None:
    from decimal import Decimal

    seed_price_list()
    invoice = invoice_store.create_draft(
        client.id, [invoice_store.LineInput("Implantación", unit_price=Decimal(100))]
    )
    invoice = invoice_store.issue_invoice(invoice.id, ctx.clock.today(), invoice.version)
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    tab.model.row_object(0)
    assert tab.select_id(invoice.id)
    text = tab.detail_view.toPlainText()
    assert "No e-mail sent about it yet." in text
    sent = outbox.queue(draft(record_id=invoice.id, subject=f"Factura {invoice.number}"))
    outbox.queue(draft(record_id=invoice.id + 1000, subject="Another invoice's"))
    assert sent is not None
    set_state(sent, "sent", sent_at=SENT_AT)
    QApplication.processEvents()
    text = tab.detail_view.toPlainText().replace("\u202f", " ")  # the document's spaces
    assert f"Factura {invoice.number}: Sent to ana@zenit.es on 3 Dec 2026, 10:14 am" in text
    assert "Another invoice's" not in text


def _mail_rows(tab: TodayTab) -> list[tuple[str, str]]:
    return tab.section_rows("mail")


def test_today_lists_the_messages_that_could_not_be_sent(qtbot, ctx, client, draft) -> None:
    older = outbox.queue(draft(subject="Recibo de pago"))
    newer = outbox.queue(draft(subject="Factura INV-2026-0007"))
    outbox.queue(draft(subject="Todavía en cola"))
    assert older is not None and newer is not None
    m.OutboxMessage.update(created_at=datetime(2026, 11, 18, 9, 0, tzinfo=UTC)).where(
        m.OutboxMessage.id == older
    ).execute()
    set_state(newer, "failed", last_error="550 mailbox unavailable")
    tab = TodayTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    assert _mail_rows(tab) == [
        (
            "Factura INV-2026-0007 · Zenit Logística SL",
            _mail_rows(tab)[0][1],
        )
    ]
    assert "550 mailbox unavailable" in _mail_rows(tab)[0][1]
    set_state(older, "failed", last_error="Connection refused")
    tab.refresh()
    titles = [title for title, _detail in _mail_rows(tab)]
    assert titles == [
        "Recibo de pago · Zenit Logística SL",  # the older failure first
        "Factura INV-2026-0007 · Zenit Logística SL",
    ]
    top = tab.tree.topLevelItem(0)
    assert top is not None and top.text(0) == "2 messages could not be sent"
    row = top.child(0)
    assert row is not None
    assert (row.data(0, KIND_ROLE), row.data(0, ID_ROLE)) == ("outbox", older)
    opened: list[tuple[str, int]] = []
    tab.openRecord.connect(lambda kind, record_id: opened.append((kind, record_id)))
    tab.tree.itemActivated.emit(row, 0)
    assert opened == [("outbox", older)]


def test_today_follows_the_outbox(qtbot, ctx, client, draft) -> None:
    tab = TodayTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: not tab.busy(), timeout=10000)
    assert _mail_rows(tab) == []
    message = outbox.queue(draft())
    assert message is not None
    set_state(message, "failed", last_error="Connection refused")
    qtbot.waitUntil(lambda: bool(_mail_rows(tab)) and not tab.busy(), timeout=10000)
    outbox.cancel(message)
    qtbot.waitUntil(lambda: not _mail_rows(tab) and not tab.busy(), timeout=10000)
