"""Prices, partner discounts, bonuses and the discounts offered to clients
(domain.md §2–4, §6).  Money is :class:`~decimal.Decimal`, rounded half up to the
currency's minor unit (cents unless a currency says otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Literal

from b24desk.domain import vocabulary
from b24desk.domain.errors import ValidationError, field_label
from b24desk.domain.targets import status_rule
from b24desk.domain.vocabulary import codes
from b24desk.i18n import _, currency_digits

__all__ = [
    "BONUS_PORTAL_PRODUCTS",
    "BONUS_PRODUCTS",
    "LOCAL_METHODS",
    "LONG_TERM_DISCOUNTS",
    "MIN_MONEY_PAYMENT",
    "NONPROFIT_DISCOUNT",
    "NONPROFIT_TERMS",
    "ONPREM_LICENSE_PRODUCTS",
    "ONPREM_MIN_USERS",
    "PAYPAL_ALLOWED",
    "PAYPAL_PLANS",
    "PAYPAL_TERMS",
    "PLAN_ONLY_METHODS",
    "PRODUCTS",
    "UPDATES_RENEWAL_EARLY_RATE",
    "UPDATES_RENEWAL_LATE_RATE",
    "UPDATES_RENEWAL_WINDOW_DAYS",
    "apply_bonus",
    "apply_discount",
    "below_list_needs_reason",
    "best_discount",
    "bonus_allowed",
    "is_domestic",
    "offered_discounts",
    "offered_payment_methods",
    "partner_cost",
    "partner_discount",
    "payment_method_allowed",
    "paypal_allowed",
    "plan_only_method_message",
    "round_money",
    "updates_renewal_price",
    "updates_renewal_rate",
    "validate_bonus_portal",
    "validate_onprem_seats",
]

_CENT = Decimal("0.01")


def round_money(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half up to ``currency``'s minor unit (JPY 0, EUR 2, KWD 3)."""
    if isinstance(amount, float):
        raise TypeError("money must be Decimal, not float")
    exponent = Decimal(1).scaleb(-currency_digits(currency))
    return Decimal(amount).quantize(exponent, rounding=ROUND_HALF_UP)


def _round(amount: Decimal, currency: str | None) -> Decimal:
    if currency is None:
        return amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    return round_money(amount, currency)


