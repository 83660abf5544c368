"""Partner status figures, status-year progress, points and checklists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from b24desk.domain.errors import ValidationError
from b24desk.domain.targets import (
    STATUS_NAMES,
    STATUS_RULES,
    Gap,
    Sale,
    Target,
    active_points,
    forecast,
    forecast_target,
    gap_to,
    monthly_totals,
    points_expiry,
    requirements,
    seats_held_on,
    status_year_start,
    target_progress,
    targets_for,
    unbroken_paid_until,
)

D = Decimal
YEAR = date(2026, 1, 15)


def sale(
    client: int,
    bought_on: date,
    amount: str,
    *,
    seats: int = 0,
    new_client: bool = False,
    affiliated: bool = False,
    paid_until: date | None = None,
) -> Sale:
    return Sale(client, bought_on, D(amount), seats, new_client, affiliated, paid_until)


def test_status_rules_table() -> None:
    bronze, silver, gold = STATUS_RULES["bronze"], STATUS_RULES["silver"], STATUS_RULES["gold"]
    assert (bronze.discount, silver.discount, gold.discount) == (D("0.20"), D("0.40"), D("0.50"))
    assert bronze.discount_before_tutorial == D(0)
    assert (silver.qualify_sales, silver.qualify_clients) == (D(2500), 2)
    assert (gold.qualify_sales, gold.qualify_from) == (D(10000), "silver")
    assert (silver.keep_sales, silver.keep_seats) == (D(5000), 400)
    assert (gold.keep_sales, gold.keep_seats) == (D(15000), 1000)
    assert bronze.keep_sales is None and bronze.keep_seats is None


def test_which_sales_count() -> None:
    sales = [
        sale(1, date(2026, 1, 14), "1000"),  # before the status year
        sale(1, date(2026, 1, 15), "100"),  # first day
        sale(2, date(2026, 3, 1), "200"),
        sale(3, date(2026, 3, 2), "5000", affiliated=True),  # own entity
        sale(2, date(2026, 6, 1), "300"),  # today
        sale(4, date(2026, 6, 2), "400"),  # not bought yet
    ]
    progress = target_progress("silver", YEAR, sales, date(2026, 6, 1))
    assert progress.sales_total == D("600")
    assert progress.sales_count == 3
    assert progress.distinct_clients == 2
    assert progress.year_start == YEAR
    assert progress.year_end == date(2027, 1, 15)
    assert progress.due_on == date(2027, 1, 14)
    assert progress.days_left == 228


def test_year_end_is_exclusive() -> None:
    sales = [sale(1, date(2027, 1, 14), "10"), sale(2, date(2027, 1, 15), "20")]
    progress = target_progress("bronze", YEAR, sales, date(2027, 6, 1))
    assert progress.sales_total == D("10")
    assert progress.days_left == 0


SEED_G_II = (
    "001 def. (g)(ii): the client maintains a paid Bitrix24 subscription for a period of "
    "no less than six consecutive months"
)


@pytest.mark.parametrize(
    ("paid_until", "today", "counted", "pending"),
    [
        # Paid 20 Jan - 19 Jul inclusive is six months; counted from the day after.
        (date(2026, 7, 19), date(2026, 7, 20), 50, 0),
        (date(2026, 7, 19), date(2026, 7, 19), 0, 50),  # the last day of the six months
        (date(2026, 7, 18), date(2026, 7, 18), 0, 50),  # still paying, still inside
        (date(2026, 7, 18), date(2026, 7, 19), 0, 0),  # stopped one day short
        (date(2027, 1, 20), date(2026, 3, 1), 0, 50),  # paid ahead, months not over
        (date(2026, 5, 1), date(2026, 6, 1), 0, 0),  # stopped paying
        (None, date(2026, 8, 1), 0, 0),  # unknown
    ],
)
def test_new_client_seats(paid_until: date | None, today: date, counted: int, pending: int) -> None:
    # SEED_G_II; the stored "paid until" is the last paid day (domain.md §4).
    sales = [
        Sale(1, date(2026, 1, 20), D("900"), 50, True, False, paid_until, date(2026, 1, 20))
    ]
    progress = target_progress("silver", YEAR, sales, today)
    assert (progress.seats_counted, progress.seats_pending) == (counted, pending)


@pytest.mark.parametrize(
    ("paid_until", "today", "counted", "pending"),
    [
        (date(2026, 7, 31), date(2026, 8, 1), 100, 0),  # 1 Feb - 31 Jul: six months
        (date(2026, 7, 31), date(2026, 7, 31), 0, 100),  # still inside them
        (date(2026, 7, 30), date(2026, 8, 1), 0, 0),  # a day short: never counted
        (date(2026, 7, 30), date(2026, 7, 30), 0, 100),
    ],
)
def test_six_months_from_1_feb_end_on_31_jul(
    paid_until: date, today: date, counted: int, pending: int
) -> None:
    """001 def. (g)(ii): "the client maintains a paid Bitrix24 subscription for a
    period of no less than six consecutive months" - a subscription paid 1 Feb to
    31 Jul inclusive is six months (domain.md §4)."""
    bought = date(2026, 2, 1)
    sales = [Sale(1, bought, D("900"), 100, True, False, paid_until, date(2026, 2, 1))]
    progress = target_progress("silver", YEAR, sales, today)
    assert (progress.seats_counted, progress.seats_pending) == (counted, pending)
    assert seats_held_on(date(2026, 2, 1)) == date(2026, 7, 31)


@pytest.mark.parametrize(
    ("paid_until", "today", "counted", "pending"),
    [
        # Bought 16 Jan, activated 1 Feb: the months run from 1 Feb, not 16 Jan.
        (date(2026, 7, 16), date(2026, 7, 17), 0, 0),  # six months after the purchase only
        (date(2026, 7, 31), date(2026, 7, 17), 0, 100),
        (date(2026, 7, 31), date(2026, 8, 1), 100, 0),
    ],
)
def test_six_months_run_from_the_paid_start_not_the_purchase(
    paid_until: date, today: date, counted: int, pending: int
) -> None:
    """001 def. (g)(ii): "the client maintains a paid Bitrix24 subscription for a
    period of no less than six consecutive months": from the start of the paid
    subscription, not from the coupon's purchase date."""
    sales = [Sale(1, date(2026, 1, 16), D("900"), 100, True, False, paid_until, date(2026, 2, 1))]
    progress = target_progress("silver", YEAR, sales, today)
    assert (progress.seats_counted, progress.seats_pending) == (counted, pending)


