"""The office's standing in the partner programme (domain.md §3–4, 001 §3–4, 8–10).

Everything the Partner targets tab shows comes from here, and every figure from
:mod:`b24desk.domain.targets` / :mod:`b24desk.domain.pricing`:

* **Sales** of the status year are the coupons the office bought
  (:func:`sales_for_targets`), turned into :class:`~b24desk.domain.targets.Sale`
  objects and handed to :func:`~b24desk.domain.targets.target_progress`.
* The **checklist** is :func:`~b24desk.domain.targets.requirements` marked with
  the course completions, the NFR licenses and the ``Requirement`` rows; Gold's
  quarterly business review becomes one item per quarter of the status year.
* Bonuses, NFR licenses and partner points with their validity.

How a coupon becomes a ``Sale`` (:func:`sales_for_targets`)
-------------------------------------------------------------

* Coupons *purchased* in the status year count, in every state except ``void``
  (an expired coupon was still paid for).  ``amount`` is ``partner_cost``: the
  money paid after the partner discount and any bonus.
* The targets are in "$/€" (001 §3): USD and EUR coupons count at face value,
  others in USD at the rate of their purchase date; those without a rate are left
  out (:func:`other_currency_coupons` counts them so the tab can say so).
* ``affiliated`` is the client's flag.  A coupon without a client is a sale
  without seats, with ``client_id=None``.
* ``new_client``/``seats``/``paid_until`` come from the client's **first paid
  subscription** (not archived, on a plan marked paid; ordered by ``starts_on``,
  else ``purchased_on``):

  - only a client flagged ``new_client`` (never held a paid subscription before
    the office's records) has a new-client sale at all, and only one: the coupon
    the first paid subscription was made from (``Subscription.coupon``); when that
    link is missing, the latest coupon of a starting product (cloud subscription,
    on-premise key) bought no later than the subscription started; when the
    client has no paid subscription yet, its first such coupon (seats then count
    for nothing until it is activated: ``paid_until`` is unknown);
  - ``seats`` are the first paid subscription's seats (its own ``seats`` when
    set, else its plan's included seats), else the coupon's (or its plan's);
  - ``paid_from`` is that subscription's start (its activation, else its purchase),
    from which the six paid months run (not the coupon's purchase date);
  - ``paid_until`` is the end of the *unbroken* paid period that starts with that
    subscription: each later paid subscription of the client that starts no later
    than the day after the period's end extends it.  An on-premise license has no
    ``paid_until``: its paid updates period (``updates_until``) stands for it.

  Every other coupon (renewals, upgrades, options) is a sale without seats.

All of it is one ``SELECT`` of coupons joined to their plan, their client and the
client's subscriptions (with their plans).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Protocol, cast

import peewee as pw

from b24desk.domain import targets as rules
from b24desk.domain.errors import ErrorCollector, ValidationError, field_label
from b24desk.domain.lifecycle import add_months
from b24desk.domain.partner_rules import (
    AWARD_MAX,
    AWARD_MIN,
    BONUS_VALID_DAYS,
    KICKSTART_MAX,
    NFR_ALLOWANCE,
    NFR_MONTHS,
    bonus_expiry,
)
from b24desk.domain.pricing import partner_discount, round_money
from b24desk.domain.targets import (
    POINTS_VALID_MONTHS,
    REQUIREMENTS,
    STATUS_NAMES,
    STATUS_RULES,
    Sale,
    Target,
    TargetProgress,
    forecast_target,
    status_rule,
    target_progress,
    targets_for,
)
from b24desk.domain.validation import validate_money
from b24desk.i18n import N_, _, format_date, format_money
from b24desk.store import events
from b24desk.store.db import transaction
from b24desk.store.errors import StaleRecordError
from b24desk.store.models import (
    BONUS_KINDS,
    COURSES,
    Bonus,
    Client,
    Coupon,
    CourseCompletion,
    PartnerProfile,
    PartnerStatusChange,
    Plan,
    PlanPrice,
    PointsAllocation,
    Requirement,
    Subscription,
)
from b24desk.store.partner_claims import (
    QBR_KEY,
    NfrView,
    PartnerClaims,
    add_nfr,
    claims,
    done_map,
    extend_nfr,
    nfr_default_expiry,
    nfr_licenses,
)
from b24desk.store.partner_currency import target_amount, unconverted_coupons
from b24desk.store.prices import in_force
from b24desk.store.rates import rate_book

__all__ = [
    "BONUS_VALID_DAYS",
    "NEW_CLIENT_PRODUCTS",
    "NFR_ALLOWANCE",
    "NFR_MONTHS",
    "STATUS_NAMES",
    "TARGET_CURRENCIES",
    "BonusView",
    "ChecklistItem",
    "ForecastView",
    "NfrView",
    "PartnerClaims",
    "PlannedPurchase",
    "Target",
    "active_points",
    "add_bonus",
    "add_nfr",
    "add_points",
    "bonus_expiry",
    "bonuses",
    "change_status",
    "checklist",
    "claims",
    "complete_course",
    "current_discount",
    "extend_nfr",
    "forecast",
    "monthly_sales",
    "nfr_default_expiry",
    "nfr_licenses",
    "other_currency_coupons",
    "partner_profile",
    "progress",
    "sales_for_targets",
    "set_accepted_on",
    "set_requirement_done",
    "status_history",
    "status_year_start",
    "targets_for",
]

#: The currencies the vendor's targets are stated in ("$/€", counted at face value).
TARGET_CURRENCIES = ("USD", "EUR")
#: The currency the tab shows the targets in.
DISPLAY_CURRENCY = "USD"
#: Coupon products that can start a client's first paid subscription.
NEW_CLIENT_PRODUCTS = ("cloud_subscription", "onprem_key")
#: The checklist items that are courses (recorded as CourseCompletion rows).
COURSE_KEYS = frozenset(COURSES)  # checklist key == course name

#: Human names of this module's field keys (translated when shown).
LABELS = {
    "confirmed_on": N_("Confirmation date"),
    "accepted_on": N_("Acceptance date"),
    "course": N_("Course"),
    "completed_on": N_("Completion date"),
    "kind": N_("Kind"),
    "credited_on": N_("Credit date"),
    "allocated_on": N_("Allocation date"),
    "points": N_("Points"),
    "key": N_("Checklist item"),
    "done_on": N_("Date done"),
}


def _label(field: str) -> str:
    return _(LABELS[field]) if field in LABELS else field_label(field)


def _required(field: str) -> ValidationError:
    return ValidationError(field, _("{field} is required.").format(field=_label(field)))


# --------------------------------------------------------------------------- profile


def partner_profile() -> PartnerProfile:
    """The office's partner profile (one row, created with the schema)."""
    return PartnerProfile.get_by_id(1)


