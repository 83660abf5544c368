"""``python -m benchmarks``: runs :func:`benchmarks.run.main`."""

import sys

from benchmarks.run import main

sys.exit(main())
