"""Opening the database: an SQLite file by default, PostgreSQL by URL.

``open_database()`` binds every model to the chosen database, creates the schema of
an empty database, upgrades an older one (after a backup copy of the file), and
turns every way of failing into a :class:`DatabaseOpenError` whose message a person
can act on.  :func:`transaction` is the one way the app changes data.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import ParseResult, parse_qsl, unquote, urlparse

import peewee

from b24desk import paths
from b24desk.i18n import N_, _
from b24desk.store import migrations, search
from b24desk.store.errors import (
    DatabaseAuthError,
    DatabaseLockedError,
    DatabaseOpenError,
    translate_integrity_error,
    translate_write_error,
)
from b24desk.store.identity import ensure_identity
from b24desk.store.models import ALL_MODELS, SchemaVersion, database_proxy

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 10


def is_postgres_url(target: str | os.PathLike[str] | None) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def _port(u: ParseResult) -> int | None:
    """The URL's port; ``None`` when it has none or when it is not a number."""
    try:
        return u.port
    except ValueError:
        return None


def check_server_url(url: str) -> None:
    """Refuse a server address that cannot be right (a port that is no number)."""
    u = urlparse(url)
    try:
        u.port  # noqa: B018 - parsing raises ValueError for "host:abc"
    except ValueError as exc:
        raise DatabaseOpenError(
            _(
                "The server address {db} has no valid port: write a number from 1 to "
                "65535 after the colon."
            ).format(db=describe(url))
        ) from exc


def describe(target: str | os.PathLike[str] | None) -> str:
    """The database as shown to the user: a path, or a URL without its password."""
    if target is None:
        return str(paths.default_database_path())
    if is_postgres_url(target):
        u = urlparse(str(target))
        host = u.hostname or "localhost"
        port = _port(u)
        colon_port = f":{port}" if port else ""
        user = f"{unquote(u.username)}@" if u.username else ""
        return f"postgresql://{user}{host}{colon_port}{u.path}"
    return str(target)


def _fold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _sqlite_database(path: Path, timeout: float) -> peewee.SqliteDatabase:
    db = peewee.SqliteDatabase(
        str(path),
        timeout=timeout,
        # IMMEDIATE: a writing transaction takes the write lock when it begins, so
        # two desks never deadlock upgrading read locks; readers are not blocked (WAL).
        lock_type="IMMEDIATE",
        pragmas={
            "journal_mode": "wal",
            "foreign_keys": 1,
            "synchronous": "normal",
            "busy_timeout": int(timeout * 1000),
        },
    )
    # Unicode-aware case folding for searches (SQLite's lower() knows ASCII only).
    db.register_function(_fold, "b24_fold", 1, deterministic=True)
    search.register_sqlite_functions(db)  # what the search triggers write
    return db


def _postgres_database(url: str, connect_timeout: int = 10) -> peewee.PostgresqlDatabase:
    u = urlparse(url)
    # psycopg connect() keywords (str or int), passed through peewee's **kwargs.
    params: dict[str, Any] = dict(parse_qsl(u.query))
    if u.username:
        params["user"] = unquote(u.username)
    if u.password:
        params["password"] = unquote(u.password)
    if u.hostname:
        params["host"] = u.hostname
    if _port(u):
        params["port"] = _port(u)
    params.setdefault("connect_timeout", connect_timeout)
    name = unquote(u.path.lstrip("/")) or "b24desk"
    return peewee.PostgresqlDatabase(name, prefer_psycopg3=True, **params)


def is_read_only(path: Path) -> bool:
    """Marked read-only (no write bit: the Windows attribute, ``chmod a-w``), or not
    writable by this user.  The marking counts even for an administrator, who could
    write anyway: a file someone made read-only is not changed behind their back."""
    mode = path.stat().st_mode
    no_write_bit = not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    return no_write_bit or not os.access(path, os.W_OK)


def _read_only_message(where: str) -> str:
    return _(
        "The database {db} is read-only: b24desk needs to write to it. Make the file "
        "writable, or open a copy of it."
    ).format(db=where)


