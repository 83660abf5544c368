"""The partner store: coupons as sales, progress, forecast, checklist, bonuses, NFR."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import peewee
import pytest

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.lifecycle import add_months
from b24desk.domain.targets import Sale, target_progress
from b24desk.store import events, partner
from b24desk.store import models as m
from b24desk.store.errors import StaleRecordError

D = Decimal
TODAY = date(2026, 11, 19)
YEAR_START = date(2026, 3, 1)
YEAR_END = date(2027, 3, 1)


# --------------------------------------------------------------------------- factory


def plan(code: str, seats: int | None, usd: str, *, paid: bool = True) -> m.Plan:
    row = m.Plan.create(code=code, name=code.title(), kind="cloud", seats=seats, paid=paid)
    m.PlanPrice.create(plan=row, currency="USD", price=D(usd))
    return row


def client(name: str, *, new: bool = True, affiliated: bool = False) -> m.Client:
    return m.Client.create(company=name, new_client=new, affiliated=affiliated)


_codes = iter(range(1, 10_000))


def coupon(
    bought: date,
    cost: str,
    who: m.Client | None = None,
    *,
    product: str = "cloud_subscription",
    plan_row: m.Plan | None = None,
    currency: str = "USD",
    state: str = "activated",
) -> m.Coupon:
    return m.Coupon.create(
        code=f"B24-TEST-{next(_codes):04d}",
        product=product,
        plan=plan_row,
        purchased_on=bought,
        currency=currency,
        list_price=D(cost) * 2,
        partner_cost=D(cost),
        client=who,
        state=state,
    )


def subscription(
    who: m.Client,
    plan_row: m.Plan,
    starts: date,
    until: date,
    *,
    from_coupon: m.Coupon | None = None,
    seats: int = 0,
    term: int = 12,
    portal: str = "",
) -> m.Subscription:
    return m.Subscription.create(
        client=who,
        plan=plan_row,
        starts_on=starts,
        paid_until=until,
        seats=seats,
        term_months=term,
        coupon=from_coupon,
        portal_url=portal or f"https://{who.company.lower().replace(' ', '')}.bitrix24.com",
    )


def silver_office() -> dict[str, object]:
    """Silver since 1 Mar 2026; the coupons of the status year and around it."""
    prof = m.PartnerProfile.get_by_id(1)
    prof.status, prof.confirmed_on, prof.accepted_on = "silver", YEAR_START, date(2025, 1, 10)
    prof.save()
    professional = plan("professional", 100, "249")
    standard = plan("standard", 50, "124")
    enterprise = plan("enterprise", 250, "499")
    basic = plan("basic", 5, "61")
    a, b = client("Alpha"), client("Beta")
    c = client("Gamma own", affiliated=True)
    d = client("Delta", new=False)
    e = client("Epsilon")
    # A: new client, 100 seats paid for a year: counted by today.
    ka = coupon(date(2026, 3, 10), "1494.00", a, plan_row=professional)
    subscription(a, professional, date(2026, 3, 12), date(2027, 3, 11), from_coupon=ka)
    coupon(date(2026, 2, 20), "999.00", a, product="renewal")  # before the status year
    # B: new client, 3 months then renewed without a gap: 50 seats pending.
    kb = coupon(date(2026, 8, 1), "892.80", b, plan_row=standard)
    subscription(b, standard, date(2026, 8, 3), date(2026, 11, 2), from_coupon=kb, term=3)
    kb2 = coupon(date(2026, 10, 25), "200.00", b, product="renewal", plan_row=standard)
    subscription(b, standard, date(2026, 11, 3), date(2027, 11, 2), from_coupon=kb2)
    # C: an own entity: nothing counts.
    kc = coupon(date(2026, 4, 1), "2000.00", c, plan_row=enterprise)
    subscription(c, enterprise, date(2026, 4, 2), date(2027, 4, 1), from_coupon=kc)
    # D: not a new client: sales without seats; its renewal is due in January.
    coupon(date(2026, 5, 5), "600.00", d, product="renewal", plan_row=standard)
    subscription(d, standard, date(2026, 2, 1), date(2027, 1, 31))
    # E: new client who stopped paying after 3 months: seats lost.
    ke = coupon(date(2026, 6, 1), "300.00", e, plan_row=basic)
    subscription(e, basic, date(2026, 6, 2), date(2026, 9, 1), from_coupon=ke, term=3)
    # No client yet, in stock: a sale without seats.
    coupon(date(2026, 11, 10), "150.00", state="in_stock")
    # Not counted: another currency, void, bought after today (planned).
    coupon(date(2026, 7, 1), "400.00", d, product="renewal", currency="NZD")
    coupon(date(2026, 7, 2), "500.00", d, product="renewal", state="void")
    coupon(date(2026, 12, 5), "100.00", state="in_stock")
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


@pytest.fixture
def office(db: peewee.Database) -> dict[str, object]:
    return silver_office()


@pytest.fixture
def notices() -> list[str]:
    seen: list[str] = []
    events.subscribe(seen.append)
    yield seen
    events.unsubscribe(seen.append)


# --------------------------------------------------------------------------- sales


def test_coupons_become_sales(office: dict[str, m.Client]) -> None:
    sales = partner.sales_for_targets(YEAR_START, YEAR_END)
    by_amount = {s.amount: s for s in sales}
    a, b = office["a"], office["b"]
    assert sorted(by_amount) == sorted(
        D(x)
        for x in ("1494.00", "892.80", "200.00", "2000.00", "600.00", "300.00", "150.00", "100.00")
    )
    assert by_amount[D("1494.00")] == Sale(
        a.id, date(2026, 3, 10), D("1494.00"), 100, True, False, date(2027, 3, 11),
        date(2026, 3, 12),
    )
    # B's first subscription (3 months) was renewed without a gap: the period goes on.
    assert by_amount[D("892.80")] == Sale(
        b.id, date(2026, 8, 1), D("892.80"), 50, True, False, date(2027, 11, 2), date(2026, 8, 3)
    )
    assert by_amount[D("200.00")].seats == 0 and not by_amount[D("200.00")].new_client
    assert by_amount[D("2000.00")].affiliated
    assert by_amount[D("600.00")] == Sale(office["d"].id, date(2026, 5, 5), D("600.00"))
    assert by_amount[D("300.00")].paid_until == date(2026, 9, 1)
    assert by_amount[D("150.00")].client_id is None and by_amount[D("150.00")].seats == 0
    assert partner.other_currency_coupons(YEAR_START, YEAR_END) == 1


@pytest.mark.parametrize(
    ("paid_until", "today", "counted", "pending"),
    [
        (date(2026, 7, 31), date(2026, 7, 31), 0, 50),  # the last of the six months
        (date(2026, 7, 31), date(2026, 8, 1), 50, 0),  # six months paid: counted
        (date(2026, 7, 30), date(2026, 8, 1), 0, 0),  # a day short: lost
        (date(2026, 7, 30), date(2026, 7, 30), 0, 50),
    ],
)
def test_paid_1_feb_to_31_jul_counts_its_seats(
    db: peewee.Database, paid_until: date, today: date, counted: int, pending: int
) -> None:
    """001 def. (g)(ii): "the client maintains a paid Bitrix24 subscription for a
    period of no less than six consecutive months".  Bought on 20 Jan, activated on
    1 Feb: the six months run from the activation, 1 Feb - 31 Jul (the stored paid
    until is the last paid day), not from the purchase."""
    year = date(2026, 1, 15)
    who = client("Six months")
    standard = plan("standard", 50, "124")
    key = coupon(date(2026, 1, 20), "500.00", who, plan_row=standard)
    subscription(who, standard, date(2026, 2, 1), paid_until, from_coupon=key, term=6)
    (sale,) = partner.sales_for_targets(year, add_months(year, 12))
    assert (sale.paid_from, sale.paid_until) == (date(2026, 2, 1), paid_until)
    progress = target_progress("silver", year, [sale], today)
    assert (progress.seats_counted, progress.seats_pending) == (counted, pending)


def test_the_months_do_not_run_from_the_purchase(db: peewee.Database) -> None:
    """001 def. (g)(ii) "...for a period of no less than six consecutive months":
    bought 20 Jan, activated 1 Mar and paid until 20 Jul is six months after the
    purchase but under five of paid subscription: nothing counts."""
    year = date(2026, 1, 15)
    who = client("Late start")
    standard = plan("standard", 50, "124")
    key = coupon(date(2026, 1, 20), "500.00", who, plan_row=standard)
    subscription(who, standard, date(2026, 3, 1), date(2026, 7, 20), from_coupon=key)
    (sale,) = partner.sales_for_targets(year, add_months(year, 12))
    progress = target_progress("silver", year, [sale], date(2026, 7, 21))
    assert (progress.seats_counted, progress.seats_pending) == (0, 0)


def test_a_gap_breaks_the_paid_period(db: peewee.Database) -> None:
    who = client("Gap")
    basic = plan("basic", 5, "61")
    first = coupon(date(2026, 3, 1), "100.00", who, plan_row=basic)
    subscription(who, basic, date(2026, 3, 2), date(2026, 5, 1), from_coupon=first)
    subscription(who, basic, date(2026, 5, 3), date(2027, 5, 2))  # one day unpaid
    (sale,) = partner.sales_for_targets(YEAR_START, YEAR_END)
    assert sale.paid_until == date(2026, 5, 1)


def test_without_a_coupon_link_the_latest_earlier_coupon_starts_the_client(
    db: peewee.Database,
) -> None:
    who = client("Unlinked")
    standard = plan("standard", 50, "124")
    coupon(date(2026, 3, 1), "10.00", who, product="extra_storage")
    coupon(date(2026, 3, 5), "500.00", who, plan_row=standard)
    subscription(who, standard, date(2026, 3, 6), date(2027, 3, 5), seats=60)
    sales = {s.amount: s for s in partner.sales_for_targets(YEAR_START, YEAR_END)}
    assert sales[D("500.00")].new_client and sales[D("500.00")].seats == 60
    assert not sales[D("10.00")].new_client


def test_a_client_paying_before_the_year_is_not_new_in_it(db: peewee.Database) -> None:
    who = client("Old")
    standard = plan("standard", 50, "124")
    early = coupon(date(2025, 6, 1), "500.00", who, plan_row=standard)
    subscription(who, standard, date(2025, 6, 2), date(2026, 6, 1), from_coupon=early)
    coupon(date(2026, 5, 20), "500.00", who, product="renewal", plan_row=standard)
    (sale,) = partner.sales_for_targets(YEAR_START, YEAR_END)
    assert not sale.new_client and sale.seats == 0


def test_progress_is_target_progress_of_those_sales(office: dict[str, m.Client]) -> None:
    got = partner.progress(TODAY)
    expected = target_progress(
        "silver", YEAR_START, partner.sales_for_targets(YEAR_START, YEAR_END), TODAY
    )
    assert got == expected
    assert got.sales_total == D("3636.80")
    assert (got.seats_counted, got.seats_pending) == (100, 50)
    assert got.distinct_clients == 4  # A, B, D and E; the coupon without a client is none
    assert got.sales_missing_to_keep == D("1363.20")
    assert got.seats_missing_to_keep == 300
    assert got.due_on == date(2027, 2, 28)


def test_monthly_sales(office: dict[str, m.Client]) -> None:
    months = partner.monthly_sales(YEAR_START, TODAY)
    assert [d for d, _ in months] == [date(2026, 3 + i, 1) for i in range(10)] + [
        date(2027, 1, 1),
        date(2027, 2, 1),
    ]
    assert [v for _, v in months] == [
        D(x)
        for x in (
            "1494.00",
            "0",
            "600.00",
            "300.00",
            "0",
            "892.80",
            "0",
            "200.00",
            "150.00",
            "0",
            "0",
            "0",
        )
    ]
    assert sum(v for _, v in months) == partner.progress(TODAY).sales_total


def test_forecast_adds_renewals_and_planned_coupons(office: dict[str, m.Client]) -> None:
    view = partner.forecast(TODAY)
    assert view.sales_so_far == D("3636.80")
    # D's Standard plan: 124 USD × 12 months × (1 − 40 %); the coupon bought on 5 Dec.
    assert [(p.kind, p.on, p.amount) for p in view.planned] == [
        ("renewal", date(2027, 1, 31), D("892.80")),
        ("coupon", date(2026, 12, 5), D("100.00")),
    ]
    assert view.projected == D("4629.60")
    assert view.planned_total == D("992.80")
    assert view.target == partner.Target("keep", "silver", D(5000), 400)


def test_planned_purchases_name_their_client(office: dict[str, m.Client]) -> None:
    """A planned renewal or assigned coupon belongs to its client; one in stock to none."""
    coupon(date(2026, 12, 10), "80.00", office["b"], state="assigned")
    assert [(p.kind, p.on, p.client_id) for p in partner.forecast(TODAY).planned] == [
        ("renewal", date(2027, 1, 31), office["d"].id),
        ("coupon", date(2026, 12, 5), None),
        ("coupon", date(2026, 12, 10), office["b"].id),
    ]


def test_a_renewed_subscription_is_not_planned_again(office: dict[str, m.Client]) -> None:
    d = office["d"]
    standard = m.Plan.get(m.Plan.code == "standard")
    subscription(d, standard, date(2027, 2, 1), date(2028, 1, 31))
    assert partner.forecast(TODAY).renewals == 0


def test_targets_for_requalifying_after_a_downgrade() -> None:
    assert partner.targets_for("bronze", None) == [
        partner.Target("next", "silver", D(2500), None, 2)
    ]
    assert partner.targets_for("bronze", "silver") == [
        partner.Target("next", "silver", D(5000), 400, 0)
    ]
    assert partner.targets_for("gold", None) == [partner.Target("keep", "gold", D(15000), 1000)]


# --------------------------------------------------------------------------- status


def test_status_change_adds_history_and_remembers_a_downgrade(
    office: dict[str, m.Client], notices: list[str]
) -> None:
    version = partner.partner_profile().version
    prof = partner.change_status(
        "bronze", date(2027, 3, 1), "targets missed", expected_version=version
    )
    assert (prof.status, prof.confirmed_on, prof.held_before) == (
        "bronze",
        date(2027, 3, 1),
        "silver",
    )
    assert prof.version == version + 1
    (change,) = partner.status_history()
    assert (change.status, change.confirmed_on, change.note) == (
        "bronze",
        date(2027, 3, 1),
        "targets missed",
    )
    assert notices == [events.PARTNER]
    # Back to Silver: held_before is cleared.
    prof = partner.change_status("silver", date(2028, 3, 1))
    assert prof.held_before is None
    assert len(partner.status_history()) == 2


def test_status_change_is_validated_and_locked(office: dict[str, m.Client]) -> None:
    with pytest.raises(ValidationErrors) as caught:
        partner.change_status("platinum", None)  # type: ignore[arg-type]
    assert set(caught.value.by_field) == {"status", "confirmed_on"}
    with pytest.raises(ValidationErrors) as caught:
        partner.change_status("gold", date(2024, 1, 1))  # before the acceptance
    assert set(caught.value.by_field) == {"confirmed_on"}
    with pytest.raises(StaleRecordError):
        partner.change_status("gold", date(2027, 3, 1), expected_version=99)
    assert partner.partner_profile().status == "silver"
    assert partner.status_history() == []


def test_acceptance_starts_bronze(db: peewee.Database) -> None:
    prof = partner.set_accepted_on(date(2026, 2, 1))
    assert (prof.accepted_on, prof.confirmed_on) == (date(2026, 2, 1), date(2026, 2, 1))
    assert [c.status for c in partner.status_history()] == ["bronze"]
    partner.change_status("silver", date(2026, 9, 1))
    with pytest.raises(ValidationError) as caught:
        partner.set_accepted_on(date(2026, 10, 1))
    assert caught.value.field == "accepted_on"


# --------------------------------------------------------------------------- checklist


def test_bronze_checklist_is_due_90_days_after_acceptance(db: peewee.Database) -> None:
    partner.set_accepted_on(date(2026, 9, 1))
    items = partner.checklist(TODAY)
    assert [(i.key, i.due_on, i.done) for i in items] == [
        ("tutorial", date(2026, 11, 30), False),
        ("nfr_claimed", date(2026, 11, 30), False),
    ]
    partner.complete_course("tutorial", date(2026, 9, 20))
    partner.add_nfr("cloud", "Office.Bitrix24.com", date(2026, 9, 21), date(2027, 3, 20))
    items = partner.checklist(TODAY)
    assert [i.done_on for i in items] == [date(2026, 9, 20), date(2026, 9, 21)]
    assert not any(i.overdue(date(2026, 12, 1)) for i in items)
    assert partner.current_discount() == D("0.20")


def test_overdue_bronze_item(db: peewee.Database) -> None:
    partner.set_accepted_on(date(2026, 1, 1))
    tutorial = partner.checklist(TODAY)[0]
    assert tutorial.due_on == date(2026, 4, 1) and tutorial.overdue(TODAY)


def test_silver_checklist_marks(office: dict[str, m.Client]) -> None:
    partner.set_requirement_done("website_endorsement", date(2026, 3, 5))
    partner.set_requirement_done("sales_course", date(2026, 4, 1))  # a course
    items = {i.key: i for i in partner.checklist(TODAY)}
    assert list(items) == [
        "tutorial",
        "nfr_claimed",
        "sales_course",
        "website_endorsement",
        "social_endorsement",
        "first_line_support",
    ]
    assert items["website_endorsement"].done_on == date(2026, 3, 5)
    assert items["sales_course"].done_on == date(2026, 4, 1)
    assert not items["social_endorsement"].done
    assert items["tutorial"].due_on == date(2025, 4, 10)
    with pytest.raises(ValidationError):
        partner.set_requirement_done("golf_handicap", TODAY)


def test_gold_reviews_are_due_every_quarter(office: dict[str, m.Client]) -> None:
    partner.change_status("gold", YEAR_START)
    partner.set_requirement_done("business_review", date(2026, 5, 20))
    partner.set_requirement_done("business_review", date(2026, 9, 1))
    reviews = [i for i in partner.checklist(TODAY) if i.key == "business_review"]
    assert [(i.quarter, i.due_on, i.done_on) for i in reviews] == [
        (1, date(2026, 5, 31), date(2026, 5, 20)),
        (2, date(2026, 8, 31), None),
        (3, date(2026, 11, 30), date(2026, 9, 1)),
        (4, date(2027, 2, 28), None),
    ]
    assert reviews[1].overdue(TODAY) and not reviews[3].overdue(TODAY)
    keys = [i.key for i in partner.checklist(TODAY)]
    assert {"marketing_course", "case_study", "marketing_plan", "webinar_or_video"} <= set(keys)


# --------------------------------------------------------------------------- bonuses


def test_kickstart_expires_90_days_after_acceptance(office: dict[str, m.Client]) -> None:
    bonus = partner.add_bonus("kickstart", "1000", "USD", date(2025, 2, 1))
    assert bonus.expires_on == date(2025, 1, 10) + timedelta(days=90)
    with pytest.raises(ValidationErrors) as caught:
        partner.add_bonus("kickstart", "500", "USD", date(2025, 2, 2))
    assert "kind" in caught.value.by_field


def test_kickstart_without_acceptance_date_counts_from_credit() -> None:
    assert partner.bonus_expiry("kickstart", date(2026, 1, 5), None) == date(2026, 4, 5)


def test_award_expires_at_the_end_of_the_year(office: dict[str, m.Client]) -> None:
    bonus = partner.add_bonus("award", D("2500"), "EUR", date(2026, 6, 1))
    assert bonus.expires_on == date(2026, 12, 31)
    (view,) = partner.bonuses(TODAY)
    assert (view.balance, view.expired) == (D("2500.00"), False)
    assert partner.bonuses(date(2027, 1, 1))[0].expired


def test_bonus_validation(office: dict[str, m.Client]) -> None:
    with pytest.raises(ValidationErrors) as caught:
        partner.add_bonus("award", "500", "NZD", TODAY)
    assert set(caught.value.by_field) == {"amount", "currency"}
    with pytest.raises(ValidationErrors) as caught:
        partner.add_bonus("kickstart", "1500", "USD", TODAY)
    assert set(caught.value.by_field) == {"amount"}
    with pytest.raises(ValidationErrors) as caught:
        partner.add_bonus("loyalty", "-1", "USD", TODAY)
    assert set(caught.value.by_field) == {"kind", "amount"}
    assert m.Bonus.select().count() == 0


# --------------------------------------------------------------------------- NFR, points


def test_nfr_allowance_follows_the_status(office: dict[str, m.Client]) -> None:
    partner.add_nfr("cloud", "https://office.bitrix24.com/", date(2026, 1, 1), date(2026, 6, 30))
    partner.add_nfr("on_premise", "NFR-KEY-1", date(2026, 3, 1), date(2027, 2, 28))
    with pytest.raises(ValidationError) as caught:
        partner.add_nfr("cloud", "demo.bitrix24.com", date(2026, 2, 1), date(2026, 7, 31))
    assert caught.value.field == "kind"
    nfr = partner.add_nfr("cloud", "demo.bitrix24.com", date(2026, 7, 1), date(2026, 12, 31))
    assert nfr.reference == "https://demo.bitrix24.com"
    views = partner.nfr_licenses(TODAY)
    assert [(v.reference, v.expired) for v in views] == [
        ("NFR-KEY-1", False),
        ("https://demo.bitrix24.com", False),
        ("https://office.bitrix24.com", True),
    ]
    with pytest.raises(ValidationErrors) as caught:
        partner.add_nfr("cloud", "not a url", date(2026, 7, 1), date(2026, 6, 1))
    assert set(caught.value.by_field) == {"reference", "expires_on"}
    assert partner.nfr_default_expiry("cloud", date(2026, 7, 1)) == date(2026, 12, 31)


def test_active_points_cover_one_year(office: dict[str, m.Client]) -> None:
    partner.add_points(date(2025, 11, 19), 10, "too old")
    partner.add_points(date(2025, 11, 20), 20, "case study")
    partner.add_points(TODAY, 5, "sales")
    partner.add_points(TODAY + timedelta(days=1), 7, "tomorrow")
    assert partner.active_points(TODAY) == 25
    with pytest.raises(ValidationErrors):
        partner.add_points(TODAY, 0)


def test_overview_reads_everything(office: dict[str, m.Client]) -> None:
    view = partner.overview(TODAY)
    assert view.progress == partner.progress(TODAY)
    assert list(view.monthly) == partner.monthly_sales(YEAR_START, TODAY)
    assert view.forecast == partner.forecast(TODAY)
    assert view.discount == D("0.40")
    assert view.other_currency_coupons == 1


def test_a_year_starting_mid_month_has_thirteen_calendar_months(db: peewee.Database) -> None:
    who = client("Mid")
    coupon(date(2026, 3, 25), "10.00", who, product="extra_storage")
    coupon(date(2026, 4, 1), "20.00", who, product="extra_storage")
    coupon(date(2026, 3, 19), "99.00", who, product="extra_storage")  # the year before
    months = partner.monthly_sales(date(2026, 3, 20), TODAY)
    assert len(months) == 13
    assert months[0] == (date(2026, 3, 1), D("10.00"))
    assert months[1] == (date(2026, 4, 1), D("20.00"))
    assert months[-1] == (date(2027, 3, 1), D(0))


def test_an_on_premise_license_counts_its_updates_period(db: peewee.Database) -> None:
    who = client("On premise")
    edition = m.Plan.create(code="onprem_business", name="Business", kind="on_premise", seats=25)
    key = coupon(date(2026, 3, 5), "1794.00", who, product="onprem_key", plan_row=edition)
    m.Subscription.create(
        client=who,
        plan=edition,
        kind="on_premise",
        starts_on=date(2026, 3, 10),
        updates_until=date(2027, 3, 9),
        coupon=key,
    )
    (sale,) = partner.sales_for_targets(YEAR_START, YEAR_END)
    assert (sale.new_client, sale.seats, sale.paid_until) == (True, 25, date(2027, 3, 9))
    assert target_progress("silver", YEAR_START, [sale], TODAY).seats_counted == 25


def test_points_across_29_february(db: peewee.Database) -> None:
    """001 §4.2: "All points accumulated by the Partner are valid for 1 (one) year from
    the date of their allocation": a calendar year, so points of 15 Jun 2023 still
    count on 14 Jun 2024 (365 days would have ended on 13 Jun), and points of
    29 Feb 2024 expire on 28 Feb 2025."""
    partner.add_points(date(2023, 6, 15), 10, "June")
    partner.add_points(date(2024, 2, 29), 100, "leap day")
    assert partner.active_points(date(2024, 6, 14)) == 110
    assert partner.active_points(date(2024, 6, 15)) == 100
    assert partner.active_points(date(2025, 2, 27)) == 100
    assert partner.active_points(date(2025, 2, 28)) == 0
