"""The portable export of any database, and loading one into a new, empty database.

:func:`export_portable` writes the open database, whatever its engine, to a zip of
JSON Lines files (one per table) with a ``manifest.json``; :func:`import_portable`
loads such a zip into an open, empty database of any engine.  That is the backup of
a PostgreSQL database, and the way to move between engines (:func:`copy_into`).

A zip is checked before anything is read from it (:mod:`b24desk.store.archive_limits`):
its entries, their sizes and compression ratios, the nesting of its JSON.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import logging
import os
import sqlite3
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import peewee

from b24desk import __version__
from b24desk.i18n import _, ngettext
from b24desk.store.archive_limits import (
    MAX_MANIFEST_BYTES,
    check_archive,
    limited_lines,
    parse_json,
    read_member,
)
from b24desk.store.bulk import bulk_insert
from b24desk.store.db import database, describe, open_database_file, transaction
from b24desk.store.errors import StoreError
from b24desk.store.fields import FixedDecimalField, UTCDateTimeField
from b24desk.store.migrations import LATEST_VERSION
from b24desk.store.models import (
    ALL_MODELS,
    BaseModel,
    Office,
    PartnerProfile,
    SchemaVersion,
)
from b24desk.store.outputs import check_output_path
from b24desk.store.tempfiles import clean_stale, private_temp, private_temp_dir

log = logging.getLogger(__name__)

#: What reading a damaged or odd zip raises (CRC, truncated, unknown compression,
#: encrypted entries).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    zlib.error,
    OSError,
    NotImplementedError,
    RuntimeError,
)

#: The "database" whose files an export from a server must avoid: none.
_NO_FILE = "postgresql://"

__all__ = [
    "FORMAT_VERSION",
    "DatabaseNotEmptyError",
    "PortableError",
    "PortableFormatError",
    "PortableVersionError",
    "check_export",
    "copy_into",
    "export_portable",
    "import_portable",
]

#: Version of the portable zip layout (not of the database schema).
FORMAT_VERSION = 1
FORMAT_NAME = "b24desk-portable"
MANIFEST = "manifest.json"
TABLES_FOLDER = "tables"

#: Rows read per query when exporting (keyset pages ordered by id).
EXPORT_BATCH = 1000
#: Rows per ``executemany`` (and per progress report) when importing.
IMPORT_BATCH = 1000

#: The rows the schema itself creates (:func:`migrations._create_schema`); an import
#: replaces them.  Every other table must be empty before an import.
SCHEMA_ROWS: tuple[type[BaseModel], ...] = (SchemaVersion, Office, PartnerProfile)

#: ``progress(done, total, label)``: rows done so far, rows in all, what is going on.
#: It may raise to stop the work (nothing is kept of an import that stops).
ProgressCallback = Callable[[int, int, str], None]

class PortableError(StoreError):
    """A portable export or import failed; an import keeps nothing of what it did."""


class PortableFormatError(PortableError):
    """The zip is not a b24desk portable export, or its content is inconsistent."""


class PortableVersionError(PortableFormatError):
    """The export comes from another schema version than this b24desk's."""


class DatabaseNotEmptyError(PortableError):
    """An import only goes into a database without business data."""



def _engine(db: peewee.Database) -> str:
    if isinstance(db, peewee.PostgresqlDatabase):
        return "postgresql"
    if isinstance(db, peewee.SqliteDatabase):
        return "sqlite"
    return type(db).__name__.lower()


