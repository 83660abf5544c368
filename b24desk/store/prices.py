"""The price list as it stood on a day, and a client's own prices (issue #17.1).

A plan has, per currency, a row of prices from each ``valid_from`` date on; the row
in force on a day is the one with the latest ``valid_from`` on or before it.  A
change from a later date therefore leaves every document made before it as it was,
and the earlier rows are the history.  A client may have a negotiated price for a
plan (``ClientPrice``), with the reason that is printed nowhere but kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import peewee

from b24desk.store.models import ClientPrice, PlanPrice

__all__ = [
    "OfferedPrice",
    "in_force",
    "offered_price",
    "price_in_force",
]


def in_force(alias: Any, on: date) -> peewee.Expression:
    """The condition that row ``alias`` (PlanPrice or an alias of it) is the one in
    force on ``on`` for its plan and currency; use it in a WHERE or a JOIN's ON."""
    later = PlanPrice.alias("later_price")
    newer = later.select(later.id).where(
        (later.plan == alias.plan)
        & (later.currency == alias.currency)
        & (later.valid_from <= on)
        & (later.valid_from > alias.valid_from)
    )
    return (alias.valid_from <= on) & ~peewee.fn.EXISTS(newer)


def price_in_force(plan_id: int, currency: str, on: date) -> PlanPrice | None:
    """The price row of ``plan_id`` in ``currency`` in force on ``on``."""
    day = on
    return (
        PlanPrice.select()
        .where(
            (PlanPrice.plan == plan_id)
            & (PlanPrice.currency == currency.upper())
            & (PlanPrice.valid_from <= day)
        )
        .order_by(PlanPrice.valid_from.desc())
        .first()
    )


@dataclass(frozen=True)
class OfferedPrice:
    """What a client is offered for one unit (one month of a cloud plan).

    ``price`` is the client's negotiated price, else the office's resale price, else
    the list price; ``list_price`` is the minimal end-user price it is checked
    against; ``reason`` says why a negotiated price differs ("" otherwise).
    """

    price: Decimal
    list_price: Decimal
    reason: str = ""
    negotiated: bool = False


def offered_price(
    client_id: int | None, plan_id: int, currency: str, on: date
) -> OfferedPrice | None:
    """The unit price ``client_id`` is offered for ``plan_id`` in ``currency`` on
    ``on``; None when the price list has no price in that currency then."""
    row = price_in_force(plan_id, currency, on)
    if row is None:
        return None
    if client_id is not None:
        own = ClientPrice.get_or_none(
            (ClientPrice.client == client_id)
            & (ClientPrice.plan == plan_id)
            & (ClientPrice.currency == currency.upper())
        )
        if own is not None:
            return OfferedPrice(own.price, row.price, own.reason, negotiated=True)
    price = row.resale_price if row.resale_price is not None else row.price
    return OfferedPrice(price, row.price)
