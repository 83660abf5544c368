"""``b24desk mail queue …``: put messages in the outbox without the window (#16 item 7).

* ``queue invoice NUMBER`` — an issued invoice or credit note (the number in any case),
  to the client's billing e-mail, in the client's language, its PDF attached;
* ``queue statement CLIENT`` — the statement of account of a client (its number, or its
  company name in any case), PDF attached;
* ``queue due`` — every reminder due today (renewals, grace and frozen warnings,
  overdue invoices), each stage once.

``cli/mail.py`` adds these with :func:`add_queue_parser`; the chosen sub-command runs
with ``args.run(args)`` on the database ``b24desk mail --db DB`` opened.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from b24desk.cli.common import fail
from b24desk.i18n import _, ngettext

__all__ = ["add_queue_parser", "queue_work"]


def add_queue_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``queue`` sub-command (with ``invoice``, ``statement`` and ``due``) to
    the ``mail`` command's sub-parsers; returns its parser."""
    queue = subparsers.add_parser(
        "queue",
        help=_("put a message in the outbox"),
        description=_("Put an invoice, a statement or the reminders due today in the outbox."),
    )
    what = queue.add_subparsers(dest="queue_what", metavar="WHAT", required=True)
    invoice = what.add_parser(
        "invoice", help=_("an issued invoice or credit note, its PDF attached")
    )
    invoice.add_argument("number", help=_("invoice or credit note number"))
    statement = what.add_parser("statement", help=_("a client's statement of account"))
    statement.add_argument("client", help=_("the client's number or company name"))
    due = what.add_parser("due", help=_("every reminder due today"))
    due.add_argument(
        "--date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help=_("the day whose reminders are queued (default: the office's today)"),
    )
    queue.set_defaults(run=queue_work)
    return queue


def _today() -> date:
    from b24desk.clock import SystemClock
    from b24desk.store.office import get_office

    return SystemClock(get_office().timezone).today()


def _queue(draft: Any) -> int:
    """Queue ``draft``; a refused address or file is one line and exit code 1."""
    from b24desk.domain.errors import ValidationError, ValidationErrors
    from b24desk.store import outbox

    try:
        message = outbox.queue(draft)
    except (ValidationError, ValidationErrors) as exc:
        return fail(" ".join(str(exc).split()), 1)
    print(
        _("Queued message {id} to {to}: {subject}").format(
            id=message, to=draft.to, subject=draft.subject
        )
    )
    return 0


def _no_address(company: str) -> int:
    return fail(
        _("{client} has no e-mail address: add a billing e-mail or an e-mail to the "
          "client first.").format(client=company),
        1,
    )


def queue_work(args: argparse.Namespace) -> int:
    """The ``queue`` sub-command on the open database (exit code)."""
    from b24desk.domain.vocabulary import MAIL_KINDS
    from b24desk.mail.compose import invoice_draft, statement_draft
    from b24desk.store import invoices
    from b24desk.store.compose import find_client
    from b24desk.store.due_reminders import queue_due_report

    today = _today()
    if args.queue_what == "invoice":
        invoice = invoices.find_by_number(args.number)
        draft = invoice_draft(invoice.id, today)
        if not draft.to:
            return _no_address(invoice.client.company)
        return _queue(draft)
    if args.queue_what == "statement":
        client = find_client(args.client)
        draft = statement_draft(client.id, today)
        if not draft.to:
            return _no_address(client.company)
        return _queue(draft)
    day = args.date or today
    report = queue_due_report(day)
    for reminder in report.queued:
        print(
            _("Queued: {kind} ({stage}) for {client}").format(
                kind=_(MAIL_KINDS[reminder.kind]), stage=reminder.stage, client=reminder.client
            )
        )
    for reminder in report.no_address:
        print(
            _("Not queued: {client} has no e-mail address ({kind})").format(
                client=reminder.client, kind=_(MAIL_KINDS[reminder.kind])
            )
        )
    for reminder, reason in report.refused:
        print(
            _("Not queued: {client}: {reason}").format(
                client=reminder.client, reason=" ".join(reason.split())
            )
        )
    print(
        ngettext(
            "{count} reminder queued for {date}.",
            "{count} reminders queued for {date}.",
            len(report.queued),
        ).format(count=len(report.queued), date=day.isoformat())
    )
    return 0