def status_year_start(profile: PartnerProfile, today: date) -> date:
    """The first day of the status year of ``profile``
    (:func:`b24desk.domain.targets.status_year_start`)."""
    return rules.status_year_start(profile.confirmed_on, profile.accepted_on, today)


def tutorial_done() -> bool:
    return CourseCompletion.select().where(CourseCompletion.course == "tutorial").exists()


def current_discount(profile: PartnerProfile | None = None) -> Decimal:
    """The partner discount of the office's status (Bronze: 0 % before the tutorial)."""
    profile = profile or partner_profile()
    return partner_discount(profile.status, tutorial_done())


def status_history() -> list[PartnerStatusChange]:
    """Every status grant, confirmation or downgrade, newest first."""
    return list(
        PartnerStatusChange.select().order_by(
            PartnerStatusChange.confirmed_on.desc(), PartnerStatusChange.id.desc()
        )
    )


# --------------------------------------------------------------------------- sales


def _start_of(sub: dict[str, Any]) -> date | None:
    return sub["starts_on"] or sub["sub_purchased_on"]


def _paid_end(sub: dict[str, Any]) -> date | None:
    """The last paid day: ``paid_until``; for an on-premise license without one, the
    end of its paid updates period (the license itself does not lapse)."""
    if sub["paid_until"] is None and sub["sub_kind"] == "on_premise":
        return sub["updates_until"]
    return sub["paid_until"]


def _seats_of(value: int | None, plan_seats: int | None) -> int:
    if value:
        return int(value)
    return int(plan_seats or 0)


def _unbroken_until(first: dict[str, Any], later: list[dict[str, Any]]) -> date | None:
    """The end of the paid period that starts with ``first`` and goes on without a gap
    (:func:`b24desk.domain.targets.unbroken_paid_until`)."""
    return rules.unbroken_paid_until(
        _paid_end(first), ((_start_of(sub), _paid_end(sub)) for sub in later)
    )


