"""Invoice and credit note PDFs (domain.md §6–7), drawn with reportlab platypus.

The document is written in the *client's* language (``InvoiceDocument.language``)
whatever language the desk speaks: labels come from ``translation(doc.language)``
and money, dates and numbers are formatted by Babel in that language.  All text is
set in the bundled DejaVu Sans (embedded, subset), so every glyph of English,
Spanish and Russian prints; characters the font lacks print as U+FFFD instead of
an empty box.  User text is escaped for reportlab's paragraph mark-up, so ``<b>``
in a description prints as typed.

The same document gives byte-identical PDFs (``invariant`` canvas, fixed metadata).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import threading
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from babel.numbers import format_currency
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from b24desk import paths
from b24desk.domain import vocabulary
from b24desk.domain.currency import home_amount, shown_rate
from b24desk.domain.documents import DocumentLine, InvoiceDocument, Letterhead, Party
from b24desk.domain.invoicing import InvoiceLine, InvoiceTotals, invoice_totals
from b24desk.domain.pricing import is_domestic, offered_payment_methods, round_money
from b24desk.i18n import (
    babel_locale,
    format_date,
    format_decimal,
    format_money,
    format_percent,
    normalize_language,
    translation,
)

__all__ = [
    "PAYMENT_METHODS",
    "DocumentLine",
    "InvoiceDocument",
    "Letterhead",
    "Party",
    "render_invoice",
    "write_invoice",
]


# --------------------------------------------------------------------------- contract
# The input types (InvoiceDocument, Letterhead, Party, DocumentLine) live in
# b24desk.domain.documents and are re-exported here.

#: Payment method keys (domain.md §6) and their printed names, translated when shown.
PAYMENT_METHODS = vocabulary.PAYMENT_METHODS

KINDS = ("invoice", "credit_note")

#: Invoice PDFs hold client data: the desk writes them user-only (#13.13).
PDF_FILE_MODE = 0o600

# Offices whose tax is called GST on their documents (NZ GST 15 %, domain.md §6).
_GST_COUNTRIES = frozenset({"NZ", "AU", "SG", "IN"})


# --------------------------------------------------------------------------- fonts

FONT = "B24DeskSans"
FONT_BOLD = "B24DeskSans-Bold"
_font_lock = threading.Lock()


def _register_fonts() -> None:
    """Register DejaVu Sans regular and bold once per process."""
    with _font_lock:
        registered = pdfmetrics.getRegisteredFontNames()
        if FONT in registered and FONT_BOLD in registered:
            return
        pdfmetrics.registerFont(TTFont(FONT, str(paths.font_path(bold=False))))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(paths.font_path(bold=True))))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
        )


@cache
def _font_chars() -> frozenset[int]:
    """Code points both DejaVu faces can draw."""
    _register_fonts()
    regular = pdfmetrics.getFont(FONT).face.charToGlyph
    bold = pdfmetrics.getFont(FONT_BOLD).face.charToGlyph
    return frozenset(regular) & frozenset(bold)


# --------------------------------------------------------------------------- text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Dropped rather than shown as U+FFFD when the font lacks them: format characters,
# combining marks, emoji modifiers (skin tones are "Sk"), unassigned code points.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Mn", "Me", "Co", "Cn", "Sk"})
_ENTITIES = {'"': "&quot;", "'": "&#39;"}


def _printable(text: object) -> str:
    """``text`` with line breaks normalised and glyphs the font lacks replaced.

    Control characters go; invisible characters the font lacks (variation
    selectors, joiners) are dropped; any other missing character becomes U+FFFD.
    """
    value = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    value = _CONTROL.sub("", unicodedata.normalize("NFC", value))
    chars = _font_chars()
    out = []
    for char in value:
        if char == "\n" or ord(char) in chars:
            out.append(char)
        elif unicodedata.category(char) not in _INVISIBLE:
            out.append("\ufffd")
    return "".join(out)


def _markup(text: object) -> str:
    """User or translated text as literal paragraph mark-up; newlines become breaks."""
    return escape(_printable(text), _ENTITIES).replace("\n", "<br/>")


def _single_line(text: object) -> str:
    """Text for ``canvas.drawString`` (no mark-up, one line)."""
    return " ".join(_printable(text).split())


ELLIPSIS = "\u2026"


def _clip(text: object, max_chars: int, max_lines: int = 1) -> str:
    """``text`` cut to ``max_lines`` lines (one: the lines joined by spaces) and
    ``max_chars`` characters, an ellipsis marking a cut.

    The letterhead and the client block cannot break across pages: a client name of
    2 500 characters or an address of 66 lines would not fit on one and reportlab
    would give up (LayoutError).  What cannot fit is shortened there; the lines,
    notes and bank details flow onto further pages whole.
    """
    value = _printable(text).strip()
    if max_lines == 1:
        lines = [" ".join(value.split())]
    else:
        lines = [" ".join(line.split()) for line in value.split("\n")]
        lines = [line for line in lines if line]
    cut = len(lines) > max_lines
    out = "\n".join(lines[:max_lines])
    if len(out) > max_chars:
        out, cut = out[:max_chars].rstrip(), True
    return out + ELLIPSIS if cut else out


@dataclass(frozen=True)
class _Limits:
    """The most of each field that the blocks which cannot break across pages print."""

    name: int = 160  # characters of the client's or the office's name
    line: int = 120  # characters of a one-line field (tax id, e-mail, portal, number)
    address_lines: int = 8
    address: int = 400  # characters of an address in all
    contact_lines: int = 2


#: A second try when a document still did not fit (very wide glyphs everywhere).
_COMPACT = _Limits(name=60, line=40, address_lines=3, address=120, contact_lines=1)


def _fitted(doc: InvoiceDocument, limits: _Limits) -> InvoiceDocument:
    """``doc`` with the fields of the letterhead and the client block shortened to
    ``limits`` (see :func:`_clip`)."""
    office, client = doc.office, doc.client
    short = limits.line
    return replace(
        doc,
        number=None if doc.number is None else _clip(doc.number, short),
        credited_number=(
            None if doc.credited_number is None else _clip(doc.credited_number, short)
        ),
        office=replace(
            office,
            name=_clip(office.name, limits.name),
            address=_clip(office.address, limits.address, limits.address_lines),
            country=_clip(office.country, short),
            tax_number=_clip(office.tax_number, short),
            email=_clip(office.email, short),
            phone=_clip(office.phone, short),
            website=_clip(office.website, short),
        ),
        client=replace(
            client,
            name=_clip(client.name, limits.name),
            contact=_clip(client.contact, limits.name, limits.contact_lines),
            address=_clip(client.address, limits.address, limits.address_lines),
            country=_clip(client.country, short),
            tax_id=_clip(client.tax_id, short),
            email=_clip(client.email, short),
            portal_url=_clip(client.portal_url, short),
        ),
    )


# --------------------------------------------------------------------------- layout

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
FOOTER_BASELINE = 10 * mm
REFUND_FOOTER_MAX_HEIGHT = 30 * mm
LOGO_MAX_WIDTH = 50 * mm
LOGO_MAX_HEIGHT = 22 * mm

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
RULE = colors.HexColor("#cbd2d9")
HEAD_FILL = colors.HexColor("#e4e7eb")
STRIPE = colors.HexColor("#f5f7fa")
WATERMARK = colors.HexColor("#e9ecef")

# Description, quantity, unit price, discount, tax rate, line net.
#: Size of the numbers in the lines table (as the "cell_num" paragraph style).
NUMBER_SIZE = 8.5

LINE_COLUMNS = (66 * mm, 14 * mm, 26 * mm, 19 * mm, 14 * mm, FRAME_WIDTH - 139 * mm)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "base", fontName=FONT, fontSize=9, leading=11.5, textColor=INK, splitLongWords=1
    )

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "small": style("small", fontSize=8, leading=10),
        "muted": style("muted", fontSize=8, leading=10, textColor=MUTED),
        "office": style("office", fontName=FONT_BOLD, fontSize=13, leading=16, spaceAfter=2),
        "title": style("title", fontName=FONT_BOLD, fontSize=20, leading=24, alignment=TA_RIGHT),
        "meta_label": style("meta_label", fontSize=8.5, textColor=MUTED, alignment=TA_RIGHT),
        "meta_value": style("meta_value", fontName=FONT_BOLD, fontSize=8.5, alignment=TA_RIGHT),
        "reference": style("reference", fontSize=8.5, alignment=TA_RIGHT, spaceBefore=3),
        "heading": style(
            "heading", fontName=FONT_BOLD, fontSize=8, leading=10, textColor=MUTED, spaceAfter=2
        ),
        "client": style("client", fontName=FONT_BOLD, fontSize=10.5, leading=13),
        "due_label": style("due_label", fontSize=8.5, textColor=MUTED, alignment=TA_RIGHT),
        "due_amount": style(
            "due_amount", fontName=FONT_BOLD, fontSize=15, leading=19, alignment=TA_RIGHT
        ),
        "due_date": style("due_date", fontSize=8.5, alignment=TA_RIGHT),
        "cell": style("cell", fontSize=8.5, leading=10.5),
        "cell_num": style("cell_num", fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "head": style("head", fontName=FONT_BOLD, fontSize=8, leading=10),
        "head_num": style(
            "head_num", fontName=FONT_BOLD, fontSize=8, leading=10, alignment=TA_RIGHT
        ),
        "total_label": style("total_label", alignment=TA_RIGHT),
        "total_value": style("total_value", alignment=TA_RIGHT),
        "grand_label": style(
            "grand_label", fontName=FONT_BOLD, fontSize=10.5, leading=13, alignment=TA_RIGHT
        ),
        "grand_value": style(
            "grand_value", fontName=FONT_BOLD, fontSize=10.5, leading=13, alignment=TA_RIGHT
        ),
        "footer": style("footer", fontSize=7, leading=8.5, textColor=MUTED, alignment=TA_LEFT),
    }


@dataclass(frozen=True)
class _Context:
    doc: InvoiceDocument
    lang: str
    currency: str
    gettext: Callable[[str], str]
    styles: dict[str, ParagraphStyle]
    totals: InvoiceTotals
    title: str  # "Invoice", "Credit note", "Draft invoice" … in the document language
    gst: bool  # the office's tax is called GST

    def p(self, text: object, style: str) -> Paragraph:
        """A paragraph of literal text."""
        return Paragraph(_markup(text), self.styles[style])

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.currency, self.lang)

    def date(self, value: date) -> str:
        return format_date(value, self.lang)

    def country(self, code: str) -> str:
        """A two-letter country code as its name in the document language."""
        code = code.strip()
        if len(code) == 2 and code.isalpha():
            return str(babel_locale(self.lang).territories.get(code.upper(), code))
        return code


def _document_title(doc: InvoiceDocument, _: Callable[[str], str]) -> str:
    if doc.kind == "credit_note":
        return _("Draft credit note") if doc.number is None else _("Credit note")
    return _("Draft invoice") if doc.number is None else _("Invoice")


def _unit_price(ctx: _Context, amount: Decimal) -> str:
    """A unit price; kept to its own precision when finer than the minor unit."""
    if round_money(amount, ctx.currency) == amount:
        return ctx.money(amount)
    return format_currency(
        amount,
        ctx.currency,
        locale=babel_locale(ctx.lang),
        currency_digits=True,
        decimal_quantization=False,
    )


def _tax_label(ctx: _Context, rate: Decimal) -> str:
    _ = ctx.gettext
    percent = format_percent(rate, ctx.lang)
    if ctx.gst:
        return _("GST {rate}").format(rate=percent)
    return _("Tax {rate}").format(rate=percent)


def _logo(path: str) -> Image | None:
    """The office logo scaled into its box, or ``None`` if missing or unreadable."""
    if not path or not path.strip():
        return None
    file = Path(path.strip())
    if file.suffix.lower() not in {".png", ".jpg", ".jpeg"}:
        return None
    try:
        data = file.read_bytes()
        from PIL import Image as PILImage

        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as image:
                if image.format not in {"PNG", "JPEG"}:
                    return None
                image.load()
                width, height = image.size
        if width <= 0 or height <= 0:
            return None
        scale = min(LOGO_MAX_WIDTH / width, LOGO_MAX_HEIGHT / height)
        logo = Image(
            io.BytesIO(data), width=width * scale, height=height * scale, mask="auto", lazy=0
        )
    except Exception:  # a logo never stops an invoice: print without it
        return None
    logo.hAlign = "LEFT"
    return logo


# --------------------------------------------------------------------------- sections


def _letterhead(ctx: _Context, extra_meta: Sequence[tuple[str, str]] = ()) -> Flowable:
    """The office on the left; the title, number and dates on the right (``extra_meta``:
    more label/value rows under the dates, a quote's "Valid until")."""
    _ = ctx.gettext
    doc, office = ctx.doc, ctx.doc.office

    left: list[Flowable] = []
    logo = _logo(office.logo_path)
    if logo is not None:
        left += [logo, Spacer(1, 3 * mm)]
    if office.name.strip():
        left.append(ctx.p(office.name, "office"))
    address = "\n".join(
        part for part in (office.address.strip(), ctx.country(office.country)) if part
    )
    if address:
        left.append(ctx.p(address, "small"))
    if office.tax_number.strip():
        label = _("GST number: {number}") if ctx.gst else _("Tax number: {number}")
        left.append(ctx.p(label.format(number=office.tax_number.strip()), "small"))
    contact = " · ".join(
        part.strip() for part in (office.email, office.phone, office.website) if part.strip()
    )
    if contact:
        left.append(ctx.p(contact, "small"))

    right: list[Flowable] = [ctx.p(ctx.title, "title"), Spacer(1, 2 * mm)]
    meta: list[tuple[str, str]] = []
    if doc.number:
        meta.append((_("Number"), doc.number))
    if doc.issue_date is not None:
        meta.append((_("Issue date"), ctx.date(doc.issue_date)))
    if doc.due_date is not None and doc.kind == "invoice":
        meta.append((_("Due date"), ctx.date(doc.due_date)))
    meta.extend(extra_meta)
    if meta:
        table = Table(
            [[ctx.p(label, "meta_label"), ctx.p(value, "meta_value")] for label, value in meta],
            colWidths=(35 * mm, 40 * mm),
            hAlign="RIGHT",
        )
        table.setStyle(
            _table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, -1), 4),
                    ("RIGHTPADDING", (1, 0), (1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        right.append(table)
    if doc.kind == "credit_note" and doc.credited_number:
        right.append(
            ctx.p(
                _("Credit note for invoice {number}").format(number=doc.credited_number),
                "reference",
            )
        )

    header = Table([[left, right]], colWidths=(FRAME_WIDTH * 0.55, FRAME_WIDTH * 0.45))
    header.setStyle(_flat_style())
    return header


def _table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style whose cells default to DejaVu, not reportlab's Helvetica."""
    return TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9), *commands])


