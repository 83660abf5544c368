"""A report as a PDF (issue #17.5): title, span, a bar chart where the report has
one, the table with its total, and the notes.

In the style and the embedded DejaVu fonts of :mod:`b24desk.pdf.invoice` (so
Cyrillic prints); money, counts, percentages and dates are formatted by Babel in
``lang``.  Titles and column names are translated with ``lang``'s catalog; the row
labels (a product, a country, "Services and other") and the notes are as the report
was built, so build it in the same language (the ``report`` command does).  Money
cells are numbers in the report's currency, named once under the title and in the
money columns' headers.  Deterministic: the same report gives the same bytes.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from b24desk.i18n import (
    currency_digits,
    format_compact,
    format_date,
    format_decimal,
    format_percent,
    normalize_language,
    translation,
)
from b24desk.pdf.invoice import (
    FONT,
    FONT_BOLD,
    FOOTER_BASELINE,
    FRAME_WIDTH,
    INK,
    NUMBER_SIZE,
    PDF_FILE_MODE,
    _clip,
    _content_frame,
    _grid_style,
    _markup,
    _NumberedCanvas,
    _Pages,
    _register_fonts,
    _single_line,
    _styles,
)
from b24desk.store.report_shape import Cell, Column, Report, ReportRow

__all__ = ["MAX_BARS", "render_report", "write_report_pdf"]

_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")

#: At most this many bars (groups) are drawn; the largest, in the table's order.
MAX_BARS = 24

_SERIES_COLOURS = (
    colors.HexColor("#2f6f9f"),
    colors.HexColor("#7fb069"),
    colors.HexColor("#e6aa68"),
    colors.HexColor("#ca3c25"),
    colors.HexColor("#5d2e8c"),
    colors.HexColor("#8a8a8a"),
)


class _Ctx:
    def __init__(self, report: Report, lang: str) -> None:
        self.report = report
        self.lang = normalize_language(lang)
        self._: Callable[[str], str] = translation(self.lang).gettext
        self.styles = _styles()
        self.digits = currency_digits(report.currency)

    def tr(self, text: Callable[[], str]) -> str:
        """A title of the report in ``lang`` (its ``message`` when it has one)."""
        message = getattr(text, "message", None)
        return self._(message) if isinstance(message, str) else text()

    def p(self, text: object, style: str) -> Paragraph:
        return Paragraph(_markup(text), self.styles[style])

    def cell(self, value: Cell, kind: str) -> str:
        if value is None:
            return ""
        if kind == "money" and isinstance(value, Decimal | int):
            return format_decimal(value, self.lang, digits=self.digits)
        if kind == "percent" and isinstance(value, Decimal):
            return format_percent(value, self.lang)
        if kind == "count" and isinstance(value, int | Decimal):
            return format_decimal(value, self.lang)
        if isinstance(value, date):
            return format_date(value, self.lang)
        if kind == "text" and _MONTH.fullmatch(str(value)):
            first = date(int(str(value)[:4]), int(str(value)[5:]), 1)
            return format_date(first, self.lang, format="LLL y")
        return str(value)

    def header(self, column: Column) -> str:
        text = self.tr(column.title)
        return f"{text} ({self.report.currency})" if column.kind == "money" else text


def _span_line(ctx: _Ctx) -> str:
    _ = ctx._
    span = ctx.report.span
    if ctx.report.key == "aging":
        when = _("As of {date}").format(date=format_date(span.as_of, ctx.lang))
    else:
        when = _("{start} – {end}").format(
            start=format_date(span.start, ctx.lang), end=format_date(span.end, ctx.lang)
        )
    if not any(c.kind == "money" for c in ctx.report.columns):
        return when
    return _("{span} · amounts in {currency}").format(span=when, currency=ctx.report.currency)


def _column_widths(
    headers: Sequence[str], texts: Sequence[Sequence[str]], size: float
) -> list[float] | None:
    """Widths that fit each number column's longest cell at ``size`` points and the
    longest word of its header, the rest to the label column; None when the label
    column would get less than 30 mm."""
    pad = 7.0

    def word(header: str) -> float:
        return max(pdfmetrics.stringWidth(w, FONT_BOLD, 8) for w in header.split() or [""])

    numbers = [
        max(word(headers[i]), *(pdfmetrics.stringWidth(row[i], FONT_BOLD, size) for row in texts))
        + pad
        for i in range(1, len(headers))
    ]
    numbers = [max(w, 14 * mm) for w in numbers]
    label = FRAME_WIDTH - sum(numbers)
    if label < 30 * mm:
        return None
    return [label, *numbers]


def _table(ctx: _Ctx) -> Flowable:
    report = ctx.report
    kinds = [c.kind for c in report.columns]
    head = [
        ctx.p(ctx.header(c), "head" if i == 0 else "head_num")
        for i, c in enumerate(report.columns)
    ]

    _ = ctx._
    total_label = _("Total")

    def line(row: ReportRow, total: bool = False) -> list[Any]:
        cells: list[Any] = [ctx.cell(v, k) for v, k in zip(row.cells, kinds, strict=True)]
        label = cells[0] or (total_label if total else "")
        cells[0] = ctx.p(_clip(label, 60, 2), "cell")
        return cells

    rows = list(report.rows) + ([report.total] if report.total is not None else [])
    texts = [[ctx.cell(v, k) for v, k in zip(r.cells, kinds, strict=True)] for r in rows]
    size = NUMBER_SIZE
    headers = [ctx.header(c) for c in report.columns]
    widths = _column_widths(headers, texts, size) if texts else None
    while widths is None and texts and size > 6:
        size -= 0.5
        widths = _column_widths(headers, texts, size)
    data: list[list[Any]] = [head, *(line(r) for r in report.rows)]
    if report.total is not None:
        data.append(line(report.total, total=True))
    style = _grid_style(len(data))
    style.add("FONTSIZE", (1, 1), (-1, -1), size)
    style.add("LEADING", (1, 1), (-1, -1), size + 2)
    if report.total is not None:
        style.add("FONTNAME", (0, -1), (-1, -1), FONT_BOLD)
        style.add("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)
    if widths is None:  # very many columns: share the width equally
        widths = [FRAME_WIDTH / len(report.columns)] * len(report.columns)
    return Table(data, colWidths=widths, repeatRows=1, style=style)


def _chart(ctx: _Ctx) -> list[Flowable]:
    report = ctx.report
    chart_spec = report.chart
    if chart_spec is None or not report.rows:
        return []
    keys = [c.key for c in report.columns]
    try:
        label_at = keys.index(chart_spec.label_column)
        series_at = [keys.index(s) for s in chart_spec.series]
    except ValueError:
        return []
    percent = all(report.columns[i].kind == "percent" for i in series_at)

    def figure(row: ReportRow, at: int) -> Decimal:
        cell = row.cells[at]
        return Decimal(cell) if isinstance(cell, Decimal | int) else Decimal(0)

    def value(row: ReportRow, at: int) -> float:
        # Drawing only: a bar's height is a coordinate for reportlab, never an amount.
        return float(figure(row, at))

    rows = list(report.rows)
    flowables: list[Flowable] = []
    if len(rows) > MAX_BARS:  # the largest figures, compared exactly
        size = {id(r): sum(abs(figure(r, i)) for i in series_at) for r in rows}
        kept = {id(r) for r in sorted(rows, key=lambda r: -size[id(r)])[:MAX_BARS]}
        rows = [r for r in rows if id(r) in kept]
        _ = ctx._
        flowables.append(
            ctx.p(
                _("The chart shows the {shown} largest of {count} rows.").format(
                    shown=len(rows), count=len(report.rows)
                ),
                "muted",
            )
        )
    if not any(figure(r, i) for r in rows for i in series_at):
        return []
    width, height = FRAME_WIDTH, 62 * mm
    drawing = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y = 14 * mm, 14 * mm
    bars.width, bars.height = width - 18 * mm, height - 24 * mm
    bars.data = [[value(r, i) for r in rows] for i in series_at]
    kind = report.columns[label_at].kind
    bars.categoryAxis.categoryNames = [
        _single_line(_clip(ctx.cell(r.cells[label_at], kind), 14)) for r in rows
    ]
    bars.categoryAxis.labels.fontName = FONT
    bars.categoryAxis.labels.fontSize = 6.5
    if len(rows) > 8:
        bars.categoryAxis.labels.angle = 30
        bars.categoryAxis.labels.boxAnchor = "ne"
    bars.valueAxis.labels.fontName = FONT
    bars.valueAxis.labels.fontSize = 6.5
    if percent:
        bars.valueAxis.valueMin, bars.valueAxis.valueMax = 0, 1
        bars.valueAxis.valueStep = 0.25
        bars.valueAxis.labelTextFormat = lambda v: format_percent(
            Decimal(str(round(v, 4))), ctx.lang
        )
    else:
        bars.valueAxis.valueMin = min(0.0, *(v for series in bars.data for v in series))
        bars.valueAxis.labelTextFormat = lambda v: format_compact(Decimal(int(v)), ctx.lang)
    if chart_spec.kind == "stacked":
        bars.categoryAxis.style = "stacked"
    bars.barSpacing = 0.5
    bars.groupSpacing = 4
    for n in range(len(series_at)):
        bars.bars[n].fillColor = _SERIES_COLOURS[n % len(_SERIES_COLOURS)]
        bars.bars[n].strokeColor = None
    drawing.add(bars)
    legend = Legend()
    legend.x, legend.y = 14 * mm, height - 3 * mm
    legend.fontName = FONT
    legend.fontSize = 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 30 * mm
    legend.dx = legend.dy = 6
    legend.colorNamePairs = [
        (_SERIES_COLOURS[n % len(_SERIES_COLOURS)], _single_line(ctx.tr(report.columns[i].title)))
        for n, i in enumerate(series_at)
    ]
    drawing.add(legend)
    return [drawing, Spacer(1, 5 * mm), *flowables]


def render_report(report: Report, lang: str = "en", office: str = "") -> bytes:
    """The PDF of ``report`` (A4) in ``lang``; ``office`` names the office in the footer."""
    _register_fonts()
    ctx = _Ctx(report, lang)
    title = ctx.tr(report.title)
    _ = ctx._
    story: list[Flowable] = [
        NextPageTemplate("later"),
        ctx.p(title, "office"),
        ctx.p(_span_line(ctx), "muted"),
        Spacer(1, 6 * mm),
        *_chart(ctx),
        _table(ctx),
    ]
    if not report.rows:
        story += [Spacer(1, 3 * mm), ctx.p(_("Nothing to report in this period."), "body")]
    for note in report.notes:
        story += [Spacer(1, 2 * mm), ctx.p(note, "muted")]
    pages = _Pages(label=_single_line(f"{title} · {_span_line(ctx)}"), office=_single_line(office),
                   footer=None)  # fmt: skip
    frame = _content_frame(FOOTER_BASELINE + 3.5 * mm + 6 * mm)
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[
            PageTemplate(id="first", frames=[frame], onPage=pages.first),
            PageTemplate(id="later", frames=[frame], onPage=pages.later),
        ],
        title=_single_line(title),
        author=_single_line(office),
        subject=_single_line(_span_line(ctx)),
        creator="b24desk",
        lang=ctx.lang,
        displayDocTitle=True,
        invariant=1,
        initialFontName=FONT,
    )
    template.build(story, canvasmaker=partial(_NumberedCanvas, watermark=""))
    return buffer.getvalue()


def write_report_pdf(
    report: Report, path: str | os.PathLike[str], lang: str = "en", office: str = ""
) -> Path:
    """Write the PDF of ``report`` to ``path`` (checked by the caller with
    :func:`b24desk.store.outputs.check_output_path`): beside it first, then renamed
    over it, so a failure leaves no half file."""
    data = render_report(report, lang, office)
    target = Path(path)
    temp = target.with_name(f".{target.name}.part")
    try:
        # Reports name clients and their debts: user-only, as the invoice PDFs.
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PDF_FILE_MODE)
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()
    return target
