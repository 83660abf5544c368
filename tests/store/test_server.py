"""The office's PostgreSQL server: its address, the connection test, the password."""

from __future__ import annotations

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b24desk.domain.errors import ValidationErrors
from b24desk.store import models as m
from b24desk.store import server
from b24desk.store.db import close_database, describe, open_database
from b24desk.store.errors import DatabaseAuthError, DatabaseOpenError
from b24desk.store.migrations import LATEST_VERSION

names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
    str.strip
)


@given(user=names, password=names, database=names, port=st.integers(1, 65535))
def test_urls_carry_any_user_password_and_database(
    user: str, password: str, database: str, port: int
) -> None:
    address = server.ServerAddress("db.office.lan", port, database, user)
    parsed, carried = server.parse_server_url(address.url(password))
    assert (parsed, carried) == (address, password)
    assert server.parse_server_url(address.url()) == (address, None)
    assert describe(address.url(password)) == describe(address.url())  # shown without it


def test_a_url_without_password_needs_one() -> None:
    assert server.needs_password("postgresql://desk@db/b24")
    assert not server.needs_password("postgresql://desk:pw@db/b24")
    assert not server.needs_password("postgresql://db/b24")  # no user: libpq's default
    assert not server.needs_password("/home/ana/office.sqlite")
    assert not server.needs_password(None)
    url = server.with_password("postgresql://desk@db:5433/b24?sslmode=require", "s3cr:t")
    assert url == "postgresql://desk:s3cr%3At@db:5433/b24?sslmode=require"


def test_the_typed_address_is_checked_field_by_field() -> None:
    with pytest.raises(ValidationErrors) as caught:
        server.validate_server(" ", "99999", "", "")
    errors = caught.value.by_field
    assert set(errors) == {"host", "port", "database", "user"}
    assert "1 to 65535" in errors["port"]
    with pytest.raises(ValidationErrors) as caught:
        server.validate_server("db office", "54x", "b24", "desk")
    assert set(caught.value.by_field) == {"host", "port"}
    address = server.validate_server(" db.office.lan ", " 5433 ", " b24 ", " desk ")
    assert address == server.ServerAddress("db.office.lan", 5433, "b24", "desk")


def test_no_keyring_means_nothing_is_kept() -> None:
    address = server.ServerAddress("db", user="desk")
    assert not server.keyring_available()  # the tests' default: no system keyring
    assert server.save_password(address, "pw") is False
    assert server.saved_password(address) is None
    server.forget_password(address)  # nothing to forget: no error


def test_the_keyring_keeps_one_password_per_server_user_and_database(
    memory_keyring: dict,
) -> None:
    desk = server.ServerAddress("db", 5432, "b24", "desk")
    other = server.ServerAddress("db", 5432, "b24_test", "desk")
    assert server.keyring_available()
    assert server.save_password(desk, "s3cret")
    assert server.saved_password(desk) == "s3cret"
    assert server.saved_password(other) is None
    assert memory_keyring == {("b24desk", "desk@db:5432/b24"): "s3cret"}
    assert server.with_saved_password(desk.url()) == desk.url("s3cret")
    assert server.with_saved_password(other.url()) == other.url()  # unchanged
    server.forget_password(desk)
    assert server.saved_password(desk) is None


def test_a_server_that_does_not_answer_is_named() -> None:
    with pytest.raises(DatabaseOpenError, match=r"No PostgreSQL server answers at 127\.0\.0\.1:1"):
        server.check_server("postgresql://desk:pw@127.0.0.1:1/b24", timeout=2)


def test_the_connection_test_says_what_the_database_holds(postgres_url: str) -> None:
    open_database(postgres_url)
    m.Client.create(company="Shared Ltd")
    found = server.check_server(postgres_url)
    assert (found.state, found.schema_version, found.clients) == ("current", LATEST_VERSION, 1)
    assert found.usable
    assert found.summary().startswith("Connected to PostgreSQL 1")
    assert "It holds b24desk data (1 client)." in found.summary()
    assert m.Client.select().count() == 1  # the test changed nothing

    close_database()
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute("DROP SCHEMA public CASCADE")
        con.execute("CREATE SCHEMA public")
    empty = server.check_server(postgres_url)
    assert empty.state == "empty" and empty.usable
    assert "sets it up" in empty.summary()
    open_database(postgres_url)  # b24desk sets it up …
    assert server.check_server(postgres_url).state == "current"  # … as the test said

    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute("UPDATE schema_version SET version = version + 1")
    newer = server.check_server(postgres_url)
    assert newer.state == "newer" and not newer.usable
    assert "newer version of b24desk" in newer.summary()
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute("UPDATE schema_version SET version = version - 1")


def test_a_refused_password_and_a_missing_database_are_told_apart(postgres_url: str) -> None:
    address, password = server.parse_server_url(postgres_url)
    assert password
    with pytest.raises(DatabaseAuthError, match="refused the user name or the password"):
        server.check_server(address.url(password + "-wrong"))
    with pytest.raises(DatabaseAuthError):
        open_database(address.url(password + "-wrong"))
    missing = server.ServerAddress(address.host, address.port, "no_such_b24desk", address.user)
    with pytest.raises(DatabaseOpenError, match="has no database no_such_b24desk"):
        server.check_server(missing.url(password))


@settings(max_examples=300, deadline=None)
@given(
    host=st.text(max_size=30) | st.from_regex(r"[a-z0-9.\-]{1,20}", fullmatch=True),
    port=st.text(max_size=8) | st.integers(-5, 70000).map(str),
    database=st.text(max_size=20),
    user=st.text(max_size=20),
)
def test_any_typed_address_is_refused_by_field_or_round_trips(
    host: str, port: str, database: str, user: str
) -> None:
    try:
        address = server.validate_server(host, port, database, user)
    except ValidationErrors as errors:
        assert set(errors.by_field) <= {"host", "port", "database", "user"}
        return
    assert server.parse_server_url(address.url("pw")) == (address, "pw")
