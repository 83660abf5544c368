"""A report exported as CSV (machine values, translated titles) and as PDF (read
back with pypdf, in English, Spanish and Russian)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import peewee
import pytest
from pypdf import PdfReader

from b24desk import i18n
from b24desk.pdf.report import render_report, write_report_pdf
from b24desk.store import invoices as inv
from b24desk.store import models as m
from b24desk.store.report_csv import write_report_csv
from b24desk.store.report_shape import ReportSpan
from b24desk.store.reports import build

D = Decimal
SPAN = ReportSpan(date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture
def office(db: peewee.Database) -> None:
    pro = m.Plan.create(code="professional", name="Professional", kind="cloud")
    client = m.Client.create(company="=cmd|' /C calc'!A0", currency="USD", country="RU")
    m.ExchangeRate.create(day=date(2026, 1, 1), base="NZD", currency="USD", rate=D("1.5"))
    for day, price in ((date(2026, 1, 10), "1234.50"), (date(2026, 3, 2), "100.00")):
        draft = inv.create_draft(
            client.id,
            [inv.LineInput(description="Pro", unit_price=D(price), plan_id=pro.id,
                           tax_rate=D("0.15"))],
        )  # fmt: skip
        inv.issue_invoice(draft.id, day, draft.version)


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_has_translated_titles_and_machine_values(office: None, tmp_path: Path) -> None:
    i18n.set_language("es")  # the titles follow the desk's language, the values do not
    report = build("revenue_month", SPAN)
    path = tmp_path / "revenue.csv"
    assert write_report_csv(report, path) == 4  # three months and the total
    rows = _read(path)
    assert len(rows[0]) == 5 and rows[0][-1].endswith("(NZD)")
    assert rows[1:] == [
        ["2026-01", "1", "1851.75", "0.00", "1851.75"],  # 1 234.50 USD × 1.5, a '.' decimal
        ["2026-02", "0", "0.00", "0.00", "0.00"],
        ["2026-03", "1", "150.00", "0.00", "150.00"],
        [i18n._("Total"), "2", "2001.75", "0.00", "2001.75"],
    ]


def test_csv_of_the_ageing_report_with_formula_text(office: None, tmp_path: Path) -> None:
    report = build("aging", ReportSpan(date(2026, 1, 1), date(2026, 3, 31)))
    path = tmp_path / "aging.csv"
    write_report_csv(report, path)
    rows = _read(path)
    assert rows[0][0] == "Client"
    # a client name that a spreadsheet would run as a formula is written as text
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    # owed as of 31 March: 1 419.68 USD due 24 Jan (66 days past due) and 115.00 USD
    # due 16 March (15 days), at 1.5
    assert rows[1][1:] == ["0.00", "172.50", "0.00", "2129.52", "0.00", "2302.02"]


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Revenue by month", "1,851.75", "2,001.75", "Total", "Jan 2026", "NZD"]),
        ("es", ["1.851,75", "2.001,75", "ene 2026"]),
        ("ru", ["1 851,75", "2 001,75", "янв. 2026", "Итого"]),
    ],
)
def test_pdf_reads_back_in_each_language(office: None, lang: str, expected: list[str]) -> None:
    i18n.set_language(lang)
    report = build("revenue_month", SPAN)
    text = _text(render_report(report, lang, "WebBee Ltd")).replace("\u00a0", " ")
    text = text.replace("\u202f", " ")
    for piece in expected:
        assert piece in text, (piece, text[:400])
    assert render_report(report, lang, "WebBee Ltd") == render_report(report, lang, "WebBee Ltd")


def test_pdf_of_every_report_has_its_table(office: None, tmp_path: Path) -> None:
    for key in ("aging", "revenue_plan", "revenue_country", "coupons", "sla"):
        report = build(key, SPAN)
        path = write_report_pdf(report, tmp_path / f"{key}.pdf", "en", "WebBee Ltd")
        text = _text(path.read_bytes())
        assert report.title() in text
        assert all(c.title().split()[0] in text for c in report.columns), key
    plan = _text((tmp_path / "revenue_plan.pdf").read_bytes())
    assert "Professional" in plan and "2,001.75" in plan
    assert not list(tmp_path.glob(".*.part"))  # no half file left behind


def test_machine_values_read_the_same_in_every_locale() -> None:
    from b24desk.store.report_csv import machine_value

    i18n.set_language("ru")
    assert machine_value(D("0.2640"), "percent") == "26.40"
    assert machine_value(D("1234567.5"), "money") == "1234567.5"
    assert machine_value(D("-170.00"), "money") == "-170.00"
    assert machine_value(date(2026, 3, 1), "date") == "2026-03-01"
    assert machine_value(12000, "count") == "12000"
    assert machine_value(None, "percent") == ""


def test_a_period_that_ends_before_it_starts_is_refused(db: peewee.Database) -> None:
    from b24desk.domain.errors import ValidationError

    with pytest.raises(ValidationError) as caught:
        build("revenue_month", ReportSpan(date(2026, 3, 1), date(2026, 2, 1)))
    assert caught.value.field == "start"
    empty = build("revenue_month", ReportSpan(date(2026, 3, 1), date(2026, 3, 1)))
    assert [r.key for r in empty.rows] == ["2026-03"]
    text = _text(render_report(build("aging", SPAN), "en"))
    assert "Nothing to report in this period." in text
