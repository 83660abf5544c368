"""What an invoice or credit note shows (domain.md §6–7): the input of the PDF.

Plain data, built by the store from the database and drawn by :mod:`b24desk.pdf`;
neither the store nor anything else needs the PDF code to speak about a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from b24desk.domain.currency import RateUsed
from b24desk.domain.invoicing import invoice_balance, invoice_status

__all__ = ["DocumentLine", "InvoiceDocument", "Letterhead", "Party"]


@dataclass(frozen=True)
class Letterhead:
    """The office (domain.md §7) as printed at the top and bottom of its documents."""

    name: str
    address: str
    country: str
    tax_number: str
    email: str
    phone: str
    website: str
    bank_details: str
    refund_policy: str
    logo_path: str = ""
    iban: str = ""  # printed for clients abroad, with the SWIFT/BIC code
    swift: str = ""


@dataclass(frozen=True)
class Party:
    """The client a document is addressed to."""

    name: str
    contact: str = ""
    address: str = ""
    country: str = ""
    tax_id: str = ""
    email: str = ""
    portal_url: str = ""


@dataclass(frozen=True)
class DocumentLine:
    """One printed line; ``discount`` and ``tax_rate`` are fractions (0.15 is 15 %).

    ``plan_code`` and ``term_months`` say which plan a line sells (``None`` for a
    service): the payment methods offered depend on them (000).
    """

    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal = Decimal(0)
    tax_rate: Decimal = Decimal(0)
    plan_code: str | None = None
    term_months: int | None = None


@dataclass(frozen=True)
class InvoiceDocument:
    """Everything an invoice or credit note PDF shows.

    ``number`` is ``None`` for a draft (titled "Draft invoice", with a watermark).
    ``language`` is the client's document language (en/es/ru).  ``paid`` is the sum
    of the payments, ``credited`` the sum of the credit notes issued against the
    invoice; what is still owed follows from :func:`invoice_balance`.
    """

    kind: str  # "invoice" or "credit_note"
    number: str | None
    issue_date: date | None
    due_date: date | None
    currency: str
    language: str
    office: Letterhead
    client: Party
    lines: tuple[DocumentLine, ...]
    paid: Decimal = Decimal(0)
    payment_methods: tuple[str, ...] = ()  # keys of the payment methods (domain.md §6)
    notes: str = ""
    credited_number: str | None = None  # a credit note: the invoice it corrects
    credited: Decimal = Decimal(0)  # an invoice: the credit notes against it
    as_of: date | None = None  # the day it is printed: None says nothing about lateness
    paid_on: date | None = None  # the day of the last payment received
    # The rate to the home currency printed under the total (Office.print_home_amount):
    # one ``source`` (the invoice's currency) is ``rate`` ``target`` as of ``day``.
    home_rate: RateUsed | None = None

    def balance(self, total: Decimal) -> Decimal:
        """What the client still owes of an invoice whose total is ``total``."""
        return invoice_balance(total, self.paid, self.credited)

    def status(self, total: Decimal) -> str:
        """What the document says of itself: "paid" (nothing owed of a positive
        total), "overdue" (owed past the due date, as of :attr:`as_of`), else "open"
        (a draft, a credit note, an invoice not yet due)."""
        if self.number is None or self.kind != "invoice":
            return "open"
        owed = self.balance(total)
        if total > 0 and owed <= 0:
            return "paid"
        if self.as_of is None:
            return "open"
        state = invoice_status(
            self.kind, "issued", owed, self.paid, self.due_date, self.as_of
        )
        return "overdue" if state == "overdue" else "open"
