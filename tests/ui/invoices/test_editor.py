"""The invoice editor as a person uses it: write, fail, totals, lines from the client,
two desks on one draft."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLineEdit

from b24desk.store import invoices as store
from b24desk.store import models as m
from b24desk.store.lookup import price_choices
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.invoices.editor import COL_PRICE, COL_QTY, InvoiceEditor


def set_cell(editor: InvoiceEditor, row: int, col: int, text: str) -> None:
    editor.lines.item(row, col).setText(text)


def test_editor_totals_update_as_you_type(qtbot, ctx: DeskContext, clients) -> None:
    editor = InvoiceEditor(ctx, client_id=clients["nz"].id)
    qtbot.addWidget(editor)
    row = editor.append_line("Training, 1 hour", price=Decimal("100"))
    assert "Total: $115.00" in editor.totals.text()  # NZ client: GST 15 % by default
    set_cell(editor, row, COL_QTY, "3")
    assert "Subtotal: $300.00" in editor.totals.text()
    assert "Tax 15%: $45.00" in editor.totals.text()
    assert "Total: $345.00" in editor.totals.text()


def test_editor_refuses_bad_lines_and_keeps_them(qtbot, ctx: DeskContext, clients) -> None:
    editor = InvoiceEditor(ctx, client_id=clients["nz"].id)
    qtbot.addWidget(editor)
    editor.append_line("Training", price=Decimal("100"))
    row = editor.append_line("Oops", price=Decimal("10"))
    set_cell(editor, row, COL_PRICE, "-10")
    assert not editor.try_save(issue=False)
    assert not editor.errors.isHidden()
    assert editor.errors.text().startswith("Line 2:")
    assert editor.lines.item(row, COL_PRICE).text() == "-10"  # what was typed stays
    error_cell = editor.lines.item(row, COL_PRICE)
    assert error_cell.background().color().name() == palette.background("danger").name()
    assert m.Invoice.select().count() == 0


def test_plan_lines_offer_the_discounts_that_apply(qtbot, ctx: DeskContext, clients) -> None:
    editor = InvoiceEditor(ctx, client_id=clients["es"].id)
    qtbot.addWidget(editor)
    choices = price_choices("EUR", ("cloud",), ctx.clock.today())
    standard = next(p for p in choices if p.code == "standard")
    editor.add_plan_line(standard, 12)
    line = editor.line_inputs()[0]
    assert line.discount == Decimal("0.15")  # non-profit 15 % beats long-term 10 %
    assert line.term_months == 12
    assert "non-profit discount 15%" in editor.offers.text()
    assert "long-term discount 10%" in editor.offers.text()
    assert editor.try_save(issue=False)
    draft = m.Invoice.get_by_id(editor.saved_id)
    assert (draft.currency, draft.language, draft.state) == ("EUR", "es", "draft")


def test_lines_from_the_clients_subscriptions_and_coupons(qtbot, ctx: DeskContext, clients) -> None:
    from datetime import date

    spanish = clients["es"]
    standard = m.Plan.get(m.Plan.code == "standard")
    m.Subscription.create(
        client=spanish,
        plan=standard,
        portal_url="https://sol.bitrix24.es",
        seats=50,
        term_months=12,
        starts_on=date(2026, 1, 1),
        paid_until=date(2026, 12, 31),
    )
    m.Coupon.create(
        code="B24-SOLX-0001",
        product="cloud_subscription",
        plan=standard,
        term_months=6,
        purchased_on=date(2026, 11, 18),
        currency="EUR",
        list_price=Decimal("600.00"),
        partner_cost=Decimal("360.00"),
        resale_price=Decimal("570.00"),
        resale_reason="agreed",
        client=spanish,
        state="assigned",
    )
    editor = InvoiceEditor(ctx, client_id=spanish.id)
    qtbot.addWidget(editor)
    menu = editor.add_from_client.menu()
    labels = [action.text() for action in menu.actions()]
    assert labels == [
        "Renewal of Bitrix24 Standard (https://sol.bitrix24.es)",
        "Coupon B24-SOLX-0001: Bitrix24 Standard",
    ]
    for action in menu.actions():
        action.trigger()
    renewal, coupon = editor.line_inputs()
    assert renewal.subscription_id is not None and renewal.term_months == 12
    assert renewal.discount == Decimal("0.15")  # non-profit client, 12 months
    assert "Renovación" in renewal.description  # written in the client's language
    assert coupon.coupon_id is not None and coupon.unit_price == "570.00"  # desk: English
    assert coupon.discount_reason == "agreed"


@pytest.mark.parametrize("choice", ["overwrite", "reload"])
def test_two_desks_editing_one_draft(qtbot, ctx: DeskContext, clients, other_desk, choice) -> None:
    line = store.LineInput(
        description="Training", quantity="1", unit_price="100", tax_rate=Decimal("0.15")
    )
    draft = store.create_draft(clients["nz"].id, [line])
    editor = InvoiceEditor(ctx, invoice_id=draft.id)
    qtbot.addWidget(editor)
    set_cell(editor, 0, COL_QTY, "3")  # this desk: three hours
    other_desk(  # meanwhile the other desk wrote a note on the draft
        "UPDATE invoice SET notes = ?, version = version + 1 WHERE id = ?", "PO 4471", draft.id
    )
    shown: list[list[str]] = []

    def answer(conflict) -> str:
        table = conflict.table
        shown.extend([table.item(r, c).text() for c in range(3)] for r in range(table.rowCount()))
        return choice

    editor.run_conflict = answer
    assert editor.try_save(issue=False) == (choice == "overwrite")
    assert ["Notes printed on the invoice", "PO 4471", ""] in shown  # theirs beside mine
    assert [
        "Line 1",
        "Training: 1 × 100.00, discount 0%",
        "Training: 3 × 100.00, discount 0%",
    ] in shown
    assert ["Total", "$115.00", "$345.00"] in shown
    saved = m.Invoice.get_by_id(draft.id)
    if choice == "overwrite":
        assert editor.result() == QDialog.DialogCode.Accepted
        assert (saved.notes, saved.total, saved.version) == ("", Decimal("345.00"), 3)
    else:
        assert editor.result() != QDialog.DialogCode.Accepted  # open, showing theirs
        assert editor.notes.toPlainText() == "PO 4471"
        assert editor.lines.item(0, COL_QTY).text() == "1"
        assert "as it was saved on the other desk" in editor.errors.text()
        assert (saved.notes, saved.total, saved.version) == ("PO 4471", Decimal("115.00"), 2)
        assert editor.try_save(issue=False)  # the form now holds version 2
        assert m.Invoice.get_by_id(draft.id).version == 3


def test_draft_conflict_shows_added_lines_and_cancel_keeps_all(
    qtbot, ctx: DeskContext, clients, other_desk
) -> None:
    line = store.LineInput(
        description="Training", quantity="1", unit_price="100", tax_rate=Decimal("0.15")
    )
    draft = store.create_draft(clients["nz"].id, [line])
    editor = InvoiceEditor(ctx, invoice_id=draft.id)
    qtbot.addWidget(editor)
    editor.append_line("Set-up", price=Decimal("50"))  # this desk adds a second line
    other_desk("UPDATE invoice SET version = version + 1 WHERE id = ?", draft.id)
    shown: list[list[str]] = []

    def cancel(conflict) -> None:
        table = conflict.table
        shown.extend([table.item(r, c).text() for c in range(3)] for r in range(table.rowCount()))

    editor.run_conflict = cancel
    assert not editor.try_save(issue=False)
    assert ["Line 2", "", "Set-up: 1 × 50.00, discount 0%"] in shown
    assert editor.lines.rowCount() == 2  # nothing typed is lost
    assert m.InvoiceLine.select().where(m.InvoiceLine.invoice == draft.id).count() == 1


def test_editor_without_a_client_uses_the_offices_currency(qtbot, ctx: DeskContext) -> None:
    m.Office.update(default_currency="EUR").execute()
    editor = InvoiceEditor(ctx)
    qtbot.addWidget(editor)
    editor.append_line("Training", price=Decimal("100"))
    assert "Total: €" in editor.totals.text()  # not a hard-coded NZD
    assert "NZ$" not in editor.totals.text() and "$" not in editor.totals.text()


def type_into_cell(qtbot, editor: InvoiceEditor, row: int, col: int, text: str) -> None:
    """Open the cell's editor, type, press Enter: as a person edits a line."""
    editor.show()
    item = editor.lines.item(row, col)
    editor.lines.setCurrentItem(item)
    editor.lines.editItem(item)
    # The cell's line edit (a closed one may linger until deleted later).
    field = next(f for f in editor.lines.viewport().findChildren(QLineEdit) if f.isVisible())
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    # The delegate commits the typed text on the next turn of the event loop.
    qtbot.waitUntil(lambda: editor.lines.state() != QAbstractItemView.State.EditingState)


