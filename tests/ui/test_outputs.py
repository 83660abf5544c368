"""Save dialogs never write over the database, and ask before replacing a file (#13.1)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import peewee
import pytest
from PySide6.QtWidgets import QDialog

from b24desk.store import invoices as store
from b24desk.store import models as m
from b24desk.ui import outputs
from b24desk.ui.context import DeskContext
from b24desk.ui.csv_dialogs import ExportDialog
from b24desk.ui.invoices.tab import InvoicesTab


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The warnings the person would see (the message boxes are modal)."""
    seen: list[str] = []
    monkeypatch.setattr(outputs, "warn", lambda _parent, _title, text: seen.append(text))
    return seen


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sqlite_only(db: peewee.Database) -> Path:
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("a server's database has no file to protect")
    return Path(db.database)


def test_csv_export_refuses_the_database_file(
    qtbot, db: peewee.Database, told: list[str]
) -> None:
    path = sqlite_only(db)
    m.Client.create(company="Kea Ltd")
    before = digest(path)
    dialog = ExportDialog("clients.csv", 1)
    qtbot.addWidget(dialog)
    for spelled in (path, path.with_name(path.name + "-wal")):
        dialog.path_edit.setText(str(spelled))
        dialog.try_accept()
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert "the database itself" in told[-1]
    assert digest(path) == before


def test_csv_export_asks_before_replacing_a_typed_file(
    qtbot, db: peewee.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "report.csv"
    existing.write_text("keep")
    answers: list[bool] = [False, True]
    asked: list[str] = []

    def confirm(_parent, _title, text, _action) -> bool:  # type: ignore[no-untyped-def]
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(outputs, "confirm", confirm)
    dialog = ExportDialog("clients.csv", 1)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(existing))
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted  # "no": nothing happens
    assert "already exists" in asked[0]
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted  # "replace"


def test_pdf_export_all_refuses_the_backups_folder_and_asks_to_replace(
    qtbot,
    ctx: DeskContext,
    db: peewee.Database,
    tmp_path: Path,
    _isolated_home: Path,
    told: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = m.Client.create(company="Kea Ltd")
    draft = store.create_draft(client.id, [store.LineInput("Hours", unit_price="10")])
    store.issue_invoice(draft.id, ctx.clock.today(), draft.version)
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    backups = _isolated_home / "backups"
    backups.mkdir()
    assert tab.export_to(backups) is None
    assert "backups" in told[-1] and not list(backups.iterdir())

    out = tmp_path / "pdfs"
    out.mkdir()
    kept = out / "INV-2026-0001.pdf"
    kept.write_bytes(b"edited by hand")
    asked: list[str] = []
    monkeypatch.setattr(outputs, "confirm", lambda _p, _t, text, _a: asked.append(text) or False)
    assert tab.export_to(out) is None
    assert "INV-2026-0001.pdf" in asked[0]
    assert kept.read_bytes() == b"edited by hand"