def test_seats_need_new_unaffiliated_client_since_2026() -> None:
    year = date(2025, 10, 1)
    sales = [
        sale(1, date(2025, 12, 31), "10", seats=50, new_client=True, paid_until=date(2027, 1, 1)),
        sale(2, date(2026, 1, 1), "10", seats=5, new_client=True, paid_until=date(2027, 1, 1)),
        sale(3, date(2026, 1, 2), "10", seats=100, paid_until=date(2027, 1, 1)),
        sale(
            4,
            date(2026, 1, 2),
            "10",
            seats=250,
            new_client=True,
            affiliated=True,
            paid_until=date(2027, 1, 1),
        ),
    ]
    progress = target_progress("silver", year, sales, date(2026, 9, 1))
    assert progress.seats_counted == 5
    assert progress.seats_pending == 0


def _silver_year(total: str, seats: int) -> list[Sale]:
    return [
        sale(1, date(2026, 2, 1), total, seats=seats, new_client=True, paid_until=date(2027, 2, 1)),
        sale(2, date(2026, 2, 2), "0"),
    ]


@pytest.mark.parametrize(
    ("total", "seats", "keeps", "sales_missing", "seats_missing"),
    [
        ("5000", 400, True, D(0), 0),
        ("4999.99", 400, False, D("0.01"), 0),
        ("6000", 399, False, D(0), 1),
        ("0", 0, False, D(5000), 400),
    ],
)
def test_keeping_silver(
    total: str, seats: int, keeps: bool, sales_missing: Decimal, seats_missing: int
) -> None:
    progress = target_progress("silver", YEAR, _silver_year(total, seats), date(2026, 12, 1))
    assert progress.keeps_status is keeps
    assert progress.sales_missing_to_keep == sales_missing
    assert progress.seats_missing_to_keep == seats_missing


def test_keeping_gold_and_bronze() -> None:
    sales = _silver_year("15000", 1000)
    assert target_progress("gold", YEAR, sales, date(2026, 12, 1)).keeps_status is True
    sales = _silver_year("15000", 999)
    assert target_progress("gold", YEAR, sales, date(2026, 12, 1)).keeps_status is False
    bronze = target_progress("bronze", YEAR, sales, date(2026, 12, 1))
    assert bronze.keeps_status is None
    assert bronze.sales_missing_to_keep is None
    assert bronze.seats_missing_to_keep is None


