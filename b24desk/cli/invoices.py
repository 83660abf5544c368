"""``b24desk invoice``: an invoice's PDF (or all of them) without the window."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from b24desk.cli.common import (
    ProgressLine,
    add_common,
    add_force,
    fail,
    headless_setup,
    run_headless,
)
from b24desk.i18n import _, ngettext


def cmd_invoice(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="b24desk invoice",
        description=_("Write the PDF of an issued invoice or credit note, or of all of them."),
    )
    add_common(parser)
    parser.add_argument("number", nargs="?", help=_("invoice or credit note number"))
    parser.add_argument("--pdf", metavar="FILE", help=_("PDF file to write"))
    parser.add_argument("--all", action="store_true", help=_("write every issued document"))
    parser.add_argument("--out", metavar="DIR", help=_("folder for --all"))
    add_force(parser)
    args = parser.parse_args(argv)
    if (
        args.all == bool(args.number)
        or (args.number and not args.pdf)
        or (args.all and not args.out)
    ):
        parser.error(_("give NUMBER with --pdf FILE, or --all with --out DIR"))
    headless_setup(args.lang)

    from b24desk.store.errors import StoreError
    from b24desk.store.outputs import check_output_folder, check_output_path

    try:  # before the database is opened: a wrong path changes nothing
        if args.number:
            pdf = check_output_path(args.pdf, args.db, args.force)
        else:
            out = check_output_folder(args.out, args.db)
    except StoreError as exc:
        return fail(exc, 1)

    def work() -> int:
        from b24desk.clock import SystemClock
        from b24desk.pdf.invoice import write_invoice
        from b24desk.store import invoices
        from b24desk.store.office import get_office

        today = SystemClock(get_office().timezone).today()  # the office's day: overdue?

        if args.number:
            invoice = invoices.find_by_number(args.number)
            path = write_invoice(invoices.invoice_document(invoice.id, today), pdf)
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
        progress = ProgressLine()
        for done, invoice_id in enumerate(ids, start=1):
            document = invoices.invoice_document(invoice_id, today)
            write_invoice(document, targets[invoice_id])
            progress.show(
                _("{done}/{total} {number}").format(
                    done=done, total=len(ids), number=document.number
                )
            )
        progress.clear()
        print(
            ngettext(
                "Wrote {count} document to {folder}",
                "Wrote {count} documents to {folder}",
                len(ids),
            ).format(count=len(ids), folder=out)
        )
        return 0

    return run_headless(args.db, work)


