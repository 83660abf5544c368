"""Logging, configured once per process: a rotating file in the log folder and stderr.

The log can hold client names and file paths: its folder and files are readable by
their owner only (0700 / 0600 on POSIX), the rotated copies too.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
from pathlib import Path

from b24desk import paths

_configured = False


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file created readable by its owner only."""

    def _open(self):  # logging's own signature
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with contextlib.suppress(OSError):  # a file left by an older version: tighten it
            os.chmod(self.baseFilename, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


def _tighten(target: Path) -> None:
    """Make a log folder and files of an older version owner-only as well."""
    with contextlib.suppress(OSError):
        target.parent.chmod(0o700)
    for old in target.parent.glob(target.name + "*"):
        with contextlib.suppress(OSError):
            old.chmod(0o600)


def configure_logging(
    level: int = logging.INFO, log_file: Path | None = None, console: bool = True
) -> Path | None:
    """Send log records to ``log_file`` (default: the app's log folder) and, with
    ``console``, warnings to stderr (the headless commands say what matters
    themselves, in one line, and keep tracebacks for the file).

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
    if console:
        handler: logging.Handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
        handler.setFormatter(fmt)
        root.addHandler(handler)
    result: Path | None = target
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _tighten(target)
        handler = PrivateRotatingFileHandler(
            target, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(fmt)
        root.addHandler(handler)
    except OSError:
        result = None
        if console:
            logging.getLogger(__name__).warning("cannot write the log file %s", target)
    _configured = True
    return result
