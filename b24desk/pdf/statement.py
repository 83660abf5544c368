"""The statement of account PDF (issue #16), in the style of the invoice PDF.

Written in the client's document language (or ``language``): every label through
that language's catalog, money and dates by Babel in it, set in the embedded DejaVu
fonts of :mod:`b24desk.pdf.invoice` (so Cyrillic prints), with the same letterhead
parts, colours and "page / pages" footer.  Per currency: the open invoices, the
movements with a running balance, the ageing buckets and the balance due.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from b24desk.domain import vocabulary
from b24desk.domain.ageing import BUCKETS
from b24desk.domain.statement import Statement, StatementSection
from b24desk.i18n import (
    babel_locale,
    format_date,
    format_money,
    normalize_language,
    translation,
)
from b24desk.pdf.invoice import (
    _GST_COUNTRIES,
    FONT,
    FOOTER_BASELINE,
    FRAME_WIDTH,
    _clip,
    _content_frame,
    _flat_style,
    _grid_style,
    _logo,
    _markup,
    _NumberedCanvas,
    _Pages,
    _register_fonts,
    _single_line,
    _styles,
    _table_style,
)

__all__ = ["render_statement", "statement_pdf"]


class _Ctx:
    def __init__(self, statement: Statement) -> None:
        self.statement = statement
        self.office = statement.office
        self.lang = normalize_language(statement.language)
        self._: Callable[[str], str] = translation(self.lang).gettext
        self.styles = _styles()

    def p(self, text: object, style: str) -> Paragraph:
        return Paragraph(_markup(text), self.styles[style])

    def money(self, amount: Decimal, currency: str) -> str:
        return format_money(amount, currency, self.lang)

    def date(self, value: date | None) -> str:
        return "—" if value is None else format_date(value, self.lang)

    def country(self, code: str) -> str:
        code = code.strip()
        if len(code) == 2 and code.isalpha():
            return str(babel_locale(self.lang).territories.get(code.upper(), code))
        return code


def _letterhead(ctx: _Ctx) -> Flowable:
    _ = ctx._
    office = ctx.office
    left: list[Flowable] = []
    logo = _logo(office.logo_path)
    if logo is not None:
        left += [logo, Spacer(1, 3 * mm)]
    if office.name.strip():
        left.append(ctx.p(_clip(office.name, 160), "office"))
    address = "\n".join(
        part for part in (_clip(office.address, 400, 8), ctx.country(office.country)) if part
    )
    if address:
        left.append(ctx.p(address, "small"))
    if office.tax_number.strip():
        gst = office.country.strip().upper() in _GST_COUNTRIES  # as on the invoice
        label = _("GST number: {number}") if gst else _("Tax number: {number}")
        left.append(ctx.p(label.format(number=office.tax_number.strip()), "small"))
    contact = " · ".join(
        part.strip() for part in (office.email, office.phone, office.website) if part.strip()
    )
    if contact:
        left.append(ctx.p(_clip(contact, 200), "small"))

    right: list[Flowable] = [ctx.p(_("Statement of account"), "title"), Spacer(1, 2 * mm)]
    meta = Table(
        [
            [ctx.p(_("Date"), "meta_label"), ctx.p(ctx.date(ctx.statement.today), "meta_value")],
        ],
        colWidths=(35 * mm, 40 * mm),
        hAlign="RIGHT",
    )
    meta.setStyle(_flat_style())
    right.append(meta)
    header = Table([[left, right]], colWidths=(FRAME_WIDTH * 0.55, FRAME_WIDTH * 0.45))
    header.setStyle(_flat_style())
    return header


def _client_block(ctx: _Ctx) -> Flowable:
    _ = ctx._
    st, client = ctx.statement, ctx.statement.client
    left: list[Flowable] = [
        ctx.p(_("Client"), "heading"),
        ctx.p(_clip(client.name, 160), "client"),
    ]
    if client.contact.strip():
        left.append(ctx.p(_clip(client.contact, 160, 2), "body"))
    address = "\n".join(
        part for part in (_clip(client.address, 400, 8), ctx.country(client.country)) if part
    )
    if address:
        left.append(ctx.p(address, "body"))
    if client.tax_id.strip():
        left.append(
            ctx.p(_("Tax ID: {number}").format(number=_clip(client.tax_id, 120)), "body")
        )
    if client.email.strip():
        left.append(ctx.p(_clip(client.email, 120), "body"))
    right: list[Flowable] = []
    for section in st.sections:
        right += [
            ctx.p(_("Balance due"), "due_label"),
            ctx.p(ctx.money(section.balance, section.currency), "due_amount"),
        ]
        if section.overdue > 0:
            right.append(
                ctx.p(
                    _("Of which overdue: {amount}").format(
                        amount=ctx.money(section.overdue, section.currency)
                    ),
                    "due_date",
                )
            )
    if not st.sections:
        right = [ctx.p(_("Nothing is owed."), "due_label")]
    block = Table([[left, right]], colWidths=(FRAME_WIDTH * 0.6, FRAME_WIDTH * 0.4))
    block.setStyle(_flat_style())
    return block


def _grid(ctx: _Ctx, head: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    header: list[Any] = [ctx.p(head[0], "head")] + [ctx.p(h, "head_num") for h in head[1:]]
    data: list[list[Any]] = [header] + [[ctx.p(row[0], "cell"), *row[1:]] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(_grid_style(len(data)))
    return table


def _section(ctx: _Ctx, section: StatementSection, several: bool) -> list[Flowable]:
    _ = ctx._
    cur = section.currency
    out: list[Flowable] = []
    if several:
        out += [
            ctx.p(_("Amounts in {currency}").format(currency=cur), "office"),
            Spacer(1, 2 * mm),
        ]
    # Open invoices
    rows = [
        [
            inv.number,
            ctx.date(inv.issue_date),
            ctx.date(inv.due_date),
            ctx.money(inv.total, cur),
            ctx.money(inv.balance, cur),
            str(inv.days_past_due) if inv.days_past_due else "—",
        ]
        for inv in section.open_invoices
    ]
    out += [
        ctx.p(_("Open invoices"), "heading"),
        _grid(
            ctx,
            [_("Invoice"), _("Issue date"), _("Due date"), _("Total"), _("Still owed"),
             _("Days overdue")],
            rows,
            [34 * mm, 26 * mm, 26 * mm, 30 * mm, 30 * mm, FRAME_WIDTH - 146 * mm],
        ),
        Spacer(1, 6 * mm),
    ]
    # Movements with a running balance
    methods = vocabulary.PAYMENT_METHODS
    rows = []
    for entry in section.entries:
        if entry.kind == "invoice":
            what = _("Invoice {number}").format(number=entry.number)
        elif entry.kind == "credit_note":
            what = _("Credit note {number} for invoice {invoice}").format(
                number=entry.number, invoice=entry.reference
            )
        else:
            method = methods.get(entry.reference)
            what = _("Payment for invoice {number} ({method})").format(
                number=entry.number, method=_(method) if method else entry.reference
            )
        rows.append(
            [
                what,
                ctx.date(entry.day),
                ctx.money(entry.debit, cur) if entry.debit else "",
                ctx.money(entry.credit, cur) if entry.credit else "",
                ctx.money(entry.balance, cur),
            ]
        )
    out += [
        ctx.p(_("Invoices, payments and credit notes"), "heading"),
        _grid(
            ctx,
            [_("Document"), _("Date"), _("Charged"), _("Paid or credited"), _("Balance")],
            rows,
            [FRAME_WIDTH - 118 * mm, 26 * mm, 30 * mm, 32 * mm, 30 * mm],
        ),
        Spacer(1, 6 * mm),
    ]
    # Ageing
    head = [_(label) for label in BUCKETS.values()] + [_("Balance due")]
    values = [ctx.money(section.ageing[b], cur) for b in BUCKETS] + [
        ctx.money(section.balance, cur)
    ]
    width = FRAME_WIDTH / len(head)
    ageing = _grid(ctx, [_("Not yet due"), *head[1:]], [values], [width] * len(head))
    # The first column of a grid is a paragraph cell; the ageing row is all amounts.
    ageing.setStyle(_table_style([("ALIGN", (0, 1), (0, -1), "RIGHT")]))
    out.append(
        KeepTogether(
            [ctx.p(_("Ageing (days past the due date)"), "heading"), ageing, Spacer(1, 8 * mm)]
        )
    )
    return out


def render_statement(statement: Statement) -> bytes:
    """The PDF of ``statement`` (A4), in its language; the same input, the same bytes."""
    _register_fonts()
    ctx = _Ctx(statement)
    _ = ctx._
    story: list[Flowable] = [
        NextPageTemplate("later"),
        _letterhead(ctx),
        Spacer(1, 8 * mm),
        _client_block(ctx),
        Spacer(1, 7 * mm),
    ]
    several = len(statement.sections) > 1
    for section in statement.sections:
        story += _section(ctx, section, several)
    if not statement.sections:
        story.append(ctx.p(_("There are no open invoices."), "body"))
    story.append(
        ctx.p(
            _(
                "This statement lists the invoices not yet settled on its date, with the "
                "payments and credit notes made against them. Please tell us if anything "
                "does not match your records."
            ),
            "muted",
        )
    )
    title = _("Statement of account")
    label = f"{title} · {ctx.date(statement.today)}"
    pages = _Pages(label=_single_line(label), office=_single_line(ctx.office.name), footer=None)
    bottom = FOOTER_BASELINE + 3.5 * mm + 6 * mm
    frame = _content_frame(bottom)
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[
            PageTemplate(id="first", frames=[frame], onPage=pages.first),
            PageTemplate(id="later", frames=[frame], onPage=pages.later),
        ],
        title=_single_line(f"{title} {statement.client.name}"),
        author=_single_line(ctx.office.name),
        subject=_single_line(title),
        creator="b24desk",
        lang=ctx.lang,
        displayDocTitle=True,
        invariant=1,
        initialFontName=FONT,
    )
    template.build(story, canvasmaker=partial(_NumberedCanvas, watermark=""))
    return buffer.getvalue()


def statement_pdf(client_id: int, today: date, language: str | None = None) -> bytes:
    """The statement of account of ``client_id`` on ``today`` as PDF bytes, in
    ``language`` (default: the client's document language).

    The one function of :mod:`b24desk.pdf` that reads the database (through the
    store, as the API of issue #16 asks); :func:`render_statement` takes plain data."""
    from b24desk.store.statement import client_statement

    return render_statement(client_statement(client_id, today, language))
