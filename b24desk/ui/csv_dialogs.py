"""CSV export of what a table shows, and the CSV import dialog.

Export (:func:`open_export`): an :class:`ExportDialog` asks for the format — ``;``
for Excel in Spanish and Russian, ``,`` otherwise (the default follows the desk
language) — and the file; :func:`export_table` then pages through the tab's
listing with the table's own search, filters and sort (1 000 rows a page, larger
pages for a large table), and writes the visible columns in their on-screen
order, with their titles and texts exactly as shown (money with its currency,
dates in the desk language).  It runs in the background behind a progress
dialog with Cancel; a cancelled export leaves no file.  (50 000 tickets: about
10 s, most of it building the rows' SLA clocks and formatting their dates.)

Import (:func:`open_import`): an :class:`ImportDialog` reads a file, suggests a
field for every column, previews the rows and lists each row's errors by line;
nothing is written until the user presses "Import N rows" and confirms.  Rows
with errors are skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSettings, QStandardPaths, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from b24desk.i18n import _, current_language, format_decimal, ngettext
from b24desk.store.csvio import importing as csv_import
from b24desk.store.csvio.fields import ENTITIES, entity_title, import_fields, suggest_mapping
from b24desk.store.csvio.files import (
    COMMA,
    DIALECTS,
    SEMICOLON,
    CsvDialect,
    CsvError,
    CsvTable,
    export_rows,
    read_csv,
)
from b24desk.store.db import database
from b24desk.store.listing import Listing
from b24desk.ui.context import DeskContext
from b24desk.ui.desk_settings import text_setting
from b24desk.ui.forms import confirm, error_style, name_from_context
from b24desk.ui.listtab import ListTab
from b24desk.ui.operation import Operation, Progress, run_with_progress
from b24desk.ui.table import Column

log = logging.getLogger(__name__)

#: Rows read from the database per page while exporting (see TableExport.page_size).
EXPORT_PAGE = 1000
EXPORT_MAX_PAGE = 10000
#: Rows of the file shown in the import preview.
PREVIEW_ROWS = 20
#: Delay before the preview follows a change of the mapping (several changes, one run).
PREVIEW_DELAY_MS = 150
#: Errors listed at most (the rest are counted).
MAX_LISTED_ERRORS = 500
#: Files with more rows are checked again only on "Check the rows", not after
#: every change of a column.
AUTO_CHECK_ROWS = 500
STALE_STATES = ("stale", "cancelled")

DialogRunner = Callable[[QDialog], bool]


def _run_dialog(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something went wrong (tests replace this)."""
    QMessageBox.warning(parent, title, text)


def default_dialect() -> CsvDialect:
    """``;`` for a desk in Spanish or Russian (Excel there), ``,`` otherwise."""
    return SEMICOLON if current_language() in ("es", "ru") else COMMA


def dialect_title(dialect: CsvDialect) -> str:
    if dialect.delimiter == ";":
        return _("Excel (Spanish/Russian): semicolon")
    return _("Comma (Excel in English, other programs)")


# =========================================================================== export


