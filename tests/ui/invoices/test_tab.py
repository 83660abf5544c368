"""The Invoices tab as a person uses it: issue, pay, credit, preview, export."""

from __future__ import annotations

import io
import os
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from b24desk.store import invoices as store
from b24desk.store import models as m
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.invoices.dialogs import CreditNoteDialog, PaymentDialog
from b24desk.ui.invoices.editor import InvoiceEditor
from b24desk.ui.invoices.tab import InvoicesTab


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
        if isinstance(dialog, PaymentDialog):
            dialog.amount.setText("150.00")
            dialog.try_accept()
            return dialog.result() == QDialog.DialogCode.Accepted
        if isinstance(dialog, CreditNoteDialog):
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
    tint = tab.model.data(status, Qt.ItemDataRole.BackgroundRole).color().name()
    assert tint == palette.background("warning").name()
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


def test_the_preview_says_overdue_as_of_the_desk_s_day(qtbot, ctx: DeskContext, clients) -> None:
    """#15.5: the PDF the desk shows is the one as of today: late is late."""
    from datetime import timedelta

    month_ago = ctx.clock.today() - timedelta(days=30)
    draft = store.create_draft(clients["nz"].id, [store.LineInput("Hours", unit_price="90")])
    issued = store.issue_invoice(draft.id, month_ago, draft.version)
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    tab.run_dialog = lambda dialog: True
    page = PdfReader(io.BytesIO(tab.preview(issued.id).pdf)).pages[0]
    text = " ".join(page.extract_text().split())
    assert "Amount overdue" in text and "Please pay it now" in text


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


# -- #15.5: the list and the detail pane say what staff need ----------------------------


def _column(tab: InvoicesTab, key: str) -> int:
    return [c.key for c in tab.model.columns].index(key)


def test_statuses_are_written_as_the_vocabulary_names_them(
    qtbot, ctx: DeskContext, clients
) -> None:
    from datetime import timedelta

    from b24desk import i18n
    from b24desk.domain import vocabulary

    store.create_draft(clients["nz"].id, [store.LineInput("Draft hours", unit_price="10")])
    late = store.create_draft(clients["nz"].id, [store.LineInput("Hours", unit_price="90")])
    store.issue_invoice(late.id, ctx.clock.today() - timedelta(days=40), late.version)
    refunded = store.create_draft(clients["nz"].id, [store.LineInput("Setup", unit_price="50")])
    store.issue_invoice(refunded.id, ctx.clock.today(), refunded.version)
    store.credit_invoice(refunded.id, ctx.clock.today(), "Cancelled")
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    status, number = _column(tab, "status"), _column(tab, "number")

    def shown() -> dict[str, str]:
        return {
            tab.model.data(tab.model.index(r, number)): tab.model.data(tab.model.index(r, status))
            for r in range(tab.model.rowCount())
        }

    for language in ("en", "es", "ru"):
        i18n.set_language(language)
        texts = shown()
        draft = next(text for key, text in texts.items() if key not in (
            "INV-2026-0001", "INV-2026-0002", "CN-2026-0001"
        ))
        assert draft == vocabulary.label(vocabulary.INVOICE_STATUSES, "draft")
        assert texts["INV-2026-0001"] == vocabulary.label(vocabulary.INVOICE_STATUSES, "overdue")
        assert texts["INV-2026-0002"] == vocabulary.label(vocabulary.INVOICE_STATUSES, "credited")
        # Capitalised like every other tab's states ("Active", "In stock", "New").
        assert all(text[0].isupper() for text in texts.values()), (language, texts)
    i18n.set_language("en")
    assert shown()["CN-2026-0001"] == "Credit note"
    assert set(shown().values()) == {"Draft", "Overdue", "Credited", "Credit note"}


