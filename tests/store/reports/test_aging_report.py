"""The receivables ageing report on a hand-made office (issue #17.5): invoices due
exactly 0, 1, 30, 31, 60, 61, 90 and 91 days before the as-of day, partial payments,
a credit note, a second currency with a rate and one without."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import peewee
import pytest

from b24desk.domain.ageing import BUCKETS, ageing_bucket
from b24desk.store import invoices as inv
from b24desk.store import models as m
from b24desk.store.report_shape import ReportSpan
from b24desk.store.reports import build, drill_records

D = Decimal
AS_OF = date(2026, 11, 20)
SPAN = ReportSpan(date(2026, 1, 1), AS_OF)


def _invoice(client: m.Client, net: str, days_past_due: int, currency: str = "NZD") -> m.Invoice:
    """An issued invoice of ``net`` + 15 % tax, due ``days_past_due`` days before AS_OF."""
    draft = inv.create_draft(
        client.id,
        [inv.LineInput(description="Implementation", unit_price=D(net), tax_rate=D("0.15"))],
    )
    if currency != client.currency:
        m.Invoice.update(currency=currency).where(m.Invoice.id == draft.id).execute()
        draft = inv.get_invoice(draft.id)
    issued = inv.issue_invoice(draft.id, date(2026, 1, 5), draft.version)
    due = AS_OF - timedelta(days=days_past_due)
    m.Invoice.update(due_date=due).where(m.Invoice.id == issued.id).execute()
    return inv.get_invoice(issued.id)


@pytest.fixture
def office(db: peewee.Database) -> dict[str, object]:
    acme = m.Client.create(company="Acme Ltd", currency="NZD")
    kiwi = m.Client.create(company="Kiwi Co", currency="NZD")
    yank = m.Client.create(company="Yankee Inc", currency="USD")
    aussie = m.Client.create(company="Aussie Pty", currency="AUD")
    made = {
        # days past due -> invoice (net; total is net × 1.15)
        "d0": _invoice(acme, "100.00", 0),  # due today: current
        "d-5": _invoice(acme, "20.00", -5),  # due in 5 days: current
        "d1": _invoice(acme, "200.00", 1),  # 1_30
        "d30": _invoice(acme, "300.00", 30),  # 1_30
        "d31": _invoice(kiwi, "400.00", 31),  # 31_60
        "d60": _invoice(kiwi, "500.00", 60),  # 31_60
        "d61": _invoice(kiwi, "600.00", 61),  # 61_90
        "d90": _invoice(kiwi, "700.00", 90),  # 61_90
        "d91": _invoice(acme, "800.00", 91),  # 90_plus
        "usd": _invoice(yank, "1000.00", 45, "USD"),  # 31_60, 1 USD = 1.70 NZD
        "aud": _invoice(aussie, "50.00", 10, "AUD"),  # no AUD rate: left out
    }
    # Partial payments: 100.00 of d31 before the as-of day, 60.00 more after it.
    inv.record_payment(made["d31"].id, date(2026, 2, 1), D("100.00"), "bank_deposit")
    inv.record_payment(made["d31"].id, AS_OF + timedelta(days=1), D("60.00"), "bank_deposit")
    # Paid in full: d1 is settled and in no bucket.
    inv.record_payment(made["d1"].id, date(2026, 2, 1), D("230.00"), "bank_deposit")
    # A credit note of 40.00 + tax against d61, issued before the as-of day.
    inv.credit_invoice(
        made["d61"].id,
        date(2026, 3, 1),
        "Two seats fewer",
        [inv.LineInput(description="Two seats", unit_price=D("40.00"), tax_rate=D("0.15"))],
    )
    m.ExchangeRate.create(day=date(2026, 1, 1), base="NZD", currency="USD", rate=D("1.60"))
    m.ExchangeRate.create(day=date(2026, 11, 1), base="NZD", currency="USD", rate=D("1.70"))
    m.ExchangeRate.create(day=date(2026, 12, 1), base="NZD", currency="USD", rate=D("9.99"))
    return {"acme": acme, "kiwi": kiwi, "yank": yank, "aussie": aussie, **made}


def _cells(report, key: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    row = report.total if key == "total" else next(r for r in report.rows if r.key == key)
    return {c.key: v for c, v in zip(report.columns, row.cells, strict=True)}


def test_boundaries_fall_in_the_domain_buckets(office: dict[str, m.Invoice]) -> None:
    """domain/ageing.py: "an invoice due 30 days ago is still in 1_30 and one due 31
    days ago in 31_60" — and likewise at 60/61 and 90/91."""
    report = build("aging", SPAN)
    assert report.currency == "NZD"
    assert [c.key for c in report.columns] == ["client", *BUCKETS, "total"]
    acme = _cells(report, str(office["acme"].id))
    kiwi = _cells(report, str(office["kiwi"].id))
    assert acme == {
        "client": "Acme Ltd",
        "current": D("138.00"),  # 115.00 due today + 23.00 due in 5 days
        "1_30": D("345.00"),  # d30 (d1 is paid)
        "31_60": D("0.00"),
        "61_90": D("0.00"),
        "90_plus": D("920.00"),  # d91
        "total": D("1403.00"),
    }
    assert kiwi == {
        "client": "Kiwi Co",
        "current": D("0.00"),
        "1_30": D("0.00"),
        # d31: 460.00 − 100.00 paid (the 60.00 paid after the as-of day is not counted)
        # d60: 575.00
        "31_60": D("935.00"),
        # d61: 690.00 − 46.00 credited; d90: 805.00
        "61_90": D("1449.00"),
        "90_plus": D("0.00"),
        "total": D("2384.00"),
    }
    # 1 150.00 USD at the rate of the as-of day (1.70), not the later 9.99
    assert _cells(report, str(office["yank"].id))["31_60"] == D("1955.00")
    for key, invoice in office.items():
        if key.startswith("d"):
            assert ageing_bucket(invoice.due_date, AS_OF) in BUCKETS  # the domain's rule


