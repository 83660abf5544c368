"""PDF documents of the office (reportlab, no Qt): invoices and credit notes."""

from __future__ import annotations

from b24desk.pdf.invoice import (
    DocumentLine,
    InvoiceDocument,
    Letterhead,
    Party,
    render_invoice,
    write_invoice,
)

__all__ = [
    "DocumentLine",
    "InvoiceDocument",
    "Letterhead",
    "Party",
    "render_invoice",
    "write_invoice",
]
