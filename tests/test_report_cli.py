"""``b24desk report`` as a person types it (issue #17.6), in a fresh process."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from b24desk.store import invoices
from b24desk.store import models as m
from b24desk.store.db import close_database, open_database

D = Decimal


def b24desk(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "B24DESK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "b24desk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _office(db: Path) -> None:
    open_database(db)
    try:
        pro = m.Plan.create(code="professional", name="Professional", kind="cloud")
        kiwi = m.Client.create(company="Kiwi Co", currency="NZD", country="NZ")
        yank = m.Client.create(company="Yankee Inc", currency="USD", country="US")
        m.ExchangeRate.create(day=date(2026, 1, 1), base="NZD", currency="USD", rate=D("1.5"))
        for client, day, price in (
            (kiwi, date(2026, 1, 10), "100.00"),
            (yank, date(2026, 2, 10), "200.00"),
            (kiwi, date(2025, 12, 1), "999.00"),
        ):
            draft = invoices.create_draft(
                client.id,
                [invoices.LineInput("Pro", unit_price=D(price), plan_id=pro.id,
                                    tax_rate=D("0.15"))],
            )  # fmt: skip
            invoices.issue_invoice(draft.id, day, draft.version)
    finally:
        close_database()


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_revenue_by_country_as_csv(tmp_path: Path) -> None:
    db, out = tmp_path / "office.sqlite", tmp_path / "revenue.csv"
    _office(db)
    result = b24desk(
        "report", "--db", str(db), "revenue", "--by", "country",
        "--from", "2026-01-01", "--to", "2026-03-31", "--out", str(out), home=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"Wrote {out}"]
    assert _rows(out) == [
        ["Country", "Invoices", "Invoiced (net) (NZD)", "Credited (net) (NZD)", "Revenue (NZD)"],
        ["United States", "1", "300.00", "0.00", "300.00"],  # 200 USD × 1.5
        ["New Zealand", "1", "100.00", "0.00", "100.00"],  # not December's invoice
        ["Total", "2", "400.00", "0.00", "400.00"],
    ]


def test_ageing_as_of_a_day_as_pdf_in_russian(tmp_path: Path) -> None:
    db, out = tmp_path / "office.sqlite", tmp_path / "ageing.pdf"
    _office(db)
    result = b24desk(
        "report", "--db", str(db), "--lang", "ru", "aging", "--to", "2026-02-28",
        "--out", str(out), home=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = " ".join(PdfReader(out).pages[0].extract_text().split()).replace("\xa0", " ")
    # as of 28 Feb: Kiwi's 1 148.85 (Dec, 75 days past due) and 115.00 (Jan, 35 days)
    assert "Kiwi Co" in text and "1 148,85" in text and "Итого" in text
    assert (out.stat().st_mode & 0o777) == 0o600


def test_sla_and_coupons_write_their_tables(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    _office(db)
    for name in ("sla", "coupons"):
        out = tmp_path / f"{name}.csv"
        result = b24desk(
            "report", "--db", str(db), name, "--from", "2026-01-01", "--to", "2026-02-28",
            "--out", str(out), home=tmp_path,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        rows = _rows(out)
        assert rows[-1][0] == "Total"
    assert [r[0] for r in _rows(tmp_path / "sla.csv")] == ["Month", "2026-01", "2026-02", "Total"]


def test_bad_dates_and_existing_files_are_refused_with_a_message(tmp_path: Path) -> None:
    db, out = tmp_path / "office.sqlite", tmp_path / "r.csv"
    _office(db)
    bad = b24desk("report", "--db", str(db), "sla", "--to", "31/03/2026", "--out", str(out),
                  home=tmp_path)  # fmt: skip
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr
    backwards = b24desk(
        "report", "--db", str(db), "sla", "--from", "2026-03-01", "--to", "2026-02-01",
        "--out", str(out), home=tmp_path,
    )  # fmt: skip
    assert backwards.returncode == 2 and "--from" in backwards.stderr
    out.write_text("keep me")
    again = b24desk("report", "--db", str(db), "aging", "--out", str(out), home=tmp_path)
    assert again.returncode == 1 and "--force" in again.stderr
    assert out.read_text() == "keep me"
    forced = b24desk("report", "--db", str(db), "aging", "--out", str(out), "--force",
                     home=tmp_path)  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    assert not out.read_text().startswith("keep me")
