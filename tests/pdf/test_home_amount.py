"""The total in the home currency on an invoice in another currency (issue #17.4,
Office.print_home_amount): "where a client's tax law needs the home-currency amount
printed, a setting prints it with the rate and its date" — read back with pypdf in
English, Spanish and Russian; nothing when the setting is off or no rate is known."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import peewee
import pytest
from pypdf import PdfReader

from b24desk.domain.currency import RateUsed
from b24desk.pdf.invoice import render_invoice
from b24desk.store import invoices as inv
from b24desk.store import models as m
from b24desk.store import rates
from tests.pdf.test_invoice import document

D = Decimal
DEC3 = date(2026, 12, 3)


def text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(re.sub(r"[\s\u00a0\u202f]+", " ", p.extract_text()) for p in reader.pages)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Total in NZD: $380.49 at 1 USD = 1.6543 NZD (rate of 3 Dec 2026)"),
        ("es", "1,6543 NZD"),
        ("ru", "1,6543 NZD"),
    ],
)
def test_printed_in_the_documents_language(lang: str, expected: str) -> None:
    used = RateUsed("USD", "NZD", D("1.6543"), DEC3)
    # 200.00 net + 15 % tax = 230.00 USD; × 1.6543 = 380.489 → 380.49 NZD
    pdf = render_invoice(document(currency="USD", language=lang, home_rate=used))
    page = text(pdf)
    assert expected in page
    if lang == "es":
        assert "380,49" in page and "3 dic 2026" in page
    if lang == "ru":
        assert "380,49" in page and "3 дек. 2026" in page


def test_nothing_without_a_rate() -> None:
    page = text(render_invoice(document(currency="USD")))
    assert "Total in" not in page and "NZD" not in page.split("Total")[-1][:40]


def _client_invoice(currency: str) -> m.Invoice:
    client = m.Client.create(company="Acme Inc", currency=currency, doc_language="en", country="US")
    draft = inv.create_draft(client.id, [inv.LineInput("Setup", unit_price=D("100.00"))])
    return inv.issue_invoice(draft.id, DEC3, draft.version)


def test_the_store_passes_the_rate_of_the_issue_date(db: peewee.Database) -> None:
    rates.set_rate(date(2026, 12, 1), "USD", "1.65")
    rates.set_rate(date(2026, 12, 4), "USD", "1.70")  # after the issue date: not used
    issued = _client_invoice("USD")
    assert inv.invoice_document(issued.id).home_rate is None  # the setting is off
    m.Office.update(print_home_amount=True).execute()
    used = inv.invoice_document(issued.id).home_rate
    assert used is not None and (used.rate, used.day) == (D("1.65"), date(2026, 12, 1))
    page = text(render_invoice(inv.invoice_document(issued.id)))
    assert "Total in NZD: $165.00 at 1 USD = 1.6500 NZD (rate of 1 Dec 2026)" in page


def test_no_rate_known_or_home_currency_prints_nothing(db: peewee.Database) -> None:
    m.Office.update(print_home_amount=True).execute()
    issued = _client_invoice("USD")
    assert inv.invoice_document(issued.id).home_rate is None  # no rate: no crash, no line
    assert "Total in" not in text(render_invoice(inv.invoice_document(issued.id)))
    rates.set_rate(date(2026, 12, 1), "USD", "1.65")
    home = _client_invoice("NZD")
    assert inv.invoice_document(home.id).home_rate is None