def _grid_style(row_count: int) -> TableStyle:
    """A table of figures: a shaded header, ruled and striped rows, numbers on the
    right from the second column (the invoice's lines, the statement's entries)."""
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("FONTNAME", (1, 1), (-1, -1), FONT),
        ("FONTSIZE", (1, 1), (-1, -1), NUMBER_SIZE),
        ("LEADING", (1, 1), (-1, -1), NUMBER_SIZE + 2),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ]
    if row_count > 1:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, STRIPE]))
    return _table_style(commands)


def _content_frame(bottom: float) -> Frame:
    """The page's text area, full width from the top margin down to ``bottom``."""
    return Frame(
        MARGIN,
        bottom,
        FRAME_WIDTH,
        PAGE_HEIGHT - MARGIN - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )


def _flat_style() -> TableStyle:
    return _table_style(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )


def _client_block(
    ctx: _Context, heading: str | None = None, summary: list[Flowable] | None = None
) -> Flowable:
    """The client on the left, what it owes (or is credited) on the right; a quote
    gives its own ``heading`` ("Quote for") and right-hand ``summary``."""
    _ = ctx.gettext
    doc, client = ctx.doc, ctx.doc.client
    if heading is None:
        heading = _("Credit to") if doc.kind == "credit_note" else _("Bill to")

    left: list[Flowable] = [
        ctx.p(heading, "heading"),
        ctx.p(client.name, "client"),
    ]
    if client.contact.strip():
        left.append(ctx.p(client.contact.strip(), "body"))
    address = "\n".join(
        part for part in (client.address.strip(), ctx.country(client.country)) if part
    )
    if address:
        left.append(ctx.p(address, "body"))
    if client.tax_id.strip():
        left.append(ctx.p(_("Tax ID: {number}").format(number=client.tax_id.strip()), "body"))
    if client.email.strip():
        left.append(ctx.p(client.email.strip(), "body"))
    if client.portal_url.strip():
        left.append(ctx.p(_("Portal: {url}").format(url=client.portal_url.strip()), "body"))

    totals = ctx.totals
    right: list[Flowable]
    if summary is not None:
        right = summary
    elif doc.kind == "credit_note":
        right = [
            ctx.p(_("Total credit"), "due_label"),
            ctx.p(ctx.money(totals.total), "due_amount"),
        ]
    elif doc.status(totals.total) == "paid":
        right = [ctx.p(_("PAID"), "due_amount")]
        if doc.paid_on is not None:
            right.append(ctx.p(_("Paid on {date}").format(date=ctx.date(doc.paid_on)), "due_date"))
    else:
        overdue = doc.status(totals.total) == "overdue"
        right = [
            ctx.p(_("Amount overdue") if overdue else _("Amount due"), "due_label"),
            ctx.p(ctx.money(doc.balance(totals.total)), "due_amount"),
        ]
        if doc.due_date is not None:
            when = _("Was due on {date}") if overdue else _("Due by {date}")
            right.append(ctx.p(when.format(date=ctx.date(doc.due_date)), "due_date"))

    block = Table([[left, right]], colWidths=(FRAME_WIDTH * 0.6, FRAME_WIDTH * 0.4))
    block.setStyle(_flat_style())
    return block


