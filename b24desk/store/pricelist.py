"""The default price list: cloud plans, on-premise editions, options and services.

The values are defaults (``shared/domain.md`` §2): the office edits its price list
afterwards.  Cloud plans are priced per month; on-premise editions, options and
additional users per unit; services per hour.  New Zealand prices are "+GST".
Product names are English and are not translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from b24desk.i18n import N_
from b24desk.store.db import database
from b24desk.store.models import Plan, PlanPrice

#: The currencies of the default price list, in the order of the tables below.
PRICE_CURRENCIES: tuple[str, ...] = ("RUB", "USD", "EUR", "NZD", "MXN", "BRL", "COP")


@dataclass(frozen=True)
class PlanSpec:
    """One entry of the default price list."""

    code: str
    name: str
    kind: str
    seats: int | None
    storage_gb: int
    paid: bool
    prices: dict[str, Decimal] = field(default_factory=dict)

    def price(self, currency: str) -> Decimal | None:
        return self.prices.get(currency)


def _spec(
    code: str,
    name: str,
    kind: str,
    seats: int | None,
    storage_gb: int,
    prices: tuple[int, ...],
    *,
    paid: bool = True,
) -> PlanSpec:
    assert len(prices) == len(PRICE_CURRENCIES)
    return PlanSpec(
        code=code,
        name=name,
        kind=kind,
        seats=seats,
        storage_gb=storage_gb,
        paid=paid,
        prices={cur: Decimal(p) for cur, p in zip(PRICE_CURRENCIES, prices, strict=True)},
    )


# Prices:        RUB      USD    EUR    NZD     MXN     BRL       COP
DEFAULT_PLANS: tuple[PlanSpec, ...] = (
    # Cloud plans: monthly list price (domain.md §2; RUB from the Russian tariffs).
    # NZD within the NZ reseller's own range, "from free to $296+GST per month" (000).
    _spec("free", "Bitrix24 Free", "cloud", None, 5, (0, 0, 0, 0, 0, 0, 0), paid=False),
    _spec("basic", "Bitrix24 Basic", "cloud", 5, 24,
          (1990, 61, 49, 49, 1090, 299, 249000)),
    _spec("standard", "Bitrix24 Standard", "cloud", 50, 100,
          (3990, 124, 99, 99, 2190, 599, 499000)),
    _spec("professional", "Bitrix24 Professional", "cloud", 100, 1024,
          (7990, 249, 199, 199, 4390, 1199, 999000)),
    _spec("enterprise", "Bitrix24 Enterprise", "cloud", 250, 3072,
          (13990, 499, 399, 296, 8790, 2399, 1999000)),
    # On-premise editions: one-time license price, 12 months of updates included.
    _spec("onprem_business", "Bitrix24 On-premise Business", "on_premise", 25, 0,
          (159000, 2990, 2690, 4990, 52900, 14990, 11900000)),
    _spec("onprem_enterprise", "Bitrix24 On-premise Enterprise", "on_premise", 500, 0,
          (1490000, 24990, 22490, 41990, 439000, 124900, 99900000)),
    # Options.
    _spec("extra_storage_50gb", N_("Extra storage 50 GB (monthly)"), "option", None, 50,
          (590, 10, 9, 17, 179, 49, 39000)),
    _spec("extra_users_onprem", N_("Additional on-premise user"), "option", 1, 0,
          (1900, 35, 32, 59, 620, 179, 139000)),
    # Services, hourly rates (001 §6.2).
    _spec("svc_implementation", N_("Implementation (hourly)"), "service", None, 0,
          (3500, 60, 55, 110, 1050, 290, 240000)),
    _spec("svc_customisation", N_("Customisation (hourly)"), "service", None, 0,
          (4000, 70, 65, 125, 1250, 340, 280000)),
    _spec("svc_localisation", N_("Localisation (hourly)"), "service", None, 0,
          (3000, 55, 50, 95, 950, 260, 220000)),
    _spec("svc_training", N_("Training (hourly)"), "service", None, 0,
          (3000, 50, 45, 90, 900, 250, 200000)),
    _spec("svc_workflow", N_("Workflow automation (hourly)"), "service", None, 0,
          (4000, 65, 60, 120, 1150, 320, 260000)),
    _spec("svc_telephony", N_("Telephony set-up (hourly)"), "service", None, 0,
          (3500, 60, 55, 110, 1050, 290, 240000)),
    _spec("svc_integration", N_("Integration (hourly)"), "service", None, 0,
          (4500, 75, 70, 135, 1350, 370, 300000)),
    _spec("svc_app_development", N_("App development (hourly)"), "service", None, 0,
          (5000, 85, 80, 150, 1500, 420, 340000)),
)

DEFAULT_PLANS_BY_CODE: dict[str, PlanSpec] = {spec.code: spec for spec in DEFAULT_PLANS}


def insert_plans(specs: tuple[PlanSpec, ...] | list[PlanSpec]) -> int:
    """Insert ``specs`` with their prices (codes must be new); returns plans added."""
    if not specs:
        return 0
    db = database()
    with db.atomic():
        start = Plan.select(Plan.position).order_by(Plan.position.desc()).limit(1).scalar()
        position = (start or 0) + (1 if start is not None else 0)
        for spec in specs:
            plan_id = Plan.insert(
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                seats=spec.seats,
                storage_gb=spec.storage_gb,
                paid=spec.paid,
                archived=False,
                position=position,
            ).execute()
            position += 1
            PlanPrice.insert_many(
                [(plan_id, cur, price) for cur, price in spec.prices.items()],
                fields=[PlanPrice.plan, PlanPrice.currency, PlanPrice.price],
            ).execute()
    return len(specs)


def seed_price_list() -> int:
    """Insert :data:`DEFAULT_PLANS` when the price list is empty; returns plans added.

    Idempotent: a price list that has any entry is left as it is (0 is returned).
    """
    db = database()
    with db.atomic():
        if Plan.select().exists():
            return 0
        return insert_plans(DEFAULT_PLANS)
