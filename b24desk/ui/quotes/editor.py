"""The quote editor: the invoice editor's client, lines and totals as you type
(:class:`~b24desk.ui.invoices.editor.InvoiceEditor`), saving into a quote with its
validity date instead of an invoice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.quotes import default_valid_until
from b24desk.i18n import _, format_decimal
from b24desk.store import office as office_store
from b24desk.store import quotes as store
from b24desk.store.errors import StaleRecordError, StoreError
from b24desk.store.invoices import LineInput
from b24desk.store.lookup import ClientChoice
from b24desk.ui.context import DeskContext
from b24desk.ui.dates import date_field, qdate, set_date_format, to_date
from b24desk.ui.forms import name_from_context
from b24desk.ui.invoices.common import money
from b24desk.ui.invoices.editor import InvoiceEditor, _line_text


class QuoteEditor(InvoiceEditor):
    """Make or edit a draft quote: lines from the price list, totals as you type, the
    validity date (the office's ``quote_valid_days`` from today for a new quote)."""

    def __init__(
        self,
        ctx: DeskContext,
        quote_id: int | None = None,
        client_id: int | None = None,
        parent: QWidget | None = None,
        lines: Sequence[LineInput] = (),
    ) -> None:
        self._stored_valid_until: date | None = None
        super().__init__(ctx, invoice_id=quote_id, client_id=client_id, parent=parent, lines=lines)
        self.setObjectName("quoteEditor")
        self.client.setObjectName("quoteClient")
        self.lines.setObjectName("quoteLines")
        self.issue_button.hide()  # a quote is numbered when made; it is sent from the tab
        today = ctx.clock.today()
        self.valid_label = QLabel()
        self.valid_until = date_field(
            self._stored_valid_until
            or default_valid_until(today, office_store.get_office().quote_valid_days)
        )
        self.valid_until.setObjectName("quoteValidUntil")
        self.valid_until.setMinimumDate(qdate(min(today, self._stored_valid_until or today)))
        self.valid_label.setBuddy(self.valid_until)
        self.top_form.addRow(self.valid_label, self.valid_until)
        self.retranslate()

    @property
    def quote_id(self) -> int | None:
        """The quote edited (``None`` until a new one is saved)."""
        return self.invoice_id

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Quote") if self.invoice_id else _("New quote"))
        self.notes_label.setText(_("Notes printed on the quote"))
        self.lines.setAccessibleName(_("Quote lines"))
        self.save_button.setText(_("Save quote"))
        if hasattr(self, "valid_until"):
            self.valid_label.setText(_("&Valid until"))
            set_date_format(self.valid_until)
        name_from_context(self, self.windowTitle())

    def _on_client(self, choice: ClientChoice | None) -> None:
        super()._on_client(choice)
        if choice is None:
            self.client_info.setText(
                _("Choose the client first: the quote uses its currency and document language.")
            )

    # -- data ---------------------------------------------------------------------------

    def _load(self, invoice_id: int) -> None:
        quote = store.get_quote(invoice_id)
        self.version = quote.version
        self._stored_valid_until = quote.valid_until
        if hasattr(self, "valid_until"):  # a reload after another desk saved
            self.valid_until.setDate(qdate(quote.valid_until))
        self.client.set_client(quote.client_id)
        self.client.setEnabled(False)
        self.notes.setPlainText(quote.notes)
        for line in store.quote_lines(invoice_id):
            self.append_line(
                line.description,
                quantity=line.quantity,
                price=line.unit_price,
                discount=line.discount,
                tax=line.tax_rate,
                reason=line.discount_reason,
                meta={"plan_id": line.plan_id, "term_months": line.term_months, "kind": line.kind},
            )

    def saved_values(self) -> tuple[dict[str, str], int]:
        assert self.invoice_id is not None
        quote = store.get_quote(self.invoice_id)
        values: dict[str, str] = {}
        for n, line in enumerate(store.quote_lines(self.invoice_id), start=1):
            values[f"line{n}"] = _line_text(
                line.description,
                format_decimal(line.quantity),
                format_decimal(line.unit_price, digits=2),
                format_decimal(line.discount * 100),
            )
        values["notes"] = quote.notes
        values["total"] = money(quote.total, quote.currency)
        return values, quote.version

    def conflict_labels(self, *value_sets: dict[str, str]) -> dict[str, str]:
        labels = super().conflict_labels(*value_sets)
        labels["notes"] = _("Notes printed on the quote")
        return labels

    def try_save(self, issue: bool = False) -> bool:
        choice = self.client.current()
        if choice is None:
            self.show_errors({"client": _("Choose the client to quote.")})
            return False
        valid_until = to_date(self.valid_until.date())
        try:
            lines = self.line_inputs()
            if self.invoice_id is None:
                quote = store.create_draft(
                    choice.id,
                    lines,
                    self.ctx.clock.today(),
                    self.notes.toPlainText(),
                    valid_until=valid_until,
                )
            else:
                quote = store.update_draft(
                    self.invoice_id,
                    lines,
                    self.notes.toPlainText(),
                    self.version,
                    valid_until=valid_until,
                )
            self.invoice_id, self.version = quote.id, quote.version
        except ValidationErrors as errors:
            self.show_errors(errors.by_field)
            return False
        except ValidationError as error:
            self.show_errors({error.field: error.message})
            return False
        except StaleRecordError:
            return self._on_conflict(issue)
        except StoreError as exc:
            self.show_errors({"": str(exc)})
            return False
        self.saved_id = quote.id
        self.accept()
        return True