def test_a_typed_price_keeps_its_decimals(qtbot, ctx: DeskContext, clients) -> None:
    """Issue #15: prices keep their decimals as typed (not rounded or reformatted)."""
    editor = InvoiceEditor(ctx, client_id=clients["nz"].id)
    qtbot.addWidget(editor)
    row = editor.append_line("Training", price=Decimal("100"))
    type_into_cell(qtbot, editor, row, COL_PRICE, "12.5")
    assert editor.lines.item(row, COL_PRICE).text() == "12.5"
    assert "Subtotal: $12.50" in editor.totals.text()
    type_into_cell(qtbot, editor, row, COL_PRICE, "1234.567")
    assert editor.lines.item(row, COL_PRICE).text() == "1234.567"
    assert editor.line_inputs()[0].unit_price == "1234.567"


def test_plan_terms_in_the_menu_are_plurals(qtbot, ctx: DeskContext, clients) -> None:
    """Issue #15: "1 month", not "1 months"."""
    editor = InvoiceEditor(ctx, client_id=clients["nz"].id)
    qtbot.addWidget(editor)
    menu = editor.add_plan.menu()
    cloud = next(
        action.menu()
        for action in menu.actions()
        if action.menu() is not None and len(action.menu().actions()) > 1
    )
    terms = [action.text() for action in cloud.actions()]
    assert terms == ["1 month", "3 months", "6 months", "12 months", "24 months"]


