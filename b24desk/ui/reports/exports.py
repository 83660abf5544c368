"""The Reports tab's exports: the file name offered, and the CSV and PDF writers of
:mod:`b24desk.store.report_csv` and :mod:`b24desk.pdf.report`."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from b24desk.store.report_shape import Report

Writer = Callable[[Report, Path], object]


def file_name(report: Report, suffix: str) -> str:
    """The name the save dialog offers: the report and its dates ("aging-2026-11-20.csv",
    "revenue_month-2026-01-01-2026-12-31.pdf")."""
    span = report.span
    when = (
        span.end.isoformat()
        if span.start == span.end
        else f"{span.start.isoformat()}-{span.end.isoformat()}"
    )
    return re.sub(r"[^A-Za-z0-9_.-]", "_", f"{report.key}-{when}") + suffix


def write_csv(report: Report, path: Path) -> object:
    """The report's table as CSV (translated titles over locale-independent values)."""
    from b24desk.store.report_csv import write_report_csv

    return write_report_csv(report, path)


def write_pdf(report: Report, path: Path) -> object:
    """The report's title, dates, chart, table and notes as a PDF in the desk language,
    the office named in the footer."""
    from b24desk.i18n import current_language
    from b24desk.pdf.report import write_report_pdf
    from b24desk.store.office import get_office

    return write_report_pdf(report, path, current_language(), get_office().name)
