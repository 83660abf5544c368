"""Receivables ageing (issue #17.5): what clients owe, by how long it is past due.

As of a day (the span's end), each issued invoice's open balance then — its total
less the payments received and the credit notes issued by that day
(:func:`b24desk.store.invoices.balance_expression` with ``as_of``) — falls in a bucket
of :mod:`b24desk.domain.ageing` by its due date.  The database sums the balances per
client, currency and bucket; each sum is converted into the home currency at the
rate of the as-of day.  Amounts in a currency without a rate are left out, with a
note (:class:`~b24desk.store.reports.common.Converter`).  The bucket totals add up
to the sum of the open balances.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import peewee

from b24desk.domain.ageing import BUCKETS, bucket_starts
from b24desk.i18n import N_
from b24desk.store.invoices import balance_expression
from b24desk.store.models import Client, Invoice
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
from b24desk.store.reports.common import Converter, filters_of, money, title

__all__ = ["TITLE", "aging_records", "build_aging"]

TITLE = N_("Receivables ageing")


def _bucket(as_of: date) -> peewee.ColumnBase:
    """SQL: the ageing bucket of ``Invoice.due_date`` on ``as_of`` (the domain's rule)."""
    starts = bucket_starts(as_of)
    whens: list[tuple[Any, str]] = [(Invoice.due_date.is_null(), "current")]
    whens += [(Invoice.due_date >= start, bucket) for bucket, start in starts]
    return peewee.Case(None, whens, "90_plus")


def _open_on(as_of: date) -> peewee.Expression:
    """Invoices that could be owed on ``as_of``: issued by then, not void."""
    return (
        (Invoice.kind == "invoice")
        & Invoice.number.is_null(False)
        & Invoice.state.in_(("issued", "credited"))
        & (Invoice.issue_date <= as_of)
    )


def _per_invoice(as_of: date) -> peewee.ModelSelect[Invoice]:
    owed = balance_expression(Invoice, as_of)
    return Invoice.select(
        Invoice.id,
        Invoice.client,
        Invoice.currency,
        _bucket(as_of).alias("bucket"),
        owed.alias("owed"),
    ).where(_open_on(as_of))


def build_aging(span: ReportSpan) -> Report:
    as_of = span.as_of
    convert = Converter()
    inner = _per_invoice(as_of).select_extend(Client.company).join(Client).alias("o")
    rows = (
        inner.select_from(
            inner.c.client_id,
            inner.c.company,
            inner.c.currency,
            inner.c.bucket,
            peewee.fn.SUM(inner.c.owed).alias("owed"),
        )
        .where(inner.c.owed > 0)
        .group_by(inner.c.client_id, inner.c.company, inner.c.currency, inner.c.bucket)
        .tuples()
    )
    per_client: dict[int, dict[str, Decimal]] = {}
    currencies: dict[int, set[str]] = {}
    names: dict[int, str] = {}
    for client_id, company, currency, bucket, owed in rows:
        names[client_id] = company
        amount = convert.convert(money(owed), currency, as_of)
        if amount is None:
            continue
        buckets = per_client.setdefault(client_id, {b: Decimal(0) for b in BUCKETS})
        buckets[bucket] += amount
        currencies.setdefault(client_id, set()).add(currency)
    converted = tuple(sorted({c for cs in currencies.values() for c in cs}))

    def drill(client_id: int | None, bucket: str | None, codes: tuple[str, ...]) -> Drill:
        return Drill(
            "invoice",
            (
                ("report", "aging"),
                ("as_of", as_of),
                ("client", client_id),
                ("bucket", bucket),
                ("currencies", codes),
            ),
        )

    report_rows: list[ReportRow] = []
    for client_id in sorted(per_client, key=lambda c: (str(names.get(c, "")).casefold(), c)):
        buckets = per_client[client_id]
        codes = tuple(sorted(currencies[client_id]))
        cells: tuple[Cell, ...] = (
            names.get(client_id, ""),
            *(convert.round(v) for v in buckets.values()),
            convert.round(sum(buckets.values(), Decimal(0))),
        )
        drills = {b: drill(client_id, b, codes) for b in BUCKETS if buckets[b]}
        drills["total"] = drill(client_id, None, codes)
        report_rows.append(ReportRow(str(client_id), cells, drills))
    totals = {b: sum((per_client[c][b] for c in per_client), Decimal(0)) for b in BUCKETS}
    total_drills = {b: drill(None, b, converted) for b in BUCKETS if totals[b]}
    total_drills["total"] = drill(None, None, converted)
    total = ReportRow(
        "total",
        (
            None,
            *(convert.round(v) for v in totals.values()),
            convert.round(sum(totals.values(), Decimal(0))),
        ),
        total_drills,
    )
    columns = (
        Column("client", title(N_("Client")), "text"),
        *(Column(b, title(name), "money") for b, name in BUCKETS.items()),
        Column("total", title(N_("Total")), "money"),
    )
    return Report(
        key="aging",
        title=title(TITLE),
        span=span,
        currency=convert.home,
        columns=columns,
        rows=report_rows,
        total=total,
        chart=Chart("stacked", "client", tuple(BUCKETS)),
        notes=convert.notes(),
    )


def aging_records(drill: Drill, limit: int) -> list[RecordRef]:
    """The open invoices behind an ageing figure, oldest due date first, each with
    its open balance on the as-of day (in its own currency)."""
    f = filters_of(drill.filters)
    as_of: date = f["as_of"]
    inner = _per_invoice(as_of).select_extend(
        Invoice.number, Invoice.due_date, Invoice.year, Invoice.seq, Client.company
    ).join(Client)
    if f.get("client") is not None:
        inner = inner.where(Invoice.client == f["client"])
    codes = f.get("currencies")
    if codes is not None:
        inner = inner.where(Invoice.currency.in_(list(codes) or [""]))
    o = inner.alias("o")
    query = o.select_from(
        o.c.id, o.c.number, o.c.company, o.c.due_date, o.c.owed, o.c.currency
    ).where(o.c.owed > 0)
    if f.get("bucket") is not None:
        query = query.where(o.c.bucket == f["bucket"])
    query = query.order_by(o.c.due_date, o.c.year, o.c.seq, o.c.id).limit(limit)
    return [
        RecordRef(
            kind="invoice",
            id=invoice_id,
            label=str(number),
            client=str(company),
            day=_day(due),
            amount=money(owed),
            currency=str(currency),
        )
        for invoice_id, number, company, due, owed, currency in query.tuples()
    ]


def _day(value: Any) -> date | None:
    """A date column read through a subquery (SQLite gives it back as text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
