"""Backups of the SQLite file, restoring one, and the portable export of any database.

**Daily backups.**  :func:`daily_backup` is called when the desk starts: it copies
the database file, at most once a day, into :func:`b24desk.paths.backups_dir` as
``<stem>-YYYY-MM-DD.sqlite`` (``b24desk-2026-11-21.sqlite`` for the default
``b24desk.sqlite``).  The copy is made with SQLite's online backup API in one step,
under a read transaction, so it is consistent even while this or another desk
writes (WAL mode); it is written to a temporary file first and renamed into place,
readable by its owner only (mode 0600 on POSIX).

Rotation rule (:func:`rotate_backups`), applied to the dated copies of one database
file only (any other file in the folder is left alone):

* the ``keep_daily`` newest copies are kept (14 by default);
* for each of the ``keep_monthly`` most recent calendar months that have a copy
  (12 by default, the current month included), the *first* copy of that month, the
  earliest date, is kept as that month's copy, even when it is older than the
  daily copies;
* every other dated copy is deleted.  A copy that is both a daily and a monthly one
  counts once, so the folder holds at most ``keep_daily + keep_monthly`` copies.

**Backup and restore by hand.**  :func:`backup_to` copies the file anywhere (``b24desk
backup``, for a scheduled task).  :func:`check_backup` tells whether a file can be
restored, and :func:`restore` replaces the database file by a backup, after checking
it and keeping the replaced file beside it.  Neither ever changes anything when the
check fails.

**Portable export.**  :mod:`b24desk.store.portable` (its names are importable from
here too) writes any database to a zip and loads one into a new, empty database.

Qt-free: the dialog of :mod:`b24desk.ui.backup_dialog` and the commands of
:mod:`b24desk.cli.backup` sit on top of this module.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import peewee

from b24desk import paths
from b24desk.i18n import _
from b24desk.store.db import SQLITE_HEADER, describe, is_postgres_url, is_read_only
from b24desk.store.errors import DatabaseOpenError, StoreError
from b24desk.store.identity import identity_of
from b24desk.store.migrations import LATEST_VERSION
from b24desk.store.models import ALL_MODELS, Client, Invoice, SchemaVersion, Ticket, database_proxy
from b24desk.store.portable import (
    FORMAT_VERSION,
    DatabaseNotEmptyError,
    PortableError,
    PortableFormatError,
    PortableVersionError,
    check_export,
    copy_into,
    export_portable,
    import_portable,
)
from b24desk.store.tempfiles import clean_stale, private_temp

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_KEEP_DAILY",
    "DEFAULT_KEEP_MONTHLY",
    "FORMAT_VERSION",
    "BackupCheck",
    "BackupError",
    "BackupFile",
    "DamagedBackupError",
    "DatabaseNotEmptyError",
    "NewerBackupError",
    "NotABackupError",
    "PortableError",
    "PortableFormatError",
    "PortableVersionError",
    "RestoreError",
    "backup_folder_for",
    "backup_to",
    "check_backup",
    "check_export",
    "copy_into",
    "daily_backup",
    "export_portable",
    "import_portable",
    "list_backups",
    "restore",
    "rotate_backups",
]

DEFAULT_KEEP_DAILY = 14
DEFAULT_KEEP_MONTHLY = 12

# -- errors ---------------------------------------------------------------------------


class BackupError(StoreError):
    """A backup copy could not be made; the message names the file and the reason."""


class RestoreError(StoreError):
    """A file cannot be restored; nothing was changed."""


class NotABackupError(RestoreError):
    """The file is not an SQLite file, or not a b24desk database."""


class DamagedBackupError(RestoreError):
    """The file is an SQLite file that fails its integrity check (truncated, damaged)."""


class NewerBackupError(RestoreError):
    """The backup was written by a newer b24desk than this one."""


# -- copying SQLite files ---------------------------------------------------------------


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return path.resolve().as_uri() + (f"?{query}" if query else "")


def _is_sqlite_header(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _check_source(db_file: Path | str) -> Path:
    """The database file to copy; DatabaseOpenError if there is none to copy."""
    if is_postgres_url(str(db_file)):
        raise BackupError(
            _(
                "{db} is a PostgreSQL database: this copies SQLite files only. Use "
                "b24desk export --db URL --to FILE.zip (or PostgreSQL's pg_dump) instead."
            ).format(db=describe(str(db_file)))
        )
    path = Path(db_file).expanduser()
    if not path.is_file():
        raise DatabaseOpenError(_("The database file {path} does not exist.").format(path=path))
    try:
        ok = _is_sqlite_header(path)
    except OSError as exc:
        raise DatabaseOpenError(
            _("{path} cannot be read: {reason}").format(path=path, reason=exc.strerror)
        ) from exc
    if not ok:
        raise DatabaseOpenError(
            _("{path} is not a b24desk database (it is not an SQLite file).").format(path=path)
        )
    return path


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy the SQLite database ``source`` to ``target`` with the online backup API.

    One backup step under one read transaction: a consistent snapshot even while
    other connections write.  Written to a private temporary file beside ``target``
    and renamed into place, so ``target`` is either the old file or a whole copy.
    """
    temp = private_temp(target.parent, target.name)
    try:
        src = sqlite3.connect(_uri(source, mode="rw"), uri=True, timeout=30)
        try:
            dst = sqlite3.connect(str(temp))
            try:
                src.backup(dst)
                # A backup is one self-contained file, whatever the live one uses.
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        with contextlib.suppress(OSError):  # not on every file system
            temp.chmod(0o600)
        try:  # a copy of a damaged or foreign file is no backup: none is kept
            check_backup(temp)
        except RestoreError as exc:
            raise BackupError(
                _("{db} is not copied: {reason}").format(
                    db=source, reason=str(exc).replace(str(temp), str(source))
                )
            ) from exc
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _copy_or_fail(source: Path, target: Path) -> None:
    try:
        _sqlite_copy(source, target)
    except sqlite3.Error as exc:
        raise BackupError(
            _("{db} could not be copied to {file}: {reason}").format(
                db=source, file=target, reason=exc
            )
        ) from exc
    except OSError as exc:
        raise BackupError(
            _("{file} cannot be written: {reason}").format(file=target, reason=exc.strerror or exc)
        ) from exc


