"""Which database this desk opens: its choice in Settings → Database, kept in
QSettings as a file path or a server URL *without* the password.

A module of its own so that start-up reads the choice without importing the
database dialog and what it needs.
"""

from __future__ import annotations

from b24desk.ui.desk_settings import text_setting

#: QSettings key of this desk's database.
TARGET_KEY = "database/target"


def remembered_target() -> str | None:
    """The database chosen for this desk, or None for the default file."""
    return text_setting(TARGET_KEY) or None