def _column_widths(rows: list[list[Flowable | str]]) -> list[float]:
    """Widths that fit every number and every word of the headers (a header may wrap
    between words, never inside one: "Descuen-to" is a bug); the description takes
    what is left, and never less than 40 mm."""
    padding = 6 + 2  # left and right padding, and a little air
    widths = list(LINE_COLUMNS)
    for col in range(1, len(widths)):
        needed = 0.0
        for row_no, row in enumerate(rows):
            cell = row[col]
            if isinstance(cell, str):  # a number: one line in the cell font
                font, size, parts = FONT, NUMBER_SIZE, [cell]
            else:
                font, size = cell.style.fontName, cell.style.fontSize
                text = cell.getPlainText()
                parts = text.split() if row_no == 0 else [text]
            for part in parts:
                needed = max(needed, pdfmetrics.stringWidth(part, font, size))
        widths[col] = max(widths[col], needed + padding)
    widths[0] = max(40 * mm, FRAME_WIDTH - sum(widths[1:]))
    return widths


def _lines_table(ctx: _Context) -> Table:
    _ = ctx.gettext
    head = [
        ctx.p(_("Description"), "head"),
        ctx.p(_("Qty"), "head_num"),
        ctx.p(_("Unit price"), "head_num"),
        ctx.p(_("Discount"), "head_num"),
        ctx.p(_("GST") if ctx.gst else _("Tax"), "head_num"),
        ctx.p(_("Net amount"), "head_num"),
    ]
    rows: list[list[Flowable | str]] = [head]
    for line, net in zip(ctx.doc.lines, ctx.totals.line_nets, strict=True):
        # Numbers are plain strings (no mark-up to parse, never wrapped): a Paragraph
        # per number was most of the time a page took.
        rows.append(
            [
                ctx.p(line.description, "cell"),
                format_decimal(Decimal(line.quantity), ctx.lang),
                _unit_price(ctx, Decimal(line.unit_price)),
                format_percent(Decimal(line.discount), ctx.lang) if line.discount else "—",
                format_percent(Decimal(line.tax_rate), ctx.lang),
                ctx.money(net),
            ]
        )
    table = Table(rows, colWidths=_column_widths(rows), repeatRows=1, splitInRow=1)
    table.setStyle(_grid_style(len(rows)))
    return table


