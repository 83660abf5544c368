"""The headless commands for backups and the portable export (no Qt).

``b24desk backup --db DB --to FILE``       copy the SQLite file safely (a scheduled task)
``b24desk restore --db DB --from FILE``    replace the SQLite file by a checked backup
``b24desk export --db DB --to FILE.zip``   write any database (SQLite or PostgreSQL)
``b24desk import --db DB --from FILE.zip`` load an export into a new, empty database

Exit codes: 0 done; 1 refused or failed (the message says why); 2 the database
cannot be opened.  Errors are one message on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from b24desk import paths
from b24desk.cli.common import add_common, add_force, fail, headless_setup, run_headless
from b24desk.i18n import _, ngettext

__all__ = ["cmd_backup", "cmd_export", "cmd_import", "cmd_restore"]


def _database_file(target: str | None) -> str | Path:
    """``--db`` as given (a PostgreSQL URL stays text), or the default file."""
    return target if target else paths.default_database_path()


def _print_counts(counts: dict[str, int]) -> None:
    for table, count in counts.items():
        print(f"  {table:<24} {count:>8}")
    total = sum(counts.values())
    print(ngettext("{count} row in all", "{count} rows in all", total).format(count=total))


def cmd_backup(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="b24desk backup",
        description=_(
            "Copy the SQLite database file safely, even while desks are using it "
            "(for a scheduled task). For PostgreSQL use b24desk export."
        ),
    )
    add_common(parser)
    parser.add_argument(
        "--to",
        metavar="FILE",
        required=True,
        help=_("backup file to write, or a folder for a file named with the date and time"),
    )
    add_force(parser)
    args = parser.parse_args(argv)
    headless_setup(args.lang)

    from b24desk.store.backup import backup_to
    from b24desk.store.errors import DatabaseOpenError, StoreError

    source = _database_file(args.db)
    try:
        target = backup_to(source, Path(args.to), force=args.force)
    except DatabaseOpenError as exc:
        return fail(exc, 2)
    except (StoreError, OSError) as exc:
        return fail(exc, 1)
    print(_("Backed up {db} to {file}").format(db=source, file=target))
    return 0


def cmd_restore(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="b24desk restore",
        description=_(
            "Replace the SQLite database file by a backup, after checking the backup. The "
            "replaced file is kept beside it. Close b24desk on every desk first."
        ),
    )
    add_common(parser)
    parser.add_argument(
        "--from", dest="source", metavar="FILE", required=True, help=_("backup file to restore")
    )
    args = parser.parse_args(argv)
    headless_setup(args.lang)

    from b24desk.store.backup import restore
    from b24desk.store.errors import DatabaseOpenError, StoreError

    target = _database_file(args.db)
    try:
        kept = restore(target, Path(args.source))
    except DatabaseOpenError as exc:
        return fail(exc, 2)
    except (StoreError, OSError) as exc:
        return fail(exc, 1)
    print(_("Restored {file} into {db}.").format(file=args.source, db=target))
    if kept is not None:
        print(_("The replaced database was kept as {file}.").format(file=kept))
    return 0


def cmd_export(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="b24desk export",
        description=_(
            "Write the whole database (SQLite or PostgreSQL) to a portable zip file: the "
            "backup of a PostgreSQL database, and the way to move between them."
        ),
    )
    add_common(parser)
    parser.add_argument("--to", metavar="FILE.zip", required=True, help=_("zip file to write"))
    add_force(parser)
    args = parser.parse_args(argv)
    headless_setup(args.lang)

    from b24desk.store.errors import StoreError
    from b24desk.store.outputs import check_output_path
    from b24desk.store.portable import export_target

    try:  # before the database is opened: a wrong path changes nothing
        target = check_output_path(export_target(args.to), args.db, args.force)
    except StoreError as exc:
        return fail(exc, 1)

    def work() -> int:
        from b24desk.store.backup import export_portable
        from b24desk.store.db import describe

        counts = export_portable(target, force=args.force)
        print(_("Exported {db} to {file}:").format(db=describe(args.db), file=target))
        _print_counts(counts)
        return 0

    return run_headless(args.db, work)


def cmd_import(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="b24desk import",
        description=_(
            "Load a portable zip file made by b24desk export into a new, empty database "
            "(SQLite or PostgreSQL)."
        ),
    )
    add_common(parser)
    parser.add_argument(
        "--from",
        dest="source",
        metavar="FILE.zip",
        required=True,
        help=_("zip file made by b24desk export"),
    )
    args = parser.parse_args(argv)
    headless_setup(args.lang)

    from b24desk.store.backup import check_export
    from b24desk.store.errors import StoreError

    try:  # before the database is opened (or created): a wrong file changes nothing
        check_export(Path(args.source))
    except StoreError as exc:
        return fail(exc, 1)

    def work() -> int:
        from b24desk.store.backup import import_portable
        from b24desk.store.db import describe

        counts = import_portable(Path(args.source))
        print(_("Imported {file} into {db}:").format(file=args.source, db=describe(args.db)))
        _print_counts(counts)
        return 0

    # An import makes a new database: a missing file is created (removed on failure).
    return run_headless(args.db, work, create=True)
