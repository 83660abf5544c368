"""The Reports tab (issue #17.5): pick a report and its dates, read the table, look
at the chart, export it as CSV or PDF, and drill from any figure to its records.

Every figure comes from :mod:`b24desk.store.reports` (SQL aggregates); the report is
computed on a worker thread and the previous one stays on screen until the new one
arrives.  The chosen report, its dates and the split between table and chart are
remembered between runs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from b24desk.i18n import _, format_date
from b24desk.store import events
from b24desk.store import reports as report_store
from b24desk.store.errors import StoreError
from b24desk.store.report_shape import Drill, Report, ReportSpan
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.dates import date_field, qdate, set_date_format, to_date
from b24desk.ui.desk_settings import text_setting
from b24desk.ui.operation import Operation
from b24desk.ui.reports import exports
from b24desk.ui.reports.chart import ReportChart
from b24desk.ui.reports.drill import DrillDialog
from b24desk.ui.reports.model import ReportModel
from b24desk.ui.reports.ranges import CUSTOM, QUICK, quick_label, quick_span

#: The entities whose changes move a report's figures.
WATCHED = frozenset(
    {
        events.CLIENTS,
        events.SUBSCRIPTIONS,
        events.COUPONS,
        events.TICKETS,
        events.INVOICES,
        events.OFFICE,
        events.PRICES,
    }
)
#: Reports that are a snapshot on one day (an "as of" date, no range).
SNAPSHOTS = frozenset({"aging"})
#: The most records a drill-down lists.
DRILL_LIMIT = 1000
#: A change of choice waits this long for the next one before the report is computed.
DELAY_MS = 150
DEFAULT_RANGE = "this_year"


class ReportTable(QTableView):
    """The report's table; Enter on a figure asks for its records (as a double-click)."""

    drillRequested = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.drillRequested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


def _settings_key(what: str) -> str:
    return f"tabs/reports/{what}"