def _totals_table(ctx: _Context, settlement: bool = True) -> Flowable:
    """Subtotal, tax per rate and total; then, with ``settlement`` (an invoice, not a
    quote), what was paid, credited and is still due."""
    _ = ctx.gettext
    doc, totals = ctx.doc, ctx.totals
    rows: list[tuple[str, str, bool]] = [(_("Subtotal"), ctx.money(totals.net), False)]
    for rate, tax in totals.tax_by_rate.items():
        rows.append((_tax_label(ctx, rate), ctx.money(tax), False))
    if not settlement:
        rows.append((_("Total"), ctx.money(totals.total), True))
    elif doc.kind == "credit_note":
        rows.append((_("Total credit"), ctx.money(totals.total), True))
    else:
        rows.append((_("Total"), ctx.money(totals.total), True))
        rows.append((_("Amount paid"), ctx.money(doc.paid), False))
        if doc.credited:
            rows.append((_("Credited"), ctx.money(doc.credited), False))
        rows.append((_("Amount due"), ctx.money(doc.balance(totals.total)), True))

    data = []
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for index, (label, amount, strong) in enumerate(rows):
        style = "grand" if strong else "total"
        data.append([ctx.p(label, f"{style}_label"), ctx.p(amount, f"{style}_value")])
        if strong:
            commands.append(("LINEABOVE", (0, index), (-1, index), 0.8, INK))
            commands.append(("TOPPADDING", (0, index), (-1, index), 4))
    table = Table(data, colWidths=(55 * mm, 38 * mm), hAlign="RIGHT")
    table.setStyle(_table_style(commands))
    return KeepTogether([Spacer(1, 4 * mm), table])


