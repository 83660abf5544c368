"""Two desks at the same moment (issue 13.2): "check, then write" happens under one
lock, so a coupon is assigned once and a bonus is spent once.

Each desk is a process of its own with its own connection to the same SQLite file
or PostgreSQL database; a barrier starts both on the same coupon or bonus, 20
rounds in a row.
"""

from __future__ import annotations

import multiprocessing
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import peewee

from b24desk.domain.errors import ValidationError
from b24desk.store import coupons as store
from b24desk.store import models as m

TODAY = date(2026, 11, 20)
ROUNDS = 20


def _desk(target: str, name: str, job: str, rounds: list[Any], start: Any, out: Any) -> None:
    """One desk: for every round, wait for the other desk, then try the same write."""
    from b24desk.store.db import close_database, open_database

    open_database(target)
    try:
        for index, item in enumerate(rounds):
            start.wait(60)
            try:
                if job == "sweep":
                    count = store.activate_due_onprem_keys(item["day"])
                    out.put((index, name, "activated", str(count)))
                    continue
                if job == "assign":
                    store.assign_coupon(
                        item["coupon"], item["client"], expected_version=1, assigned_on=TODAY
                    )
                else:
                    store.record_purchase(
                        {
                            "code": f"B24-{name}-{index:04d}",
                            "product": "cloud_subscription",
                            "plan": item["plan"],
                            "term_months": 12,
                            "seats": 50,
                            "purchased_on": item["day"],
                            "list_price": Decimal("1000"),
                            "currency": "USD",
                            "client": item["client"],
                            "use_bonus": True,
                            "expected_bonus_used": Decimal("100.00"),
                        },
                        TODAY,
                    )
                out.put((index, name, "won", ""))
            except ValidationError as exc:
                out.put((index, name, exc.field, exc.message))
            except Exception as exc:  # anything else is a failure the test shows
                out.put((index, name, type(exc).__name__, str(exc)))
    finally:
        close_database()


def _race(target: str, job: str, per_desk: dict[str, list[Any]]) -> dict[int, dict[str, Any]]:
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    out = ctx.Queue()
    desks = [
        ctx.Process(target=_desk, args=(target, name, job, rounds, start, out))
        for name, rounds in per_desk.items()
    ]
    for desk in desks:
        desk.start()
    results: dict[int, dict[str, Any]] = {}
    for _ in range(ROUNDS * 2):
        index, name, outcome, message = out.get(timeout=180)
        results.setdefault(index, {})[name] = (outcome, message)
    for desk in desks:
        desk.join(60)
        assert desk.exitcode == 0
    return results


def _plan() -> m.Plan:
    m.PartnerProfile.update(status="silver").where(m.PartnerProfile.id == 1).execute()
    m.CourseCompletion.create(course="tutorial", completed_on=date(2026, 1, 10))
    plan = m.Plan.create(code="standard", name="Bitrix24 Standard", kind="cloud", seats=50)
    m.PlanPrice.create(plan=plan, currency="USD", price=Decimal("124"))
    return plan


def test_two_desks_assign_the_same_coupon_one_wins(db: peewee.Database, db_target: str) -> None:
    plan = _plan()
    north = m.Client.create(company="North Ltd", portal_url="https://north.bitrix24.com")
    south = m.Client.create(company="South Ltd", portal_url="https://south.bitrix24.com")
    coupons = [
        m.Coupon.create(
            code=f"B24-RACE-{i:04d}",
            product="cloud_subscription",
            plan=plan,
            purchased_on=TODAY,
            currency="USD",
            list_price=Decimal("1000"),
            partner_cost=Decimal("600"),
        ).id
        for i in range(ROUNDS)
    ]
    results = _race(
        db_target,
        "assign",
        {
            "north": [{"coupon": c, "client": north.id} for c in coupons],
            "south": [{"coupon": c, "client": south.id} for c in coupons],
        },
    )
    for index, coupon_id in enumerate(coupons):
        outcomes = results[index]
        winners = [name for name, (outcome, _m) in outcomes.items() if outcome == "won"]
        assert len(winners) == 1, outcomes
        loser = ({"north", "south"} - set(winners)).pop()
        assert outcomes[loser] == (
            "client",
            "Only a coupon in stock and not expired can be assigned to a client.",
        )
        coupon = m.Coupon.get_by_id(coupon_id)
        winner_id = north.id if winners[0] == "north" else south.id
        assert (coupon.state, coupon.client_id, coupon.version) == ("assigned", winner_id, 2)
        assert m.Activity.select().where(m.Activity.message.contains(coupon.code)).count() == 1


def test_two_desks_spend_the_last_bonus_once(db: peewee.Database, db_target: str) -> None:
    plan = _plan()
    # One bonus of 100 per round, usable on that round's purchase day only.
    days = [TODAY - timedelta(days=ROUNDS - i) for i in range(ROUNDS)]
    bonuses = [
        m.Bonus.create(kind="award", amount=Decimal("100"), credited_on=day, expires_on=day).id
        for day in days
    ]
    fresh = m.Client.create(company="Fresh Start", portal_url="https://fresh.bitrix24.es")
    rounds = [{"plan": plan.id, "day": day, "client": fresh.id} for day in days]
    results = _race(db_target, "bonus", {"north": rounds, "south": rounds})
    for index, bonus_id in enumerate(bonuses):
        outcomes = results[index]
        winners = [name for name, (outcome, _m) in outcomes.items() if outcome == "won"]
        assert len(winners) == 1, outcomes
        loser = ({"north", "south"} - set(winners)).pop()
        assert outcomes[loser] == (
            "use_bonus",
            "The bonus balance changed meanwhile: check the figures again.",
        )
        assert m.Bonus.get_by_id(bonus_id).used == Decimal("100.00")  # never more
        bought = m.Coupon.select().where(m.Coupon.purchased_on == days[index])
        assert [(c.bonus_used, c.partner_cost) for c in bought] == [
            (Decimal("100.00"), Decimal("500.00"))
        ]


def test_two_desks_activate_due_onprem_keys_once(db: peewee.Database, db_target: str) -> None:
    """002: a key not activated within six months activates itself; two desks
    noticing it at once start one license, not two."""
    edition = m.Plan.create(code="business", name="Business", kind="on_premise", seats=50)
    client = m.Client.create(company="Selfhost SA", portal_url="https://intranet.selfhost.es")
    first = date(2026, 1, 1)
    bought = [first + timedelta(days=i) for i in range(ROUNDS)]
    keys = [
        m.Coupon.create(
            code=f"B24-KEY-{i:04d}", product="onprem_key", plan=edition, seats=50,
            purchased_on=day, currency="USD", list_price=Decimal("1490"),
            partner_cost=Decimal("894"), client=client, state="assigned",
        ).id
        for i, day in enumerate(bought)
    ]  # fmt: skip
    # Round i: the day after key i's six months, when key i (and only it) is due.
    rounds = [{"day": date(2026, 7, 2) + timedelta(days=i)} for i in range(ROUNDS)]
    results = _race(db_target, "sweep", {"north": rounds, "south": rounds})
    for index, key_id in enumerate(keys):
        counts = sorted(int(message) for _outcome, message in results[index].values())
        assert counts == [0, 1], results[index]
        assert m.Subscription.select().where(m.Subscription.coupon == key_id).count() == 1
        assert m.Coupon.get_by_id(key_id).activated_on == bought[index] + timedelta(days=181)
