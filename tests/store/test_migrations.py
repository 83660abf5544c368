"""Schema versions: an old database file opens, keeps its rows, and is backed up first."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import peewee
import pytest
from playhouse.migrate import SchemaMigrator

from b24desk.store import migrations
from b24desk.store import models as m
from b24desk.store.db import close_database, open_database
from b24desk.store.errors import DatabaseOpenError

V1_FILE = Path(__file__).parent / "data" / "schema_v1.sqlite"


def test_version_1_database_opens_and_keeps_its_rows(tmp_path: Path) -> None:
    """``data/schema_v1.sqlite`` was written by b24desk 0.1.0 (schema 1) and never changes."""
    path = tmp_path / "office.sqlite"
    shutil.copy(V1_FILE, path)
    open_database(path)
    try:
        assert m.SchemaVersion.get().version == migrations.LATEST_VERSION
        assert m.Office.get_by_id(1).name == "Kiwi Cloud Partners Ltd"
        client = m.Client.get(m.Client.company == "Ōtautahi Dental Ltd")
        assert client.doc_language == "en" and client.currency == "NZD"
        assert m.Client.get(m.Client.company == "Соболь Логистика").doc_language == "ru"
        coupon = m.Coupon.get(m.Coupon.code == "B24-AAAA-BBBB-CCCC")
        assert coupon.list_price == Decimal("1548.00")
        assert coupon.purchased_on == date(2026, 11, 1)
        invoice = m.Invoice.get(m.Invoice.number == "INV-2026-0001")
        assert invoice.total == Decimal("1725.00")
        assert [line.description for line in invoice.lines] == ["Standard, 12 months"]
        assert m.Ticket.get(m.Ticket.tid == "T-000001").messages.count() == 2
        # Schema 2 added the reason of an SLA level override: empty for old tickets.
        assert m.Ticket.get(m.Ticket.tid == "T-000001").sla_override_reason == ""
        # Schema 3: no IBAN/SWIFT yet, no texts per language.
        office = m.Office.get_by_id(1)
        assert (office.iban, office.swift) == ("", "")
        assert m.OfficeText.select().count() == 0
    finally:
        close_database()
    if migrations.LATEST_VERSION > 1:
        assert list(tmp_path.glob("office.sqlite.schema-v1-*.bak")), "no backup before upgrade"


#: A schema this code does not have yet: the next one.
NEXT = migrations.LATEST_VERSION + 1


@pytest.fixture
def version_next(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Pretend the code has moved on to one more schema, which adds a column."""
    ran: list[int] = []

    def add_client_website(migrator: SchemaMigrator, db: peewee.Database) -> None:
        ran.append(NEXT)
        from playhouse.migrate import migrate

        migrate(migrator.add_column("client", "website", peewee.CharField(default="")))

    monkeypatch.setattr(migrations, "LATEST_VERSION", NEXT)
    monkeypatch.setitem(migrations.MIGRATIONS, NEXT, add_client_website)
    return ran


def test_older_schema_is_upgraded_after_a_backup(tmp_path: Path, version_next: list[int]) -> None:
    path = tmp_path / "office.sqlite"
    shutil.copy(V1_FILE, path)
    open_database(path)
    try:
        assert version_next == [NEXT]  # after every real step from 1
        assert m.SchemaVersion.get().version == NEXT
        columns = {c.name for c in m.database_proxy.obj.get_columns("client")}
        assert "website" in columns
        assert m.Client.select().count() == 2
    finally:
        close_database()
    (backup,) = tmp_path.glob("office.sqlite.schema-v1-*.bak")
    open_database(backup, migrate=False)
    try:
        assert migrations.current_version(m.database_proxy.obj) == 1  # the copy is untouched
    finally:
        close_database()


def test_failed_upgrade_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(migrator: SchemaMigrator, db: peewee.Database) -> None:
        db.execute_sql("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrations, "LATEST_VERSION", NEXT)
    monkeypatch.setitem(migrations.MIGRATIONS, NEXT, broken)
    path = tmp_path / "office.sqlite"
    shutil.copy(V1_FILE, path)
    with pytest.raises(DatabaseOpenError, match="left as it was"):
        open_database(path)
    close_database()
    open_database(path, migrate=False)
    try:
        db = m.database_proxy.obj
        assert migrations.current_version(db) == 1
        assert "half_done" not in db.get_tables()
    finally:
        close_database()
