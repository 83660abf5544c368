"""Helpers of the Coupons tab tests: plans, the partner's status, a recorded purchase."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from b24desk.store import coupons as store
from b24desk.store import models as m

#: The completer's popup asks the offscreen test platform for what it cannot do.
popup_warnings = pytest.mark.qt_log_ignore(
    r"This plugin does not support raise\(\)",
    "This plugin does not support grabbing the keyboard",
)

def make_plan(code: str, name: str, kind: str = "cloud", seats: int | None = 50, **prices: str):
    plan = m.Plan.create(code=code, name=name, kind=kind, seats=seats, storage_gb=100)
    for currency, price in (prices or {"NZD": "199", "USD": "124"}).items():
        m.PlanPrice.create(plan=plan, currency=currency, price=Decimal(price))
    return plan

def set_partner(status: str, tutorial: bool = True) -> None:
    m.PartnerProfile.update(status=status).where(m.PartnerProfile.id == 1).execute()
    m.CourseCompletion.delete().execute()
    if tutorial:
        m.CourseCompletion.create(course="tutorial", completed_on=date(2026, 1, 10))

def buy(plan: m.Plan, today: date, age: int = 0, code: str = "B24-TEST-0001", **kw: Any):
    data = {
        "code": code,
        "product": "cloud_subscription",
        "plan": plan.id,
        "term_months": 12,
        "seats": 50,
        "purchased_on": today - timedelta(days=age),
        "list_price": Decimal("1000"),
        "currency": "USD",
        **kw,
    }
    return store.record_purchase(data, today)
