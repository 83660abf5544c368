"""The command line: the GUI's options and the headless sub-commands.

``b24desk [--db DB] [--lang en|es|ru] [--demo] [--screenshot FILE [--tab NAME]]``
opens the main window; ``b24desk demo-data --db DB [--size small|large] [--seed N]``
and the other sub-commands run without Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from b24desk import __version__, i18n
from b24desk.i18n import _, ngettext

TAB_NAMES = ("today", "clients", "coupons", "targets", "tickets", "invoices")


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="DB",
        help=_("database file, or postgresql://user@host/dbname (default: your data folder)"),
    )
    parser.add_argument(
        "--lang", choices=sorted(i18n.LANGUAGES), help=_("language of the interface")
    )


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="b24desk",
        description=_("The desk of a Bitrix24 reseller office."),
        epilog=_("Commands without a window: {commands}. Run b24desk COMMAND --help.").format(
            commands=", ".join(COMMANDS)
        ),
    )
    _add_common(parser)
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("fill an empty database with the demo office first (never touches one with data)"),
    )
    parser.add_argument(
        "--screenshot", metavar="FILE", help=_("render the window to a PNG file and exit")
    )
    parser.add_argument("--tab", choices=TAB_NAMES, help=_("tab to show first"))
    parser.add_argument("--version", action="version", version=f"b24desk {__version__}")
    return parser


def _fail(message: object, code: int) -> int:
    print(_("Error: {message}").format(message=message), file=sys.stderr)
    return code


def _add_force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force", action="store_true", help=_("replace the output file if it exists")
    )


@contextlib.contextmanager
def _opened(target: str | None, create: bool = False) -> Iterator[None]:
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


def _run_headless(target: str | None, work: Callable[[], int], create: bool = False) -> int:
    """Run ``work`` on the open database; a problem is a message and an exit code:
    2 when the database cannot be opened, 1 when the work is refused or fails.

    ``create`` (demo-data, import: the explicit new-database commands): a missing
    file is made, and removed again when the command fails.  An existing empty
    (0-byte) file is not b24desk's: refused by every command.
    """
    from b24desk.store.outputs import database_file_of

    new_file = database_file_of(target)
    if new_file is not None and new_file.is_file() and new_file.stat().st_size == 0:
        return _fail(_("{path} is an empty file, not a b24desk database.").format(path=new_file), 2)
    if new_file is not None and (new_file.exists() or not create):
        new_file = None  # opened as it is, never created or removed
    code = 1
    try:
        code = _run_opened(target, work, create)
    finally:
        if code != 0 and new_file is not None:
            _remove_database_file(new_file)
    return code


def _remove_database_file(path: Path) -> None:
    """Remove the database file a failed command created (with its side files)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink()


def _run_opened(target: str | None, work: Callable[[], int], create: bool) -> int:
    import sqlite3

    import peewee

    from b24desk.store.db import describe, driver_error_message
    from b24desk.store.errors import DatabaseOpenError, StoreError

    try:
        with _opened(target, create):
            return work()
    except DatabaseOpenError as exc:
        return _fail(exc, 2)
    except (StoreError, OSError) as exc:
        return _fail(exc, 1)
    except (peewee.DatabaseError, sqlite3.Error) as exc:  # damaged page, missing table
        logging.getLogger(__name__).exception("database error in a command")
        return _fail(driver_error_message(exc, describe(target)), 1)


def _last_resort(command: Callable[[Sequence[str]], int], argv: Sequence[str]) -> int:
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
        return _fail(
            _("unexpected problem ({reason}). The details are in {log}.").format(
                reason=reason, log=where
            ),
            1,
        )


def _cmd_demo_data(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="b24desk demo-data",
        description=_("Fill an empty database with a demo reseller office."),
    )
    _add_common(parser)
    parser.add_argument("--size", choices=("small", "large"), default="small")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    _headless_setup(args.lang)

    def work() -> int:
        from b24desk.store.db import describe
        from b24desk.store.demo import generate_demo

        counts = generate_demo(args.size, seed=args.seed, progress=lambda msg: print(msg))
        print(_("Demo office written to {db}:").format(db=describe(args.db)))
        for table, count in counts.items():
            print(f"  {table:<24} {count:>8}")
        return 0

    # demo-data makes a new database: the one command (with import) that creates a file
    return _run_headless(args.db, work, create=True)