def _sales_query(year_start: date, year_end: date) -> pw.ModelSelect[Coupon]:
    coupon_plan = Plan.alias("coupon_plan")
    sub = Subscription.alias("sub")
    sub_plan = Plan.alias("sub_plan")
    return (
        Coupon.select(
            Coupon.id.alias("coupon_id"),
            Coupon.client.alias("client_id"),
            Coupon.product,
            Coupon.purchased_on,
            Coupon.partner_cost,
            Coupon.currency.alias("coupon_currency"),
            Coupon.seats.alias("coupon_seats"),
            coupon_plan.seats.alias("coupon_plan_seats"),
            Client.affiliated,
            Client.new_client,
            sub.id.alias("sub_id"),
            sub.coupon.alias("sub_coupon_id"),
            sub.starts_on,
            sub.purchased_on.alias("sub_purchased_on"),
            sub.paid_until,
            sub.updates_until,
            sub.kind.alias("sub_kind"),
            sub.seats.alias("sub_seats"),
            sub_plan.seats.alias("sub_plan_seats"),
            sub_plan.paid.alias("sub_paid"),
        )
        .join(coupon_plan, pw.JOIN.LEFT_OUTER, on=(Coupon.plan == coupon_plan.id))
        .switch(Coupon)
        .join(Client, pw.JOIN.LEFT_OUTER, on=(Coupon.client == Client.id))
        .switch(Coupon)
        .join(
            sub,
            pw.JOIN.LEFT_OUTER,
            # Only new clients need their subscriptions (for seats).
            on=(
                (sub.client == Coupon.client)
                & (sub.archived == False)  # noqa: E712
                & (Client.new_client == True)  # noqa: E712
            ),
        )
        .join(sub_plan, pw.JOIN.LEFT_OUTER, on=(sub.plan == sub_plan.id))
        .where(
            (Coupon.purchased_on >= year_start)
            & (Coupon.purchased_on < year_end)
            & (Coupon.state != "void")
        )
        .order_by(Coupon.purchased_on, Coupon.id)
        .dicts()
    )


def sales_for_targets(year_start: date, year_end: date) -> list[Sale]:
    """The office's purchases from ``year_start`` to ``year_end`` (exclusive) as
    :class:`~b24desk.domain.targets.Sale` objects (see the module docstring for how
    each field is derived).  One query."""
    coupons: dict[int, dict[str, Any]] = {}
    subs: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    book = rate_book()
    for row in cast("Iterable[dict[str, Any]]", _sales_query(year_start, year_end)):
        cost = row["partner_cost"]
        amount = target_amount(cost, row["coupon_currency"], row["purchased_on"], book)
        if amount is not None:  # without a rate to USD: left out (other_currency_coupons)
            coupons.setdefault(row["coupon_id"], {**row, "partner_cost": amount})
        if row["sub_id"] is not None and row["sub_paid"]:
            subs[row["client_id"]][row["sub_id"]] = row

    by_client: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in coupons.values():
        if row["client_id"] is not None:
            by_client[row["client_id"]].append(row)

    # coupon id -> (seats, paid_until, paid_from) for the one new-client sale of a client
    new_sales: dict[int, tuple[int, date | None, date | None]] = {}
    for client_id, rows in by_client.items():
        if not rows[0]["new_client"]:
            continue
        paid = sorted(
            (s for s in subs.get(client_id, {}).values() if _start_of(s) is not None),
            key=lambda s: (_start_of(s), s["sub_id"]),
        )
        starters = [r for r in rows if r["product"] in NEW_CLIENT_PRODUCTS]
        if not paid:
            if starters:
                first_coupon = starters[0]
                seats = _seats_of(first_coupon["coupon_seats"], first_coupon["coupon_plan_seats"])
                new_sales[first_coupon["coupon_id"]] = (seats, None, None)
            continue
        first = paid[0]
        started = _start_of(first)
        assert started is not None
        if first["sub_coupon_id"] is not None:
            chosen = [r for r in rows if r["coupon_id"] == first["sub_coupon_id"]]
        else:
            chosen = [r for r in starters if r["purchased_on"] <= started][-1:]
        if not chosen:
            continue  # the first paid subscription began before this status year
        seats = _seats_of(first["sub_seats"], first["sub_plan_seats"])
        if seats == 0:
            seats = _seats_of(chosen[0]["coupon_seats"], chosen[0]["coupon_plan_seats"])
        new_sales[chosen[0]["coupon_id"]] = (seats, _unbroken_until(first, paid[1:]), started)

    sales: list[Sale] = []
    for coupon_id, row in coupons.items():
        seats, paid_until, paid_from = new_sales.get(coupon_id, (0, None, None))
        sales.append(
            Sale(
                client_id=row["client_id"],
                bought_on=row["purchased_on"],
                amount=row["partner_cost"],
                seats=seats,
                new_client=coupon_id in new_sales,
                affiliated=bool(row["affiliated"]),
                paid_until=paid_until,
                paid_from=paid_from,
            )
        )
    return sales


