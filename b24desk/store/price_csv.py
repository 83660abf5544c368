"""The whole price list as CSV: export, and import with a preview (issue #17.1, #17.6).

One row per plan, currency and ``valid_from``::

    code, name, kind, seats, storage_gb, currency, list_price, partner_cost,
    resale_price, valid_from

Amounts are written as plain decimals ("1990.00"), dates as ISO, an empty cell for
"none" (unlimited seats, a partner cost computed from the discount, no resale
price).  The file format (BOM, separators, formula neutralising, encodings) is
:mod:`b24desk.store.csvio.files`.

Import compares each row with the price list: *added* (a new plan or a new dated
price), *changed*, *unchanged*, or *refused* with its reasons.  A row already in
force before today is history: changing it, or adding a price from a past date, is
refused.  :func:`apply_price_import` writes all or nothing, in one transaction.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.price_list import check_price_row, is_history
from b24desk.domain.validation import validate_money
from b24desk.i18n import _, ngettext
from b24desk.store import events
from b24desk.store.csvio.cells import parse_date, parse_whole_number
from b24desk.store.csvio.files import (
    COMMA,
    CsvDialect,
    CsvError,
    CsvTable,
    export_rows,
    read_csv,
    strip_neutralized,
)
from b24desk.store.db import transaction
from b24desk.store.errors import StoreError
from b24desk.store.models import PLAN_KINDS, Plan, PlanPrice

__all__ = [
    "ADDED",
    "CHANGED",
    "COLUMNS",
    "REFUSED",
    "UNCHANGED",
    "PriceImportPreview",
    "PriceImportRefused",
    "PriceImportRow",
    "apply_price_import",
    "export_price_list",
    "preview_price_import",
    "price_row_count",
]

COLUMNS: tuple[str, ...] = (
    "code",
    "name",
    "kind",
    "seats",
    "storage_gb",
    "currency",
    "list_price",
    "partner_cost",
    "resale_price",
    "valid_from",
)
ADDED, CHANGED, UNCHANGED, REFUSED = "added", "changed", "unchanged", "refused"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _export_rows() -> list[list[str]]:
    query = (
        PlanPrice.select(PlanPrice, Plan)
        .join(Plan)
        .order_by(Plan.position, Plan.id, PlanPrice.currency, PlanPrice.valid_from)
    )
    return [
        [
            _text(v)
            for v in (
                p.plan.code, p.plan.name, p.plan.kind, p.plan.seats, p.plan.storage_gb,
                p.currency, p.price, p.partner_cost, p.resale_price, p.valid_from,
            )
        ]
        for p in query
    ]


def price_row_count() -> int:
    """How many dated prices an export writes."""
    return int(PlanPrice.select().count())


def export_price_list(
    path: str | os.PathLike[str], dialect: CsvDialect | str = COMMA
) -> int:
    """Write every dated row of the price list to ``path``; returns the rows written."""
    return export_rows(path, COLUMNS, _export_rows(), dialect)


@dataclass(frozen=True)
class PriceImportRow:
    """One row of the file as the import would treat it."""

    line: int
    code: str
    currency: str
    valid_from: date | None
    status: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class PriceImportPreview:
    rows: tuple[PriceImportRow, ...]
    path: str = ""

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def refused(self) -> list[PriceImportRow]:
        return [r for r in self.rows if r.status == REFUSED]

    def summary(self) -> str:
        """"3 added; 1 changed; 40 unchanged; 2 refused"."""
        counts = (
            (ngettext("{count} added", "{count} added", self.count(ADDED)), ADDED),
            (ngettext("{count} changed", "{count} changed", self.count(CHANGED)), CHANGED),
            (
                ngettext("{count} unchanged", "{count} unchanged", self.count(UNCHANGED)),
                UNCHANGED,
            ),
            (ngettext("{count} refused", "{count} refused", self.count(REFUSED)), REFUSED),
        )
        return "; ".join(text.format(count=self.count(status)) for text, status in counts)


class PriceImportRefused(StoreError):
    """Some rows are refused: nothing was written."""

    def __init__(self, preview: PriceImportPreview) -> None:
        self.preview = preview
        super().__init__(
            ngettext(
                "{count} row of the price list is refused; nothing was imported.",
                "{count} rows of the price list are refused; nothing was imported.",
                len(preview.refused),
            ).format(count=len(preview.refused))
        )


@dataclass
class _Work:
    """What applying the preview writes."""

    new_plans: dict[str, dict[str, Any]] = field(default_factory=dict)
    plan_updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def _columns(table: CsvTable) -> dict[str, int]:
    where = {h.strip().lower(): i for i, h in enumerate(table.headers)}
    missing = [c for c in COLUMNS if c not in where]
    if missing:
        raise CsvError(
            _("The file has no column {columns}: a price list has the columns {all}.").format(
                columns=", ".join(missing), all=", ".join(COLUMNS)
            )
        )
    return where


def _plan_spec(cells: dict[str, str], errors: list[str]) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": cells["name"].strip(), "kind": cells["kind"].strip()}
    if not spec["name"]:
        errors.append(_("The name is empty."))
    if spec["kind"] not in PLAN_KINDS:
        errors.append(
            _("“{kind}” is not a kind of entry ({kinds}).").format(
                kind=spec["kind"], kinds=", ".join(PLAN_KINDS)
            )
        )
    for key, title in (("seats", _("Seats")), ("storage_gb", _("Storage (GB)"))):
        text = cells[key].strip()
        if not text:
            spec[key] = None if key == "seats" else 0
            continue
        try:
            spec[key] = parse_whole_number(text, key, title)
        except ValidationError as exc:
            errors.append(exc.message)
    return spec


def _plan(table: CsvTable, today: date) -> tuple[PriceImportPreview, _Work]:
    where = _columns(table)
    plans = {p.code: p for p in Plan.select()}
    existing = {
        (p.plan_id, p.currency, p.valid_from): p for p in PlanPrice.select()
    }
    work = _Work()
    seen: set[tuple[str, str, date]] = set()
    rows: list[PriceImportRow] = []
    for csv_row in table.rows:
        cells = {
            c: strip_neutralized(csv_row.get(i).strip()) for c, i in where.items() if c in COLUMNS
        }
        errors: list[str] = []
        code = cells["code"].lower()
        currency = cells["currency"].upper()
        day: date | None = None
        if csv_row.line in table.problems:
            errors.append(table.problems[csv_row.line])
        if not code:
            errors.append(_("The code is empty."))
        try:
            day = parse_date(cells["valid_from"], "valid_from", _("Valid from"))
        except ValidationError as exc:
            errors.append(exc.message)
        spec = _plan_spec(cells, errors)
        plan = plans.get(code)
        if plan is not None and spec.get("kind") and spec["kind"] != plan.kind:
            errors.append(_("The kind of an entry cannot change ({old} → {new}).").format(
                old=plan.kind, new=spec["kind"]))
        if day is not None and (code, currency, day) in seen:
            errors.append(_("The same price appears twice in the file."))
        if errors:
            rows.append(PriceImportRow(csv_row.line, code, currency, day, REFUSED, tuple(errors)))
            continue
        assert day is not None
        seen.add((code, currency, day))
        old = existing.get((plan.id, currency, day)) if plan is not None else None
        values = _values(cells)
        same_plan = plan is not None and (
            plan.name, plan.seats, plan.storage_gb
        ) == (spec["name"], spec["seats"], spec["storage_gb"])
        if old is not None and _same(old, values) and same_plan:
            rows.append(PriceImportRow(csv_row.line, code, currency, day, UNCHANGED))
            continue
        if is_history(day, today) and (old is None or not _same(old, values)):
            message = (
                _("The price from {day} is history (before today): it is never changed.")
                if old is not None
                else _("A price cannot be added from a past date ({day}).")
            )
            rows.append(
                PriceImportRow(csv_row.line, code, currency, day, REFUSED,
                               (message.format(day=day.isoformat()),))
            )
            continue
        try:
            checked = check_price_row(
                currency, values["price"], values["partner_cost"], values["resale_price"],
                day if not is_history(day, today) else today, today,
            )
        except ValidationErrors as exc:
            rows.append(PriceImportRow(csv_row.line, code, currency, day, REFUSED,
                                       tuple(e.message for e in exc)))
            continue
        amounts = {
            "price": checked.price,
            "partner_cost": checked.partner_cost,
            "resale_price": checked.resale_price,
        }
        if plan is None:
            work.new_plans.setdefault(code, spec)
        elif not same_plan:
            work.plan_updates[plan.id] = {
                "name": spec["name"], "seats": spec["seats"], "storage_gb": spec["storage_gb"]
            }
        if old is None:
            work.inserts.append({"code": code, "currency": currency, "valid_from": day, **amounts})
            status = ADDED
        else:
            if not _same(old, values):
                work.updates.append((old.id, amounts))
            status = CHANGED
        rows.append(PriceImportRow(csv_row.line, code, currency, day, status))
    return PriceImportPreview(tuple(rows), table.path), work


def _values(cells: dict[str, str]) -> dict[str, Any]:
    return {
        "price": cells["list_price"],
        "partner_cost": cells["partner_cost"] or None,
        "resale_price": cells["resale_price"] or None,
    }


def _decimal(text: Any, currency: str) -> Decimal | None:
    """An amount as a spreadsheet may have rewritten it ("1.990,00"); None if empty
    or unreadable (then the row is checked, and refused, as a change)."""
    if text is None:
        return None
    try:
        return validate_money(str(text), "price", currency=currency)
    except (ValidationError, ArithmeticError):
        return None


def _same(old: PlanPrice, values: dict[str, Any]) -> bool:
    return (
        _decimal(values["price"], old.currency) == old.price
        and _decimal(values["partner_cost"], old.currency) == old.partner_cost
        and _decimal(values["resale_price"], old.currency) == old.resale_price
    )


def preview_price_import(path: str | os.PathLike[str], today: date) -> PriceImportPreview:
    """What importing ``path`` would do; writes nothing."""
    preview, _work = _plan(read_csv(path), today)
    return preview


def apply_price_import(path: str | os.PathLike[str], today: date) -> PriceImportPreview:
    """Import ``path``: all of it in one transaction, or nothing when a row is
    refused (:class:`PriceImportRefused` carries the preview with the reasons)."""
    table = read_csv(path)
    with transaction():
        preview, work = _plan(table, today)  # read again inside the transaction
        if preview.refused:
            raise PriceImportRefused(preview)
        last = Plan.select(Plan.position).order_by(Plan.position.desc()).limit(1).scalar()
        position = (last or 0) + 1
        ids = {p.code: p.id for p in Plan.select(Plan.id, Plan.code)}
        for code, spec in work.new_plans.items():
            ids[code] = Plan.insert(code=code, paid=True, archived=False, position=position,
                                    **spec).execute()
            position += 1
        for plan_id, changes in work.plan_updates.items():
            Plan.update(**changes).where(Plan.id == plan_id).execute()
        for row in work.inserts:
            code = row.pop("code")
            PlanPrice.insert(plan=ids[code], **row).execute()
        for price_id, amounts in work.updates:
            PlanPrice.update(**amounts).where(PlanPrice.id == price_id).execute()
    if work.new_plans or work.plan_updates or work.inserts or work.updates:
        events.notify(events.PRICES)
    return preview
