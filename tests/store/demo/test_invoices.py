"""The demo office's invoices, credit notes and payments."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import peewee

from b24desk.domain.invoicing import InvoiceLine, invoice_totals
from b24desk.domain.pricing import PLAN_ONLY_METHODS
from b24desk.store import models as m
from b24desk.store.demo.builder import generate_demo
from b24desk.store.invoices import payment_methods_for

#: The day the demo office is generated on (the ``demo`` fixture reads it).
TODAY = date(2026, 11, 20)


def test_invoices_in_every_state_and_several_currencies(demo: dict[str, int]) -> None:
    invoices = list(m.Invoice.select())
    assert len({i.currency for i in invoices}) >= 3
    assert {"draft", "issued", "credited"} <= {i.state for i in invoices}
    issued = [i for i in invoices if i.kind == "invoice" and i.state == "issued"]
    assert any(i.paid == i.total for i in issued)  # paid
    assert any(0 < i.paid < i.total for i in issued)  # partly paid
    assert any(i.paid < i.total and i.due_date < TODAY for i in issued)  # overdue
    assert any(i.paid == 0 and i.due_date >= TODAY for i in issued)  # not yet due
    for i in invoices:
        assert (i.currency, i.language) == (i.client.currency, i.client.doc_language)
        if i.state == "draft":
            assert i.number is None and i.year is None and i.seq is None
            assert i.issue_date is None and i.paid == 0
        else:
            assert i.issue_date <= TODAY
        if i.kind == "invoice" and i.issue_date is not None:
            assert i.due_date == i.issue_date + timedelta(days=14)
    notes = [i for i in invoices if i.kind == "credit_note"]
    assert notes
    for note in notes:
        credited = note.credited_invoice
        assert credited is not None and credited.kind == "invoice"
        assert credited.state == "credited"
        assert note.client_id == credited.client_id and note.total == credited.total
        assert note.issue_date >= credited.issue_date and note.state == "issued"
        assert note.number.startswith("CN-")
    assert {i.id for i in invoices if i.state == "credited"} == {
        n.credited_invoice_id for n in notes
    }


def test_invoice_numbers_are_gap_free_per_kind_and_year(demo: dict[str, int]) -> None:
    prefixes = {"invoice": "INV", "credit_note": "CN"}
    groups: dict[tuple[str, int], list[m.Invoice]] = defaultdict(list)
    for i in m.Invoice.select().where(m.Invoice.number.is_null(False)):
        assert i.year == i.issue_date.year
        assert i.number == f"{prefixes[i.kind]}-{i.year}-{i.seq:04d}"
        groups[(i.kind, i.year)].append(i)
    assert len({year for _kind, year in groups}) >= 2
    sequences = {(s.kind, s.year): s.last_seq for s in m.InvoiceSequence.select()}
    assert set(sequences) == set(groups)
    for key, members in groups.items():
        members.sort(key=lambda i: i.seq)
        assert [i.seq for i in members] == list(range(1, len(members) + 1)), key
        dates = [i.issue_date for i in members]
        assert dates == sorted(dates), key  # numbered in order of issue
        assert sequences[key] == len(members)


def test_invoice_totals_and_payments_add_up(demo: dict[str, int]) -> None:
    payments: dict[int, list[m.Payment]] = defaultdict(list)
    for p in m.Payment.select():
        payments[p.invoice_id].append(p)
    methods = set()
    for invoice in m.Invoice.select():
        lines = list(invoice.lines.order_by(m.InvoiceLine.position))
        assert 1 <= len(lines) <= 4
        nz = invoice.client.country == "NZ"
        for line in lines:
            assert line.tax_rate == (Decimal("0.15") if nz else 0)
            assert line.discount in {0, Decimal("0.05"), Decimal("0.10"), Decimal("0.15")}
            assert bool(line.discount_reason) == (line.discount > 0)
            assert line.unit_price > 0 and line.quantity > 0
            term = getattr(line, "term_months", None)  # a column being added to the schema
            if term is not None and line.subscription_id and line.subscription.kind == "cloud":
                assert term == line.subscription.term_months == line.quantity
        totals = invoice_totals(
            [
                InvoiceLine(ln.description, ln.quantity, ln.unit_price, ln.discount, ln.tax_rate)
                for ln in lines
            ],
            invoice.currency,
        )
        assert (invoice.net, invoice.tax, invoice.total) == (
            totals.net,
            totals.tax,
            totals.total,
        ), invoice.id
        paid = sum((p.amount for p in payments[invoice.id]), Decimal(0))
        assert invoice.paid == paid
        assert paid <= invoice.total
        for p in payments[invoice.id]:
            assert invoice.issue_date <= p.paid_on <= TODAY and p.reference
            methods.add(p.method)
    assert len(methods) >= 3 and methods <= set(m.PAYMENT_METHODS)


def test_every_payment_is_made_with_a_method_the_rule_allows(demo: dict[str, int]) -> None:
    """000: "For PayPal and wire payments (available for 6- or 12-month for Standard
    and Professional plans only)": the demo office pays as the desk lets anyone pay."""
    payments = list(m.Payment.select())
    assert payments
    for p in payments:
        assert p.method in payment_methods_for(p.invoice_id), (p.invoice_id, p.method)
    # Both sides of the rule: PayPal or wire for invoices of such plans only, and the
    # clients abroad who would have wired an other invoice paid it by bank deposit.
    plan_only = [p for p in payments if p.method in PLAN_ONLY_METHODS]
    assert plan_only
    for p in plan_only:
        for line in p.invoice.lines:
            assert line.plan.code in ("standard", "professional") and line.term_months in (6, 12)
    assert any(
        p.method == "bank_deposit"
        and p.invoice.client.country != "NZ"
        and "wire" not in payment_methods_for(p.invoice_id)
        for p in payments
    )


def test_invoices_are_due_after_the_office_payment_terms(db: peewee.Database) -> None:
    """The due date is the office's setting (30 days here), as when the desk issues."""
    m.Office.update(invoice_due_days=30).where(m.Office.id == 1).execute()
    generate_demo("small", seed=1, today=TODAY)
    assert m.Office.get_by_id(1).invoice_due_days == 30
    issued = list(
        m.Invoice.select().where(m.Invoice.kind == "invoice", m.Invoice.issue_date.is_null(False))
    )
    assert issued
    for i in issued:
        assert i.due_date == i.issue_date + timedelta(days=30), i.number
    # Still invoices on each side of the due date: overdue and not yet due.
    open_ = [i for i in issued if i.state == "issued" and i.paid < i.total]
    assert any(i.due_date < TODAY for i in open_)
    assert any(i.due_date >= TODAY and TODAY - i.issue_date > timedelta(days=14) for i in open_)
