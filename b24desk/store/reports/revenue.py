"""Revenue by month, by plan and by country in the home currency (issue #17.5).

Revenue is the **net** of issued invoices (tax is not revenue) less the net of the
credit notes, each on its own issue date; drafts and void invoices do not count.
The database sums the nets per issue day, currency and group (month, plan or
country) and kind (invoice or credit note); each sum is converted into the home
currency at the rate of its day, so an invoice of March counts at March's rate.

By plan, the nets are those of the invoice lines, rounded per line as the invoice
rounds them (:meth:`b24desk.domain.invoicing.InvoiceLine.net`), so the lines of an
invoice add up to its net.  A credit note's line counts against the plan of the
credited invoice's line it copies (same position and description); lines without a
plan (services) are grouped together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

import peewee

from b24desk.i18n import N_, _, babel_locale, currency_digits
from b24desk.store.models import Client, Invoice, InvoiceLine, Plan
from b24desk.store.report_shape import (
    Cell,
    Chart,
    Column,
    Drill,
    RecordRef,
    Report,
    ReportRow,
    ReportSpan,
)
from b24desk.store.reports.common import (
    Converter,
    convert_row,
    day_of,
    filters_of,
    money,
    month_of,
    rate_period,
    summed,
    title,
)

__all__ = [
    "TITLES",
    "build_revenue_country",
    "build_revenue_month",
    "build_revenue_plan",
    "line_net_units",
    "revenue_records",
]

By = Literal["month", "plan", "country"]

TITLES: dict[By, str] = {
    "month": N_("Revenue by month"),
    "plan": N_("Revenue by plan"),
    "country": N_("Revenue by country"),
}

#: The group of lines without a plan (services, free text).
NO_PLAN = ""


def _lit(n: int) -> peewee.SQL:
    """An integer written into the SQL (not a parameter, which a money column would
    convert into stored units, and which PostgreSQL might type as numeric)."""
    return peewee.SQL(str(int(n)))


def line_net_units(currencies: Iterable[str]) -> peewee.ColumnBase:
    """SQL: an invoice line's net in stored money units (10⁻⁴), rounded half up to
    its invoice's currency's minor unit — :meth:`InvoiceLine.net` in integers.

    quantity × unit price × (1 − discount) is a number of 10⁻¹² units; it is split so
    that no product overflows 64 bits: with g = quantity × unit price (10⁻⁸ units),
    a = g div 10⁴ and b = g mod 10⁴, the exact net is (a·f·10⁴ + b·f) 10⁻¹² with
    f = 10⁴ − discount, and the net in minor units is
    (a·f + (b·f + half) div 10⁴) div 10^(8 − digits).
    """

    def rounded(digits: int) -> peewee.ColumnBase:
        gross = InvoiceLine.quantity * InvoiceLine.unit_price
        keep = _lit(10_000) - InvoiceLine.discount
        whole = gross / _lit(10_000)  # integer division on both engines
        a = whole * keep
        b = (gross - whole * _lit(10_000)) * keep  # peewee's % is LIKE: the remainder
        half = 5 * 10 ** (11 - digits)
        minor = (a + (b + _lit(half)) / _lit(10_000)) / _lit(10 ** (8 - digits))
        return minor * _lit(10 ** (4 - digits))

    special = sorted({c.upper() for c in currencies if currency_digits(c) != 2})
    if not special:
        return rounded(2)
    whens = [(Invoice.currency == code, rounded(currency_digits(code))) for code in special]
    return peewee.Case(None, whens, rounded(2))


def _issued(start: date, end: date) -> peewee.Expression:
    return (
        Invoice.number.is_null(False)
        & Invoice.state.in_(("issued", "credited"))
        & (Invoice.issue_date >= start)
        & (Invoice.issue_date <= end)
    )


def _currencies() -> list[str]:
    return [str(row.currency) for row in Invoice.select(Invoice.currency).distinct()]


_Original = InvoiceLine.alias("original_line")


def _source(by: By, start: date, end: date) -> tuple[peewee.ModelSelect[Any], Any, Any]:
    """The rows summed (a select to extend), the group column and the net column."""
    if by == "plan":
        net = line_net_units(_currencies())
        plan = peewee.fn.COALESCE(InvoiceLine.plan, _Original.plan)
        lines: peewee.ModelSelect[Any] = (
            InvoiceLine.select()
            .join(Invoice)
            .join(
                _Original,
                peewee.JOIN.LEFT_OUTER,
                on=(
                    (_Original.invoice == Invoice.credited_invoice)
                    & (_Original.position == InvoiceLine.position)
                    & (_Original.description == InvoiceLine.description)
                ),
            )
            .switch(Invoice)
            .join(Client)
            .where(_issued(start, end))
        )
        return lines, plan, net
    query = Invoice.select().join(Client).where(_issued(start, end))
    # By month the day makes the group (the currency is grouped by anyway).
    group = Client.country if by == "country" else Invoice.currency
    return query, group, Invoice.net


@dataclass
class _Sums:
    invoices: int = 0
    invoiced: Decimal = Decimal(0)
    credited: Decimal = Decimal(0)
    days: list[date] = field(default_factory=list)


def _months(span: ReportSpan) -> list[tuple[str, date, date]]:
    """Every month the span touches: ("2026-03", first day, last day), clipped."""
    months: list[tuple[str, date, date]] = []
    first = span.start.replace(day=1)
    while first <= span.end:
        following = (first + timedelta(days=32)).replace(day=1)
        last = min(following - timedelta(days=1), span.end)
        months.append((first.strftime("%Y-%m"), max(first, span.start), last))
        first = following
    return months


def _build(by: By, span: ReportSpan) -> Report:
    convert = Converter()
    query, group, net = _source(by, span.start, span.end)
    month = month_of(Invoice.issue_date)
    inner = query.select(
        Invoice.id,
        Invoice.currency,
        Invoice.issue_date.alias("day"),
        rate_period(Invoice.issue_date).alias("period"),
        (month if by == "month" else group).alias("grp"),
        Invoice.kind,
        net.alias("net"),
    )
    sums: dict[Any, _Sums] = {}
    for currency, period, last, grp, kind, units, count in summed(
        inner, ("grp", "kind"), ("net",), distinct="id"
    ):
        amount = convert_row(convert, currency, period, last, units)
        if amount is None:
            continue
        group_sums = sums.setdefault(grp, _Sums())
        if kind == "credit_note":
            group_sums.credited += amount
        else:
            group_sums.invoices += int(count)
            group_sums.invoiced += amount
    left_out = convert.left_out()
    labels: list[tuple[str, str, date, date]] = []  # key, label, start, end
    if by == "month":
        labels = [(key, key, first, last) for key, first, last in _months(span)]
    elif by == "plan":
        chosen = Plan.select(Plan.id, Plan.name).where(Plan.id.in_([k for k in sums if k] or [0]))
        plans = {plan.id: plan.name for plan in chosen}
        order = sorted(sums, key=lambda k: (-(sums[k].invoiced - sums[k].credited), str(k)))
        labels = [
            (str(k or NO_PLAN), str(plans.get(k, "")) if k else _("Services and other"),
             span.start, span.end)
            for k in order
        ]  # fmt: skip
    else:
        names = babel_locale().territories
        order = sorted(sums, key=lambda k: (-(sums[k].invoiced - sums[k].credited), str(k)))
        labels = [(str(k), str(names.get(k, k)), span.start, span.end) for k in order]

    def drill(key: str | None, kind: str | None, start: date, end: date) -> Drill:
        return Drill(
            "invoice",
            (
                ("report", "revenue"),
                ("by", by),
                ("key", key),
                ("kind", kind),
                ("start", start),
                ("end", end),
                ("left_out", left_out),
            ),
        )

    zero = Decimal(0)
    report_rows: list[ReportRow] = []
    for key, label, first, last in labels:
        s = sums.get(key if by == "month" else _group_value(by, key), _Sums())
        r = convert.round
        cells: tuple[Cell, ...] = (label, s.invoices, r(s.invoiced), r(s.credited),
                                   r(s.invoiced - s.credited))  # fmt: skip
        drills: dict[str, Drill] = {}
        group_key = None if by == "month" else key
        if s.invoices:
            drills["invoices"] = drills["invoiced"] = drill(group_key, "invoice", first, last)
        if s.credited:
            drills["credited"] = drill(group_key, "credit_note", first, last)
        if s.invoices or s.credited:
            drills["revenue"] = drill(group_key, None, first, last)
        report_rows.append(ReportRow(key, cells, drills))
    invoiced = sum((s.invoiced for s in sums.values()), zero)
    credited = sum((s.credited for s in sums.values()), zero)
    # By plan an invoice with lines of two plans counts in both rows: no total count.
    count = None if by == "plan" else sum(s.invoices for s in sums.values())
    total_drills = {
        "invoices": drill(None, "invoice", span.start, span.end),
        "invoiced": drill(None, "invoice", span.start, span.end),
        "credited": drill(None, "credit_note", span.start, span.end),
        "revenue": drill(None, None, span.start, span.end),
    }
    total = ReportRow(
        "total",
        (None, count, convert.round(invoiced), convert.round(credited),
         convert.round(invoiced - credited)),
        total_drills,
    )  # fmt: skip
    label_title = {"month": N_("Month"), "plan": N_("Plan"), "country": N_("Country")}[by]
    columns = (
        Column("label", title(label_title), "text"),
        Column("invoices", title(N_("Invoices")), "count"),
        Column("invoiced", title(N_("Invoiced (net)")), "money"),
        Column("credited", title(N_("Credited (net)")), "money"),
        Column("revenue", title(N_("Revenue")), "money"),
    )
    return Report(
        key=f"revenue_{by}",
        title=title(TITLES[by]),
        span=span,
        currency=convert.home,
        columns=columns,
        rows=report_rows,
        total=total,
        chart=Chart("bar", "label", ("revenue",)),
        notes=convert.notes(),
    )


def _group_value(by: By, key: str) -> Any:
    """The group value the query gave for a row key (a plan id, a country code)."""
    if by == "plan":
        return int(key) if key else None
    return key


def build_revenue_month(span: ReportSpan) -> Report:
    return _build("month", span)


def build_revenue_plan(span: ReportSpan) -> Report:
    return _build("plan", span)


def build_revenue_country(span: ReportSpan) -> Report:
    return _build("country", span)


def revenue_records(drill: Drill, limit: int) -> list[RecordRef]:
    """The invoices and credit notes behind a revenue figure, by issue date, each with
    the net it adds (a credit note's is negative; by plan, the net of that plan's
    lines), in its own currency."""
    f = filters_of(drill.filters)
    by: By = f["by"]
    query, group, net = _source(by, f["start"], f["end"])
    key = f.get("key")
    if key is not None:
        value = _group_value(by, key)
        query = query.where(group.is_null() if value is None else group == value)
    if f.get("kind") is not None:
        query = query.where(Invoice.kind == f["kind"])
    for currency, last_day in f.get("left_out") or ():
        query = query.where(~((Invoice.currency == currency) & (Invoice.issue_date <= last_day)))
    rows = (
        query.select(
            Invoice.id,
            Invoice.kind,
            Invoice.number,
            Client.company,
            Invoice.issue_date,
            Invoice.currency,
            peewee.fn.SUM(net).alias("net"),
        )
        .group_by(
            Invoice.id,
            Invoice.kind,
            Invoice.number,
            Client.company,
            Invoice.issue_date,
            Invoice.currency,
        )
        .order_by(Invoice.issue_date, Invoice.id)
        .limit(limit)
        .tuples()
    )
    return [
        RecordRef(
            kind="invoice",
            id=invoice_id,
            label=str(number),
            client=str(company),
            day=day_of(day),
            amount=-money(units) if kind == "credit_note" else money(units),
            currency=str(currency),
        )
        for invoice_id, kind, number, company, day, currency, units in rows
    ]
