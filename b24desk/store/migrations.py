"""Schema versions and the migration runner.

Every database carries its schema version in ``schema_version``.  An empty database
gets the current schema at once.  An older one is upgraded step by step by the
functions in :data:`MIGRATIONS` (written with ``playhouse.migrate``), all inside one
transaction, after a backup copy of the SQLite file has been made.  A database from
a *newer* b24desk is refused untouched.

To change the schema: edit the models, bump :data:`LATEST_VERSION`, and add
``MIGRATIONS[n] = function(migrator, db)`` that takes a version ``n - 1`` database to
version ``n`` (``tests/store/test_migrations.py`` keeps a version-1 file to prove it).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import peewee
from playhouse.migrate import SchemaMigrator

from b24desk.i18n import _
from b24desk.store import search
from b24desk.store.errors import DatabaseOpenError, NewerSchemaError
from b24desk.store.models import ALL_MODELS, Office, PartnerProfile, SchemaVersion

log = logging.getLogger(__name__)

LATEST_VERSION = 6

Migration = Callable[[SchemaMigrator, peewee.Database], None]


def _add_ticket_sla_override_reason(migrator: SchemaMigrator, db: peewee.Database) -> None:
    """Schema 2: why a ticket's SLA level differs from the computed one (issue #12.4)."""
    from playhouse.migrate import migrate

    migrate(migrator.add_column("ticket", "sla_override_reason", peewee.TextField(default="")))


def _add_office_bank_codes_and_texts(migrator: SchemaMigrator, db: peewee.Database) -> None:
    """Schema 3: the office's IBAN and SWIFT/BIC for clients abroad, and its refund
    policy and bank details per document language (issue #15.5)."""
    from playhouse.migrate import migrate

    from b24desk.store.models import OfficeText

    migrate(
        migrator.add_column("office", "iban", peewee.CharField(default="")),
        migrator.add_column("office", "swift", peewee.CharField(default="")),
    )
    db.create_tables([OfficeText])


def _add_mail(migrator: SchemaMigrator, db: peewee.Database) -> None:
    """Schema 4: the office's SMTP account and reminder settings, a client's billing
    address and "do not remind", the outbox, mail templates and reminders sent (#16)."""
    from playhouse.migrate import migrate

    from b24desk.store.models import (
        MailTemplate,
        Office,
        OutboxAttachment,
        OutboxMessage,
        ReminderSent,
    )

    # As schema 4 had them, whatever the settings become.
    columns = (
        "smtp_host", "smtp_port", "smtp_security", "smtp_user", "sender_name",
        "sender_email", "reply_to", "bcc_office", "auto_reminders", "overdue_stages",
    )  # fmt: skip
    migrate(
        *(migrator.add_column("office", name, Office._meta.fields[name]) for name in columns),
        migrator.add_column("client", "billing_email", peewee.CharField(default="")),
        migrator.add_column("client", "do_not_remind", peewee.BooleanField(default=False)),
    )
    db.create_tables([MailTemplate, OutboxMessage, OutboxAttachment, ReminderSent])


def _add_prices_quotes_rates(migrator: SchemaMigrator, db: peewee.Database) -> None:
    """Schema 5: dated prices with the partner cost and the office's resale price,
    client prices, exchange rates, quotes and renewal drafts (issue #17)."""
    from playhouse.migrate import migrate

    from b24desk.store.models import (
        PRICE_EPOCH,
        ClientPrice,
        ExchangeRate,
        Office,
        PlanPrice,
        Quote,
        QuoteLine,
        QuoteSequence,
        RenewalDraft,
    )

    office_columns = ("quote_prefix", "quote_valid_days", "renewal_lead_days", "print_home_amount")
    table = PlanPrice._meta.table_name
    old_index = next(
        (i.name for i in db.get_indexes(table) if set(i.columns) == {"plan_id", "currency"}),
        None,
    )
    steps = [
        *(migrator.add_column("office", n, Office._meta.fields[n]) for n in office_columns),
        migrator.add_column(table, "valid_from", peewee.DateField(default=PRICE_EPOCH)),
        migrator.add_column(table, "partner_cost", PlanPrice._meta.fields["partner_cost"]),
        migrator.add_column(table, "resale_price", PlanPrice._meta.fields["resale_price"]),
    ]
    if old_index is not None:
        steps.append(migrator.drop_index(table, old_index))
    steps.append(migrator.add_index(table, ("plan_id", "currency", "valid_from"), True))
    migrate(*steps)
    db.create_tables([ClientPrice, ExchangeRate, Quote, QuoteLine, QuoteSequence, RenewalDraft])