def test_a_currency_without_a_rate_is_left_out_with_a_note(office: dict[str, object]) -> None:
    report = build("aging", SPAN)
    assert str(office["aussie"].id) not in {r.key for r in report.rows}
    assert len(report.notes) == 1
    assert "57.50" in report.notes[0] and "AUD" in report.notes[0] and "NZD" in report.notes[0]


def test_bucket_totals_equal_the_sum_of_the_open_balances(office: dict[str, object]) -> None:
    later = ReportSpan(SPAN.start, AS_OF + timedelta(days=5))  # the late payment counts now
    report = build("aging", later)
    total = _cells(report, "total")
    buckets = [total[b] for b in BUCKETS]
    assert sum(buckets, D(0)) == total["total"]
    assert total["total"] == sum((_cells(report, r.key)["total"] for r in report.rows), D(0))
    nzd = sum(
        (inv.balance(i) for i in m.Invoice.select().where(m.Invoice.currency == "NZD")), D(0)
    )
    usd = sum(
        (inv.balance(i) for i in m.Invoice.select().where(m.Invoice.currency == "USD")), D(0)
    )
    assert total["total"] == nzd + usd * D("1.70")


def test_before_an_invoice_was_issued_it_is_not_owed(office: dict[str, object]) -> None:
    report = build("aging", ReportSpan(date(2025, 1, 1), date(2025, 12, 31)))
    assert report.rows == []
    assert _cells(report, "total")["total"] == D("0.00")


def test_drill_gives_exactly_the_open_invoices_of_a_figure(office: dict[str, m.Invoice]) -> None:
    report = build("aging", SPAN)
    kiwi = next(r for r in report.rows if r.key == str(office["kiwi"].id))
    records = drill_records(kiwi.drills["61_90"])
    assert [r.id for r in records] == [office["d90"].id, office["d61"].id]  # oldest due first
    assert [r.amount for r in records] == [D("805.00"), D("644.00")]
    assert {r.client for r in records} == {"Kiwi Co"}
    assert "1_30" not in kiwi.drills  # an empty figure has nothing behind it
    everything = drill_records(report.total.drills["total"])  # type: ignore[union-attr]
    open_ids = {
        office[k].id for k in ("d0", "d-5", "d30", "d31", "d60", "d61", "d90", "d91", "usd")
    }
    assert {r.id for r in everything} == open_ids  # not the paid d1, not the AUD one
    assert len(drill_records(report.total.drills["total"], limit=3)) == 3  # type: ignore[union-attr]
    current = drill_records(report.total.drills["current"])  # type: ignore[union-attr]
    assert [(r.label, r.amount) for r in current] == [
        (office["d0"].number, D("115.00")),
        (office["d-5"].number, D("23.00")),
    ]


@pytest.mark.parametrize("days", [-1, 0, 1, 30, 31, 60, 61, 90, 91])
def test_bucket_starts_say_what_ageing_bucket_says(days: int) -> None:
    """The SQL's due-date bounds (domain.ageing.bucket_starts) give the same bucket as
    the rule itself on each side of every boundary."""
    from b24desk.domain.ageing import bucket_starts

    due = AS_OF - timedelta(days=days)
    by_bounds = next((b for b, start in bucket_starts(AS_OF) if due >= start), "90_plus")
    assert by_bounds == ageing_bucket(due, AS_OF)
