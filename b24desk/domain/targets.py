"""Partner status, sales and new-client-seat targets, partner points (001 §3–4).

The status year runs 12 calendar months from the last status confirmation
(``year_start``); its end (``year_start + 12 months``, exclusive) is the date by
which the targets are due.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Protocol

from b24desk.domain.errors import ValidationError, field_label
from b24desk.domain.lifecycle import add_months
from b24desk.domain.vocabulary import PARTNER_STATUSES, codes
from b24desk.i18n import N_, _

__all__ = [
    "BRONZE_REQUIREMENTS_DAYS",
    "POINTS_VALID_MONTHS",
    "REQUIREMENTS",
    "SEATS_COUNTED_FROM",
    "SEATS_HOLD_MONTHS",
    "STATUSES",
    "STATUS_NAMES",
    "STATUS_RULES",
    "Gap",
    "Requirement",
    "Sale",
    "StatusRule",
    "Target",
    "TargetProgress",
    "active_points",
    "forecast",
    "forecast_target",
    "gap_to",
    "monthly_totals",
    "points_expiry",
    "requirements",
    "seats_held_on",
    "status_rule",
    "status_year_start",
    "target_progress",
    "targets_for",
    "unbroken_paid_until",
]

#: New client seats count from this day (001 §3.3).
SEATS_COUNTED_FROM = date(2026, 1, 1)
#: A new client must keep paying this many consecutive months for its seats to count.
SEATS_HOLD_MONTHS = 6
#: Partner points are valid for one calendar year from their allocation (001 §4.2).
POINTS_VALID_MONTHS = 12
#: Bronze requirements are due this many days after acceptance (001 §3.4).
BRONZE_REQUIREMENTS_DAYS = 90

STATUSES = codes(PARTNER_STATUSES)
#: The statuses' names (translate where shown).
STATUS_NAMES = PARTNER_STATUSES


@dataclass(frozen=True)
class StatusRule:
    """The figures of one partner status (domain.md §4).

    ``qualify_*`` are the first-time figures (``qualify_from``: the status one must
    hold to qualify, e.g. Gold is reached "as Silver"); ``keep_*`` the figures to
    keep the status each year (also to re-qualify after a downgrade, 001 §3.5).
    ``None`` means the status has no such figure.
    """

    status: str
    rank: int
    discount: Decimal
    discount_before_tutorial: Decimal
    qualify_sales: Decimal | None
    qualify_clients: int
    qualify_from: str | None
    keep_sales: Decimal | None
    keep_seats: int | None


STATUS_RULES: Mapping[str, StatusRule] = MappingProxyType(
    {
        "bronze": StatusRule(
            status="bronze",
            rank=0,
            discount=Decimal("0.20"),
            discount_before_tutorial=Decimal("0"),
            qualify_sales=None,
            qualify_clients=0,
            qualify_from=None,
            keep_sales=None,
            keep_seats=None,
        ),
        "silver": StatusRule(
            status="silver",
            rank=1,
            discount=Decimal("0.40"),
            discount_before_tutorial=Decimal("0.40"),
            qualify_sales=Decimal("2500"),
            qualify_clients=2,
            qualify_from="bronze",
            keep_sales=Decimal("5000"),
            keep_seats=400,
        ),
        "gold": StatusRule(
            status="gold",
            rank=2,
            discount=Decimal("0.50"),
            discount_before_tutorial=Decimal("0.50"),
            qualify_sales=Decimal("10000"),
            qualify_clients=0,
            qualify_from="silver",
            keep_sales=Decimal("15000"),
            keep_seats=1000,
        ),
    }
)


def status_rule(status: str) -> StatusRule:
    """The :class:`StatusRule` of ``status`` ("bronze", "silver", "gold"; any case)."""
    key = status.strip().lower() if isinstance(status, str) else ""
    rule = STATUS_RULES.get(key)
    if rule is None:
        raise ValidationError(
            "status",
            _("{field}: \u201c{value}\u201d is not a partner status.").format(
                field=field_label("status"), value=status
            ),
        )
    return rule


# --------------------------------------------------------------------------- sales


@dataclass(frozen=True)
class Sale:
    """One purchase from the vendor.

    ``amount`` is what the office paid (after the partner discount); ``seats`` the
    included seats when the purchase starts a new client's first paid subscription;
    ``paid_until`` the last paid day of that client's unbroken paid period so far;
    ``paid_from`` the first paid day of that period (the subscription's activation,
    not the coupon's purchase; ``bought_on`` stands in when it is unknown).
    """

    client_id: Hashable
    bought_on: date
    amount: Decimal
    seats: int = 0
    new_client: bool = False
    affiliated: bool = False
    paid_until: date | None = None
    paid_from: date | None = None

    def __post_init__(self) -> None:
        if isinstance(self.amount, float):
            raise TypeError("Sale.amount must be Decimal, not float")
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", Decimal(self.amount))
        if self.seats < 0:
            raise ValueError("Sale.seats must not be negative")


@dataclass(frozen=True)
class TargetProgress:
    """Progress of the status year (see :func:`target_progress`)."""

    status: str
    year_start: date
    year_end: date
    today: date
    sales_total: Decimal
    sales_count: int
    distinct_clients: int
    seats_counted: int
    seats_pending: int
    keeps_status: bool | None
    sales_missing_to_keep: Decimal | None
    seats_missing_to_keep: int | None
    next_status: str | None
    sales: tuple[Sale, ...] = field(default=(), repr=False)

    @property
    def due_on(self) -> date:
        """The last day of the status year (the targets are due by then)."""
        return self.year_end - timedelta(days=1)

    @property
    def days_left(self) -> int:
        """Days from ``today`` to the end of the status year (0 when over)."""
        return max(0, (self.year_end - self.today).days)


def status_year_start(confirmed_on: date | None, accepted_on: date | None, today: date) -> date:
    """The first day of the status year: the last status confirmation (001 def. (q)),
    else the acceptance into the programme, else ``today`` (nothing recorded yet)."""
    return confirmed_on or accepted_on or today


def unbroken_paid_until(
    first_until: date | None, later: Iterable[tuple[date | None, date | None]]
) -> date | None:
    """The last paid day of the period that starts with a subscription paid until
    ``first_until`` and goes on without a gap: each later ``(start, paid until)``
    (in start order) that starts no later than the day after the period's end
    extends it; the first gap ends it.  Pairs with an unknown date are skipped."""
    end = first_until
    if end is None:
        return None
    for start, until in later:
        if until is None or start is None:
            continue
        if start > end + timedelta(days=1):
            break
        end = max(end, until)
    return end


def seats_held_on(paid_from: date) -> date:
    """The last day of the six consecutive paid months that begin on ``paid_from``
    (001 def. (g)(ii)): paid from 1 Feb, the six months end on 31 Jul."""
    return add_months(paid_from, SEATS_HOLD_MONTHS) - timedelta(days=1)


def _seat_state(sale: Sale, today: date) -> str:
    """The seats of one sale: "counted", "pending" or "none".

    Counted from the day after the six paid months are over, when ``paid_until``
    (the last paid day) reaches their last day; pending inside them while the
    client still pays; lost when the client stopped paying before their end."""
    if not sale.new_client or sale.seats <= 0 or sale.bought_on < SEATS_COUNTED_FROM:
        return "none"
    if sale.paid_until is None:
        return "none"
    held_last = seats_held_on(sale.paid_from or sale.bought_on)
    if sale.paid_until >= held_last:
        return "counted" if today > held_last else "pending"
    if sale.paid_until >= today:
        return "pending"
    return "none"


def _qualifies(
    rule: StatusRule,
    sales: Decimal,
    clients: int,
    seats: int,
    held_before: StatusRule | None,
) -> bool:
    if held_before is not None and held_before.rank >= rule.rank:
        assert rule.keep_sales is not None and rule.keep_seats is not None
        return sales >= rule.keep_sales and seats >= rule.keep_seats
    assert rule.qualify_sales is not None
    return sales >= rule.qualify_sales and clients >= rule.qualify_clients


def target_progress(
    status: str,
    year_start: date,
    sales: Iterable[Sale],
    today: date,
    *,
    held_before: str | None = None,
) -> TargetProgress:
    """Sales and seats of the status year that began on ``year_start``, on ``today``.

    * Only sales with ``year_start <= bought_on < year_end`` and ``bought_on <=
      today`` count; affiliated / own-entity sales count for nothing.
    * Seats of a new client's sale (bought on or after 1 Jan 2026) are *counted*
      once the client has paid for 6 consecutive months from the start of its paid
      subscription (``paid_until >= seats_held_on(paid_from)``, counted from the
      day after), *pending* while the client is inside those months and still
      paying (``paid_until >= today``), and lost otherwise (also when
      ``paid_until`` is unknown).
    * ``keeps_status``: sales and counted seats meet the status's keep figures
      (``None`` for Bronze, which keeps by its checklist).
    * ``next_status``: the next higher status the figures qualify for, courses
      aside.  Bronze → Silver needs 2 500 and 2 different clients; Silver → Gold
      10 000.  When ``held_before`` is that status or a higher one, re-qualifying
      needs its *keep* figures (sales and counted seats) instead (001 §3.5).
    """
    rule = status_rule(status)
    before = status_rule(held_before) if held_before is not None else None
    year_end = add_months(year_start, 12)
    counted = tuple(
        s
        for s in sales
        if not s.affiliated and year_start <= s.bought_on < year_end and s.bought_on <= today
    )
    total = sum((s.amount for s in counted), Decimal(0))
    # A purchase for no client (stock, own use) is no "different client" (001 §3.1).
    clients = len({s.client_id for s in counted if s.client_id is not None})
    seats_counted = seats_pending = 0
    for s in counted:
        state = _seat_state(s, today)
        if state == "counted":
            seats_counted += s.seats
        elif state == "pending":
            seats_pending += s.seats

    keeps: bool | None = None
    sales_missing: Decimal | None = None
    seats_missing: int | None = None
    if rule.keep_sales is not None and rule.keep_seats is not None:
        sales_missing = max(Decimal(0), rule.keep_sales - total)
        seats_missing = max(0, rule.keep_seats - seats_counted)
        keeps = sales_missing == 0 and seats_missing == 0

    next_status: str | None = None
    higher = [r for r in STATUS_RULES.values() if r.qualify_from == rule.status]
    for candidate in higher:
        if _qualifies(candidate, total, clients, seats_counted, before):
            next_status = candidate.status
    return TargetProgress(
        status=rule.status,
        year_start=year_start,
        year_end=year_end,
        today=today,
        sales_total=total,
        sales_count=len(counted),
        distinct_clients=clients,
        seats_counted=seats_counted,
        seats_pending=seats_pending,
        keeps_status=keeps,
        sales_missing_to_keep=sales_missing,
        seats_missing_to_keep=seats_missing,
        next_status=next_status,
        sales=counted,
    )


def monthly_totals(progress: TargetProgress) -> list[tuple[date, Decimal]]:
    """Counted sales per calendar month of the status year of ``progress``:
    ``(first day of the month, total)`` pairs, twelve when the year starts on the
    1st, else thirteen (the first and last months are partial)."""
    months: list[date] = []
    month = progress.year_start.replace(day=1)
    while month < progress.year_end:
        months.append(month)
        month = add_months(month, 1)
    totals = [Decimal(0)] * len(months)
    for sale in progress.sales:
        index = (sale.bought_on.year - months[0].year) * 12 + sale.bought_on.month - months[0].month
        totals[index] += sale.amount
    return list(zip(months, totals, strict=True))


# --------------------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class Target:
    """One threshold to reach: to ``keep`` the current status or reach the ``next``."""

    kind: str  # "keep" or "next"
    status: str
    sales: Decimal | None
    seats: int | None
    clients: int = 0


def targets_for(status: str, held_before: str | None) -> list[Target]:
    """The thresholds of ``status`` from :data:`STATUS_RULES`: its keep figures (Silver,
    Gold) and the next status's figures: the first-time ones, or the keep ones when
    that status was held before a downgrade (001 §3.5), exactly as
    :func:`target_progress` judges them."""
    rule = status_rule(status)
    before = status_rule(held_before) if held_before else None
    out: list[Target] = []
    if rule.keep_sales is not None:
        out.append(Target("keep", rule.status, rule.keep_sales, rule.keep_seats))
    for candidate in STATUS_RULES.values():
        if candidate.qualify_from != rule.status:
            continue
        if before is not None and before.rank >= candidate.rank:
            out.append(Target("next", candidate.status, candidate.keep_sales, candidate.keep_seats))
        else:
            out.append(
                Target(
                    "next",
                    candidate.status,
                    candidate.qualify_sales,
                    None,
                    candidate.qualify_clients,
                )
            )
    return out


def forecast_target(targets: Iterable[Target]) -> Target | None:
    """The target a forecast is measured against: the keep target, else the next
    status's (Bronze keeps by its checklist, not by figures)."""
    items = list(targets)
    return next((t for t in items if t.kind == "keep"), items[0] if items else None)


@dataclass(frozen=True)
class Gap:
    """What is still missing to reach one :class:`Target` (zero when reached)."""

    sales: Decimal
    seats: int
    clients: int

    @property
    def met(self) -> bool:
        return self.sales == 0 and self.seats == 0 and self.clients == 0


def gap_to(target: Target, progress: TargetProgress) -> Gap:
    """Sales, counted new-client seats and different clients still missing to reach
    ``target`` in the status year of ``progress``."""
    sales = max(Decimal(0), (target.sales or Decimal(0)) - progress.sales_total)
    seats = max(0, (target.seats or 0) - progress.seats_counted)
    clients = max(0, target.clients - progress.distinct_clients)
    return Gap(sales, seats, clients)


def forecast(
    year_start: date,
    sales: Iterable[Sale],
    planned: Iterable[tuple[date, Decimal]],
    today: date,
) -> Decimal:
    """Sales of the status year so far plus planned purchases (renewals and coupons
    already planned) dated from ``today`` to the end of the year.  Planned dates
    already past are ignored: they either happened (and are sales) or did not."""
    progress = target_progress("bronze", year_start, sales, today)
    year_end = progress.year_end
    extra = sum(
        (Decimal(amount) for on, amount in planned if today <= on < year_end and on >= year_start),
        Decimal(0),
    )
    return progress.sales_total + extra


# --------------------------------------------------------------------------- points


class _Allocation(Protocol):
    @property
    def allocated_on(self) -> date: ...

    @property
    def points(self) -> int: ...


def points_expiry(allocated_on: date) -> date:
    """The first day points allocated on ``allocated_on`` no longer count: one calendar
    year later (001 §4.2), clamped to the month's end, so points allocated on
    29 Feb 2024 expire on 28 Feb 2025 (and count through 27 Feb 2025)."""
    return add_months(allocated_on, POINTS_VALID_MONTHS)


def active_points(allocations: Iterable[tuple[date, int] | _Allocation], on: date) -> int:
    """Points still valid on ``on``: allocated on or before ``on`` and expiring
    (:func:`points_expiry`) after it (001 §4.2: valid for one year from allocation).

    ``allocations`` are ``(date, points)`` pairs or objects with ``allocated_on``
    and ``points``.  Points allocated after ``on`` do not count yet.
    """
    total = 0
    for item in allocations:
        if isinstance(item, tuple):
            allocated_on, points = item
        else:
            allocated_on, points = item.allocated_on, item.points
        if allocated_on <= on < points_expiry(allocated_on):
            total += points
    return total


# --------------------------------------------------------------------------- checklist


@dataclass(frozen=True)
class Requirement:
    """One item of a status checklist; ``label`` is English (show it with ``_()``)."""

    key: str
    label: str
    done: bool
    due_on: date | None = None

    def overdue(self, today: date) -> bool:
        return not self.done and self.due_on is not None and today > self.due_on


#: Checklist items per status (cumulative: Silver includes Bronze's, …).
REQUIREMENTS: Mapping[str, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        "bronze": (
            ("tutorial", N_("Partner Program Tutorial completed")),
            ("nfr_claimed", N_("Cloud NFR subscription claimed")),
        ),
        "silver": (
            ("sales_course", N_("Partner Sales Course completed")),
            ("website_endorsement", N_("Bitrix24 endorsed on the website")),
            ("social_endorsement", N_("Bitrix24 endorsed on social networks")),
            ("first_line_support", N_("First-line support by e-mail and phone")),
        ),
        "gold": (
            ("marketing_course", N_("Partner Marketing Course completed")),
            ("webinar_or_video", N_("Public webinar or 30\u201340 minute video")),
            ("case_study", N_("Public case study or testimonial")),
            ("marketing_plan", N_("Marketing plan for 1\u20132 years")),
            ("business_review", N_("Quarterly business review attended")),
        ),
    }
)


def requirements(
    status: str,
    accepted_on: date,
    done: Mapping[str, date | bool | None] | None = None,
) -> list[Requirement]:
    """The checklist of ``status`` (cumulative), each item marked done or not.

    ``done`` maps item keys (see :data:`REQUIREMENTS`) to the date it was done or
    a bool.  Bronze items are due 90 days after ``accepted_on`` (001 §3.4); an item
    done after its due date is still reported as done.
    """
    rule = status_rule(status)
    done = done or {}
    items: list[Requirement] = []
    for st in STATUSES:
        if STATUS_RULES[st].rank > rule.rank:
            break
        due = accepted_on + timedelta(days=BRONZE_REQUIREMENTS_DAYS) if st == "bronze" else None
        for key, label in REQUIREMENTS[st]:
            value = done.get(key)
            items.append(Requirement(key, label, bool(value), due))
    return items
