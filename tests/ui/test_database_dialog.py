"""Settings → Database: a file or the office's PostgreSQL server, switched at once;
the server's password kept in the system keyring or asked at start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QDialog

from b24desk.app import open_with_way_out
from b24desk.clock import FixedClock
from b24desk.store import models as m
from b24desk.store import server
from b24desk.store.db import close_database, database, describe, open_database
from b24desk.ui.context import DeskContext
from b24desk.ui.database_dialog import DatabaseDialog, PasswordDialog
from b24desk.ui.desk_database import TARGET_KEY
from b24desk.ui.language import LanguageManager
from b24desk.ui.main_window import MainWindow
from b24desk.ui.signals import DataSignals


@pytest.fixture
def desk(qtbot: Any, db_path: Path, clock: FixedClock) -> Iterator[MainWindow]:
    """The main window on an SQLite file holding one client."""
    open_database(db_path)
    m.Client.create(company="File Ltd")
    ctx = DeskContext(clock=clock, signals=DataSignals(), language=LanguageManager())
    window = MainWindow(ctx, str(db_path), database_file=db_path)
    qtbot.addWidget(window)
    window.show_tab("clients")
    yield window
    QThreadPool.globalInstance().waitForDone(30000)
    ctx.language.detach()
    ctx.signals.detach()
    close_database()


def dialog_of(qtbot: Any, window: MainWindow) -> DatabaseDialog:
    dialog = DatabaseDialog(str(window.database_file), window.switch_database, window)
    qtbot.addWidget(dialog)
    return dialog


def fill_server(qtbot: Any, dialog: DatabaseDialog, url: str, password: str) -> None:
    address, _password = server.parse_server_url(url)
    dialog.server_choice.click()
    for edit, text in (
        (dialog.host, address.host),
        (dialog.port, str(address.port)),
        (dialog.database, address.database),
        (dialog.user, address.user),
        (dialog.password, password),
    ):
        edit.clear()
        qtbot.keyClicks(edit, text)


def companies() -> list[str]:
    return [c.company for c in m.Client.select().order_by(m.Client.company)]


def test_settings_menu_opens_it_on_the_current_file(
    desk: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[DatabaseDialog] = []
    monkeypatch.setattr(DatabaseDialog, "exec", lambda self: shown.append(self) or 0)
    assert desk.database_action in desk.settings_menu.actions()
    desk.database_action.trigger()
    assert shown and shown[0].file_choice.isChecked()
    assert shown[0].file.text() == str(desk.database_file)
    assert not shown[0].host.isEnabled()  # the server's fields wait for their choice


def test_switching_to_another_file_at_once(qtbot: Any, desk: MainWindow, tmp_path: Path) -> None:
    assert desk.pages["clients"].model.rowCount() == 1
    other = tmp_path / "branch.sqlite"
    dialog = dialog_of(qtbot, desk)
    dialog.file.edit.setText(str(other))
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert other.is_file() and companies() == []  # a new, empty database
    assert desk.database_file == other and desk.database_label == str(other)
    assert str(other) in desk.db_label.text()
    assert desk.pages["clients"].model.rowCount() == 0  # the tabs reloaded
    assert QSettings().value(TARGET_KEY) == str(other)  # and the next start opens it


def test_a_bad_file_keeps_the_desk_where_it_was(
    qtbot: Any, desk: MainWindow, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a database")
    dialog = dialog_of(qtbot, desk)
    dialog.file.edit.setText(str(notes))
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "not a b24desk database" in dialog.error_of("file")
    assert dialog.file.text() == str(notes)  # what was typed stays
    assert companies() == ["File Ltd"] and not database().is_closed()
    assert QSettings().value(TARGET_KEY) is None
    assert notes.read_text() == "not a database"


def test_the_server_address_is_checked_beside_each_field(qtbot: Any, desk: MainWindow) -> None:
    dialog = dialog_of(qtbot, desk)
    dialog.server_choice.click()
    assert dialog.host.isEnabled() and not dialog.file.isEnabled()
    dialog.port.setText("70000")
    dialog.database.clear()
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "server's name" in dialog.error_of("host")
    assert "1 to 65535" in dialog.error_of("port")
    assert dialog.error_of("database") and dialog.error_of("user")
    dialog.test_button.click()  # the test needs the address too
    assert dialog.test_result.text() == ""
    assert companies() == ["File Ltd"]


def test_testing_a_server_that_does_not_answer(qtbot: Any, desk: MainWindow) -> None:
    dialog = dialog_of(qtbot, desk)
    fill_server(qtbot, dialog, "postgresql://desk@127.0.0.1:1/b24desk", "pw")
    dialog.test_button.click()
    assert "Connecting to postgresql://desk@127.0.0.1:1/b24desk" in dialog.test_result.text()
    qtbot.waitUntil(
        lambda: "No PostgreSQL server answers" in dialog.test_result.text(), timeout=15000
    )
    assert dialog.test_button.isEnabled()
    assert "pw" not in dialog.test_result.text()


def test_without_a_keyring_the_password_is_not_kept(qtbot: Any, desk: MainWindow) -> None:
    dialog = dialog_of(qtbot, desk)
    dialog.server_choice.click()
    assert not dialog.remember.isEnabled()
    assert "asks for the password each time" in dialog.remember.toolTip()
    asked = PasswordDialog("postgresql://desk@db/b24", "refused")
    qtbot.addWidget(asked)
    assert not asked.remember.isEnabled()
    assert asked.problem.text() == "refused" and not asked.problem.isHidden()


def test_switching_a_desk_to_the_office_server(
    qtbot: Any, desk: MainWindow, postgres_url: str, memory_keyring: dict
) -> None:
    address, password = server.parse_server_url(postgres_url)
    assert password
    dialog = dialog_of(qtbot, desk)
    fill_server(qtbot, dialog, postgres_url, password)
    assert dialog.remember.isEnabled() and dialog.remember.isChecked()
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "Connected to PostgreSQL" in dialog.test_result.text(), timeout=15000)
    assert "It holds b24desk data (0 clients)." in dialog.test_result.text()

    dialog.password.setText(password + "-wrong")
    dialog.try_accept()
    assert "refused the user name or the password" in dialog.error_of("password")
    assert companies() == ["File Ltd"]  # still on the file

    dialog.password.setText(password)
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert companies() == []  # the server's database
    assert desk.database_file is None and not desk.restore_action.isEnabled()
    assert desk.database_label == describe(address.url()) == "postgresql://" + address.key
    assert QSettings().value(TARGET_KEY) == address.url()  # no password in the settings
    QSettings().sync()
    assert f":{password}@" not in Path(QSettings().fileName()).read_text()
    assert memory_keyring == {("b24desk", address.key): password}

    # The next start: the keyring's password, nobody asked.
    close_database()
    asked: list[str] = []
    opened = open_with_way_out(
        address.url(), True, ask_password=lambda where, problem: asked.append(problem) or None
    )
    assert opened == address.url(password) and asked == []
    # Unticked, the keyring forgets it.
    again = DatabaseDialog(address.url(), desk.switch_database, desk)
    qtbot.addWidget(again)
    assert again.server_choice.isChecked() and again.remember.isChecked()
    assert again.password.text() == ""  # never shown, but used: the keyring has it
    again.remember.setChecked(False)
    again.try_accept()
    assert again.result() == QDialog.DialogCode.Accepted
    assert memory_keyring == {}


def test_the_password_is_asked_at_start_when_no_keyring_has_it(postgres_url: str) -> None:
    address, password = server.parse_server_url(postgres_url)
    asked: list[tuple[str, str]] = []
    answers = iter([(password + "-wrong", False), (password, True)])

    def ask_password(where: str, problem: str) -> tuple[str, bool] | None:
        asked.append((where, problem))
        return next(answers)

    opened = open_with_way_out(address.url(), True, ask_password=ask_password)
    assert opened == address.url(password)
    assert asked[0] == (describe(address.url()), "")  # first time: no reproach
    assert "refused the user name or the password" in asked[1][1]
    assert server.saved_password(address) is None  # no keyring here: kept nowhere
    close_database()

    # Cancelled: the way-out box, with nothing to restore on a server.
    offered: list[Any] = []
    result = open_with_way_out(
        address.url(),
        True,
        ask=lambda message, restorable, failed: (
            offered.append((message, restorable, failed)) or ("quit", None)
        ),
        ask_password=lambda where, problem: None,
    )
    assert result is False
    assert offered and offered[0][1] is None and offered[0][2] == address.url()
    assert "refused" in offered[0][0]
    # Headless (a screenshot run): no question, a message, no database.
    assert open_with_way_out(address.url(), False) is False


def test_the_office_moves_into_a_new_file_with_its_data(
    qtbot: Any, desk: MainWindow, tmp_path: Path
) -> None:
    moved = tmp_path / "office-moved.sqlite"
    dialog = DatabaseDialog(str(desk.database_file), desk.switch_database, desk, can_copy=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.copy_data.isVisible() and not dialog.copy_data.isChecked()
    dialog.file.edit.setText(str(moved))
    dialog.copy_data.setChecked(True)
    dialog.try_accept()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=30000)
    assert desk.database_file == moved
    assert companies() == ["File Ltd"]  # the data came along
    assert desk.pages["clients"].model.rowCount() == 1
    assert QSettings().value(TARGET_KEY) == str(moved)


def test_the_office_is_not_copied_over_another(qtbot: Any, desk: MainWindow) -> None:
    own = desk.database_file
    dialog = DatabaseDialog(str(desk.database_file), desk.switch_database, desk, can_copy=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file.edit.setText(str(desk.database_file))  # into the database it works on
    dialog.copy_data.setChecked(True)
    dialog.try_accept()
    qtbot.waitUntil(lambda: "already holds data" in dialog.error_of(""), timeout=30000)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.buttons.isEnabled()
    assert companies() == ["File Ltd"] and desk.database_file == own
    assert QSettings().value(TARGET_KEY) is None


def test_the_office_moves_from_its_file_to_the_server(
    qtbot: Any, desk: MainWindow, postgres_url: str
) -> None:
    _address, password = server.parse_server_url(postgres_url)
    dialog = DatabaseDialog(str(desk.database_file), desk.switch_database, desk, can_copy=True)
    qtbot.addWidget(dialog)
    fill_server(qtbot, dialog, postgres_url, password or "")
    dialog.copy_data.setChecked(True)
    dialog.try_accept()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=30000)
    assert desk.database_file is None
    assert companies() == ["File Ltd"]  # read from the server now
    assert database().__class__.__name__ == "PostgresqlDatabase"
