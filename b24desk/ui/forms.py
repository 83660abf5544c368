"""Dialogs that validate field by field and keep what was typed.

A :class:`FormDialog` lays out labelled fields, each with an error line under it.
On OK it calls :meth:`FormDialog.save`; a :class:`ValidationError` (or several, as
:class:`ValidationErrors`) raised by the rules or the store is shown beside the
field it names, the dialog stays open, and nothing the user typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QSize, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.i18n import _
from b24desk.store.errors import StaleRecordError, StoreError
from b24desk.ui import palette


def error_style() -> str:
    """The style sheet of an error line, in the current palette's error colour."""
    return palette.text_style(palette.error_text())


def warning_style() -> str:
    """The style sheet of a warning line, in the current palette's caution colour."""
    return palette.text_style(palette.warning_text())


def ok_style() -> str:
    """The style sheet of a line that reports success, in the palette's good colour."""
    return palette.text_style(palette.ok_text())


_STYLES: dict[str, Callable[[], str]] = {"ERROR_STYLE": error_style, "WARNING_STYLE": warning_style}


def __getattr__(name: str) -> str:
    """``ERROR_STYLE`` and ``WARNING_STYLE``, the names callers imported before the
    palette: the style of the palette of the moment (prefer the functions above)."""
    if name in _STYLES:
        return _STYLES[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

#: The widgets a person types into, picks from or reads a list in: each needs a name
#: a screen reader can say (its label's text; a check box's or button's own text).
INPUT_TYPES: tuple[type[QWidget], ...] = (
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTextEdit,
    QAbstractButton,
    QAbstractItemView,
)


def _inputs(widget: QWidget) -> list[QWidget]:
    """``widget`` itself when it is an input, and the inputs inside it."""
    found = [widget] if isinstance(widget, INPUT_TYPES) else []
    for child in widget.findChildren(QWidget):
        if isinstance(child, INPUT_TYPES) and not isinstance(child.parent(), INPUT_TYPES):
            found.append(child)  # not a combo box's own line edit or list
    return found


def plain_label(text: str) -> str:
    """A label's text as a screen reader says it: no mnemonic "&", no trailing colon
    or ellipsis."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.strip().rstrip(":…").strip()


def set_accessible_name(widget: QWidget, label: str) -> None:
    """Name ``widget`` and the inputs inside it after ``label`` (once per language).

    A check box or button that shows its own text is named by that text already."""
    name = plain_label(label)
    for item in _inputs(widget):
        if isinstance(item, QAbstractButton) and item.text():
            continue
        item.setAccessibleName(name)


_AUTO_NAME = "b24deskAutoName"


def _context_name(widget: QWidget, root: QWidget) -> str:
    """What a person sees naming ``widget``: its label (a buddy or its form row), its
    placeholder, the tab page or group box it sits in; "" when nothing names it."""
    for label in root.findChildren(QLabel):
        if label.buddy() is widget and label.text():
            return label.text()
    parent = widget.parentWidget()
    child: QWidget = widget
    while parent is not None:
        layout = parent.layout()
        if isinstance(layout, QFormLayout):
            row_label = layout.labelForField(child)
            if isinstance(row_label, QLabel) and row_label.text():
                return row_label.text()
        if child is widget:
            placeholder = getattr(widget, "placeholderText", None)
            if callable(placeholder) and placeholder():
                return str(placeholder())
        if isinstance(parent, QTabWidget):
            index = parent.indexOf(child)
            if index >= 0 and parent.tabText(index):
                return parent.tabText(index)
        if isinstance(parent, QGroupBox) and parent.title():
            return parent.title()
        if parent is root:
            break
        child, parent = parent, parent.parentWidget()
    return ""


def name_from_context(root: QWidget, fallback: str = "") -> None:
    """Give each input and list in ``root`` that has no accessible name the name a
    person reads beside it (:func:`_context_name`), else ``fallback`` (the tab's or
    window's title).  Names given by hand are kept; names given here are renewed, so
    calling it again after a language change speaks the new language."""
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUT_TYPES) or isinstance(widget.parentWidget(), INPUT_TYPES):
            continue
        if isinstance(widget, QAbstractButton) and widget.text():
            continue  # a check box or button says its own text
        current = widget.accessibleName()
        if current and current != widget.property(_AUTO_NAME):
            continue
        name = plain_label(_context_name(widget, root) or fallback)
        if name:
            widget.setAccessibleName(name)
            widget.setProperty(_AUTO_NAME, name)


def on_edited(widget: QWidget, callback: Callable[..., None]) -> None:
    """Call ``callback`` whenever the person changes ``widget`` or an input inside it."""
    for item in _inputs(widget):
        if isinstance(item, QLineEdit):
            item.textEdited.connect(callback)
        elif isinstance(item, QComboBox):
            item.currentIndexChanged.connect(callback)
            if item.isEditable():
                item.editTextChanged.connect(callback)
        elif isinstance(item, QSpinBox):
            item.valueChanged.connect(callback)
        elif isinstance(item, QDateTimeEdit):
            item.dateTimeChanged.connect(callback)
        elif isinstance(item, QAbstractSpinBox):
            item.editingFinished.connect(callback)
        elif isinstance(item, (QPlainTextEdit, QTextEdit)):
            item.textChanged.connect(callback)
        elif isinstance(item, QAbstractButton):
            item.toggled.connect(callback)


def count_suffix(spin: QSpinBox, noun: Callable[[int], str]) -> None:
    """Keep ``spin``'s suffix the plural its value needs: ``noun`` is
    ``lambda n: ngettext("day", "days", n)`` ("1 day", "2 days"; "1 день", "5 дней").
    Call it again after a language change."""

    def update(*_args: object) -> None:
        spin.setSuffix(" " + noun(spin.value()))

    update()
    if not spin.property("countSuffix"):
        spin.setProperty("countSuffix", True)
        spin.valueChanged.connect(update)


def focus_first(widgets: list[QWidget]) -> QWidget | None:
    """Give the focus to the first enabled input of ``widgets``; return it."""
    for widget in widgets:
        for item in _inputs(widget):
            if (
                item.isEnabled()
                and not item.isHidden()
                and item.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                item.setFocus(Qt.FocusReason.OtherFocusReason)
                return item
    return None


class FieldRow:
    """A field's label, editor and the message line under it."""

    def __init__(self, key: str, label: Callable[[], str], widget: QWidget) -> None:
        self.key = key
        self.label_fn = label
        self.widget = widget
        self.label = QLabel()
        self.label.setBuddy(widget)
        self.message = QLabel()
        self.message.setObjectName(f"error_{key}")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(error_style())
        self.message.hide()
        self.container = QWidget()
        box = QVBoxLayout(self.container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(self.message)

    def reserve_height(self) -> None:
        """Keep room for the message wrapped at the width the field has now."""
        width = self.container.width()
        if self.message.isHidden() or width <= 0:
            self.message.setMinimumHeight(0)
        else:
            self.message.setMinimumHeight(self.message.heightForWidth(width))

    def set_error(self, text: str | None, warning: bool = False) -> None:
        if text:
            self.message.setStyleSheet(warning_style() if warning else error_style())
            self.message.setText(text)
            self.message.show()
            self.widget.setProperty("invalid", not warning)
        else:
            self.message.clear()
            self.message.hide()
            self.widget.setProperty("invalid", False)


class FormDialog(QDialog):
    """A dialog of labelled fields whose OK button runs :meth:`save`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[str, FieldRow] = {}
        self._focused_once = False
        self._edit_keys: dict[QWidget, str] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.general_error = QLabel()
        self.general_error.setObjectName("error_general")
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(error_style())
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    def add_field(self, key: str, label: Callable[[], str], widget: QWidget) -> QWidget:
        row = self.register_field(key, label, widget)
        self.form.addRow(row.label, row.container)
        return widget

    def register_field(self, key: str, label: Callable[[], str], widget: QWidget) -> FieldRow:
        """A field of this form (its label, message line, accessible name and the
        watch that clears its error when edited); the caller lays it out."""
        row = FieldRow(key, label, widget)
        widget.setObjectName(f"field_{key}")
        self.rows[key] = row
        row.label.setText(label())
        set_accessible_name(widget, label())
        for item in _inputs(widget):
            self._edit_keys[item] = key
        # A bound method, not a lambda holding the dialog: a closed form is freed.
        on_edited(widget, self._on_input_edited)
        return row

    def _on_input_edited(self, *_args: object) -> None:
        key = self._edit_keys.get(self.sender())  # type: ignore[call-overload]
        if key is not None:
            self.field_edited(key)

    def retranslate(self) -> None:
        for row in self.rows.values():
            row.label.setText(row.label_fn())
            set_accessible_name(row.widget, row.label_fn())

    def event(self, event: QEvent) -> bool:  # Qt override
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            self._grow_to_fit()
        return handled

    def _grow_to_fit(self) -> None:
        """An open form whose texts grew (the desk's language changed, a text wrapped
        onto another line) grows to show them whole; Qt leaves a window's size alone
        once it has its own minimum width or its rows wrap. Never shrinks, never
        beyond the screen."""
        layout = self.layout()
        if layout is None:
            return
        width = max(self.width(), layout.totalMinimumSize().width())
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width)
        else:
            height = layout.totalMinimumSize().height()
        wanted = QSize(width, max(self.height(), height))
        screen = self.screen()
        if screen is not None:
            wanted = wanted.boundedTo(screen.availableGeometry().size())
        if wanted.width() > self.width() or wanted.height() > self.height():
            self.resize(wanted.expandedTo(self.size()))

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        # The form opens on its first field, not on OK (Qt would focus the default
        # button): the person starts typing at once.
        super().showEvent(event)
        if not self._focused_once:
            self._focused_once = True
            focus_first([row.widget for row in self.rows.values()])

    def field_edited(self, key: str) -> None:
        """The person changed field ``key``: its error is gone as soon as it changes
        (what they typed stays); a warning is left to whoever set it."""
        row = self.rows.get(key)
        if row is not None and row.widget.property("invalid"):
            row.set_error(None)
            row.reserve_height()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        # Installing the new language's Qt translator sends LanguageChange to every
        # widget: an open dialog re-translates itself while it stays open.
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- errors -------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for row in self.rows.values():
            row.set_error(None)
        self.general_error.hide()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message beside its field; unknown fields go under the form."""
        self.clear_errors()
        general = []
        first: QWidget | None = None
        for key, message in errors.items():
            row = self.rows.get(key)
            if row is None:
                general.append(message)
                continue
            row.set_error(message)
            first = first or row.widget
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        # Wrapped messages need height: the form's rows take the labels' one-line
        # size hint, so reserve each message's wrapped height, then grow the dialog.
        for row in self.rows.values():
            row.reserve_height()
        self.adjustSize()

    def error_of(self, key: str) -> str:
        row = self.rows.get(key)
        if row is None:
            return self.general_error.text() if self.general_error.isVisible() else ""
        return row.message.text() if not row.message.isHidden() else ""

    # -- saving ------------------------------------------------------------------------

    def save(self) -> Any:
        """Validate and store what the form holds; raise ValidationError(s) if it can't."""
        raise NotImplementedError

    @Slot()
    def try_accept(self) -> None:
        try:
            self.result_value = self.save()
        except ValidationErrors as errors:
            self.show_errors(errors.by_field)
        except ValidationError as error:
            self.show_errors({error.field: error.message})
        except StaleRecordError as exc:
            self._on_conflict(exc)
        except StoreError as exc:
            self.show_errors({"": str(exc)})
        else:
            self.clear_errors()
            self.accept()

    # -- two desks, one record ----------------------------------------------------------

    def conflict_values(self) -> tuple[dict[str, Any], dict[str, Any], int] | None:
        """For a form that edits a record: (its values when the form was opened, its
        values saved now, the version saved now).  ``None``: no conflict handling."""
        return None

    def form_values(self) -> dict[str, Any]:
        """What the form holds, keyed as :meth:`conflict_values`."""
        return {}

    def conflict_labels(self) -> dict[str, str]:
        """The names shown for the keys of :meth:`conflict_values`."""
        return {key: row.label_fn() for key, row in self.rows.items()}

    def reload(self) -> None:
        """Show the record as saved now (the user's changes are dropped)."""

    def take_version(self, version: int) -> None:
        """Save over ``version`` next time (keep mine and overwrite)."""

    def run_conflict(self, dialog: ConflictDialog) -> str | None:
        """Show the conflict; tests replace it.  Returns "reload", "overwrite" or None."""
        return dialog.ask()

    def _on_conflict(self, exc: StaleRecordError) -> None:
        conflict = self.conflict_values()
        if conflict is None:
            QMessageBox.warning(self, _("Changed by someone else"), str(exc))
            return
        opened, saved, version = conflict
        choice = resolve_conflict(self, self.conflict_labels(), opened, saved, self.form_values())
        if choice == "overwrite":
            self.take_version(version)
            self.try_accept()


class ConflictForm(Protocol):
    """What :func:`resolve_conflict` needs of a form (FormDialog, the invoice editor)."""

    def run_conflict(self, dialog: ConflictDialog) -> str | None: ...
    def reload(self) -> None: ...
    def show_errors(self, errors: dict[str, str]) -> None: ...


def resolve_conflict(
    form: ConflictForm,
    labels: dict[str, str],
    opened: dict[str, Any],
    saved: dict[str, Any],
    mine: dict[str, Any],
) -> str | None:
    """Show what the other desk saved beside what ``form`` holds and let the person
    choose.  On "reload" the form shows the saved record and says so; "overwrite"
    (save mine over theirs) and None (cancel) are left to the caller."""
    parent = form if isinstance(form, QWidget) else None
    dialog = ConflictDialog(labels, opened, saved, mine, parent)
    choice = form.run_conflict(dialog)
    dialog.deleteLater()
    if choice == "reload":
        form.reload()
        form.show_errors(
            {"": _("The form now shows the record as it was saved on the other desk.")}
        )
    return choice


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


class ConflictDialog(QDialog):
    """Another desk saved the record meanwhile: what changed, and what to do."""

    def __init__(
        self,
        labels: dict[str, str],
        opened: dict[str, Any],
        saved: dict[str, Any],
        mine: dict[str, Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.choice: str | None = None
        self.changed = [
            key
            for key in saved
            if saved.get(key) != opened.get(key) or mine.get(key) != saved.get(key)
        ]
        self.setWindowTitle(_("Changed on another desk"))
        text = QLabel(
            _(
                "Someone saved this record on another desk after you opened it. "
                "Compare, then keep theirs (reload) or save yours over it."
            )
        )
        text.setWordWrap(True)
        self.table = QTableWidget(len(self.changed), 3)
        self.table.setObjectName("conflictTable")
        self.table.setHorizontalHeaderLabels([_("Field"), _("Saved on the other desk"), _("Yours")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, key in enumerate(self.changed):
            cells = [labels.get(key, key), _shown(saved.get(key)), _shown(mine.get(key))]
            for col, value in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.reload_button = buttons.addButton(
            _("Reload theirs"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.overwrite_button = buttons.addButton(
            _("Keep mine and overwrite"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.reload_button.clicked.connect(lambda: self._choose("reload"))
        self.overwrite_button.clicked.connect(lambda: self._choose("overwrite"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 320)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def ask(self) -> str | None:
        """Show the dialog; "reload", "overwrite", or None when cancelled."""
        self.exec()
        return self.choice


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before destroying something; the default button is the safe one."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is yes
