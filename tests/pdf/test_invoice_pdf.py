"""Invoice PDFs beyond the basics of test_invoice.py: tax per rate, payments, credit
notes, drafts, logo, fonts and metadata, very long text, determinism across
processes and the atomic write."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from pypdf import PdfReader

from b24desk import i18n
from b24desk.domain.errors import ValidationError
from b24desk.domain.invoicing import InvoiceLine, invoice_totals
from b24desk.pdf import (
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
    website="kiwicloud.co.nz",
    bank_details="ANZ Bank New Zealand\nAccount 01-0102-0123456-00",
    refund_policy="No refunds once a subscription is activated.",
)
CLIENT = Party(
    name="Kauri Dental Ltd",
    contact="Aroha Ngata",
    address="1 Queen St\nAuckland",
    country="NZ",
    tax_id="987-654-321",
    email="accounts@kauri.example",
    portal_url="kauri.bitrix24.com",
)
LINES = (
    DocumentLine("Bitrix24 Professional, 12 months", D(1), D("100.00"), tax_rate=D("0.15")),
    DocumentLine("Workflow automation", D(2), D("50.00"), D("0.10"), D("0.15")),
    DocumentLine("Exported service", D(1), D("40.00")),  # zero-rated
)


def document(**changes: object) -> InvoiceDocument:
    base = InvoiceDocument(
        kind="invoice",
        number="INV-2026-0042",
        issue_date=date(2026, 11, 21),
        due_date=date(2026, 12, 5),
        currency="NZD",
        language="en",
        office=OFFICE,
        client=CLIENT,
        lines=LINES,
        payment_methods=("bank_deposit", "eftpos", "paypal"),
    )
    return replace(base, **changes)


def flat(text: str) -> str:
    """Runs of white space (Babel's no-break spaces included) as one space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def pages_of(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def all_text(pdf: bytes) -> str:
    return " ".join(pages_of(pdf))


def money(amount: Decimal, currency: str = "NZD", lang: str = "en") -> str:
    return flat(i18n.format_money(amount, currency, lang))


# --------------------------------------------------------------------------- totals


def test_tax_per_rate_subtotal_total_paid_and_due() -> None:
    doc = document(paid=D("50.00"))
    text = all_text(render_invoice(doc))
    # By hand: 100.00 + 2 × 50.00 × 0.9 = 190.00 at 15 % (GST 28.50), 40.00 at 0 %.
    assert "$230.00" in text  # subtotal
    assert "GST 0% $0.00" in text
    assert "GST 15% $28.50" in text
    assert "Total $258.50" in text
    assert "Amount paid $50.00" in text
    assert "Amount due $208.50" in text
    assert "$90.00" in text  # the discounted line's net
    totals = invoice_totals(
        [
            InvoiceLine(x.description, x.quantity, x.unit_price, x.discount, x.tax_rate)
            for x in LINES
        ],
        "NZD",
    )
    for amount in (totals.net, totals.tax, totals.total, *totals.line_nets):
        assert money(amount) in text


def test_office_outside_gst_countries_prints_tax() -> None:
    office = replace(OFFICE, country="ES")
    text = all_text(render_invoice(document(office=office)))
    assert "Tax 15% $28.50" in text
    assert "Tax number: 123-456-789" in text
    assert "GST" not in text


def test_letterhead_client_and_payment_instructions() -> None:
    text = all_text(render_invoice(document()))
    for expected in (
        "Kiwi Cloud Partners Ltd",
        "Level 4, 110 Customs Street West",
        "New Zealand",
        "GST number: 123-456-789",
        "desk@kiwicloud.co.nz",
        "Bill to",
        "Aroha Ngata",
        "Tax ID: 987-654-321",
        "accounts@kauri.example",
        "Portal: kauri.bitrix24.com",
        "Issue date 21 Nov 2026",
        "Due date 5 Dec 2026",
        "Please pay $258.50 by 5 Dec 2026.",
        "Please quote INV-2026-0042 as the payment reference.",
        "Accepted payment methods: Bank deposit, Eftpos.",  # PayPal: plans only (000)
        "Account 01-0102-0123456-00",
        "Refund policy: No refunds once a subscription is activated.",
    ):
        assert expected in text, expected


def test_paid_in_full_needs_no_payment_instructions() -> None:
    text = all_text(render_invoice(document(paid=D("258.50"))))
    assert "Paid in full. Thank you." in text
    assert "Amount due $0.00" in text
    assert "Please pay" not in text


def test_unit_price_finer_than_a_cent_keeps_its_digits() -> None:
    doc = document(lines=(DocumentLine("SMS pack", D(1000), D("0.125")),))
    text = all_text(render_invoice(doc))
    assert "$0.125" in text
    assert "$125.00" in text


# --------------------------------------------------------------------------- kinds


def test_credit_note_points_to_its_invoice_and_asks_no_payment() -> None:
    doc = document(kind="credit_note", number="CN-2026-0003", credited_number="INV-2026-0042")
    text = all_text(render_invoice(doc))
    assert "Credit note" in text
    assert "Credit note for invoice INV-2026-0042" in text
    assert "Credit to" in text
    assert "Total credit $258.50" in text
    assert "Amount due" not in text and "Please pay" not in text
    meta = PdfReader(io.BytesIO(render_invoice(doc))).metadata
    assert meta is not None and meta.title == "CN-2026-0003"


def test_draft_is_titled_and_watermarked_on_every_page() -> None:
    lines = tuple(DocumentLine(f"Line {n}", D(1), D(1)) for n in range(70))
    pages = pages_of(render_invoice(document(number=None, issue_date=None, lines=lines)))
    assert len(pages) >= 2
    assert "Draft invoice" in pages[0]
    assert all("DRAFT" in page for page in pages)
    assert "payment reference" not in " ".join(pages)  # no number to quote yet


def test_unknown_kind_and_invalid_line_are_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        render_invoice(document(kind="receipt"))
    with pytest.raises(ValidationError):
        render_invoice(document(lines=(DocumentLine("Nothing", D(0), D(1)),)))


# --------------------------------------------------------------------------- languages


def test_russian_document_translates_labels_and_methods_and_keeps_one_full_stop() -> None:
    i18n.set_language("es")  # the desk speaks Spanish; the client reads Russian
    gettext = i18n.translation("ru").gettext
    lines = tuple(
        DocumentLine(f"Внедрение CRM, этап {n}", D(1), D("1234.50"), tax_rate=D("0.2"))
        for n in range(1, 41)
    )
    client = replace(CLIENT, name="ООО «Ромашка»", country="RU")
    doc = document(
        language="ru",
        currency="RUB",
        client=client,
        lines=lines,
        payment_methods=("bank_deposit", "visa"),
    )
    pages = pages_of(render_invoice(doc))
    assert len(pages) >= 2
    header = flat(gettext("Description"))
    assert header != "Description"
    assert all(header in page for page in pages)
    text = " ".join(pages)
    accepted = flat(gettext("Accepted payment methods: {methods}.").format(methods="Visa"))
    assert accepted in text  # a client abroad: no bank deposit in New Zealand (#15.5)
    assert flat(gettext("Bank deposit")) not in text
    assert "ООО «Ромашка»" in text
    assert "Новая Зеландия" in text and "Россия" in text  # countries in Russian
    assert money(D("49380.00") * D("1.2"), "RUB", "ru") in text
    assert "г.." not in text  # "5 дек. 2026 г." ends the sentence once


def test_spanish_document_with_several_rates() -> None:
    doc = document(language="es", currency="EUR", office=replace(OFFICE, country="ES"))
    text = all_text(render_invoice(doc))
    assert money(D("258.50"), "EUR", "es") == "258,50 €"
    assert "258,50 €" in text
    assert flat(i18n.format_date(date(2026, 12, 5), "es")) in text
    assert flat(i18n.format_percent(D("0.15"), "es")) in text


# --------------------------------------------------------------------------- text safety


def test_long_word_control_characters_and_missing_glyphs() -> None:
    word = "Z" * 300
    doc = document(
        lines=(
            DocumentLine(word, D(1), D(1)),
            DocumentLine("bell\x07 nul\x00 \U0001f44d\U0001f3fd ok", D(1), D(1)),
            DocumentLine("<a href=\"x\">link</a> &amp; 'single'", D(1), D(1)),
        )
    )
    text = all_text(render_invoice(doc))
    assert word in text.replace(" ", "")  # broken over lines, every letter kept
    assert "bell nul" in text  # control characters dropped
    assert "\ufffd ok" in text  # a glyph DejaVu lacks prints as U+FFFD, its modifier goes
    assert "<a href=\"x\">link</a> &amp; 'single'" in text


def test_description_longer_than_a_page_splits_inside_its_row() -> None:
    essay = " ".join(f"word{n}" for n in range(2500))
    pages = pages_of(render_invoice(document(lines=(DocumentLine(essay, D(1), D(1)),))))
    assert len(pages) >= 2
    assert "word0 " in pages[0] and "word2499" in " ".join(pages)


def test_long_refund_policy_closes_the_document_instead_of_every_footer() -> None:
    long_policy = "Refunds are considered case by case. " * 60
    lines = tuple(DocumentLine(f"Line {n}", D(1), D(1)) for n in range(60))
    office = replace(OFFICE, refund_policy=long_policy)
    pages = pages_of(render_invoice(document(office=office, lines=lines)))
    assert " ".join(pages).count("Refund policy:") == 1
    assert "Refund policy:" in pages[-1]
    short = pages_of(render_invoice(document(lines=lines)))
    assert all("Refund policy:" in page for page in short)


# --------------------------------------------------------------------------- file


def _png(path: Path) -> Path:
    PILImage.new("RGB", (240, 80), (20, 90, 160)).save(path)
    return path


def _images(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_logo_is_drawn_when_readable_and_ignored_otherwise(tmp_path: Path) -> None:
    logo = _png(tmp_path / "logo.png")
    assert _images(render_invoice(document(office=replace(OFFICE, logo_path=str(logo))))) == 1
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    text_file = tmp_path / "logo.txt"
    text_file.write_text("hello")
    for path in (tmp_path / "missing.png", broken, text_file, tmp_path):
        pdf = render_invoice(document(office=replace(OFFICE, logo_path=str(path))))
        assert _images(pdf) == 0
        assert "Kiwi Cloud Partners Ltd" in all_text(pdf)


def test_metadata_and_embedded_unicode_font() -> None:
    pdf = render_invoice(document())
    reader = PdfReader(io.BytesIO(pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "INV-2026-0042"
    assert meta.author == "Kiwi Cloud Partners Ltd"
    assert meta.subject == "Invoice for Kauri Dental Ltd"
    assert "/CreationDate" not in meta or "2000" in str(meta["/CreationDate"])
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            if font["/Subtype"] == "/TrueType":
                assert "/FontFile2" in font["/FontDescriptor"]
    assert fonts and all("DejaVu" in name for name in fonts), fonts


RENDER = """
import sys
from datetime import date
from decimal import Decimal as D
from b24desk.pdf import DocumentLine, InvoiceDocument, Letterhead, Party, render_invoice
office = Letterhead("Офис", "Адрес", "NZ", "1", "e@x", "1", "w", "bank", "No refunds.")
doc = InvoiceDocument("invoice", "INV-1", date(2026, 11, 21), date(2026, 12, 5), "RUB", "ru",
    office, Party("ООО «Ромашка»"), (DocumentLine("Обучение 😀", D(2), D("1234.50"), D(0),
    D("0.2")),), payment_methods=("wire", "visa"))
sys.stdout.buffer.write(render_invoice(doc))
"""


def test_same_bytes_in_another_process() -> None:
    def run(seed: str) -> bytes:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        return subprocess.run(
            [sys.executable, "-c", RENDER], capture_output=True, check=True, env=env
        ).stdout

    first = run("1")
    assert first.startswith(b"%PDF")
    assert run("2") == first


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "INV-2026-0042.pdf"
    target.write_bytes(b"old")
    with pytest.raises(ValidationError):
        write_invoice(document(lines=(DocumentLine("x", D(-1), D(1)),)), target)
    assert target.read_bytes() == b"old"
    assert write_invoice(document(), str(target)) == target
    assert target.read_bytes() == render_invoice(document())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["INV-2026-0042.pdf"]


# --------------------------------------------------------------------------- payment rules

ALL_METHODS = ("bank_deposit", "eftpos", "visa", "paypal", "wire")


@pytest.mark.parametrize(
    ("plan", "term", "offered"),
    [
        ("standard", 6, True),
        ("standard", 12, True),
        ("professional", 12, True),
        ("standard", 3, False),
        ("professional", 24, False),
        ("basic", 12, False),
        ("enterprise", 12, False),
        (None, None, False),  # a service
    ],
)
def test_wire_and_paypal_printed_only_for_6_or_12_month_standard_or_professional(
    plan: str | None, term: int | None, offered: bool
) -> None:
    """000: "For PayPal and wire payments (available for 6- or 12-month for Standard
    and Professional plans only)": even when the caller lists them."""
    line = DocumentLine("Bitrix24", D(1), D("100.00"), plan_code=plan, term_months=term)
    text = all_text(render_invoice(document(lines=(line,), payment_methods=ALL_METHODS)))
    if offered:
        methods = "Bank deposit, Eftpos, Visa, PayPal, Wire transfer"
        assert f"Accepted payment methods: {methods}." in text
    else:
        assert "Accepted payment methods: Bank deposit, Eftpos, Visa." in text
        assert "PayPal" not in text and "Wire transfer" not in text


def test_amount_due_subtracts_payments_and_credit_notes() -> None:
    line = DocumentLine("Hours", D(1), D("100.00"), tax_rate=D("0.15"))  # 115.00
    doc = document(lines=(line,), paid=D("15.00"), credited=D("57.50"))
    text = all_text(render_invoice(doc))
    assert "Amount paid $15.00" in text
    assert "Credited $57.50" in text
    assert "Amount due $42.50" in text
    assert "Please pay $42.50 by" in text
    settled = all_text(render_invoice(replace(doc, paid=D("57.50"))))
    assert "Amount due $0.00" in settled and "Paid in full. Thank you." in settled
    refunded = all_text(render_invoice(replace(doc, paid=D("115.00"))))  # never below zero
    assert "Amount due $0.00" in refunded and "-$" not in refunded


# --------------------------------------------------------------------------- text that cannot fit
# #13.6: "an invoice PDF for a client name of 2 500 characters or an address of 66 lines
# (reportlab LayoutError …) … the PDF shortens or wraps what cannot fit."


def test_a_client_name_of_2500_characters_is_shortened_not_fatal() -> None:
    name = "Kauri " + "Dental " * 356 + "END"  # 2 500 characters
    assert len(name) >= 2500
    text = all_text(render_invoice(document(client=replace(CLIENT, name=name))))
    assert "Kauri Dental Dental" in text
    assert "END" not in text and "\u2026" in text  # cut, and the cut is shown
    assert "Amount due $258.50" in text and "Accepted payment methods" in text


def test_an_address_of_66_lines_keeps_its_first_lines() -> None:
    address = "\n".join(f"Street {n}" for n in range(1, 67))
    text = all_text(render_invoice(document(client=replace(CLIENT, address=address))))
    assert "Street 1 " in text and "Street 8" in text
    assert "Street 9" not in text and "Street 66" not in text
    assert "Amount due $258.50" in text


def test_every_header_field_too_long_at_once() -> None:
    huge = "W" * 3000
    doc = document(
        number="N" * 3000,
        office=replace(OFFICE, name=huge, address="\n".join([huge] * 100), tax_number=huge,
                       email=huge, phone=huge, website=huge),
        client=replace(CLIENT, name=huge, contact="\n".join([huge] * 100),
                       address="\n".join([huge] * 100), tax_id=huge, email=huge,
                       portal_url=huge),
    )
    pdf = render_invoice(doc)
    assert "Amount due" in all_text(pdf)


def test_long_descriptions_and_notes_wrap_onto_more_pages_whole() -> None:
    description = " ".join(f"word{n}" for n in range(600))
    notes = "\n".join(f"note line {n}" for n in range(150))
    pages = pages_of(
        render_invoice(
            document(lines=(DocumentLine(description, D(1), D("10.00")),), notes=notes)
        )
    )
    text = " ".join(pages)
    assert len(pages) > 1
    assert "word0 " in text and "word599" in text  # nothing of a line is lost
    assert "note line 0" in text and "note line 149" in text


ODD = st.one_of(
    st.text(max_size=3000),
    st.text(st.characters(codec="utf-8"), min_size=2000, max_size=3000),
    st.lists(st.text(max_size=80), max_size=100).map("\n".join),
    st.sampled_from(
        [
            "\x00" * 50,
            "\u202e\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd" * 100,  # RTL
            "\U0001f600\U0001f468\u200d\U0001f469\u200d\U0001f467\ufe0f" * 500,  # emoji
            "\n" * 100,
            "a\u0301" * 1500,  # combining marks
            "<b>&amp;</b>]]>" * 200,
            "\ud7ff\uffff\U0010ffff" * 300,
        ]
    ),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=ODD, address=ODD, description=ODD, notes=ODD)
def test_any_text_gives_a_readable_pdf(
    name: str, address: str, description: str, notes: str
) -> None:
    doc = document(
        client=replace(CLIENT, name=name, address=address),
        lines=(DocumentLine(description, D(1), D("10.00")), *LINES),
        notes=notes,
    )
    pdf = render_invoice(doc)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    text = " ".join(flat(page.extract_text()) for page in reader.pages)
    assert "Amount due" in text and "Kiwi Cloud Partners Ltd" in text


# --------------------------------------------------------------------------- permissions


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_pdfs_are_written_user_only(tmp_path: Path) -> None:
    """#13.13: PDFs hold client data, so they are not world-readable (0600)."""
    old_umask = os.umask(0o022)  # the usual umask: a plain open() would give 0644
    try:
        new = write_invoice(document(), tmp_path / "new.pdf")
        replaced = tmp_path / "replaced.pdf"
        replaced.write_bytes(b"old")
        replaced.chmod(0o644)
        write_invoice(document(), replaced)
    finally:
        os.umask(old_umask)
    assert new.stat().st_mode & 0o777 == 0o600
    assert replaced.stat().st_mode & 0o777 == 0o600
    assert replaced.read_bytes().startswith(b"%PDF")
