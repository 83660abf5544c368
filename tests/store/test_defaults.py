"""The defaults a new office starts with, against the seeds (issue 12.9)."""

from __future__ import annotations

import io
from decimal import Decimal

import peewee
from pypdf import PdfReader

from b24desk.pdf.invoice import render_invoice
from b24desk.store import invoices as inv
from b24desk.store import models as m
from b24desk.store.office import get_office


def test_a_new_office_says_purchases_are_not_refundable(db: peewee.Database) -> None:
    """000: "WebBee provides no refunds for Bitrix24 services."; 002: "Los productos
    Bitrix no son reembolsables." A new office's invoices say so in their footer."""
    assert get_office().refund_policy == m.DEFAULT_REFUND_POLICY
    assert "not refundable" in m.DEFAULT_REFUND_POLICY
    client = m.Client.create(company="Acme Ltd", currency="NZD", doc_language="en")
    draft = inv.create_draft(
        client.id,
        [inv.LineInput(description="Training", quantity=Decimal(1), unit_price=Decimal(90))],
    )
    pdf = render_invoice(inv.invoice_document(draft.id))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Refund policy: Bitrix24 products and services are not refundable." in " ".join(
        text.split()
    )
    # An office that clears the text prints no refund line at all.
    m.Office.update(refund_policy="").execute()
    pdf = render_invoice(inv.invoice_document(draft.id))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Refund policy" not in text
