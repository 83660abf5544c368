"""Pickers: a client picker that stays fast with thousands of clients (LIMIT-ed
look-ups), and a path field with a "Choose…" button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLineEdit, QPushButton, QWidget

from b24desk.domain.errors import ValidationError
from b24desk.i18n import _
from b24desk.store.lookup import ClientChoice, client_choice, find_clients


class ClientPicker(QLineEdit):
    """A line edit that suggests clients as the user types, asking the store for a
    few matches each time (fast with thousands of clients)."""

    #: The chosen client (:class:`ClientChoice`) or None.
    clientChanged = Signal(object)

    LIMIT = 20

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choice: ClientChoice | None = None
        self._choices: list[ClientChoice] = []
        self.suggestions = QStandardItemModel(self)
        self.completer_ = QCompleter(self.suggestions, self)
        self.completer_.setWidget(self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setClearButtonEnabled(True)
        self._connect_signals()
        self.retranslate()

    def _connect_signals(self) -> None:
        self.textEdited.connect(self._on_text_edited)
        self.textChanged.connect(self._on_text_changed)
        self.completer_.activated[QModelIndex].connect(self._on_activated)  # type: ignore[index]
        self.editingFinished.connect(self.resolve_typed)

    def retranslate(self) -> None:
        self.setPlaceholderText(_("Type a company or portal…"))

    def choice(self) -> ClientChoice | None:
        return self._choice

    def current(self) -> ClientChoice | None:
        return self._choice

    def set_client(self, client_id: int | None) -> None:
        self.set_choice(client_choice(client_id) if client_id is not None else None)

    def client_id(self) -> int | None:
        return self._choice.id if self._choice is not None else None

    def set_choice(self, choice: ClientChoice | None) -> None:
        changed = choice != self._choice
        self._choice = choice
        self.blockSignals(True)
        self.setText(choice.company if choice is not None else "")
        self.blockSignals(False)
        if changed:
            self.clientChanged.emit(choice)

    def suggest(self, text: str) -> None:
        """Ask the store for the first matches of ``text`` and show them."""
        self._choices = find_clients(text, self.LIMIT) if text.strip() else []
        self.suggestions.clear()
        for i, choice in enumerate(self._choices):
            item = QStandardItem(choice.label)
            item.setData(i, Qt.ItemDataRole.UserRole)
            self.suggestions.appendRow(item)
        if self._choices:
            self.completer_.complete()
        elif (popup := self.completer_.popup()) is not None:
            popup.hide()

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        self.suggest(text)
        # A company typed in full (one client has that name): it is the choice.
        exact = [c for c in self._choices if c.company.casefold() == text.strip().casefold()]
        if len(exact) == 1 and self._choice is None:
            self.set_choice(exact[0])

    @Slot(str)
    def _on_text_changed(self, text: str) -> None:
        if self._choice is not None and text != self._choice.company:
            self._choice = None
            self.clientChanged.emit(None)

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        i = index.data(Qt.ItemDataRole.UserRole)
        if isinstance(i, int) and 0 <= i < len(self._choices):
            self.set_choice(self._choices[i])

    @Slot()
    def resolve_typed(self) -> None:
        """Typed a company name exactly (and only one client has it): take it."""
        text = self.text().strip()
        if self._choice is not None or not text:
            return
        exact = [
            c for c in find_clients(text, self.LIMIT) if c.company.casefold() == text.casefold()
        ]
        if len(exact) == 1:
            self.set_choice(exact[0])

    def checked_id(self, field: str = "client") -> int | None:
        """The chosen client's id; None when the field is empty; ValidationError
        when something was typed that is not a client."""
        self.resolve_typed()
        if self._choice is None and self.text().strip():
            raise ValidationError(field, _("Choose the client from the suggestions."))
        return self.client_id()


class PathPicker(QWidget):
    """A path field with a "Choose…" button.

    ``ask(parent, current)`` shows the file dialog and returns the chosen path, or ""
    when the person cancelled; ``placeholder`` gives the field's hint (translated).
    """

    def __init__(
        self,
        ask: Callable[[QWidget, str], str],
        placeholder: Callable[[], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ask = ask
        self.placeholder = placeholder
        self.edit = QLineEdit()
        self.button = QPushButton()
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.edit, 1)
        box.addWidget(self.button)
        self.button.clicked.connect(self.choose)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(_("Choose\u2026"))
        if self.placeholder is not None:
            self.edit.setPlaceholderText(self.placeholder())

    def text(self) -> str:
        return self.edit.text().strip()

    @Slot()
    def choose(self) -> None:
        path = self.ask(self, self.text())
        if path:
            self.edit.setText(path)
