"""What every command shares: opening the database for a command, output checks,
messages and exit codes, the last-resort error handler, the headless setup."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from b24desk import i18n
from b24desk.i18n import _


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="DB",
        help=_("database file, or postgresql://user@host/dbname (default: your data folder)"),
    )
    parser.add_argument(
        "--lang", choices=sorted(i18n.LANGUAGES), help=_("language of the interface")
    )



class ProgressLine:
    """One line of progress that rewrites itself on a terminal ("3/120 INV-2026-0003");
    a log or a pipe gets nothing until the command's final line."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout
        self.live = self.stream.isatty()
        self.width = 0

    def show(self, text: str) -> None:
        if self.live:
            self.stream.write("\r" + text.ljust(self.width))
            self.stream.flush()
            self.width = len(text)

    def clear(self) -> None:
        if self.live and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def fail(message: object, code: int) -> int:
    print(_("Error: {message}").format(message=message), file=sys.stderr)
    return code


def add_force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force", action="store_true", help=_("replace the output file if it exists")
    )


@contextlib.contextmanager
def opened(target: str | None, create: bool = False) -> Iterator[None]:
    """The database for the length of a command (DatabaseOpenError if it cannot).

    Only ``create`` (a command that makes a new database) creates a missing file."""
    from b24desk.store.db import check_server_url, close_database, is_postgres_url, open_database
    from b24desk.store.server import with_saved_password

    if is_postgres_url(target):
        check_server_url(str(target))  # before the keyring is asked for its password
    open_database(with_saved_password(target), create=create)
    try:
        yield
    finally:
        close_database()


def run_headless(target: str | None, work: Callable[[], int], create: bool = False) -> int:
    """Run ``work`` on the open database; a problem is a message and an exit code:
    2 when the database cannot be opened, 1 when the work is refused or fails.

    ``create`` (demo-data, import: the explicit new-database commands): a missing
    file is made, and removed again when the command fails.  An existing empty
    (0-byte) file is not b24desk's: refused by every command.
    """
    from b24desk.store.outputs import database_file_of

    new_file = database_file_of(target)
    if new_file is not None and new_file.is_file() and new_file.stat().st_size == 0:
        return fail(_("{path} is an empty file, not a b24desk database.").format(path=new_file), 2)
    if new_file is not None and (new_file.exists() or not create):
        new_file = None  # opened as it is, never created or removed
    code = 1
    try:
        code = run_opened(target, work, create)
    finally:
        if code != 0 and new_file is not None:
            remove_database_file(new_file)
    return code


def remove_database_file(path: Path) -> None:
    """Remove the database file a failed command created (with its side files)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink()


def run_opened(target: str | None, work: Callable[[], int], create: bool) -> int:
    import sqlite3

    import peewee

    from b24desk.store.db import describe, driver_error_message
    from b24desk.store.errors import DatabaseOpenError, StoreError

    try:
        with opened(target, create):
            return work()
    except DatabaseOpenError as exc:
        return fail(exc, 2)
    except (StoreError, OSError) as exc:
        return fail(exc, 1)
    except (peewee.DatabaseError, sqlite3.Error) as exc:  # damaged page, missing table
        logging.getLogger(__name__).exception("database error in a command")
        return fail(driver_error_message(exc, describe(target)), 1)


def last_resort(command: Callable[[Sequence[str]], int], argv: Sequence[str]) -> int:
    """Run a headless command; anything it did not foresee is one line on stderr,
    the traceback in the log file, and exit code 1 (never a Python traceback)."""
    try:
        return command(argv)
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 130
    except Exception as exc:  # the last resort: see the docstring
        from b24desk import paths
        from b24desk.logsetup import configure_logging

        log_file = configure_logging(console=False)
        logging.getLogger(__name__).exception("unexpected error in b24desk %s", " ".join(argv))
        reason = " ".join(str(exc).split())[:300] or type(exc).__name__
        where = log_file or paths.log_file()
        return fail(
            _("unexpected problem ({reason}). The details are in {log}.").format(
                reason=reason, log=where
            ),
            1,
        )



def headless_setup(lang: str | None) -> None:
    """The language, and the log file (a command's own output is its one-line message:
    nothing else goes to stderr)."""
    from b24desk.logsetup import configure_logging

    i18n.set_language(lang or i18n.system_language())
    configure_logging(console=False)