def _check_sqlite_file(path: Path, create: bool = True) -> None:
    """Refuse, without touching it, a path that cannot be or is not an SQLite database.

    ``create``: a missing file is created (empty, owner-only).  Without it, a missing
    or 0-byte file is refused: only an explicit new-database action makes one.
    """
    folder = path.parent
    if path.is_dir():
        raise DatabaseOpenError(_("{path} is a folder, not a database file.").format(path=path))
    if not folder.is_dir():
        raise DatabaseOpenError(
            _("The folder {folder} does not exist. Choose another place for the database.").format(
                folder=folder
            )
        )
    if not create and (not path.exists() or path.stat().st_size == 0):
        if path.exists():
            raise DatabaseOpenError(
                _("{path} is an empty file, not a b24desk database.").format(path=path)
            )
        raise DatabaseOpenError(_("The database file {path} does not exist.").format(path=path))
    if path.exists():
        try:
            with path.open("rb") as fh:
                header = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise DatabaseOpenError(
                _("{path} cannot be read: {reason}").format(path=path, reason=exc.strerror)
            ) from exc
        if header and header != SQLITE_HEADER:
            raise DatabaseOpenError(
                _("{path} is not a b24desk database (it is not an SQLite file).").format(path=path)
            )
        if is_read_only(path):
            raise DatabaseOpenError(_read_only_message(str(path)))
    else:
        # Create the file readable by its owner only (POSIX); SQLite keeps the mode.
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except FileExistsError:
            pass
        except OSError as exc:
            raise DatabaseOpenError(
                _("The database {path} cannot be created: {reason}").format(
                    path=path, reason=exc.strerror
                )
            ) from exc


def postgres_error(exc: Exception, url: str) -> DatabaseOpenError:
    """A failure to reach the PostgreSQL database of ``url``, worded for a person."""
    u = urlparse(url)
    where = describe(url)
    text = str(exc).lower()
    if (
        "password" in text
        or "authentication" in text
        or ("role" in text and "does not exist" in text)
    ):
        return DatabaseAuthError(
            _("The server refused the user name or the password for {db}.").format(db=where)
        )
    if "database" in text and "does not exist" in text:
        return DatabaseOpenError(
            _(
                "The server has no database {name}. Ask its administrator to create an "
                "empty one: b24desk sets it up."
            ).format(name=unquote(u.path.lstrip("/")) or "b24desk")
        )
    if any(
        word in text
        for word in ("refused", "translate host", "resolve", "timeout", "timed out", "unreachable")
    ):
        return DatabaseOpenError(
            _(
                "No PostgreSQL server answers at {host}:{port}. Check the address and that "
                "the server is running."
            ).format(host=u.hostname or "localhost", port=_port(u) or 5432)
        )
    return DatabaseOpenError(
        _("The database {db} cannot be opened: {reason}").format(db=where, reason=exc)
    )


