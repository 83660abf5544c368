"""Forms that validate field by field: a message beside the field it names, the
dialog kept open with everything typed, and the choice when another desk saved."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QWidget,
)

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.store.errors import StaleRecordError, StoreError
from b24desk.ui import forms
from b24desk.ui.forms import ConflictDialog, FormDialog, confirm


class ClientForm(FormDialog):
    """A small form as the tabs build them: company and e-mail, checked on OK."""

    def __init__(self, saved: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.labels = {"company": "Company", "email": "E-mail"}
        self.company, self.email, self.vip = QLineEdit(), QLineEdit(), QCheckBox()
        self.add_field("company", lambda: self.labels["company"], self.company)
        self.add_field("email", lambda: self.labels["email"], self.email)
        self.add_field("vip", lambda: "VIP", self.vip)
        self.refusal: Exception | None = None
        self.saved = saved  # what another desk saved, when it did
        self.version = 1
        self.choices: list[str | None] = []
        self.saves = 0

    def save(self) -> Any:
        self.saves += 1
        if self.refusal is not None:
            refusal, self.refusal = self.refusal, None
            raise refusal
        errors = []
        if not self.company.text().strip():
            errors.append(ValidationError("company", "Give the company's name."))
        if "@" not in self.email.text():
            errors.append(ValidationError("email", "An e-mail address has an @."))
        if errors:
            raise ValidationErrors(errors)
        return (self.company.text().strip(), self.version)

    def conflict_values(self) -> tuple[dict[str, Any], dict[str, Any], int] | None:
        if self.saved is None:
            return None
        opened = {"company": "Acme", "email": "a@acme.nz", "vip": False}
        return opened, self.saved, 2

    def form_values(self) -> dict[str, Any]:
        return {"company": self.company.text(), "email": self.email.text(), "vip": False}

    def reload(self) -> None:
        assert self.saved is not None
        self.company.setText(self.saved["company"])
        self.email.setText(self.saved["email"])

    def take_version(self, version: int) -> None:
        self.version = version

    def run_conflict(self, dialog: ConflictDialog) -> str | None:
        self.conflict = dialog
        return self.choices.pop(0)


@pytest.fixture
def form(qtbot: Any) -> ClientForm:
    dialog = ClientForm()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_each_message_beside_its_field_and_the_typing_kept(qtbot: Any, form: ClientForm) -> None:
    qtbot.keyClicks(form.email, "desk.kiwi.nz")
    qtbot.mouseClick(form.buttons.button(form.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.result() != QDialog.DialogCode.Accepted
    assert form.error_of("company") == "Give the company's name."
    assert form.error_of("email") == "An e-mail address has an @."
    message = form.rows["email"].message
    assert message.isVisible() and message.objectName() == "error_email"
    assert form.rows["email"].container.isAncestorOf(message)  # under its own field
    assert form.email.property("invalid") is True
    assert form.email.text() == "desk.kiwi.nz"  # nothing typed is lost
    assert QApplication.focusWidget() is form.company  # the first field with a problem
    assert form.error_of("") == ""  # nothing for the form as a whole


def test_a_corrected_form_clears_its_messages_and_closes(qtbot: Any, form: ClientForm) -> None:
    form.try_accept()
    assert form.error_of("company")
    qtbot.keyClicks(form.company, "Kiwi CRM")
    qtbot.keyClicks(form.email, "desk@kiwi.nz")
    form.try_accept()
    assert form.result() == QDialog.DialogCode.Accepted
    assert form.result_value == ("Kiwi CRM", 1)
    assert form.error_of("company") == form.error_of("email") == ""
    assert form.company.property("invalid") is False


def test_one_field_error_and_a_store_refusal(qtbot: Any, form: ClientForm) -> None:
    form.refusal = ValidationError("email", "That address bounced last week.")
    form.try_accept()
    assert form.error_of("email") == "That address bounced last week."
    assert form.error_of("company") == ""
    form.refusal = StoreError("The database is read-only: nothing was saved.")
    form.try_accept()
    assert form.error_of("") == "The database is read-only: nothing was saved."
    assert form.error_of("email") == ""  # the earlier message went
    assert form.general_error.isVisible()
    assert form.result() != QDialog.DialogCode.Accepted


def test_a_message_for_no_field_goes_under_the_form(form: ClientForm) -> None:
    form.show_errors({"company": "Too long.", "payer": "Choose who pays."})
    assert form.error_of("company") == "Too long."
    assert form.error_of("payer") == "Choose who pays."  # no such field: below the form
    assert form.general_error.isVisible()


def test_a_warning_is_shown_in_its_own_colour(form: ClientForm) -> None:
    row = form.rows["email"]
    row.set_error("Another client has this address.", warning=True)
    assert row.message.styleSheet() == forms.WARNING_STYLE
    assert form.email.property("invalid") is False  # a warning does not block
    row.set_error("An e-mail address has an @.")
    assert row.message.styleSheet() == forms.ERROR_STYLE
    row.set_error(None)
    assert row.message.isHidden() and row.message.text() == ""


def test_labels_follow_a_language_change(form: ClientForm) -> None:
    form.labels["company"] = "Empresa"
    QApplication.sendEvent(form, QEvent(QEvent.Type.LanguageChange))
    assert form.rows["company"].label.text() == "Empresa"
    assert form.rows["company"].label.buddy() is form.company


def test_a_stale_save_without_conflict_handling_warns(
    form: ClientForm, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(
        forms.QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text)
    )
    form.refusal = StaleRecordError("Changed on another desk since you opened it.")
    form.try_accept()
    assert warnings == ["Changed on another desk since you opened it."]
    assert form.result() != QDialog.DialogCode.Accepted


def conflicted(qtbot: Any, choices: list[str | None]) -> ClientForm:
    form = ClientForm(saved={"company": "Acme Ltd", "email": "a@acme.nz", "vip": True})
    qtbot.addWidget(form)
    form.show()
    form.company.setText("Acme Limited")
    form.email.setText("office@acme.nz")
    form.choices = choices
    form.refusal = StaleRecordError("Changed on another desk.")
    form.try_accept()
    return form


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


def test_keeping_mine_saves_over_the_other_desk(qtbot: Any) -> None:
    form = conflicted(qtbot, ["overwrite"])
    assert form.saves == 2 and form.result_value == ("Acme Limited", 2)  # over version 2
    assert form.result() == QDialog.DialogCode.Accepted
    table = form.conflict.table
    rows = [[cell_text(table, r, c) for c in range(3)] for r in range(table.rowCount())]
    assert rows == [
        ["Company", "Acme Ltd", "Acme Limited"],
        ["E-mail", "a@acme.nz", "office@acme.nz"],
        ["VIP", "yes", "no"],
    ]


def test_reloading_theirs_shows_the_saved_record_and_says_so(qtbot: Any) -> None:
    form = conflicted(qtbot, ["reload"])
    assert (form.company.text(), form.email.text()) == ("Acme Ltd", "a@acme.nz")
    assert form.error_of("") == "The form now shows the record as it was saved on the other desk."
    assert form.result() != QDialog.DialogCode.Accepted and form.saves == 1


def test_cancelling_the_conflict_keeps_the_form_as_typed(qtbot: Any) -> None:
    form = conflicted(qtbot, [None])
    assert (form.company.text(), form.email.text()) == ("Acme Limited", "office@acme.nz")
    assert form.saves == 1 and form.result() != QDialog.DialogCode.Accepted


def test_the_conflict_dialog_lists_only_what_differs(qtbot: Any) -> None:
    dialog = ConflictDialog(
        {"company": "Company", "email": "E-mail"},
        opened={"company": "Acme", "email": "a@acme.nz", "city": "Nelson"},
        saved={"company": "Acme", "email": "b@acme.nz", "city": "Nelson"},
        mine={"company": "Acme", "email": "a@acme.nz", "city": "Nelson"},
    )
    qtbot.addWidget(dialog)
    assert dialog.changed == ["email"]
    QTimer.singleShot(0, dialog.reload_button.click)
    assert dialog.ask() == "reload"
    QTimer.singleShot(0, dialog.reject)
    dialog.choice = None
    assert dialog.ask() is None


def answer_box(button_text: str | None) -> None:
    """Click the button of the message box open now (None: press Escape)."""
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    if button_text is None:
        box.reject()
        return
    next(b for b in box.buttons() if b.text() == button_text).click()


def test_confirm_asks_and_defaults_to_the_safe_answer(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    QTimer.singleShot(0, lambda: answer_box("Delete"))
    assert confirm(parent, "Delete the draft?", "It cannot be undone.", "Delete") is True
    QTimer.singleShot(0, lambda: answer_box(None))
    assert confirm(parent, "Delete the draft?", "It cannot be undone.", "Delete") is False

    def default_is_cancel() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel))
        box.defaultButton().click()

    seen: list[bool] = []
    QTimer.singleShot(0, default_is_cancel)
    assert confirm(parent, "Delete the draft?", "It cannot be undone.", "Delete") is False
    assert seen == [True]