def other_currency_coupons(year_start: date, year_end: date) -> int:
    """Coupons of the status year bought in a currency other than USD or EUR with no
    rate to USD on their purchase date: the targets cannot count them."""
    return unconverted_coupons(year_start, year_end)


def _progress(profile: PartnerProfile, today: date) -> TargetProgress:
    year_start = status_year_start(profile, today)
    sales = sales_for_targets(year_start, add_months(year_start, 12))
    return target_progress(
        profile.status, year_start, sales, today, held_before=profile.held_before
    )


def progress(today: date) -> TargetProgress:
    """The status year's progress on ``today`` (:func:`target_progress`)."""
    return _progress(partner_profile(), today)


def monthly_sales(year_start: date, today: date) -> list[tuple[date, Decimal]]:
    """Counted sales per calendar month of the status year beginning ``year_start``:
    ``(first day of the month, total)`` pairs, twelve when the year starts on the
    1st, else thirteen (the first and last months are partial).  Only the sales
    :func:`target_progress` counts (up to ``today``, affiliated ones left out)."""
    sales = sales_for_targets(year_start, add_months(year_start, 12))
    return rules.monthly_totals(target_progress("bronze", year_start, sales, today))


# --------------------------------------------------------------------------- forecast


@dataclass(frozen=True)
class PlannedPurchase:
    """A purchase expected before the status year ends."""

    kind: str  # "renewal" or "coupon"
    on: date
    amount: Decimal
    client_id: int | None
    description: str


@dataclass(frozen=True)
class ForecastView:
    """Sales so far + planned = projected, against the target that matters."""

    sales_so_far: Decimal
    planned: tuple[PlannedPurchase, ...]
    projected: Decimal
    target: Target | None

    @property
    def planned_total(self) -> Decimal:
        return self.projected - self.sales_so_far

    @property
    def renewals(self) -> int:
        return sum(1 for p in self.planned if p.kind == "renewal")

    @property
    def coupons(self) -> int:
        return sum(1 for p in self.planned if p.kind == "coupon")


class _RenewalRow(Protocol):
    """A row of :func:`_planned_renewals` (``.namedtuples()``: a foreign key is its id)."""

    client: int
    paid_until: date  # the query takes subscriptions paid until a day in the year
    term_months: int
    name: str
    price: Decimal
    company: str


def _planned_renewals(
    profile: PartnerProfile, year_start: date, year_end: date, today: date
) -> list[PlannedPurchase]:
    """Cloud subscriptions of non-affiliated clients whose ``paid_until`` falls between
    ``today`` and the end of the status year and that nothing has renewed yet (no
    later subscription on the same portal, no coupon waiting to be activated for
    the client).  Each is expected to be renewed on its ``paid_until`` for the same
    term at the plan's USD list price × term × (1 − partner discount)."""
    later = Subscription.alias("later")
    waiting = Coupon.alias("waiting")
    usd, dollars = PlanPrice.alias("usd"), DISPLAY_CURRENCY  # the price in force today
    discount = current_discount(profile)
    rows = (
        Subscription.select(
            Subscription.id,
            Subscription.client,
            Subscription.paid_until,
            Subscription.term_months,
            Plan.name,
            usd.price,
            Client.company,
        )
        .join(Plan, on=(Subscription.plan == Plan.id))
        .join(usd, on=(usd.plan == Plan.id) & (usd.currency == dollars) & in_force(usd, today))
        .switch(Subscription)
        .join(Client, on=(Subscription.client == Client.id))
        .where(
            (Subscription.kind == "cloud")
            & (Subscription.archived == False)  # noqa: E712
            & (Plan.paid == True)  # noqa: E712
            & (Client.affiliated == False)  # noqa: E712
            & (Client.archived == False)  # noqa: E712
            & (Subscription.paid_until >= max(today, year_start))
            & (Subscription.paid_until < year_end)
            & ~pw.fn.EXISTS(
                later.select(later.id).where(
                    (later.client == Subscription.client)
                    & (later.portal_url == Subscription.portal_url)
                    & (later.archived == False)  # noqa: E712
                    & (later.paid_until > Subscription.paid_until)
                )
            )
            & ~pw.fn.EXISTS(
                waiting.select(waiting.id).where(
                    (waiting.client == Subscription.client)
                    & (waiting.state.in_(("in_stock", "assigned")))
                )
            )
        )
        .order_by(Subscription.paid_until, Subscription.id)
        .namedtuples()
    )
    planned = []
    for row in cast("Iterable[_RenewalRow]", rows):
        amount = round_money(row.price * max(1, row.term_months) * (1 - discount), DISPLAY_CURRENCY)
        planned.append(
            PlannedPurchase(
                "renewal",
                row.paid_until,
                amount,
                row.client,
                f"{row.company}: {row.name}",
            )
        )
    return planned


