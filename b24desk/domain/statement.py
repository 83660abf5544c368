"""A client's statement of account (issue #16): plain data, built by
:mod:`b24desk.store.statement` and drawn by :mod:`b24desk.pdf.statement`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from b24desk.domain.documents import Letterhead, Party

__all__ = ["OpenInvoice", "Statement", "StatementEntry", "StatementSection"]


@dataclass(frozen=True)
class OpenInvoice:
    id: int
    number: str
    issue_date: date | None
    due_date: date | None
    total: Decimal
    paid: Decimal
    credited: Decimal
    balance: Decimal  # still owed
    days_past_due: int
    bucket: str  # a key of domain.ageing.BUCKETS


@dataclass(frozen=True)
class StatementEntry:
    """One movement: an invoice (``debit``), a payment or a credit note (``credit``)."""

    day: date | None
    kind: str  # "invoice", "payment" or "credit_note"
    number: str  # the invoice's or credit note's number; a payment: its invoice's
    reference: str  # a payment's method code; a credit note: the invoice it corrects
    due_date: date | None
    debit: Decimal
    credit: Decimal
    balance: Decimal  # running, after this entry


@dataclass(frozen=True)
class StatementSection:
    currency: str
    open_invoices: tuple[OpenInvoice, ...]
    entries: tuple[StatementEntry, ...]
    ageing: dict[str, Decimal]  # bucket -> open amount, every bucket present
    balance: Decimal  # what is owed: the sum of the open balances

    @property
    def overdue(self) -> Decimal:
        """The part of :attr:`balance` past its due date."""
        return self.balance - self.ageing["current"]


@dataclass(frozen=True)
class Statement:
    client_id: int
    client: Party
    office: Letterhead
    language: str
    today: date
    sections: tuple[StatementSection, ...]  # one per currency, alphabetical

    @property
    def is_empty(self) -> bool:
        return not self.sections