def _encode(value: object) -> object:
    """A model's Python value as JSON: Decimal as text, dates in ISO 8601."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise TypeError("naive datetime in the database")
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):  # BlobField: SQLite bytes, PostgreSQL memoryview
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot export a value of type {type(value).__name__}")


def _decoder(model_field: peewee.Field) -> Callable[[Any], Any]:
    """The inverse of :func:`_encode` for one column (raises ValueError/TypeError)."""
    target = model_field
    if isinstance(target, peewee.ForeignKeyField):
        target = target.rel_field

    # The same range on both engines: PostgreSQL's integer, or bigint for money.
    bits = 63 if isinstance(target, peewee.BigIntegerField) else 31

    def integer(v: Any) -> int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise TypeError("an integer")
        if not -(2**bits) <= v < 2**bits:
            raise ValueError("an integer out of range")
        return v

    def decimal(v: Any) -> Decimal:
        if not isinstance(v, str):
            raise TypeError("a decimal number written as text")
        number = Decimal(v)
        if not number.is_finite():
            raise ValueError("a finite number")
        return number

    def aware(v: Any) -> datetime:
        moment = datetime.fromisoformat(_text(v))
        if moment.tzinfo is None:
            raise ValueError("a date and time with its UTC offset")
        return moment.astimezone(UTC)

    def boolean(v: Any) -> bool:
        if not isinstance(v, bool):
            raise TypeError("true or false")
        return v

    def _text(v: Any) -> str:
        if not isinstance(v, str):
            raise TypeError("text")
        return v

    convert: Callable[[Any], Any]
    if isinstance(target, FixedDecimalField):
        convert = decimal
    elif isinstance(target, UTCDateTimeField):
        convert = aware
    elif isinstance(target, peewee.DateTimeField):
        raise TypeError(f"{model_field.name}: plain datetimes are not exported")
    elif isinstance(target, peewee.DateField):
        convert = lambda v: date.fromisoformat(_text(v))  # noqa: E731
    elif isinstance(target, peewee.TimeField):
        convert = lambda v: time.fromisoformat(_text(v))  # noqa: E731
    elif isinstance(target, peewee.BooleanField):
        convert = boolean
    elif isinstance(target, peewee.IntegerField | peewee.AutoField):
        convert = integer
    elif isinstance(target, peewee.CharField | peewee.TextField):
        convert = _text
    elif isinstance(target, peewee.BlobField):
        convert = lambda v: base64.b64decode(_text(v), validate=True)  # noqa: E731
    else:
        raise TypeError(f"{model_field.name}: no portable form for {type(target).__name__}")

    if model_field.null:
        return lambda v: None if v is None else convert(v)
    return convert


def _columns(model: type[BaseModel]) -> list[str]:
    return [f.column_name for f in model._meta.sorted_fields]


def _member(model: type[BaseModel]) -> str:
    return f"{TABLES_FOLDER}/{model._meta.table_name}.jsonl"


def _snapshot(db: peewee.Database) -> Any:
    """One read transaction for the whole export: every table from the same moment."""
    if isinstance(db, peewee.SqliteDatabase):
        return db.atomic(lock_type="DEFERRED")  # a WAL snapshot; writers go on
    if isinstance(db, peewee.PostgresqlDatabase):
        return db.atomic(isolation_level="REPEATABLE READ")
    return db.atomic()


def export_target(target_zip: str | os.PathLike[str]) -> Path:
    """The file an export to ``target_zip`` writes: a folder gets a dated name."""
    target = Path(target_zip).expanduser()
    if target.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = target / f"b24desk-export-{stamp}.zip"
    return target


def export_portable(
    target_zip: Path, progress: ProgressCallback | None = None, force: bool = True
) -> dict[str, int]:
    """Write the open database to ``target_zip``; returns rows per table.

    One ``tables/<table>.jsonl`` per table (a JSON object per row, keyed by column,
    ordered by id) and ``manifest.json``.  Money and rates are exact decimals written
    as text, dates and times in ISO 8601 (datetimes in UTC with their offset),
    booleans as JSON booleans.  Rows are read in pages, never all at once, inside one
    read transaction.  The zip is written to a temporary file and renamed at the end,
    readable by its owner only.  The database's own files are never written over;
    another existing file only with ``force`` (the command line asks for ``--force``).
    A database that cannot be read whole (a damaged page, a missing table) is a
    :class:`PortableError`, and no zip is left.
    """
    db = database()
    target_zip = export_target(target_zip)
    try:
        check_output_path(target_zip, open_database_file() or _NO_FILE, force)
    except StoreError as exc:
        raise PortableError(str(exc)) from exc
    clean_stale(target_zip.parent)
    try:
        temp = private_temp(target_zip.parent, target_zip.name)
    except OSError as exc:
        raise PortableError(
            _("{file} cannot be written: {reason}").format(
                file=target_zip, reason=exc.strerror or exc
            )
        ) from exc
    counts: dict[str, int] = {}
    try:
        with _snapshot(db), zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as zf:
            totals = {m._meta.table_name: m.select().count() for m in ALL_MODELS}
            total = sum(totals.values())
            done = 0
            for model in ALL_MODELS:
                table = model._meta.table_name
                if progress is not None:
                    progress(done, total, _("Exporting {table}…").format(table=table))
                written = 0
                with zf.open(_member(model), "w", force_zip64=True) as raw:
                    out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
                    for row in _pages(model):
                        out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
                        out.write("\n")
                        written += 1
                        done += 1
                        if progress is not None and done % EXPORT_BATCH == 0:
                            progress(done, total, _("Exporting {table}…").format(table=table))
                    out.flush()
                    out.detach()
                counts[table] = written
            manifest = {
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "b24desk_version": __version__,
                "schema_version": LATEST_VERSION,
                "created_at": datetime.now(UTC).isoformat(),
                "engine": _engine(db),
                "tables": counts,
                "columns": {m._meta.table_name: _columns(m) for m in ALL_MODELS},
            }
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        os.replace(temp, target_zip)
    except OSError as exc:
        raise PortableError(
            _("{file} cannot be written: {reason}").format(
                file=target_zip, reason=exc.strerror or exc
            )
        ) from exc
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        log.exception("export of %s failed", describe(getattr(db, "database", None)))
        raise PortableError(
            _(
                "The database cannot be exported: it is damaged ({reason}). Restore a "
                "backup, or export a copy repaired with SQLite's .recover."
            ).format(reason=" ".join(str(exc).split()))
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    if progress is not None:
        progress(done, total, _("Export finished."))
    log.info("exported %d rows to %s", done, target_zip)
    return counts


def _encoder(model_field: peewee.Field) -> Callable[[Any], object]:
    """A column's stored value to JSON, as the model reads it (:func:`_encode`).

    Text, integers and booleans are taken as stored; money, rates, dates and times
    go through the field's ``python_value`` (exact Decimal, aware UTC datetime).
    """
    target = model_field
    if isinstance(target, peewee.ForeignKeyField):
        target = target.rel_field
    if isinstance(target, peewee.CharField | peewee.TextField):
        return lambda raw: raw if raw is None or isinstance(raw, str) else str(raw)
    if isinstance(target, peewee.BooleanField):
        return lambda raw: None if raw is None else bool(raw)
    if isinstance(target, peewee.IntegerField | peewee.AutoField) and not isinstance(
        target, FixedDecimalField
    ):
        return lambda raw: None if raw is None else int(raw)
    python_value = model_field.python_value
    return lambda raw: None if raw is None else _encode(python_value(raw))


def _pages(model: type[BaseModel]) -> Iterator[dict[str, object]]:
    """Every row of ``model`` as a JSON-ready dict, ordered by id, a page at a time."""
    db = database()
    fields = model._meta.sorted_fields
    columns = [f.column_name for f in fields]
    encoders = [_encoder(f) for f in fields]
    pk_index = fields.index(model._meta.primary_key)
    pk = columns[pk_index]
    select = 'SELECT {} FROM "{}"'.format(
        ", ".join(f'"{c}"' for c in columns), model._meta.table_name
    )
    first_page = f'{select} ORDER BY "{pk}" LIMIT {EXPORT_BATCH}'
    next_page = f'{select} WHERE "{pk}" > {db.param} ORDER BY "{pk}" LIMIT {EXPORT_BATCH}'
    last: object = None
    while True:
        if last is None:
            page = db.execute_sql(first_page).fetchall()
        else:
            page = db.execute_sql(next_page, (last,)).fetchall()
        for raw in page:
            last = raw[pk_index]
            yield {
                column: encode(value)
                for column, encode, value in zip(columns, encoders, raw, strict=True)
            }
        if len(page) < EXPORT_BATCH:
            return


def _read_manifest(zf: zipfile.ZipFile, source: Path) -> dict[str, Any]:
    check_archive(zf, source)  # before anything is decompressed
    try:
        manifest = parse_json(read_member(zf, MANIFEST, MAX_MANIFEST_BYTES, source))
    except KeyError as exc:
        raise PortableFormatError(
            _("{file} is not a b24desk export: it has no manifest.json.").format(file=source)
        ) from exc
    except ValueError as exc:
        raise PortableFormatError(
            _("The manifest of {file} is damaged: {reason}").format(file=source, reason=exc)
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise PortableFormatError(_("{file} is not a b24desk export.").format(file=source))
    fmt = manifest.get("format_version")
    if not isinstance(fmt, int) or fmt != FORMAT_VERSION:
        if isinstance(fmt, int) and fmt > FORMAT_VERSION:
            raise PortableVersionError(
                _(
                    "{file} was written by a newer version of b24desk (export format "
                    "{found}). Install the newer b24desk to import it."
                ).format(file=source, found=fmt)
            )
        raise PortableFormatError(
            _("{file} has an unknown export format ({found}).").format(file=source, found=fmt)
        )
    schema = manifest.get("schema_version")
    if not isinstance(schema, int):
        raise PortableFormatError(
            _("The manifest of {file} has no schema version.").format(file=source)
        )
    if schema > LATEST_VERSION:
        raise PortableVersionError(
            _(
                "{file} was exported by a newer version of b24desk (schema {found}, this "
                "version knows {known}). Install the newer b24desk to import it."
            ).format(file=source, found=schema, known=LATEST_VERSION)
        )
    if schema < LATEST_VERSION:
        raise PortableVersionError(
            _(
                "{file} was exported by an older version of b24desk (schema {found}, this "
                "version needs {known}). Import it with that version into an SQLite file, "
                "open the file with this version (which upgrades it), and export again."
            ).format(file=source, found=schema, known=LATEST_VERSION)
        )
    tables = manifest.get("tables")
    expected = {m._meta.table_name for m in ALL_MODELS}
    if (
        not isinstance(tables, dict)
        or set(tables) != expected
        or not all(isinstance(n, int) and n >= 0 for n in tables.values())
    ):
        raise PortableFormatError(
            _("The manifest of {file} does not list b24desk's tables.").format(file=source)
        )
    return manifest


def _rows(
    zf: zipfile.ZipFile, model: type[BaseModel], source: Path
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(line number, values in field order) of every row of ``model`` in the zip."""
    table = model._meta.table_name
    fields = model._meta.sorted_fields
    columns = [f.column_name for f in fields]
    wanted = set(columns)
    decoders = [_decoder(f) for f in fields]

    def bad(line: int, reason: object) -> PortableFormatError:
        return PortableFormatError(
            _("{file}: table {table}, line {line}: {reason}").format(
                file=source, table=table, line=line, reason=reason
            )
        )

    try:
        raw = zf.open(_member(model))
    except KeyError as exc:
        raise PortableFormatError(
            _("{file} lacks the table {table}.").format(file=source, table=table)
        ) from exc
    with raw:
        for number, line in limited_lines(raw, source, _member(model)):
            if not line.strip():
                continue
            try:
                row = parse_json(line)
            except ValueError as exc:
                raise bad(number, exc) from exc
            if not isinstance(row, dict) or set(row) != wanted:
                raise bad(number, _("the columns differ from this b24desk's table"))
            values = []
            for column, decode in zip(columns, decoders, strict=True):
                try:
                    values.append(decode(row[column]))
                except (TypeError, ValueError, InvalidOperation) as exc:
                    raise bad(
                        number,
                        _("{column} has the value {value}").format(
                            column=column, value=_shown(row[column])
                        ),
                    ) from exc
            yield number, tuple(values)