def _planned_coupons(year_start: date, year_end: date, today: date) -> list[PlannedPurchase]:
    """Coupons entered ahead of their purchase date (in stock or assigned, bought
    after ``today``): sales not counted yet."""
    rows = (
        Coupon.select(
            # each field named as the Coupon attribute it holds (client_id: the id)
            Coupon.id, Coupon.code, Coupon.client.alias("client_id"), Coupon.purchased_on,
            Coupon.partner_cost,
        )
        .join(Client, pw.JOIN.LEFT_OUTER, on=(Coupon.client == Client.id))
        .where(
            (Coupon.state.in_(("in_stock", "assigned")))
            & (Coupon.purchased_on > today)
            & (Coupon.purchased_on >= year_start)
            & (Coupon.purchased_on < year_end)
            & (Coupon.currency.in_(TARGET_CURRENCIES))
            & ((Client.id.is_null()) | (Client.affiliated == False))  # noqa: E712
        )
        .order_by(Coupon.purchased_on, Coupon.id)
        .namedtuples()
    )
    return [
        PlannedPurchase("coupon", r.purchased_on, r.partner_cost, r.client_id, r.code)
        for r in rows
    ]


def _forecast(profile: PartnerProfile, prog: TargetProgress, today: date) -> ForecastView:
    planned = _planned_renewals(profile, prog.year_start, prog.year_end, today)
    planned += _planned_coupons(prog.year_start, prog.year_end, today)
    projected = rules.forecast(
        prog.year_start, prog.sales, [(p.on, p.amount) for p in planned], today
    )
    target = forecast_target(targets_for(profile.status, profile.held_before))
    return ForecastView(prog.sales_total, tuple(planned), projected, target)


def forecast(today: date) -> ForecastView:
    """Sales so far plus the renewals and coupons planned before the year ends
    (:func:`b24desk.domain.targets.forecast`), against the keep target (or, for
    Bronze, the next status's sales target)."""
    profile = partner_profile()
    return _forecast(profile, _progress(profile, today), today)


# --------------------------------------------------------------------------- checklist


@dataclass(frozen=True)
class ChecklistItem:
    """One duty of the status; ``label`` is English (translate it where shown)."""

    key: str
    label: str
    done_on: date | None
    due_on: date | None
    quarter: int | None = None  # the quarterly business review: 1–4
    quarter_start: date | None = None

    @property
    def done(self) -> bool:
        return self.done_on is not None

    def overdue(self, today: date) -> bool:
        return not self.done and self.due_on is not None and today > self.due_on


def _checklist(
    profile: PartnerProfile,
    today: date,
    read: tuple[dict[str, date], dict[str, Requirement], list[date]] | None = None,
) -> list[ChecklistItem]:
    done, rows, reviews = read if read is not None else done_map()
    accepted = profile.accepted_on
    year_start = status_year_start(profile, today)
    items: list[ChecklistItem] = []
    for req in rules.requirements(profile.status, accepted or today, done):
        due = req.due_on if accepted is not None else None
        row = rows.get(req.key)
        if due is None and row is not None:
            due = row.due_on
        if req.key == QBR_KEY:
            for quarter in range(1, 5):
                start = add_months(year_start, 3 * (quarter - 1))
                end = add_months(year_start, 3 * quarter) - timedelta(days=1)
                held = next((d for d in reviews if start <= d <= end), None)
                items.append(ChecklistItem(req.key, req.label, held, end, quarter, start))
            continue
        items.append(ChecklistItem(req.key, req.label, done.get(req.key), due))
    return items


