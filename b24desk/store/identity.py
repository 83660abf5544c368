"""The identity of a database file, kept in the file itself.

Two offices' databases may have the same file name (``office.sqlite`` in two
folders, or on two user accounts sharing a data folder); their daily backups must
not share a folder.  Each b24desk SQLite database carries a random number in its
header (``PRAGMA user_version``, which b24desk uses for nothing else), set the first
time this version opens it.  It travels with every copy, so a restored backup keeps
its folder, and it is readable from the header even when the rest of the file is
damaged.  (No schema change: exports stay importable across versions.)
"""

from __future__ import annotations

import secrets
import sqlite3
from pathlib import Path

import peewee

SQLITE_HEADER = b"SQLite format 3\x00"


def ensure_identity(db: peewee.Database) -> int:
    """The identity of the open SQLite database ``db``, given one when it has none
    (0 for a server, which has no file)."""
    if not isinstance(db, peewee.SqliteDatabase):
        return 0
    (current,) = db.execute_sql("PRAGMA user_version").fetchone()
    if current:
        return int(current)
    identity = secrets.randbelow(2**31 - 2) + 1
    db.execute_sql(f"PRAGMA user_version = {identity}")
    return identity


def _from_header(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError:
        return 0
    if len(header) < 64 or not header.startswith(SQLITE_HEADER):
        return 0
    return int.from_bytes(header[60:64], "big", signed=True)


def identity_of(path: Path) -> int:
    """The identity of the SQLite file ``path`` (0: none, or not readable).

    Read through SQLite when a write-ahead log is beside the file (the number may
    still be there, not in the file yet), otherwise from the header itself."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
            try:
                (value,) = conn.execute("PRAGMA user_version").fetchone()
                return max(int(value), 0)
            finally:
                conn.close()
        except sqlite3.Error:
            pass
    return max(_from_header(path), 0)
