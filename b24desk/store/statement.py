"""A client's statement of account (issue #16): what is open, how it came about, and
how old it is.

The statement lists, per currency, the client's **open** invoices (issued, something
still owed) with the payments and credit notes made against them, in date order with a
running balance.  The running balance ends at what the client owes (the sum of the
open balances, :func:`~b24desk.store.invoices.balance_expression`), and the ageing
buckets (:func:`b24desk.domain.ageing.age`) split that same sum by days past due.
Invoices that are paid or credited in full are settled and not listed.  A client who
is billed in several currencies gets one section per currency: amounts in different
currencies are never added up.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from b24desk.domain.ageing import age, ageing_bucket, days_past_due
from b24desk.domain.statement import OpenInvoice, Statement, StatementEntry, StatementSection
from b24desk.i18n import _
from b24desk.store.errors import NotFoundError
from b24desk.store.invoices import balance_expression
from b24desk.store.models import Client, Invoice, Payment
from b24desk.store.parties import client_party, office_letterhead

__all__ = ["client_statement"]


_ORDER = {"invoice": 0, "credit_note": 1, "payment": 2}


def _section(currency: str, invoices: list[Invoice], today: date) -> StatementSection:
    ids = [inv.id for inv in invoices]
    payments = list(
        Payment.select().where(Payment.invoice.in_(ids)).order_by(Payment.paid_on, Payment.id)
    )
    notes = list(
        Invoice.select()
        .where(
            (Invoice.kind == "credit_note")
            & Invoice.credited_invoice.in_(ids)
            & Invoice.number.is_null(False)
        )
        .order_by(Invoice.issue_date, Invoice.id)
    )
    numbers: dict[int, str] = {inv.id: str(inv.number) for inv in invoices}
    credited: dict[int, Decimal] = {}
    for note in notes:
        target = int(note.credited_invoice_id or 0)
        credited[target] = credited.get(target, Decimal(0)) + note.total
    zero = Decimal(0) * invoices[0].total  # zero with the currency's places
    open_rows = tuple(
        OpenInvoice(
            id=inv.id,
            number=str(inv.number),
            issue_date=inv.issue_date,
            due_date=inv.due_date,
            total=inv.total,
            paid=inv.paid,
            credited=credited.get(inv.id, zero),
            balance=Invoice.total.python_value(int(getattr(inv, "owed_units", 0) or 0)),
            days_past_due=days_past_due(inv.due_date, today),
            bucket=ageing_bucket(inv.due_date, today),
        )
        for inv in invoices
    )
    moves: list[tuple[date | None, int, int, str, str, date | None, Decimal, Decimal]] = []
    for inv in invoices:
        moves.append(
            (inv.issue_date, _ORDER["invoice"], inv.id, str(inv.number), "", inv.due_date,
             inv.total, zero)
        )  # fmt: skip
    for note in notes:
        moves.append(
            (note.issue_date, _ORDER["credit_note"], note.id, str(note.number),
             numbers[int(note.credited_invoice_id or 0)], None, zero, note.total)
        )  # fmt: skip
    for pay in payments:
        moves.append(
            (pay.paid_on, _ORDER["payment"], pay.id, numbers[pay.invoice_id], pay.method,
             None, zero, pay.amount)
        )  # fmt: skip
    moves.sort(key=lambda m: (m[0] or date.min, m[1], m[2]))
    kinds = {v: k for k, v in _ORDER.items()}
    running = zero
    entries: list[StatementEntry] = []
    for day, order, _id, number, reference, due, debit, credit in moves:
        running = running + debit - credit
        entries.append(
            StatementEntry(
                day=day,
                kind=kinds[order],
                number=number,
                reference=reference,
                due_date=due,
                debit=debit,
                credit=credit,
                balance=running,
            )
        )
    balance = sum((row.balance for row in open_rows), zero)
    return StatementSection(
        currency=currency,
        open_invoices=open_rows,
        entries=tuple(entries),
        ageing=age(((row.due_date, row.balance) for row in open_rows), today),
        balance=balance,
    )


def client_statement(client_id: int, today: date, language: str | None = None) -> Statement:
    """The statement of account of ``client_id`` on ``today``, in ``language`` (default:
    the client's document language)."""
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        raise NotFoundError(_("The client no longer exists."))
    owed = balance_expression()
    invoices = list(
        Invoice.select(Invoice, owed.alias("owed_units"))
        .where(
            (Invoice.client == client_id)
            & (Invoice.kind == "invoice")
            & (Invoice.state == "issued")
            & Invoice.number.is_null(False)
            & (owed > 0)
        )
        .order_by(Invoice.issue_date, Invoice.year, Invoice.seq, Invoice.id)
    )
    by_currency: dict[str, list[Invoice]] = {}
    for inv in invoices:
        by_currency.setdefault(inv.currency, []).append(inv)
    lang = language or client.doc_language
    return Statement(
        client_id=client.id,
        client=client_party(client),
        office=office_letterhead(lang),
        language=lang,
        today=today,
        sections=tuple(
            _section(currency, by_currency[currency], today) for currency in sorted(by_currency)
        ),
    )
