"""The search of every list: case-folded on both sides, the same on SQLite and
PostgreSQL, and never an error whatever is typed (issue #13.11: "'Straße' finds
neither 'straße' nor 'strasse'; 50 000 characters raise 'pattern too complex' on
SQLite; NUL raises on PostgreSQL"); and the Listing every table reads its pages from:
search, filters, sorting with empty values last, pages that never overlap."""

from __future__ import annotations

from typing import Any

import peewee
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from b24desk.store import models as m
from b24desk.store.listing import (
    MAX_SEARCH_CHARS,
    Listing,
    fold_function,
    search_condition,
    search_words,
)


def found(text: str) -> list[str]:
    condition = search_condition([m.Client.company, m.Client.email], text)
    query = m.Client.select(m.Client.company).order_by(m.Client.id)
    if condition is not None:
        query = query.where(condition)
    return [c.company for c in query]


def test_search_words_are_capped_cleaned_and_folded() -> None:
    assert search_words("  Straße\x00MÜLLER\tﬁle ") == ["strasse", "müller", "file"]
    long = "a" * (MAX_SEARCH_CHARS - 2) + " " + "b" * 10_000
    assert search_words(long) == ["a" * (MAX_SEARCH_CHARS - 2), "b"]


def test_strasse_finds_every_spelling(db: peewee.Database) -> None:
    for company in ("Straße GmbH", "STRASSE AG", "strasse ltd", "Strand Café", "GROẞE Bau"):
        m.Client.create(company=company)
    every = ["Straße GmbH", "STRASSE AG", "strasse ltd"]
    assert found("Straße") == every
    assert found("strasse") == every
    assert found("STRASSE") == every
    assert found("straße gmbh") == ["Straße GmbH"]
    assert found("große") == ["GROẞE Bau"]  # capital sharp s
    assert found("CAFÉ") == ["Strand Café"]
    assert found("caf") == ["Strand Café"]
    assert found("100%") == [] and found("_") == []  # LIKE's wildcards are plain text


def test_huge_and_control_text_never_raises(db: peewee.Database) -> None:
    m.Client.create(company="Acme Ltd")
    assert found("acme " + "x" * 50_000) == []  # the x-word is cut, still no match
    assert found("ac\x00me") == ["Acme Ltd"]  # NUL separates words: "ac" and "me" match
    assert found("ac\x00mx") == []
    assert found("acme" + " " * 300 + "zzz") == ["Acme Ltd"]  # …words past 200 chars are ignored
    assert found("\x00\x01\x7f") == ["Acme Ltd"]  # nothing left to look for


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60
).filter(lambda s: s.strip())


@SETTINGS
@given(name=_NAMES, odd=st.text(max_size=300))
@example(name="Straße", odd="\x00" * 5)
@example(name="ǅemal ﬁ ΣΑΣ İstanbul", odd="%_\\")
@example(name="ᾳ ŉ ǰ", odd="x" * 60_000)
def test_any_text_is_found_by_its_folded_name_and_nothing_raises(
    db: peewee.Database, name: str, odd: str
) -> None:
    row = m.Client.create(company=name)
    try:
        assert name in found(name.casefold())
        assert name in found(name)
        found(odd)  # never raises
    finally:
        row.delete_instance()


@SETTINGS
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80))
@example(text="Straße ẞ ς ΣΑΣ İ ﬁ ᾳ ŉ K ſ Ꭰꭰ")
def test_the_sql_fold_is_python_casefold(db: peewee.Database, text: str) -> None:
    fold = fold_function()
    (value,) = db.execute(peewee.Select(columns=[fold(peewee.Value(text))])).fetchone()
    assert value == text.casefold()


# --------------------------------------------------------------------------- Listing


def plan_listing(**kw: Any) -> Listing:
    return Listing(
        query=lambda: m.Plan.select(m.Plan.id, m.Plan.code, m.Plan.kind, m.Plan.seats),
        sort_keys={"seats": m.Plan.seats, "kind": (m.Plan.kind, m.Plan.code)},
        search_fields=[m.Plan.code, m.Plan.name],
        tie_breaker=m.Plan.id,
        filters={"kind": lambda kind: m.Plan.kind == kind if kind else None},
        default_order=(m.Plan.position,),
        **kw,
    )


@pytest.fixture
def plans(db: peewee.Database) -> None:
    for position, (code, kind, seats) in enumerate(
        [
            ("standard", "cloud", 50),
            ("unlimited", "cloud", None),
            ("basic", "cloud", 5),
            ("box", "on_premise", 25),
            ("svc_100%_done", "service", None),
            ("svc_training", "service", None),
        ]
    ):
        m.Plan.create(code=code, name=code.title(), kind=kind, seats=seats, position=5 - position)


def codes(rows: list[Any]) -> list[str]:
    return [row.code for row in rows]


def test_a_listing_counts_and_pages_what_search_and_filters_leave(plans: None) -> None:
    listing = plan_listing()
    assert listing.count() == 6
    assert listing.count("svc") == 2
    assert listing.count(filters={"kind": "cloud"}) == 3
    assert codes(listing.page(0, 10, "s", {"kind": "cloud"})) == ["basic", "standard"]
    assert listing.count(filters={"kind": ""}) == 6  # an empty filter filters nothing
    assert codes(listing.page(0, 10, "svc 100%")) == ["svc_100%_done"]  # % is a character
    assert codes(listing.page(0, 10, "svc_t")) == ["svc_training"]  # so is _
    with pytest.raises(KeyError):
        listing.count(filters={"colour": "red"})


def test_pages_follow_the_column_with_empty_values_last_both_ways(plans: None) -> None:
    listing = plan_listing()
    up = codes(listing.page(0, 10, sort_key="seats"))
    # 5, 25, 50 seats, then the plans without a limit, tied ones by id.
    assert up == ["basic", "box", "standard", "unlimited", "svc_100%_done", "svc_training"]
    down = codes(listing.page(0, 10, sort_key="seats", descending=True))
    assert down == ["standard", "box", "basic", "svc_training", "svc_100%_done", "unlimited"]
    assert codes(listing.page(0, 10, sort_key="kind")) == [
        "basic",
        "standard",
        "unlimited",
        "box",
        "svc_100%_done",
        "svc_training",
    ]


def test_without_a_column_the_default_order_holds(plans: None) -> None:
    assert codes(plan_listing().page(0, 10)) == [
        "svc_training",
        "svc_100%_done",
        "box",
        "basic",
        "unlimited",
        "standard",
    ]


def test_pages_never_overlap_even_when_the_sort_values_tie(db: peewee.Database) -> None:
    for i in range(25):
        m.Plan.create(code=f"p{i:02d}", name="Same", kind="cloud", seats=10)
    listing = plan_listing()
    for descending in (False, True):
        seen = [
            row.code
            for offset in range(0, 25, 4)
            for row in listing.page(offset, 4, sort_key="seats", descending=descending)
        ]
        assert sorted(seen) == [f"p{i:02d}" for i in range(25)]


def test_rows_come_through_the_row_factory(plans: None) -> None:
    listing = plan_listing(row_factory=lambda row: (row.code, row.seats))
    assert listing.page(0, 2, sort_key="seats") == [("basic", 5), ("box", 25)]
