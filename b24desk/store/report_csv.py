"""A report as a CSV file (issue #17.5): for a spreadsheet or another program.

The header row holds the columns' titles in the desk's language (money columns
with the report's currency: "Revenue (NZD)"); the cells hold machine values that
read the same in every locale: ISO dates (2026-03-31), numbers with a ``.`` decimal
point and no grouping (1234.50), percentages as percent numbers (26.40 for 26.4 %),
counts as integers.  The total row, when there is one, comes last with "Total" in
the first column.  The file is written through
:func:`b24desk.store.csvio.export_rows`: beside its target then renamed over it
(no half file), UTF-8 with a BOM, formula injection neutralised.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

from b24desk.i18n import _
from b24desk.store.csvio import COMMA, CsvDialect, export_rows
from b24desk.store.report_shape import Cell, Column, Report

__all__ = ["machine_value", "report_headers", "report_rows", "write_report_csv"]

_HUNDRED = Decimal(100)


def machine_value(value: Cell, kind: str) -> str:
    """A cell as locale-independent text (see the module's docstring)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        if kind == "percent":
            return format((value * _HUNDRED).quantize(Decimal("0.01")), "f")
        return format(value, "f")
    return str(value)


def report_headers(report: Report) -> list[str]:
    def header(column: Column) -> str:
        text = column.title()
        if column.kind == "money":
            return f"{text} ({report.currency})"
        return text

    return [header(c) for c in report.columns]


def report_rows(report: Report) -> Iterator[list[str]]:
    """The rows then the total row, as the cells of the CSV file."""
    kinds: Sequence[str] = [c.kind for c in report.columns]
    for row in report.rows:
        yield [machine_value(v, k) for v, k in zip(row.cells, kinds, strict=True)]
    if report.total is not None:
        cells = [machine_value(v, k) for v, k in zip(report.total.cells, kinds, strict=True)]
        if not cells[0]:
            cells[0] = _("Total")
        yield cells


def write_report_csv(
    report: Report, path: str | os.PathLike[str], dialect: CsvDialect | str = COMMA
) -> int:
    """Write ``report`` to ``path`` (checked by the caller with
    :func:`b24desk.store.outputs.check_output_path`); returns the number of rows
    written, the total row included."""
    return export_rows(path, report_headers(report), report_rows(report), dialect)