def test_a_new_draft_is_selected_after_saving(qtbot, ctx: DeskContext, clients) -> None:
    for price in ("10", "20"):
        draft = store.create_draft(clients["nz"].id, [store.LineInput("Hours", unit_price=price)])
        store.issue_invoice(draft.id, ctx.clock.today(), draft.version)
    store.create_draft(clients["es"].id, [store.LineInput("Formación", unit_price="5")])
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    saved: list[int] = []

    def run_dialog(dialog: QDialog) -> bool:
        assert isinstance(dialog, InvoiceEditor)
        dialog.client.set_client(clients["nz"].id)
        dialog.append_line("Migration", price=Decimal("700"))
        ok = dialog.try_save(issue=False)
        saved.append(dialog.saved_id or 0)
        return ok

    tab.run_dialog = run_dialog
    tab.new_record()
    (draft_id,) = saved
    assert tab.current_id() == draft_id
    assert "Migration" in tab.detail_view.toPlainText()
    assert tab.edit_button.isEnabled()

    tab.filter_boxes["status"].setCurrentIndex(
        tab.filter_boxes["status"].findData("paid")  # drafts filtered out
    )
    saved.clear()
    tab.new_record()
    (second,) = saved
    assert tab.current_id() == second
    assert tab.filter_boxes["status"].currentData() is None


def test_the_detail_shows_net_lines_that_add_up_and_the_payments(
    qtbot, ctx: DeskContext, clients
) -> None:
    from datetime import date

    from b24desk.i18n import format_money

    draft = store.create_draft(
        clients["nz"].id,
        [
            store.LineInput(
                "Implementation", quantity="3", unit_price="333.33", discount="0.1", tax_rate="0.15"
            ),
            store.LineInput("Training", unit_price="250", discount="0.05", tax_rate="0.15"),
            store.LineInput("Setup", unit_price="99.99", tax_rate="0.15"),
        ],
    )
    issued = store.issue_invoice(draft.id, ctx.clock.today(), draft.version)
    store.record_payment(issued.id, date(2026, 11, 20), "100.00", "bank_deposit", "ANZ 7731")
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    tab.model.row_object(0)  # the first page fetched
    assert tab.select_id(issued.id)
    text = tab.detail_view.toPlainText()
    # 3 × 333.33 − 10 % = 899.991 → 899.99; 250 − 5 % = 237.50; 99.99
    nets = [Decimal("899.99"), Decimal("237.50"), Decimal("99.99")]
    for net in nets:
        assert format_money(net, "NZD") in text
    subtotal = sum(nets)
    assert f"Subtotal: {format_money(subtotal, 'NZD')}" in text
    tax = Decimal("185.62")  # 15 % of 1 237.48, rounded half up
    assert f"Tax 15%: {format_money(tax, 'NZD')}" in text
    assert f"Total: {format_money(subtotal + tax, 'NZD')}" in text
    assert store.get_invoice(issued.id).total == subtotal + tax
    assert "3 × $333.33 less 10%" in text  # how the net is made
    assert "1 × $99.99" in text
    assert "Payments" in text
    assert "20 Nov 2026" in text and "Bank deposit" in text and "ANZ 7731" in text
    assert "$100.00" in text
    assert f"Balance: {format_money(subtotal + tax - 100, 'NZD')}" in text


def test_an_issued_invoice_without_payments_says_so(qtbot, ctx: DeskContext, clients) -> None:
    draft = store.create_draft(clients["nz"].id, [store.LineInput("Hours", unit_price="90")])
    issued = store.issue_invoice(draft.id, ctx.clock.today(), draft.version)
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    tab.model.row_object(0)  # the first page fetched
    assert tab.select_id(issued.id)
    assert "No payment received yet." in tab.detail_view.toPlainText()


def test_the_empty_pane_says_what_to_do(qtbot, ctx: DeskContext, clients) -> None:
    from b24desk import i18n

    store.create_draft(clients["nz"].id, [store.LineInput("Hours", unit_price="90")])
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    assert tab.current_id() is None
    hint = "Select an invoice to see it here, or press Ctrl+N for a new one."
    assert tab.detail_view.toPlainText() == hint
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    assert "Hours" in tab.detail_view.toPlainText()
    assert hint not in tab.detail_view.toPlainText()
    tab.view.setCurrentIndex(tab.model.index(-1, -1))
    assert tab.detail_view.toPlainText() == hint
    i18n.set_language("es")
    assert "Ctrl+N" in tab.detail_view.toPlainText()
