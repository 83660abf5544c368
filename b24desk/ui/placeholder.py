"""An honest empty state for a tab whose screen is not built yet."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderTab(QWidget):
    """A heading and one sentence that says what the tab will hold and what exists."""

    def __init__(
        self,
        heading: Callable[[], str],
        sentence: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._heading_fn = heading
        self._sentence_fn = sentence
        self.heading = QLabel()
        self.heading.setObjectName("placeholderHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.heading, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.sentence)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self._heading_fn())
        self.sentence.setText(self._sentence_fn())
