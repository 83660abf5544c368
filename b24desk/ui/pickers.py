"""A client picker that stays fast with thousands of clients (LIMIT-ed look-ups)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from b24desk.i18n import _
from b24desk.store.lookup import ClientChoice, client_choice, find_clients


class ClientPicker(QLineEdit):
    """Type part of a company, e-mail or portal; pick from at most 20 suggestions."""

    clientChanged = Signal(object)  # the ClientChoice, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices: dict[str, ClientChoice] = {}
        self._current: ClientChoice | None = None
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(self._completer)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._lookup)
        self.textEdited.connect(lambda _text: self._timer.start())
        self._completer.activated.connect(self._on_chosen)
        self.editingFinished.connect(self._on_finished)
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(_("Type to find a client…"))

    def current(self) -> ClientChoice | None:
        return self._current

    def set_client(self, client_id: int | None) -> None:
        choice = client_choice(client_id) if client_id is not None else None
        self._set(choice)
        self.setText(choice.company if choice else "")

    def _set(self, choice: ClientChoice | None) -> None:
        if choice != self._current:
            self._current = choice
            self.clientChanged.emit(choice)

    @Slot()
    def _lookup(self) -> None:
        found = find_clients(self.text(), limit=20)
        self._choices = {self._label(c): c for c in found}
        self._model.setStringList(list(self._choices))
        if self.hasFocus() and found:
            self._completer.complete()

    @staticmethod
    def _label(choice: ClientChoice) -> str:
        return f"{choice.company} · {choice.currency}"

    @Slot(str)
    def _on_chosen(self, label: str) -> None:
        choice = self._choices.get(label)
        if choice is not None:
            self._set(choice)
            QTimer.singleShot(0, lambda: self.setText(choice.company))

    @Slot()
    def _on_finished(self) -> None:
        if self._current is not None and self.text() in (
            self._current.company, self._label(self._current)
        ):
            return
        exact = [c for c in find_clients(self.text(), limit=5) if c.company == self.text()]
        self._set(exact[0] if len(exact) == 1 else None)
