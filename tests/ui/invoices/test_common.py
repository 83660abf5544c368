"""The question asked before an invoice is issued: one text, asked by both ways to issue."""

from __future__ import annotations

from decimal import Decimal

import pytest

from b24desk.store import invoices as store
from b24desk.store import models as m
from b24desk.ui.context import DeskContext
from b24desk.ui.invoices import common
from b24desk.ui.invoices.editor import InvoiceEditor
from b24desk.ui.invoices.tab import InvoicesTab

QUESTION = (
    "Issue the invoice",
    "Once issued, the invoice gets its number and can no longer be changed; "
    "corrections need a credit note.",
    "Issue",
)


def test_the_editor_and_the_tab_ask_the_same_question_and_a_no_keeps_the_draft(
    qtbot, ctx: DeskContext, clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, str, str]] = []

    def say_no(_parent: object, title: str, text: str, action: str) -> bool:
        asked.append((title, text, action))
        return False

    monkeypatch.setattr(common, "confirm", say_no)
    editor = InvoiceEditor(ctx, client_id=clients["nz"].id)
    qtbot.addWidget(editor)
    editor.append_line("Implementation", price=Decimal("1000"))
    assert not editor.try_save(issue=True)  # "Save and issue", answered no
    assert editor.invoice_id is not None
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    tab.issue(editor.invoice_id)  # the tab's "Issue", answered no
    assert asked == [QUESTION, QUESTION]
    draft = m.Invoice.get_by_id(editor.invoice_id)
    assert (draft.state, draft.number) == ("draft", None)
    assert store.issued_invoice_ids() == []
