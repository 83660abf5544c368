"""The invoice editor prices lines from the price list in force on the draft's own
day, at what the client is offered (issue #17.1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import peewee
import pytest

from b24desk.store import invoices as store
from b24desk.store import models as m
from b24desk.store import price_editing as prices
from b24desk.store.lookup import price_choices
from b24desk.store.pricelist import seed_price_list
from b24desk.ui.context import DeskContext
from b24desk.ui.invoices.editor import COL_PRICE, COL_REASON, InvoiceEditor

D = Decimal


@pytest.fixture
def kauri(db: peewee.Database) -> m.Client:
    seed_price_list()
    return m.Client.create(company="Kauri Dental Ltd", country="NZ", currency="NZD")


def test_a_service_line_at_the_clients_price_with_its_reason(
    qtbot, ctx: DeskContext, kauri: m.Client
) -> None:
    today = ctx.clock.today()
    training = m.Plan.get(m.Plan.code == "svc_training")
    prices.set_client_price(kauri.id, training.id, "NZD", "70", "Vendor deal #42", today)
    editor = InvoiceEditor(ctx, client_id=kauri.id)
    qtbot.addWidget(editor)
    (item,) = [c for c in price_choices("NZD", ("service",), today) if c.code == "svc_training"]
    row = editor.add_service_line(item)
    assert editor.lines.item(row, COL_PRICE).text() == "70.00"
    assert editor.lines.item(row, COL_REASON).text() == "Vendor deal #42"
    assert editor.try_save(issue=False)  # the reason satisfies the rule: saved


def test_an_open_draft_keeps_the_prices_of_its_day(
    qtbot, ctx: DeskContext, kauri: m.Client
) -> None:
    """issue #17: "a price change with an effective date leaves an earlier draft
    unchanged" - also when the draft is opened and saved again after the change."""
    today = ctx.clock.today()
    standard = m.Plan.get(m.Plan.code == "standard")
    (choice,) = [c for c in price_choices("NZD", ("cloud",), today) if c.code == "standard"]
    draft = store.create_draft(kauri.id, [store.plan_line(kauri.id, choice, 1, today)],
                               today=today)
    made = datetime.combine(today, datetime.min.time(), tzinfo=UTC) - timedelta(days=2)
    m.Invoice.update(created_at=made).where(m.Invoice.id == draft.id).execute()
    prices.set_price(standard.id, "NZD", "120", None, None, today, today)  # from today
    editor = InvoiceEditor(ctx, invoice_id=draft.id)
    qtbot.addWidget(editor)
    assert editor._price_day() < today
    editor.add_plan_line(choice, 1)  # another month, at the price of the draft's day
    assert editor.lines.item(1, COL_PRICE).text() == "99.00"
    assert editor.try_save(issue=False)  # no reason asked: 99 was the list price then
    assert [line.unit_price for line in store.invoice_lines(draft.id)] == [D("99"), D("99")]