# -- daily backups ----------------------------------------------------------------------


def _dated_pattern(stem: str) -> re.Pattern[str]:
    return re.compile(re.escape(stem) + r"-(\d{4}-\d{2}-\d{2})\.sqlite")


def _dated_backups(folder: Path, stem: str) -> list[tuple[date, Path]]:
    pattern = _dated_pattern(stem)
    found: list[tuple[date, Path]] = []
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and entry.is_file():
            try:
                found.append((date.fromisoformat(match.group(1)), entry))
            except ValueError:
                continue
    return sorted(found, reverse=True)


def _backup_folder(folder: Path | None) -> Path:
    target = folder if folder is not None else paths.backups_dir()
    try:
        target.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise BackupError(
            _("The backup folder {folder} cannot be created: {reason}").format(
                folder=target, reason=exc.strerror or exc
            )
        ) from exc
    return target


def rotate_backups(
    folder: Path,
    stem: str = "b24desk",
    keep_daily: int = DEFAULT_KEEP_DAILY,
    keep_monthly: int = DEFAULT_KEEP_MONTHLY,
) -> list[Path]:
    """Delete the dated copies of ``stem`` that the rotation rule (module doc) drops.

    Returns the deleted files.  Other files in ``folder`` are never touched.
    """
    if keep_daily < 1 or keep_monthly < 0:
        raise ValueError("keep at least one daily copy, and zero or more monthly ones")
    backups = _dated_backups(folder, stem)  # newest first
    keep = {day for day, _path in backups[:keep_daily]}
    first_of_month: dict[tuple[int, int], date] = {}
    for day, _path in backups:  # newest first: the last one seen is the earliest
        first_of_month[(day.year, day.month)] = day
    for month in sorted(first_of_month, reverse=True)[:keep_monthly]:
        keep.add(first_of_month[month])
    deleted = []
    for day, path in backups:
        if day not in keep:
            try:
                path.unlink()
            except OSError as exc:  # a copy left over is no reason to stop the desk
                log.warning("could not delete old backup %s: %s", path, exc)
            else:
                deleted.append(path)
    return deleted


