"""File → Restore…: the list of backups, the check beside it, and the restore callback."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QDialog, QFileDialog

from b24desk import paths
from b24desk.store import backup
from b24desk.store import models as m
from b24desk.store.db import close_database, open_database
from b24desk.store.errors import StoreError
from b24desk.store.migrations import LATEST_VERSION
from b24desk.ui import backup_dialog
from b24desk.ui.backup_dialog import RestoreDialog


@pytest.fixture
def backups(tmp_path: Path) -> list[Path]:
    """Three daily copies of a database with two clients, in the backups folder."""
    source = tmp_path / "b24desk.sqlite"
    open_database(source)
    try:
        m.Client.create(company="Kea Ltd")
        m.Client.create(company="Tui Ltd")
    finally:
        close_database()
    made = []
    for day in (date(2026, 11, 18), date(2026, 11, 20), date(2026, 11, 19)):
        copy = backup.daily_backup(source, day)
        assert copy is not None
        made.append(copy)
    return made


@pytest.fixture
def calls() -> list[Path]:
    return []


@pytest.fixture
def dialog(qtbot, backups: list[Path], calls: list[Path]) -> RestoreDialog:
    widget = RestoreDialog(calls.append)
    qtbot.addWidget(widget)
    return widget


def test_lists_the_backups_newest_first_with_dates_and_sizes(dialog: RestoreDialog) -> None:
    rows = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
    assert [r.text(2) for r in rows] == [
        "b24desk-2026-11-20.sqlite",
        "b24desk-2026-11-19.sqlite",
        "b24desk-2026-11-18.sqlite",
    ]
    assert rows[0].text(0) == "20 Nov 2026"
    assert rows[0].text(1).endswith("kB")
    assert not dialog.restore_button.isEnabled()
    assert "Choose a backup" in dialog.result_label.text()


def test_selecting_a_backup_checks_it_and_enables_restore(dialog: RestoreDialog) -> None:
    dialog.list.setCurrentItem(dialog.list.topLevelItem(0))
    assert dialog.check is not None
    assert dialog.restore_button.isEnabled()
    text = dialog.result_label.text()
    assert "can be restored" in text
    assert "2 clients, 0 invoices and 0 tickets" in text


@pytest.mark.parametrize(
    ("kind", "words"),
    [("text", "not an SQLite database file"), ("newer", "newer version of b24desk")],
)
def test_a_file_that_fails_the_check_cannot_be_restored(
    dialog: RestoreDialog,
    backups: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    words: str,
) -> None:
    chosen = tmp_path / f"{kind}.sqlite"
    if kind == "text":
        chosen.write_text("not a database")
    else:
        chosen.write_bytes(backups[0].read_bytes())
        conn = sqlite3.connect(chosen)
        conn.execute("UPDATE schema_version SET version = ?", (LATEST_VERSION + 1,))
        conn.commit()
        conn.close()
    dialog.list.setCurrentItem(dialog.list.topLevelItem(0))
    assert dialog.restore_button.isEnabled()
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_args: (str(chosen), "All files (*)")
    )
    dialog.choose_button.click()
    assert dialog.chosen == chosen
    assert not dialog.list.selectedItems()
    assert not dialog.restore_button.isEnabled()
    assert "cannot be restored" in dialog.result_label.text()
    assert words in dialog.result_label.text()


def test_restore_asks_first_then_calls_back(
    qtbot, dialog: RestoreDialog, calls: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog.list.setCurrentItem(dialog.list.topLevelItem(1))
    asked: list[str] = []

    def refuse(_parent: object, _title: str, text: str, _action: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(backup_dialog, "confirm", refuse)
    dialog.restore_button.click()
    assert asked and "b24desk-2026-11-19.sqlite" in asked[0]
    assert calls == []
    assert dialog.result() == QDialog.DialogCode.Rejected

    monkeypatch.setattr(backup_dialog, "confirm", lambda *_args: True)
    dialog.restore_button.click()
    assert len(calls) == 1 and calls[0].name == "b24desk-2026-11-19.sqlite"
    assert calls[0].parent.parent == paths.backups_dir()  # the database's own folder
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_failing_restore_is_shown_and_the_dialog_stays(
    qtbot, backups: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(path: Path) -> None:
        raise backup.RestoreError(f"{path.name} could not be replaced: disk full")

    dialog = RestoreDialog(fail)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentItem(dialog.list.topLevelItem(0))
    monkeypatch.setattr(backup_dialog, "confirm", lambda *_args: True)
    dialog.restore_button.click()
    assert "disk full" in dialog.result_label.text()
    assert not dialog.restore_button.isEnabled()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert issubclass(backup.RestoreError, StoreError)


def test_an_empty_backups_folder(qtbot, tmp_path: Path) -> None:
    dialog = RestoreDialog(lambda _path: None, folder=tmp_path / "none")
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 0
    assert dialog.list.isHidden() and not dialog.empty.isHidden()
    assert "no backups" in dialog.empty.text()
    assert not dialog.restore_button.isEnabled()


def test_language_change_retranslates_everything(
    dialog: RestoreDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database")
    dialog.select_path(bad)
    monkeypatch.setattr(backup_dialog, "_", lambda text: f"«{text}»")
    monkeypatch.setattr("b24desk.store.backup._", lambda text: f"«{text}»")
    QCoreApplication.sendEvent(dialog, QEvent(QEvent.Type.LanguageChange))
    assert dialog.windowTitle() == "«Restore a backup»"
    assert dialog.choose_button.text() == "«Choose a file…»"
    assert dialog.restore_button.text() == "«Restore…»"
    assert dialog.list.headerItem().text(0) == "«Date»"
    assert dialog.result_label.text().startswith("«This file cannot be restored.»")
    assert "«{file} is not a b24desk backup" not in dialog.result_label.text()  # formatted anew
    assert dialog.result_label.text().count("«") == 2


def test_sizes_follow_the_desk_language() -> None:
    from b24desk import i18n

    assert backup_dialog.format_size(340_000) == "340 kB"
    assert backup_dialog.format_size(1_234_567) == "1.2 MB"
    i18n.set_language("ru")
    assert backup_dialog.format_size(1_234_567) == "1,2 МБ"
