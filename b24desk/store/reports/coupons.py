"""Coupons bought vs resold, with the margin, in the home currency (issue #17.5).

Per product and plan over the span:

* **bought** — coupons purchased in the span (not void) and their partner cost,
  what the office paid in money (a bonus that paid part of it is not a cost);
* **resold** — coupons assigned to a client in the span and still assigned or
  activated (not void, not expired unused), with their resale price (the price the
  client was charged; without one, the list price) and their partner cost;
* **margin** — resale less the partner cost of those resold; margin % of the resale.

The database sums per product, plan, currency and day (purchase day for what was
bought, assignment day for what was resold); each sum is converted at its day's
rate, so a coupon's resale and its cost are converted at the same rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import peewee

from b24desk.domain import vocabulary
from b24desk.i18n import N_, _
from b24desk.store.models import Client, Coupon, Plan
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
    rate_period,
    rows_of,
    summed,
    title,
)

__all__ = ["TITLE", "build_coupons", "coupon_records", "margin_share"]

TITLE = N_("Coupons bought and resold")

_RESOLD_STATES = ("assigned", "activated")
_PERCENT = Decimal("0.0001")


def margin_share(margin: Decimal, resale: Decimal) -> Decimal | None:
    """The margin as a fraction of the resale (0.25 is 25 %); None without a resale."""
    if not resale:
        return None
    return (margin / resale).quantize(_PERCENT)


def _bought(start: date, end: date) -> peewee.Expression:
    return (Coupon.purchased_on >= start) & (Coupon.purchased_on <= end) & (Coupon.state != "void")


def _resold(start: date, end: date) -> peewee.Expression:
    return (
        Coupon.client.is_null(False)
        & Coupon.assigned_on.is_null(False)
        & (Coupon.assigned_on >= start)
        & (Coupon.assigned_on <= end)
        & Coupon.state.in_(_RESOLD_STATES)
    )


_RESALE = peewee.fn.COALESCE(Coupon.resale_price, Coupon.list_price)


@dataclass
class _Sums:
    bought: int = 0
    cost: Decimal = Decimal(0)
    resold: int = 0
    resale: Decimal = Decimal(0)
    resold_cost: Decimal = Decimal(0)


def _key(product: str, plan_id: int | None) -> str:
    return f"{product}:{plan_id or ''}"


def _split(key: str) -> tuple[str, int | None]:
    product, _sep, plan = key.partition(":")
    return product, int(plan) if plan else None


def build_coupons(span: ReportSpan) -> Report:
    convert = Converter()
    sums: dict[str, _Sums] = {}
    bought = Coupon.select(
        Coupon.currency,
        Coupon.purchased_on.alias("day"),
        rate_period(Coupon.purchased_on).alias("period"),
        Coupon.product,
        Coupon.plan,
        Coupon.partner_cost.alias("cost"),
    ).where(_bought(span.start, span.end))
    for currency, period, last, product, plan_id, cost, count in summed(
        bought, ("product", "plan_id"), ("cost",)
    ):
        amount = convert_row(convert, currency, period, last, cost)
        if amount is not None:
            group = sums.setdefault(_key(product, plan_id), _Sums())
            group.bought += int(count)
            group.cost += amount
    resold = Coupon.select(
        Coupon.currency,
        Coupon.assigned_on.alias("day"),
        rate_period(Coupon.assigned_on).alias("period"),
        Coupon.product,
        Coupon.plan,
        _RESALE.alias("resale"),
        Coupon.partner_cost.alias("cost"),
    ).where(_resold(span.start, span.end))
    for currency, period, last, product, plan_id, resale, cost, count in summed(
        resold, ("product", "plan_id"), ("resale", "cost")
    ):
        price = convert_row(convert, currency, period, last, resale)
        paid = convert_row(convert, currency, period, last, cost)
        if price is not None and paid is not None:
            group = sums.setdefault(_key(product, plan_id), _Sums())
            group.resold += int(count)
            group.resale += price
            group.resold_cost += paid
    left_out = convert.left_out()
    plan_ids = [p for p in (_split(k)[1] for k in sums) if p is not None]
    plans: dict[int, tuple[int, str]] = {
        plan.id: (plan.position, plan.name)
        for plan in Plan.select(Plan.id, Plan.position, Plan.name).where(
            Plan.id.in_(plan_ids or [0])
        )
    }
    products = list(vocabulary.PRODUCTS)

    def order(key: str) -> tuple[int, int, str]:
        product, plan_id = _split(key)
        position, name = plans.get(plan_id, (-1, "")) if plan_id else (-1, "")
        rank = products.index(product) if product in products else len(products)
        return rank, position, name

    def drill(key: str | None, what: str) -> Drill:
        return Drill(
            "coupon",
            (
                ("report", "coupons"),
                ("key", key),
                ("what", what),
                ("start", span.start),
                ("end", span.end),
                ("left_out", left_out),
            ),
        )

    def cells(label: str | None, s: _Sums) -> tuple[Cell, ...]:
        r = convert.round
        resale, cost = r(s.resale), r(s.resold_cost)
        return (
            label, s.bought, r(s.cost), s.resold, resale, cost, resale - cost,
            margin_share(resale - cost, resale),
        )  # fmt: skip

    def drills(key: str | None, s: _Sums) -> dict[str, Drill]:
        found: dict[str, Drill] = {}
        if s.bought:
            found["bought"] = found["cost"] = drill(key, "bought")
        if s.resold:
            for column in ("resold", "resale", "resold_cost", "margin", "margin_share"):
                found[column] = drill(key, "resold")
        return found

    rows: list[ReportRow] = []
    for key in sorted(sums, key=order):
        product, plan_id = _split(key)
        label = _(vocabulary.PRODUCTS.get(product, product))
        if plan_id and plan_id in plans:
            label = f"{label} · {plans[plan_id][1]}"
        rows.append(ReportRow(key, cells(label, sums[key]), drills(key, sums[key])))
    everything = _Sums(
        bought=sum(s.bought for s in sums.values()),
        cost=sum((s.cost for s in sums.values()), Decimal(0)),
        resold=sum(s.resold for s in sums.values()),
        resale=sum((s.resale for s in sums.values()), Decimal(0)),
        resold_cost=sum((s.resold_cost for s in sums.values()), Decimal(0)),
    )
    total = ReportRow("total", cells(None, everything), drills(None, everything))
    columns = (
        Column("label", title(N_("Product")), "text"),
        Column("bought", title(N_("Bought")), "count"),
        Column("cost", title(N_("Partner cost")), "money"),
        Column("resold", title(N_("Resold")), "count"),
        Column("resale", title(N_("Resale")), "money"),
        Column("resold_cost", title(N_("Cost of resold")), "money"),
        Column("margin", title(N_("Margin")), "money"),
        Column("margin_share", title(N_("Margin %")), "percent"),
    )
    return Report(
        key="coupons",
        title=title(TITLE),
        span=span,
        currency=convert.home,
        columns=columns,
        rows=rows,
        total=total,
        chart=Chart("bar", "label", ("cost", "resale")),
        notes=convert.notes(),
    )


def coupon_records(drill: Drill, limit: int) -> list[RecordRef]:
    """The coupons behind a figure: bought (with their partner cost, by purchase
    day) or resold (with their resale price, by assignment day), in their currency."""
    f = filters_of(drill.filters)
    resold = f["what"] == "resold"
    day: Any = Coupon.assigned_on if resold else Coupon.purchased_on
    where = _resold(f["start"], f["end"]) if resold else _bought(f["start"], f["end"])
    if f.get("key") is not None:
        product, plan_id = _split(f["key"])
        where &= Coupon.product == product
        where &= Coupon.plan.is_null() if plan_id is None else Coupon.plan == plan_id
    for currency, last_day in f.get("left_out") or ():
        where &= ~((Coupon.currency == currency) & (day <= last_day))
    query = (
        Coupon.select(
            Coupon.id, Coupon.code, Client.company, day.alias("day"), Coupon.partner_cost,
            Coupon.resale_price, Coupon.list_price, Coupon.currency,
        )
        .join(Client, peewee.JOIN.LEFT_OUTER)
        .where(where)
        .order_by(day, Coupon.id)
        .limit(limit)
    )  # fmt: skip
    records: list[RecordRef] = []
    for coupon_id, code, company, when, cost, resale, listed, currency in rows_of(query):
        price = (resale if resale is not None else listed) if resold else cost
        records.append(
            RecordRef(
                kind="coupon",
                id=coupon_id,
                label=str(code),
                client=str(company or ""),
                day=day_of(when),
                amount=price,
                currency=str(currency),
            )
        )
    return records
