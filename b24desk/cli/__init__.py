"""The command line: the GUI's options and the headless sub-commands.

``b24desk [--db DB] [--lang en|es|ru] [--demo] [--screenshot FILE] [--tab NAME]
[--search TEXT]``
opens the main window; ``b24desk demo-data --db DB [--size small|large|huge] [--seed N]``
and the other sub-commands run without Qt.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from b24desk import __version__, i18n
from b24desk.cli.common import (
    add_common,
    last_resort,
)
from b24desk.i18n import _

TAB_NAMES = (
    "today", "clients", "coupons", "targets", "tickets", "invoices", "quotes", "reports"
)  # fmt: skip


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="b24desk",
        description=_("The desk of a Bitrix24 reseller office."),
        epilog=_("Commands without a window: {commands}. Run b24desk COMMAND --help.").format(
            commands=", ".join(COMMANDS)
        ),
    )
    add_common(parser)
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("fill an empty database with the demo office first (never touches one with data)"),
    )
    parser.add_argument(
        "--screenshot", metavar="FILE", help=_("render the window to a PNG file and exit")
    )
    parser.add_argument("--tab", choices=TAB_NAMES, help=_("tab to show first"))
    parser.add_argument(
        "--search",
        metavar="TEXT",
        help=_("open the window searching everything for TEXT (as Ctrl+K does)"),
    )
    parser.add_argument("--version", action="version", version=f"b24desk {__version__}")
    return parser



def _data_command(name: str) -> Callable[[Sequence[str]], int]:
    """backup / restore / export / import live in cli.backup (imported when used)."""
    return _lazy("backup", name)


def _lazy(module: str, name: str) -> Callable[[Sequence[str]], int]:
    """The command ``cmd_<name>`` of ``b24desk.cli.<module>``, imported when it runs."""

    def command(argv: Sequence[str]) -> int:
        import importlib

        commands = importlib.import_module(f"b24desk.cli.{module}")
        return int(getattr(commands, f"cmd_{name}")(argv))

    return command


#: Sub-commands that run without a window.
COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "demo-data": _lazy("demo", "demo_data"),
    "invoice": _lazy("invoices", "invoice"),
    "backup": _data_command("backup"),
    "restore": _data_command("restore"),
    "export": _data_command("export"),
    "import": _data_command("import"),
    "office": _lazy("office", "office"),
    "mail": _lazy("mail", "mail"),
    "prices": _lazy("prices", "prices"),
    "report": _lazy("reports", "report"),
}



def main(argv: Sequence[str]) -> int:
    argv = list(argv)
    if argv and argv[0] in COMMANDS:
        return last_resort(COMMANDS[argv[0]], argv[1:])
    # Translate --help into the requested language before the parser is built.
    if "--lang" in argv[:-1]:
        i18n.set_language(argv[argv.index("--lang") + 1])
    args = build_gui_parser().parse_args(argv)

    from b24desk.app import run  # Qt is imported only for the window

    return run(args)