def checklist(today: date) -> list[ChecklistItem]:
    """The status's checklist (cumulative: Gold includes Silver's and Bronze's).

    Bronze items are due 90 days after acceptance (001 §3.4); courses are done on
    their completion date; the cloud NFR is claimed on the ``nfr_claimed``
    requirement's date or else the first cloud NFR license's start; the quarterly
    business review is one item per quarter of the status year, due on the
    quarter's last day and done by a review recorded inside that quarter."""
    return _checklist(partner_profile(), today)


def requirement_keys(status: str) -> list[str]:
    """Every checklist key of ``status`` (cumulative)."""
    rank = status_rule(status).rank
    return [
        key
        for st in rules.STATUSES
        if STATUS_RULES[st].rank <= rank
        for key, _label in REQUIREMENTS[st]
    ]


ALL_REQUIREMENT_KEYS = tuple(key for items in REQUIREMENTS.values() for key, _label in items)
REQUIREMENT_LABELS = {key: label for items in REQUIREMENTS.values() for key, label in items}


# --------------------------------------------------------------------------- bonuses


@dataclass(frozen=True)
class BonusView:
    id: int
    kind: str
    amount: Decimal
    used: Decimal
    currency: str
    credited_on: date
    expires_on: date
    expired: bool

    @property
    def balance(self) -> Decimal:
        return max(Decimal(0), self.amount - self.used)


def bonuses(today: date) -> list[BonusView]:
    """The bonuses credited, newest first, each with its balance and expiry."""
    return [
        BonusView(
            b.id,
            b.kind,
            b.amount,
            b.used,
            b.currency,
            b.credited_on,
            b.expires_on,
            today > b.expires_on,
        )
        for b in Bonus.select().order_by(Bonus.credited_on.desc(), Bonus.id.desc())
    ]


# --------------------------------------------------------------------------- points


def active_points(today: date) -> int:
    """Partner points still valid on ``today``: allocated less than one calendar year
    before it (:func:`b24desk.domain.targets.active_points`, 001 §4.2)."""
    # A superset by date (month-end clamping aside); the rule decides each day.
    first = add_months(today, -POINTS_VALID_MONTHS) - timedelta(days=3)
    rows = PointsAllocation.select(PointsAllocation.allocated_on, PointsAllocation.points).where(
        (PointsAllocation.allocated_on >= first) & (PointsAllocation.allocated_on <= today)
    )
    return rules.active_points(((r.allocated_on, r.points) for r in rows), today)


# --------------------------------------------------------------------------- overview


@dataclass(frozen=True)
class PartnerOverview:
    """Everything the Partner targets tab shows, read at once."""

    status: str
    accepted_on: date | None
    confirmed_on: date | None
    held_before: str | None
    version: int
    discount: Decimal
    tutorial_done: bool
    progress: TargetProgress
    targets: tuple[Target, ...]
    monthly: tuple[tuple[date, Decimal], ...]
    forecast: ForecastView
    checklist: tuple[ChecklistItem, ...]
    bonuses: tuple[BonusView, ...]
    nfr: tuple[NfrView, ...]
    points: int
    other_currency_coupons: int
    history: tuple[PartnerStatusChange, ...] = field(default=(), repr=False)
    claims: PartnerClaims | None = field(default=None, repr=False)


def overview(today: date) -> PartnerOverview:
    """The tab's data: one sales query, and small reads of the profile tables."""
    profile = partner_profile()
    prog = _progress(profile, today)
    done, rows, reviews = done_map()
    the_claims = claims(today, done)
    return PartnerOverview(
        status=profile.status,
        accepted_on=profile.accepted_on,
        confirmed_on=profile.confirmed_on,
        held_before=profile.held_before,
        version=profile.version,
        discount=current_discount(profile),
        tutorial_done=tutorial_done(),
        progress=prog,
        targets=tuple(targets_for(profile.status, profile.held_before)),
        monthly=tuple(rules.monthly_totals(prog)),
        forecast=_forecast(profile, prog, today),
        checklist=tuple(_checklist(profile, today, (done, rows, reviews))),
        bonuses=tuple(bonuses(today)),
        nfr=the_claims.nfr,
        points=active_points(today),
        other_currency_coupons=other_currency_coupons(prog.year_start, prog.year_end),
        history=tuple(status_history()),
        claims=the_claims,
    )


