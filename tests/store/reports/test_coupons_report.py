"""Coupons bought vs resold with the margin, in the home currency (issue #17.5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import peewee
import pytest

from b24desk.store import models as m
from b24desk.store.report_shape import ReportSpan
from b24desk.store.reports import build, drill_records

D = Decimal
SPAN = ReportSpan(date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture
def office(db: peewee.Database) -> dict[str, object]:
    pro = m.Plan.create(code="professional", name="Professional", kind="cloud", position=2)
    standard = m.Plan.create(code="standard", name="Standard", kind="cloud", position=1)
    client = m.Client.create(company="Kiwi Co")
    m.ExchangeRate.create(day=date(2026, 1, 1), base="NZD", currency="USD", rate=D("1.50"))
    m.ExchangeRate.create(day=date(2026, 3, 1), base="NZD", currency="USD", rate=D("1.60"))

    def coupon(code: str, plan: m.Plan | None, bought: date, cost: str, list_price: str,
               currency: str = "USD", state: str = "in_stock", assigned: date | None = None,
               resale: str | None = None, product: str = "cloud_subscription") -> m.Coupon:
        return m.Coupon.create(
            code=code, product=product, plan=plan, purchased_on=bought, currency=currency,
            list_price=D(list_price), partner_cost=D(cost), state=state,
            client=client if assigned else None, assigned_on=assigned,
            activated_on=assigned if state == "activated" else None,
            resale_price=D(resale) if resale else None,
        )  # fmt: skip

    return {
        "pro": pro,
        "standard": standard,
        "c1": coupon("C1", pro, date(2026, 1, 10), "70", "100", state="activated",
                     assigned=date(2026, 1, 15), resale="90"),
        "c2": coupon("C2", pro, date(2026, 1, 12), "70", "100"),
        # resold without a resale price: at its list price, at March's rate
        "c3": coupon("C3", pro, date(2026, 2, 1), "70", "100", state="assigned",
                     assigned=date(2026, 3, 5)),
        "c4": coupon("C4", standard, date(2026, 2, 10), "40", "50", "NZD", "activated",
                     date(2026, 2, 11), "55"),
        "c5": coupon("C5", standard, date(2026, 2, 10), "40", "50", "NZD", "void"),
        # bought before the span, resold in it
        "c6": coupon("C6", pro, date(2025, 12, 20), "70", "100", state="activated",
                     assigned=date(2026, 1, 5), resale="95"),
        # assigned but expired unused: bought, not resold
        "c7": coupon("C7", pro, date(2026, 1, 20), "70", "100", state="expired",
                     assigned=date(2026, 1, 21), resale="99"),
        "c8": coupon("C8", None, date(2026, 1, 3), "10", "12", "EUR",
                     product="extra_storage"),  # no EUR rate
    }  # fmt: skip


def test_bought_resold_and_margin_per_product_and_plan(office: dict[str, m.Plan]) -> None:
    report = build("coupons", SPAN)
    assert [c.key for c in report.columns] == [
        "label", "bought", "cost", "resold", "resale", "resold_cost", "margin", "margin_share",
    ]  # fmt: skip
    table = {row.cells[0]: row.cells[1:] for row in report.rows}
    assert table == {
        # Standard first (the price list's order); C5 is void
        "Cloud subscription · Standard": (
            1, D("40.00"), 1, D("55.00"), D("40.00"), D("15.00"), D("0.2727"),
        ),
        # bought: C1, C2, C3, C7 at 70 USD × 1.50; resold: C6 95 and C1 90 at 1.50,
        # C3 100 at 1.60 = 437.50, their costs 105 + 105 + 112 = 322
        "Cloud subscription · Professional": (
            4, D("420.00"), 3, D("437.50"), D("322.00"), D("115.50"), D("0.2640"),
        ),
    }  # fmt: skip
    assert report.total is not None
    assert report.total.cells[1:] == (
        5, D("460.00"), 4, D("492.50"), D("362.00"), D("130.50"), D("0.2650"),
    )  # fmt: skip
    assert len(report.notes) == 1 and "EUR" in report.notes[0]
    assert report.chart is not None and report.chart.series == ("cost", "resale")


def test_drill_gives_exactly_the_coupons_behind_a_figure(office: dict[str, m.Coupon]) -> None:
    report = build("coupons", SPAN)
    pro = next(r for r in report.rows if r.key.endswith(f":{office['pro'].id}"))
    resold = drill_records(pro.drills["margin"])
    assert [(r.label, r.amount, r.currency, r.day) for r in resold] == [
        ("C6", D("95.00"), "USD", date(2026, 1, 5)),
        ("C1", D("90.00"), "USD", date(2026, 1, 15)),
        ("C3", D("100.00"), "USD", date(2026, 3, 5)),
    ]
    assert {r.client for r in resold} == {"Kiwi Co"}
    bought = drill_records(pro.drills["bought"])
    assert [(r.label, r.amount) for r in bought] == [
        ("C1", D("70.00")), ("C2", D("70.00")), ("C7", D("70.00")), ("C3", D("70.00")),
    ]  # fmt: skip
    assert report.total is not None
    everything = drill_records(report.total.drills["bought"])
    assert sorted(r.label for r in everything) == ["C1", "C2", "C3", "C4", "C7"]  # no C8, C5


def test_a_span_without_coupons_is_empty(office: object) -> None:
    report = build("coupons", ReportSpan(date(2027, 1, 1), date(2027, 1, 31)))
    assert report.rows == []
    assert report.total is not None and report.total.cells[-1] is None  # no resale, no %
