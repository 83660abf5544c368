"""The mail templates editor: the office's wording of each kind of message in each
language, with the placeholders a template may use (issue #16.4).

Edits are kept while the person moves between kinds and languages; OK saves every
changed template, each checked first (an unknown placeholder is refused beside the
field, on the template it is in).  "Shipped text" puts b24desk's own wording back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.mail_templates import PLACEHOLDERS, check_template
from b24desk.domain.vocabulary import LANGUAGES, MAIL_KINDS, label
from b24desk.i18n import _
from b24desk.store import mail_templates
from b24desk.ui.forms import FormDialog, set_accessible_name

Key = tuple[str, str]  # (kind, language)


class TemplatesDialog(FormDialog):
    """Kinds on the left, a tab per language, the subject and body on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mailTemplatesDialog")
        self.kinds = QListWidget()
        self.kinds.setObjectName("templateKinds")
        for code in MAIL_KINDS:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.kinds.addItem(item)
        self.languages = QTabBar()
        self.languages.setObjectName("templateLanguages")
        for code in LANGUAGES:
            self.languages.addTab(LANGUAGES[code])
            self.languages.setTabData(self.languages.count() - 1, code)
        self.subject = QLineEdit()
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        self.insert = QComboBox()
        self.insert.setObjectName("insertPlaceholder")
        self.insert.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._last_editor: QWidget = self.body
        self.subject.installEventFilter(self)
        self.body.installEventFilter(self)
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("resetTemplate")
        self.state = QLabel()
        self.state.setObjectName("templateState")

        self.add_field("subject", lambda: _("Subject"), self.subject)
        self.add_field("body", lambda: _("Message"), self.body)
        tools = QHBoxLayout()
        tools.addWidget(self.insert, 1)
        tools.addWidget(self.reset_button)
        self.form.addRow(self.state, tools)

        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.removeItem(self.form)  # the form goes on the right, under the languages
        self.form.setParent(None)
        right = QVBoxLayout()
        right.addWidget(self.languages)
        right.addLayout(self.form)
        columns = QHBoxLayout()
        columns.addWidget(self.kinds)
        columns.addLayout(right, 1)
        outer.insertLayout(0, columns)
        self.buttons.setStandardButtons(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )

        #: What the person typed, per template, while the dialog is open.
        self.edits: dict[Key, tuple[str, str]] = {}
        self.current: Key | None = None
        self.kinds.currentRowChanged.connect(self._on_switch)
        self.languages.currentChanged.connect(self._on_switch)
        self.insert.activated.connect(self._on_insert)
        self.reset_button.clicked.connect(self._on_reset)
        self.retranslate()
        self.kinds.setCurrentRow(0)
        self.resize(900, 560)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self._last_editor = watched
        return super().eventFilter(watched, event)

    # -- moving between templates -------------------------------------------------------

    def selected(self) -> Key:
        item = self.kinds.currentItem()
        kind = item.data(Qt.ItemDataRole.UserRole) if item is not None else next(iter(MAIL_KINDS))
        return kind, self.languages.tabData(max(0, self.languages.currentIndex()))

    def _keep_typed(self) -> None:
        if self.current is not None:
            typed = (self.subject.text(), self.body.toPlainText())
            if typed != mail_templates.template(*self.current):
                self.edits[self.current] = typed
            else:
                self.edits.pop(self.current, None)

    @Slot()
    def _on_switch(self, *_args: object) -> None:
        self._keep_typed()
        self.current = self.selected()
        subject, body = self.edits.get(self.current) or mail_templates.template(*self.current)
        self.subject.setText(subject)
        self.body.setPlainText(body)
        self.clear_errors()
        self._fill_placeholders()
        self._show_state()

    def _fill_placeholders(self) -> None:
        kind = self.selected()[0]
        self.insert.clear()
        self.insert.addItem(_("Insert a placeholder\u2026"), None)
        for name in PLACEHOLDERS[kind]:
            self.insert.addItem("{" + name + "}", name)

    def _show_state(self) -> None:
        key = self.selected()
        if key in self.edits:
            text = _("Changed, not saved yet")
        elif mail_templates.is_customised(*key):
            text = _("The office's own text")
        else:
            text = _("The text shipped with b24desk")
        self.state.setText(text)
        self.reset_button.setEnabled(mail_templates.is_customised(*key) or key in self.edits)

    @Slot(int)
    def _on_insert(self, index: int) -> None:
        name = self.insert.itemData(index)
        if name:
            # The list takes no focus: the text goes where the cursor was.
            if self._last_editor is self.subject:
                self.subject.insert("{" + name + "}")
            else:
                self.body.insertPlainText("{" + name + "}")
        self.insert.setCurrentIndex(0)

    @Slot()
    def _on_reset(self) -> None:
        key = self.selected()
        self.edits.pop(key, None)
        if mail_templates.is_customised(*key):
            mail_templates.reset_template(*key)
        self.current = None
        self._on_switch()

    # -- saving -------------------------------------------------------------------------

    def save(self) -> int:
        """Save every changed template (each checked); the first refused one is shown."""
        self._keep_typed()
        for (kind, language), (subject, body) in self.edits.items():
            try:
                check_template(kind, subject, body)
            except (ValidationErrors, ValidationError):
                self._show_template(kind, language)
                raise
        for (kind, language), (subject, body) in self.edits.items():
            mail_templates.save_template(kind, language, subject, body)
        saved = len(self.edits)
        self.edits.clear()
        return saved

    def _show_template(self, kind: str, language: str) -> None:
        self.kinds.blockSignals(True)
        self.languages.blockSignals(True)
        self.kinds.setCurrentRow(list(MAIL_KINDS).index(kind))
        self.languages.setCurrentIndex(list(LANGUAGES).index(language))
        self.kinds.blockSignals(False)
        self.languages.blockSignals(False)
        self.current = (kind, language)
        self.subject.setText(self.edits[self.current][0])
        self.body.setPlainText(self.edits[self.current][1])
        self._fill_placeholders()
        self._show_state()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Mail templates"))
        for row in range(self.kinds.count()):
            item = self.kinds.item(row)
            item.setText(label(MAIL_KINDS, item.data(Qt.ItemDataRole.UserRole)))
        set_accessible_name(self.kinds, _("Messages"))
        set_accessible_name(self.insert, _("Insert a placeholder…"))
        set_accessible_name(self.languages, _("Language"))
        self.reset_button.setText(_("Shipped text"))
        self.reset_button.setToolTip(_("Put back the wording b24desk ships for this message"))
        width = self.kinds.sizeHintForColumn(0) + 2 * self.kinds.frameWidth() + 16
        self.kinds.setFixedWidth(width)  # the names whole, the rest for the text
        if self.current is not None:
            self._fill_placeholders()
            self._show_state()


def open_templates(parent: QWidget | None) -> bool:
    """Show the templates editor; ``True`` when templates were saved."""
    dialog = TemplatesDialog(parent)
    try:
        return bool(dialog.exec())
    finally:
        dialog.deleteLater()
