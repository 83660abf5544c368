"""The records behind a figure of a report: a list where Enter opens one in its tab."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from b24desk.i18n import _, format_date, format_decimal, format_money, ngettext
from b24desk.store.report_shape import RecordRef

#: The record of a row (its kind and id).
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1


class RecordList(QTableWidget):
    """A table where Enter opens the current record, as a double-click does."""

    openRequested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.openRequested.emit(self.currentRow())
            return
        super().keyPressEvent(event)


class DrillDialog(QDialog):
    """``records`` (from :func:`b24desk.store.reports.drill_records`) under a heading
    that names the figure; Enter or a double-click opens a record and closes the list."""

    #: ``(kind, id)`` of the record to show in its tab.
    openRecord = Signal(str, int)

    def __init__(
        self,
        heading: str,
        records: list[RecordRef],
        limit: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportDrillDialog")
        self.heading = heading
        self.records = list(records)
        self.limit = limit
        self.heading_label = QLabel()
        self.heading_label.setObjectName("reportDrillHeading")
        self.heading_label.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("reportDrillCount")
        self.count_label.setWordWrap(True)
        self.table = RecordList(len(self.records), 4)
        self.table.setObjectName("reportDrillTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setSortingEnabled(False)
        self.open_button = QPushButton()
        self.open_button.setObjectName("reportDrillOpen")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.buttons)
        self._fill()
        self._connect_signals()
        self.retranslate()
        if self.records:
            self.table.selectRow(0)
        self.table.setFocus()
        self.resize(760, 480)

    def _connect_signals(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        self.table.cellDoubleClicked.connect(lambda row, _column: self.open_row(row))
        self.table.openRequested.connect(self.open_row)

    def _fill(self) -> None:
        for row, record in enumerate(self.records):
            day = format_date(record.day) if record.day is not None else ""
            amount = (
                format_money(record.amount, record.currency) if record.amount is not None else ""
            )
            for column, text in enumerate((record.label, record.client, day, amount)):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 0:
                    item.setData(RECORD_ROLE, (record.kind, record.id))
                self.table.setItem(row, column, item)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Records behind the figure"))
        self.heading_label.setText(self.heading)
        kind = self.records[0].kind if self.records else "invoice"
        first = {"coupon": _("Coupon"), "ticket": _("Ticket"), "client": _("Client")}.get(
            kind, _("Document")
        )
        self.table.setHorizontalHeaderLabels([first, _("Client"), _("Date"), _("Amount")])
        count = len(self.records)
        text = ngettext("{count} record.", "{count} records.", count).format(
            count=format_decimal(count)
        )
        if self.limit is not None and count >= self.limit:
            text = ngettext(
                "The first {count} record is shown.", "The first {count} records are shown.", count
            ).format(count=format_decimal(count))
        if count:
            text += " " + _("Enter or a double-click opens the record in its tab.")
        self.count_label.setText(text)
        self.open_button.setText(_("&Open"))
        self.open_button.setEnabled(bool(count))
        self.table.setAccessibleName(_("Records behind the figure"))
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    @Slot(int)
    def open_row(self, row: int) -> None:
        if not 0 <= row < len(self.records):
            return
        record = self.records[row]
        self.openRecord.emit(record.kind, record.id)
        self.accept()
