"""The "E-mail" page of the office settings: the SMTP account, reminders, a
connection test that runs in the background (issue #16).

The password never goes into the database: it is typed here and kept in the system
keyring (:func:`b24desk.store.mail_account.save_smtp_password`), or given to a
headless desk in ``B24DESK_SMTP_PASSWORD``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from b24desk.domain.errors import ErrorCollector, ValidationError, ValidationErrors
from b24desk.domain.vocabulary import SMTP_SECURITY, label
from b24desk.i18n import _
from b24desk.store import mail_account, mail_sender, server
from b24desk.ui.forms import error_style, ok_style
from b24desk.ui.operation import Operation

if TYPE_CHECKING:
    from b24desk.store.office import Office
    from b24desk.ui.settings_dialog import SettingsDialog

SECTION = "mail"

#: The usual port of each kind of security (set when the person picks one).
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


class MailSection(QObject):
    """The fields of the E-mail page, laid out on ``dialog``'s "mail" page."""

    def __init__(self, dialog: SettingsDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        field = dialog.office_field
        self.host = field(SECTION, "smtp_host", QLineEdit())
        self.security = field(SECTION, "smtp_security", QComboBox())
        for code in SMTP_SECURITY:
            self.security.addItem("", code)
        self.port = field(SECTION, "smtp_port", QSpinBox())
        self.port.setRange(1, 65535)
        self.user = field(SECTION, "smtp_user", QLineEdit())
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        dialog.add_section_field(SECTION, "smtp_password", lambda: _("Password"), self.password)
        self.sender_name = field(SECTION, "sender_name", QLineEdit())
        self.sender_email = field(SECTION, "sender_email", QLineEdit())
        self.reply_to = field(SECTION, "reply_to", QLineEdit())
        self.bcc_office = field(SECTION, "bcc_office", QCheckBox())
        self.auto_reminders = field(SECTION, "auto_reminders", QCheckBox())
        self.overdue_stages = field(SECTION, "overdue_stages", QLineEdit())

        self.test_button = QPushButton()
        self.test_button.setObjectName("testMailConnection")
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setObjectName("mailTestResult")
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.test_button)
        line.addWidget(self.test_result, 1)
        self.templates_button = QPushButton()
        self.templates_button.setObjectName("mailTemplatesButton")
        line.addWidget(self.templates_button)
        dialog.pages[SECTION].addRow(row)
        self.operation: Operation | None = None
        self.keyring = server.keyring_available()
        self.security.activated.connect(self._on_security)
        self.test_button.clicked.connect(self.test_connection)
        self.templates_button.clicked.connect(self.open_templates)

    # -- loading and reading ------------------------------------------------------------

    def load(self, office: Office) -> None:
        self.host.setText(office.smtp_host)
        self.security.setCurrentIndex(max(0, self.security.findData(office.smtp_security)))
        self.port.setValue(office.smtp_port)
        self.user.setText(office.smtp_user)
        self.sender_name.setText(office.sender_name)
        self.sender_email.setText(office.sender_email)
        self.reply_to.setText(office.reply_to)
        self.bcc_office.setChecked(office.bcc_office)
        self.auto_reminders.setChecked(office.auto_reminders)
        self.overdue_stages.setText(", ".join(office.overdue_stages.split(",")))
        self.password.clear()
        self.loaded_account = self._account()
        self.password.setPlaceholderText(self._password_hint())

    def values(self) -> dict[str, Any]:
        """The office settings of this page, as ``update_office`` takes them."""
        return {
            "smtp_host": self.host.text(),
            "smtp_port": self.port.value(),
            "smtp_security": self.security.currentData() or "",
            "smtp_user": self.user.text(),
            "sender_name": self.sender_name.text(),
            "sender_email": self.sender_email.text(),
            "reply_to": self.reply_to.text(),
            "bcc_office": self.bcc_office.isChecked(),
            "auto_reminders": self.auto_reminders.isChecked(),
            "overdue_stages": self.overdue_stages.text(),
        }

    def _account(self) -> mail_account.MailAccount:
        return mail_account.MailAccount(
            host=self.host.text().strip().lower(),
            port=self.port.value(),
            security=self.security.currentData() or "starttls",
            user=self.user.text().strip(),
            sender_name=self.sender_name.text().strip(),
            sender_email=self.sender_email.text().strip(),
            reply_to=self.reply_to.text().strip(),
            bcc_office=self.bcc_office.isChecked(),
        )

    def _password_hint(self) -> str:
        account = self._account()
        if account.host and mail_account.smtp_password(account):
            return _("Kept in the system keyring; type to change it")
        return "" if self.keyring else _("No system keyring: set B24DESK_SMTP_PASSWORD")

    def save_password(self) -> None:
        """After the settings are saved: keep a typed password in the keyring."""
        typed = self.password.text()
        account, before = self._account(), self.loaded_account
        if not typed and account.key != before.key and before.host:
            typed = mail_account.smtp_password(before) or ""  # moves with the account
        if typed:
            mail_account.save_smtp_password(account, typed)
            self.password.clear()
        if account.key != before.key and before.host:
            mail_account.forget_smtp_password(before)  # no password left behind
        self.loaded_account = account

    # -- the page's behaviour -----------------------------------------------------------

    @Slot(int)
    def _on_security(self, index: int) -> None:
        """Picking a security suggests its usual port, unless a custom one is typed."""
        code = self.security.itemData(index)
        if self.port.value() in DEFAULT_PORTS.values() and code in DEFAULT_PORTS:
            self.port.setValue(DEFAULT_PORTS[code])

    @Slot()
    def test_connection(self) -> None:
        """Log in to the server in the background and say what happened."""
        fields = ("smtp_host", "smtp_port", "smtp_security", "smtp_user", "sender_email")
        for key in fields:
            self.dialog.rows[key].set_error(None)
        checks = mail_account.smtp_validators()
        values = self.values()
        problems = ErrorCollector()
        for key in fields:
            with problems.check():
                checks[key](values[key])
        if not values["smtp_host"].strip():
            problems.add(ValidationError("smtp_host", _("Type the mail server's name.")))
        try:
            problems.raise_if_any()
        except ValidationErrors as errors:
            self.dialog.show_errors(errors.by_field)
            return
        account = self._account()
        password = self.password.text() or mail_account.smtp_password(account)
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(_("Connecting to {host}\u2026").format(host=account.host))
        operation = Operation(
            lambda _progress: mail_sender.test_connection(account, password), self.dialog
        )
        operation.succeeded.connect(self._on_tested)
        operation.failed.connect(self._on_test_failed)
        operation.done.connect(lambda: self.test_button.setEnabled(True))
        self.operation = operation
        operation.start()

    @Slot()
    def open_templates(self) -> None:
        from b24desk.ui.mail.templates import open_templates

        open_templates(self.dialog)

    @Slot(object)
    def _on_tested(self, check: object) -> None:
        assert isinstance(check, mail_sender.ConnectionCheck)
        self.test_result.setStyleSheet(ok_style() if check.ok else error_style())
        self.test_result.setText(check.message)

    @Slot(str)
    def _on_test_failed(self, message: str) -> None:
        self.test_result.setStyleSheet(error_style())
        self.test_result.setText(message)

    def retranslate(self) -> None:
        for index in range(self.security.count()):
            self.security.setItemText(index, label(SMTP_SECURITY, self.security.itemData(index)))
        self.test_button.setText(_("Test connection"))
        self.templates_button.setText(_("Message templates…"))
        self.templates_button.setToolTip(_("The office's wording of each message"))
        self.host.setPlaceholderText(_("e.g. smtp.example.com"))
        self.overdue_stages.setPlaceholderText(_("e.g. 3, 14, 30"))
        self.overdue_stages.setToolTip(
            _("Days after the due date on which an overdue invoice gets a reminder")
        )
        self.bcc_office.setText(_("Send the office a blind copy of every message"))
        self.auto_reminders.setText(_("Queue the reminders that are due once a day"))
        self.auto_reminders.setToolTip(
            _(
                "Renewal, grace, frozen and overdue reminders are queued by themselves; "
                "never twice for the same stage, never to a client marked \u201cdo not "
                "remind\u201d."
            )
        )
        self.password.setPlaceholderText(self._password_hint())
