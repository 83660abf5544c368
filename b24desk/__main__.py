"""``python -m b24desk``: hands over to :mod:`b24desk.cli`."""

import sys

from b24desk.cli import main as _cli_main


def main() -> int:
    return _cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
