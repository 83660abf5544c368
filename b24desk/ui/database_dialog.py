"""Settings → Database: where this desk's data lives, and the server's password.

A desk works on an SQLite file on this computer, or on the PostgreSQL server the
office shares.  The choice is this desk's own (QSettings ``database/target``, a path
or a URL *without* the password).  The password goes into the system keyring when
the person asks for it and there is one; otherwise it is asked when b24desk starts
(:class:`PasswordDialog`).  "Test connection" connects in the background and says
what it found; OK switches the desk to the database at once, and a database that
cannot be opened leaves the desk on the one it had.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from b24desk import paths
from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.i18n import _
from b24desk.store import server
from b24desk.store.backup import copy_into
from b24desk.store.db import describe, is_postgres_url
from b24desk.store.errors import DatabaseAuthError, DatabaseOpenError
from b24desk.ui.desk_database import TARGET_KEY
from b24desk.ui.forms import FormDialog, error_style, ok_style
from b24desk.ui.operation import Operation, Progress, run_with_progress
from b24desk.ui.pickers import PathPicker


def _keyring_hint() -> str:
    return _(
        "This computer has no system keyring: b24desk asks for the password each time it starts."
    )


def ask_database_file(parent: QWidget | None, current: str = "") -> str:
    """A database file to open or create (an existing one is not overwritten)."""
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Open or create a database"),
        current or str(paths.app_data_dir()),
        _("b24desk database (*.sqlite *.db);;All files (*)"),
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return name


class DatabaseDialog(FormDialog):
    """Choose the database of this desk; OK switches to it through ``switch``."""

    def __init__(
        self,
        current: str | None,
        switch: Callable[[str | None], None],
        parent: QWidget | None = None,
        can_copy: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("databaseDialog")
        self.switch = switch
        self.operation: Operation | None = None
        self.chosen: str | None = None

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form.insertRow(0, self.intro)
        self.file_choice = QRadioButton()
        self.file_choice.setObjectName("useFile")
        self.server_choice = QRadioButton()
        self.server_choice.setObjectName("useServer")
        self.kind = QButtonGroup(self)
        self.kind.addButton(self.file_choice)
        self.kind.addButton(self.server_choice)
        self.form.addRow(self.file_choice)
        self.file = PathPicker(ask_database_file)
        self.add_field("file", lambda: _("Database file"), self.file)
        self.form.addRow(self.server_choice)
        self.host = QLineEdit()
        self.port = QLineEdit()
        self.port.setMaxLength(5)
        self.database = QLineEdit()
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox()
        self.remember.setObjectName("rememberPassword")
        self.add_field("host", lambda: _("Server"), self.host)
        self.add_field("port", lambda: _("Port"), self.port)
        self.add_field("database", lambda: _("Database"), self.database)
        self.add_field("user", lambda: _("User"), self.user)
        self.add_field("password", lambda: _("Password"), self.password)
        self.form.addRow("", self.remember)
        self.test_button = QPushButton()
        self.test_button.setObjectName("testConnection")
        self.test_result = QLabel()
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        test_row = QWidget()
        box = QHBoxLayout(test_row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.test_button)
        box.addWidget(self.test_result, 1)
        self.form.addRow("", test_row)
        self.copy_data = QCheckBox()
        self.copy_data.setObjectName("copyData")
        self.copy_data.setVisible(can_copy)
        self.form.addRow("", self.copy_data)
        self.server_fields: list[QWidget] = [
            self.host,
            self.port,
            self.database,
            self.user,
            self.password,
            self.remember,
            self.test_button,
        ]

        self.keyring = server.keyring_available()
        self._load(current)
        self._connect_signals()
        self.retranslate()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 96)

    def _load(self, current: str | None) -> None:
        self.port.setText(str(server.DEFAULT_PORT))
        self.database.setText(server.DEFAULT_DATABASE)
        if is_postgres_url(current):
            address, _password = server.parse_server_url(str(current))
            self.host.setText(address.host)
            self.port.setText(str(address.port))
            self.database.setText(address.database)
            self.user.setText(address.user)
            saved = server.saved_password(address) is not None
            self.remember.setChecked(saved)
            self.server_choice.setChecked(True)
        else:
            self.file.edit.setText(str(current or paths.default_database_path()))
            self.remember.setChecked(self.keyring)
            self.file_choice.setChecked(True)
        self.remember.setEnabled(self.keyring)
        self._on_kind()

    def _connect_signals(self) -> None:
        self.kind.buttonToggled.connect(self._on_kind)
        self.test_button.clicked.connect(self.test_connection)
        for edit in (self.host, self.port, self.database, self.user, self.password):
            edit.textEdited.connect(self._forget_result)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Database of this desk"))
        self.intro.setText(
            _(
                "One desk can keep its data in a file on this computer. Several desks "
                "share one PostgreSQL server: point every desk at the same database."
            )
        )
        self.file_choice.setText(_("A file on this computer"))
        self.server_choice.setText(_("A PostgreSQL server shared by the office"))
        self.file.retranslate()
        self.host.setPlaceholderText(_("e.g. server.office.lan or 192.168.1.20"))
        self.remember.setText(_("Remember the password in the system keyring"))
        self.remember.setToolTip("" if self.keyring else _keyring_hint())
        self.test_button.setText(_("Test connection"))
        self.test_button.setToolTip(_("Connect to the server now, without changing anything"))
        self.copy_data.setText(_("Copy this desk's data into it"))
        self.copy_data.setToolTip(
            _(
                "For a new, empty database: the office moves there with everything it "
                "holds, and this desk's database stays as it is."
            )
        )

    # -- behaviour ----------------------------------------------------------------------

    def uses_server(self) -> bool:
        return self.server_choice.isChecked()

    @Slot()
    def _on_kind(self, *_args: object) -> None:
        on_server = self.uses_server()
        self.file.setEnabled(not on_server)
        for widget in self.server_fields:
            widget.setEnabled(on_server and (widget is not self.remember or self.keyring))
        self.clear_errors()

    @Slot()
    def _forget_result(self, *_args: object) -> None:
        self.test_result.clear()

    def address(self) -> server.ServerAddress:
        """The server typed in (ValidationErrors by field when it is incomplete)."""
        return server.validate_server(
            self.host.text(), self.port.text(), self.database.text(), self.user.text()
        )

    def _url(self, address: server.ServerAddress) -> str:
        """The server's URL with the password typed, or else the one the keyring keeps."""
        password = self.password.text() or server.saved_password(address)
        return address.url(password or None)

    @Slot()
    def test_connection(self) -> None:
        """Connect in the background and say what the server holds."""
        self.clear_errors()
        try:
            address = self.address()
        except ValidationErrors as errors:
            self.show_errors(errors.by_field)
            return
        url = self._url(address)
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(_("Connecting to {db}\u2026").format(db=describe(url)))
        operation = Operation(lambda _progress: server.check_server(url), self)
        operation.succeeded.connect(self._on_tested)
        operation.failed.connect(self._on_test_failed)
        operation.done.connect(lambda: self.test_button.setEnabled(self.uses_server()))
        self.operation = operation
        operation.start()

    @Slot(object)
    def _on_tested(self, check: object) -> None:
        assert isinstance(check, server.ServerCheck)
        self.test_result.setStyleSheet(ok_style() if check.usable else error_style())
        self.test_result.setText(check.summary())

    @Slot(str)
    def _on_test_failed(self, message: str) -> None:
        self.test_result.setStyleSheet(error_style())
        self.test_result.setText(message)

    # -- saving -------------------------------------------------------------------------

    def chosen_target(self) -> tuple[str, str, str]:
        """(what to open — a server with its password —, what to remember, the field
        a failure to open is shown beside).  ValidationError(s) for what is missing."""
        if not self.uses_server():
            text = self.file.text()
            if not text:
                raise ValidationError("file", _("Choose the database file."))
            path = str(Path(text).expanduser())
            return path, path, "file"
        address = self.address()
        return self._url(address), address.url(), "password"

    def save(self) -> str | None:
        """Switch the desk to the chosen database and remember the choice."""
        target, chosen, field = self.chosen_target()
        self._switch(target, field)
        return self._remember(chosen)

    def _remember(self, chosen: str) -> str:
        """This desk's choice from now on; the password only in the keyring."""
        self.chosen = chosen
        QSettings().setValue(TARGET_KEY, chosen)  # never the password
        if self.uses_server():
            address = self.address()
            password = self.password.text()
            if self.remember.isChecked() and password:
                server.save_password(address, password)
            elif not self.remember.isChecked():
                server.forget_password(address)
        return chosen

    def _switch(self, target: str, field: str) -> None:
        """Open ``target`` for the desk; a failure is shown beside ``field``."""
        try:
            self.switch(target)
        except DatabaseAuthError as exc:
            raise ValidationError("password", str(exc)) from exc
        except DatabaseOpenError as exc:
            raise ValidationError(field if field == "file" else "", str(exc)) from exc

    # -- moving the office's data along ----------------------------------------------------

    @Slot()
    def try_accept(self) -> None:
        if not self.copy_data.isHidden() and self.copy_data.isChecked():
            self.copy_then_switch()
        else:
            super().try_accept()

    def copy_then_switch(self) -> None:
        """Copy everything into the chosen (empty) database in the background, then
        switch to it.  Until the copy succeeded the desk stays where it is."""
        self.clear_errors()
        try:
            target, chosen, field = self.chosen_target()
        except ValidationErrors as errors:
            self.show_errors(errors.by_field)
            return
        except ValidationError as error:
            self.show_errors({error.field: error.message})
            return

        def work(progress: Progress) -> object:
            def report(done: int, total: int, label: str) -> None:
                progress.check()  # Cancel: the copy's transaction rolls back
                progress.report(done, total, label)

            return copy_into(target, report)

        def copied(_counts: object) -> None:
            try:
                self._switch(target, field)
            except ValidationError as error:
                self.show_errors({error.field: error.message})
                return
            self.result_value = self._remember(chosen)
            self.accept()

        self.buttons.setEnabled(False)
        operation = run_with_progress(
            self, _("Copying the office"), work, copied, self._copy_failed
        )
        operation.cancelled.connect(
            lambda: self._copy_failed(_("The copy was cancelled; the desk stays where it was."))
        )
        operation.done.connect(lambda: self.buttons.setEnabled(True))
        self.operation = operation

    @Slot(str)
    def _copy_failed(self, message: str) -> None:
        self.show_errors({"": message})


class PasswordDialog(QDialog):
    """Asked at start: the password of the server this desk works on."""

    def __init__(self, where: str, problem: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setWindowTitle(_("Password"))
        text = QLabel(_("The password for {db}:").format(db=where))
        text.setWordWrap(True)
        self.problem = QLabel(problem)
        self.problem.setObjectName("passwordProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(error_style())
        self.problem.setVisible(bool(problem))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Password"))
        self.remember = QCheckBox(_("Remember the password in the system keyring"))
        keyring = server.keyring_available()
        self.remember.setEnabled(keyring)
        if not keyring:
            self.remember.setToolTip(_keyring_hint())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.problem)
        layout.addWidget(self.password)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.password.setFocus()
