"""The Reports tab's exports: the file name offered, and the store's CSV and PDF writers."""

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
    from b24desk.store.reports import write_csv as store_write_csv  # type: ignore[attr-defined]

    return store_write_csv(report, path)


def write_pdf(report: Report, path: Path) -> object:
    from b24desk.pdf.report import write_report_pdf

    return write_report_pdf(report, path)