def _home_amount(ctx: _Context) -> list[Flowable]:
    """The total in the home currency at a dated rate (Office.print_home_amount)."""
    used = ctx.doc.home_rate
    if used is None:
        return []
    _ = ctx.gettext
    rate = shown_rate(used.rate)
    places = -min(0, int(rate.as_tuple().exponent))  # a shown rate is finite
    text = _("Total in {home}: {amount} at 1 {currency} = {rate} {home} (rate of {date})").format(
        home=used.target,
        amount=format_money(home_amount(ctx.totals.total, used), used.target, ctx.lang),
        currency=used.source,
        rate=format_decimal(rate, ctx.lang, digits=places),
        date=ctx.date(used.day),
    )
    return [Spacer(1, 2 * mm), ctx.p(text, "total_label")]


def _payment_section(ctx: _Context) -> list[Flowable]:
    _ = ctx.gettext
    doc, office = ctx.doc, ctx.doc.office
    due = doc.balance(ctx.totals.total)
    body: list[Flowable] = []
    status = doc.status(ctx.totals.total)
    if ctx.totals.total > 0 and due <= 0:
        if doc.paid_on is not None:
            paid = _("Paid in full on {date}. Thank you.").format(date=ctx.date(doc.paid_on))
            body.append(ctx.p(_full_stop(paid), "body"))
        else:
            body.append(ctx.p(_("Paid in full. Thank you."), "body"))
    else:
        if status == "overdue" and doc.due_date is not None:
            # Never "please pay by" a day that has passed.
            late = _("This invoice is overdue: {amount} was due on {date}. Please pay it now.")
            late = late.format(amount=ctx.money(due), date=ctx.date(doc.due_date))
            body.append(ctx.p(_full_stop(late), "body"))
        elif doc.due_date is not None:
            body.append(
                ctx.p(
                    _full_stop(
                        _("Please pay {amount} by {date}.").format(
                            amount=ctx.money(due), date=ctx.date(doc.due_date)
                        )
                    ),
                    "body",
                )
            )
        if doc.number:
            body.append(
                ctx.p(
                    _("Please quote {number} as the payment reference.").format(number=doc.number),
                    "body",
                )
            )
        # PayPal and wire transfer only for 6- or 12-month Standard or Professional
        # plans (000), and a bank deposit or Eftpos only for a client in the office's
        # country: the rules are asked here too, whatever the caller listed.
        plans = [(line.plan_code, line.term_months) for line in doc.lines]
        domestic = is_domestic(office.country, doc.client.country)
        methods = offered_payment_methods(doc.payment_methods, plans, domestic)
        if methods:
            names = [_(PAYMENT_METHODS[key]) if key in PAYMENT_METHODS else key for key in methods]
            body.append(
                ctx.p(
                    _("Accepted payment methods: {methods}.").format(methods=", ".join(names)),
                    "body",
                )
            )
        bank = [office.bank_details.strip()] if office.bank_details.strip() else []
        if not domestic:  # an international transfer needs the bank's codes
            if office.iban.strip():
                bank.append(_("IBAN: {code}").format(code=office.iban.strip()))
            if office.swift.strip():
                bank.append(_("SWIFT/BIC: {code}").format(code=office.swift.strip()))
        if bank:
            body += [
                Spacer(1, 2 * mm),
                ctx.p(_("Bank details"), "heading"),
                ctx.p("\n".join(bank), "body"),
            ]
    if not body:
        return []
    return [Spacer(1, 6 * mm), KeepTogether([ctx.p(_("Payment instructions"), "heading"), *body])]


