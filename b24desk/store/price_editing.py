"""Editing the office's price list and its clients' prices (issue #17.1).

The read side of a day's prices is :mod:`b24desk.store.prices`; this module lists
the price list as of a day, its history, and changes it:

* :func:`set_price` sets a plan's prices in a currency from a date on.  A row from
  that date already there is edited when the date is today or later; a row already
  in force before today is history and is never changed (the domain's
  :func:`~b24desk.domain.price_list.check_valid_from`).  A new date inserts a row, so
  documents made before it keep the price of their day.
* :func:`delete_price` removes a row that has not taken effect yet.
* Plans are added and archived, never deleted (documents point to them).
* A client's negotiated price below the list price keeps its reason.

PlanPrice and ClientPrice carry no version column: two desks editing the same row are
told apart by what the editor read (:class:`PriceStamp`): the save changes the row
only if it still holds those values, else :class:`StaleRecordError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import peewee

from b24desk.domain.errors import ValidationError
from b24desk.domain.price_list import (
    check_client_price,
    check_price_row,
    computed_partner_cost,
)
from b24desk.domain.validation import validate_required, validate_text
from b24desk.i18n import _
from b24desk.store import events
from b24desk.store.db import transaction
from b24desk.store.errors import IntegrityViolation, NotFoundError, StaleRecordError, StoreError
from b24desk.store.locking import lock_for_update
from b24desk.store.models import PLAN_KINDS, PRICE_EPOCH, Client, ClientPrice, Plan, PlanPrice
from b24desk.store.prices import in_force, price_in_force

__all__ = [
    "PRICE_EPOCH",
    "ClientPriceRow",
    "PriceListRow",
    "PriceStamp",
    "add_plan",
    "archive_plan",
    "client_prices",
    "delete_price",
    "plan_options",
    "price_history",
    "price_list",
    "remove_client_price",
    "set_client_price",
    "set_price",
]


@dataclass(frozen=True)
class PriceStamp:
    """What an editor read of a row: the save changes it only if it still holds it."""

    price: Decimal
    partner_cost: Decimal | None
    resale_price: Decimal | None


@dataclass(frozen=True)
class PriceListRow:
    """One plan × currency of the price list on a day (or one row of its history)."""

    price_id: int
    plan_id: int
    code: str
    name: str
    kind: str
    seats: int | None
    storage_gb: int
    archived: bool
    currency: str
    list_price: Decimal
    partner_cost: Decimal | None  # as stored (None: computed from the discount)
    shown_partner_cost: Decimal  # the stored one, else list × (1 − partner discount)
    resale_price: Decimal | None
    valid_from: date

    @property
    def stamp(self) -> PriceStamp:
        return PriceStamp(self.list_price, self.partner_cost, self.resale_price)


def _discount() -> Decimal:
    from b24desk.store.partner import current_discount

    return current_discount()


def _rows(query: peewee.ModelSelect[PlanPrice]) -> list[PriceListRow]:
    discount = _discount()
    rows = []
    for p in query:
        plan = p.plan
        rows.append(
            PriceListRow(
                price_id=p.id,
                plan_id=plan.id,
                code=plan.code,
                name=plan.name,
                kind=plan.kind,
                seats=plan.seats,
                storage_gb=plan.storage_gb,
                archived=plan.archived,
                currency=p.currency,
                list_price=p.price,
                partner_cost=p.partner_cost,
                shown_partner_cost=computed_partner_cost(
                    p.price, p.partner_cost, discount, p.currency
                ),
                resale_price=p.resale_price,
                valid_from=p.valid_from,
            )
        )
    return rows


def price_list(on: date, include_archived: bool = False) -> list[PriceListRow]:
    """Every plan × currency with the prices in force on ``on`` (one query), in the
    price list's order."""
    query = (
        PlanPrice.select(PlanPrice, Plan)
        .join(Plan)
        .where(in_force(PlanPrice, on))
        .order_by(Plan.position, Plan.id, PlanPrice.currency)
    )
    if not include_archived:
        query = query.where(Plan.archived == False)  # noqa: E712
    return _rows(query)