def _add_search(migrator: SchemaMigrator, db: peewee.Database) -> None:
    """Schema 6: the full-text search tables and the triggers that keep them current,
    filled from the records already there, and the indexes that keep the tabs' first
    pages and Today flat as the office grows (issue #18); reports its progress."""
    from b24desk.store.models import Client, Coupon, Invoice, Ticket

    search.install(db, progress_listener)
    # IF NOT EXISTS: the tables and their old indexes are there, the new ones come.
    db.create_tables([Client, Coupon, Invoice, Ticket], safe=True)


#: ``MIGRATIONS[n]`` upgrades a version ``n - 1`` database to version ``n``.
MIGRATIONS: dict[int, Migration] = {
    2: _add_ticket_sla_override_reason,
    3: _add_office_bank_codes_and_texts,
    4: _add_mail,
    5: _add_prices_quotes_rates,
    6: _add_search,
}

#: Hears how far a long upgrade step is: ``(what, done, total)`` (the search index
#: of schema 6 reports each kind of record and the rows filled).  The desk shows it
#: in a progress dialog, the command line logs it.
progress_listener: search.Progress | None = None


def set_progress_listener(listener: search.Progress | None) -> None:
    global progress_listener
    progress_listener = listener


def current_version(db: peewee.Database) -> int | None:
    """The schema version of ``db``; ``None`` for an empty database."""
    tables = set(db.get_tables())
    if SchemaVersion._meta.table_name not in tables:
        if tables:
            raise DatabaseOpenError(
                _("This database belongs to another program: it has no b24desk tables.")
            )
        return None
    row = SchemaVersion.select(peewee.fn.MAX(SchemaVersion.version)).scalar()
    return int(row) if row is not None else None


def backup_sqlite_file(path: Path, label: str) -> Path:
    """Copy the SQLite database at ``path`` with SQLite's online backup API."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    target.chmod(0o600)
    return target


def seed_defaults() -> None:
    """The rows every database starts with: its version, the office, the partner profile."""
    SchemaVersion.create(version=LATEST_VERSION)
    Office.create(id=1)
    PartnerProfile.create(id=1)


def _create_schema(db: peewee.Database) -> None:
    with db.atomic():
        db.create_tables(ALL_MODELS)
        search.install(db)
        seed_defaults()


def prepare(db: peewee.Database, backup_of: Path | None = None) -> int:
    """Bring ``db`` to :data:`LATEST_VERSION`; returns the version it had (0 if empty)."""
    version = current_version(db)
    if version is None:
        _create_schema(db)
        log.info("created schema version %d", LATEST_VERSION)
        return 0
    if version > LATEST_VERSION:
        raise NewerSchemaError(
            _(
                "This database was written by a newer version of b24desk (schema {found}, "
                "this version knows {known}). Install the newer b24desk to open it."
            ).format(found=version, known=LATEST_VERSION)
        )
    if version < LATEST_VERSION:
        copy = None
        if backup_of is not None:
            copy = backup_sqlite_file(backup_of, f"schema-v{version}")
            log.info("backed up %s to %s before migrating", backup_of, copy)
        migrator = SchemaMigrator.from_database(db)
        sqlite = isinstance(db, peewee.SqliteDatabase)
        if sqlite:
            # SQLite rebuilds a table to change a column; with foreign keys on, dropping
            # the old copy would fail.  The pragma cannot change inside a transaction,
            # so it is switched around it and the keys are checked before commit.
            db.execute_sql("PRAGMA foreign_keys = OFF")
        try:
            with db.atomic():
                for step in range(version + 1, LATEST_VERSION + 1):
                    log.info("migrating schema to version %d", step)
                    if step > 6:  # a table rebuilt by the step must not meet them
                        search.drop_triggers(db)
                    MIGRATIONS[step](migrator, db)
                search.drop_triggers(db)  # back, as this version writes them
                search.create_triggers(db)
                if sqlite and db.execute_sql("PRAGMA foreign_key_check").fetchone():
                    raise DatabaseOpenError(_("The upgrade broke links between records."))
                SchemaVersion.delete().execute()
                SchemaVersion.create(version=LATEST_VERSION)
        except Exception as exc:
            log.exception("schema migration from version %d failed", version)
            message = _(
                "The database could not be upgraded to this version of b24desk, and was "
                "left as it was. Reason: {reason}"
            ).format(reason=exc)
            if copy is not None:
                message += " " + _("A copy made before the upgrade is at {copy}.").format(copy=copy)
            raise DatabaseOpenError(message) from exc
        finally:
            if sqlite:
                db.execute_sql("PRAGMA foreign_keys = ON")
    return version
