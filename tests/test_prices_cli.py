"""``b24desk prices --db DB {export,import} FILE.csv`` as a script runs it (issue #17.6):
the round trip changes nothing, a dry run writes nothing, and a refused row is one
line on stderr with exit code 1 and nothing imported."""

from __future__ import annotations

import csv
from pathlib import Path

import peewee

from b24desk.store import models as m
from b24desk.store.pricelist import seed_price_list
from tests.test_cli import b24desk


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_prices_export_and_import(db: peewee.Database, db_target: str, tmp_path: Path) -> None:
    seed_price_list()
    rows_before = m.PlanPrice.select().count()
    path = tmp_path / "prices.csv"
    exported = b24desk("prices", "--db", db_target, "export", str(path), home=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert len(_rows(path)) == rows_before
    again = b24desk("prices", "--db", db_target, "import", str(path), home=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"{rows_before} unchanged" in again.stdout and "0 refused" in again.stdout

    rows = _rows(path)
    new = {**rows[1], "valid_from": "2099-01-01", "list_price": "70.00"}
    _write(path, [*rows, new])
    dry = b24desk("prices", "--db", db_target, "import", str(path), "--dry-run", home=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "1 added" in dry.stdout
    assert m.PlanPrice.select().count() == rows_before  # a dry run writes nothing

    rows[0]["list_price"] = "1.00"  # a price in force since 2000: history
    rows[2]["list_price"] = "abc"
    _write(path, [*rows, new])
    refused = b24desk("prices", "--db", db_target, "import", str(path), home=tmp_path)
    assert refused.returncode == 1
    errors = [line for line in refused.stderr.splitlines() if line.startswith("Error: line")]
    assert len(errors) == 2
    assert errors[0].startswith(f"Error: line 2: {rows[0]['code']} {rows[0]['currency']}")
    assert "history" in errors[0]
    assert m.PlanPrice.select().count() == rows_before  # nothing was imported

    rows[0]["list_price"], rows[2]["list_price"] = _rows_original(db_target, tmp_path)
    _write(path, [*rows, new])
    done = b24desk("prices", "--db", db_target, "import", str(path), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert m.PlanPrice.select().count() == rows_before + 1


def _rows_original(db_target: str, tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "original.csv"
    assert b24desk("prices", "--db", db_target, "export", str(path), home=tmp_path).returncode == 0
    rows = _rows(path)
    return rows[0]["list_price"], rows[2]["list_price"]
