"""Coupons: the office's stock of activation coupons and keys (domain.md §3–4).

The list of coupons (:func:`coupon_listing`), the figures of a purchase (pure
:func:`quote_purchase`, shared by the purchase dialog and :func:`record_purchase`),
and the steps of a coupon's life: bought (:func:`record_purchase`), assigned to a
client (:func:`assign_coupon`), activated (:func:`activate_coupon`, which starts or
extends the client's subscription), voided (:func:`void_coupon`) or expired.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import peewee as pw

from b24desk.domain.errors import ErrorCollector, ValidationError, field_label
from b24desk.domain.lifecycle import (
    COUPON_ACTIVATION_DAYS,
    COUPON_WARNING_DAY,
    add_months,
    coupon_activation_deadline,
    coupon_days_left,
    coupon_warning,
    grace_end,
    onprem_activation_date,
    onprem_activation_deadline,
    updates_renewal_period,
    updates_until,
)
from b24desk.domain.pricing import (
    ONPREM_LICENSE_PRODUCTS,
    apply_bonus,
    below_list_needs_reason,
    bonus_allowed,
    partner_cost,
    partner_discount,
    round_money,
    validate_bonus_portal,
    validate_onprem_seats,
)
from b24desk.domain.validation import validate_coupon_code, validate_currency, validate_money
from b24desk.i18n import _, format_date
from b24desk.store import events
from b24desk.store.db import transaction
from b24desk.store.errors import IntegrityViolation, NotFoundError, StaleRecordError
from b24desk.store.listing import Listing
from b24desk.store.locking import lock_for_update, locked
from b24desk.store.models import (
    COUPON_PRODUCTS,
    COUPON_STATES,
    ZERO,
    Activity,
    Bonus,
    Client,
    Coupon,
    CourseCompletion,
    PartnerProfile,
    Plan,
    PlanPrice,
    Subscription,
)
from b24desk.store.office import get_office
from b24desk.store.onprem import (
    AUTO_ACTIVATION_STATES,
    UpdatesRenewalSuggestion,
    due_onprem_keys,
    onprem_license_for,
    updates_renewal_suggestion,
)
from b24desk.store.prices import price_in_force
from b24desk.store.search import indexed
from b24desk.store.text_limits import check_text

log = logging.getLogger(__name__)

__all__ = [
    "AUTO_ACTIVATION_STATES",
    "CLOUD_PRODUCTS",
    "OPEN_STATES",
    "PLAN_KINDS_OF_PRODUCT",
    "STATE_FILTERS",
    "TERMS",
    "CouponRow",
    "PartnerTerms",
    "PlanChoice",
    "PurchaseQuote",
    "UpdatesRenewalSuggestion",
    "activate_coupon",
    "activate_due_onprem_keys",
    "assign_coupon",
    "bonus_balance",
    "coupon_currencies",
    "coupon_listing",
    "expire_overdue",
    "get_coupon",
    "partner_terms",
    "plan_choices",
    "quote_purchase",
    "record_purchase",
    "suggested_list_price",
    "updates_renewal_suggestion",
    "void_coupon",
]

#: Products that run on a client's cloud portal: they need its portal URL (001 §2.3.1)
#: and are priced per month.
CLOUD_PRODUCTS = frozenset({"cloud_subscription", "renewal", "upgrade", "extra_storage"})
#: The price-list kinds a coupon of each product may be for.
PLAN_KINDS_OF_PRODUCT: Mapping[str, tuple[str, ...]] = {
    "cloud_subscription": ("cloud",),
    "renewal": ("cloud",),
    "upgrade": ("cloud",),
    "extra_storage": ("option",),
    "onprem_key": ("on_premise",),
    "onprem_upgrade": ("on_premise",),
    "updates_renewal": ("on_premise",),
    "extra_users": ("option",),
}
#: Terms a coupon may be bought for, in months (000, 004).
TERMS = (1, 3, 6, 12, 24)
#: States in which a coupon still waits for activation (and may expire).
OPEN_STATES = ("in_stock", "assigned")
#: Values of the "state" filter besides the stored states.
STATE_FILTERS = (*COUPON_STATES, "attention")


def _today_fn(today: date | Callable[[], date]) -> Callable[[], date]:
    return today if callable(today) else (lambda: today)


def _stale() -> StaleRecordError:
    return StaleRecordError(
        _(
            "This coupon was changed by someone else since you opened it. "
            "Close the dialog, look at the coupon again and repeat the change."
        )
    )


# --------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class CouponRow:
    """One row of the coupons table, with the activation deadline worked out."""

    id: int
    code: str
    product: str
    plan_name: str
    term_months: int
    seats: int
    purchased_on: date
    currency: str
    list_price: Decimal
    partner_cost: Decimal
    bonus_used: Decimal
    resale_price: Decimal | None
    client_id: int | None
    client_company: str
    activated_on: date | None
    stored_state: str
    order_ref: str
    note: str
    version: int
    today: date

    @property
    def deadline(self) -> date:
        """The last day to activate (7 days after purchase)."""
        return coupon_activation_deadline(self.purchased_on)

    @property
    def state(self) -> str:
        """The state shown: an open coupon past its deadline is expired even before
        :func:`expire_overdue` has marked it."""
        if self.stored_state in OPEN_STATES and self.today > self.deadline:
            return "expired"
        return self.stored_state

    @property
    def days_left(self) -> int | None:
        """Days left to activate (0 on the last day); None once activated or void."""
        if self.state not in (*OPEN_STATES, "expired"):
            return None
        return coupon_days_left(self.purchased_on, self.today)

    @property
    def warning(self) -> bool:
        """Not activated yet, and from day 5 through day 7 after purchase."""
        return self.state in OPEN_STATES and coupon_warning(self.purchased_on, self.today)

    @property
    def auto_activation_on(self) -> date | None:
        """For an on-premise key not activated yet: the day it activates itself, six
        months after purchase (002); None otherwise."""
        if self.product != "onprem_key" or self.stored_state not in AUTO_ACTIVATION_STATES:
            return None
        return onprem_activation_deadline(self.purchased_on)


def _row_factory(today: Callable[[], date]) -> Callable[[Any], CouponRow]:
    def make(r: Any) -> CouponRow:
        return CouponRow(
            id=r.id,
            code=r.code,
            product=r.product,
            plan_name=r.plan_name or "",
            term_months=r.term_months,
            seats=r.seats,
            purchased_on=r.purchased_on,
            currency=r.currency,
            list_price=r.list_price,
            partner_cost=r.partner_cost,
            bonus_used=r.bonus_used,
            resale_price=r.resale_price,
            client_id=r.client_id,
            client_company=r.client_company or "",
            activated_on=r.activated_on,
            stored_state=r.state,
            order_ref=r.order_ref,
            note=r.note,
            version=r.version,
            today=today(),
        )

    return make


def _state_condition(value: str, today: date) -> pw.Expression | None:
    """The coupons shown in state ``value`` (see :attr:`CouponRow.state`)."""
    # Expired: purchased before this day and still open.
    cutoff = today - timedelta(days=COUPON_ACTIVATION_DAYS)
    open_ = Coupon.state.in_(OPEN_STATES)
    if value in OPEN_STATES:
        return (Coupon.state == value) & (Coupon.purchased_on >= cutoff)
    if value == "expired":
        return (Coupon.state == "expired") | (open_ & (Coupon.purchased_on < cutoff))
    if value == "attention":
        return open_ & (Coupon.purchased_on <= today - timedelta(days=COUPON_WARNING_DAY))
    if value in COUPON_STATES:
        return Coupon.state == value
    raise ValueError(f"unknown coupon state filter {value!r}")


def coupon_listing(today: date | Callable[[], date]) -> Listing:
    """The coupons table: every column sortable, searchable by code, order
    reference, client, note and plan; filters ``state`` (a stored state or
    ``"attention"``: not activated and bought 5 or more days ago) and ``product``.

    ``today`` may be a function (the desk's clock): an open tab follows the date.
    """
    today_fn = _today_fn(today)

    def query() -> pw.Select:
        return (
            Coupon.select(
                Coupon.id,
                Coupon.code,
                Coupon.product,
                Coupon.plan,
                Coupon.term_months,
                Coupon.seats,
                Coupon.purchased_on,
                Coupon.currency,
                Coupon.list_price,
                Coupon.partner_cost,
                Coupon.bonus_used,
                Coupon.resale_price,
                Coupon.client,
                Coupon.activated_on,
                Coupon.state,
                Coupon.order_ref,
                Coupon.note,
                Coupon.version,
                Plan.name.alias("plan_name"),
                Client.company.alias("client_company"),
            )
            .join(Plan, pw.JOIN.LEFT_OUTER, on=(Coupon.plan == Plan.id))
            .switch(Coupon)
            .join(Client, pw.JOIN.LEFT_OUTER, on=(Coupon.client == Client.id))
        )

    return Listing(
        query=query,
        sort_keys={
            "code": Coupon.code,
            "product": (Coupon.product, Coupon.purchased_on),
            "plan": (Plan.name, Coupon.purchased_on),
            "term": (Coupon.term_months, Coupon.purchased_on),
            "seats": (Coupon.seats, Coupon.purchased_on),
            "purchased": Coupon.purchased_on,
            "days_left": Coupon.purchased_on,
            "state": (Coupon.state, Coupon.purchased_on),
            "client": (Client.company, Coupon.purchased_on),
            "list_price": (Coupon.currency, Coupon.list_price),
            "partner_cost": (Coupon.currency, Coupon.partner_cost),
            "bonus_used": (Coupon.bonus_used, Coupon.currency),
            "currency": (Coupon.currency, Coupon.purchased_on),
            "order_ref": Coupon.order_ref,
        },
        search=indexed(Coupon.id, "coupon"),
        tie_breaker=Coupon.id,
        filters={
            "state": lambda v: _state_condition(v, today_fn()),
            "product": lambda v: Coupon.product == v,
        },
        count_query=lambda: Coupon.select(Coupon.id),  # the LEFT JOINs drop no coupon
        default_order=(Coupon.purchased_on.desc(),),
        row_factory=_row_factory(today_fn),
    )


def get_coupon(coupon_id: int) -> Coupon:
    coupon = Coupon.get_or_none(Coupon.id == coupon_id)
    if coupon is None:
        raise NotFoundError(_("The coupon does not exist any more."))
    return coupon


# --------------------------------------------------------------------------- choices


@dataclass(frozen=True)
class PlanChoice:
    id: int
    code: str
    name: str
    kind: str
    seats: int | None
    archived: bool


def plan_choices(product: str, include_archived: bool = False) -> list[PlanChoice]:
    """Paid plans of the price list a ``product`` coupon can be for, in list order."""
    kinds = PLAN_KINDS_OF_PRODUCT.get(product, ())
    q = Plan.select().where(Plan.kind.in_(kinds), Plan.paid == True)  # noqa: E712
    if product == "extra_storage":
        q = q.where(Plan.storage_gb > 0)
    elif product == "extra_users":
        q = q.where(Plan.storage_gb == 0)
    if not include_archived:
        q = q.where(Plan.archived == False)  # noqa: E712
    return [
        PlanChoice(p.id, p.code, p.name, p.kind, p.seats, p.archived)
        for p in q.order_by(Plan.position, Plan.id)
    ]


def coupon_currencies() -> list[str]:
    """Currencies to buy in: the office's default first, then those of the price
    list and of the bonuses."""
    default = get_office().default_currency
    listed = {r.currency for r in PlanPrice.select(PlanPrice.currency).distinct()}
    listed |= {r.currency for r in Bonus.select(Bonus.currency).distinct()}
    return [default, *sorted(listed - {default})]


def suggested_list_price(
    plan_id: int | None,
    product: str,
    currency: str,
    term_months: int,
    seats: int,
    *,
    client_id: int | None = None,
    bought_on: date | None = None,
) -> Decimal | None:
    """The list price in force on ``bought_on`` (the purchase day): the monthly price × term
    for cloud products, the unit price × seats for extra users, the plan's price otherwise.
    An updates renewal costs what :func:`updates_renewal_suggestion` says for the
    client's license and the purchase day (22 % or 60 %, 002); without a client
    whose license of that edition is known there is no suggestion.  None when the
    plan has no price in ``currency``."""
    if plan_id is None or bought_on is None:
        return None
    if product == "updates_renewal":
        if client_id is None:
            return None
        suggestion = updates_renewal_suggestion(client_id, plan_id, currency, bought_on)
        return suggestion.price if suggestion is not None else None
    row = price_in_force(plan_id, currency, bought_on)
    if row is None:
        return None
    price: Decimal = row.price
    if product in CLOUD_PRODUCTS:
        price = price * max(term_months, 0)
    elif product == "extra_users":
        price = price * max(seats, 0)
    return round_money(price, currency)


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class PartnerTerms:
    """What the office's partner standing gives on a purchase."""

    status: str
    tutorial_done: bool

    @property
    def discount(self) -> Decimal:
        return partner_discount(self.status, self.tutorial_done)


def partner_terms() -> PartnerTerms:
    """The office's partner status and whether the Partner Program Tutorial is done."""
    profile = PartnerProfile.get_or_none(PartnerProfile.id == 1)
    status = profile.status if profile is not None else "bronze"
    done = CourseCompletion.select().where(CourseCompletion.course == "tutorial").exists()
    return PartnerTerms(status, done)


def _usable_bonuses(on: date, currency: str) -> pw.Select:
    """Bonuses in ``currency`` credited by ``on``, not expired on it, with money left;
    earliest expiry first."""
    return (
        Bonus.select()
        .where(
            Bonus.currency == currency,
            Bonus.credited_on <= on,
            Bonus.expires_on >= on,
            Bonus.amount > Bonus.used,
        )
        .order_by(Bonus.expires_on, Bonus.id)
    )


def bonus_balance(on: date, currency: str, *, lock: bool = False) -> Decimal:
    """The bonus money available on ``on`` for an order in ``currency`` (bonuses are
    credited in $ or €; they pay only orders in their own currency).

    ``lock``: read the bonuses under the lock their spending will hold, for the
    rest of the running transaction (two desks never spend the same bonus)."""
    query = _usable_bonuses(on, currency)
    if lock:
        query = lock_for_update(query)
    total = sum((b.amount - b.used for b in query), ZERO)
    return round_money(total, currency)


@dataclass(frozen=True)
class PurchaseQuote:
    """The figures of a purchase: what the office pays in money and in bonus."""

    list_price: Decimal
    currency: str
    discount: Decimal
    cost_before_bonus: Decimal
    bonus_allowed: bool
    bonus_balance: Decimal
    bonus_used: Decimal
    partner_cost: Decimal


def quote_purchase(
    list_price: Decimal,
    currency: str,
    product: str,
    terms: PartnerTerms,
    *,
    new_client: bool,
    own_use: bool = False,
    archived_plan: bool = False,
    bonus_balance: Decimal = ZERO,
    use_bonus: bool = False,
) -> PurchaseQuote:
    """Partner cost = list price × (1 − partner discount) − bonus used (domain.md
    §3): the bonus pays only where :func:`~b24desk.domain.pricing.bonus_allowed`
    says so, and at least 10 stays paid in money.  Pure: no database access."""
    cost = partner_cost(list_price, terms.status, terms.tutorial_done, currency=currency)
    allowed = bonus_allowed(product, new_client, own_use, archived_plan=archived_plan)
    paid, used = cost, ZERO
    if allowed and use_bonus:
        paid, used = apply_bonus(cost, bonus_balance)
    return PurchaseQuote(
        list_price=list_price,
        currency=currency,
        discount=terms.discount,
        cost_before_bonus=cost,
        bonus_allowed=allowed,
        bonus_balance=bonus_balance,
        bonus_used=round_money(used, currency),
        partner_cost=round_money(paid, currency),
    )


# --------------------------------------------------------------------------- mutations


def _int(value: Any, field: str, minimum: int = 0) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or isinstance(value, bool) or number < minimum:
        raise ValidationError(
            field,
            _("{field} must be a whole number of at least {min}.").format(
                field=field_label(field), min=minimum
            ),
        )
    return number


def _client_for_coupon(client_id: Any, product: str, field: str = "client") -> Client:
    client = Client.get_or_none(Client.id == client_id) if client_id is not None else None
    if client is None:
        raise ValidationError(field, _("Choose a client."))
    if client.archived:
        raise ValidationError(
            field,
            _("{client} is archived: restore the client first.").format(client=client.company),
        )
    if product in CLOUD_PRODUCTS and not client.portal_url.strip():
        raise ValidationError(
            field,
            _(
                "{client} has no portal URL. A cloud coupon is bought for one Bitrix24 "
                "portal: enter the client's portal URL on the client's card first."
            ).format(client=client.company),
        )
    return client


def _log(client_id: int, kind: str, message: str) -> None:
    Activity.create(client=client_id, kind=kind, message=message, at=datetime.now(UTC))


def _draw_bonus(on: date, currency: str, amount: Decimal) -> None:
    """Take ``amount`` from the usable bonuses, earliest expiry first."""
    left = amount
    for bonus in _usable_bonuses(on, currency):
        if left <= 0:
            break
        take = min(left, bonus.amount - bonus.used)
        Bonus.update(used=Bonus.used + take).where(Bonus.id == bonus.id).execute()
        left -= take
    if left > 0:
        raise ValidationError("use_bonus", _bonus_changed_message())


def _bonus_changed_message() -> str:
    return _("The bonus balance changed meanwhile: check the figures again.")


def record_purchase(data: Mapping[str, Any], today: date) -> Coupon:
    """Record a coupon bought in the vendor's store.

    ``data`` keys (the purchase form's fields): ``code``, ``product``, ``plan``
    (id), ``term_months``, ``seats``, ``purchased_on`` (date), ``list_price``
    (Decimal or text), ``currency``; optional ``client`` (id: bought for that
    client, the coupon is then assigned), ``new_client`` (declared when no client
    is given), ``use_bonus``, ``expected_bonus_used`` (the bonus the form showed:
    when the balance read under the lock gives another figure, because another
    desk spent it meanwhile, nothing is saved), ``order_ref``, ``note``.
    """
    errors = ErrorCollector()
    code = product = currency = ""
    plan: Plan | None = None
    term = seats = 0
    purchased_on: date | None = None
    list_price = ZERO
    client: Client | None = None
    with errors.check():
        code = validate_coupon_code(str(data.get("code") or ""), "code")
    with errors.check():
        product = str(data.get("product") or "")
        if product not in COUPON_PRODUCTS:
            raise ValidationError("product", _("Choose a product."))
    with errors.check():
        plan = Plan.get_or_none(Plan.id == data.get("plan")) if data.get("plan") else None
        if plan is None:
            raise ValidationError("plan", _("Choose a plan."))
        if product in PLAN_KINDS_OF_PRODUCT and plan.kind not in PLAN_KINDS_OF_PRODUCT[product]:
            raise ValidationError(
                "plan",
                _("{plan} cannot be bought as this product.").format(plan=plan.name),
            )
    with errors.check():
        term = _int(data.get("term_months"), "term_months", 1)
        if term not in TERMS:
            raise ValidationError(
                "term_months",
                _("{field}: choose {choices} months.").format(
                    field=field_label("term_months"), choices=", ".join(map(str, TERMS))
                ),
            )
    with errors.check():
        raw_seats = data.get("seats")
        if raw_seats is None or raw_seats == "":
            raw_seats = plan.seats if plan is not None and plan.seats else 0
        seats = _int(raw_seats, "seats", 0)
        if product in ONPREM_LICENSE_PRODUCTS:
            validate_onprem_seats(seats)
    with errors.check():
        value = data.get("purchased_on")
        if not isinstance(value, date):
            raise ValidationError(
                "purchased_on",
                _("{field} is required.").format(field=field_label("purchased_on")),
            )
        if value > today:
            raise ValidationError(
                "purchased_on",
                _("{field} must not be in the future.").format(field=field_label("purchased_on")),
            )
        purchased_on = value
    with errors.check():
        currency = validate_currency(str(data.get("currency") or ""), "currency")
    with errors.check():
        raw_price = data.get("list_price")
        list_price = validate_money(
            raw_price if raw_price is not None else "", "list_price", currency or None
        )
    with errors.check():
        if data.get("client") is not None:
            client = _client_for_coupon(data.get("client"), product)
    texts = {k: str(data.get(k) or "").strip() for k in ("order_ref", "note")}
    check_text(Coupon, texts, errors)  # lengths and control characters (text_limits)
    errors.raise_if_any()
    assert plan is not None and purchased_on is not None

    if client is not None:
        new_client, own_use = bool(client.new_client), bool(client.affiliated)
    else:
        new_client, own_use = bool(data.get("new_client", False)), False
    use_bonus = bool(data.get("use_bonus", False))
    if use_bonus and bonus_allowed(product, new_client, own_use, archived_plan=plan.archived):
        validate_bonus_portal(product, client.portal_url if client is not None else None)
    expected_bonus = data.get("expected_bonus_used")
    try:
        with transaction():
            # Read the balance under the lock its spending holds: another desk
            # spending the same bonus waits, then sees what is left.
            balance = bonus_balance(purchased_on, currency, lock=True) if use_bonus else ZERO
            quote = quote_purchase(
                list_price,
                currency,
                product,
                partner_terms(),
                new_client=new_client,
                own_use=own_use,
                archived_plan=bool(plan.archived),
                bonus_balance=balance,
                use_bonus=use_bonus,
            )
            if expected_bonus is not None and quote.bonus_used != Decimal(expected_bonus):
                # The form showed another figure: the office would pay more than it
                # agreed to.  Nothing is saved; the form shows the new balance.
                raise ValidationError("use_bonus", _bonus_changed_message())
            if quote.bonus_used > 0:
                _draw_bonus(purchased_on, currency, quote.bonus_used)
            coupon = Coupon.create(
                code=code,
                product=product,
                plan=plan.id,
                term_months=term,
                seats=seats,
                purchased_on=purchased_on,
                currency=currency,
                list_price=list_price,
                partner_cost=quote.partner_cost,
                bonus_used=quote.bonus_used,
                client=client.id if client is not None else None,
                assigned_on=purchased_on if client is not None else None,
                state="assigned" if client is not None else "in_stock",
                order_ref=texts["order_ref"],
                note=texts["note"],
            )
            if client is not None:
                _log(
                    client.id,
                    "coupon",
                    _("Coupon {code} ({plan}) bought for the client").format(
                        code=code, plan=plan.name
                    ),
                )
    except IntegrityViolation as exc:
        if exc.column == "code":
            raise ValidationError("code", str(exc)) from exc
        raise
    events.notify(events.COUPONS, events.PARTNER, *([events.CLIENTS] if client else []))
    return coupon


def _update_versioned(coupon: Coupon, expected_version: int, **values: Any) -> None:
    updated = (
        Coupon.update(version=Coupon.version + 1, **values)
        .where((Coupon.id == coupon.id) & (Coupon.version == expected_version))
        .execute()
    )
    if updated != 1:
        raise _stale()


def _load(coupon_id: int, expected_version: int) -> Coupon:
    coupon = get_coupon(coupon_id)
    if coupon.version != expected_version:
        raise _stale()
    return coupon


def assign_coupon(
    coupon_id: int,
    client_id: int | None,
    resale_price: Decimal | str | None = None,
    resale_reason: str = "",
    *,
    expected_version: int,
    assigned_on: date | None = None,
) -> Coupon:
    """Pass an in-stock coupon to a client.

    A cloud coupon needs the client's portal URL (001 §2.3.1).  A resale price below
    the list price needs a reason, which is stored (001 §2.2, §13.5).  The coupon's
    state is checked on the row locked for the write (issue 13.2): of two desks
    assigning the same coupon at once, the second is told it is no longer in stock.
    """
    on = assigned_on or datetime.now(UTC).date()
    coupon = get_coupon(coupon_id)
    _check_assignable(coupon, on)
    errors = ErrorCollector()
    client: Client | None = None
    price: Decimal | None = None
    reason = (resale_reason or "").strip()
    with errors.check():
        client = _client_for_coupon(client_id, coupon.product)
    with errors.check():
        if resale_price is not None and str(resale_price).strip() != "":
            price = validate_money(resale_price, "resale_price", coupon.currency)
    with errors.check():
        if price is not None and below_list_needs_reason(price, coupon.list_price) and not reason:
            raise ValidationError(
                "resale_reason",
                _(
                    "The resale price is below the list price: give the reason (for "
                    "example the vendor's agreement to the discount)."
                ),
            )
    check_text(Coupon, {"resale_reason": reason}, errors)
    errors.raise_if_any()
    assert client is not None
    with transaction():
        coupon = _locked_coupon(coupon_id)
        _check_assignable(coupon, on)
        if coupon.version != expected_version:
            raise _stale()
        _update_versioned(
            coupon,
            expected_version,
            client=client.id,
            assigned_on=on,
            state="assigned",
            resale_price=price,
            resale_reason=reason if price is not None else "",
        )
        _log(client.id, "coupon", _("Coupon {code} assigned").format(code=coupon.code))
    events.notify(events.COUPONS, events.CLIENTS)
    return get_coupon(coupon_id)


def _locked_coupon(coupon_id: int) -> Coupon:
    """The coupon re-read under the write lock (see :mod:`b24desk.store.locking`)."""
    try:
        return locked(Coupon, coupon_id)
    except NotFoundError as exc:
        raise NotFoundError(_("The coupon does not exist any more.")) from exc


def _check_assignable(coupon: Coupon, on: date) -> None:
    if coupon.state != "in_stock" or on > coupon_activation_deadline(coupon.purchased_on):
        raise ValidationError(
            "client", _("Only a coupon in stock and not expired can be assigned to a client.")
        )


def _cloud_subscription_for(coupon: Coupon, client: Client) -> Subscription | None:
    return (
        Subscription.select()
        .where(
            Subscription.client == client.id,
            Subscription.plan == coupon.plan_id,
            Subscription.kind == "cloud",
            Subscription.portal_url == client.portal_url,
            Subscription.archived == False,  # noqa: E712
        )
        .order_by(Subscription.paid_until.desc(nulls="LAST"), Subscription.id.desc())
        .first()
    )


def _paid_until(start: date, months: int) -> date:
    return add_months(start, months) - timedelta(days=1)


def _start_subscription(coupon: Coupon, client: Client, on: date) -> Subscription:
    """Create or extend the subscription the coupon pays for; returns it."""
    product = coupon.product
    if product == "renewal":
        current = _cloud_subscription_for(coupon, client)
        if current is not None and current.paid_until is not None:
            lapsed = on > grace_end(current.paid_until, get_office().grace_days)
            start = on if lapsed else current.paid_until + timedelta(days=1)
            values: dict[str, Any] = {
                "paid_until": _paid_until(start, coupon.term_months),
                "term_months": coupon.term_months,
                "coupon": coupon.id,
            }
            if lapsed:
                values["starts_on"] = on
            if coupon.seats:
                values["seats"] = coupon.seats
            Subscription.update(**values).where(Subscription.id == current.id).execute()
            return Subscription.get_by_id(current.id)
    if product == "updates_renewal":
        license_ = onprem_license_for(client, coupon.plan_id)
        if license_ is not None:
            # One more period after the last covered day, early or late (002).
            covered_until = license_.updates_until
            new_until = (
                updates_renewal_period(covered_until, coupon.term_months)[1]
                if covered_until is not None
                else updates_until(on, coupon.term_months)
            )
            Subscription.update(updates_until=new_until, coupon=coupon.id).where(
                Subscription.id == license_.id
            ).execute()
            return Subscription.get_by_id(license_.id)
    if product == "extra_users":
        license_ = onprem_license_for(client, None)
        if license_ is not None:
            Subscription.update(seats=Subscription.seats + coupon.seats).where(
                Subscription.id == license_.id
            ).execute()
            return Subscription.get_by_id(license_.id)
    if product in CLOUD_PRODUCTS:
        return Subscription.create(
            client=client.id,
            plan=coupon.plan_id,
            kind="cloud",
            portal_url=client.portal_url,
            seats=coupon.seats,
            extra_storage_gb=(
                coupon.plan.storage_gb
                if product == "extra_storage" and coupon.plan is not None
                else 0
            ),
            term_months=coupon.term_months,
            starts_on=on,
            paid_until=_paid_until(on, coupon.term_months),
            purchased_on=coupon.purchased_on,
            currency=coupon.currency,
            coupon=coupon.id,
        )
    months = coupon.term_months if product == "updates_renewal" else None
    return Subscription.create(
        client=client.id,
        plan=coupon.plan_id,
        kind="on_premise",
        portal_url=client.portal_url,
        seats=coupon.seats,
        term_months=coupon.term_months,
        starts_on=on,
        purchased_on=coupon.purchased_on,
        license_price=coupon.list_price if product == "onprem_key" else None,
        currency=coupon.currency,
        updates_until=updates_until(on, months) if months else updates_until(on),
        coupon=coupon.id,
    )


def activate_coupon(coupon_id: int, activated_on: date, *, expected_version: int) -> Subscription:
    """Mark an assigned coupon activated on ``activated_on`` and start what it pays
    for, in one transaction: a new subscription (paid until the day before
    ``activated_on`` + term), or for a renewal the client's subscription of that
    plan and portal extended (from its paid end date unless it lapsed)."""
    coupon = _load(coupon_id, expected_version)
    if not isinstance(activated_on, date):
        raise ValidationError(
            "activated_on", _("{field} is required.").format(field=field_label("activated_on"))
        )
    # An expired coupon may still be recorded as activated on a day within its
    # deadline (the activation was entered late).
    late_entry = (
        coupon.state == "expired"
        and coupon.client_id is not None
        and activated_on <= coupon_activation_deadline(coupon.purchased_on)
    )
    if (coupon.state != "assigned" and not late_entry) or coupon.client_id is None:
        raise ValidationError(
            "activated_on", _("Only a coupon assigned to a client can be marked activated.")
        )
    if activated_on < coupon.purchased_on:
        raise ValidationError(
            "activated_on",
            _("{end} must not be before {start}.").format(
                end=field_label("activated_on"), start=field_label("purchased_on")
            ),
        )
    client = Client.get_by_id(coupon.client_id)
    if coupon.product in CLOUD_PRODUCTS and not client.portal_url.strip():
        _client_for_coupon(client.id, coupon.product, "activated_on")  # raises
    with transaction():
        _update_versioned(coupon, expected_version, state="activated", activated_on=activated_on)
        subscription = _start_subscription(coupon, client, activated_on)
        _log(client.id, "coupon", _("Coupon {code} activated").format(code=coupon.code))
    events.notify(events.COUPONS, events.SUBSCRIPTIONS, events.CLIENTS)
    return subscription


def void_coupon(coupon_id: int, reason: str, *, expected_version: int) -> Coupon:
    """Cancel a coupon that was not activated; the reason is kept in its note."""
    coupon = _load(coupon_id, expected_version)
    if coupon.state not in (*OPEN_STATES, "expired"):
        raise ValidationError("reason", _("An activated or void coupon cannot be voided."))
    text = (reason or "").strip()
    if not text:
        raise ValidationError("reason", _("Give the reason for voiding the coupon."))
    note = "\n".join(p for p in (coupon.note.strip(), _("Void: {reason}").format(reason=text)) if p)
    check_text(Coupon, {"note": note}, names={"note": "reason"})
    with transaction():
        _update_versioned(coupon, expected_version, state="void", note=note)
        if coupon.client_id is not None:
            _log(
                coupon.client_id,
                "coupon",
                _("Coupon {code} voided: {reason}").format(code=coupon.code, reason=text),
            )
    events.notify(events.COUPONS, *([events.CLIENTS] if coupon.client_id else []))
    return get_coupon(coupon_id)


def expire_overdue(today: date) -> int:
    """Mark expired the coupons not activated within 7 days of purchase (001 §2.3);
    returns how many."""
    cutoff = today - timedelta(days=COUPON_ACTIVATION_DAYS)
    overdue = Coupon.state.in_(OPEN_STATES) & (Coupon.purchased_on < cutoff)
    # Look first: most days there is nothing to do, and an UPDATE would take the
    # database's write lock every time the tab is shown.
    if not Coupon.select(Coupon.id).where(overdue).exists():
        return 0
    with transaction():
        count = Coupon.update(state="expired", version=Coupon.version + 1).where(overdue).execute()
    if count:
        events.notify(events.COUPONS)
    return int(count)


def activate_due_onprem_keys(today: date) -> int:
    """Mark activated the on-premise keys of clients that activated themselves (002:
    "Si la licencia no ha sido activada durante ese periodo, se activará
    automáticamente. En este caso, el período de actualización y soporte se inicia
    desde el momento de la activación de la licencia").

    A key bought on P activates itself on ``onprem_activation_deadline(P)`` (P + 6
    months): still the last day the client may activate it, so it is marked the
    day after, activated on that date, and its license covers a year from it.
    Keys in stock (no client) only show the date: there is no license to start.

    Called whenever the coupon list or Today is computed; cheap when nothing is
    due (one indexed look, no write lock).  Two desks at once: the keys are re-read
    under the write lock, so each key is activated once.  Another desk holding the
    lock for long (an import) makes it give up quietly until the next time.
    Returns how many keys were activated.
    """
    if not due_onprem_keys(today).exists():
        return 0
    done: list[int] = []
    try:
        with transaction():
            for coupon in list(lock_for_update(due_onprem_keys(today))):
                on = onprem_activation_date(coupon.purchased_on)
                if on >= today:
                    continue
                client = Client.get_by_id(coupon.client_id)
                _update_versioned(coupon, coupon.version, state="activated", activated_on=on)
                _start_subscription(coupon, client, on)
                _log(
                    client.id,
                    "coupon",
                    _(
                        "On-premise key {code} activated itself on {date}, six months "
                        "after its purchase"
                    ).format(code=coupon.code, date=format_date(on)),
                )
                done.append(coupon.id)
    except pw.OperationalError as exc:  # another desk holds the write lock
        log.warning("automatic activation of on-premise keys postponed: %s", exc)
        return 0
    if done:
        events.notify(events.COUPONS, events.SUBSCRIPTIONS, events.CLIENTS)
    return len(done)
