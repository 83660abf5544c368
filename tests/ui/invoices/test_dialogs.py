"""The payment dialog: the methods 000 allows and the balance after credit notes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from b24desk.store import invoices as store
from b24desk.store import models as m
from b24desk.ui.context import DeskContext
from b24desk.ui.invoices.dialogs import PaymentDialog


def _plan_invoice(ctx: DeskContext, client: m.Client, code: str, term: int) -> m.Invoice:
    plan = m.Plan.get(m.Plan.code == code)
    price = store.list_price(plan.id, client.currency, term, ctx.clock.today())
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
    dialog = PaymentDialog(ctx, invoice.id)
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
    dialog = PaymentDialog(ctx, invoice.id)
    qtbot.addWidget(dialog)
    assert dialog.balance_label.text() == "Balance: $42.50"
    assert dialog.amount.text() == "42.50"
