"""The PDF preview opens inside the available screen with its buttons visible (#15.8)."""

from __future__ import annotations

import io
from typing import Any

from PySide6.QtCore import QRect, QSize
from reportlab.pdfgen import canvas

from b24desk.ui.pdfview import PdfPreviewDialog, fit_within


def pdf_of(pages: int) -> bytes:
    out = io.BytesIO()
    sheet = canvas.Canvas(out)
    for page in range(pages):
        sheet.drawString(72, 720, f"Page {page + 1}")
        sheet.showPage()
    sheet.save()
    return out.getvalue()


def test_a_laptop_screen_gets_the_whole_dialog() -> None:
    laptop = QRect(0, 0, 1280, 770)  # 1280×800 less a task bar
    rect = fit_within(QSize(900, 1000), laptop)
    assert laptop.contains(rect)
    assert rect.width() == 900 and rect.height() < 770
    assert rect.center().x() in range(638, 643)


def test_a_big_screen_keeps_the_preferred_size() -> None:
    rect = fit_within(QSize(900, 1000), QRect(0, 0, 2560, 1440))
    assert rect.size() == QSize(900, 1000)


def test_the_dialog_and_its_buttons_are_on_the_screen(qtbot: Any) -> None:
    dialog = PdfPreviewDialog(pdf_of(2), "x.pdf", "Preview")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    available = dialog.screen().availableGeometry()
    assert available.contains(dialog.frameGeometry())
    for button in (dialog.print_button, dialog.save_button, dialog.folder_button):
        top_left = button.mapToGlobal(button.rect().topLeft())
        assert button.isVisible() and available.contains(QRect(top_left, button.size()))


def test_the_page_count_is_a_real_plural(qtbot: Any) -> None:
    one = PdfPreviewDialog(pdf_of(1), "one.pdf", "One")
    two = PdfPreviewDialog(pdf_of(2), "two.pdf", "Two")
    qtbot.addWidget(one)
    qtbot.addWidget(two)
    assert one.pages_label.text() == "1 page"
    assert two.pages_label.text() == "2 pages"
