"""File → Restore…: choose a backup, see whether it can be restored, restore it.

The dialog lists the copies in the backups folder (newest first, with date and
size) and offers "Choose a file…" for any other.  The chosen file is checked at once
with :func:`b24desk.store.backup.check_backup`, the same checks ``restore`` makes,
and the result is shown beside the list; "Restore" is enabled only for a file that
passes.  Restoring asks first, then calls the ``restore_callback`` it was given:
the main window closes the database, calls :func:`b24desk.store.backup.restore`,
and opens the database again.  The dialog itself never touches the open database.

The check reads the whole file (``PRAGMA integrity_check``); it runs on the GUI
thread behind a wait cursor, which takes well under a second for an office's
database.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from babel.units import format_unit
from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from b24desk import paths
from b24desk.i18n import _, babel_locale, format_date, format_datetime, ngettext
from b24desk.store.backup import (
    BackupCheck,
    BackupFile,
    backup_folder_for,
    check_backup,
    list_backups,
)
from b24desk.store.db import open_database_file
from b24desk.store.errors import StoreError
from b24desk.store.migrations import LATEST_VERSION
from b24desk.ui.forms import confirm, error_style, name_from_context, ok_style

PATH_ROLE = Qt.ItemDataRole.UserRole


def format_size(size: int) -> str:
    """A file size in the desk language: "340 kB", "1.2 MB", "1,2 МБ"."""
    if size < 1000 * 1000:
        value = (Decimal(size) / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        unit = "digital-kilobyte"
    else:
        value = (Decimal(size) / 1000 / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        unit = "digital-megabyte"
    return format_unit(value, unit, length="short", locale=babel_locale())


def _when(backup: BackupFile) -> str:
    if backup.day is not None:
        return format_date(backup.day)
    return format_datetime(backup.modified.astimezone())


class RestoreDialog(QDialog):
    """Pick a backup, see the result of its check, and restore it through a callback."""

    def __init__(
        self,
        restore_callback: Callable[[Path], None],
        folder: Path | None = None,
        parent: QWidget | None = None,
        database_file: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.restore_callback = restore_callback
        # The copies of this database only (its own folder); without a database
        # whose identity can be read, every copy in the backups folder.
        database_file = database_file or open_database_file()
        self.folder = folder if folder is not None else backup_folder_for(database_file)
        self.every_copy = folder is None and self.folder == paths.backups_dir()
        self.backups: list[BackupFile] = []
        self.chosen: Path | None = None
        self.check: BackupCheck | None = None
        self.problem: str = ""

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setObjectName("backupList")
        self.list.setColumnCount(3)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("chooseFile")
        self.result_label = QLabel()
        self.result_label.setObjectName("checkResult")
        self.result_label.setWordWrap(True)
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setMinimumWidth(260)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(False)

        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.empty)
        choose_row = QHBoxLayout()
        choose_row.addWidget(self.choose_button)
        choose_row.addStretch(1)
        left.addLayout(choose_row)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(self.result_label, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 420)

        self._connect_signals()
        self.reload()
        self.retranslate()

    def _connect_signals(self) -> None:
        self.list.itemSelectionChanged.connect(self._on_selection)
        self.choose_button.clicked.connect(self.choose_file)
        self.buttons.rejected.connect(self.reject)
        # Not ``accepted``: the dialog closes only after the callback succeeded.
        self.restore_button.clicked.connect(self.restore)

    # -- the list ---------------------------------------------------------------------

    def reload(self) -> None:
        """Read the backups folder again."""
        self.backups = list_backups(self.folder, subfolders=self.every_copy)
        self.list.blockSignals(True)
        self.list.clear()
        for backup in self.backups:
            item = QTreeWidgetItem(["", "", backup.path.name])
            item.setData(0, PATH_ROLE, str(backup.path))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(2, str(backup.path))
            self.list.addTopLevelItem(item)
        self.list.blockSignals(False)
        self._fill_cells()
        self.list.setVisible(bool(self.backups))
        self.empty.setVisible(not self.backups)

    def _fill_cells(self) -> None:
        for row, backup in enumerate(self.backups):
            item = self.list.topLevelItem(row)
            if item is None:
                continue
            item.setText(0, _when(backup))
            item.setText(1, format_size(backup.size))

    @Slot()
    def _on_selection(self) -> None:
        items = self.list.selectedItems()
        if items:
            self.select_path(Path(items[0].data(0, PATH_ROLE)))

    @Slot()
    def choose_file(self) -> None:
        start = str(self.chosen.parent if self.chosen else self.folder)
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose a backup"),
            start,
            _("SQLite databases (*.sqlite *.db *.bak);;All files (*)"),
        )
        if name:
            self.list.blockSignals(True)
            self.list.clearSelection()
            self.list.blockSignals(False)
            self.select_path(Path(name))

    # -- the check --------------------------------------------------------------------

    def select_path(self, path: Path) -> None:
        """Check ``path`` and show the result; "Restore" follows it."""
        self.chosen = path
        self.check = None
        self.problem = ""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.check = check_backup(path)
        except StoreError as exc:
            self.problem = str(exc)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._show_result()

    def _show_result(self) -> None:
        self.restore_button.setEnabled(self.check is not None)
        if self.chosen is None:
            self.result_label.setStyleSheet("")
            self.result_label.setText(_("Choose a backup to see whether it can be restored."))
            return
        if self.check is None:
            self.result_label.setStyleSheet(error_style())
            self.result_label.setText(_("This file cannot be restored.") + "\n\n" + self.problem)
            return
        check = self.check
        lines = [
            _("This backup can be restored."),
            "",
            _("File: {file}").format(file=check.path.name),
            _("Saved: {when}").format(when=format_datetime(check.modified.astimezone())),
            _("Size: {size}").format(size=format_size(check.size)),
        ]
        counts = check.counts
        if counts:
            lines.append(
                _("It holds {clients}, {invoices} and {tickets}.").format(
                    clients=ngettext(
                        "{count} client", "{count} clients", counts.get("client", 0)
                    ).format(count=counts.get("client", 0)),
                    invoices=ngettext(
                        "{count} invoice", "{count} invoices", counts.get("invoice", 0)
                    ).format(count=counts.get("invoice", 0)),
                    tickets=ngettext(
                        "{count} ticket", "{count} tickets", counts.get("ticket", 0)
                    ).format(count=counts.get("ticket", 0)),
                )
            )
        if check.schema_version < LATEST_VERSION:
            lines.append(
                _(
                    "It was made by an older version of b24desk; it is upgraded when it "
                    "is opened (a copy is kept)."
                )
            )
        self.result_label.setStyleSheet(ok_style())
        self.result_label.setText("\n".join(lines))

    # -- restoring ----------------------------------------------------------------------

    @Slot()
    def restore(self) -> None:
        if self.check is None or self.chosen is None:
            return
        path = self.chosen
        if not confirm(
            self,
            _("Restore a backup"),
            _(
                "Replace the database by the backup {file}? Everything entered since that "
                "backup is replaced too. The current database is kept beside it under "
                "another name. Close b24desk on the other desks first."
            ).format(file=path.name),
            _("Restore"),
        ):
            return
        try:
            self.restore_callback(path)
        except (StoreError, OSError) as exc:
            self.check = None
            self.problem = str(exc)
            self._show_result()
            return
        self.accept()

    # -- language -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Restore a backup"))
        self.intro.setText(
            _(
                "b24desk copies the database into {folder} once a day. Choose a copy, or "
                "another file; it is checked before it can be restored."
            ).format(folder=self.folder)
        )
        self.list.setHeaderLabels([_("Date"), _("Size"), _("File")])
        self.empty.setText(_("There are no backups in {folder} yet.").format(folder=self.folder))
        self.choose_button.setText(_("Choose a file\u2026"))
        self.restore_button.setText(_("Restore\u2026"))
        self._fill_cells()
        if self.chosen is not None and self.check is None and self.problem:
            # The reason was worded in the old language: check again to word it anew.
            self.select_path(self.chosen)
        else:
            self._show_result()
        name_from_context(self, self.windowTitle())  # the fields' names, in this language

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
