"""Logging, configured once per process: a rotating file in the log folder and stderr."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from b24desk import paths

_configured = False


def configure_logging(level: int = logging.INFO, log_file: Path | None = None) -> Path | None:
    """Send log records to ``log_file`` (default: the app's log folder) and stderr.

    Returns the log file, or ``None`` when it cannot be written (logging then goes to
    stderr only; the app still runs).  Calling it again changes nothing.
    """
    global _configured
    target = log_file or paths.log_file()
    if _configured:
        return target
    root = logging.getLogger()
    root.setLevel(level)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(fmt)
    root.addHandler(console)
    result: Path | None = target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(fmt)
        root.addHandler(handler)
    except OSError:
        result = None
        logging.getLogger(__name__).warning("cannot write the log file %s", target)
    _configured = True
    return result
