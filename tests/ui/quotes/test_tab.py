"""The Quotes tab as a person uses it (issue #17.2): a new quote from the editor,
marked sent, converted once into a draft invoice that opens in the Invoices tab; the
PDF; deleting a draft only after saying yes."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from b24desk.store import invoices as invoice_store
from b24desk.store import models as m
from b24desk.store import quotes as store
from b24desk.ui.context import DeskContext
from b24desk.ui.invoices.editor import COL_QTY, InvoiceEditor
from b24desk.ui.main_window import MainWindow
from b24desk.ui.quotes.editor import QuoteEditor
from b24desk.ui.quotes.tab import QuotesTab


def _column(tab: QuotesTab, key: str) -> int:
    return [c.key for c in tab.model.columns].index(key)


def test_new_quote_sent_and_converted_once_opens_the_invoice_draft(
    qtbot, ctx: DeskContext, client: m.Client
) -> None:
    window = MainWindow(ctx, "office.db")
    qtbot.addWidget(window)
    window.show_tab("quotes")
    tab = window.pages["quotes"]
    assert isinstance(tab, QuotesTab)
    asked: list[str] = []
    tab.ask = lambda title, text, action: asked.append(text) or True

    def fill(dialog: QDialog) -> bool:
        assert isinstance(dialog, QuoteEditor)
        assert dialog.windowTitle() == "New quote"
        assert not dialog.issue_button.isVisible()
        dialog.client.set_client(client.id)
        row = dialog.append_line("Implementation", price=Decimal("1000"))
        assert dialog.lines.item(row, 4).text() == "15"  # NZ GST from the invoice rules
        assert "Total: $1,150.00" in dialog.totals.text()
        return dialog.try_save()

    tab.run_dialog = fill
    assert window.new_action.shortcut() == QKeySequence("Ctrl+N")
    window.new_action.trigger()  # Ctrl+N in the Quotes tab
    assert tab.model.rowCount() == 1
    assert tab.model.data(tab.model.index(0, _column(tab, "number"))) == "QUO-2026-0001"
    assert tab.model.data(tab.model.index(0, _column(tab, "total"))) == "$1,150.00"
    status = tab.model.index(0, _column(tab, "status"))
    assert tab.model.data(status) == "Draft"
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    assert tab.edit_button.isEnabled() and not tab.convert_button.isEnabled()

    tab.sent_button.click()
    assert tab.model.data(status) == "Sent"
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    assert tab.convert_button.isEnabled() and not tab.edit_button.isEnabled()
    opened: list[InvoiceEditor] = []
    window.pages["invoices"].run_dialog = lambda dialog: opened.append(dialog) or False
    tab.convert_button.click()
    assert asked and "QUO-2026-0001" in asked[0]
    assert window.current_tab() == "invoices"
    invoices = window.pages["invoices"]
    invoice_id = invoices.current_id()
    draft = invoice_store.get_invoice(invoice_id)
    assert (draft.state, draft.total, draft.client_id) == ("draft", Decimal("1150.00"), client.id)
    assert "QUO-2026-0001" in draft.notes
    assert "Implementation" in invoices.detail_view.toPlainText()

    window.show_tab("quotes")
    assert tab.model.data(status) == "Converted to invoice"
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    assert not tab.convert_button.isEnabled()  # never twice
    warnings: list[str] = []
    tab.warn = lambda title, text: warnings.append(text)
    assert tab.convert(tab.current_id()) is None  # even asked directly: refused
    assert warnings == ["The quote has been converted to an invoice already."]
    assert m.Invoice.select().count() == 1


def test_saying_no_converts_nothing(qtbot, ctx: DeskContext, client: m.Client) -> None:
    quote = store.create_draft(
        client.id, [invoice_store.LineInput("Training", unit_price="90")], ctx.clock.today()
    )
    store.set_state(quote.id, "sent", ctx.clock.today(), quote.version)
    tab = QuotesTab(ctx)
    qtbot.addWidget(tab)
    tab.ask = lambda *args: False
    tab.show_record(quote.id)
    tab.convert_button.click()
    assert m.Invoice.select().count() == 0
    assert store.get_quote(quote.id).state == "sent"


def test_an_expired_quote_shows_expired_and_cannot_be_converted(
    qtbot, ctx: DeskContext, client: m.Client
) -> None:
    today = ctx.clock.today()
    quote = store.create_draft(
        client.id,
        [invoice_store.LineInput("Training", unit_price="90")],
        today - timedelta(days=40),
        valid_until=today - timedelta(days=1),
    )
    store.set_state(quote.id, "sent", today - timedelta(days=39), quote.version)
    tab = QuotesTab(ctx)
    qtbot.addWidget(tab)
    tab.filter_boxes["status"].setCurrentIndex(
        tab.filter_boxes["status"].findData("expired")
    )
    assert tab.model.rowCount() == 1
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    assert tab.model.data(tab.model.index(0, _column(tab, "status"))) == "Expired"
    assert not tab.convert_button.isEnabled() and not tab.accepted_button.isEnabled()
    assert tab.declined_button.isEnabled()


def test_edit_a_draft_keeps_its_lines_and_validity(
    qtbot, ctx: DeskContext, client: m.Client
) -> None:
    today = ctx.clock.today()
    quote = store.create_draft(
        client.id,
        [invoice_store.LineInput("Training", unit_price="90", tax_rate=Decimal(0))],
        today,
        valid_until=today + timedelta(days=10),
    )
    editor = QuoteEditor(ctx, quote_id=quote.id)
    qtbot.addWidget(editor)
    assert editor.windowTitle() == "Quote"
    assert editor.lines.item(0, 4).text() == "0"  # its own tax rate, not the default
    assert editor.valid_until.date().toPython() == today + timedelta(days=10)
    editor.valid_until.setDate(editor.valid_until.date().addDays(5))
    editor.append_line("Setup", price=Decimal("10"))
    assert editor.try_save()
    saved = store.get_quote(quote.id)
    assert saved.valid_until == today + timedelta(days=15)
    assert saved.total == Decimal("101.50")


def test_the_pdf_and_deleting_a_draft(qtbot, ctx: DeskContext, client: m.Client) -> None:
    quote = store.create_draft(
        client.id, [invoice_store.LineInput("Обучение", unit_price="90")], ctx.clock.today()
    )
    tab = QuotesTab(ctx)
    qtbot.addWidget(tab)
    tab.run_dialog = lambda dialog: True
    tab.show_record(quote.id)
    text = PdfReader(io.BytesIO(tab.preview(quote.id).pdf)).pages[0].extract_text()
    assert "QUO-2026-0001" in text and "Обучение" in text
    answers = [False, True]
    tab.ask = lambda *args: answers.pop(0)
    tab.delete_button.click()
    assert store.find_quote(quote.id) is not None  # said no
    tab.delete_button.click()
    assert store.find_quote(quote.id) is None
    assert tab.model.rowCount() == 0


def test_new_quote_from_the_clients_tab_for_the_chosen_client(
    qtbot, ctx: DeskContext, client: m.Client
) -> None:
    window = MainWindow(ctx, "office.db")
    qtbot.addWidget(window)
    opened: list[QDialog] = []
    window.pages["quotes"].run_dialog = lambda dialog: opened.append(dialog) or False
    window.show_tab("clients")
    clients_tab = window.pages["clients"]
    clients_tab.show_record(client.id)
    assert clients_tab.quote_button.isEnabled()
    clients_tab.quote_button.click()
    assert window.current_tab() == "quotes"
    (editor,) = opened
    assert isinstance(editor, QuoteEditor)
    assert editor.client.current().id == client.id


@pytest.mark.parametrize("choice", ["overwrite", "reload"])
def test_two_desks_editing_one_draft_quote(
    qtbot, ctx: DeskContext, client: m.Client, other_desk, choice: str
) -> None:
    today = ctx.clock.today()
    quote = store.create_draft(
        client.id, [invoice_store.LineInput("Training", unit_price="100")], today
    )
    editor = QuoteEditor(ctx, quote_id=quote.id)
    qtbot.addWidget(editor)
    editor.lines.item(0, COL_QTY).setText("3")  # this desk: three hours
    other_desk(  # meanwhile the other desk wrote a note and moved the validity
        "UPDATE quote SET notes = ?, valid_until = ?, version = version + 1 WHERE id = ?",
        "PO 4471",
        today + timedelta(days=60),
        quote.id,
    )
    shown: list[list[str]] = []

    def answer(conflict) -> str:  # type: ignore[no-untyped-def]
        table = conflict.table
        shown.extend([table.item(r, c).text() for c in range(3)] for r in range(table.rowCount()))
        return choice

    editor.run_conflict = answer
    assert editor.try_save() == (choice == "overwrite")
    assert ["Notes printed on the quote", "PO 4471", ""] in shown  # theirs beside mine
    saved = store.get_quote(quote.id)
    if choice == "overwrite":
        assert (saved.notes, saved.total, saved.version) == ("", Decimal("300.00"), 3)
    else:
        assert editor.notes.toPlainText() == "PO 4471"
        assert editor.lines.item(0, COL_QTY).text() == "1"
        assert editor.valid_until.date().toPython() == today + timedelta(days=60)
        assert saved.version == 2