def backup_folder_for(db_file: Path | None) -> Path:
    """The folder of the daily copies of ``db_file``: ``<stem>-<identity>`` in
    :func:`b24desk.paths.backups_dir`, keyed by the identity the database carries
    (:mod:`b24desk.store.identity`), so that two databases with the same file name
    never share one.  A file without an identity (never opened by this version,
    unreadable) falls back to the backups folder itself."""
    if db_file is None:
        return paths.backups_dir()
    identity = identity_of(Path(db_file))
    if not identity:
        return paths.backups_dir()
    return paths.backups_dir() / f"{Path(db_file).stem}-{identity:08x}"


def _birth(path: Path) -> tuple[object, ...] | None:
    """When the database was set up (its schema_version row): what a copy shares with
    the database it was made of (None when unreadable)."""
    try:
        with _read_only(path) as conn:
            return tuple(
                conn.execute(
                    "SELECT version, migrated_at FROM schema_version ORDER BY version"
                ).fetchall()
            )
    except sqlite3.Error:
        return None


def _adopt_older_copies(source: Path, folder: Path) -> None:
    """Move the daily copies made before backups had one folder per database (flat in
    the backups folder, named ``<stem>-DATE.sqlite``) into ``folder``, those made of
    this very database only (same schema_version row); the others stay where they
    are, for the database they belong to."""
    legacy = paths.backups_dir()
    if folder == legacy:
        return
    ours = _birth(source)
    if ours is None:
        return
    for _day, copy in _dated_backups(legacy, source.stem):
        target = folder / copy.name
        if not target.exists() and _birth(copy) == ours:
            try:
                os.replace(copy, target)
            except OSError as exc:
                log.warning("could not move the older backup %s: %s", copy, exc)


def daily_backup(
    db_file: Path,
    today: date,
    keep_daily: int = DEFAULT_KEEP_DAILY,
    keep_monthly: int = DEFAULT_KEEP_MONTHLY,
    folder: Path | None = None,
) -> Path | None:
    """Copy ``db_file`` into its backups folder once per day, then rotate the copies.

    Returns the new copy, or ``None`` when there is one of ``today`` already.
    ``folder`` defaults to :func:`backup_folder_for` the database (a folder of its
    own in :func:`b24desk.paths.backups_dir`).  Raises :class:`BackupError` (or
    :class:`DatabaseOpenError` for a missing or non-SQLite ``db_file``); the caller
    logs it and carries on.
    """
    source = _check_source(db_file)
    target_folder = _backup_folder(folder if folder is not None else backup_folder_for(source))
    # At start: what killed backups, exports and restores left behind goes.
    clean_stale(paths.backups_dir(), target_folder, source.parent)
    if folder is None:
        _adopt_older_copies(source, target_folder)
    target = target_folder / f"{source.stem}-{today.isoformat()}.sqlite"
    made: Path | None = None
    if not target.exists():
        _copy_or_fail(source, target)
        log.info("daily backup of %s written to %s", source, target)
        made = target
    rotate_backups(target_folder, source.stem, keep_daily, keep_monthly)
    return made


