"""The Quotes tab (issue #17.2): the list of quotes with the current one's summary, and
the actions on it: new, edit or delete a draft, mark sent, accepted or declined,
Convert to invoice (the new draft opens in the Invoices tab) and the PDF."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QTextBrowser, QWidget

from b24desk.domain import quotes as rules
from b24desk.domain import vocabulary
from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.vocabulary import label
from b24desk.i18n import _, format_date
from b24desk.pdf.quote import render_quote
from b24desk.store import events
from b24desk.store import quotes as store
from b24desk.store.errors import StoreError
from b24desk.store.invoices import LineInput
from b24desk.store.lookup import client_choice
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import confirm
from b24desk.ui.invoices.common import lines_table_html, money, placeholder_html, sum_texts
from b24desk.ui.listtab import FilterSpec, ListTab
from b24desk.ui.pdfview import PdfPreviewDialog
from b24desk.ui.quotes.editor import QuoteEditor
from b24desk.ui.table import Column

if TYPE_CHECKING:  # a type only, as the store names it
    from b24desk.store.quotes import Quote

#: The palette tone of each coloured status (tinted into the style's base colour).
STATUS_TONES: dict[str, palette.Tone] = {
    "expired": "danger",
    "sent": "warning",
    "accepted": "ok",
    "converted": "muted",
    "declined": "muted",
    "draft": "muted",
}


def status_text(status: str) -> str:
    return label(vocabulary.QUOTE_STATUSES, status)


def empty_text() -> str:
    """What the detail pane says while no quote is selected."""
    return _("Select a quote to see it here, or press Ctrl+N for a new one.")


class QuotesTab(ListTab):
    #: ``(kind, id)``: show a record in its tab (the invoice a quote became).
    openRecord = Signal(str, int)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        today = ctx.clock.today
        self.detail_view = QTextBrowser()
        self.detail_view.setObjectName("quoteDetail")
        self.detail_view.setOpenLinks(False)  # the invoice link opens the Invoices tab
        columns = [
            Column("number", lambda: _("Number"), lambda r: r.number),
            Column("client", lambda: _("Client"), lambda r: r.company),
            Column("issue_date", lambda: _("Date"), lambda r: format_date(r.issue_date)),
            Column("valid_until", lambda: _("Valid until"), lambda r: format_date(r.valid_until)),
            Column("currency", lambda: _("Currency"), lambda r: r.currency),
            Column(
                "total", lambda: _("Total"), lambda r: money(r.total, r.currency), align_right=True
            ),
            Column(
                "status",
                lambda: _("Status"),
                lambda r: status_text(r.status),
                background=lambda r: (
                    palette.background(STATUS_TONES[r.status])
                    if r.status in STATUS_TONES
                    else None
                ),
                foreground=lambda r: palette.text() if r.status in STATUS_TONES else None,
            ),
        ]
        filters = [
            FilterSpec(
                "status",
                lambda: _("Status"),
                lambda: [(None, _("All"))]
                + [(key, status_text(key)) for key in vocabulary.QUOTE_STATUSES],
            ),
        ]
        super().__init__(
            "quotes",
            ctx,
            store.quote_listing(today()),
            columns,
            entities=[events.QUOTES, events.CLIENTS],
            filters=filters,
            detail=self.detail_view,
            parent=parent,
        )
        self.new_button = self.add_button(QPushButton())
        self.edit_button = self.add_button(QPushButton())
        self.sent_button = self.add_button(QPushButton())
        self.accepted_button = self.add_button(QPushButton())
        self.declined_button = self.add_button(QPushButton())
        self.convert_button = self.add_button(QPushButton())
        self.pdf_button = self.add_button(QPushButton())
        self.delete_button = self.add_button(QPushButton())
        self.convert_button.setObjectName("quoteConvert")
        self.pdf_button.setShortcut(QKeySequence("Ctrl+P"))
        self.new_button.clicked.connect(lambda: self.new_record())
        self.edit_button.clicked.connect(lambda: self._with_current(self.edit_quote))
        self.sent_button.clicked.connect(lambda: self._with_current(self.mark, "sent"))
        self.accepted_button.clicked.connect(lambda: self._with_current(self.mark, "accepted"))
        self.declined_button.clicked.connect(lambda: self._with_current(self.mark, "declined"))
        self.convert_button.clicked.connect(lambda: self._with_current(self.convert))
        self.pdf_button.clicked.connect(lambda: self._with_current(self.preview))
        self.delete_button.clicked.connect(lambda: self._with_current(self.delete))
        self.currentChanged.connect(self._on_current)
        self.detail_view.anchorClicked.connect(self._on_link)
        self.set_open_handler(self.open_quote)
        self.reveal_text = store.reveal_text
        ctx.language.changed.connect(self.retranslate)
        self.retranslate()
        self._on_current(None)
        #: Replaced in tests: shows a dialog and returns whether it was accepted.
        self.run_dialog: Callable[[QDialog], bool] = lambda d: (
            d.exec() == QDialog.DialogCode.Accepted
        )
        #: Replaced in tests: tells ``(title, text)`` why an action was refused.
        self.warn: Callable[[str, str], object] = lambda title, text: QMessageBox.warning(
            self, title, text
        )
        #: Replaced in tests: asks ``(title, text, action)`` and says yes or no.
        self.ask: Callable[[str, str, str], bool] = lambda title, text, action: confirm(
            self, title, text, action
        )

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "delete_button"):
            return
        self.new_button.setText(_("New quote"))
        self.new_button.setToolTip(_("New quote (Ctrl+N)"))
        self.edit_button.setText(_("Edit draft"))
        self.sent_button.setText(_("Mark sent"))
        self.accepted_button.setText(_("Accepted"))
        self.accepted_button.setToolTip(_("The client accepted the quote"))
        self.declined_button.setText(_("Declined"))
        self.declined_button.setToolTip(_("The client declined the quote"))
        self.convert_button.setText(_("Convert to invoice…"))
        self.convert_button.setToolTip(
            _("A new draft invoice with the quote's lines, once; it opens in the Invoices tab")
        )
        self.pdf_button.setText(_("PDF / print…"))
        self.delete_button.setText(_("Delete draft…"))
        self._on_current(self.current_id())

    def _with_current(self, action: Callable[..., Any], *args: Any) -> None:
        record_id = self.current_id()
        if record_id is not None:
            action(record_id, *args)

    @Slot(object)
    def _on_current(self, quote_id: int | None) -> None:
        quote = store.find_quote(quote_id)
        today = self.ctx.clock.today()
        state = quote.state if quote is not None else ""
        status = store.shown_status(quote, today) if quote is not None else ""
        self.edit_button.setEnabled(rules.can_edit(state))
        self.delete_button.setEnabled(rules.can_edit(state))
        self.sent_button.setEnabled(state == "draft" and status != "expired")
        self.accepted_button.setEnabled(state == "sent" and status != "expired")
        self.declined_button.setEnabled(state == "sent")
        self.convert_button.setEnabled(
            quote is not None
            and rules.can_convert(quote.state, quote.valid_until, today, quote.invoice_id)
        )
        self.pdf_button.setEnabled(quote is not None)
        if quote is None:
            self.detail_view.setHtml(placeholder_html(self.detail_view, empty_text()))
        else:
            self.detail_view.setHtml(self._detail_html(quote, status))

    def _detail_html(self, quote: Quote, status: str) -> str:
        cur = quote.currency
        client = client_choice(quote.client_id)
        totals = store.totals_of(quote.id)
        table = lines_table_html(store.quote_lines(quote.id), totals, cur)
        sums = sum_texts(totals, quote.total, cur)
        facts = [
            _("Status: {status}").format(status=status_text(status)),
            _("Date: {date}").format(date=format_date(quote.issue_date)),
            _("Valid until {date}").format(date=format_date(quote.valid_until)),
        ]
        parts = [
            f"<h3>{escape(quote.number)}</h3>",
            f"<p>{escape(client.company if client else '')}</p>",
            "<p>" + "<br>".join(escape(text) for text in facts) + "</p>",
            table,
            "<p align=right>" + "<br>".join(escape(text) for text in sums) + "</p>",
        ]
        if quote.invoice_id is not None:
            parts.append(
                f"<p><a href='invoice:{quote.invoice_id}'>"
                + escape(_("Converted to a draft invoice"))
                + "</a></p>"
            )
        if quote.notes:
            parts.append(f"<p><i>{escape(quote.notes)}</i></p>")
        return "".join(parts)

    @Slot(QUrl)
    def _on_link(self, url: QUrl) -> None:
        kind, _sep, record_id = url.toString().partition(":")
        if kind == "invoice" and record_id.isdigit():
            self.openRecord.emit("invoice", int(record_id))

    # -- actions -----------------------------------------------------------------------

    def new_record(
        self, client_id: int | None = None, lines: list[LineInput] | None = None
    ) -> None:
        """A new quote (for ``client_id``, with ``lines`` already in it)."""
        editor = QuoteEditor(self.ctx, client_id=client_id, parent=self, lines=lines or [])
        if self.run_dialog(editor) and editor.saved_id:
            self.model.reload()
            self.model.row_object(0)  # fetch the first page (newest first) to find it
            if not self.select_id(editor.saved_id):
                self.show_record(editor.saved_id)  # filtered out: the filters go back to all

    def open_quote(self, quote_id: int) -> None:
        quote = store.get_quote(quote_id)
        if rules.can_edit(quote.state):
            self.edit_quote(quote_id)
        else:
            self.preview(quote_id)

    def edit_quote(self, quote_id: int) -> None:
        self.run_dialog(QuoteEditor(self.ctx, quote_id=quote_id, parent=self))

    def mark(self, quote_id: int, state: str) -> None:
        """Mark the quote sent, accepted or declined."""
        quote = store.get_quote(quote_id)
        try:
            store.set_state(quote_id, state, self.ctx.clock.today(), quote.version)
        except (StoreError, ValidationError) as exc:
            self.warn(_("The quote was not changed"), str(exc))

    def convert(self, quote_id: int) -> int | None:
        """Ask, then make the draft invoice and show it in the Invoices tab."""
        quote = store.get_quote(quote_id)
        asked = self.ask(
            _("Convert to invoice"),
            _(
                "Make a draft invoice for {client} with the lines of quote {number}? "
                "A quote is converted only once."
            ).format(
                client=getattr(client_choice(quote.client_id), "company", ""),
                number=quote.number,
            ),
            _("Convert"),
        )
        if not asked:
            return None
        try:
            invoice = store.convert_to_invoice(quote_id, self.ctx.clock.today())
        except (StoreError, ValidationError, ValidationErrors) as exc:
            # ValidationErrors: a line the invoice rules refuse today (a price now below
            # the list price without a reason); the quote stays as it was.
            self.warn(_("The quote was not converted"), str(exc))
            return None
        self.openRecord.emit("invoice", invoice.id)
        return invoice.id

    def delete(self, quote_id: int) -> None:
        quote = store.get_quote(quote_id)
        asked = self.ask(
            _("Delete the draft quote"),
            _("Delete quote {number}? Its number is not given again.").format(
                number=quote.number
            ),
            _("Delete"),
        )
        if not asked:
            return
        try:
            store.delete_draft(quote_id)
        except StoreError as exc:
            self.warn(_("The quote was not deleted"), str(exc))

    def preview(self, quote_id: int) -> PdfPreviewDialog:
        document = store.quote_document(quote_id)
        name = document.number + ".pdf"
        dialog = PdfPreviewDialog(render_quote(document), name, document.number, self)
        self.run_dialog(dialog)
        return dialog


def build_tab(ctx: DeskContext) -> QuotesTab:
    return QuotesTab(ctx)
