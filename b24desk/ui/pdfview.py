"""Preview a PDF in the app (QtPdf), print it, save it, open its folder."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QMargins,
    QPoint,
    QRect,
    QSettings,
    QSize,
    Qt,
    QUrl,
    Slot,
)
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QShowEvent,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from b24desk.i18n import _, ngettext
from b24desk.ui.desk_settings import text_setting


def print_pdf(document: QPdfDocument, printer: QPrinter) -> None:
    """Paint every page of ``document`` onto ``printer`` at the printer's resolution."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(_("The printer could not be started."))
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            target = painter.viewport()
            points = document.pagePointSize(page)
            dpi = printer.resolution()
            size = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
            image = document.render(page, size)
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(target.x(), target.y(), image.scaled(scaled))
    finally:
        painter.end()


def fit_within(preferred: QSize, available: QRect, margin: float = 0.05) -> QRect:
    """A rectangle of ``preferred`` size, shrunk to fit ``available`` with a margin
    on each side, centred there (a 1280×800 laptop shows the whole dialog and its
    buttons)."""
    room = available.marginsRemoved(
        QMargins(
            int(available.width() * margin),
            int(available.height() * margin),
            int(available.width() * margin),
            int(available.height() * margin),
        )
    )
    size = preferred.boundedTo(room.size())
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(room.center())
    return rect


class PdfPreviewDialog(QDialog):
    """The PDF as it will print, with Print…, Save as PDF… and Open folder."""

    def __init__(
        self, pdf: bytes, suggested_name: str, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.suggested_name = suggested_name
        self.saved_path: Path | None = None
        self.setWindowTitle(title)
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages_label = QLabel()
        self.print_button = QPushButton()
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.save_button = QPushButton()
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.folder_button = QPushButton()
        self.folder_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.pages_label)
        layout.addWidget(buttons)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.folder_button.clicked.connect(self.open_folder)
        self.resize(fit_within(QSize(900, 1000), self._available()).size())
        self.retranslate()

    def _available(self) -> QRect:
        """Where the dialog may go: the parent's screen less its task bars."""
        parent = self.parentWidget()
        screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 900, 1000)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        frame, available = self.frameGeometry(), self._available()
        if not available.contains(frame):  # e.g. centred on a parent near the edge
            self.move(fit_within(frame.size(), available).topLeft())

    def retranslate(self) -> None:
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("&Save as PDF…"))
        self.folder_button.setText(_("Open &folder"))
        count = self.document.pageCount()
        pages = ngettext("{count} page", "{count} pages", count)
        self.pages_label.setText(pages.format(count=count))

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()  # the language changed while the dialog is open
        super().changeEvent(event)

    @Slot()
    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                print_pdf(self.document, printer)
            except OSError as exc:
                QMessageBox.warning(self, _("Printing failed"), str(exc))

    def save_to(self, path: Path) -> Path:
        """Write the PDF to ``path`` atomically (a temporary file, then a rename)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(self.pdf)
        shutil.move(tmp.name, path)
        self.saved_path = path
        self.folder_button.setEnabled(True)
        QSettings().setValue("pdf/last_folder", str(path.parent))
        return path

    @Slot()
    def save_as(self) -> None:
        folder = text_setting("pdf/last_folder", str(Path.home()))
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), str(Path(folder) / self.suggested_name), _("PDF (*.pdf)")
        )
        from b24desk.ui.outputs import may_write

        if name and may_write(self, Path(name), asked=True):
            try:
                self.save_to(Path(name))
            except OSError as exc:
                QMessageBox.warning(self, _("The file could not be saved"), str(exc))

    @Slot()
    def open_folder(self) -> None:
        if self.saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_path.parent)))