class ReportsTab(QWidget):
    """Report picker, dates, table and chart, notes, exports and drill-downs."""

    #: ``(kind, id)`` of a record to show in its tab (from a drill-down).
    openRecord = Signal(str, int)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsTab")
        self.ctx = ctx
        self.report: Report | None = None
        #: The open drill-down list, if any.
        self.drill_dialog: DrillDialog | None = None
        self._stale = True
        self._pending = self._again = False
        self._split_pending = True
        #: Whether the fields show a snapshot's "as of" day (else a range).
        self._snapshot_shown = False
        self._build()
        self._restore_choice()
        self._connect_signals()
        self.retranslate()

    # -- construction -----------------------------------------------------------------

    def _build(self) -> None:
        self.report_label = QLabel()
        self.report_box = QComboBox()
        self.report_box.setObjectName("reportsPicker")
        self.report_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.report_label.setBuddy(self.report_box)
        self.range_label = QLabel()
        self.range_box = QComboBox()
        self.range_box.setObjectName("reportsRange")
        self.range_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.range_label.setBuddy(self.range_box)
        today = self.ctx.clock.today()
        self.from_label = QLabel()
        self.from_edit: QDateEdit = date_field(today)
        self.from_edit.setObjectName("reportsFrom")
        self.from_label.setBuddy(self.from_edit)
        self.to_label = QLabel()
        self.to_edit: QDateEdit = date_field(today)
        self.to_edit.setObjectName("reportsTo")
        self.to_label.setBuddy(self.to_edit)
        pickers = QHBoxLayout()
        for label, field in (
            (self.report_label, self.report_box),
            (self.range_label, self.range_box),
            (self.from_label, self.from_edit),
            (self.to_label, self.to_edit),
        ):
            pickers.addWidget(label)
            pickers.addWidget(field)
        pickers.addStretch(1)

        self.heading = QLabel()
        self.heading.setObjectName("reportsHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.status = QLabel()
        self.status.setObjectName("reportsStatus")
        self.csv_button = QPushButton()
        self.csv_button.setObjectName("reportsExportCsv")
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName("reportsExportPdf")
        actions = QHBoxLayout()
        actions.addWidget(self.heading)
        actions.addWidget(self.status, 1)
        actions.addWidget(self.csv_button)
        actions.addWidget(self.pdf_button)

        self.model = ReportModel(self)
        self.view = ReportTable()
        self.view.setObjectName("reportsTable")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.chart = ReportChart()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("reportsSplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.chart)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.notes = QLabel()
        self.notes.setObjectName("reportsNotes")
        self.notes.setWordWrap(True)
        self.notes.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.notes)

    def _connect_signals(self) -> None:
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.refresh_in_background)
        self.report_box.currentIndexChanged.connect(self._on_report_changed)
        self.range_box.currentIndexChanged.connect(self._on_range_changed)
        self.from_edit.dateChanged.connect(self._on_date_edited)
        self.to_edit.dateChanged.connect(self._on_date_edited)
        self.csv_button.clicked.connect(self.export_csv)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.view.doubleClicked.connect(self.drill_cell)
        self.view.drillRequested.connect(self.drill_cell)
        self.chart.drillRequested.connect(self.drill)
        self.splitter.splitterMoved.connect(self._save_splitter)
        self.ctx.signals.changed.connect(self._on_data_changed)
        self.ctx.language.changed.connect(self.retranslate)

    # -- the choice ---------------------------------------------------------------------

    def key(self) -> str:
        return str(self.report_box.currentData() or next(iter(report_store.REPORTS)))

    def is_snapshot(self) -> bool:
        return self.key() in SNAPSHOTS

    def span(self) -> ReportSpan:
        """The dates the chosen report covers (a snapshot: its "as of" day)."""
        end = to_date(self.to_edit.date())
        if self.is_snapshot():
            return ReportSpan(end, end)
        return ReportSpan(to_date(self.from_edit.date()), end)

    def range_key(self) -> str:
        return str(self.range_box.currentData() or CUSTOM)

    def choose(self, key: str, quick: str | None = None) -> None:
        """Pick report ``key`` (and a quick range), as the person would."""
        found = self.report_box.findData(key)
        if found >= 0:
            self.report_box.setCurrentIndex(found)
        if quick is not None:
            self.range_box.setCurrentIndex(self.range_box.findData(quick))

    def set_dates(self, start: date, end: date) -> None:
        """Type the dates of a custom range (the quick choice becomes "custom")."""
        self.from_edit.setDate(qdate(start))
        self.to_edit.setDate(qdate(end))

    def _fill_boxes(self) -> None:
        key = self.report_box.currentData()
        self.report_box.blockSignals(True)
        self.report_box.clear()
        for report_key, (title, _builder) in report_store.REPORTS.items():
            self.report_box.addItem(_(title), report_key)
        self.report_box.setCurrentIndex(max(0, self.report_box.findData(key)))
        self.report_box.blockSignals(False)
        quick = self.range_box.currentData()
        self.range_box.blockSignals(True)
        self.range_box.clear()
        for range_key in (*QUICK, CUSTOM):
            self.range_box.addItem(quick_label(range_key)(), range_key)
        self.range_box.setCurrentIndex(max(0, self.range_box.findData(quick)))
        self.range_box.blockSignals(False)

    def _restore_choice(self) -> None:
        self._fill_boxes()
        found = self.report_box.findData(text_setting(_settings_key("report")))
        self.report_box.setCurrentIndex(max(0, found))
        quick = text_setting(_settings_key("range"), DEFAULT_RANGE)
        self.range_box.setCurrentIndex(max(0, self.range_box.findData(quick)))
        if quick in QUICK:
            span = quick_span(quick, self.ctx.clock.today())
            start, end = span.start, span.end
        else:
            try:
                start = date.fromisoformat(text_setting(_settings_key("from")))
                end = date.fromisoformat(text_setting(_settings_key("to")))
            except ValueError:
                span = quick_span(DEFAULT_RANGE, self.ctx.clock.today())
                start, end = span.start, span.end
        self.from_edit.setDate(qdate(start))
        self.to_edit.setDate(qdate(end))
        if self.is_snapshot():
            self.to_edit.setDate(qdate(self.ctx.clock.today()))
        self._show_fields()

    def _save_choice(self) -> None:
        settings = QSettings()
        settings.setValue(_settings_key("report"), self.key())
        settings.setValue(_settings_key("range"), self.range_key())
        settings.setValue(_settings_key("from"), to_date(self.from_edit.date()).isoformat())
        settings.setValue(_settings_key("to"), to_date(self.to_edit.date()).isoformat())

    def _show_fields(self) -> None:
        snapshot = self.is_snapshot()
        for widget in (self.range_label, self.range_box, self.from_label, self.from_edit):
            widget.setVisible(not snapshot)
        self.to_label.setText(_("&As of:") if snapshot else _("&To:"))
        self._snapshot_shown = snapshot

    @Slot()
    def _on_report_changed(self) -> None:
        was_snapshot = self._snapshot_shown
        if self.is_snapshot() and not was_snapshot:
            self._set_quietly(self.to_edit, self.ctx.clock.today())
        elif not self.is_snapshot() and was_snapshot and self.range_key() in QUICK:
            self._apply_quick(self.range_key())
        self._show_fields()
        self._changed()

    @Slot()
    def _on_range_changed(self) -> None:
        if self.range_key() in QUICK:
            self._apply_quick(self.range_key())
        self._changed()

    def _apply_quick(self, key: str) -> None:
        span = quick_span(key, self.ctx.clock.today())
        self._set_quietly(self.from_edit, span.start)
        self._set_quietly(self.to_edit, span.end)

    @staticmethod
    def _set_quietly(edit: QDateEdit, day: date) -> None:
        edit.blockSignals(True)
        edit.setDate(qdate(day))
        edit.blockSignals(False)

    @Slot()
    def _on_date_edited(self) -> None:
        if not self.is_snapshot() and self.range_key() != CUSTOM:
            self.range_box.blockSignals(True)
            self.range_box.setCurrentIndex(self.range_box.findData(CUSTOM))
            self.range_box.blockSignals(False)
        self._changed()

    def _changed(self) -> None:
        self._save_choice()
        self._stale = True
        self._timer.start()

    # -- computing ----------------------------------------------------------------------

    def busy(self) -> bool:
        """Still computing: what the table shows is not the chosen report yet."""
        return self._stale or self._pending or self._timer.isActive()

    def on_shown(self) -> None:
        if self._stale and not self._pending:
            self.refresh_in_background()

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        QTimer.singleShot(0, self, self.on_shown)
        if self._split_pending and self.report is not None:
            QTimer.singleShot(0, self, self._first_split)

    @Slot(str)
    def _on_data_changed(self, entity: str) -> None:
        if entity in WATCHED:
            self._stale = True
            if self.isVisible():
                self.refresh_in_background()

    @Slot()
    def refresh_in_background(self) -> None:
        """Compute the chosen report on a worker thread; the table keeps the previous
        one until it arrives."""
        self._timer.stop()
        span = self.span()
        if span.start > span.end:
            self._stale = False
            self._show_status(_("The start date is after the end date."), error=True)
            return
        if self._pending:
            self._again = True
            return
        self._pending, self._again, self._stale = True, False, False
        key = self.key()
        self._show_status(_("Computing…"))

        def work(_progress: object) -> tuple[str, ReportSpan, Report]:
            return key, span, report_store.build(key, span)

        operation = Operation(work, self)
        operation.succeeded.connect(self._on_computed)
        operation.failed.connect(self._on_failed)
        operation.done.connect(self._on_done)
        operation.start()

    @Slot(object)
    def _on_computed(self, result: tuple[str, ReportSpan, Report]) -> None:
        key, span, report = result
        if (key, span) != (self.key(), self.span()):
            self._stale = True  # chosen meanwhile: the next run brings it
            return
        self.show_report(report)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._stale = True
        self._show_status(message, error=True)

    @Slot()
    def _on_done(self) -> None:
        self._pending = False
        if self._again or (self._stale and self.isVisible() and not self.status_is_error()):
            self._again = False
            self.refresh_in_background()

    def status_is_error(self) -> bool:
        return bool(self.status.property("error"))

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("error", error)
        self.status.setStyleSheet(palette.text_style(palette.error_text()) if error else "")

    def show_report(self, report: Report) -> None:
        """Show ``report`` in the table, the chart and the notes."""
        self.report = report
        self.model.set_report(report)
        self.chart.set_report(report)
        self.chart.setVisible(report.chart is not None)
        self.notes.setText("\n".join(report.notes))
        self.notes.setVisible(bool(report.notes))
        self._show_status("")
        self._fit_columns()
        self.csv_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        self._show_heading()
        if self._split_pending and self.isVisible():
            # Once the notes under it have their height: the split the person left.
            QTimer.singleShot(0, self, self._first_split)

    def _fit_columns(self) -> None:
        header = self.view.horizontalHeader()
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, header.sectionSize(column) + 12)

    def _show_heading(self) -> None:
        if self.report is None:
            self.heading.setText("")
            return
        span = self.report.span
        if self.report.key in SNAPSHOTS:
            when = _("as of {date}").format(date=format_date(span.as_of))
        else:
            when = _("{start} – {end}").format(
                start=format_date(span.start), end=format_date(span.end)
            )
        self.heading.setText(_("{report}, {when}").format(report=self.report.title(), when=when))

    # -- language -----------------------------------------------------------------------

    @Slot()
    def retranslate(self) -> None:
        self._fill_boxes()
        self.report_label.setText(_("&Report:"))
        self.range_label.setText(_("&Dates:"))
        self.from_label.setText(_("&From:"))
        self._show_fields()
        for edit in (self.from_edit, self.to_edit):
            set_date_format(edit)
        self.csv_button.setText(_("Export &CSV…"))
        self.csv_button.setToolTip(_("The report's table as a CSV file"))
        self.pdf_button.setText(_("Export &PDF…"))
        self.pdf_button.setToolTip(_("The report's table and chart as a PDF file"))
        self.csv_button.setEnabled(self.report is not None)
        self.pdf_button.setEnabled(self.report is not None)
        self.view.setAccessibleName(_("Report"))
        self.view.setToolTip(
            _("Double-click a figure, or press Enter on it, to see the records behind it.")
        )
        self.model.retranslate()
        self.chart.retranslate()
        self._show_heading()
        # The notes and row labels are written in the language the report was made in.
        if self.report is not None:
            self._stale = True
            if self.isVisible():
                self.refresh_in_background()

    # -- the splitter -------------------------------------------------------------------

    def _first_split(self) -> None:
        if not self._split_pending or self.splitter.height() <= 0:
            return
        self._split_pending = False
        saved = QSettings().value(_settings_key("splitter"))
        remembered = isinstance(saved, QByteArray) and not saved.isEmpty()
        if remembered and self.splitter.restoreState(saved):
            return
        total = self.splitter.height() - self.splitter.handleWidth()
        self.splitter.setSizes([int(total * 0.55), total - int(total * 0.55)])

    @Slot()
    def _save_splitter(self, *_args: object) -> None:
        """The person moved the split: theirs from now on (no first split after it)."""
        self._split_pending = False
        QSettings().setValue(_settings_key("splitter"), self.splitter.saveState())

    # -- drill-down ---------------------------------------------------------------------

    @Slot(QModelIndex)
    def drill_cell(self, index: QModelIndex) -> DrillDialog | None:
        drill = self.model.drill(index)
        if drill is None or self.report is None:
            return None
        column = self.report.columns[index.column()].title()
        return self._open_drill(drill, self.model.label(index.row()), column)

    @Slot(object)
    def drill(self, drill: Drill) -> DrillDialog | None:
        """The records behind a figure the chart (or a caller) names by its drill."""
        if self.report is None:
            return None
        rows = [*self.report.rows, *([self.report.total] if self.report.total else [])]
        for row in rows:
            for key, found in row.drills.items():
                if found == drill:
                    index = [column.key for column in self.report.columns].index(key)
                    column = self.report.columns[index]
                    label = self.report.columns[0]
                    from b24desk.ui.reports.cells import cell_text

                    name = cell_text(row.cells[0], label.kind, self.report.currency)
                    return self._open_drill(drill, name, column.title())
        return self._open_drill(drill, "", "")

    def _open_drill(self, drill: Drill, row: str, column: str) -> DrillDialog | None:
        assert self.report is not None
        try:
            records = report_store.drill_records(drill, limit=DRILL_LIMIT)
        except (StoreError, ValueError) as exc:
            QMessageBox.warning(self, _("The records could not be listed"), str(exc))
            return None
        heading = " — ".join(part for part in (self.report.title(), row, column) if part)
        if self.drill_dialog is not None:
            self.drill_dialog.close()
            self.drill_dialog.deleteLater()
        dialog = DrillDialog(heading, records, DRILL_LIMIT, self)
        dialog.openRecord.connect(self.openRecord)
        self.drill_dialog = dialog
        dialog.open()
        return dialog

    # -- exports ------------------------------------------------------------------------

    def _ask_path(self, title: str, folder_key: str, suffix: str, filter_text: str) -> Path | None:
        if self.report is None:
            return None
        folder = text_setting(folder_key, str(Path.home()))
        suggested = Path(folder) / exports.file_name(self.report, suffix)
        name, _filter = QFileDialog.getSaveFileName(self, title, str(suggested), filter_text)
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        from b24desk.ui.outputs import may_write

        if not may_write(self, path, asked=path == Path(name)):
            return None
        QSettings().setValue(folder_key, str(path.parent))
        return path

    @Slot()
    def export_csv(self) -> Path | None:
        path = self._ask_path(
            _("Export report as CSV"), "csv/last_folder", ".csv", _("CSV files (*.csv)")
        )
        return self._write(path, exports.write_csv) if path is not None else None

    @Slot()
    def export_pdf(self) -> Path | None:
        path = self._ask_path(
            _("Export report as PDF"), "pdf/last_folder", ".pdf", _("PDF (*.pdf)")
        )
        return self._write(path, exports.write_pdf) if path is not None else None

    def _write(self, path: Path, write: exports.Writer) -> Path | None:
        assert self.report is not None
        try:
            write(self.report, path)
        except (OSError, StoreError) as exc:
            QMessageBox.warning(self, _("The file could not be saved"), str(exc))
            return None
        self._show_status(_("Saved {file}").format(file=path))
        return path


def build_tab(ctx: DeskContext) -> ReportsTab:
    return ReportsTab(ctx)
