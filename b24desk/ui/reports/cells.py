"""How a report's cells read: money in the report's currency, counts, percentages and
dates, each Babel-formatted in the desk language (table, chart and drill-down alike)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel import numbers as _numbers

from b24desk.i18n import (
    babel_locale,
    currency_digits,
    format_date,
    format_decimal,
    format_money,
    format_percent,
)
from b24desk.store.report_shape import Cell, ColumnKind

#: Kinds whose cells are numbers: right-aligned, drawn in a chart.
NUMERIC: frozenset[str] = frozenset({"money", "count", "percent"})


def number(value: Cell) -> Decimal | None:
    """A cell as a number (None for text, dates and empty cells)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    return Decimal(value)


def cell_text(value: Cell, kind: ColumnKind, currency: str) -> str:
    """A cell as the table writes it: the exact figure."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    figure = number(value)
    if figure is None:
        return str(value)
    if kind == "money":
        return format_money(figure, currency)
    if kind == "percent":
        return format_percent(figure)
    if kind == "count":
        return format_decimal(figure, digits=0)
    return format_decimal(figure)


def axis_text(value: Decimal, kind: ColumnKind, currency: str) -> str:
    """A round figure on a chart's axis: money in whole units with its currency sign
    ("$12,500", "12.500 NZD", "12 500 NZ$"), a percentage or a count."""
    if kind == "percent":
        return format_percent(value)
    if kind == "money":
        text = format_money(value.quantize(Decimal(1)), currency)
        digits = currency_digits(currency)
        if digits:  # the same figure as the table writes, without its ",00"
            text = text.replace(_numbers.get_decimal_symbol(babel_locale()) + "0" * digits, "")
        return text
    return format_decimal(value, digits=0 if value == value.to_integral_value() else 1)
