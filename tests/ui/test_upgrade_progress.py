"""The upgrade that builds the search index (schema 6) says how far it is (#18.2)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from b24desk.store import models as m
from b24desk.store import search
from b24desk.store.db import close_database, open_database
from b24desk.ui.upgrade_progress import UpgradeProgress, upgrade_progress


def test_the_dialog_says_what_is_being_indexed(qtbot: QtBot) -> None:
    shown = UpgradeProgress(None)
    shown("message", 50_000, 1_500_000)
    dialog = shown.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert "ticket messages, 50000 of 1500000" in dialog.labelText()
    assert (dialog.value(), dialog.maximum()) == (50_000, 1_500_000)
    assert not [b for b in dialog.findChildren(QPushButton) if b.isVisible()]  # no Cancel
    shown.close()
    assert shown.dialog is None


def test_opening_an_older_database_shows_the_progress(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = open_database(path)
    m.Client.create(company="Logística Bahia S.A.")
    with db.atomic():  # as schema 5 was: no search tables
        search.drop_triggers(db)
        for table in search.TABLES:
            db.execute_sql(f"DROP TABLE {table}")
        m.SchemaVersion.update(version=5).execute()
    close_database()
    try:
        with upgrade_progress(None) as shown:
            open_database(path)
            assert shown.reports >= len(search.KINDS)
        assert shown.dialog is None  # closed with the upgrade
        assert search.ids("client", "logistica", 5) != []
    finally:
        close_database()
