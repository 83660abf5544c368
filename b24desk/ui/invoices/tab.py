"""The Invoices tab: the list of invoices and credit notes with the current one's
summary, and the actions on it (issue, payment, credit note, PDF preview and export)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QPushButton, QTextBrowser, QWidget

from b24desk.domain import vocabulary
from b24desk.domain.errors import ValidationError
from b24desk.domain.vocabulary import label
from b24desk.i18n import _, format_date
from b24desk.pdf.invoice import render_invoice, write_invoice
from b24desk.store import events
from b24desk.store import invoices as store
from b24desk.store.errors import StoreError
from b24desk.store.lookup import client_choice
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.invoices import common
from b24desk.ui.invoices.common import money
from b24desk.ui.invoices.dialogs import CreditNoteDialog, PaymentDialog
from b24desk.ui.invoices.editor import InvoiceEditor
from b24desk.ui.listtab import FilterSpec, ListTab
from b24desk.ui.mail.desk import MailButton, invoice_options
from b24desk.ui.operation import Progress, run_with_progress
from b24desk.ui.pdfview import PdfPreviewDialog
from b24desk.ui.table import Column

if TYPE_CHECKING:  # a type only: widgets never query the models
    from b24desk.store.invoices import Invoice

#: The palette tone of each coloured status (tinted into the style's base colour).
STATUS_TONES: dict[str, palette.Tone] = {
    "overdue": "danger",
    "partly_paid": "warning",
    "paid": "ok",
    "draft": "muted",
    "credited": "muted",
}


def empty_text() -> str:
    """What the detail pane says while no invoice is selected."""
    return _("Select an invoice to see it here, or press Ctrl+N for a new one.")


def status_text(status: str) -> str:
    return label(vocabulary.INVOICE_STATUSES, status)


def _number_text(row: Any) -> str:
    if row.number:
        return str(row.number)
    return _("(draft)")


class InvoicesTab(ListTab):
    #: ``(count, folder)`` after an export of PDFs finished.
    exported = Signal(int, str)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        today = ctx.clock.today
        self.detail_view = QTextBrowser()
        self.detail_view.setObjectName("invoiceDetail")
        columns = [
            Column("number", lambda: _("Number"), _number_text),
            Column("client", lambda: _("Client"), lambda r: r.company),
            Column(
                "issue_date",
                lambda: _("Issued"),
                lambda r: format_date(r.issue_date) if r.issue_date else "",
            ),
            Column(
                "due_date",
                lambda: _("Due"),
                lambda r: format_date(r.due_date) if r.due_date else "",
            ),
            Column("currency", lambda: _("Currency"), lambda r: r.currency),
            Column(
                "total", lambda: _("Total"), lambda r: money(r.total, r.currency), align_right=True
            ),
            Column(
                "paid", lambda: _("Paid"), lambda r: money(r.paid, r.currency), align_right=True
            ),
            Column(
                "status",
                lambda: _("Status"),
                lambda r: _("Credit note") if r.kind == "credit_note" else status_text(r.status),
                background=lambda r: (
                    palette.background(STATUS_TONES[r.status])
                    if r.status in STATUS_TONES
                    else None
                ),
                foreground=lambda r: palette.text() if r.status in STATUS_TONES else None,
            ),
            Column(
                "balance",
                lambda: _("Balance"),
                lambda r: money(store.row_balance(r), r.currency),
                align_right=True,
            ),
        ]
        filters = [
            FilterSpec(
                "status",
                lambda: _("Status"),
                lambda: (
                    [(None, _("All"))]
                    + [
                        (key, status_text(key))
                        for key in ("draft", "issued", "partly_paid", "paid", "overdue", "credited")
                    ]
                ),
            ),
            FilterSpec(
                "kind",
                lambda: _("Kind"),
                lambda: [
                    (None, _("All")),
                    ("invoice", _("Invoices")),
                    ("credit_note", _("Credit notes")),
                ],
            ),
        ]
        super().__init__(
            "invoices",
            ctx,
            store.invoice_listing(today()),
            columns,
            entities=[events.INVOICES, events.CLIENTS],
            filters=filters,
            detail=self.detail_view,
            parent=parent,
        )
        self.new_button = self.add_button(QPushButton())
        self.edit_button = self.add_button(QPushButton())
        self.issue_button = self.add_button(QPushButton())
        self.pay_button = self.add_button(QPushButton())
        self.credit_button = self.add_button(QPushButton())
        self.pdf_button = self.add_button(QPushButton())
        self.export_button = self.add_button(QPushButton())
        self.mail_button = MailButton(invoice_options, ctx.clock.today)
        self.add_button(self.mail_button)
        self.mail_button.setShortcut(QKeySequence("Ctrl+E"))
        self.pdf_button.setShortcut(QKeySequence("Ctrl+P"))
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(lambda: self._with_current(self.edit_invoice))
        self.issue_button.clicked.connect(lambda: self._with_current(self.issue))
        self.pay_button.clicked.connect(lambda: self._with_current(self.record_payment))
        self.credit_button.clicked.connect(lambda: self._with_current(self.credit))
        self.pdf_button.clicked.connect(lambda: self._with_current(self.preview))
        self.export_button.clicked.connect(self.export_all)
        self.currentChanged.connect(self._on_current)
        self.set_open_handler(self.open_invoice)
        self.reveal_text = store.reveal_text
        ctx.language.changed.connect(self.retranslate)
        ctx.signals.changed.connect(self._on_outbox_changed)
        self.retranslate()
        self._on_current(None)
        #: Replaced in tests: shows a dialog and returns whether it was accepted.
        self.run_dialog: Callable[[QDialog], bool] = lambda d: (
            d.exec() == QDialog.DialogCode.Accepted
        )

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "export_button"):
            return
        self.new_button.setText(_("New invoice"))
        self.new_button.setToolTip(_("New invoice (Ctrl+N)"))
        self.edit_button.setText(_("Edit draft"))
        self.issue_button.setText(_("Issue"))
        self.pay_button.setText(_("Payment…"))
        self.credit_button.setText(_("Credit note…"))
        self.pdf_button.setText(_("PDF / print…"))
        self.export_button.setText(_("Export all PDFs…"))
        self.mail_button.retranslate()
        self._on_current(self.current_id())

    def _with_current(self, action: Callable[[int], Any]) -> None:
        record_id = self.current_id()
        if record_id is not None:
            action(record_id)

    @Slot(object)
    def _on_current(self, invoice_id: int | None) -> None:
        invoice = store.find_invoice(invoice_id)
        draft = invoice is not None and invoice.state == "draft"
        payable = invoice is not None and invoice.kind == "invoice" and invoice.state == "issued"
        self.edit_button.setEnabled(draft)
        self.issue_button.setEnabled(draft)
        self.pay_button.setEnabled(
            payable and invoice is not None and store.balance(invoice) > 0
        )
        self.credit_button.setEnabled(payable)
        self.pdf_button.setEnabled(invoice is not None)
        self.mail_button.set_record(invoice.id if invoice is not None and invoice.number else None)
        if invoice is None:
            self.detail_view.setHtml(self._empty_html())
        else:
            self.detail_view.setHtml(self._detail_html(invoice))

    def _empty_html(self) -> str:
        """What the pane says while no invoice is selected: what to do."""
        return common.placeholder_html(self.detail_view, empty_text())

    def _detail_html(self, invoice: Invoice) -> str:
        from html import escape

        cur = invoice.currency
        client = client_choice(invoice.client_id)
        totals = store.totals_of(invoice.id)
        table = common.lines_table_html(store.invoice_lines(invoice.id), totals, cur)
        sums = [
            *common.sum_texts(totals, invoice.total, cur),
            _("Paid: {amount}").format(amount=money(invoice.paid, cur)),
            _("Balance: {amount}").format(amount=money(store.balance(invoice), cur)),
        ]
        title = invoice.number or _("Draft invoice")
        parts = [
            f"<h3>{escape(title)}</h3>",
            f"<p>{escape(client.company if client else '')}</p>",
            table,
            "<p align=right>" + "<br>".join(escape(text) for text in sums) + "</p>",
        ]
        if invoice.kind == "invoice" and invoice.state != "draft":
            parts.append(self._payments_html(invoice))
        if invoice.state != "draft":
            parts.append(self._messages_html(invoice.id))
        if invoice.notes:
            parts.append(f"<p><i>{escape(invoice.notes)}</i></p>")
        return "".join(parts)

    def _payments_html(self, invoice: Invoice) -> str:
        """The payments received: date, method, reference and amount."""
        from html import escape

        payments = store.invoice_payments(invoice.id)
        heading, nothing = _("Payments"), _("No payment received yet.")
        title = f"<h4>{escape(heading)}</h4>"
        if not payments:
            return title + f"<p>{escape(nothing)}</p>"
        head = "<tr><th align=left>{}</th><th align=left>{}</th><th align=left>{}</th>"
        head += "<th align=right>{}</th></tr>"
        nowrap = "style='white-space:nowrap'"
        cells = f"<tr><td {nowrap}>{{}}</td><td>{{}}</td><td>{{}}</td>"
        cells += f"<td align=right {nowrap}>{{}}</td></tr>"
        rows = head.format(
            escape(_("Date")), escape(_("Method")), escape(_("Reference")), escape(_("Amount"))
        ) + "".join(
            cells.format(
                escape(format_date(payment.paid_on)),
                escape(label(vocabulary.PAYMENT_METHODS, payment.method)),
                escape(payment.reference),
                escape(money(payment.amount, invoice.currency)),
            )
            for payment in payments
        )
        return title + f"<table width='100%' cellspacing=2>{rows}</table>"

    def _messages_html(self, invoice_id: int) -> str:
        """The e-mails about the invoice: subject and what became of each."""
        from html import escape

        from b24desk.store import outbox
        from b24desk.store.office import business_calendar
        from b24desk.ui.mail.common import history_line

        messages = outbox.messages_about("invoice", invoice_id)
        heading, nothing = _("E-mails"), _("No e-mail sent about it yet.")
        title = f"<h4>{escape(heading)}</h4>"
        if not messages:
            return title + f"<p>{escape(nothing)}</p>"
        zone = business_calendar().tz
        lines = "".join(
            f"<li>{escape(m.subject)}: {escape(history_line(m, zone))}</li>" for m in messages
        )
        return title + f"<ul>{lines}</ul>"

    @Slot(str)
    def _on_outbox_changed(self, entity: str) -> None:
        from b24desk.store.outbox import OUTBOX

        if entity == OUTBOX:
            self._on_current(self.current_id())

    # -- actions -----------------------------------------------------------------------

    def new_record(
        self, client_id: int | None = None, lines: Sequence[store.LineInput] = ()
    ) -> None:
        """A new invoice (for ``client_id``, with ``lines`` already in it)."""
        editor = InvoiceEditor(self.ctx, client_id=client_id, parent=self, lines=lines)
        if self.run_dialog(editor) and editor.saved_id:
            self.model.reload()
            self.model.row_object(0)  # fetch the first page (drafts come first) to find it
            if not self.select_id(editor.saved_id):
                self.show_record(editor.saved_id)  # filtered out: the filters go back to all

    def open_invoice(self, invoice_id: int) -> None:
        invoice = store.get_invoice(invoice_id)
        if invoice.state == "draft":
            self.edit_invoice(invoice_id)
        else:
            self.preview(invoice_id)

    def edit_invoice(self, invoice_id: int) -> None:
        self.run_dialog(InvoiceEditor(self.ctx, invoice_id=invoice_id, parent=self))

    def issue(self, invoice_id: int) -> None:
        invoice = store.get_invoice(invoice_id)
        if not common.confirm_issue(self):
            return
        try:
            store.issue_invoice(invoice_id, self.ctx.clock.today(), invoice.version)
        except (StoreError, ValidationError) as exc:
            QMessageBox.warning(self, _("The invoice was not issued"), str(exc))

    def record_payment(self, invoice_id: int) -> None:
        self.run_dialog(PaymentDialog(self.ctx, invoice_id, self))

    def credit(self, invoice_id: int) -> None:
        self.run_dialog(CreditNoteDialog(self.ctx, invoice_id, self))

    def preview(self, invoice_id: int) -> PdfPreviewDialog:
        document = store.invoice_document(invoice_id, self.ctx.clock.today())
        name = (document.number or _("draft")) + ".pdf"
        dialog = PdfPreviewDialog(render_invoice(document), name, document.number or name, self)
        self.run_dialog(dialog)
        return dialog

    def export_all(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self,
            _("Export all invoices as PDF"),
            str(QSettings().value("pdf/last_folder", str(Path.home()), type=str)),
        )
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> Any:
        from b24desk.ui.outputs import may_write_into

        ids = store.issued_invoice_ids()
        today = self.ctx.clock.today()  # overdue and paid as of the day of the export
        if not may_write_into(self, folder, [f"{store.reveal_text(i)}.pdf" for i in ids]):
            return None

        def work(progress: Progress) -> int:
            for done, invoice_id in enumerate(ids, start=1):
                progress.check()
                document = store.invoice_document(invoice_id, today)
                write_invoice(document, folder / f"{document.number}.pdf")
                progress.report(done, len(ids), document.number or "")
            return len(ids)

        def finished(count: object) -> None:
            QSettings().setValue("pdf/last_folder", str(folder))
            self.exported.emit(int(count), str(folder))  # type: ignore[call-overload]

        def failed(message: str) -> None:
            QMessageBox.warning(self, _("Export failed"), message)

        return run_with_progress(
            self, _("Exporting invoices…"), work, on_success=finished, on_failure=failed
        )


def build_tab(ctx: DeskContext) -> InvoicesTab:
    return InvoicesTab(ctx)
