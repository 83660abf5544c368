"""``b24desk report``: a report of the Reports tab as a CSV (or PDF) file, without
the window (issue #17.6)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date

from b24desk.cli.common import add_common, add_force, fail, headless_setup, run_headless
from b24desk.i18n import _

#: The command's report names, and the report keys of ``store.reports`` (revenue by
#: ``--by``).
REPORT_NAMES = ("aging", "revenue", "sla", "coupons")
BY = ("month", "plan", "country")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31.").format(text=text)
        ) from None


def cmd_report(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="b24desk report",
        description=_(
            "Write a report as a CSV file (machine values: ISO dates, '.' decimals), "
            "or as a PDF when FILE ends in .pdf."
        ),
    )
    add_common(parser)
    parser.add_argument("report", choices=REPORT_NAMES, help=_("the report to write"))
    parser.add_argument(
        "--from",
        dest="start",
        type=_day,
        metavar="DATE",
        help=_("first day of the period (default: 1 January of the last day's year)"),
    )
    parser.add_argument(
        "--to",
        dest="end",
        type=_day,
        metavar="DATE",
        help=_("last day of the period, the as-of day of the ageing (default: today)"),
    )
    parser.add_argument(
        "--by", choices=BY, default="month", help=_("how revenue is grouped (default: month)")
    )
    parser.add_argument("--out", metavar="FILE", required=True, help=_("the file to write"))
    add_force(parser)
    args = parser.parse_args(argv)
    if args.start and args.end and args.start > args.end:
        parser.error(_("--from must not be after --to"))
    headless_setup(args.lang)

    from b24desk.store.errors import StoreError
    from b24desk.store.outputs import check_output_path

    try:  # before the database is opened: a wrong path changes nothing
        out = check_output_path(args.out, args.db, args.force)
    except StoreError as exc:
        return fail(exc, 1)

    def work() -> int:
        from b24desk.clock import SystemClock
        from b24desk.store.office import get_office
        from b24desk.store.report_shape import ReportSpan
        from b24desk.store.reports import build

        office = get_office()
        end = args.end or SystemClock(office.timezone).today()
        start = args.start or date(end.year, 1, 1)
        if start > end:
            return fail(_("--from must not be after --to"), 1)
        key = f"revenue_{args.by}" if args.report == "revenue" else args.report
        report = build(key, ReportSpan(start, end))
        if out.suffix.lower() == ".pdf":
            from b24desk.i18n import current_language
            from b24desk.pdf.report import write_report_pdf

            write_report_pdf(report, out, current_language(), office.name)
        else:
            from b24desk.store.report_csv import write_report_csv

            write_report_csv(report, out)
        print(_("Wrote {file}").format(file=out))
        for note in report.notes:
            print(note)
        return 0

    return run_headless(args.db, work)
