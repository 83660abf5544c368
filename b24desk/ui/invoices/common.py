"""What the Invoices tab, its editor and its dialogs share: amounts and percentages as
typed and shown, and the question asked before an invoice is issued."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QWidget

from b24desk.domain.errors import ValidationError
from b24desk.domain.validation import parse_decimal
from b24desk.i18n import _, format_money
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
