"""Text limits and forbidden characters: refused the same way on SQLite and PostgreSQL.

Issue #13.5: "PostgreSQL DataError for a company name over 255 characters or with
NUL — the preview calls such rows valid; SQLite accepts them".  And a full disk or
another desk's long write lock is said in plain words, never as a driver's text.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import peewee
import pytest

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.store import clients, coupons, events, office, tickets
from b24desk.store import models as m
from b24desk.store.csvio.fields import suggest_mapping
from b24desk.store.csvio.files import parse_csv
from b24desk.store.csvio.importing import apply_import, preview_import
from b24desk.store.db import transaction
from b24desk.store.errors import DatabaseBusyError, DiskFullError, translate_write_error
from b24desk.store.text_limits import check_text, text_columns

TEXT_FIELDS = [
    (model, field)
    for model in m.ALL_MODELS
    for field in model._meta.sorted_fields
    if isinstance(field, peewee.CharField | peewee.TextField)
]


@pytest.mark.parametrize(
    ("model", "field"), TEXT_FIELDS, ids=[f"{mo.__name__}.{f.name}" for mo, f in TEXT_FIELDS]
)
def test_every_text_field_of_every_model_has_its_limit(
    model: type[m.BaseModel], field: peewee.Field
) -> None:
    """Walks the models: every CharField refuses one character over its max_length,
    every text field refuses NUL, only a TextField takes line breaks."""
    assert field.name in text_columns(model)
    with pytest.raises(ValidationError, match="control character \\(NUL\\)") as caught:
        check_text(model, {field.name: "a\x00b"})
    assert caught.value.field == field.name
    if isinstance(field, peewee.TextField):
        check_text(model, {field.name: "line 1\r\nline 2\tend" + "x" * 100_000})
    else:
        limit = field.max_length
        check_text(model, {field.name: "é" * limit})  # characters, not bytes
        with pytest.raises(ValidationError, match=f"at most {limit} are allowed"):
            check_text(model, {field.name: "é" * (limit + 1)})
        with pytest.raises(ValidationError, match="a line break"):
            check_text(model, {field.name: "a\nb"})


def client_data(**values: object) -> dict[str, object]:
    return {"company": "Acme Ltd", **values}


def test_long_or_nul_company_is_refused_with_the_fields_message(db: peewee.Database) -> None:
    kept = clients.create_client(client_data(company="A" * 255))
    assert m.Client.get_by_id(kept.id).company == "A" * 255  # the limit itself is fine
    with pytest.raises(ValidationErrors) as caught:
        clients.create_client(client_data(company="B" * 256))
    assert caught.value.by_field["company"] == (
        "Company is too long: 256 characters, at most 255 are allowed."
    )
    with pytest.raises(ValidationErrors) as caught:
        clients.create_client(client_data(company="Bad\x00Name", notes="ok\nfine"))
    assert caught.value.by_field["company"] == (
        "Company contains a control character (NUL) at position 4: remove it."
    )
    with pytest.raises(ValidationErrors) as caught:
        clients.update_client(kept.id, client_data(address="Main St\x00"), kept.version)
    assert set(caught.value.by_field) == {"address"}
    assert m.Client.select().count() == 1


def test_csv_preview_refuses_what_the_server_would(db: peewee.Database) -> None:
    data = ("company;email\n" + "C" * 256 + ";a@b.nz\nGood Ltd;g@b.nz\n").encode()
    table = parse_csv(data)
    preview = preview_import(
        table, suggest_mapping(table.headers, events.CLIENTS), events.CLIENTS
    )
    bad, good = preview.rows
    assert [(e.line, e.field, e.message) for e in bad.errors] == [
        (2, "company", "Company is too long: 256 characters, at most 255 are allowed.")
    ]
    assert good.valid
    assert apply_import(preview) == 1
    assert [c.company for c in m.Client.select()] == ["Good Ltd"]


def test_tickets_coupons_and_office_settings_are_checked(db: peewee.Database) -> None:
    client = clients.create_client(client_data())
    now = datetime(2026, 11, 16, 1, tzinfo=UTC)
    with pytest.raises(ValidationErrors) as caught:
        tickets.create_ticket(
            {"client_id": client.id, "subject": "S" * 256, "description": "ok\x07"}, now
        )
    assert set(caught.value.by_field) == {"subject", "description"}
    ticket = tickets.create_ticket({"client_id": client.id, "subject": "Help"}, now)
    with pytest.raises(ValidationError, match="NUL"):
        tickets.add_message(ticket.id, "note", "x\x00", "Kate", now)
    plan = m.Plan.create(code="std", name="Standard", kind="cloud")
    with pytest.raises(ValidationErrors) as caught:
        coupons.record_purchase(
            {
                "code": "ABCD-EFGH-1234",
                "product": "cloud_subscription",
                "plan": plan.id,
                "term_months": 12,
                "purchased_on": date(2026, 11, 16),
                "currency": "NZD",
                "list_price": "100",
                "order_ref": "R" * 256,
            },
            date(2026, 11, 16),
        )
    assert "order_ref" in caught.value.by_field
    with pytest.raises(ValidationErrors) as caught:
        office.update_office(
            {"name": "N" * 256, "bank_details": "IBAN\x1b"}, office.get_office().version
        )
    assert set(caught.value.by_field) == {"name", "bank_details"}
    assert m.Coupon.select().count() == 0 and m.TicketMessage.select().count() == 0


# --------------------------------------------------------------------------- write failures


def test_full_sqlite_disk_says_so(db: peewee.Database) -> None:
    """Issue #13.5: "a full disk shows 'cannot rollback – no transaction is active'".
    The database is made full with ``PRAGMA max_page_count``."""
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("SQLite's page limit simulates a full disk")
    clients.create_client(client_data(company="Before Ltd"))
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(DiskFullError) as caught, transaction():
        for i in range(50):
            m.Client.create(company=f"Big {i}", notes="x" * 20_000)
    assert str(caught.value) == (
        "The disk holding the database is full. Nothing of this change was saved. "
        "Free some space on the disk and try again."
    )
    db.execute_sql("PRAGMA max_page_count = 1073741823")
    assert [c.company for c in m.Client.select()] == ["Before Ltd"]  # nothing half-saved
    clients.create_client(client_data(company="After Ltd"))  # and the desk goes on


def test_postgres_disk_full_says_so() -> None:
    psycopg_errors = pytest.importorskip("psycopg.errors")
    try:
        raise psycopg_errors.DiskFull("could not extend file: No space left on device")
    except psycopg_errors.DiskFull as cause:
        wrapped = peewee.OperationalError(str(cause))
        wrapped.__cause__ = cause
    assert isinstance(translate_write_error(wrapped), DiskFullError)
    assert translate_write_error(peewee.OperationalError("syntax error")) is None


def test_another_desks_write_lock_is_said_in_plain_words(
    db: peewee.Database, db_path: Path
) -> None:
    """Issue #13.5: "'database is locked' after 10 s while a CSV import holds the
    write lock"."""
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("PostgreSQL locks rows, not the database")
    db.execute_sql("PRAGMA busy_timeout = 200")
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # the other desk's write lock
        with pytest.raises(DatabaseBusyError, match="Another desk is writing"):
            clients.create_client(client_data())
        other.execute("ROLLBACK")
    finally:
        other.close()
    clients.create_client(client_data())
    assert m.Client.select().count() == 1
