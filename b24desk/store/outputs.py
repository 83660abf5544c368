"""Where b24desk may write a file the person named: never over the database.

Every command and dialog that writes a file (a backup, an export, a PDF, a CSV)
passes the path through :func:`check_output_path` first.  It refuses the database
file itself, its ``-wal``, ``-shm`` and ``-journal`` companions and the backups
folder, however the path is spelled (relative, through a symbolic link, in another
letter case on a case-insensitive file system), and refuses to replace any other
existing file unless the caller says the person agreed (``force``: ``--force`` on the
command line; a save dialog that asked).
"""

from __future__ import annotations

import os
from pathlib import Path

from b24desk import paths
from b24desk.i18n import _
from b24desk.store.errors import StoreError

#: The files SQLite keeps beside a database file.
COMPANIONS = ("", "-wal", "-shm", "-journal")


class OutputPathError(StoreError):
    """The path cannot be written: the database's own file, a folder, no folder."""


class OutputExistsError(OutputPathError):
    """The path names an existing file, and replacing it was not agreed."""


def _same(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file or folder (links, case, ``..`` resolved).

    Two existing paths are compared by identity (``os.path.samefile``).  When neither
    exists yet, the resolved paths are compared, and names differing only in letter
    case count as the same (they are, on a case-insensitive file system).
    """
    a_exists, b_exists = a.exists(), b.exists()
    if a_exists and b_exists:
        try:
            return os.path.samefile(a, b)
        except OSError:
            pass
    try:
        ra, rb = a.resolve(), b.resolve()
    except (OSError, RuntimeError):
        ra, rb = a.absolute(), b.absolute()
    if ra == rb:
        return True
    if a_exists != b_exists or ra.name.casefold() != rb.name.casefold():
        return False  # (on a case-insensitive system both would exist)
    return ra.parent != ra and _same(ra.parent, rb.parent)


def database_file_of(database: str | os.PathLike[str] | None) -> Path | None:
    """The SQLite file of ``--db`` (``None``: the default file); ``None`` for a server."""
    if isinstance(database, str) and database.startswith(("postgresql://", "postgres://")):
        return None
    if database is None or str(database) == "":
        return paths.default_database_path()
    return Path(database).expanduser()


def protected_paths(database: str | os.PathLike[str] | None) -> list[Path]:
    """The files and folders no output may replace: the database and its companions,
    and the backups folder."""
    protected: list[Path] = [paths.backups_dir()]
    db_file = database_file_of(database)
    if db_file is not None:
        protected += [db_file.with_name(db_file.name + suffix) for suffix in COMPANIONS]
    return protected


def check_output_path(
    path: str | os.PathLike[str],
    database: str | os.PathLike[str] | None,
    force: bool = False,
) -> Path:
    """``path`` as a file b24desk may write, or :class:`OutputPathError` saying why not.

    ``database``: the database in use (a path, a server URL, or ``None`` for the
    default file).  Refused: the database and its ``-wal``/``-shm``/``-journal``
    files, the backups folder and the copies in it, a folder, a path whose folder does
    not exist; an existing file unless ``force`` (then it may be replaced).
    """
    target = Path(path).expanduser()
    for protected in protected_paths(database):
        if _same(target, protected):
            if protected == paths.backups_dir():
                raise OutputPathError(
                    _(
                        "{file} is the folder of b24desk's daily backups: choose another "
                        "place."
                    ).format(file=target)
                )
            raise OutputPathError(
                _(
                    "{file} is the database itself (or one of its files): b24desk never "
                    "writes over it. Choose another file."
                ).format(file=target)
            )
    if target.is_dir():
        raise OutputPathError(
            _("{file} is a folder: give the name of the file to write.").format(file=target)
        )
    if not target.parent.is_dir():
        raise OutputPathError(
            _("The folder {folder} does not exist.").format(folder=target.parent)
        )
    if target.exists() or target.is_symlink():
        if _inside(target, paths.backups_dir()):
            raise OutputPathError(
                _(
                    "{file} is one of b24desk's daily backups: choose another file."
                ).format(file=target)
            )
        if not force:
            raise OutputExistsError(
                _(
                    "{file} already exists. b24desk replaces it only when asked to "
                    "(--force)."
                ).format(file=target)
            )
    return target


def _inside(target: Path, folder: Path) -> bool:
    """Whether ``target`` lies somewhere below ``folder``."""
    if not folder.is_dir():
        return False
    parent = target.absolute().parent
    return any(_same(ancestor, folder) for ancestor in (parent, *parent.parents))


def check_output_folder(
    folder: str | os.PathLike[str], database: str | os.PathLike[str] | None
) -> Path:
    """``folder`` as a place to write files into (made when missing): not the backups
    folder nor inside it, not a file (the files written go through
    :func:`check_output_path`)."""
    target = Path(folder).expanduser()
    if target.exists() and not target.is_dir():
        raise OutputPathError(
            _("{file} is a file, not a folder: give a folder.").format(file=target)
        )
    if _inside(target / "x", paths.backups_dir()):
        raise OutputPathError(
            _(
                "{file} is the folder of b24desk's daily backups: choose another "
                "place."
            ).format(file=target)
        )
    db_file = database_file_of(database)
    if db_file is not None and _same(target, db_file):
        raise OutputPathError(
            _(
                "{file} is the database itself (or one of its files): b24desk never "
                "writes over it. Choose another file."
            ).format(file=target)
        )
    return target
