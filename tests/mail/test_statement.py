"""The statement of account (#16 item 3): open invoices, payments, credit notes, a
running balance and the ageing buckets, in the client's language, read back from the PDF."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal

import peewee
import pytest
from pypdf import PdfReader

from b24desk import i18n
from b24desk.pdf.statement import statement_pdf
from b24desk.store import invoices as inv
from b24desk.store.statement import client_statement
from tests.mail.helpers import TODAY, D, issued, line, make_client

#: The days past due of the hand-made invoices: both sides of every bucket boundary.
AGES = (0, 1, 30, 31, 60, 61, 90, 91)


def flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def pdf_text(pdf: bytes) -> str:
    return " ".join(flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages)


def money(amount: Decimal, lang: str, currency: str = "EUR") -> str:
    return flat(i18n.format_money(amount, currency, lang))


def _book(language: str = "es") -> dict[str, object]:
    """Eight invoices of 100, 200 … 800 € due 0, 1, 30, 31, 60, 61, 90, 91 days ago; the
    one due 31 days ago half paid, the one due 61 days ago credited 50 €, one paid in
    full (settled: not on the statement)."""
    client = make_client(language=language)
    invoices = {
        age: issued(client, f"{100 * (i + 1)}.00", age) for i, age in enumerate(AGES)
    }
    inv.record_payment(invoices[31].id, TODAY - timedelta(days=10), D("150.00"), "bank_deposit")
    note = inv.credit_invoice(invoices[61].id, TODAY - timedelta(days=5), "Descuento",
                              [line("50.00")])  # fmt: skip
    paid = issued(client, "999.00", 3)
    inv.record_payment(paid.id, TODAY, D("999.00"), "visa")
    return {"client": client, "invoices": invoices, "note": note, "paid": paid}


def test_open_items_running_balance_and_buckets(db: peewee.Database) -> None:
    book = _book()
    statement = client_statement(book["client"].id, TODAY)  # type: ignore[attr-defined]
    (section,) = statement.sections
    assert section.currency == "EUR"
    owed = {row.number: row.balance for row in section.open_invoices}
    invoices = book["invoices"]
    assert book["paid"].number not in owed  # type: ignore[attr-defined]
    assert owed[invoices[31].number] == D("250.00")  # type: ignore[index]  # 400 - 150
    assert owed[invoices[61].number] == D("550.00")  # type: ignore[index]  # 600 - 50
    assert section.balance == sum(owed.values()) == D("3400.00")
    assert section.ageing == {
        "current": D("100.00"),  # due today
        "1_30": D("500.00"),  # 1 and 30 days: 200 + 300
        "31_60": D("750.00"),  # 31 and 60: 250 + 500
        "61_90": D("1250.00"),  # 61 and 90: 550 + 700
        "90_plus": D("800.00"),  # 91
    }
    assert sum(section.ageing.values()) == section.balance
    assert section.overdue == D("3300.00")
    # The running balance ends at what is owed; the payment and the credit note are in it.
    assert section.entries[-1].balance == section.balance
    kinds = [entry.kind for entry in section.entries]
    assert kinds.count("invoice") == 8 and kinds.count("payment") == 1
    assert kinds.count("credit_note") == 1
    days = [entry.day for entry in section.entries]
    assert days == sorted(days)


def test_several_currencies_are_never_added_up(db: peewee.Database) -> None:
    client = make_client(language="en")
    issued(client, "100.00", 3)
    client.currency = "USD"
    client.save()
    issued(client, "40.00", 40)
    statement = client_statement(client.id, TODAY)
    assert [(s.currency, s.balance) for s in statement.sections] == [
        ("EUR", D("100.00")), ("USD", D("40.00")),
    ]  # fmt: skip
    text = pdf_text(statement_pdf(client.id, TODAY))
    assert "Amounts in EUR" in text and "Amounts in USD" in text


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_the_pdf_shows_every_open_invoice_payment_and_bucket_total(
    db: peewee.Database, lang: str
) -> None:
    book = _book(language=lang)
    text = pdf_text(statement_pdf(book["client"].id, TODAY))  # type: ignore[attr-defined]
    catalog = i18n.translation(lang)
    for label in ("Statement of account", "Over 90 days", "Balance due", "Open invoices"):
        assert flat(catalog.gettext(label)) in text, label
    for age, invoice in book["invoices"].items():  # type: ignore[attr-defined]
        assert invoice.number in text, age
    assert book["paid"].number not in text  # type: ignore[attr-defined]
    assert book["note"].number in text  # type: ignore[attr-defined]
    for amount in ("3400.00", "100.00", "500.00", "750.00", "1250.00", "800.00", "150.00"):
        assert money(D(amount), lang) in text, amount
    assert flat(i18n.format_date(TODAY, lang)) in text
    assert "Zenit Logística SL" in text


def test_a_client_who_owes_nothing_gets_an_empty_statement(db: peewee.Database) -> None:
    client = make_client(language="ru")
    statement = client_statement(client.id, TODAY)
    assert statement.is_empty
    text = pdf_text(statement_pdf(client.id, TODAY))
    assert flat(i18n.translation("ru").gettext("There are no open invoices.")) in text
    assert "Zenit" in text
