"""Invoice PDFs read back with pypdf: numbers, names, lines, tax and totals as Babel
formats them in the document's language; pages; hostile text; determinism."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from b24desk import i18n
from b24desk.domain.invoicing import InvoiceLine, invoice_totals
from b24desk.pdf.invoice import (
    DocumentLine,
    InvoiceDocument,
    Letterhead,
    Party,
    render_invoice,
    write_invoice,
)

D = Decimal
OFFICE = Letterhead(
    name="Kiwi Cloud Partners Ltd",
    address="Level 4, 110 Customs Street West\nAuckland 1010",
    country="NZ",
    tax_number="123-456-789",
    email="desk@kiwicloud.co.nz",
    phone="+64 9 379 0142",
    website="https://kiwicloud.co.nz",
    bank_details="ANZ 01-0102-0123456-00",
    refund_policy="No refunds.",
)


def document(**changes: object) -> InvoiceDocument:
    base = InvoiceDocument(
        kind="invoice",
        number="INV-2026-0007",
        issue_date=date(2026, 11, 21),
        due_date=date(2026, 12, 5),
        currency="NZD",
        language="en",
        office=OFFICE,
        client=Party(name="Kauri Dental Ltd", address="1 Queen St\nAuckland", country="NZ"),
        lines=(
            DocumentLine("Implementation, 1 hour", D(1), D("100.00"), tax_rate=D("0.15")),
            DocumentLine("Training, 1 hour", D(1), D("100.00"), tax_rate=D("0.15")),
        ),
        payment_methods=("bank_deposit", "visa"),
    )
    return replace(base, **changes)


def text_of(pdf: bytes) -> list[str]:
    """Each page's text with runs of white space (incl. Babel's NBSPs) made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"[\s\u00a0\u202f]+", " ", page.extract_text()) for page in reader.pages]


def flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def test_english_invoice_shows_number_client_lines_tax_and_total() -> None:
    doc = document()
    (page,) = text_of(render_invoice(doc))
    assert "INV-2026-0007" in page
    assert "Kauri Dental Ltd" in page
    assert "Implementation, 1 hour" in page and "Training, 1 hour" in page
    assert "$200.00" in page  # subtotal: 2 × 100.00 (en_NZ writes NZD as "$")
    assert "$30.00" in page  # GST 15 % on the net total
    assert "$230.00" in page  # total
    assert "21 Nov 2026" in page and "5 Dec 2026" in page
    assert "ANZ 01-0102-0123456-00" in page
    assert "No refunds." in page


@pytest.mark.parametrize(
    ("language", "currency", "client", "expect_money", "expect_date"),
    [
        ("es", "EUR", "Clínica Sol S.L.", "1.234,50 €", "21 nov 2026"),
        ("ru", "RUB", "ООО «Ромашка»", "1 234,50 ₽", "21 нояб. 2026"),
    ],
)
def test_document_speaks_the_clients_language_whatever_the_desk(
    language: str, currency: str, client: str, expect_money: str, expect_date: str
) -> None:
    i18n.set_language("ru" if language == "es" else "es")  # the desk speaks another
    doc = document(
        language=language,
        currency=currency,
        client=Party(name=client, country="ES" if language == "es" else "RU"),
        lines=(DocumentLine("Внедрение и обучение", D(1), D("1234.50")),),
    )
    (page,) = text_of(render_invoice(doc))
    assert client in page
    assert "Внедрение и обучение" in page  # Cyrillic is real, extractable text
    assert expect_money in page
    assert flat(i18n.format_money(D("1234.50"), currency, language)) == expect_money
    assert expect_date in page
    title = i18n.translation(language).gettext("Invoice")
    assert title != "Invoice" and title in page


def test_zero_decimal_currency_prints_no_decimals() -> None:
    doc = document(
        currency="JPY",
        lines=(DocumentLine("Consulting", D(3), D("12500"), tax_rate=D("0.1")),),
    )
    (page,) = text_of(render_invoice(doc))
    totals = invoice_totals([InvoiceLine("Consulting", D(3), D("12500"), D(0), D("0.1"))], "JPY")
    assert totals.total == D("41250")
    assert flat(i18n.format_money(totals.total, "JPY", "en")) in page
    assert "41,250.00" not in page and "JP¥41,250" in page


def test_sixty_lines_flow_onto_pages_with_header_and_numbers() -> None:
    lines = tuple(
        DocumentLine(f"Service line number {n:02d}", D(1), D("10.00"), tax_rate=D("0.15"))
        for n in range(1, 61)
    )
    pages = text_of(render_invoice(document(lines=lines)))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in page
        assert "Description" in page  # the table header repeats on every page
    everything = " ".join(pages)
    for n in range(1, 61):
        assert f"Service line number {n:02d}" in everything
    assert "$690.00" in pages[-1]  # 60 × 10.00 + 15 % GST, on the last page


def test_hostile_text_renders_literally() -> None:
    hostile = (
        'A <b>bold</b> & "quoted" <script>alert(1)</script> line',
        "x" * 300,
        "Emoji 🚀 and a tab\tin it",
    )
    doc = document(
        client=Party(name='Ñandú & <Sons> "Ltd"'),
        lines=tuple(DocumentLine(text, D(1), D("1.00")) for text in hostile),
        notes="<i>Pay</i> & thanks",
    )
    pdf = render_invoice(doc)
    text = " ".join(text_of(pdf))
    assert "<b>bold</b>" in text
    assert "<script>alert(1)</script>" in text
    assert 'Ñandú & <Sons> "Ltd"' in text
    assert "x" * 40 in text.replace(" ", "")  # the long word printed (wrapped, not lost)


def test_same_document_same_bytes(tmp_path) -> None:
    doc = document()
    first = render_invoice(doc)
    assert render_invoice(doc) == first
    path = write_invoice(doc, tmp_path / "out" / "INV-2026-0007.pdf")
    assert path.read_bytes() == first


def test_draft_and_credit_note() -> None:
    draft = text_of(render_invoice(document(number=None, issue_date=None, due_date=None)))[0]
    assert "Draft" in draft
    note = text_of(
        render_invoice(
            document(kind="credit_note", number="CN-2026-0001", credited_number="INV-2026-0007")
        )
    )[0]
    assert "Credit note" in note
    assert "CN-2026-0001" in note and "INV-2026-0007" in note
