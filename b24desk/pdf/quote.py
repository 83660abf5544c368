"""The quote PDF (issue #17.2): the invoice's letterhead, client block, lines and
totals (:mod:`b24desk.pdf.invoice`'s building blocks), titled "Quote", with its number,
date and "Valid until", and nothing about paying (no payment instructions, no amount
due, no PAID mark).  Written in the quote's language, the client's document language
when it was made; the same document gives the same bytes.
"""

from __future__ import annotations

import io
from functools import partial

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    NextPageTemplate,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.doctemplate import LayoutError

from b24desk.domain.documents import InvoiceDocument
from b24desk.domain.invoicing import InvoiceLine, invoice_totals
from b24desk.domain.quotes import QuoteDocument
from b24desk.i18n import normalize_language, translation
from b24desk.pdf import invoice as blocks

__all__ = ["render_quote"]


def _as_invoice_document(doc: QuoteDocument) -> InvoiceDocument:
    """The quote in the shape the shared building blocks read (kind "quote": no due
    date, nothing paid or owed)."""
    return InvoiceDocument(
        kind="quote",
        number=doc.number,
        issue_date=doc.issue_date,
        due_date=None,
        currency=doc.currency,
        language=doc.language,
        office=doc.office,
        client=doc.client,
        lines=doc.lines,
        notes=doc.notes,
    )


def render_quote(doc: QuoteDocument) -> bytes:
    """The PDF of ``doc`` (A4) in the quote's language; the same ``doc``, the same bytes.

    Long names and addresses are shortened as on invoices when a block cannot fit.
    """
    shape = _as_invoice_document(doc)
    try:
        return _render(doc, blocks._fitted(shape, blocks._Limits()))
    except LayoutError:
        return _render(doc, blocks._fitted(shape, blocks._COMPACT))


def _render(quote: QuoteDocument, doc: InvoiceDocument) -> bytes:
    blocks._register_fonts()
    lang = normalize_language(doc.language)
    _ = translation(lang).gettext
    currency = doc.currency.strip().upper()
    totals = invoice_totals(
        [
            InvoiceLine(
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount=line.discount,
                tax_rate=line.tax_rate,
            )
            for line in doc.lines
        ],
        currency,
    )
    title = _("Quote")
    ctx = blocks._Context(
        doc=doc,
        lang=lang,
        currency=currency,
        gettext=_,
        styles=blocks._styles(),
        totals=totals,
        title=title,
        gst=doc.office.country.strip().upper() in blocks._GST_COUNTRIES,
    )
    valid_until = ctx.date(quote.valid_until)
    summary: list[Flowable] = [
        ctx.p(_("Quote total"), "due_label"),
        ctx.p(ctx.money(totals.total), "due_amount"),
        ctx.p(_("Valid until {date}").format(date=valid_until), "due_date"),
    ]
    story: list[Flowable] = [
        NextPageTemplate("later"),
        blocks._letterhead(ctx, extra_meta=[(_("Valid until"), valid_until)]),
        Spacer(1, 8 * mm),
        blocks._client_block(ctx, heading=_("Quote for"), summary=summary),
        Spacer(1, 7 * mm),
        blocks._lines_table(ctx),
        blocks._totals_table(ctx, settlement=False),
        *blocks._notes_section(ctx),
    ]
    label = blocks._single_line(f"{title} {doc.number}")
    pages = blocks._Pages(label=label, office=blocks._single_line(doc.office.name), footer=None)
    frame = blocks._content_frame(blocks.FOOTER_BASELINE + 3.5 * mm + 6 * mm)
    subject = _("{document} for {client}").format(document=title, client=doc.client.name)
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[
            PageTemplate(id="first", frames=[frame], onPage=pages.first),
            PageTemplate(id="later", frames=[frame], onPage=pages.later),
        ],
        title=blocks._single_line(doc.number or title),
        author=blocks._single_line(doc.office.name),
        subject=blocks._single_line(subject),
        creator="b24desk",
        lang=lang,
        displayDocTitle=True,
        invariant=1,
        initialFontName=blocks.FONT,
    )
    template.build(story, canvasmaker=partial(blocks._NumberedCanvas, watermark=""))
    return buffer.getvalue()