@pytest.mark.parametrize(
    ("status", "sales", "held_before", "next_status"),
    [
        ("bronze", [(1, "2000"), (2, "500")], None, "silver"),
        ("bronze", [(1, "2000"), (2, "499.99")], None, None),
        ("bronze", [(1, "2000"), (1, "500")], None, None),  # one client only
        ("bronze", [(1, "99999")], None, None),
        ("bronze", [(1, "2000"), (2, "500")], "silver", None),  # re-qualifying needs 5 000
        ("bronze", [(1, "2000"), (2, "500")], "gold", None),
        ("bronze", [(1, "2000"), (2, "500")], "bronze", "silver"),
        ("silver", [(1, "10000")], None, "gold"),
        ("silver", [(1, "9999.99"), (2, "0")], None, None),
        ("silver", [(1, "10000")], "gold", None),  # re-qualifying needs 15 000
        ("gold", [(1, "99999"), (2, "1")], None, None),
    ],
)
def test_next_status(
    status: str, sales: list[tuple[int, str]], held_before: str | None, next_status: str | None
) -> None:
    items = [sale(c, date(2026, 3, 1), a) for c, a in sales]
    progress = target_progress(status, YEAR, items, date(2026, 12, 1), held_before=held_before)
    assert progress.next_status == next_status


@pytest.mark.parametrize(
    ("status", "held_before", "amount", "seats", "next_status"),
    [
        ("bronze", "silver", "5000", 400, "silver"),
        ("bronze", "silver", "5000", 399, None),
        ("bronze", "gold", "5000", 400, "silver"),
        ("silver", "gold", "15000", 1000, "gold"),
        ("silver", "gold", "15000", 999, None),
        ("silver", "gold", "14999.99", 1000, None),
    ],
)
def test_requalifying_uses_keep_figures(
    status: str, held_before: str, amount: str, seats: int, next_status: str | None
) -> None:
    progress = target_progress(
        status, YEAR, _silver_year(amount, seats), date(2026, 12, 1), held_before=held_before
    )
    assert progress.next_status == next_status


def test_unknown_status() -> None:
    with pytest.raises(ValidationError):
        target_progress("platinum", YEAR, [], date(2026, 3, 1))
    with pytest.raises(ValueError):
        target_progress("silver", YEAR, [], date(2026, 3, 1), held_before="iron")


def test_sale_refuses_float() -> None:
    with pytest.raises(TypeError):
        Sale(1, date(2026, 1, 1), 10.5)  # type: ignore[arg-type]
    assert Sale(1, date(2026, 1, 1), 10).amount == D(10)  # type: ignore[arg-type]


def test_forecast() -> None:
    sales = [sale(1, date(2026, 2, 1), "1000"), sale(2, date(2026, 2, 1), "50", affiliated=True)]
    planned = [
        (date(2026, 5, 31), D("999")),  # already past: ignored
        (date(2026, 6, 1), D("200")),  # today
        (date(2027, 1, 14), D("300")),  # last day of the year
        (date(2027, 1, 15), D("400")),  # next year
    ]
    assert forecast(YEAR, sales, planned, date(2026, 6, 1)) == D("1500")


@dataclass
class Allocation:
    allocated_on: date
    points: int


def test_active_points() -> None:
    on = date(2026, 6, 1)
    pairs = [
        (on - timedelta(days=365), 1000),  # a year and a day ago: expired
        (on - timedelta(days=364), 100),  # first day of the window
        (date(2026, 1, 1), 20),
        (on, 3),  # today
        (on + timedelta(days=1), 4000),  # future
    ]
    assert active_points(pairs, on) == 123
    assert active_points([Allocation(d, p) for d, p in pairs], on) == 123
    assert active_points([], on) == 0


def test_requirements_checklist() -> None:
    accepted = date(2026, 1, 10)
    bronze = requirements("bronze", accepted, {"tutorial": date(2026, 2, 1)})
    assert [(r.key, r.done) for r in bronze] == [("tutorial", True), ("nfr_claimed", False)]
    assert all(r.due_on == date(2026, 4, 10) for r in bronze)
    assert bronze[1].overdue(date(2026, 4, 11))
    assert not bronze[1].overdue(date(2026, 4, 10))
    assert not bronze[0].overdue(date(2026, 5, 1))
    silver = requirements("silver", accepted)
    assert [r.key for r in silver][:2] == ["tutorial", "nfr_claimed"]
    assert "sales_course" in {r.key for r in silver}
    assert "marketing_course" not in {r.key for r in silver}
    gold = requirements("gold", accepted, {"business_review": True})
    assert {"marketing_plan", "business_review", "first_line_support"} <= {r.key for r in gold}
    assert next(r for r in gold if r.key == "business_review").done


def test_purchases_without_a_client_are_not_a_distinct_client() -> None:
    sales = [
        Sale(client_id=7, bought_on=date(2026, 4, 1), amount=Decimal("2000")),
        Sale(client_id=None, bought_on=date(2026, 5, 1), amount=Decimal("900")),  # type: ignore[arg-type]
    ]
    progress = target_progress("bronze", date(2026, 3, 1), sales, date(2026, 11, 20))
    assert progress.distinct_clients == 1
    assert progress.next_status is None  # 2 900 sold, but to one client only


# --------------------------------------------------------------------------- points: one year

