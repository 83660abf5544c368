"""Fixtures of the Quotes tab tests: a client over the price list."""

from __future__ import annotations

import peewee
import pytest

from b24desk.store import models as m
from b24desk.store.pricelist import seed_price_list


@pytest.fixture
def client(db: peewee.Database) -> m.Client:
    seed_price_list()
    return m.Client.create(
        company="Kauri Dental Ltd", country="NZ", currency="NZD", doc_language="ru"
    )