def _full_stop(sentence: str) -> str:
    """One full stop where a date already ends in one ("5 дек. 2026 г." + "."), at the
    end or inside the sentence; an ellipsis stays."""
    return re.sub(r"(?<!\.)\.\.(?!\.)", ".", sentence)


def _notes_section(ctx: _Context) -> list[Flowable]:
    _ = ctx.gettext
    if not ctx.doc.notes.strip():
        return []
    return [
        Spacer(1, 6 * mm),
        ctx.p(_("Notes"), "heading"),
        ctx.p(ctx.doc.notes.strip(), "body"),
    ]


def _refund_policy(ctx: _Context, style: str) -> Paragraph | None:
    _ = ctx.gettext
    # The default text (store.models.DEFAULT_REFUND_POLICY) is a catalog message:
    # printed in the document's language.  The office's own text is not in the
    # catalog and prints as written.  (gettext("") would be the catalog's header.)
    text = ctx.doc.office.refund_policy.strip()
    if not text:
        return None
    policy = _(text)
    # _() outside the f-string: Babel's extractor does not look inside f-strings.
    label = _markup(_("Refund policy:"))
    return Paragraph(f"<b>{label}</b> {_markup(policy)}", ctx.styles[style])


# --------------------------------------------------------------------------- pages


class _NumberedCanvas(Canvas):
    """A canvas that prints "page / pages" (and a draft's watermark) on every page.

    Pages are kept until :meth:`save`, when their count is known (the usual
    two-pass numbered-canvas pattern).  The watermark is drawn last, translucent,
    so that table backgrounds cannot hide it.
    """

    def __init__(self, *args: Any, watermark: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._watermark = watermark
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        count = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_watermark()
            self.saveState()
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawRightString(
                PAGE_WIDTH - MARGIN, FOOTER_BASELINE, f"{self._pageNumber} / {count}"
            )
            self.restoreState()
            super().showPage()
        super().save()

    def _draw_watermark(self) -> None:
        if not self._watermark:
            return
        size = 110.0
        width = pdfmetrics.stringWidth(self._watermark, FONT_BOLD, size)
        if width > PAGE_HEIGHT * 0.8:  # a long translation: shrink to fit the diagonal
            size *= PAGE_HEIGHT * 0.8 / width
        self.saveState()
        self.setFillColor(MUTED)
        self.setFillAlpha(0.12)
        self.setFont(FONT_BOLD, size)
        self.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        self.rotate(45)
        self.drawCentredString(0, -size / 3, self._watermark)
        self.restoreState()


@dataclass
class _Pages:
    """What is drawn around the flowing content of every page."""

    label: str  # "Invoice INV-2026-0001"
    office: str
    footer: Paragraph | None

    def first(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        self._footer(canvas)

    def later(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        self._footer(canvas)
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        y = PAGE_HEIGHT - 11 * mm
        canvas.drawString(MARGIN, y, self.office)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, y, self.label)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, y - 2 * mm, PAGE_WIDTH - MARGIN, y - 2 * mm)
        canvas.restoreState()

    def _footer(self, canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, FOOTER_BASELINE, self.label)
        top = FOOTER_BASELINE + 3.5 * mm
        if self.footer is not None:
            _, height = self.footer.wrap(FRAME_WIDTH, PAGE_HEIGHT)
            self.footer.drawOn(canvas, MARGIN, top)
            top += height + 1.5 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top, PAGE_WIDTH - MARGIN, top)
        canvas.restoreState()


