"""The demo office of the tests: generated into each test's own database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

import peewee
import pytest

from b24desk.domain.lifecycle import cloud_state
from b24desk.store import models as m
from b24desk.store.demo.builder import generate_demo


@pytest.fixture
def demo(db: peewee.Database, request: pytest.FixtureRequest) -> dict[str, int]:
    """The small demo office (seed 1) on the day the test module calls ``TODAY``."""
    return generate_demo("small", seed=1, today=request.module.TODAY)


def _cloud_states(today: date) -> Counter[str]:
    return Counter(
        cloud_state(
            s.paid_until,
            today,
            last_user_login=s.last_user_login,
            last_admin_login=s.last_admin_login,
        )
        for s in m.Subscription.select().where(m.Subscription.kind == "cloud")
    )


@pytest.fixture
def cloud_states() -> Callable[[date], Counter[str]]:
    """How many cloud subscriptions are in each lifecycle state on a day."""
    return _cloud_states
