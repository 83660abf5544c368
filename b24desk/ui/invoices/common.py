"""What the Invoices tab, its editor and its dialogs share: amounts and percentages as
typed and shown, and the question asked before an invoice is issued."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from html import escape
from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget

from b24desk.domain.errors import ValidationError
from b24desk.domain.invoicing import InvoiceTotals
from b24desk.domain.validation import parse_decimal
from b24desk.i18n import _, format_decimal, format_money, format_percent
from b24desk.ui.forms import confirm


def money(amount: Decimal, currency: str) -> str:
    return format_money(amount, currency)


def percent(text: str, field: str) -> Decimal | str:
    """A typed percentage as a fraction (empty is 0); unreadable text is kept as typed
    so the store reports it beside the line."""
    if not text:
        return Decimal(0)
    try:
        return parse_decimal(text, field) / 100
    except ValidationError:
        return text  # the store reports it beside the line


def confirm_issue(parent: QWidget) -> bool:
    """Ask before issuing: an issued invoice has its number and cannot be changed."""
    return confirm(
        parent,
        _("Issue the invoice"),
        _(
            "Once issued, the invoice gets its number and can no longer be changed; "
            "corrections need a credit note."
        ),
        _("Issue"),
    )


def placeholder_html(view: QWidget, text: str) -> str:
    """``text`` greyed as disabled text of ``view``'s palette (dark themes too)."""
    grey = view.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text).name()
    return f"<p style='color:{grey}'>{escape(text)}</p>"


def line_price(quantity: Decimal, unit_price: Decimal, discount: Decimal, currency: str) -> str:
    """"3 × $333.33 less 10%": how a line's net is made."""
    if discount:
        return _("{quantity} × {price} less {discount}").format(
            quantity=format_decimal(quantity),
            price=money(unit_price, currency),
            discount=format_percent(discount),
        )
    return _("{quantity} × {price}").format(
        quantity=format_decimal(quantity), price=money(unit_price, currency)
    )


def lines_table_html(lines: Iterable[Any], totals: InvoiceTotals, currency: str) -> str:
    """The lines of an invoice or a quote for a detail pane: each description, then
    "quantity × unit price less discount" and its net, so the nets add up to the
    subtotal."""
    head = "<tr><th align=left>{}</th><th align=right>{}</th></tr>"
    cells = (
        "<tr><td colspan=2>{}</td></tr>"
        "<tr><td style='padding-left:12px'>{}</td>"
        "<td align=right style='white-space:nowrap'>{}</td></tr>"
    )
    rows = head.format(escape(_("Description")), escape(_("Net"))) + "".join(
        cells.format(
            escape(line.description),
            escape(line_price(line.quantity, line.unit_price, line.discount, currency)),
            escape(money(net, currency)),
        )
        for line, net in zip(lines, totals.line_nets, strict=True)
    )
    return f"<table width='100%' cellspacing=2>{rows}</table>"


def sum_texts(totals: InvoiceTotals, total: Decimal, currency: str) -> list[str]:
    """Subtotal, tax per rate (rates with tax only) and total, one text each."""
    sums = [_("Subtotal: {amount}").format(amount=money(totals.net, currency))]
    sums += [
        _("Tax {rate}: {amount}").format(rate=format_percent(rate), amount=money(tax, currency))
        for rate, tax in totals.tax_by_rate.items()
        if tax
    ]
    sums.append(_("Total: {amount}").format(amount=money(total, currency)))
    return sums