def backup_to(db_file: Path | str, target: Path, force: bool = False) -> Path:
    """Copy the SQLite database ``db_file`` to ``target`` (a file, or a folder).

    A folder gets ``<stem>-YYYYmmddTHHMMSS.sqlite`` (UTC).  The database itself, its
    companion files and the daily copies are never written over
    (:func:`b24desk.store.outputs.check_output_path`); another existing ``target`` is
    replaced only with ``force`` and only when it is an SQLite file (an earlier
    backup).  A PostgreSQL URL is refused with a pointer to the portable export.
    """
    from b24desk.store.outputs import check_output_path

    source = _check_source(db_file)
    target = Path(target).expanduser()
    if target.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = target / f"{source.stem}-{stamp}.sqlite"
    try:
        check_output_path(target, source, force=True)
    except StoreError as exc:
        raise BackupError(str(exc)) from exc
    if target.exists():
        try:
            replaceable = target.stat().st_size == 0 or _is_sqlite_header(target)
        except OSError:
            replaceable = False
        if not replaceable:
            raise BackupError(
                _(
                    "{file} exists and is not an SQLite file: b24desk does not overwrite it. "
                    "Choose another file."
                ).format(file=target)
            )
        if not force:
            raise BackupError(
                _(
                    "{file} already exists. b24desk replaces it only when asked to "
                    "(--force)."
                ).format(file=target)
            )
    clean_stale(target.parent)
    _copy_or_fail(source, target)
    return target


# -- listing and checking backups -------------------------------------------------------


@dataclass(frozen=True)
class BackupFile:
    """A file in the backups folder, as the restore dialog lists it."""

    path: Path
    modified: datetime  # aware, UTC
    size: int
    day: date | None  # the date in a daily copy's name


def list_backups(folder: Path | None = None, subfolders: bool = False) -> list[BackupFile]:
    """The ``*.sqlite`` files of the backups folder, newest first (with
    ``subfolders``, those of the databases' folders in it too)."""
    folder = folder if folder is not None else paths.backups_dir()
    if not folder.is_dir():
        return []
    dated = re.compile(r".*-(\d{4}-\d{2}-\d{2})\.sqlite")
    found = []
    entries = list(folder.iterdir())
    if subfolders:
        for sub in list(entries):
            if sub.is_dir() and not sub.name.startswith("."):
                with contextlib.suppress(OSError):
                    entries += list(sub.iterdir())
    for entry in entries:
        if entry.suffix != ".sqlite" or entry.name.startswith("."):
            continue
        try:
            info = entry.stat()
        except OSError:
            continue
        if not entry.is_file():
            continue
        day = None
        if match := dated.fullmatch(entry.name):
            with contextlib.suppress(ValueError):
                day = date.fromisoformat(match.group(1))
        modified = datetime.fromtimestamp(info.st_mtime, UTC)
        found.append(BackupFile(entry, modified, info.st_size, day))
    return sorted(found, key=lambda b: (b.day or b.modified.date(), b.modified), reverse=True)


