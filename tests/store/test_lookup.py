"""Pickers' look-ups: a few rows with LIMIT, whatever the size of the office."""

from __future__ import annotations

import peewee

from b24desk.store import models as m
from b24desk.store.lookup import client_choice, find_clients


def test_client_suggestions_are_limited_and_skip_archived(db: peewee.Database) -> None:
    m.Client.insert_many(
        [(f"Company {i:04d}", f"https://c{i}.bitrix24.com") for i in range(300)],
        fields=[m.Client.company, m.Client.portal_url],
    ).execute()
    m.Client.create(company="Archived Company", archived=True)
    found = find_clients("compan", limit=20)
    assert [c.company for c in found] == [f"Company {i:04d}" for i in range(20)]
    assert find_clients("archived") == []
    (one,) = find_clients("company 0123")
    assert one.label == "Company 0123 \u2014 https://c123.bitrix24.com"
    assert client_choice(one.id) == one
    assert client_choice(99999) is None
