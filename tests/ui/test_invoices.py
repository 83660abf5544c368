"""The Invoices tab as a person uses it: write, fail, issue, pay, credit, preview, export."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import peewee
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from b24desk.store import invoices as store
from b24desk.store import models as m
from b24desk.store.lookup import price_choices
from b24desk.store.pricelist import seed_price_list
from b24desk.ui import invoices as ui
from b24desk.ui.context import DeskContext
from b24desk.ui.invoices import COL_PRICE, COL_QTY, InvoiceEditor, InvoicesTab


@pytest.fixture
def clients(db: peewee.Database) -> dict[str, m.Client]:
    seed_price_list()
    return {
        "nz": m.Client.create(company="Kauri Dental Ltd", country="NZ", currency="NZD"),
        "es": m.Client.create(
            company="Clínica Sol S.L.",
            country="ES",
            currency="EUR",
            doc_language="es",
            non_profit=True,
        ),
    }


@pytest.fixture
def accept_confirm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui, "confirm", lambda *args: True)


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
    assert editor.lines.item(row, COL_PRICE).background().color().name() == "#f8d0d0"
    assert m.Invoice.select().count() == 0


def test_plan_lines_offer_the_discounts_that_apply(qtbot, ctx: DeskContext, clients) -> None:
    editor = InvoiceEditor(ctx, client_id=clients["es"].id)
    qtbot.addWidget(editor)
    standard = next(p for p in price_choices("EUR", ("cloud",)) if p.code == "standard")
    editor.add_plan_line(standard, 12)
    line = editor.line_inputs()[0]
    assert line.discount == Decimal("0.15")  # non-profit 15 % beats long-term 10 %
    assert line.term_months == 12
    assert "non-profit discount 15%" in editor.offers.text()
    assert "long-term discount 10%" in editor.offers.text()
    assert editor.try_save(issue=False)
    draft = m.Invoice.get_by_id(editor.saved_id)
    assert (draft.currency, draft.language, draft.state) == ("EUR", "es", "draft")


def test_invoice_from_draft_to_paid_and_credited(
    qtbot,
    ctx: DeskContext,
    clients,
    accept_confirm,
    monkeypatch,
) -> None:
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    shown: list[QDialog] = []

    def run_dialog(dialog: QDialog) -> bool:
        shown.append(dialog)
        if isinstance(dialog, InvoiceEditor):
            dialog.client.set_client(clients["nz"].id)
            dialog.append_line("Implementation", price=Decimal("1000"))
            return dialog.try_save(issue=True)
        if isinstance(dialog, ui.PaymentDialog):
            dialog.amount.setText("150.00")
            dialog.try_accept()
            return dialog.result() == QDialog.DialogCode.Accepted
        if isinstance(dialog, ui.CreditNoteDialog):
            qtbot.keyClicks(dialog.reason, "Order cancelled")
            dialog.try_accept()
            return dialog.result() == QDialog.DialogCode.Accepted
        return True

    tab.run_dialog = run_dialog
    tab.new_record()
    assert tab.model.rowCount() == 1
    assert tab.model.data(tab.model.index(0, 0)) == "INV-2026-0001"
    assert tab.model.data(tab.model.index(0, 5)) == "$1,150.00"
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    assert tab.pay_button.isEnabled() and not tab.edit_button.isEnabled()
    tab.pay_button.click()
    status = tab.model.index(0, 7)
    assert tab.model.data(status) == "Partly paid"
    assert tab.model.data(status, Qt.ItemDataRole.BackgroundRole).color().name() == "#fff0c0"
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    tab.credit_button.click()
    numbers = {tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())}
    assert numbers == {"INV-2026-0001", "CN-2026-0001"}
    credited = m.Invoice.get(m.Invoice.number == "INV-2026-0001")
    assert credited.state == "credited"


def test_preview_shows_the_pdf_and_saves_it(
    qtbot,
    ctx: DeskContext,
    clients,
    tmp_path: Path,
) -> None:
    draft = store.create_draft(clients["es"].id, [store.LineInput("Formación", unit_price="90")])
    issued = store.issue_invoice(draft.id, ctx.clock.today(), draft.version)
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    tab.run_dialog = lambda dialog: True
    dialog = tab.preview(issued.id)
    assert dialog.document.pageCount() == 1
    saved = dialog.save_to(tmp_path / "out" / "invoice.pdf")
    text = PdfReader(saved).pages[0].extract_text()
    assert "INV-2026-0001" in text and "Clínica Sol S.L." in text
    if os.name != "nt":  # client data: user-only files (#13.13)
        assert saved.stat().st_mode & 0o777 == 0o600
    assert dialog.folder_button.isEnabled()


def test_export_runs_in_the_background_with_progress(
    qtbot,
    ctx: DeskContext,
    clients,
    tmp_path: Path,
) -> None:
    for price in ("10", "20", "30"):
        draft = store.create_draft(clients["nz"].id, [store.LineInput("Hours", unit_price=price)])
        store.issue_invoice(draft.id, ctx.clock.today(), draft.version)
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.exported, timeout=20000) as blocker:
        tab.export_to(tmp_path)
    assert blocker.args == [3, str(tmp_path)]
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        "INV-2026-0001.pdf",
        "INV-2026-0002.pdf",
        "INV-2026-0003.pdf",
    ]
    if os.name != "nt":  # client data: user-only files (#13.13)
        assert {p.stat().st_mode & 0o777 for p in tmp_path.glob("*.pdf")} == {0o600}


def test_model_passes_qt_model_tester(qtmodeltester, ctx: DeskContext, clients) -> None:
    store.create_draft(clients["nz"].id, [store.LineInput("Hours", unit_price="10")])
    tab = InvoicesTab(ctx)
    qtmodeltester.check(tab.model)


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


def test_coupons_tab_invoices_the_client_for_a_coupon(qtbot, ctx: DeskContext, clients) -> None:
    from datetime import date

    from b24desk.ui.main_window import MainWindow

    standard = m.Plan.get(m.Plan.code == "standard")
    coupon = m.Coupon.create(
        code="B24-NZXX-0002",
        product="cloud_subscription",
        plan=standard,
        term_months=12,
        purchased_on=date(2026, 11, 18),
        currency="NZD",
        list_price=Decimal("1548.00"),
        partner_cost=Decimal("928.80"),
        client=clients["nz"],
        state="assigned",
    )
    window = MainWindow(ctx, "office.db")
    qtbot.addWidget(window)
    opened: list[InvoiceEditor] = []
    window.pages["invoices"].run_dialog = lambda dialog: opened.append(dialog) or False
    window.show_tab("coupons")
    coupons_tab = window.pages["coupons"]
    coupons_tab.show_record(coupon.id)
    assert coupons_tab.invoice_button.isEnabled()
    coupons_tab.invoice_button.click()
    assert window.current_tab() == "invoices"
    (editor,) = opened
    assert editor.client.current().id == clients["nz"].id
    (line,) = editor.line_inputs()
    assert line.coupon_id == coupon.id
    assert "B24-NZXX-0002" in line.description


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


def _plan_invoice(ctx: DeskContext, client: m.Client, code: str, term: int) -> m.Invoice:
    plan = m.Plan.get(m.Plan.code == code)
    price = store.list_price(plan.id, client.currency, term)
    line = store.LineInput(f"{plan.name}, {term} months", unit_price=price, plan_id=plan.id,
                           term_months=term)
    draft = store.create_draft(client.id, [line])
    return store.issue_invoice(draft.id, ctx.clock.today(), draft.version)


@pytest.mark.parametrize(
    ("code", "term", "offered"),
    [("standard", 12, True), ("professional", 6, True), ("basic", 12, False),
     ("standard", 3, False)],
)
def test_payment_dialog_offers_wire_and_paypal_only_where_000_allows(
    qtbot, ctx: DeskContext, clients, code: str, term: int, offered: bool
) -> None:
    """000: "For PayPal and wire payments (available for 6- or 12-month for Standard
    and Professional plans only)"."""
    invoice = _plan_invoice(ctx, clients["nz"], code, term)
    dialog = ui.PaymentDialog(ctx, invoice.id)
    qtbot.addWidget(dialog)
    items = [dialog.method.itemText(i) for i in range(dialog.method.count())]
    assert ("Wire transfer" in items, "PayPal" in items) == (offered, offered)
    assert {"Bank deposit", "Eftpos", "Visa"} <= set(items)
    assert ("PayPal and wire transfer" in dialog.method.toolTip()) is not offered


