"""``b24desk mail``: the outbox without the window — send what is queued, list it.

``b24desk mail --db DB send`` exits 0 when every due message was sent, 1 with one line
saying why otherwise (the server cannot be reached: every message is still queued);
``b24desk mail --db DB list`` prints the outbox as a table.

Each sub-command sets ``run`` (a function of the parsed arguments returning the exit
code) with ``set_defaults``; it runs with the database open.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from b24desk.cli.common import add_common, fail, headless_setup, run_headless
from b24desk.cli.mail_queue import add_queue_parser
from b24desk.i18n import _, ngettext


def _send(args: argparse.Namespace) -> int:
    from b24desk.store.mail_sender import send_queued

    report = send_queued(limit=args.limit)
    if report.sent or report.failed:
        print(
            ngettext("Sent {count} message.", "Sent {count} messages.", report.sent).format(
                count=report.sent
            )
        )
    if report.error:
        return fail(report.error, 1)
    if report.failed:
        return fail(
            ngettext(
                "{count} message failed: see b24desk mail list.",
                "{count} messages failed: see b24desk mail list.",
                report.failed,
            ).format(count=report.failed),
            1,
        )
    if not report.sent:
        print(_("Nothing to send."))
    return 0


def _cut(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "\u2026"


def _list(args: argparse.Namespace) -> int:
    from b24desk.store.outbox import list_messages

    rows = list_messages(args.state or None, limit=args.limit or 500)
    header = (_("ID"), _("State"), _("To"), _("Subject"), _("Attempts"), _("Last error"))
    table = [header] + [
        (
            str(row.id),
            row.state,
            _cut(row.to, 32),
            _cut(row.subject, 40),
            str(row.attempts),
            _cut(row.last_error, 90),
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header) - 1)]
    for line in table:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(line[:-1])]
        print("  ".join([*cells, line[-1]]).rstrip())
    return 0


def cmd_mail(argv: Sequence[str]) -> int:
    from b24desk.domain.vocabulary import OUTBOX_STATES

    parser = argparse.ArgumentParser(
        prog="b24desk mail",
        description=_("Send the outbox's queued messages, or list the outbox."),
    )
    add_common(parser)
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    send = sub.add_parser("send", help=_("send the queued messages that are due"))
    send.add_argument(
        "--limit", type=int, metavar="N", help=_("send at most N messages in this run")
    )
    send.set_defaults(run=_send)
    listing = sub.add_parser("list", help=_("list the outbox, newest first"))
    listing.add_argument(
        "--state",
        action="append",
        choices=list(OUTBOX_STATES),
        help=_("only messages in this state (repeatable)"),
    )
    listing.add_argument("--limit", type=int, metavar="N", help=_("at most N messages"))
    listing.set_defaults(run=_list)
    add_queue_parser(sub)
    args = parser.parse_args(argv)
    headless_setup(args.lang)
    return run_headless(args.db, lambda: int(args.run(args)))
