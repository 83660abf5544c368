"""CSV import of exchange rates (issue #17.4): columns day, currency, rate[, base],
named in English, Spanish or Russian; a preview that keeps nothing, then the import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import peewee

from b24desk.store import events, rates
from b24desk.store import models as m
from b24desk.store.csvio.fields import suggest_mapping
from b24desk.store.csvio.files import parse_csv
from b24desk.store.csvio.importing import apply_import, preview_import

D = Decimal
FILE = (
    "day,currency,rate,base\n"
    "2026-12-01,USD,1.6500,\n"  # base blank: the home currency (NZD)
    "2026-12-03,usd,1.6543,NZD\n"
    "2026-12-03,EUR,0.5814,USD\n"  # one EUR is 0.5814 USD? a file may name its base
    "2026-12-03,USD,1.7,\n"  # the same day and pair as line 3
    "2026-12-04,NZD,1,\n"  # the base itself
    "2026-12-05,XYZ,2,\n"
    "soon,AUD,0,\n"
)


def test_the_columns_are_found_in_three_languages() -> None:
    assert suggest_mapping(["Fecha", "Moneda", "Tipo de cambio"], events.RATES) == [
        "day",
        "currency",
        "rate",
    ]
    assert suggest_mapping(["Дата", "Валюта", "Курс", "Базовая валюта"], events.RATES) == [
        "day",
        "currency",
        "rate",
        "base",
    ]


def test_preview_keeps_nothing_and_names_each_problem(db: peewee.Database) -> None:
    table = parse_csv(FILE.encode())
    mapping = suggest_mapping(table.headers, events.RATES)
    assert mapping == ["day", "currency", "rate", "base"]
    preview = preview_import(table, mapping, events.RATES, today=date(2026, 12, 5))
    assert m.ExchangeRate.select().count() == 0
    assert preview.valid_count == 3
    problems = {(e.line, e.field): e.message for e in preview.errors}
    assert problems[(5, "day")] == "This rate of USD on that day is already on line 3."
    assert problems[(6, "currency")] == "NZD is the base currency: its rate is always 1."
    assert problems[(7, "currency")] == "Currency: \u201cXYZ\u201d is not a known currency code."
    assert problems[(8, "rate")] == "Exchange rate must be a number greater than zero."
    assert (8, "day") in problems
    assert [e.column for e in preview.errors if e.line == 8] == ["day", "rate"]


def test_import_writes_the_valid_rows_and_replaces_a_days_rate(db: peewee.Database) -> None:
    rates.set_rate(date(2026, 12, 1), "USD", "1.60")
    table = parse_csv(FILE.encode())
    preview = preview_import(table, suggest_mapping(table.headers, events.RATES), events.RATES)
    assert apply_import(preview) == 3
    assert [(r.day, r.base, r.currency, r.rate) for r in rates.list_rates()] == [
        (date(2026, 12, 3), "USD", "EUR", D("0.5814")),
        (date(2026, 12, 3), "NZD", "USD", D("1.6543")),
        (date(2026, 12, 1), "NZD", "USD", D("1.65")),
    ]
    # EUR to NZD through USD (a cross rate): 0.5814 × 1.6543
    assert rates.rate_book().convert(D("100"), "EUR", "NZD", date(2026, 12, 3)) == D("96.18")
