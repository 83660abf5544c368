"""Every draft the desk can send (issue #16 item 3), PDFs attached.

This is the module the preview and the ``mail queue`` command use: it offers the
drafts of :mod:`b24desk.store.compose` and finishes the two that carry a PDF —
:func:`invoice_draft` (the invoice or credit note PDF, rendered by the same code as
``b24desk invoice``) and :func:`statement_draft` (the statement of account).  It
lives outside ``store/`` because the store never imports the PDF code
(tests/test_architecture.py).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from b24desk.clock import SystemClock
from b24desk.domain.mail import Attachment, Draft
from b24desk.pdf.invoice import render_invoice
from b24desk.pdf.statement import statement_pdf
from b24desk.store import invoices
from b24desk.store.compose import (
    coupon_draft,
    invoice_message,
    overdue_draft,
    receipt_draft,
    recipient,
    renewal_draft,
    sendable,
    statement_message,
)
from b24desk.store.office import get_office

__all__ = [
    "coupon_draft",
    "draft_for",
    "invoice_draft",
    "overdue_draft",
    "receipt_draft",
    "recipient",
    "renewal_draft",
    "sendable",
    "statement_draft",
]

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def pdf_name(stem: str) -> str:
    """A file name any mail client and file system accepts: ``INV-2026-0001.pdf``."""
    return (_UNSAFE.sub("-", stem).strip(" .-") or "document") + ".pdf"


def invoice_draft(invoice_id: int, today: date | None = None) -> Draft:
    """An issued invoice or credit note with its PDF attached (named after its number);
    a draft invoice is refused (:class:`~b24desk.store.errors.StoreError`).

    ``today`` (default: the office's today) is the day the PDF is made: an invoice
    owed past its due date then says it is overdue, as ``b24desk invoice`` does."""
    draft = invoice_message(invoice_id)
    day = today or SystemClock(get_office().timezone).today()
    document = invoices.invoice_document(invoice_id, day)
    data = render_invoice(document)
    return replace(
        draft, attachments=(Attachment(pdf_name(str(document.number)), data),)
    )


def statement_draft(client_id: int, today: date) -> Draft:
    """A statement of account on ``today`` with its PDF, in the client's language."""
    draft = statement_message(client_id, today)
    data = statement_pdf(client_id, today, draft.language)
    name = pdf_name(f"statement-{today.isoformat()}")
    return replace(draft, attachments=(Attachment(name, data),))


def draft_for(kind: str, record_type: str, record_id: int, today: date) -> Draft:
    """The draft of ``kind`` for a record, as :func:`sendable` names them."""
    if record_type == "invoice":
        if kind in ("invoice", "credit_note"):
            return invoice_draft(record_id, today)
        if kind == "overdue":
            return overdue_draft(record_id, today)
    elif record_type == "payment" and kind == "receipt":
        return receipt_draft(record_id)
    elif record_type == "subscription" and kind in ("renewal", "grace", "frozen"):
        return renewal_draft(record_id, today)
    elif record_type == "coupon" and kind == "coupon":
        return coupon_draft(record_id)
    elif record_type == "client" and kind == "statement":
        return statement_draft(record_id, today)
    raise ValueError(f"no {kind!r} message for a {record_type!r}")
