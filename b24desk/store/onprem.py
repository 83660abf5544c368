"""On-premise licenses as the coupons see them (002): the client's license an
updates renewal or extra users apply to, the price of renewing its updates (22 % /
60 %), and the keys whose six months to activate are over.  Queries only; the
coupon's life (activation included) stays in :mod:`b24desk.store.coupons`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import peewee as pw

from b24desk.domain.pricing import (
    UPDATES_RENEWAL_WINDOW_DAYS,
    updates_renewal_price,
    updates_renewal_rate,
)
from b24desk.store.models import Client, Coupon, Subscription
from b24desk.store.prices import price_in_force

__all__ = [
    "AUTO_ACTIVATION_STATES",
    "UpdatesRenewalSuggestion",
    "due_onprem_keys",
    "onprem_license_for",
    "updates_renewal_suggestion",
]

#: States in which an on-premise key still waits for its activation; after six
#: months it activates itself (002).  An expired key (not registered within 7 days,
#: 001 §2.3) may still be live: the office voids one the vendor deactivated.
AUTO_ACTIVATION_STATES = ("in_stock", "assigned", "expired")


def onprem_license_for(client: Client, plan_id: int | None) -> Subscription | None:
    """The client's current on-premise license (of edition ``plan_id`` if given):
    the one covered longest."""
    q = Subscription.select().where(
        Subscription.client == client.id,
        Subscription.kind == "on_premise",
        Subscription.archived == False,  # noqa: E712
    )
    if plan_id is not None:
        q = q.where(Subscription.plan == plan_id)
    return q.order_by(Subscription.updates_until.desc(nulls="LAST"), Subscription.id.desc()).first()


@dataclass(frozen=True)
class UpdatesRenewalSuggestion:
    """The price of renewing the updates of a client's on-premise license (002)."""

    license_id: int
    updates_until: date  # the license's last covered day
    base: Decimal  # the license price the rate applies to
    rate: Decimal  # 22 % or 60 %
    price: Decimal
    bought_on: date

    @property
    def days_after_lapse(self) -> int:
        """1 on the first day without updates; 0 or less while still covered."""
        return (self.bought_on - self.updates_until).days

    @property
    def early_until(self) -> date:
        """The last day the 22 % rate applies (day 30 after the lapse)."""
        return self.updates_until + timedelta(days=UPDATES_RENEWAL_WINDOW_DAYS)


def updates_renewal_suggestion(
    client_id: int, plan_id: int, currency: str, bought_on: date
) -> UpdatesRenewalSuggestion | None:
    """What an updates renewal of the client's license of edition ``plan_id``
    costs when bought on ``bought_on``: :func:`~b24desk.domain.pricing.updates_renewal_price`
    of the license's price (in ``currency``: the price it was bought at, else the
    edition's list price) and its stored last covered day.  None when the client
    has no such license with a known updates date, or no price in ``currency``."""
    client = Client.get_or_none(Client.id == client_id)
    license_ = onprem_license_for(client, plan_id) if client is not None else None
    if license_ is None or license_.updates_until is None:
        return None
    base: Decimal | None = None
    if license_.license_price is not None and license_.currency == currency:
        base = license_.license_price
    else:
        row = price_in_force(plan_id, currency, bought_on)
        base = row.price if row is not None else None
    if base is None:
        return None
    return UpdatesRenewalSuggestion(
        license_id=license_.id,
        updates_until=license_.updates_until,
        base=base,
        rate=updates_renewal_rate(license_.updates_until, bought_on),
        price=updates_renewal_price(base, license_.updates_until, bought_on, currency=currency),
        bought_on=bought_on,
    )


def due_onprem_keys(today: date) -> pw.ModelSelect[Coupon]:
    """On-premise keys of a client, never activated, that may be past their six
    months: a superset by SQL (six months are at least 181 days), exact in Python."""
    return Coupon.select().where(
        (Coupon.product == "onprem_key")
        & Coupon.state.in_(AUTO_ACTIVATION_STATES)
        & Coupon.activated_on.is_null()
        & Coupon.client.is_null(False)
        & (Coupon.purchased_on < today - timedelta(days=181))
    )
