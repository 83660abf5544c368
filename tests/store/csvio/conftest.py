"""Fixtures shared by the tests of b24desk/store/csvio/."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import peewee
import pytest
from hypothesis import strategies as st

from b24desk.store import events
from b24desk.store import models as m


@pytest.fixture
def heard() -> Iterator[list[str]]:
    notices: list[str] = []
    events.subscribe(notices.append)
    yield notices
    events.unsubscribe(notices.append)


@pytest.fixture
def plans(db: peewee.Database) -> dict[str, m.Plan]:
    pro = m.Plan.create(code="professional", name="Bitrix24 Professional", kind="cloud", seats=100)
    box = m.Plan.create(code="onprem_business", name="Business", kind="on_premise", seats=50)
    m.PlanPrice.create(plan=pro, currency="USD", price=Decimal("199"))
    return {"pro": pro, "box": box}


@pytest.fixture
def likely_cell() -> st.SearchStrategy[str]:
    """Cells that get past the first checks, so the fuzzing reaches the store's."""
    return st.sampled_from(
        [
            "Acme Ltd", "acme ltd", "B24-FUZZ-0001", "professional", "Business", "12", "12 months",
            "100", "2026-11-20", "20/11/2026", "2026-12-01", "199", "US$1,990.00", "1e400", "-5",
            "USD", "EUR", "nz", "España", "es", "Русский", "High", "yes", "no", "a@b.co",
            "acme.bitrix24.com", "=1+1", "'=1", "9" * 40, "", " ",
        ]
    )  # fmt: skip