def _money(value: Decimal | int, field: str) -> Decimal:
    if isinstance(value, float | bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{field} must be Decimal or int, not {type(value).__name__}")
    amount = Decimal(value)
    if not amount.is_finite() or amount < 0:
        raise ValidationError(
            field, _("{field} must not be negative.").format(field=field_label(field))
        )
    return amount


# --------------------------------------------------------------------------- partner


def partner_discount(status: str, tutorial_done: bool = True) -> Decimal:
    """The partner discount of ``status``: Bronze 20 % once the Partner Program
    Tutorial is done (0 % before), Silver 40 %, Gold 50 %."""
    rule = status_rule(status)
    return rule.discount if tutorial_done else rule.discount_before_tutorial


def partner_cost(
    list_price: Decimal,
    status: str,
    tutorial_done: bool = True,
    *,
    currency: str | None = None,
) -> Decimal:
    """What the office pays: ``list_price × (1 − discount)``, rounded half up to
    cents (or to ``currency``'s minor unit)."""
    price = _money(list_price, "list_price")
    return _round(price * (1 - partner_discount(status, tutorial_done)), currency)


# --------------------------------------------------------------------------- updates

UPDATES_RENEWAL_EARLY_RATE = Decimal("0.22")
UPDATES_RENEWAL_LATE_RATE = Decimal("0.60")
UPDATES_RENEWAL_WINDOW_DAYS = 30


def updates_renewal_rate(updates_end: date, bought_on: date) -> Decimal:
    """The share of the license price an updates renewal bought on ``bought_on``
    costs (002: "El costo de esta extensión de suscripción es del 22% si se realiza
    en los primeros 30 días de vencida la licencia original y del 60% del valor de
    la licencia si la compra del cupón se realiza después de los 30 días").

    ``updates_end`` is the **last covered day** of the updates period (the stored
    ``updates_until``, see :func:`b24desk.domain.lifecycle.updates_until`).  The
    first 30 days after the lapse are ``updates_end + 1`` … ``updates_end + 30``:
    22 % through day 30 (and before the period ends), 60 % from day 31.
    """
    if bought_on <= updates_end + timedelta(days=UPDATES_RENEWAL_WINDOW_DAYS):
        return UPDATES_RENEWAL_EARLY_RATE
    return UPDATES_RENEWAL_LATE_RATE


def updates_renewal_price(
    license_price: Decimal,
    updates_end: date,
    bought_on: date,
    *,
    currency: str | None = None,
) -> Decimal:
    """The price of renewing updates of a license that cost ``license_price``,
    rounded half up to cents (or ``currency``'s minor unit).  Additional sites do
    not change the base: pass the license price alone."""
    price = _money(license_price, "price")
    return _round(price * updates_renewal_rate(updates_end, bought_on), currency)


# --------------------------------------------------------------------------- licenses

#: 002: "El monto base de usuarios por licencia es de 25 usuarios, esto significa
#: que no es posible comprar una licencia con menos de 25 usuarios."
ONPREM_MIN_USERS = 25
#: The coupon products that are an on-premise license of their own (its seats are
#: the license's users); extra users, upgrades and renewals add to one.
ONPREM_LICENSE_PRODUCTS = frozenset({"onprem_key"})


def validate_onprem_seats(seats: int, field: str = "seats") -> int:
    """``seats`` of an on-premise license, refused below 25 users (002)."""
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < ONPREM_MIN_USERS:
        raise ValidationError(
            field,
            _(
                "An on-premise license includes at least {min} users: a license with "
                "fewer cannot be bought. Enter {min} or more."
            ).format(min=ONPREM_MIN_USERS),
        )
    return seats


# --------------------------------------------------------------------------- bonuses

#: At least this much of an order that uses a bonus is paid in money (001 §9–10).
MIN_MONEY_PAYMENT = Decimal("10")

#: The products a coupon can be (domain.md §3).
PRODUCTS = codes(vocabulary.PRODUCTS)
#: The products a bonus may pay for (and then only for new clients).
BONUS_PRODUCTS = frozenset({"cloud_subscription", "onprem_key"})


def apply_bonus(order_total: Decimal, bonus_balance: Decimal) -> tuple[Decimal, Decimal]:
    """``(paid, bonus_used)`` for an order paid with bonus as far as allowed.

    At least 10 stays paid in money, so an order of 10 or less uses no bonus;
    ``paid + bonus_used == order_total``.
    """
    total = _money(order_total, "order_total")
    balance = _money(bonus_balance, "bonus_balance")
    if total <= MIN_MONEY_PAYMENT:
        return total, Decimal(0)
    used = min(balance, total - MIN_MONEY_PAYMENT)
    return total - used, used


def bonus_allowed(
    product: str,
    new_client: bool,
    own_use: bool = False,
    *,
    archived_plan: bool = False,
) -> bool:
    """Whether a bonus may pay for ``product``: only new clients' cloud
    subscriptions or on-premise keys; never the office's own use, on-premise
    upgrades, updates renewals or archived plans.  Unknown product → ValidationError."""
    if product not in PRODUCTS:
        raise ValidationError(
            "product",
            _("{field}: \u201c{value}\u201d is not a known product.").format(
                field=field_label("product"), value=product
            ),
        )
    return product in BONUS_PRODUCTS and new_client and not own_use and not archived_plan


#: Bonus-paid products that run on a client's cloud account: the order names it.
BONUS_PORTAL_PRODUCTS = frozenset({"cloud_subscription"})


def validate_bonus_portal(product: str, portal_url: str | None, field: str = "client") -> None:
    """A bonus paying for a cloud subscription needs the client's Bitrix24 account
    URL (001 §9: "When placing an order for cloud subscription using kickstart
    bonuses it's required to enter a client's Bitrix24 account URL"; award bonuses
    pay the same purchases, §10).  On-premise keys need none."""
    if product in BONUS_PORTAL_PRODUCTS and not (portal_url or "").strip():
        raise ValidationError(
            field,
            _(
                "A bonus pays for a cloud subscription only with the client's Bitrix24 "
                "account URL: choose the client and enter its portal URL on the "
                "client's card, or do not use the bonus."
            ),
        )


# --------------------------------------------------------------------------- discounts

DiscountKind = Literal["non_profit", "long_term"]

#: Non-profit organisations: 15 % on 6- and 12-month plans (000).
NONPROFIT_DISCOUNT = Decimal("0.15")
NONPROFIT_TERMS = frozenset({6, 12})
#: Long-term plans (004): months → discount.
LONG_TERM_DISCOUNTS = MappingProxyType(
    {6: Decimal("0.05"), 12: Decimal("0.10"), 24: Decimal("0.15")}
)


def offered_discounts(term_months: int, non_profit: bool) -> list[tuple[DiscountKind, Decimal]]:
    """The discounts a plan of ``term_months`` may get, as ``(kind, rate)``, best
    first (non-profit before long-term on a tie)."""
    offers: list[tuple[DiscountKind, Decimal]] = []
    if non_profit and term_months in NONPROFIT_TERMS:
        offers.append(("non_profit", NONPROFIT_DISCOUNT))
    long_term = LONG_TERM_DISCOUNTS.get(term_months)
    if long_term is not None:
        offers.append(("long_term", long_term))
    offers.sort(key=lambda offer: offer[1], reverse=True)
    return offers


def best_discount(term_months: int, non_profit: bool) -> tuple[DiscountKind, Decimal] | None:
    """The one discount that applies: the seeds never combine them, so the best
    offer wins (``None`` when nothing is offered)."""
    offers = offered_discounts(term_months, non_profit)
    return offers[0] if offers else None


def apply_discount(price: Decimal, rate: Decimal, currency: str | None = None) -> Decimal:
    """``price × (1 − rate)`` rounded half up; ``0 <= rate <= 1`` so a discount
    never raises a price."""
    amount = _money(price, "price")
    if isinstance(rate, float) or not Decimal(rate).is_finite() or not 0 <= rate <= 1:
        raise ValidationError(
            "discount",
            _("{field} must be between 0 and 100 %.").format(field=field_label("discount")),
        )
    return _round(amount * (1 - Decimal(rate)), currency)


def below_list_needs_reason(price: Decimal, list_price: Decimal) -> bool:
    """Whether billing ``price`` needs a stored reason: it is below the list
    (minimal end-user) price (001 §2.2, §13.5)."""
    return Decimal(price) < Decimal(list_price)


# --------------------------------------------------------------------------- payment

PAYPAL_PLANS = frozenset({"standard", "professional"})
PAYPAL_TERMS = frozenset({6, 12})
#: ``(plan, term)`` pairs PayPal may pay for (000).
PAYPAL_ALLOWED = frozenset((plan, term) for plan in PAYPAL_PLANS for term in PAYPAL_TERMS)


#: The payment methods only those plans may use: 000, "For PayPal and wire payments
#: (available for 6- or 12-month for Standard and Professional plans only)".
PLAN_ONLY_METHODS = frozenset({"paypal", "wire"})


#: Methods that need a bank or terminal of the office's own country: offered to
#: clients there only (a client abroad pays by card, PayPal or wire transfer).
LOCAL_METHODS = frozenset({"bank_deposit", "eftpos"})


def is_domestic(office_country: str, client_country: str) -> bool:
    """Whether the client is in the office's country (a client without a country is
    taken to be local).  Countries compare as ISO codes, whatever their case."""
    client = (client_country or "").strip().upper()
    return not client or client == (office_country or "").strip().upper()


def offered_payment_methods(
    methods: Iterable[str],
    plans: Iterable[tuple[str | None, int | None]],
    domestic: bool,
) -> list[str]:
    """The ``methods`` an invoice's payment instructions offer: each allowed for its
    plans (:func:`payment_method_allowed`), and the local ones
    (:data:`LOCAL_METHODS`) only to a client in the office's country."""
    lines = list(plans)
    return [
        method
        for method in methods
        if payment_method_allowed(method, lines) and (domestic or method not in LOCAL_METHODS)
    ]


def paypal_allowed(plan_code: str, term_months: int) -> bool:
    """PayPal and wire transfer only pay for 6- or 12-month Standard or Professional
    plans (000); the one rule for both methods."""
    plan = plan_code.strip().lower() if isinstance(plan_code, str) else ""
    return (plan, term_months) in PAYPAL_ALLOWED


def payment_method_allowed(
    method: str, plans: Iterable[tuple[str | None, int | None]]
) -> bool:
    """Whether ``method`` may pay for an invoice whose lines are ``plans``, each a
    ``(plan_code, term_months)`` (``None`` for a line that is not a plan).

    PayPal and wire transfer (:data:`PLAN_ONLY_METHODS`) need at least one line and
    every line a 6- or 12-month Standard or Professional plan (000); any other
    method pays for anything.
    """
    if method not in PLAN_ONLY_METHODS:
        return True
    lines = list(plans)
    return bool(lines) and all(
        code is not None and paypal_allowed(code, term or 0) for code, term in lines
    )


def plan_only_method_message() -> str:
    """Why PayPal or wire transfer is refused, for the person at the desk."""
    return _(
        "PayPal and wire transfer are accepted only for 6- or 12-month Standard or "
        "Professional plans."
    )
