"""The demo office's coupons."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

from b24desk.domain.lifecycle import coupon_state, coupon_warning
from b24desk.domain.pricing import partner_cost
from b24desk.store import models as m

#: The day the demo office is generated on (the ``demo`` fixture reads it).
TODAY = date(2026, 11, 20)


def test_coupons_in_every_state_follow_the_lifecycle_rules(demo: dict[str, int]) -> None:
    coupons = list(m.Coupon.select())
    assert {c.state for c in coupons} == set(m.COUPON_STATES)
    assert len({c.code for c in coupons}) == len(coupons)
    for c in coupons:
        assert re.fullmatch(r"B24(-[A-Z0-9]{4}){3}", c.code), c.code
        state = coupon_state(
            c.purchased_on,
            TODAY,
            assigned=c.client_id is not None,
            activated_on=c.activated_on,
            void=c.state == "void",
        )
        assert state == c.state, c.code
        if c.state in ("assigned", "activated"):
            assert c.client_id is not None and c.assigned_on is not None
            assert c.purchased_on <= c.assigned_on <= TODAY
        if c.state == "in_stock":
            assert c.client_id is None
        if c.activated_on is not None:
            assert c.activated_on <= c.purchased_on + timedelta(days=7)
        assert c.order_ref
    # Some wait in the warning window (days 5–6), some expired unused.
    warned = [
        c
        for c in coupons
        if c.state in ("in_stock", "assigned") and coupon_warning(c.purchased_on, TODAY)
    ]
    assert {(TODAY - c.purchased_on).days for c in warned} >= {5, 6}
    assert {c.state for c in warned} == {"in_stock", "assigned"}
    assert any(c.state == "expired" and (TODAY - c.purchased_on).days > 7 for c in coupons)
    currencies = Counter(c.currency for c in coupons)
    assert currencies["USD"] + currencies["EUR"] > len(coupons) / 2


def test_coupon_partner_cost_is_the_silver_cost_less_the_bonus(demo: dict[str, int]) -> None:
    coupons = list(m.Coupon.select())
    with_bonus = [c for c in coupons if c.bonus_used > 0]
    assert with_bonus
    assert len(coupons) - len(with_bonus) >= 10
    for c in coupons:
        silver = partner_cost(c.list_price, "silver", currency=c.currency)
        assert c.partner_cost == silver - c.bonus_used, c.code
        assert c.list_price > 0
    for c in with_bonus:
        assert c.partner_cost >= 10  # at least 10 paid in money
        assert c.product in ("cloud_subscription", "onprem_key")
        assert c.client.new_client and not c.client.affiliated