def test_payment_dialog_shows_the_balance_after_credit_notes(
    qtbot, ctx: DeskContext, clients
) -> None:
    draft = store.create_draft(
        clients["nz"].id, [store.LineInput("Hours", unit_price="100", tax_rate=Decimal("0.15"))]
    )
    invoice = store.issue_invoice(draft.id, ctx.clock.today(), draft.version)  # 115.00
    store.record_payment(invoice.id, ctx.clock.today(), "15.00", "visa")
    store.credit_invoice(
        invoice.id,
        ctx.clock.today(),
        "less work",
        [store.LineInput("Hours", unit_price="50", tax_rate=Decimal("0.15"))],
    )  # 57.50
    dialog = ui.PaymentDialog(ctx, invoice.id)
    qtbot.addWidget(dialog)
    assert dialog.balance_label.text() == "Balance: $42.50"
    assert dialog.amount.text() == "42.50"


def test_editor_without_a_client_uses_the_offices_currency(qtbot, ctx: DeskContext) -> None:
    m.Office.update(default_currency="EUR").execute()
    editor = InvoiceEditor(ctx)
    qtbot.addWidget(editor)
    editor.append_line("Training", price=Decimal("100"))
    assert "Total: €" in editor.totals.text()  # not a hard-coded NZD
    assert "NZ$" not in editor.totals.text() and "$" not in editor.totals.text()
