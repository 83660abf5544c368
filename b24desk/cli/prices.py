"""``b24desk prices --db DB export FILE.csv`` and ``b24desk prices --db DB import
FILE.csv [--dry-run]``: the whole price list as CSV, without a window (issue #17.6).

The import writes all of the file or nothing: a refused row (a changed price that is
already history, a price from a past date, a bad amount …) is one line on stderr and
the exit code is 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from b24desk.cli.common import add_common, fail, headless_setup, run_headless
from b24desk.i18n import _


def _today() -> date:
    """Today where the office is (a price from before it is history)."""
    from b24desk.clock import SystemClock, office_timezone

    return SystemClock(office_timezone()).today()


def cmd_prices(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="b24desk prices",
        description=_(
            "Export the whole price list to CSV, or import one (all rows or none: a "
            "refused row is reported and nothing is written)."
        ),
    )
    add_common(parser)
    parser.add_argument("action", choices=("export", "import"), help=_("what to do"))
    parser.add_argument("file", metavar="FILE.csv", help=_("the CSV file"))
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help=_("import: show what would change and write nothing"),
    )
    args = parser.parse_args(argv)
    headless_setup(args.lang)

    def work() -> int:
        from b24desk.store import price_csv

        if args.action == "export":
            count = price_csv.export_price_list(args.file)
            print(_("{count} price rows written to {path}.").format(count=count, path=args.file))
            return 0
        today = _today()
        if args.dry_run:
            preview = price_csv.preview_price_import(args.file, today)
        else:
            try:
                preview = price_csv.apply_price_import(args.file, today)
            except price_csv.PriceImportRefused as exc:
                preview = exc.preview
        for row in preview.refused:
            print(
                _("Error: line {line}: {code} {currency} {day}: {reasons}").format(
                    line=row.line,
                    code=row.code,
                    currency=row.currency,
                    day=row.valid_from.isoformat() if row.valid_from else "",
                    reasons=" ".join(row.reasons),
                ),
                file=sys.stderr,
            )
        if preview.refused:
            return fail(_("Nothing was imported."), 1)
        print(preview.summary())
        if args.dry_run:
            print(_("Dry run: nothing was written."))
        return 0

    return run_headless(args.db, work)
