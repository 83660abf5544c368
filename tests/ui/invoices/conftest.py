"""Fixtures of the Invoices tab tests: two clients over the price list, a yes to
"Issue the invoice"."""

from __future__ import annotations

import peewee
import pytest

from b24desk.store import models as m
from b24desk.store.pricelist import seed_price_list
from b24desk.ui.invoices import common


@pytest.fixture
def clients(db: peewee.Database) -> dict[str, m.Client]:
    seed_price_list()
    return {
        "nz": m.Client.create(company="Kauri Dental Ltd", country="NZ", currency="NZD"),
        "es": m.Client.create(
            company="Clínica Sol S.L.",
            country="ES",
            currency="EUR",
            doc_language="es",
            non_profit=True,
        ),
    }


@pytest.fixture
def accept_confirm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "confirm", lambda *args: True)

