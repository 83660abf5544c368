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
