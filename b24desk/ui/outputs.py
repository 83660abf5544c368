"""Save dialogs' last step: never over the database, and ask before replacing a file.

Every dialog that writes a file the person named calls :func:`may_write` (or
:func:`may_write_into` for a folder of files) with the chosen path.  The database
of the desk, its ``-wal``/``-shm`` files and the backups folder are refused with the
reason (:func:`b24desk.store.outputs.check_output_path`); another existing file is
replaced only after the person agreed, here or in the system's save dialog.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from b24desk.i18n import _, ngettext
from b24desk.store.db import open_database_file
from b24desk.store.errors import StoreError
from b24desk.store.outputs import check_output_folder, check_output_path
from b24desk.ui.forms import confirm


def warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def output_problem(path: Path) -> str | None:
    """Why ``path`` must not be written (the database, a folder…), or None."""
    try:
        check_output_path(path, _database())
    except StoreError as exc:
        if path.exists() and not path.is_dir():
            try:  # only "exists" was wrong: that one is asked, not refused
                check_output_path(path, _database(), force=True)
            except StoreError as again:
                return str(again)
            return None
        return str(exc)
    return None


def _database() -> str | Path:
    """The desk's database file; a server has none (only the backups are protected)."""
    return open_database_file() or "postgresql://"


def may_write(parent: QWidget | None, path: Path, asked: bool = False) -> bool:
    """Whether ``path`` may be written: refused with a message, or, when it exists and
    the save dialog did not ask already (``asked``), only after the person agreed."""
    problem = output_problem(path)
    if problem is not None:
        warn(parent, _("The file cannot be written there"), problem)
        return False
    if path.exists() and not asked:
        return confirm(
            parent,
            _("Replace the file?"),
            _("{file} already exists. Replace it?").format(file=path),
            _("Replace"),
        )
    return True


def may_write_into(parent: QWidget | None, folder: Path, names: Iterable[str]) -> bool:
    """Whether the files ``names`` may be written into ``folder``: not the backups
    folder nor the database; files that exist are replaced only after asking."""
    names = list(names)
    try:
        check_output_folder(folder, _database())
        for name in names:
            check_output_path(folder / name, _database(), force=True)
    except StoreError as exc:
        warn(parent, _("The files cannot be written there"), str(exc))
        return False
    existing = [name for name in names if (folder / name).exists()]
    if not existing:
        return True
    return confirm(
        parent,
        _("Replace the files?"),
        ngettext(
            "{count} file in {folder} already exists ({names}). Replace it?",
            "{count} files in {folder} already exist ({names}). Replace them?",
            len(existing),
        ).format(
            count=len(existing),
            folder=folder,
            names=", ".join(existing[:3]) + (", …" if len(existing) > 3 else ""),
        ),
        _("Replace"),
    )