def _shown(value: Any) -> str:
    """A value from the file as a message shows it: JSON, at most 60 characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= 60 else text[:57] + "…"


def _business_rows() -> list[str]:
    return [
        model._meta.table_name
        for model in ALL_MODELS
        if model not in SCHEMA_ROWS and model.select().exists()
    ]


def _insert_table(
    zf: zipfile.ZipFile,
    model: type[BaseModel],
    source: Path,
    advance: Callable[[int], None],
) -> int:
    """Insert the rows of ``model`` from the zip with their ids (:func:`bulk_insert`,
    which also moves PostgreSQL's id sequence past them); returns the rows read."""
    fields = model._meta.sorted_fields
    # A link to a row of the same table that comes later (a credit note before its
    # invoice) is set after the whole table is in.
    self_links = [
        i
        for i, f in enumerate(fields)
        if isinstance(f, peewee.ForeignKeyField) and f.rel_model is model
    ]
    pk_index = fields.index(model._meta.primary_key)
    seen: set[int] = set()
    deferred: list[tuple[int, int, Any]] = []

    def rows() -> Iterator[tuple[Any, ...]]:
        for _line, values in _rows(zf, model, source):
            if self_links:
                row = list(values)
                for i in self_links:
                    if row[i] is not None and row[i] not in seen:
                        deferred.append((row[pk_index], i, row[i]))
                        row[i] = None
                seen.add(row[pk_index])
                values = tuple(row)
            yield values

    count = bulk_insert(model, rows(), fields, batch_rows=IMPORT_BATCH, progress=advance)
    for row_id, i, target in deferred:
        model.update({fields[i]: target}).where(model._meta.primary_key == row_id).execute()
    return count


def check_export(source_zip: Path) -> dict[str, Any]:
    """The manifest of the portable export ``source_zip``, checked as an import would.

    Raises :class:`PortableError` (a missing file, not a zip, another format or
    schema version), or :class:`~b24desk.store.archive_limits.UnsafeArchiveError`
    (too many entries, too large, too compressed: checked before anything is
    decompressed).  The rows themselves are checked while they are imported.
    """
    source_zip = Path(source_zip).expanduser()
    if not source_zip.is_file():
        raise PortableError(_("The file {file} does not exist.").format(file=source_zip))
    try:
        with zipfile.ZipFile(source_zip) as zf:
            return _read_manifest(zf, source_zip)
    except _ZIP_ERRORS as exc:
        raise PortableFormatError(
            _("{file} is not a b24desk export (not a zip file).").format(file=source_zip)
        ) from exc


def import_portable(source_zip: Path, progress: ProgressCallback | None = None) -> dict[str, int]:
    """Load a portable export into the open, empty database; returns rows per table.

    The manifest must come from this schema version (newer or older: a clear
    refusal).  The database may hold only what a new database has (schema version,
    office and partner profile rows, which the import replaces): any other row is
    refused with :class:`DatabaseNotEmptyError`.  Everything happens in one
    transaction, tables in the order of ``ALL_MODELS`` (parents first) with their
    ids; the row counts are checked against the manifest before commit, and on
    PostgreSQL the id sequences are moved past the imported ids.
    """
    source_zip = Path(source_zip).expanduser()
    check_export(source_zip)
    database()  # raises when no database is open, before the zip is opened
    try:
        zf = zipfile.ZipFile(source_zip)
    except _ZIP_ERRORS as exc:
        raise PortableFormatError(
            _("{file} is not a b24desk export (not a zip file).").format(file=source_zip)
        ) from exc
    with zf:
        manifest = _read_manifest(zf, source_zip)
        expected: dict[str, int] = manifest["tables"]
        total = sum(expected.values())
        done = 0
        label = ""

        def advance(n: int) -> None:
            nonlocal done
            done += n
            if progress is not None:
                progress(done, total, label)

        counts: dict[str, int] = {}
        try:
            with transaction():
                busy = _business_rows()
                if busy:
                    raise DatabaseNotEmptyError(
                        _(
                            "The database already holds data (tables: {tables}). An export is "
                            "only imported into a new, empty database."
                        ).format(tables=", ".join(busy[:5]) + (", …" if len(busy) > 5 else ""))
                    )
                for model in reversed(SCHEMA_ROWS):
                    model.delete().execute()
                for model in ALL_MODELS:
                    table = model._meta.table_name
                    label = _("Importing {table}…").format(table=table)
                    if progress is not None:
                        progress(done, total, label)
                    read = _insert_table(zf, model, source_zip, advance)
                    stored = model.select().count()
                    if read != expected[table] or stored != expected[table]:
                        raise PortableFormatError(
                            ngettext(
                                "{file}: table {table} should have {expected} row, but "
                                "{found} were imported. Nothing was imported.",
                                "{file}: table {table} should have {expected} rows, but "
                                "{found} were imported. Nothing was imported.",
                                expected[table],
                            ).format(
                                file=source_zip,
                                table=table,
                                expected=expected[table],
                                found=stored,
                            )
                        )
                    counts[table] = stored
        except _ZIP_ERRORS as exc:
            raise PortableFormatError(
                _("{file} is damaged: {reason}").format(file=source_zip, reason=exc)
            ) from exc
        except (peewee.DataError, peewee.OperationalError, peewee.ProgrammingError) as exc:
            raise PortableError(
                _("{file} could not be imported: {reason}. Nothing was imported.").format(
                    file=source_zip, reason=exc
                )
            ) from exc
    if progress is not None:
        progress(done, total, _("Import finished."))
    log.info("imported %d rows from %s", done, source_zip)
    return counts


# -- moving the office to another database -----------------------------------------------


def copy_into(target: str, progress: ProgressCallback | None = None) -> dict[str, int]:
    """Copy everything in the open database into the database ``target`` (a file or
    a server URL with its password), which must be new or empty; returns rows per
    table.

    This is how an office moves from its file to the shared server.  ``target`` is
    set up first and checked to be empty before anything is read; the copy goes
    through a portable export (:func:`export_portable`, in a private temporary
    folder) and :func:`import_portable`, in one transaction: a failure or a
    cancellation leaves ``target`` as empty as it was.  Runs on a worker thread
    while the desk goes on working on the open database (the models are bound to
    ``target`` for the calling thread only).
    """
    from b24desk.store.db import opened_here

    source = database()
    with private_temp_dir("copy") as folder:
        package = Path(folder) / "office.zip"
        with opened_here(target):
            busy = _business_rows()
        if busy:
            raise DatabaseNotEmptyError(
                _(
                    "{db} already holds data: the office is only copied into a new, empty "
                    "database."
                ).format(db=describe(target))
            )
        assert database() is source  # the export reads the desk's own database
        export_portable(package, progress)
        with opened_here(target):
            return import_portable(package, progress)
