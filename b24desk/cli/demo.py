"""``b24desk demo-data``: fill a database with the demo office."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from b24desk.cli.common import (
    add_common,
    headless_setup,
    run_headless,
)
from b24desk.i18n import _


def cmd_demo_data(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="b24desk demo-data",
        description=_("Fill an empty database with a demo reseller office."),
    )
    add_common(parser)
    parser.add_argument(
        "--size",
        choices=("small", "large", "huge"),  # store.demo.base.SIZES (not imported: start-up)
        default="small",
        help=_("how big an office to make (default: small)"),
    )
    parser.add_argument(
        "--seed", type=int, default=1, help=_("the same seed makes the same office (default: 1)")
    )
    args = parser.parse_args(argv)
    headless_setup(args.lang)

    def work() -> int:
        from b24desk.store.db import describe
        from b24desk.store.demo.builder import generate_demo

        counts = generate_demo(args.size, seed=args.seed, progress=lambda msg: print(msg))
        print(_("Demo office written to {db}:").format(db=describe(args.db)))
        for table, count in counts.items():
            print(f"  {table:<24} {count:>8}")
        return 0

    # demo-data makes a new database: the one command (with import) that creates a file
    return run_headless(args.db, work, create=True)