def _open_error(exc: Exception, where: str) -> DatabaseOpenError:
    """The driver's failure as a message a person can act on."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            _(
                "The database {db} is locked by another program. Close it there, or open "
                "another database."
            ).format(db=where)
        )
    return DatabaseOpenError(_operational_message(exc, where))


def _operational_message(exc: Exception, where: str) -> str:
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return _(
            "{db} is damaged or not a b24desk database. Restore a backup or open another database."
        ).format(db=where)
    if "readonly" in text or "read-only" in text or "permission" in text:
        return _read_only_message(where)
    return _("The database {db} cannot be opened: {reason}").format(db=where, reason=exc)


OTHER_PROGRAM = N_("This database belongs to another program: it has no b24desk tables.")


def _check_ours(path: Path, where: str, timeout: float) -> None:
    """Read the schema of the SQLite file ``path`` without changing anything: a damaged
    file fails here, and a file of another program (tables, but not b24desk's) is
    refused before anything (WAL mode, the schema) is set on it."""
    try:
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise _open_error(exc, where) from exc
    try:
        tables = {
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.Error as exc:
        raise _open_error(exc, where) from exc
    finally:
        conn.close()
    user_tables = {t for t in tables if not t.startswith("sqlite_")}
    if user_tables and SchemaVersion._meta.table_name not in user_tables:
        raise DatabaseOpenError(_(OTHER_PROGRAM))


def driver_error_message(exc: Exception, where: str) -> str:
    """A database driver's error met while working (not opening), for a person."""
    text = str(exc).lower()
    if "no such table" in text or "no such column" in text or "does not exist" in text:
        return _(
            "{db} lacks part of b24desk's tables: it is damaged. Restore a backup or open "
            "another database."
        ).format(db=where)
    if "locked" in text or "busy" in text:
        return _(
            "The database {db} is locked by another program. Close it there, or try again."
        ).format(db=where)
    return _operational_message(exc, where)


def _connect(
    target: str | os.PathLike[str] | None, timeout: float, create: bool = True
) -> peewee.Database:
    """A connected database object for ``target``, bound to nothing yet."""
    where = describe(target)
    if is_postgres_url(target):
        check_server_url(str(target))
        db: peewee.Database = _postgres_database(str(target))
    else:
        path = Path(target) if target is not None else paths.default_database_path()
        if target is None and create:
            path.parent.mkdir(parents=True, exist_ok=True)
        path = path.expanduser()
        _check_sqlite_file(path, create)
        _check_ours(path, where, timeout)
        db = _sqlite_database(path, timeout)
    try:
        db.connect(reuse_if_open=True)
        if isinstance(db, peewee.SqliteDatabase):
            # The header check passed; make SQLite read the schema now so that a
            # truncated or damaged file fails here, not on the first query.
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (peewee.OperationalError, peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        if is_postgres_url(target):
            raise postgres_error(exc, str(target)) from exc
        raise _open_error(exc, where) from exc
    except peewee.ImproperlyConfigured as exc:
        raise DatabaseOpenError(
            _("PostgreSQL support is not installed: install b24desk[postgres].")
        ) from exc
    return db


def _prepare(db: peewee.Database, where: str, identify: bool = True) -> None:
    """Create or upgrade the schema of ``db`` (the models must be bound to it), and,
    with ``identify``, give an SQLite file its identity (the key of its daily backups'
    folder); the headless commands that only read a database leave it as it is."""
    backup_of = Path(db.database) if isinstance(db, peewee.SqliteDatabase) else None
    try:
        migrations.prepare(db, backup_of=backup_of)
        if identify:
            ensure_identity(db)  # the key of its daily backups' folder (store/identity.py)
        missing = sorted(
            m._meta.table_name for m in ALL_MODELS if m._meta.table_name not in db.get_tables()
        )
        if missing:
            raise DatabaseOpenError(
                _(
                    "{db} lacks b24desk tables ({tables}): it is damaged. Restore a backup "
                    "or open another database."
                ).format(db=where, tables=", ".join(missing[:5]))
            )
    except DatabaseOpenError:
        db.close()
        raise
    except (peewee.OperationalError, peewee.DatabaseError) as exc:
        db.close()
        raise _open_error(exc, where) from exc


def open_database(
    target: str | os.PathLike[str] | None = None,
    *,
    migrate: bool = True,
    timeout: float = BUSY_TIMEOUT_S,
    create: bool = True,
) -> peewee.Database:
    """Open (creating or upgrading as needed) the database and bind the models to it.

    ``target``: ``None`` for the default per-user file, a path, or a
    ``postgresql://user:password@host:port/dbname`` URL.  ``timeout``: seconds to
    wait for another desk's write lock before giving up.  ``create=False``: an SQLite
    file that does not exist (or is empty) is refused instead of made.
    """
    db = _connect(target, timeout, create)
    database_proxy.initialize(db)
    if migrate:
        _prepare(db, describe(target), identify=create)
    log.info("opened database %s", describe(target))
    return db


@contextlib.contextmanager
def opened_here(
    target: str | os.PathLike[str] | None, *, timeout: float = BUSY_TIMEOUT_S
) -> Iterator[peewee.Database]:
    """Open ``target`` (set up or upgraded as needed) for *this thread only*: inside
    the block the models of this thread use it, every other thread keeps the
    database the desk has open.  Closed on leaving."""
    db = _connect(target, timeout)
    try:
        with db.bind_ctx(ALL_MODELS, bind_refs=False, bind_backrefs=False):
            _prepare(db, describe(target))
            yield db
    finally:
        db.close()


def close_database() -> None:
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()


def database() -> peewee.Database:
    """The database the models of this thread use (raises if none is open)."""
    db = SchemaVersion._meta.database  # this thread's binding (see opened_here)
    if isinstance(db, peewee.Proxy):
        db = db.obj
    if db is None:
        raise RuntimeError("no database is open")
    return db


def open_database_file() -> Path | None:
    """The SQLite file of the database this thread uses; ``None`` for a server or when
    no database is open (what an output path must never replace)."""
    try:
        db = database()
    except RuntimeError:
        return None
    if isinstance(db, peewee.SqliteDatabase) and db.database not in ("", ":memory:"):
        return Path(db.database)
    return None


@contextlib.contextmanager
def transaction() -> Iterator[peewee.Database]:
    """A transaction (a savepoint when nested); integrity errors come out typed."""
    db = database()
    try:
        with db.atomic():
            yield db
    except peewee.IntegrityError as exc:
        raise translate_integrity_error(exc) from exc
    except (peewee.OperationalError, peewee.DatabaseError) as exc:
        # A full disk, another desk's long write lock, an I/O error: said plainly.
        if (plain := translate_write_error(exc)) is not None:
            raise plain from exc
        raise
