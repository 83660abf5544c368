"""The whole price list as CSV: a round trip changes nothing, history is never
rewritten, and an import is all or nothing (issue #17.1, #17.6)."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import peewee
import pytest

from b24desk.store import models as m
from b24desk.store import price_csv
from b24desk.store import price_editing as pe
from b24desk.store.pricelist import seed_price_list

TODAY = date(2026, 12, 1)
D = Decimal


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=price_csv.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def test_export_then_import_changes_nothing(db: peewee.Database, tmp_path: Path) -> None:
    seed_price_list()
    basic = m.Plan.get(m.Plan.code == "basic")
    pe.set_price(basic.id, "NZD", "55.00", "40.00", "60.00", TODAY + timedelta(days=9), TODAY)
    path = tmp_path / "prices.csv"
    count = price_csv.export_price_list(path)
    rows = _rows(path)
    assert count == len(rows) == m.PlanPrice.select().count()
    assert list(rows[0]) == list(price_csv.COLUMNS)
    future = next(r for r in rows if r["code"] == "basic" and r["valid_from"] == "2026-12-10")
    assert (future["list_price"], future["partner_cost"], future["resale_price"]) == (
        "55.00", "40.00", "60.00"
    )
    preview = price_csv.apply_price_import(path, TODAY)
    assert preview.count(price_csv.UNCHANGED) == count
    assert preview.count(price_csv.ADDED) == preview.count(price_csv.CHANGED) == 0


def test_import_adds_changes_and_refuses_a_changed_past_row(
    db: peewee.Database, tmp_path: Path
) -> None:
    seed_price_list()
    path = tmp_path / "prices.csv"
    price_csv.export_price_list(path)
    rows = _rows(path)
    basic_nzd = next(r for r in rows if r["code"] == "basic" and r["currency"] == "NZD")
    basic_nzd["list_price"] = "59.00"  # valid since 2000: history
    later = {**basic_nzd, "list_price": "65.00", "valid_from": "2026-12-10"}
    new_plan = {
        "code": "audit", "name": "Security audit (hourly)", "kind": "service", "seats": "",
        "storage_gb": "0", "currency": "USD", "list_price": "90", "partner_cost": "",
        "resale_price": "", "valid_from": TODAY.isoformat(),
    }
    _write(path, [*rows, later, new_plan])
    preview = price_csv.preview_price_import(path, TODAY)
    (refused,) = preview.refused
    assert (refused.code, refused.currency, refused.valid_from) == ("basic", "NZD", m.PRICE_EPOCH)
    assert "history" in refused.reasons[0]
    assert preview.count(price_csv.ADDED) == 2
    # All or nothing: the refused row stops the whole file.
    with pytest.raises(price_csv.PriceImportRefused):
        price_csv.apply_price_import(path, TODAY)
    assert not m.Plan.select().where(m.Plan.code == "audit").exists()
    basic_nzd["list_price"] = "49"  # back as it was: the rest goes in
    _write(path, [*rows, later, new_plan])
    done = price_csv.apply_price_import(path, TODAY)
    assert (done.count(price_csv.ADDED), done.refused) == (2, [])
    basic = m.Plan.get(m.Plan.code == "basic")
    assert [r.list_price for r in pe.price_history(basic.id, "NZD")] == [D("65.00"), D("49.00")]
    audit = m.Plan.get(m.Plan.code == "audit")
    assert (audit.kind, audit.seats) == ("service", None)
    # A changed row from today or later is an edit; a new price from a past date is refused.
    later["list_price"] = "66.00"
    past = {**new_plan, "valid_from": (TODAY - timedelta(days=1)).isoformat(),
            "list_price": "80"}
    bad = {**new_plan, "currency": "USD", "valid_from": "2026-12-20", "list_price": "-3"}
    _write(path, [later, past, bad])
    preview = price_csv.preview_price_import(path, TODAY)
    assert [r.status for r in preview.rows] == ["changed", "refused", "refused"]
    assert "past date" in preview.rows[1].reasons[0]
    assert preview.rows[2].reasons  # the amount is named


def test_a_spreadsheet_in_spanish_comes_back_unchanged(
    db: peewee.Database, tmp_path: Path
) -> None:
    """Exported with ';' for Spanish Excel, saved back with decimal commas and
    thousands dots ("1.990,00"): the same prices, nothing changed or refused."""
    seed_price_list()
    path = tmp_path / "precios.csv"
    count = price_csv.export_price_list(path, "semicolon")
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines(), delimiter=";"))
    for row in rows:
        whole, _dot, cents = row["list_price"].partition(".")
        row["list_price"] = f"{int(whole):,}".replace(",", ".") + "," + (cents or "00")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=price_csv.COLUMNS, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    assert any("." in r["list_price"] for r in rows)  # thousands written as "1.990,00"
    preview = price_csv.preview_price_import(path, TODAY)
    assert preview.count(price_csv.UNCHANGED) == count