def _cmd_invoice(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="b24desk invoice",
        description=_("Write the PDF of an issued invoice or credit note, or of all of them."),
    )
    _add_common(parser)
    parser.add_argument("number", nargs="?", help=_("invoice or credit note number"))
    parser.add_argument("--pdf", metavar="FILE", help=_("PDF file to write"))
    parser.add_argument("--all", action="store_true", help=_("write every issued document"))
    parser.add_argument("--out", metavar="DIR", help=_("folder for --all"))
    _add_force(parser)
    args = parser.parse_args(argv)
    if (
        args.all == bool(args.number)
        or (args.number and not args.pdf)
        or (args.all and not args.out)
    ):
        parser.error(_("give NUMBER with --pdf FILE, or --all with --out DIR"))
    _headless_setup(args.lang)

    from b24desk.store.errors import StoreError
    from b24desk.store.outputs import check_output_folder, check_output_path

    try:  # before the database is opened: a wrong path changes nothing
        if args.number:
            pdf = check_output_path(args.pdf, args.db, args.force)
        else:
            out = check_output_folder(args.out, args.db)
    except StoreError as exc:
        return _fail(exc, 1)

    def work() -> int:
        from b24desk.pdf.invoice import write_invoice
        from b24desk.store import invoices

        if args.number:
            invoice = invoices.find_by_number(args.number)
            path = write_invoice(invoices.invoice_document(invoice.id), pdf)
            print(_("Wrote {file}").format(file=path))
            return 0
        ids = invoices.issued_invoice_ids()
        out.mkdir(parents=True, exist_ok=True)
        targets = {  # every file checked before the first is written
            invoice_id: check_output_path(
                out / f"{invoices.reveal_text(invoice_id)}.pdf", args.db, args.force
            )
            for invoice_id in ids
        }
        for done, invoice_id in enumerate(ids, start=1):
            document = invoices.invoice_document(invoice_id)
            write_invoice(document, targets[invoice_id])
            print(
                _("{done}/{total} {number}").format(
                    done=done, total=len(ids), number=document.number
                ),
                flush=True,
            )
        print(
            ngettext(
                "Wrote {count} document to {folder}",
                "Wrote {count} documents to {folder}",
                len(ids),
            ).format(count=len(ids), folder=out)
        )
        return 0

    return _run_headless(args.db, work)


def _data_command(name: str) -> Callable[[Sequence[str]], int]:
    """backup / restore / export / import live in backup_cli (imported when used)."""

    def command(argv: Sequence[str]) -> int:
        from b24desk import backup_cli

        return int(getattr(backup_cli, f"cmd_{name}")(argv))

    return command


#: Sub-commands that run without a window.
COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "demo-data": _cmd_demo_data,
    "invoice": _cmd_invoice,
    "backup": _data_command("backup"),
    "restore": _data_command("restore"),
    "export": _data_command("export"),
    "import": _data_command("import"),
}


def _headless_setup(lang: str | None) -> None:
    """The language, and the log file (a command's own output is its one-line message:
    nothing else goes to stderr)."""
    from b24desk.logsetup import configure_logging

    i18n.set_language(lang or i18n.system_language())
    configure_logging(console=False)


def main(argv: Sequence[str]) -> int:
    argv = list(argv)
    if argv and argv[0] in COMMANDS:
        return _last_resort(COMMANDS[argv[0]], argv[1:])
    # Translate --help into the requested language before the parser is built.
    if "--lang" in argv[:-1]:
        i18n.set_language(argv[argv.index("--lang") + 1])
    args = build_gui_parser().parse_args(argv)

    from b24desk.app import run  # Qt is imported only for the window

    return run(args)