# --------------------------------------------------------------------------- editing


def _check_date(value: object, field: str) -> date:
    if value is None:
        raise _required(field)
    if not isinstance(value, date):
        raise TypeError(f"{field} must be a date, not {type(value).__name__}")
    return value


def _update_profile(values: dict[Any, Any], expected_version: int | None) -> None:
    """UPDATE the profile row, checking and bumping its version (optimistic lock)."""
    query = PartnerProfile.update(
        {**values, PartnerProfile.version: PartnerProfile.version + 1}
    ).where(PartnerProfile.id == 1)
    if expected_version is not None:
        query = query.where(PartnerProfile.version == expected_version)
    if query.execute() != 1:
        raise StaleRecordError(
            _(
                "The partner profile was changed on another desk since you opened it. "
                "Close the dialog and try again."
            )
        )


def change_status(
    status: str,
    confirmed_on: date,
    note: str = "",
    *,
    expected_version: int | None = None,
) -> PartnerProfile:
    """Record a status grant, confirmation or downgrade on ``confirmed_on``.

    Adds a :class:`PartnerStatusChange` row and sets the profile's status and its
    confirmation date (which starts a new status year).  A downgrade remembers the
    highest status held before it (``held_before``), so that re-qualifying needs
    that status's keep figures (001 §3.5); reaching that status again clears it.
    """
    errors = ErrorCollector()
    rule = None
    with errors.check():
        rule = status_rule(status)
    with errors.check():
        confirmed_on = _check_date(confirmed_on, "confirmed_on")
    note = (note or "").strip()
    profile = partner_profile()
    if (
        isinstance(confirmed_on, date)
        and profile.accepted_on
        and confirmed_on < profile.accepted_on
    ):
        errors.add(
            ValidationError(
                "confirmed_on",
                _("The status cannot be confirmed before the acceptance date ({date}).").format(
                    date=format_date(profile.accepted_on)
                ),
            )
        )
    errors.raise_if_any()
    assert rule is not None
    old = status_rule(profile.status)
    held = status_rule(profile.held_before) if profile.held_before else None
    if rule.rank < old.rank and (held is None or old.rank > held.rank):
        held = old
    if held is not None and rule.rank >= held.rank:
        held = None
    with transaction():
        _update_profile(
            {
                PartnerProfile.status: rule.status,
                PartnerProfile.confirmed_on: confirmed_on,
                PartnerProfile.held_before: held.status if held else None,
            },
            expected_version,
        )
        PartnerStatusChange.create(status=rule.status, confirmed_on=confirmed_on, note=note)
    events.notify(events.PARTNER)
    return partner_profile()


def set_accepted_on(
    d: date, *, registered_on: date | None = None, expected_version: int | None = None
) -> PartnerProfile:
    """Record the acceptance into the programme (Bronze starts then: it is also the
    status confirmation when none is recorded yet) and, when given, the registration
    (application) date, from which the kickstart eligibility and the six months of a
    suspension for zero activity count (001 §3.4, §9).  Without one recorded, the
    registration is taken to be the acceptance."""
    d = _check_date(d, "accepted_on")
    profile = partner_profile()
    if profile.confirmed_on is not None and profile.confirmed_on < d:
        raise ValidationError(
            "accepted_on",
            _("The acceptance date cannot be after the status confirmation ({date}).").format(
                date=format_date(profile.confirmed_on)
            ),
        )
    if registered_on is not None and registered_on > d:
        raise ValidationError(
            "registered_on",
            _("The registration cannot be after the acceptance ({date}).").format(
                date=format_date(d)
            ),
        )
    values: dict[Any, Any] = {PartnerProfile.accepted_on: d}
    if registered_on is not None:
        values[PartnerProfile.registered_on] = registered_on
    elif profile.registered_on is None:
        values[PartnerProfile.registered_on] = d
    with transaction():
        if profile.confirmed_on is None:
            values[PartnerProfile.confirmed_on] = d
            PartnerStatusChange.create(
                status=profile.status, confirmed_on=d, note=_("Accepted into the programme")
            )
        _update_profile(values, expected_version)
    events.notify(events.PARTNER)
    return partner_profile()