@dataclass(frozen=True)
class BackupCheck:
    """What :func:`check_backup` found in a file that can be restored."""

    path: Path
    schema_version: int
    size: int
    modified: datetime  # aware, UTC
    counts: dict[str, int] = field(default_factory=dict)  # clients, invoices, tickets


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection that leaves no -wal/-shm files beside ``path``.

    A file without a ``-wal`` beside it is opened immutable (no locks, no side
    files); one with a ``-wal`` (a live or crashed database) is read through it.
    """
    wal = path.with_name(path.name + "-wal")
    params = {"mode": "ro"} if wal.exists() else {"mode": "ro", "immutable": "1"}
    conn = sqlite3.connect(_uri(path, **params), uri=True)
    try:
        yield conn
    finally:
        conn.close()


def check_backup(source: Path) -> BackupCheck:
    """Check, without changing it, that ``source`` can be restored.

    It must be an SQLite file that passes ``PRAGMA integrity_check``, hold b24desk's
    tables, and have a schema version this b24desk knows (an older one is upgraded
    when the restored database is opened).  Raises a :class:`RestoreError` naming the
    file and the reason.
    """
    source = Path(source).expanduser()
    if not source.is_file():
        raise NotABackupError(_("The file {file} does not exist.").format(file=source))
    try:
        info = source.stat()
        header_ok = info.st_size > 0 and _is_sqlite_header(source)
    except OSError as exc:
        raise NotABackupError(
            _("{path} cannot be read: {reason}").format(path=source, reason=exc.strerror)
        ) from exc
    if not header_ok:
        raise NotABackupError(
            _("{file} is not a b24desk backup: it is not an SQLite database file.").format(
                file=source
            )
        )
    try:
        with _read_only(source) as conn:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                raise DamagedBackupError(
                    _("{file} is damaged (integrity check: {detail}).").format(
                        file=source, detail="; ".join(str(r) for r in result[:3])
                    )
                )
            tables = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            # Read the version with this connection, not with migrations.current_version:
            # that one queries through the models, bound to the open database.
            if SchemaVersion._meta.table_name not in tables:
                raise NotABackupError(
                    _("{file} is an SQLite file, but not a b24desk database.").format(file=source)
                )
            version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
            counts = {}
            if isinstance(version, int) and version == LATEST_VERSION:
                missing = sorted(
                    model._meta.table_name
                    for model in ALL_MODELS
                    if model._meta.table_name not in tables
                )
                if missing:
                    raise NotABackupError(
                        _("{file} lacks b24desk tables: {tables}.").format(
                            file=source, tables=", ".join(missing)
                        )
                    )
                for model in (Client, Invoice, Ticket):
                    name = model._meta.table_name
                    counts[name] = conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise DamagedBackupError(
            _("{file} is damaged or incomplete: {reason}").format(file=source, reason=exc)
        ) from exc
    if not isinstance(version, int):
        raise NotABackupError(
            _("{file} has no schema version: it is not a b24desk database.").format(file=source)
        )
    if version > LATEST_VERSION:
        raise NewerBackupError(
            _(
                "{file} was written by a newer version of b24desk (schema {found}, this "
                "version knows {known}). Install the newer b24desk to restore it."
            ).format(file=source, found=version, known=LATEST_VERSION)
        )
    return BackupCheck(
        path=source,
        schema_version=version,
        size=info.st_size,
        modified=datetime.fromtimestamp(info.st_mtime, UTC),
        counts=counts,
    )


# -- restore ----------------------------------------------------------------------------


def _open_here(db_file: Path) -> bool:
    """Whether this process (this thread) has ``db_file`` open through the models."""
    db = database_proxy.obj
    if not isinstance(db, peewee.SqliteDatabase) or db.is_closed():
        return False
    try:
        return Path(db.database).resolve() == db_file.resolve()
    except (OSError, TypeError):
        return False


def in_use_elsewhere(db_file: Path) -> bool:
    """Whether another connection (another desk, another program) holds ``db_file``.

    A desk keeps its connection open, in WAL mode, as long as it runs: an exclusive
    lock cannot be had then.  Asking for it changes nothing in the file (at most the
    write-ahead log of a closed database is checkpointed into it).
    """
    if not db_file.is_file():
        return False
    try:
        if not _is_sqlite_header(db_file):
            return False  # not a database (a damaged file restored over): nobody's
        conn = sqlite3.connect(str(db_file), timeout=0, isolation_level=None)
    except (OSError, sqlite3.Error):
        return False
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        return "locked" in text or "busy" in text
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return False


def _free_name(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def restore(db_file: Path | str, source: Path) -> Path | None:
    """Replace the SQLite database ``db_file`` by the backup ``source``.

    ``source`` is checked first (:func:`check_backup`): if it fails, nothing is
    changed.  The database is then copied beside ``db_file`` (backup API), the
    current file is renamed ``<name>.replaced-YYYYmmddTHHMMSS`` (UTC; its ``-wal``
    goes with it, its stale ``-shm`` is removed) and the copy takes its place.
    Returns the kept file, or ``None`` when there was no database at ``db_file``.

    Must not run while the database is open: the app closes it first, restores, and
    opens it again (which upgrades an older backup, keeping a copy).  Refused, with
    nothing changed, while another connection holds the file (another desk would go
    on writing into the replaced file, and its work would be lost there) and when
    the database file is marked read-only.
    """
    if is_postgres_url(str(db_file)):
        raise RestoreError(
            _(
                "{db} is a PostgreSQL database: b24desk restore replaces an SQLite file, and "
                "a server's database is not a file. On a server, restoring means loading a "
                "portable export (made with b24desk export) into a new, empty database: "
                "b24desk import --db URL --from FILE.zip, or PostgreSQL's own tools "
                "(pg_restore)."
            ).format(db=describe(str(db_file)))
        )
    db_file = Path(db_file).expanduser()
    source = Path(source).expanduser()
    check_backup(source)
    if db_file.exists() and db_file.resolve() == source.resolve():
        raise RestoreError(
            _("{file} is the database itself: choose a backup to restore.").format(file=source)
        )
    if _open_here(db_file):
        raise RestoreError(
            _("Close the database {db} before restoring a backup over it.").format(db=db_file)
        )
    if db_file.exists() and is_read_only(db_file):
        raise RestoreError(
            _(
                "The database {db} is marked read-only: b24desk does not replace it. Make "
                "the file writable first if it is to be replaced."
            ).format(db=db_file)
        )
    if in_use_elsewhere(db_file):
        raise RestoreError(
            _(
                "The database {db} is in use by another desk or program: close b24desk "
                "everywhere it is open, then restore. Nothing was changed."
            ).format(db=db_file)
        )
    clean_stale(db_file.parent)
    if not db_file.parent.is_dir():
        raise RestoreError(_("The folder {folder} does not exist.").format(folder=db_file.parent))
    try:
        temp = private_temp(db_file.parent, db_file.name)
    except OSError as exc:
        raise RestoreError(
            _("{db} could not be replaced: {reason}").format(db=db_file, reason=exc.strerror or exc)
        ) from exc
    try:
        try:
            with _read_only(source) as src:
                dst = sqlite3.connect(str(temp))
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dst.close()
        except sqlite3.Error as exc:
            raise RestoreError(
                _("{file} could not be copied: {reason}").format(file=source, reason=exc)
            ) from exc
        with contextlib.suppress(OSError):
            temp.chmod(0o600)
        kept = _set_aside(db_file)
        try:
            os.replace(temp, db_file)
        except OSError:
            if kept is not None:  # put the database back as it was
                os.replace(kept, db_file)
                wal = kept.with_name(kept.name + "-wal")
                if wal.exists():
                    os.replace(wal, db_file.with_name(db_file.name + "-wal"))
            raise
    except OSError as exc:
        raise RestoreError(
            _("{db} could not be replaced: {reason}").format(db=db_file, reason=exc.strerror or exc)
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    log.info("restored %s from %s; the replaced file is %s", db_file, source, kept)
    return kept


def _set_aside(db_file: Path) -> Path | None:
    """Rename ``db_file`` (with its ``-wal`` and ``-journal``) out of the way.

    Returns the new name of the database, ``None`` if there was none (a stray
    ``-wal`` is moved all the same: SQLite would apply it to the restored file).
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    kept = _free_name(db_file.with_name(f"{db_file.name}.replaced-{stamp}"))
    had_database = db_file.exists()
    if had_database:
        os.replace(db_file, kept)
    for suffix in ("-wal", "-journal"):
        side = db_file.with_name(db_file.name + suffix)
        if side.exists():
            os.replace(side, kept.with_name(kept.name + suffix))
    shm = db_file.with_name(db_file.name + "-shm")
    with contextlib.suppress(FileNotFoundError):
        shm.unlink()
    return kept if had_database else None
