"""The quote PDF (issue #17.2: "a PDF in the client's language"), read back with pypdf:
number, date, validity, lines, subtotal, tax per rate and total, in en, es and ru
(Cyrillic prints), and nothing about paying."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from b24desk.domain.documents import DocumentLine, Letterhead, Party
from b24desk.domain.quotes import QuoteDocument
from b24desk.i18n import format_date, format_money, translation
from b24desk.pdf.quote import render_quote

D = Decimal
OFFICE = Letterhead(
    name="Kiwi Cloud Partners Ltd",
    address="Level 4, 110 Customs Street West\nAuckland 1010",
    country="NZ",
    tax_number="123-456-789",
    email="desk@kiwicloud.co.nz",
    phone="+64 9 379 0142",
    website="kiwicloud.co.nz",
    bank_details="ANZ Bank New Zealand\nAccount 01-0102-0123456-00",
    refund_policy="No refunds once a subscription is activated.",
)


def quote(language: str, client: str = "Kauri Dental Ltd") -> QuoteDocument:
    return QuoteDocument(
        number="QUO-2026-0007",
        issue_date=date(2026, 11, 20),
        valid_until=date(2026, 12, 20),
        currency="NZD",
        language=language,
        office=OFFICE,
        client=Party(name=client, contact="", address="1 Queen St", country="NZ"),
        lines=(
            DocumentLine("Bitrix24 Professional, 12 months", D(1), D(1234), D("0.1"), D("0.15")),
            DocumentLine("Внедрение, 2 часа", D(2), D("50.00"), tax_rate=D("0.15")),
            DocumentLine("Exported service", D(1), D("40.00")),  # zero-rated
        ),
        notes="Prices held for the pilot.",
    )


def plain(text: str) -> str:
    """Babel's no-break spaces as the plain spaces pypdf reads back."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def text_of(pdf: bytes) -> str:
    return plain("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


@pytest.mark.parametrize("language", ["en", "es", "ru"])
def test_the_quote_prints_its_figures_in_the_client_s_language(language: str) -> None:
    text = text_of(render_quote(quote(language, client="ООО «Ромашка»")))
    gettext = translation(language).gettext
    assert "QUO-2026-0007" in text
    assert "ООО «Ромашка»" in text and "Внедрение, 2 часа" in text  # Cyrillic prints
    assert plain(format_date(date(2026, 11, 20), language)) in text
    assert plain(format_date(date(2026, 12, 20), language)) in text  # valid until
    # 1 110.60 + 100.00 at 15 % (tax 181.59) + 40.00 at 0 %: total 1 432.19
    for amount in ("1110.60", "1250.60", "181.59", "1432.19"):
        assert plain(format_money(D(amount), "NZD", language)) in text, amount
    for label in ("Subtotal", "Description", "Number"):
        assert gettext(label) in text
    assert "Prices held for the pilot." in text
    for paying in ("Amount due", "Amount paid", "PAID", "How to pay", "ANZ Bank"):
        assert gettext(paying) not in text, paying


def test_the_quote_names_itself_and_its_validity() -> None:
    text = text_of(render_quote(quote("en")))
    assert "Quote" in text and "Valid until" in text and "Quote for" in text
    assert "Invoice" not in text and "Bill to" not in text


def test_the_same_quote_gives_the_same_bytes() -> None:
    assert render_quote(quote("es")) == render_quote(quote("es"))
