"""The one place that knows where b24desk keeps data, backups, logs and its resources.

The per-user folders follow the platform conventions that Qt's
``QStandardPaths.AppDataLocation`` uses (``%APPDATA%\\b24desk\\b24desk`` on Windows,
``~/Library/Application Support/b24desk/b24desk`` on macOS,
``$XDG_DATA_HOME/b24desk/b24desk`` elsewhere) but are computed without Qt, so the
store and the command line work headless.  ``B24DESK_HOME`` overrides the base
folder (tests point it at a temporary directory; ``--db`` overrides the database).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ORGANIZATION = "b24desk"
APPLICATION = "b24desk"


def _package_dir() -> Path:
    return Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """``resources``/``translations`` inside the package (wheel, PyInstaller) or the repo."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "b24desk" / name)
    candidates += [_package_dir() / name, _package_dir().parent / name]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def resources_dir() -> Path:
    return _bundled("resources")


def translations_dir() -> Path:
    return _bundled("translations")


def font_path(bold: bool = False) -> Path:
    return resources_dir() / "fonts" / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")


def app_data_dir() -> Path:
    """Per-user folder of the database and backups (created on demand by callers)."""
    override = os.environ.get("B24DESK_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORGANIZATION / APPLICATION


def default_database_path() -> Path:
    return app_data_dir() / "b24desk.sqlite"


def backups_dir() -> Path:
    return app_data_dir() / "backups"


def log_dir() -> Path:
    return app_data_dir() / "logs"


def log_file() -> Path:
    return log_dir() / "b24desk.log"
