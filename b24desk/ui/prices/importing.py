"""Import the whole price list from CSV: a preview of what is added, changed,
unchanged or refused (with the reasons of each row), then all or nothing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from b24desk.i18n import _, format_date
from b24desk.store import price_csv
from b24desk.store.errors import StoreError
from b24desk.ui import palette
from b24desk.ui.forms import error_style, name_from_context


def _status_names() -> dict[str, str]:
    return {
        price_csv.ADDED: _("added"),
        price_csv.CHANGED: _("changed"),
        price_csv.UNCHANGED: _("unchanged"),
        price_csv.REFUSED: _("refused"),
    }


class PriceImportDialog(QDialog):
    """The preview of one file; Import writes it (only when no row is refused)."""

    def __init__(self, path: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priceImportDialog")
        self.path = path
        self.today = today
        self.outcome = ""
        self.preview: price_csv.PriceImportPreview | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("priceImportPreview")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.error = QLabel()
        self.error.setObjectName("priceImportError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(error_style())
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.import_rows)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(860, 520)
        self.load()
        self.retranslate()

    def load(self) -> None:
        try:
            self.preview = price_csv.preview_price_import(self.path, self.today)
        except StoreError as exc:
            self.preview = None
            self.error.setText(str(exc))
            self.error.show()
        self._fill()

    def _fill(self) -> None:
        rows = self.preview.rows if self.preview is not None else ()
        names = _status_names()
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            texts = [
                str(row.line),
                row.code,
                row.currency,
                format_date(row.valid_from) if row.valid_from else "",
                names.get(row.status, row.status),
                " ".join(row.reasons),
            ]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if row.status == price_csv.REFUSED:
                    item.setForeground(palette.error_text())
                self.table.setItem(n, column, item)
        self.table.resizeColumnsToContents()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.preview is not None and not self.preview.refused)

    @Slot()
    def import_rows(self) -> None:
        try:
            done = price_csv.apply_price_import(self.path, self.today)
        except price_csv.PriceImportRefused as exc:
            self.preview = exc.preview
            self._fill()
            self.error.setText(str(exc))
            self.error.show()
            return
        except StoreError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.outcome = _("Price list imported: {summary}.").format(summary=done.summary())
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import the price list"))
        self.table.setHorizontalHeaderLabels(
            [_("Line"), _("Code"), _("Currency"), _("Valid from"), _("Result"), _("Reasons")]
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Import"))
        if self.preview is not None:
            text = self.preview.summary()
            if self.preview.refused:
                text += "\n" + _(
                    "Refused rows stop the whole import: correct them in the file and "
                    "open it again. Nothing is written until every row is accepted."
                )
            self.summary.setText(text)
        self._fill()
        name_from_context(self, self.windowTitle())

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
