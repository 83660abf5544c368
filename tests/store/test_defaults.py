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
from b24desk.store.pricelist import DEFAULT_PLANS, seed_price_list

#: 000: "Bitrix24 prices range from free to $296+GST per month."
NZ_MONTHLY_CEILING = Decimal("296")


def test_default_nz_cloud_prices_run_from_free_to_296_a_month() -> None:
    """000: "Bitrix24 prices range from free to $296+GST per month." The dearest
    plan costs the ceiling, none more; the free plan costs nothing."""
    monthly = {s.code: s.price("NZD") for s in DEFAULT_PLANS if s.kind == "cloud"}
    assert monthly["free"] == 0
    assert max(monthly.values()) == NZ_MONTHLY_CEILING
    assert all(price is not None and price <= NZ_MONTHLY_CEILING for price in monthly.values())
    # The plans keep their order: a bigger plan never costs less.
    ladder = [monthly[c] for c in ("free", "basic", "standard", "professional", "enterprise")]
    assert ladder == sorted(ladder)


def test_seeded_price_list_holds_the_nz_prices(db: peewee.Database) -> None:
    seed_price_list()
    nzd = (
        m.PlanPrice.select(m.PlanPrice.price)
        .join(m.Plan)
        .where(m.PlanPrice.currency == "NZD", m.Plan.kind == "cloud")
    )
    assert max(p.price for p in nzd) == NZ_MONTHLY_CEILING


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