@dataclass(frozen=True)
class TableExport:
    """What a table shows, taken on the GUI thread: safe to run on another one."""

    listing: Listing
    search: str
    filters: dict[str, Any]
    sort_key: str | None
    descending: bool
    columns: tuple[Column, ...]
    headers: tuple[str, ...]

    @classmethod
    def of(cls, tab: ListTab) -> TableExport:
        """The visible columns of ``tab`` in their on-screen order, and its rows'
        search, filters and sort."""
        model = tab.model
        header = tab.view.horizontalHeader()
        logical = [header.logicalIndex(v) for v in range(header.count())]
        shown = [i for i in logical if i >= 0 and not header.isSectionHidden(i)]
        if not shown:
            shown = list(range(len(model.columns)))
        columns = tuple(model.columns[i] for i in shown)
        return cls(
            listing=model.listing,
            search=model.search(),
            filters=model.filters(),
            sort_key=model._sort_key,
            descending=model._descending,
            columns=columns,
            headers=tuple(c.title() for c in columns),
        )

    def count(self) -> int:
        return self.listing.count(self.search, self.filters)

    def page_size(self, total: int) -> int:
        """Rows per page: :data:`EXPORT_PAGE`, or a tenth of a larger table (at most
        :data:`EXPORT_MAX_PAGE`).  Every page sorts the whole result again in SQL:
        50 000 tickets in pages of 1 000 took 30 s, in pages of 5 000 six."""
        return min(EXPORT_MAX_PAGE, max(EXPORT_PAGE, -(-total // 10)))

    def rows(self, progress: Progress | None = None) -> Iterator[list[str]]:
        """The rows as shown, page by page; checks ``progress`` for Cancel."""
        total = self.count()
        size = self.page_size(total)
        offset = 0
        while True:
            if progress is not None:
                progress.check()
            page = self.listing.page(
                offset, size, self.search, self.filters, self.sort_key, self.descending
            )
            for obj in page:
                yield [column.display(obj) for column in self.columns]
            offset += len(page)
            if progress is not None:
                progress.report(offset, max(total, offset))
            if len(page) < size:
                return

    def write(
        self, path: str | Path, dialect: CsvDialect | str, progress: Progress | None = None
    ) -> int:
        """Write the CSV file; returns the number of rows.  One read transaction, so
        that the pages agree with each other."""
        with database().atomic():
            return export_rows(path, self.headers, self.rows(progress), dialect)


def export_table(
    tab: ListTab,
    path: str | Path,
    dialect: CsvDialect | str = SEMICOLON,
    progress: Progress | None = None,
) -> int:
    """Write what ``tab`` shows to ``path`` (here, on this thread); returns the rows."""
    return TableExport.of(tab).write(path, dialect, progress)


def _default_folder() -> str:
    folder = text_setting("csv/last_folder")
    if folder and Path(folder).is_dir():
        return folder
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


class ExportDialog(QDialog):
    """Where to write the table and in which format."""

    def __init__(self, suggested_name: str, rows: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("csvExportDialog")
        self.rows = rows
        self.asked: Path | None = None  # the file the save dialog asked to replace
        self.dialect_box = QComboBox()
        self.dialect_box.setObjectName("csvDialect")
        for dialect in DIALECTS.values():
            self.dialect_box.addItem("", dialect.key)
        self.dialect_box.setCurrentIndex(self.dialect_box.findData(default_dialect().key))
        self.path_edit = QLineEdit(str(Path(_default_folder()) / suggested_name))
        self.path_edit.setObjectName("csvExportPath")
        self.path_edit.setMinimumWidth(420)
        self.browse_button = QPushButton()
        self.browse_button.setObjectName("csvExportBrowse")
        self.browse_button.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.dialect_label = QLabel()
        self.dialect_label.setBuddy(self.dialect_box)
        self.path_label = QLabel()
        self.path_label.setBuddy(self.path_edit)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("csvExportError")
        self.error.setStyleSheet(error_style())
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.dialect_label, self.dialect_box)
        form.addRow(self.path_label, path_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def dialect(self) -> CsvDialect:
        return DIALECTS[str(self.dialect_box.currentData())]

    def path(self) -> Path:
        return Path(self.path_edit.text().strip())

    @Slot()
    def browse(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export table as CSV"), self.path_edit.text(), _("CSV files (*.csv)")
        )
        if name:
            self.path_edit.setText(name)
            self.asked = Path(name)  # the save dialog asked before replacing it

    @Slot()
    def try_accept(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.error.setText(_("Choose the file to write."))
            self.error.show()
            return
        path = Path(text)
        if path.suffix == "":
            path = path.with_suffix(".csv")
            self.path_edit.setText(str(path))
        if not path.parent.is_dir():
            self.error.setText(
                _("The folder {folder} does not exist.").format(folder=str(path.parent))
            )
            self.error.show()
            return
        from b24desk.ui.outputs import may_write

        if not may_write(self, path, asked=path == self.asked):
            return
        QSettings().setValue("csv/last_folder", str(path.parent))
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Export table as CSV"))
        self.info.setText(
            ngettext(
                "{count} row will be exported: the rows the table shows, with its search, "
                "filters and sort, and its visible columns as shown.",
                "{count} rows will be exported: the rows the table shows, with its search, "
                "filters and sort, and its visible columns as shown.",
                self.rows,
            ).format(count=format_decimal(self.rows))
        )
        self.dialect_label.setText(_("Format:"))
        self.path_label.setText(_("File:"))
        self.browse_button.setText(_("Choose…"))
        for index in range(self.dialect_box.count()):
            dialect = DIALECTS[str(self.dialect_box.itemData(index))]
            self.dialect_box.setItemText(index, dialect_title(dialect))
        name_from_context(self, self.windowTitle())  # the fields' names, in this language

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _show_status(parent: QWidget | None, text: str) -> None:
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 8000)


def open_export(
    parent: QWidget | None,
    ctx: DeskContext,
    tab: ListTab,
    run_dialog: DialogRunner = _run_dialog,
) -> Operation | None:
    """File → Export table as CSV…: ask where and how, then export in the background.

    Returns the running :class:`Operation` (None when the user cancelled the dialog).
    ``ctx`` is not needed (the rows come from the tab's own listing and clock); it
    keeps the entry points alike.
    """
    job = TableExport.of(tab)
    dialog = ExportDialog(f"{tab.key}.csv", tab.model.rowCount(), parent)
    if not run_dialog(dialog):
        return None
    path, dialect = dialog.path(), dialog.dialect()

    def done(count: int) -> None:
        _show_status(
            parent,
            ngettext(
                "{count} row exported to {path}", "{count} rows exported to {path}", int(count)
            ).format(count=format_decimal(int(count)), path=str(path)),
        )

    def failed(message: str) -> None:
        warn(parent, _("The table could not be exported"), message)

    return run_with_progress(
        parent,
        _("Exporting {path}…").format(path=path.name),
        lambda progress: job.write(path, dialect, progress),
        on_success=done,
        on_failure=failed,
    )


# =========================================================================== import


class ImportDialog(QDialog):
    """Choose a file, map its columns, look at the errors, then import the valid rows.

    Checks and the import run on a worker thread: :attr:`checked` tells when a
    check ended, ``accepted`` when the rows are imported.
    """

    #: A check of the rows ended (its preview, failure or cancellation is shown).
    checked = Signal()

    def __init__(
        self, ctx: DeskContext, entity: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("csvImportDialog")
        self.ctx = ctx
        self.table: CsvTable | None = None
        self.preview: csv_import.ImportPreview | None = None
        self.imported = 0
        self._file_error = ""
        self._preview_error = ""
        #: "checked", "waiting" (a check follows soon), "running", "stale" (press
        #: Check), "cancelled" or "importing".
        self._state = "checked"
        self._operation: Operation | None = None
        self._generation = 0

        self.entity_box = QComboBox()
        self.entity_box.setObjectName("csvEntity")
        for key in ENTITIES:
            self.entity_box.addItem("", key)
        if entity is not None:
            self.entity_box.setCurrentIndex(max(0, self.entity_box.findData(entity)))
        self.entity_label = QLabel()
        self.entity_label.setBuddy(self.entity_box)

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("csvImportPath")
        self.path_edit.setReadOnly(True)
        self.browse_button = QPushButton()
        self.browse_button.setObjectName("csvImportBrowse")
        self.path_label = QLabel()
        self.path_label.setBuddy(self.browse_button)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)

        self.file_info = QLabel()
        self.file_info.setObjectName("csvFileInfo")
        self.file_info.setWordWrap(True)
        self.file_error = QLabel()
        self.file_error.setObjectName("csvFileError")
        self.file_error.setStyleSheet(error_style())
        self.file_error.setWordWrap(True)
        self.file_error.hide()

        self.mapping_title = QLabel()
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setObjectName("csvMapping")
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.mapping_table.horizontalHeader().setStretchLastSection(True)
        self.combos: list[QComboBox] = []

        self.preview_title = QLabel()
        self.preview_table = QTableWidget(0, 0)
        self.preview_table.setObjectName("csvPreview")
        self.preview_table.verticalHeader().setVisible(False)
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setWordWrap(False)

        self.summary = QLabel()
        self.summary.setObjectName("csvSummary")
        self.summary.setWordWrap(True)
        self.errors_list = QListWidget()
        self.errors_list.setObjectName("csvErrors")
        self.errors_list.setWordWrap(True)
        # Rows the file itself gets wrong (a bad byte, quotes that do not match) are
        # imported only when corrected in the file, or skipped on purpose here.
        self.skip_check = QCheckBox()
        self.skip_check.setObjectName("csvSkipUnreadable")
        self.skip_check.hide()
        self.skip_check.toggled.connect(lambda _checked: self._show_preview())

        self.check_button = QPushButton()
        self.check_button.setObjectName("csvCheck")
        self.check_button.hide()
        self.import_button = QPushButton()
        self.import_button.setObjectName("csvImport")
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        top = QFormLayout()
        top.addRow(self.entity_label, self.entity_box)
        top.addRow(self.path_label, file_row)
        mapping_box = QWidget()
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.setContentsMargins(0, 0, 0, 0)
        mapping_layout.addWidget(self.mapping_title)
        mapping_layout.addWidget(self.mapping_table)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_title)
        preview_layout.addWidget(self.preview_table)
        errors_box = QWidget()
        errors_layout = QVBoxLayout(errors_box)
        errors_layout.setContentsMargins(0, 0, 0, 0)
        errors_layout.addWidget(self.summary)
        errors_layout.addWidget(self.skip_check)
        errors_layout.addWidget(self.errors_list)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(mapping_box)
        self.splitter.addWidget(preview_box)
        self.splitter.addWidget(errors_box)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.file_info)
        layout.addWidget(self.file_error)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.buttons)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self.browse_button.clicked.connect(self.browse)
        self.entity_box.currentIndexChanged.connect(self._on_entity_changed)
        self.import_button.clicked.connect(self.import_rows)
        self.check_button.clicked.connect(self.refresh_preview)
        self.resize(960, 720)
        self.retranslate()

    # -- state ------------------------------------------------------------------------

    def entity(self) -> str:
        return str(self.entity_box.currentData())

    def mapping(self) -> list[str | None]:
        return [box.currentData() for box in self.combos]

    def set_mapping(self, mapping: list[str | None]) -> None:
        for box, key in zip(self.combos, mapping, strict=False):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(key)))
            box.blockSignals(False)
        self.refresh_preview()

    # -- file -------------------------------------------------------------------------

    @Slot()
    def browse(self) -> None:
        folder = text_setting("csv/last_import_folder") or _default_folder()
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import CSV"),
            folder,
            _("CSV files (*.csv *.txt);;All files (*)"),
        )
        if name:
            QSettings().setValue("csv/last_import_folder", str(Path(name).parent))
            self.set_file(name)

    def set_file(self, path: str | Path) -> bool:
        """Read ``path`` and show its columns and rows; False (and a message) if it
        cannot be read."""
        self.path_edit.setText(str(path))
        self._file_error = ""
        self.table = None
        self.skip_check.setChecked(False)  # a new file: skipping is chosen again
        try:
            self.table = read_csv(path)
        except CsvError as exc:
            self._file_error = str(exc)
        self._build_mapping()
        self._fill_preview_table()
        self.refresh_preview()
        return self.table is not None

    def _build_mapping(self) -> None:
        self.combos = []
        self.mapping_table.setRowCount(0)
        if self.table is None:
            return
        table = self.table
        suggested = suggest_mapping(table.headers, self.entity())
        self.mapping_table.setRowCount(len(table.headers))
        example = table.rows[0] if table.rows else None
        for column, header in enumerate(table.headers):
            name = QTableWidgetItem(header or self._column_name(column))
            sample = QTableWidgetItem(example.get(column) if example else "")
            sample.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            self.mapping_table.setItem(column, 0, name)
            self.mapping_table.setItem(column, 1, sample)
            box = QComboBox()
            box.setObjectName(f"csvMap_{column}")
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self._fill_combo(box)
            box.setCurrentIndex(max(0, box.findData(suggested[column])))
            box.currentIndexChanged.connect(lambda _index, c=column: self._on_mapping_changed(c))
            self.mapping_table.setCellWidget(column, 2, box)
            self.combos.append(box)

    def _fill_combo(self, box: QComboBox) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(_("(ignore this column)"), None)
        for f in import_fields(self.entity()):
            box.addItem(f.title() + (" *" if f.required else ""), f.key)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.blockSignals(False)

    def _column_name(self, column: int) -> str:
        return _("Column {number}").format(number=column + 1)

    def _fill_preview_table(self) -> None:
        table = self.table
        if table is None:
            self.preview_table.setRowCount(0)
            self.preview_table.setColumnCount(0)
            return
        self.preview_table.setColumnCount(len(table.headers) + 1)
        rows = table.rows[:PREVIEW_ROWS]
        self.preview_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            line = QTableWidgetItem(str(row.line))
            line.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.preview_table.setItem(r, 0, line)
            for c in range(len(table.headers)):
                self.preview_table.setItem(r, c + 1, QTableWidgetItem(row.get(c)))
        self._preview_headers()

    def _preview_headers(self) -> None:
        if self.table is None:
            return
        labels = [_("Line")]
        titles = {f.key: f.title() for f in import_fields(self.entity())}
        for column, header in enumerate(self.table.headers):
            key = self.combos[column].currentData() if column < len(self.combos) else None
            name = header or self._column_name(column)
            labels.append(f"{name} \u2192 {titles[key]}" if key in titles else name)
        self.preview_table.setHorizontalHeaderLabels(labels)
        self.preview_table.resizeColumnsToContents()
        limit = self.fontMetrics().averageCharWidth() * 40
        for column in range(self.preview_table.columnCount()):
            if self.preview_table.columnWidth(column) > limit:
                self.preview_table.setColumnWidth(column, limit)
        grey = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for column in range(len(self.table.headers)):
            ignored = column < len(self.combos) and self.combos[column].currentData() is None
            for r in range(self.preview_table.rowCount()):
                item = self.preview_table.item(r, column + 1)
                if item is not None:
                    # Ignored columns greyed; the others in the table's own colour.
                    item.setData(Qt.ItemDataRole.ForegroundRole, grey if ignored else None)

    # -- mapping and preview ----------------------------------------------------------------

    def _on_entity_changed(self) -> None:
        if self.table is None:
            self.retranslate()
            return
        suggested = suggest_mapping(self.table.headers, self.entity())
        for box, key in zip(self.combos, suggested, strict=True):
            box.blockSignals(True)
            self._fill_combo(box)
            box.setCurrentIndex(max(0, box.findData(key)))
            box.blockSignals(False)
        self._mapping_changed()

    def _on_mapping_changed(self, column: int) -> None:
        key = self.combos[column].currentData()
        if key is not None:  # a field goes to one column: the other one is ignored now
            for other, box in enumerate(self.combos):
                if other != column and box.currentData() == key:
                    box.blockSignals(True)
                    box.setCurrentIndex(0)
                    box.blockSignals(False)
        self._mapping_changed()

    def _mapping_changed(self) -> None:
        """Check again: by itself for a small file, on "Check the rows" for a large one
        (a check of thousands of coupons or tickets takes a while)."""
        self._preview_headers()
        self.preview = None
        self._state = "stale"
        if self.table is not None and len(self.table.rows) <= AUTO_CHECK_ROWS:
            self._state = "waiting"
            self._preview_timer.start()
        self._show_preview()

    def busy(self) -> bool:
        """Whether a check or an import is running."""
        return self._operation is not None

    def _start(
        self,
        title: str,
        work: Callable[[csv_import.Progress], Any],
        finished: Callable[[str, Any], None],
    ) -> None:
        """Run ``work`` on a worker thread (its own database connection: the rolled-back
        rows of a check are never seen here) behind a progress dialog with Cancel;
        ``finished(outcome, value)`` with outcome "ok", "failed" or "cancelled"."""
        self._generation += 1
        generation = self._generation
        if self._operation is not None:
            self._operation.cancel()

        def run(progress: Progress) -> Any:
            def report(done: int, total: int) -> None:
                progress.check()
                progress.report(done, total, "")

            return work(report)

        def end(outcome: str, value: Any) -> None:
            if generation != self._generation:
                return  # a newer check replaced this one
            self._operation = None
            finished(outcome, value)

        operation = run_with_progress(
            self,
            title,
            run,
            on_success=lambda value: end("ok", value),
            on_failure=lambda message: end("failed", message),
        )
        operation.cancelled.connect(lambda: end("cancelled", None))
        self._operation = operation

    @Slot()
    def refresh_preview(self) -> None:
        """Check every row with the current mapping (nothing is written); the result
        comes with :attr:`checked`."""
        self._preview_timer.stop()
        self.preview = None
        self._preview_error = ""
        table = self.table
        if table is None:
            self._generation += 1
            if self._operation is not None:
                self._operation.cancel()
                self._operation = None
            self._state = "checked"
            self._show_preview()
            self.checked.emit()
            return
        mapping, entity = self.mapping(), self.entity()
        now, today = self.ctx.clock.now(), self.ctx.clock.today()
        self._state = "running"
        self._show_preview()
        self._start(
            _("Checking the rows…"),
            lambda progress: csv_import.preview_import(
                table, mapping, entity, now=now, today=today, progress=progress
            ),
            self._on_checked,
        )

    def _on_checked(self, outcome: str, value: Any) -> None:
        self._state = "cancelled" if outcome == "cancelled" else "checked"
        if outcome == "ok":
            self.preview = value
        elif outcome == "failed":
            self._preview_error = str(value)
        self._preview_headers()
        self._show_preview()
        self.checked.emit()

    def _show_preview(self) -> None:
        self.file_error.setText(self._file_error or self._preview_error)
        self.file_error.setVisible(bool(self._file_error or self._preview_error))
        table = self.table
        if table is None:
            self.file_info.setText(_("Choose a CSV file to import."))
        else:
            self.file_info.setText(
                ngettext(
                    "{count} data row; header on line {line}; encoding {encoding}; "
                    "separator \u201c{separator}\u201d.",
                    "{count} data rows; header on line {line}; encoding {encoding}; "
                    "separator \u201c{separator}\u201d.",
                    len(table.rows),
                ).format(
                    count=format_decimal(len(table.rows)),
                    line=table.header_line,
                    encoding=table.encoding.upper(),
                    separator=_("tab") if table.delimiter == "\t" else table.delimiter,
                )
            )
        self.errors_list.clear()
        preview = self.preview
        self.check_button.setVisible(self.table is not None and self._state in STALE_STATES)
        if preview is None:
            self.summary.setText(
                {
                    "stale": _("The columns changed: press \u201cCheck the rows\u201d."),
                    "cancelled": _("The check was cancelled: nothing was written."),
                    "waiting": _("Checking the rows…"),
                    "running": _("Checking the rows…"),
                    "importing": _("Importing…"),
                }.get(self._state, "")
                if self.table is not None
                else ""
            )
            self.import_button.setEnabled(False)
            self.import_button.setText(_("Import"))
            return
        valid, invalid = preview.valid_count, preview.invalid_count
        parts = [
            ngettext("{count} row can be imported.", "{count} rows can be imported.", valid).format(
                count=format_decimal(valid)
            )
        ]
        if invalid:
            parts.append(
                ngettext(
                    "{count} row has errors and will be skipped (listed below).",
                    "{count} rows have errors and will be skipped (listed below).",
                    invalid,
                ).format(count=format_decimal(invalid))
            )
        unreadable = preview.unreadable_lines
        if unreadable:
            parts.append(
                ngettext(
                    "{count} line of the file cannot be read as it is: correct the file, "
                    "or skip it below.",
                    "{count} lines of the file cannot be read as they are: correct the "
                    "file, or skip them below.",
                    len(unreadable),
                ).format(count=format_decimal(len(unreadable)))
            )
        self.skip_check.setVisible(bool(unreadable))
        missing = preview.unmapped_required
        if missing:
            parts.append(
                _("Choose a column for: {fields}.").format(
                    fields=", ".join(f.title() for f in missing)
                )
            )
        self.summary.setText(" ".join(parts))
        errors = preview.errors
        for error in errors[:MAX_LISTED_ERRORS]:
            self.errors_list.addItem(self._error_item(error))
        if len(errors) > MAX_LISTED_ERRORS:
            more = len(errors) - MAX_LISTED_ERRORS
            self.errors_list.addItem(
                ngettext("… and {count} more error", "… and {count} more errors", more).format(
                    count=format_decimal(more)
                )
            )
        self.import_button.setText(
            ngettext("Import {count} row", "Import {count} rows", valid).format(
                count=format_decimal(valid)
            )
        )
        self.import_button.setEnabled(valid > 0 and (not unreadable or self.skip_check.isChecked()))

    def _error_item(self, error: csv_import.RowError) -> QListWidgetItem:
        """ "Line 3 · Correo: E-mail: “x” is not a valid e-mail address." (the message
        names the field; the column is the file's own name for it)."""
        where = _("Line {line}").format(line=error.line)
        if error.column:
            where = f"{where} \u00b7 {error.column}"
        item = QListWidgetItem(f"{where}: {error.message}")
        item.setData(Qt.ItemDataRole.UserRole, error.line)
        item.setData(Qt.ItemDataRole.UserRole + 1, error.field)
        return item

    # -- import -------------------------------------------------------------------------

    @Slot()
    def import_rows(self) -> None:
        """Ask, then write the valid rows (in batches: csv_import.apply_import)."""
        if self._preview_timer.isActive():
            self.refresh_preview()
        preview = self.preview
        if self._state != "checked" or self.busy():
            return
        if preview is None or preview.valid_count == 0:
            return
        if preview.unreadable_lines and not self.skip_check.isChecked():
            return
        valid, invalid = preview.valid_count, preview.invalid_count
        text = ngettext(
            "Import {count} row into {what}?", "Import {count} rows into {what}?", valid
        ).format(count=format_decimal(valid), what=entity_title(preview.entity))
        if invalid:
            text += "\n" + ngettext(
                "{count} row with errors will be skipped.",
                "{count} rows with errors will be skipped.",
                invalid,
            ).format(count=format_decimal(invalid))
        action = ngettext("Import {count} row", "Import {count} rows", valid).format(
            count=format_decimal(valid)
        )
        if not confirm(self, _("Import CSV"), text, action):
            return
        skip = self.skip_check.isChecked()
        self._state = "importing"
        self._show_preview()
        self._start(
            _("Importing…"),
            lambda progress: csv_import.apply_import(
                preview, progress=progress, skip_unreadable=skip
            ),
            self._on_imported,
        )

    def _on_imported(self, outcome: str, value: Any) -> None:
        self._state = "checked"
        if outcome == "ok":
            self.imported = int(value)
            self._show_preview()
            self.accept()
            return
        if outcome == "cancelled":
            warn(self, _("Nothing was imported"), _("The import was cancelled."))
            self._show_preview()
            return
        # The message says what was written: nothing, or the whole rows of the
        # batches before the line it stopped at (csv_import.apply_import).
        warn(self, _("The import did not finish"), str(value))
        self.refresh_preview()

    def done(self, result: int) -> None:  # Qt override: accept, reject, close
        if self._state == "importing":
            return  # the import finishes or is cancelled in its progress dialog
        if self._operation is not None:
            self._generation += 1  # a check still running: its result is not wanted
            self._operation.cancel()
        super().done(result)

    # -- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import CSV"))
        self.entity_label.setText(_("Import as:"))
        for index in range(self.entity_box.count()):
            self.entity_box.setItemText(
                index, entity_title(str(self.entity_box.itemData(index)))
            )
        self.path_label.setText(_("File:"))
        self.browse_button.setText(_("Choose file…"))
        self.check_button.setText(_("Check the rows"))
        self.skip_check.setText(
            _("Skip the lines the file itself gets wrong (listed below) and import the rest")
        )
        self.mapping_title.setText(
            _("Columns of the file: choose the field each one fills (* is required).")
        )
        self.mapping_table.setHorizontalHeaderLabels(
            [_("Column in the file"), _("First value"), _("Import as")]
        )
        for box in self.combos:
            self._fill_combo(box)
        self.preview_title.setText(
            _("First rows of the file (nothing is written until you press Import):")
        )
        if self.table is not None:
            for column, header in enumerate(self.table.headers):
                item = self.mapping_table.item(column, 0)
                if item is not None and not header:
                    item.setText(self._column_name(column))
            self._preview_headers()
        self._show_preview()
        name_from_context(self, self.windowTitle())  # the fields' names, in this language

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def open_import(
    parent: QWidget | None,
    ctx: DeskContext,
    entity: str | None = None,
    run_dialog: DialogRunner = _run_dialog,
) -> int:
    """File → Import CSV…: the import dialog; returns the number of rows imported."""
    dialog = ImportDialog(ctx, entity, parent)
    imported = dialog.imported if run_dialog(dialog) else 0
    if imported:
        _show_status(
            parent,
            ngettext("{count} row imported", "{count} rows imported", imported).format(
                count=format_decimal(imported)
            ),
        )
    if dialog.busy() and dialog._operation is not None:
        dialog._operation.done.connect(dialog.deleteLater)  # a cancelled check ending
    else:
        dialog.deleteLater()
    return imported
