"""The invoice editor: a draft's lines from the price list, totals as you type, save or
issue, and the two-desk conflict on one draft."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from b24desk import i18n
from b24desk.domain import pricing
from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.invoicing import InvoiceLine as RuleLine
from b24desk.domain.invoicing import invoice_totals
from b24desk.domain.validation import parse_decimal
from b24desk.i18n import _, format_decimal, format_percent, ngettext
from b24desk.store import invoices as store
from b24desk.store.errors import StaleRecordError, StoreError
from b24desk.store.lookup import ClientChoice, PriceChoice, price_choices
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import ERROR_STYLE, ConflictDialog, name_from_context, resolve_conflict
from b24desk.ui.invoices import common
from b24desk.ui.invoices.common import money, percent
from b24desk.ui.pickers import ClientPicker

TERMS = (1, 3, 6, 12, 24)

# -- the editor ------------------------------------------------------------------------------

COL_DESC, COL_QTY, COL_PRICE, COL_DISCOUNT, COL_TAX, COL_REASON, COL_NET = range(7)
LINE_FIELDS = {
    "description": COL_DESC,
    "quantity": COL_QTY,
    "unit_price": COL_PRICE,
    "discount": COL_DISCOUNT,
    "tax_rate": COL_TAX,
    "discount_reason": COL_REASON,
}
META_ROLE = Qt.ItemDataRole.UserRole + 10


class InvoiceEditor(QDialog):
    """Edit a draft: lines from the price list, totals as you type, save or issue."""

    def __init__(
        self,
        ctx: DeskContext,
        invoice_id: int | None = None,
        client_id: int | None = None,
        parent: QWidget | None = None,
        lines: Sequence[store.LineInput] = (),
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.invoice_id = invoice_id
        self.version = 1
        self.total = Decimal(0)
        self.saved_id: int | None = None
        #: The messages shown now, and each line cell's text when its message came.
        self.shown_errors: dict[str, str] = {}
        self._error_texts: dict[str, str] = {}
        self.client = ClientPicker()
        self.client.setObjectName("invoiceClient")
        self.client_label = QLabel()
        self.client_label.setBuddy(self.client)
        self.client_info = QLabel()
        self.client_info.setWordWrap(True)
        self.lines = QTableWidget(0, 7)
        self.lines.setObjectName("invoiceLines")
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(COL_DESC, QHeaderView.ResizeMode.Stretch)
        for col in (COL_QTY, COL_PRICE, COL_DISCOUNT, COL_TAX, COL_NET):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Interactive)
        self.lines.setColumnWidth(COL_REASON, 160)
        self.add_service = QToolButton()
        self.add_service.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_plan = QToolButton()
        self.add_plan.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_from_client = QToolButton()
        self.add_from_client.setObjectName("invoiceFromClient")
        self.add_from_client.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_line = QPushButton()
        self.remove_line = QPushButton()
        self.offers = QLabel()
        self.offers.setWordWrap(True)
        self.totals = QLabel()
        self.totals.setObjectName("invoiceTotals")
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.errors = QLabel()
        self.errors.setObjectName("invoiceErrors")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.hide()
        self.notes_label = QLabel()
        self.notes = QPlainTextEdit()
        self.notes_label.setBuddy(self.notes)
        self.notes.setMaximumHeight(70)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.issue_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)

        top = QFormLayout()
        top.addRow(self.client_label, self.client)
        top.addRow("", self.client_info)
        self.top_form = top  # a quote adds its validity date here (ui.quotes.editor)
        tools = QHBoxLayout()
        for w in (
            self.add_from_client,
            self.add_service,
            self.add_plan,
            self.add_line,
            self.remove_line,
        ):
            tools.addWidget(w)
        tools.addStretch(1)
        bottom = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.offers)
        left.addWidget(self.errors)
        left.addWidget(self.notes_label)
        left.addWidget(self.notes)
        bottom.addLayout(left, 3)
        bottom.addWidget(self.totals, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tools)
        layout.addWidget(self.lines, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.buttons)
        self.resize(1100, 640)
        self._connect_signals()
        if invoice_id is not None:
            self._load(invoice_id)
        elif client_id is not None:
            self.client.set_client(client_id)
        for line in lines:
            self.add_line_input(line)
        self.retranslate()
        self.opened = self.draft_values()  # what another desk's save is compared with

    def _connect_signals(self) -> None:
        self.client.clientChanged.connect(self._on_client)
        self.lines.itemChanged.connect(self._recompute)
        self.lines.itemChanged.connect(self._on_cell_edited)
        self.client.clientChanged.connect(self._on_client_chosen)
        self.add_line.clicked.connect(lambda: self.append_line(""))
        self.remove_line.clicked.connect(self._remove_current)
        self.save_button.clicked.connect(lambda: self.try_save(issue=False))
        self.issue_button.clicked.connect(lambda: self.try_save(issue=True))
        self.buttons.rejected.connect(self.reject)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Invoice") if self.invoice_id else _("New invoice"))
        self.client_label.setText(_("&Client"))
        self.lines.setHorizontalHeaderLabels(
            [
                _("Description"),
                _("Quantity"),
                _("Unit price"),
                _("Discount %"),
                _("Tax %"),
                _("Reason for the price"),
                _("Net"),
            ]
        )
        reason_header = self.lines.horizontalHeaderItem(COL_REASON)
        if reason_header is not None:  # set by the labels just above
            reason_header.setToolTip(
                _("Needed when the price is below the minimal end-user price")
            )
        self.add_from_client.setText(_("From the client"))
        self.add_from_client.setToolTip(
            _("Renewals of the client's subscriptions and its activation coupons")
        )
        self.add_service.setText(_("Add service"))
        self.add_plan.setText(_("Add plan"))
        self.add_line.setText(_("Add line"))
        self.remove_line.setText(_("Remove line"))
        self.notes_label.setText(_("Notes printed on the invoice"))
        self.lines.setAccessibleName(_("Invoice lines"))
        self.save_button.setText(_("Save draft"))
        self.issue_button.setText(_("Save and issue"))
        self.issue_button.setToolTip(_("Gives the invoice its number; it cannot be changed after"))
        self.client.retranslate()
        self._on_client(self.client.current())  # menus and the client line, re-formatted
        name_from_context(self, self.windowTitle())  # the fields' names, in this language

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()  # the language changed while the dialog is open
        super().changeEvent(event)

    # -- data ---------------------------------------------------------------------------

    def _load(self, invoice_id: int) -> None:
        invoice = store.get_invoice(invoice_id)
        self.version = invoice.version
        self._draft_day = store.draft_day(invoice)
        self.client.set_client(invoice.client_id)
        self.client.setEnabled(False)
        self.notes.setPlainText(invoice.notes)
        for line in store.invoice_lines(invoice_id):
            self.append_line(
                line.description,
                quantity=line.quantity,
                price=line.unit_price,
                discount=line.discount,
                tax=line.tax_rate,
                reason=line.discount_reason,
                meta={
                    "plan_id": line.plan_id,
                    "term_months": line.term_months,
                    "kind": line.kind,
                    "coupon_id": line.coupon_id,
                    "subscription_id": line.subscription_id,
                },
            )

    # -- two desks, one draft -------------------------------------------------------------

    def draft_values(self) -> dict[str, str]:
        """The draft as the form holds it: one text per line, the notes and the total."""
        values: dict[str, str] = {}
        for row in range(self.lines.rowCount()):

            def text(col: int, r: int = row) -> str:
                item = self.lines.item(r, col)
                return item.text().strip() if item else ""

            values[f"line{row + 1}"] = _line_text(
                text(COL_DESC), text(COL_QTY), text(COL_PRICE), text(COL_DISCOUNT)
            )
        values["notes"] = self.notes.toPlainText()
        values["total"] = money(self.total, self._currency())
        return values

    def saved_values(self) -> tuple[dict[str, str], int]:
        """The draft as saved now (by any desk), keyed as :meth:`draft_values`, and its
        version."""
        assert self.invoice_id is not None
        invoice = store.get_invoice(self.invoice_id)
        values: dict[str, str] = {}
        for n, line in enumerate(store.invoice_lines(self.invoice_id), start=1):
            values[f"line{n}"] = _line_text(
                line.description,
                format_decimal(line.quantity),
                format_decimal(line.unit_price, digits=2),
                format_decimal(line.discount * 100),
            )
        values["notes"] = invoice.notes
        values["total"] = money(invoice.total, invoice.currency)
        return values, invoice.version

    def conflict_labels(self, *value_sets: dict[str, str]) -> dict[str, str]:
        """Names for the keys of ``value_sets``: the lines in order, then notes and total."""
        count = max(
            (int(key[4:]) for values in value_sets for key in values if key.startswith("line")),
            default=0,
        )
        labels = {f"line{n}": _("Line {n}").format(n=n) for n in range(1, count + 1)}
        labels.update(notes=_("Notes printed on the invoice"), total=_("Total"))
        return labels

    def run_conflict(self, dialog: ConflictDialog) -> str | None:
        """Show the conflict; tests replace it.  Returns "reload", "overwrite" or None."""
        return dialog.ask()

    def reload(self) -> None:
        """Show the draft as saved now; what was typed here is dropped."""
        assert self.invoice_id is not None
        self.lines.setRowCount(0)
        self._load(self.invoice_id)
        self._recompute()
        self.opened = self.draft_values()

    def _on_conflict(self, issue: bool) -> bool:
        saved, version = self.saved_values()
        mine = self.draft_values()
        labels = self.conflict_labels(self.opened, saved, mine)
        # A line on one side only is still a change: it shows empty on the other side.
        opened, saved, mine = (
            {key: v.get(key, "") for key in labels} for v in (self.opened, saved, mine)
        )
        if resolve_conflict(self, labels, opened, saved, mine) == "overwrite":
            self.version = version
            return self.try_save(issue)
        return False

    def _doc(self, message: str) -> str:
        """``message`` in the client's document language: line texts print on the PDF."""
        choice = self.client.current()
        return i18n.translation(choice.doc_language if choice else "en").gettext(message)

    def _price_day(self) -> date:
        """The day whose price list prices the lines: the draft's own day (a price
        change from a later date leaves it as it was), today for a new one."""
        day = getattr(self, "_draft_day", None)
        return day if day is not None else self.ctx.clock.today()

    def _currency(self) -> str:
        choice = self.client.current()
        return store.currency_for(choice.id if choice else None)

    def _default_tax(self) -> Decimal:
        choice = self.client.current()
        return store.default_tax_for(choice.id if choice else None)

    @Slot(object)
    def _on_client(self, choice: ClientChoice | None) -> None:
        self._build_menus(choice)
        if choice is None:
            self.client_info.setText(
                _("Choose the client first: the invoice uses its currency and document language.")
            )
        else:
            from b24desk.i18n import LANGUAGES

            self.client_info.setText(
                _("Currency {currency}; written in {language}").format(
                    currency=choice.currency, language=LANGUAGES.get(choice.doc_language, "")
                )
                + (" · " + _("non-profit") if choice.non_profit else "")
            )
        self._recompute()

    def _build_menus(self, choice: ClientChoice | None) -> None:
        currency = choice.currency if choice else self._currency()
        for button in (self.add_from_client, self.add_service, self.add_plan):
            old = button.menu()
            if old is not None:
                old.setParent(None)
                old.deleteLater()
        services = QMenu(self)
        for item in price_choices(currency, ("service", "option"), self._price_day()):
            # Default services and options have catalog names (N_ in the price list):
            # the menu speaks the desk's language, the line the client's.
            label = _(item.name) + (f" — {money(item.price, currency)}" if item.price else "")
            action = services.addAction(label)
            action.triggered.connect(lambda _c=False, it=item: self.add_service_line(it))
        self.add_service.setMenu(services)
        plans = QMenu(self)
        for item in price_choices(currency, ("cloud", "on_premise"), self._price_day()):
            sub = plans.addMenu(item.name)
            terms = TERMS if item.kind == "cloud" else (12,)
            for term in terms:
                action = sub.addAction(
                    ngettext("{count} month", "{count} months", term).format(count=term)
                    if item.kind == "cloud"
                    else _("License")
                )
                action.triggered.connect(
                    lambda _c=False, it=item, t=term: self.add_plan_line(it, t)
                )
        self.add_plan.setMenu(plans)
        from_client = QMenu(self)
        sources = store.line_sources(choice.id, self._price_day()) if choice is not None else []
        for source in sources:
            action = from_client.addAction(source.label)
            action.triggered.connect(lambda _c=False, ln=source.line: self.add_line_input(ln))
        self.add_from_client.setMenu(from_client)
        self.add_from_client.setEnabled(bool(sources))
        self.add_service.setEnabled(choice is not None)
        self.add_plan.setEnabled(choice is not None)

    def add_service_line(self, item: PriceChoice) -> int:
        """A service or option at the price the client is offered (its own price with
        its reason, else the office's resale price, else the list price)."""
        choice = self.client.current()
        offer = store.offered_unit(
            choice.id if choice else None, item.plan_id, self._currency(), self._price_day()
        )
        price, reason = offer if offer is not None else (item.price or Decimal(0), "")
        return self.append_line(
            self._doc(item.name),
            price=price,
            reason=reason,
            meta={
                "plan_id": item.plan_id,
                "kind": "service" if item.kind == "service" else "product",
            },
        )

    def add_plan_line(self, item: PriceChoice, term: int) -> None:
        """A line for ``item`` over ``term`` months, priced and described by the store."""
        choice = self.client.current()
        self.add_line_input(
            store.plan_line(choice.id if choice else None, item, term, self._price_day())
        )

    def append_line(
        self,
        description: str,
        quantity: Decimal = Decimal(1),
        price: Decimal = Decimal(0),
        discount: Decimal = Decimal(0),
        tax: Decimal | None = None,
        reason: str = "",
        meta: dict[str, Any] | None = None,
    ) -> int:
        tax = self._default_tax() if tax is None else tax
        self.lines.blockSignals(True)
        row = self.lines.rowCount()
        self.lines.insertRow(row)
        values = {
            COL_DESC: description,
            COL_QTY: format_decimal(quantity),
            COL_PRICE: format_decimal(price, digits=2),
            COL_DISCOUNT: format_decimal(discount * 100),
            COL_TAX: format_decimal(tax * 100),
            COL_REASON: reason,
            COL_NET: "",
        }
        for col, text in values.items():
            item = QTableWidgetItem(text)
            if col in (COL_QTY, COL_PRICE, COL_DISCOUNT, COL_TAX, COL_NET):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == COL_NET:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.lines.setItem(row, col, item)
        self._cell(row, COL_DESC).setData(META_ROLE, meta or {})
        self.lines.blockSignals(False)
        self._recompute()
        return row

    def _cell(self, row: int, col: int) -> QTableWidgetItem:
        """A cell of the lines table (:meth:`append_line` fills every cell of its row)."""
        item = self.lines.item(row, col)
        assert item is not None, (row, col)
        return item

    def add_line_input(self, line: store.LineInput) -> int:
        """Add a prepared line (from the client's subscriptions or coupons)."""
        return self.append_line(
            line.description,
            quantity=Decimal(line.quantity),
            price=Decimal(line.unit_price),
            discount=Decimal(line.discount),
            reason=line.discount_reason,
            meta={
                "plan_id": line.plan_id,
                "term_months": line.term_months,
                "kind": line.kind,
                "coupon_id": line.coupon_id,
                "subscription_id": line.subscription_id,
            },
        )

    @Slot()
    def _remove_current(self) -> None:
        row = self.lines.currentRow()
        if row >= 0:
            self.lines.removeRow(row)
            self._recompute()

    def line_inputs(self) -> list[store.LineInput]:
        """The lines as typed (text parsed here; the store validates the values)."""
        out = []
        for row in range(self.lines.rowCount()):

            def text(col: int, r: int = row) -> str:
                item = self.lines.item(r, col)
                return item.text().strip() if item else ""

            meta = self._cell(row, COL_DESC).data(META_ROLE) or {}
            out.append(
                store.LineInput(
                    description=text(COL_DESC),
                    quantity=text(COL_QTY) or "0",
                    unit_price=text(COL_PRICE) or "0",
                    discount=percent(text(COL_DISCOUNT), "discount"),
                    tax_rate=percent(text(COL_TAX), "tax_rate"),
                    discount_reason=text(COL_REASON),
                    kind=meta.get("kind", "product"),
                    term_months=meta.get("term_months"),
                    plan_id=meta.get("plan_id"),
                    coupon_id=meta.get("coupon_id"),
                    subscription_id=meta.get("subscription_id"),
                )
            )
        return out

    @Slot()
    def _recompute(self, *_args: object) -> None:
        """Totals as you type, from the same rules the store uses."""
        currency = self._currency()
        rule_lines: list[RuleLine] = []
        self.lines.blockSignals(True)
        for row in range(self.lines.rowCount()):
            net_item = self._cell(row, COL_NET)
            try:
                line = self.line_inputs()[row]
                rule = RuleLine(
                    line.description or "-",
                    parse_decimal(str(line.quantity), "quantity"),
                    parse_decimal(str(line.unit_price), "unit_price"),
                    _as_decimal(line.discount),
                    _as_decimal(line.tax_rate),
                )
            except (ValidationError, ValueError):
                net_item.setText("—")
                continue
            rule_lines.append(rule)
            net_item.setText(money(rule.net(currency), currency))
        self.lines.blockSignals(False)
        totals = invoice_totals(rule_lines, currency)
        self.total = totals.total
        parts = [_("Subtotal: {amount}").format(amount=money(totals.net, currency))]
        for rate, tax in totals.tax_by_rate.items():
            parts.append(
                _("Tax {rate}: {amount}").format(
                    rate=format_percent(rate), amount=money(tax, currency)
                )
            )
        parts.append(
            "<b>" + _("Total: {amount}").format(amount=money(totals.total, currency)) + "</b>"
        )
        self.totals.setText("<br>".join(parts))
        self._show_offers()

    def _show_offers(self) -> None:
        choice = self.client.current()
        offers = []
        for line in self.line_inputs():
            if line.term_months:
                for kind, rate in pricing.offered_discounts(
                    line.term_months, bool(choice and choice.non_profit)
                ):
                    text = (
                        _("non-profit discount {rate} on {count}-month plans")
                        if kind == "non_profit"
                        else _("long-term discount {rate} on {count}-month plans")
                    ).format(rate=format_percent(rate), count=line.term_months)
                    if text not in offers:
                        offers.append(text)
        self.offers.setText(
            _("Discounts that apply: {list}").format(list="; ".join(offers)) if offers else ""
        )
        self.offers.setVisible(bool(offers))

    # -- saving -------------------------------------------------------------------------

    def show_errors(self, errors: dict[str, str]) -> None:
        for row in range(self.lines.rowCount()):
            for col in LINE_FIELDS.values():
                item = self.lines.item(row, col)
                if item is not None:
                    item.setBackground(QColor(0, 0, 0, 0))
                    item.setData(Qt.ItemDataRole.ForegroundRole, None)
        messages = []
        for key, message in errors.items():
            if key.startswith("line") and "." in key:
                index, field = key[4:].split(".", 1)
                line_row = int(index)
                column = LINE_FIELDS.get(field)
                cell = self.lines.item(line_row, column) if column is not None else None
                if cell is not None:
                    cell.setBackground(palette.brush("danger"))
                    cell.setForeground(palette.text())
                messages.append(_("Line {n}: {message}").format(n=line_row + 1, message=message))
            else:
                messages.append(message)
        self.errors.setText("\n".join(messages))
        self.errors.setVisible(bool(messages))
        self.shown_errors = dict(errors)
        self._error_texts = {}
        for key in errors:
            cell = self._error_cell(key)
            if cell is not None:
                self._error_texts[key] = cell.text()

    def _error_cell(self, key: str) -> QTableWidgetItem | None:
        """The cell a "line<n>.<field>" message is about."""
        if not (key.startswith("line") and "." in key):
            return None
        index, field = key[4:].split(".", 1)
        column = LINE_FIELDS.get(field)
        if not index.isdigit() or column is None:
            return None
        return self.lines.item(int(index), column)

    def _drop_error(self, key: str) -> None:
        """The person corrected what ``key`` names: its message goes, the others stay."""
        if key in self.shown_errors:
            remaining = {k: v for k, v in self.shown_errors.items() if k != key}
            blocked = self.lines.blockSignals(True)
            try:
                self.show_errors(remaining)
            finally:
                self.lines.blockSignals(blocked)

    def _on_client_chosen(self, *_args: object) -> None:
        self._drop_error("client")

    @Slot(QTableWidgetItem)
    def _on_cell_edited(self, item: QTableWidgetItem) -> None:
        for field, column in LINE_FIELDS.items():
            key = f"line{item.row()}.{field}"
            edited = key in self._error_texts and item.text() != self._error_texts[key]
            if column == item.column() and edited:
                self._drop_error(key)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        if not getattr(self, "_focused_once", False):
            self._focused_once = True  # the client first, not the default button
            self.client.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_save(self, issue: bool) -> bool:
        choice = self.client.current()
        if choice is None:
            self.show_errors({"client": _("Choose the client to invoice.")})
            return False
        try:
            lines = self.line_inputs()
            if self.invoice_id is None:
                invoice = store.create_draft(
                    choice.id, lines, self.notes.toPlainText(), self.ctx.clock.today()
                )
            else:
                invoice = store.update_draft(
                    self.invoice_id, lines, self.notes.toPlainText(), self.version
                )
            self.invoice_id, self.version = invoice.id, invoice.version
            if issue:
                if not common.confirm_issue(self):
                    return False
                invoice = store.issue_invoice(invoice.id, self.ctx.clock.today(), invoice.version)
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
        self.saved_id = invoice.id
        self.accept()
        return True


def _line_text(description: str, quantity: str, price: str, discount: str) -> str:
    return _("{description}: {quantity} × {price}, discount {discount}%").format(
        description=description, quantity=quantity, price=price, discount=discount
    )


def _as_decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    raise ValueError(value)