SEED_4_2 = (
    "001 §4.2: All points accumulated by the Partner are valid for 1 (one) year from "
    "the date of their allocation."
)


@pytest.mark.parametrize(
    ("allocated_on", "last_valid", "expires_on"),
    [
        # Allocated on 29 Feb: expire on 28 Feb of the next year (domain.md §4).
        (date(2024, 2, 29), date(2025, 2, 27), date(2025, 2, 28)),
        # A year holding 29 Feb 2024 has 366 days: 365 days would end on 13 Jun.
        (date(2023, 6, 15), date(2024, 6, 14), date(2024, 6, 15)),
        (date(2023, 3, 1), date(2024, 2, 29), date(2024, 3, 1)),
        # Ordinary days.
        (date(2025, 5, 10), date(2026, 5, 9), date(2026, 5, 10)),
        (date(2025, 12, 31), date(2026, 12, 30), date(2026, 12, 31)),
    ],
)
def test_points_are_valid_one_calendar_year(
    allocated_on: date, last_valid: date, expires_on: date
) -> None:
    # SEED_4_2: a calendar year, not a fixed 365 days.
    assert points_expiry(allocated_on) == expires_on
    pairs = [(allocated_on, 7)]
    assert active_points(pairs, allocated_on - timedelta(days=1)) == 0
    assert active_points(pairs, allocated_on) == 7
    assert active_points(pairs, last_valid) == 7
    assert active_points(pairs, expires_on) == 0


# --------------------------------------------------------------------------- thresholds and gaps


def test_targets_for_and_the_gap_to_each() -> None:
    """001 §3.1.2: "Make at least $/€2,500 in initial sales ... Make at least 2 (two)
    sales of Bitrix24 products to 2(two) different clients"; §3.5: a downgraded
    partner re-qualifies with "the maintenance thresholds"."""
    assert targets_for("bronze", None) == [Target("next", "silver", D(2500), None, 2)]
    assert targets_for("bronze", "silver") == [Target("next", "silver", D(5000), 400, 0)]
    assert targets_for("silver", None) == [
        Target("keep", "silver", D(5000), 400),
        Target("next", "gold", D(10000), None, 0),
    ]
    assert forecast_target(targets_for("silver", None)) == Target("keep", "silver", D(5000), 400)
    assert forecast_target(targets_for("bronze", None)) == Target(
        "next", "silver", D(2500), None, 2
    )
    sales = [sale(1, date(2026, 3, 1), "2499.99")]
    progress = target_progress("bronze", YEAR, sales, date(2026, 12, 1))
    gap = gap_to(targets_for("bronze", None)[0], progress)
    assert gap == Gap(D("0.01"), 0, 1) and not gap.met
    sales.append(sale(2, date(2026, 3, 2), "0.01"))
    progress = target_progress("bronze", YEAR, sales, date(2026, 12, 1))
    assert gap_to(targets_for("bronze", None)[0], progress).met
    keep = targets_for("silver", None)[0]
    silver = target_progress("silver", YEAR, _silver_year("4000", 399), date(2026, 12, 1))
    assert gap_to(keep, silver) == Gap(D(1000), 1, 0)
    assert gap_to(keep, silver).sales == silver.sales_missing_to_keep
    assert STATUS_NAMES["silver"] == "Silver"


# --------------------------------------------------------------- helpers moved from the store


def test_unbroken_paid_period() -> None:
    """domain.md §4: stored "paid until" dates are the last paid day, so a renewal
    starting the next day continues the period and one a day later breaks it."""
    first = date(2026, 5, 1)
    assert unbroken_paid_until(first, [(date(2026, 5, 2), date(2027, 5, 1))]) == date(2027, 5, 1)
    assert unbroken_paid_until(first, [(date(2026, 5, 3), date(2027, 5, 2))]) == first
    assert unbroken_paid_until(first, [(None, date(2027, 1, 1))]) == first
    assert unbroken_paid_until(None, [(date(2026, 5, 2), date(2027, 5, 1))]) is None


def test_status_year_start_and_monthly_totals() -> None:
    """001 def. (q): the sales target runs "during 1 year after the last Partner Status
    confirmation"."""
    today = date(2026, 6, 1)
    assert status_year_start(date(2026, 3, 20), date(2025, 1, 1), today) == date(2026, 3, 20)
    assert status_year_start(None, date(2025, 1, 1), today) == date(2025, 1, 1)
    assert status_year_start(None, None, today) == today
    sales = [sale(1, date(2026, 3, 20), "10"), sale(2, date(2026, 4, 30), "5")]
    months = monthly_totals(target_progress("bronze", date(2026, 3, 20), sales, today))
    assert len(months) == 13
    assert months[:2] == [(date(2026, 3, 1), D("10")), (date(2026, 4, 1), D("5"))]
