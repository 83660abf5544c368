"""What an invoice PDF says of itself (#15.5): an overdue one says so and never asks
for payment "by" a past date; a paid one carries PAID with the date."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from b24desk.pdf import DocumentLine, InvoiceDocument, Letterhead, Party, render_invoice

D = Decimal
DUE = date(2026, 12, 5)
OFFICE = Letterhead(
    name="Kiwi Cloud Partners Ltd",
    address="Auckland",
    country="NZ",
    tax_number="",
    email="",
    phone="",
    website="",
    bank_details="ANZ 01-0102-0123456-00",
    refund_policy="",
)
CLIENT = Party(name="Kauri Dental Ltd", country="NZ")
LINE = (DocumentLine("Bitrix24 Standard, 12 months", D(1), D("100.00")),)


def document(**changes: object) -> InvoiceDocument:
    base = InvoiceDocument(
        kind="invoice",
        number="INV-2026-0042",
        issue_date=date(2026, 11, 21),
        due_date=DUE,
        currency="NZD",
        language="en",
        office=OFFICE,
        client=CLIENT,
        lines=LINE,
        payment_methods=("bank_deposit",),
    )
    return replace(base, **changes)


def text_of(doc: InvoiceDocument) -> str:
    pages = PdfReader(io.BytesIO(render_invoice(doc))).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages).replace("\xa0", " ")


def test_on_its_due_date_an_invoice_asks_for_payment_by_that_date() -> None:
    text = text_of(document(as_of=DUE))
    assert "Please pay $100.00 by 5 Dec 2026." in text
    assert "overdue" not in text.lower()


def test_the_day_after_it_says_overdue_and_asks_for_payment_now() -> None:
    text = text_of(document(as_of=date(2026, 12, 6), paid=D("40.00")))
    assert "Amount overdue" in text and "Was due on 5 Dec 2026" in text
    assert "This invoice is overdue: $60.00 was due on 5 Dec 2026. Please pay it now." in text
    assert "by 5 Dec 2026" not in text  # never "pay by" a day that has passed


def test_without_a_day_given_nothing_is_said_about_lateness() -> None:
    assert "overdue" not in text_of(document()).lower()


def test_a_paid_invoice_carries_paid_with_the_date() -> None:
    text = text_of(document(paid=D("100.00"), paid_on=date(2026, 11, 30), as_of=date(2027, 1, 9)))
    assert "PAID" in text and "Paid on 30 Nov 2026" in text
    assert "Paid in full on 30 Nov 2026. Thank you." in text
    assert "overdue" not in text.lower() and "Please pay" not in text


@pytest.mark.parametrize(
    ("language", "paid_words", "late_words"),
    [
        ("es", "PAGADA", "vencida"),
        ("ru", "ОПЛАЧЕН", "просрочен"),
    ],
)
def test_the_marks_are_in_the_document_language(
    language: str, paid_words: str, late_words: str
) -> None:
    paid = text_of(document(language=language, paid=D("100.00"), paid_on=date(2026, 11, 30)))
    late = text_of(document(language=language, as_of=date(2026, 12, 6)))
    assert paid_words in paid
    assert late_words in late.lower()
    assert ".." not in paid.replace("...", "") and ".." not in late.replace("...", "")


def test_a_credit_note_or_draft_is_never_marked() -> None:
    draft = text_of(document(number=None, as_of=date(2027, 1, 1)))
    assert "overdue" not in draft.lower() and "PAID" not in draft


# -- a client abroad: no local methods, the bank's international codes (#15.5) ----------

BANKED = replace(OFFICE, iban="DE89370400440532013000", swift="ANZBNZ22")
METHODS = ("bank_deposit", "eftpos", "visa")


def test_a_client_abroad_gets_iban_and_swift_and_no_local_methods() -> None:
    abroad = replace(CLIENT, country="AU")
    text = text_of(document(office=BANKED, client=abroad, payment_methods=METHODS))
    assert "IBAN: DE89370400440532013000" in text and "SWIFT/BIC: ANZBNZ22" in text
    assert "Accepted payment methods: Visa." in text
    assert "Eftpos" not in text and "Bank deposit" not in text


def test_a_client_at_home_gets_the_local_methods_and_no_codes() -> None:
    text = text_of(document(office=BANKED, payment_methods=METHODS))
    assert "Accepted payment methods: Bank deposit, Eftpos, Visa." in text
    assert "IBAN" not in text and "SWIFT" not in text
