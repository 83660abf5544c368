"""Revenue by month, plan and country in the home currency (issue #17.5): the net of
issued invoices less credit notes, each converted at the rate of its own day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import peewee
import pytest

from b24desk.store import invoices as inv
from b24desk.store import models as m
from b24desk.store.report_shape import Report, ReportSpan
from b24desk.store.reports import build, drill_records

D = Decimal
SPAN = ReportSpan(date(2026, 1, 1), date(2026, 3, 31))


def _issue(client: m.Client, day: date, *lines: inv.LineInput) -> m.Invoice:
    draft = inv.create_draft(client.id, list(lines))
    return inv.issue_invoice(draft.id, day, draft.version)


def _line(price: str, plan: m.Plan | None = None, **kw: object) -> inv.LineInput:
    return inv.LineInput(
        description=kw.pop("description", plan.name if plan else "Training"),  # type: ignore[arg-type]
        unit_price=D(price),
        tax_rate=D("0.15"),
        plan_id=plan.id if plan else None,
        kind="product" if plan else "service",
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def office(db: peewee.Database) -> dict[str, m.Invoice]:
    standard = m.Plan.create(code="standard", name="Standard", kind="cloud", seats=50)
    pro = m.Plan.create(code="professional", name="Professional", kind="cloud", seats=100)
    nz = m.Client.create(company="Kiwi Co", currency="NZD", country="NZ")
    us = m.Client.create(company="Yankee Inc", currency="USD", country="US")
    eu = m.Client.create(company="Berlin GmbH", currency="EUR", country="DE")
    m.ExchangeRate.create(day=date(2026, 1, 1), base="NZD", currency="USD", rate=D("1.60"))
    m.ExchangeRate.create(day=date(2026, 3, 1), base="NZD", currency="USD", rate=D("1.70"))
    made = {
        # 3 × 33.33 less 10 % is 89.991: the line's net is 89.99 (rounded per line)
        "jan": _issue(
            nz, date(2026, 1, 10), _line("33.33", standard, quantity=D(3), discount=D("0.10")),
            _line("50.00"),
        ),
        "feb": _issue(us, date(2026, 2, 15), _line("200.00", pro)),  # at 1.60
        "mar": _issue(us, date(2026, 3, 5), _line("100.00", pro)),  # at 1.70
        "eur": _issue(eu, date(2026, 2, 1), _line("80.00", pro)),  # no EUR rate
        "before": _issue(nz, date(2025, 12, 20), _line("999.00", standard)),  # not in span
    }  # fmt: skip
    inv.create_draft(nz.id, [_line("555.00", standard)])  # a draft is no revenue
    made["credit"] = inv.credit_invoice(made["feb"].id, date(2026, 3, 10), "Cancelled")
    return made


def _table(report: Report) -> dict[str, tuple[object, ...]]:
    table = {row.key: row.cells[1:] for row in report.rows}
    assert report.total is not None
    table["total"] = report.total.cells[1:]
    return table


def test_revenue_by_month_is_net_of_credit_notes_at_each_days_rate(office: object) -> None:
    report = build("revenue_month", SPAN)
    assert report.currency == "NZD"
    assert [c.key for c in report.columns] == [
        "label", "invoices", "invoiced", "credited", "revenue",
    ]  # fmt: skip
    assert _table(report) == {
        # invoices, invoiced (net), credited (net), revenue
        "2026-01": (1, D("139.99"), D("0.00"), D("139.99")),  # net, not the total with tax
        "2026-02": (1, D("320.00"), D("0.00"), D("320.00")),  # 200 USD × 1.60
        # 100 USD × 1.70; the credit note of March 10 takes 200 USD × 1.70 off
        "2026-03": (1, D("170.00"), D("340.00"), D("-170.00")),
        "total": (3, D("629.99"), D("340.00"), D("289.99")),
    }
    assert [row.cells[0] for row in report.rows] == ["2026-01", "2026-02", "2026-03"]
    assert report.chart is not None and report.chart.kind == "bar"
    assert len(report.notes) == 1 and "EUR" in report.notes[0]  # 80 EUR left out


def test_revenue_by_plan_and_by_country_add_up_to_the_same(office: object) -> None:
    by_plan = build("revenue_plan", SPAN)
    plans = {row.cells[0]: row.cells[1:] for row in by_plan.rows}
    assert plans == {
        "Professional": (2, D("490.00"), D("340.00"), D("150.00")),  # the credit follows its plan
        "Standard": (1, D("89.99"), D("0.00"), D("89.99")),
        "Services and other": (1, D("50.00"), D("0.00"), D("50.00")),
    }
    by_country = build("revenue_country", SPAN)
    countries = {row.key: row.cells[1:] for row in by_country.rows}
    assert countries == {
        "US": (2, D("490.00"), D("340.00"), D("150.00")),
        "NZ": (1, D("139.99"), D("0.00"), D("139.99")),
    }
    assert by_country.rows[0].cells[0] == "United States"
    for report in (by_plan, by_country):
        assert report.total is not None and report.total.cells[-1] == D("289.99")


def test_a_rate_from_a_later_day_is_not_used_for_earlier_invoices(office: object) -> None:
    # Before any USD rate, the February invoice could not be converted: left out.
    m.ExchangeRate.delete().where(m.ExchangeRate.day == date(2026, 1, 1)).execute()
    report = build("revenue_month", SPAN)
    assert _table(report)["2026-02"] == (0, D("0.00"), D("0.00"), D("0.00"))
    assert any("USD" in note and "200.00" in note for note in report.notes)
    feb = next(r for r in report.rows if r.key == "2026-02")
    assert feb.drills == {}


def test_drill_gives_exactly_the_invoices_behind_a_figure(office: dict[str, m.Invoice]) -> None:
    month = build("revenue_month", SPAN)
    march = next(r for r in month.rows if r.key == "2026-03")
    records = drill_records(march.drills["revenue"])
    assert [(r.id, r.amount, r.currency) for r in records] == [
        (office["mar"].id, D("100.00"), "USD"),
        (office["credit"].id, D("-200.00"), "USD"),
    ]
    assert [r.id for r in drill_records(march.drills["credited"])] == [office["credit"].id]
    feb = next(r for r in month.rows if r.key == "2026-02")
    assert [r.id for r in drill_records(feb.drills["invoiced"])] == [office["feb"].id]  # no EUR
    assert month.total is not None
    everything = drill_records(month.total.drills["revenue"])
    assert {r.id for r in everything} == {
        office[k].id for k in ("jan", "feb", "mar", "credit")
    }
    plan = build("revenue_plan", SPAN)
    standard = next(r for r in plan.rows if r.cells[0] == "Standard")
    assert [(r.id, r.amount) for r in drill_records(standard.drills["revenue"])] == [
        (office["jan"].id, D("89.99"))  # the Standard line of the invoice, not its net
    ]
    services = next(r for r in plan.rows if r.cells[0] == "Services and other")
    assert [(r.id, r.amount) for r in drill_records(services.drills["revenue"])] == [
        (office["jan"].id, D("50.00"))
    ]


def test_line_nets_in_sql_round_like_the_invoice_also_without_cents(db: peewee.Database) -> None:
    """The by-plan figures use the lines' nets computed in SQL; they must add up to
    each invoice's net, in a currency without a minor unit too (JPY)."""
    client = m.Client.create(company="Tokyo KK", currency="JPY", country="JP")
    m.Office.update(default_currency="JPY").execute()
    invoice = _issue(
        client, date(2026, 2, 2),
        inv.LineInput(description="A", quantity=D(3), unit_price=D(999), discount=D("0.10")),
        inv.LineInput(description="B", quantity=D("1.5"), unit_price=D(333), discount=D("0.05")),
    )  # fmt: skip
    assert invoice.net == D(2697) + D(475)  # 2697.3 → 2697; 474.525 → 475
    report = build("revenue_plan", SPAN)
    assert report.total is not None and report.total.cells[-1] == invoice.net