def complete_course(course: str, d: date) -> None:
    """Record the completion of a partner course (a later date replaces an earlier)."""
    if course not in COURSES:
        raise ValidationError(
            "course",
            _("{field}: \u201c{value}\u201d is not a partner course.").format(
                field=_label("course"), value=course
            ),
        )
    d = _check_date(d, "completed_on")
    with transaction():
        updated = (
            CourseCompletion.update(completed_on=d)
            .where(CourseCompletion.course == course)
            .execute()
        )
        if not updated:
            CourseCompletion.create(course=course, completed_on=d)
    events.notify(events.PARTNER)


def add_bonus(kind: str, amount: Decimal | int | str, currency: str, credited_on: date) -> Bonus:
    """Credit a kickstart (at most 1 000, one only) or award (1 000–5 000) bonus in
    USD or EUR; its expiry follows :func:`bonus_expiry`."""
    errors = ErrorCollector()
    if kind not in BONUS_KINDS:
        errors.add(
            ValidationError(
                "kind",
                _("{field}: \u201c{value}\u201d is not a kind of bonus.").format(
                    field=_label("kind"), value=kind
                ),
            )
        )
    currency = (currency or "").strip().upper()
    shown = currency if currency in TARGET_CURRENCIES else DISPLAY_CURRENCY
    value = None
    with errors.check():
        value = validate_money(amount, "amount", shown, allow_zero=False)
    if currency not in TARGET_CURRENCIES:
        errors.add(
            ValidationError(
                "currency",
                _("Bonuses are credited in {choices}.").format(
                    choices=" / ".join(TARGET_CURRENCIES)
                ),
            )
        )
    with errors.check():
        credited_on = _check_date(credited_on, "credited_on")
    if value is not None and kind == "award" and not AWARD_MIN <= value <= AWARD_MAX:
        errors.add(
            ValidationError(
                "amount",
                _("An award bonus is between {min} and {max}.").format(
                    min=format_money(AWARD_MIN, shown), max=format_money(AWARD_MAX, shown)
                ),
            )
        )
    if value is not None and kind == "kickstart" and value > KICKSTART_MAX:
        errors.add(
            ValidationError(
                "amount",
                _("A kickstart bonus is at most {max}.").format(
                    max=format_money(KICKSTART_MAX, shown)
                ),
            )
        )
    if kind == "kickstart" and Bonus.select().where(Bonus.kind == "kickstart").exists():
        errors.add(ValidationError("kind", _("The kickstart bonus has been credited already.")))
    errors.raise_if_any()
    assert value is not None
    expires = bonus_expiry(kind, credited_on, partner_profile().accepted_on)
    with transaction():
        bonus = Bonus.create(
            kind=kind, amount=value, currency=currency, credited_on=credited_on, expires_on=expires
        )
    events.notify(events.PARTNER)
    return bonus


def add_points(d: date, points: int, reason: str = "") -> PointsAllocation:
    """Record partner points allocated on ``d`` (valid for one year)."""
    errors = ErrorCollector()
    with errors.check():
        d = _check_date(d, "allocated_on")
    if isinstance(points, bool) or not isinstance(points, int) or points <= 0:
        errors.add(
            ValidationError(
                "points",
                _("{field} must be a whole number above zero.").format(field=_label("points")),
            )
        )
    errors.raise_if_any()
    with transaction():
        row = PointsAllocation.create(allocated_on=d, points=points, reason=(reason or "").strip())
    events.notify(events.PARTNER)
    return row


def set_requirement_done(key: str, d: date, note: str = "") -> None:
    """Mark a checklist item done on ``d``.  Courses are recorded as completions;
    each quarterly business review is a row of its own (one per review)."""
    if key not in ALL_REQUIREMENT_KEYS:
        raise ValidationError(
            "key",
            _("{field}: \u201c{value}\u201d is not a checklist item.").format(
                field=_label("key"), value=key
            ),
        )
    d = _check_date(d, "done_on")
    if key in COURSE_KEYS:
        complete_course(key, d)
        return
    with transaction():
        if key == QBR_KEY:
            exists = (
                Requirement.select()
                .where((Requirement.key == key) & (Requirement.done_on == d))
                .exists()
            )
            if not exists:
                Requirement.create(key=key, done_on=d, note=(note or "").strip())
        else:
            updated = Requirement.update(done_on=d).where(Requirement.key == key).execute()
            if not updated:
                Requirement.create(key=key, done_on=d, note=(note or "").strip())
    events.notify(events.PARTNER)