def test_a_lines_error_goes_when_it_is_corrected(qtbot, ctx: DeskContext, clients) -> None:
    """Issue #15: a field's error disappears as soon as it is corrected; the other
    line's error stays until it is corrected too."""
    editor = InvoiceEditor(ctx, client_id=clients["nz"].id)
    qtbot.addWidget(editor)
    first = editor.append_line("Training", price=Decimal("100"))
    second = editor.append_line("Oops", price=Decimal("10"))
    set_cell(editor, first, COL_QTY, "-1")
    set_cell(editor, second, COL_PRICE, "-10")
    assert not editor.try_save(issue=False)
    assert "Line 1:" in editor.errors.text() and "Line 2:" in editor.errors.text()
    danger = palette.background("danger").name()
    type_into_cell(qtbot, editor, second, COL_PRICE, "10")
    assert "Line 2:" not in editor.errors.text()
    assert "Line 1:" in editor.errors.text()  # not corrected yet
    assert editor.lines.item(first, COL_QTY).background().color().name() == danger
    assert editor.lines.item(second, COL_PRICE).background().color().name() != danger
    assert editor.lines.item(first, COL_QTY).text() == "-1"  # what was typed stays
    type_into_cell(qtbot, editor, first, COL_QTY, "2")
    assert editor.errors.isHidden()


def test_the_editor_opens_on_the_client(qtbot, ctx: DeskContext, clients) -> None:
    editor = InvoiceEditor(ctx)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    assert editor.focusWidget() is editor.client
    assert not editor.save_button.hasFocus()
