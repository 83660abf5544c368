"""What a report is, for the store that computes it and the screens, files and
commands that show it (issue #17.5).

A report is a table: columns with a kind (how a cell is formatted), rows of cells,
an optional total row, and an optional chart (one or more series over the rows'
labels).  Every figure comes from an SQL aggregate in ``b24desk.store.reports``; a
figure that has records behind it carries a :class:`Drill`, which
``b24desk.store.reports.drill_records`` turns into the list of those records.
Cells hold plain values: ``Decimal`` money in :attr:`Report.currency`, ``int``
counts, ``Decimal`` fractions for percentages (0.25 is 25 %), ``date`` or ``str``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

__all__ = ["Chart", "Column", "Drill", "RecordRef", "Report", "ReportRow", "ReportSpan"]

#: How a column's cells are shown: text, money in the report's currency, a count, a
#: fraction shown as a percentage, a date.
ColumnKind = Literal["text", "money", "count", "percent", "date"]

Cell = str | int | Decimal | date | None


@dataclass(frozen=True)
class ReportSpan:
    """The dates a report covers, both inclusive; ``as_of`` for a snapshot (ageing)."""

    start: date
    end: date

    @property
    def as_of(self) -> date:
        return self.end


@dataclass(frozen=True)
class Column:
    key: str
    title: Callable[[], str]  # translated when called, in the current language
    kind: ColumnKind = "text"


@dataclass(frozen=True)
class Drill:
    """Which records make a figure: a record kind ("invoice", "coupon", "ticket",
    "client") and the filter the store applies (report-specific keys)."""

    kind: str
    filters: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class RecordRef:
    """One record behind a figure, as the drill-down list shows it."""

    kind: str  # "invoice", "coupon", "ticket", "client"
    id: int
    label: str  # number, code, TID or company
    client: str
    day: date | None
    amount: Decimal | None
    currency: str


@dataclass
class ReportRow:
    key: str  # stable: a client id, a month "2026-03", a plan code, a country
    cells: tuple[Cell, ...]
    drills: dict[str, Drill] = field(default_factory=dict)  # column key -> records


@dataclass(frozen=True)
class Chart:
    """``kind`` "bar" (grouped bars per row label) or "stacked"; the series are
    column keys whose values are drawn, labels from ``label_column``."""

    kind: Literal["bar", "stacked", "line"]
    label_column: str
    series: tuple[str, ...]


@dataclass
class Report:
    key: str  # "aging", "revenue_month", "revenue_plan", "revenue_country", "coupons", "sla"
    title: Callable[[], str]
    span: ReportSpan
    currency: str  # the currency of every money cell (the home currency)
    columns: tuple[Column, ...]
    rows: list[ReportRow]
    total: ReportRow | None = None
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)  # translated: e.g. amounts without a rate