def price_history(plan_id: int, currency: str) -> list[PriceListRow]:
    """Every dated row of ``plan_id`` in ``currency``, newest first (the future ones
    too)."""
    return _rows(
        PlanPrice.select(PlanPrice, Plan)
        .join(Plan)
        .where((PlanPrice.plan == plan_id) & (PlanPrice.currency == currency.upper()))
        .order_by(PlanPrice.valid_from.desc())
    )


def _plan(plan_id: int) -> Plan:
    plan = Plan.get_or_none(Plan.id == plan_id)
    if plan is None:
        raise NotFoundError(_("The plan no longer exists."))
    return plan


def set_price(
    plan_id: int,
    currency: str,
    price: Any,
    partner_cost: Any,
    resale_price: Any,
    valid_from: date | None,
    today: date,
    expected: PriceStamp | None = None,
) -> PlanPrice:
    """Set ``plan_id``'s prices in ``currency`` from ``valid_from`` on (today or later).

    A row of that plan, currency and date is edited (``expected``: what the editor
    read of it; None to insert only); else a row is added.  Errors name their field.
    """
    _plan(plan_id)
    row = check_price_row(currency, price, partner_cost, resale_price, valid_from, today)
    same = (
        (PlanPrice.plan == plan_id)
        & (PlanPrice.currency == row.currency)
        & (PlanPrice.valid_from == row.valid_from)
    )
    values = {
        "price": row.price,
        "partner_cost": row.partner_cost,
        "resale_price": row.resale_price,
    }
    try:
        with transaction():
            existing = lock_for_update(PlanPrice.select().where(same)).get_or_none()
            if existing is None:
                PlanPrice.create(plan=plan_id, currency=row.currency, valid_from=row.valid_from,
                                 **values)
            else:
                if expected is None or PriceStamp(
                    existing.price, existing.partner_cost, existing.resale_price
                ) != expected:
                    raise StaleRecordError(_(
                        "Another price from {day} was saved since you opened it. "
                        "Reload the price list and try again."
                    ).format(day=row.valid_from.isoformat()))
                PlanPrice.update(**values).where(same).execute()
    except IntegrityViolation as exc:  # another desk inserted the same date meanwhile
        raise StaleRecordError(_(
            "Another price from {day} was saved since you opened it. "
            "Reload the price list and try again."
        ).format(day=row.valid_from.isoformat())) from exc
    events.notify(events.PRICES)
    return PlanPrice.get(same)


def delete_price(price_id: int, today: date) -> None:
    """Remove a price that has not taken effect yet (history stays)."""
    with transaction():
        row = PlanPrice.get_or_none(PlanPrice.id == price_id)
        if row is None:
            raise NotFoundError(_("That price no longer exists."))
        if row.valid_from <= today:
            raise StoreError(
                _("Only a price that takes effect after today can be deleted; "
                  "earlier prices are history.")
            )
        PlanPrice.delete().where(PlanPrice.id == price_id).execute()
    events.notify(events.PRICES)


def plan_options() -> list[tuple[str, str]]:
    """The plan kinds, ``(code, name)``, named by the domain's vocabulary."""
    from b24desk.domain.vocabulary import PLAN_KINDS as NAMES
    from b24desk.domain.vocabulary import label

    return [(kind, label(NAMES, kind)) for kind in PLAN_KINDS]