# --------------------------------------------------------------------------- API


def render_invoice(doc: InvoiceDocument) -> bytes:
    """The PDF of ``doc`` (A4), in the document's language; the same ``doc``, the same bytes.

    Text of any length prints: the letterhead and the client block shorten what
    cannot fit on a page (:func:`_clip`), the rest wraps and flows onto more pages.
    Raises :class:`ValueError` for an unknown ``kind`` and the domain's
    :class:`~b24desk.domain.errors.ValidationError` for an invalid line.
    """
    if doc.kind not in KINDS:
        raise ValueError(f"unknown document kind {doc.kind!r}; expected one of {KINDS}")
    try:
        return _render(_fitted(doc, _Limits()))
    except LayoutError:
        return _render(_fitted(doc, _COMPACT))


def _render(doc: InvoiceDocument) -> bytes:
    _register_fonts()
    lang = normalize_language(doc.language)
    _ = translation(lang).gettext
    currency = doc.currency.strip().upper()
    lines = [
        InvoiceLine(
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount=line.discount,
            tax_rate=line.tax_rate,
        )
        for line in doc.lines
    ]
    totals = invoice_totals(lines, currency)
    title = _document_title(doc, _)
    ctx = _Context(
        doc=doc,
        lang=lang,
        currency=currency,
        gettext=_,
        styles=_styles(),
        totals=totals,
        title=title,
        gst=doc.office.country.strip().upper() in _GST_COUNTRIES,
    )

    story: list[Flowable] = [
        NextPageTemplate("later"),
        _letterhead(ctx),
        Spacer(1, 8 * mm),
        _client_block(ctx),
        Spacer(1, 7 * mm),
        _lines_table(ctx),
        _totals_table(ctx),
        *_home_amount(ctx),
    ]
    if doc.kind == "invoice":
        story += _payment_section(ctx)
    story += _notes_section(ctx)

    # The refund policy sits in every page's footer when it is short; a long one
    # would crowd out the lines, so it then closes the document instead.
    footer = _refund_policy(ctx, "footer")
    footer_height = 0.0
    if footer is not None:
        footer_height = footer.wrap(FRAME_WIDTH, PAGE_HEIGHT)[1]
        if footer_height > REFUND_FOOTER_MAX_HEIGHT:
            closing = _refund_policy(ctx, "small")
            assert closing is not None
            story += [Spacer(1, 6 * mm), closing]
            footer, footer_height = None, 0.0
    bottom = FOOTER_BASELINE + 3.5 * mm + footer_height + 6 * mm

    label = f"{title} {doc.number}" if doc.number else title
    pages = _Pages(label=_single_line(label), office=_single_line(doc.office.name), footer=footer)
    frame = _content_frame(bottom)
    subject = _("{document} for {client}").format(document=title, client=doc.client.name)
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[
            PageTemplate(id="first", frames=[frame], onPage=pages.first),
            PageTemplate(id="later", frames=[frame], onPage=pages.later),
        ],
        title=_single_line(doc.number or title),
        author=_single_line(doc.office.name),
        subject=_single_line(subject),
        creator="b24desk",
        lang=lang,
        displayDocTitle=True,
        invariant=1,
        initialFontName=FONT,
    )
    if doc.number is None:
        watermark = _single_line(_("DRAFT"))
    elif doc.status(totals.total) == "paid":
        watermark = _single_line(_("PAID"))
    else:
        watermark = ""
    template.build(story, canvasmaker=partial(_NumberedCanvas, watermark=watermark))
    return buffer.getvalue()


def write_invoice(doc: InvoiceDocument, path: str | os.PathLike[str]) -> Path:
    """Render ``doc`` and write it to ``path`` atomically (a temporary file, then replace).

    Readers never see a half-written file; on failure ``path`` is left as it was.
    The file is readable by its owner only (:data:`PDF_FILE_MODE`): invoices hold
    client data, and a file it replaces loses any wider permissions it had.
    A missing folder is created.  Returns the path written.
    """
    target = Path(path)
    data = render_invoice(doc)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, PDF_FILE_MODE)  # mkstemp's mode already; said, not assumed
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return target