def add_plan(
    code: str,
    name: str,
    kind: str,
    seats: int | None,
    storage_gb: int,
    first_price: tuple[str, Any, date] | None = None,
) -> Plan:
    """A new entry of the price list; ``first_price`` (currency, list price, today)
    gives it its first price from today, checked with the rest before anything is
    written (other prices are set with :func:`set_price`)."""
    from b24desk.domain.errors import ErrorCollector, ValidationErrors

    errors = ErrorCollector()
    if first_price is not None:
        currency, price, today = first_price
        try:
            check_price_row(currency, price, None, None, today, today)
        except ValidationErrors as exc:
            errors.errors.extend(exc)
    clean_code = code.strip().lower()
    clean_name = name.strip()
    with errors.check():
        try:
            validate_required(clean_code or None, "code")
            if not clean_code.replace("_", "").replace("-", "").isalnum():
                raise ValidationError(
                    "code", _("A code is letters, digits, '-' and '_' only.")
                )
        except ValidationError as exc:
            errors.add(exc)
    with errors.check():
        try:
            validate_required(clean_name or None, "name")
            clean_name = validate_text(clean_name, "name")
        except ValidationError as exc:
            errors.add(exc)
    if kind not in PLAN_KINDS:
        errors.add(ValidationError("kind", _("Choose what kind of entry it is.")))
    if seats is not None and seats < 0:
        errors.add(ValidationError("seats", _("Seats cannot be negative.")))
    if storage_gb < 0:
        errors.add(ValidationError("storage_gb", _("Storage cannot be negative.")))
    if clean_code and Plan.select().where(Plan.code == clean_code).exists():
        errors.add(ValidationError("code", _("Another entry has this code.")))
    errors.raise_if_any()
    with transaction():
        last = Plan.select(peewee.fn.MAX(Plan.position)).scalar()
        plan = Plan.create(
            code=clean_code,
            name=clean_name,
            kind=kind,
            seats=seats,
            storage_gb=storage_gb,
            paid=True,
            archived=False,
            position=(last or 0) + 1,
        )
        if first_price is not None:
            currency, price, today = first_price
            set_price(plan.id, currency, price, None, None, today, today)
    events.notify(events.PRICES)
    return plan


def archive_plan(plan_id: int) -> None:
    """Archive a plan: it stays on old documents, new ones no longer offer it."""
    with transaction():
        _plan(plan_id)
        Plan.update(archived=True).where(Plan.id == plan_id).execute()
    events.notify(events.PRICES)


# -- a client's own prices ----------------------------------------------------------------


@dataclass(frozen=True)
class ClientPriceRow:
    id: int
    plan_id: int
    plan_name: str
    currency: str
    price: Decimal
    list_price: Decimal | None  # in force on the day asked
    reason: str


def client_prices(client_id: int, on: date) -> list[ClientPriceRow]:
    """The client's negotiated prices, with the list price in force on ``on``."""
    rows = (
        ClientPrice.select(ClientPrice, Plan)
        .join(Plan)
        .where(ClientPrice.client == client_id)
        .order_by(Plan.position, Plan.id, ClientPrice.currency)
    )
    out = []
    for r in rows:
        listed = price_in_force(r.plan_id, r.currency, on)
        out.append(
            ClientPriceRow(
                r.id, r.plan_id, r.plan.name, r.currency, r.price,
                listed.price if listed is not None else None, r.reason,
            )
        )
    return out


def set_client_price(
    client_id: int, plan_id: int, currency: str, price: Any, reason: str, today: date
) -> ClientPrice:
    """Set (add or change) the client's price for ``plan_id`` in ``currency``; below
    the list price in force today it needs the reason agreed with the vendor."""
    if Client.get_or_none(Client.id == client_id) is None:
        raise NotFoundError(_("The client no longer exists."))
    _plan(plan_id)
    listed = price_in_force(plan_id, str(currency or "").strip().upper(), today)
    checked = check_client_price(
        currency, price, reason, listed.price if listed is not None else None
    )
    same = (
        (ClientPrice.client == client_id)
        & (ClientPrice.plan == plan_id)
        & (ClientPrice.currency == checked.currency)
    )
    try:
        with transaction():
            if lock_for_update(ClientPrice.select().where(same)).exists():
                ClientPrice.update(price=checked.price, reason=checked.reason).where(
                    same
                ).execute()
            else:
                ClientPrice.create(
                    client=client_id, plan=plan_id, currency=checked.currency,
                    price=checked.price, reason=checked.reason,
                )
    except IntegrityViolation as exc:  # another desk added it at the same moment
        raise StaleRecordError(
            _("Another desk set this client's price meanwhile. Reload and try again.")
        ) from exc
    events.notify(events.PRICES, events.CLIENTS)
    return ClientPrice.get(same)


def remove_client_price(client_price_id: int) -> None:
    """The client pays the office's price again."""
    with transaction():
        ClientPrice.delete().where(ClientPrice.id == client_price_id).execute()
    events.notify(events.PRICES, events.CLIENTS)

