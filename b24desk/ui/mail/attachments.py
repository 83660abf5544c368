"""The list of a message's attachments, with their sizes and an Open button."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from b24desk.domain.mail import Attachment
from b24desk.i18n import _
from b24desk.ui.mail import common


class AttachmentList(QWidget):
    """Name and size of each file; Open (or a double-click, or Enter) shows one."""

    def __init__(self, attachments: Sequence[Attachment], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attachments = list(attachments)
        self.table = QTableWidget(len(self.attachments), 2)
        self.table.setObjectName("mailAttachments")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        rows = max(1, len(self.attachments))
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setMaximumHeight(header.sizeHint().height() + row_height * min(rows, 4) + 6)
        self.open_button = QPushButton()
        self.open_button.setObjectName("mailOpenAttachment")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.table)
        box.addLayout(buttons)
        self.open_button.clicked.connect(self.open_current)
        self.table.itemActivated.connect(self.open_current)
        self.table.itemSelectionChanged.connect(self._update)
        if self.attachments:
            self.table.selectRow(0)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_("File"), _("Size")])
        for row, attachment in enumerate(self.attachments):
            name = QTableWidgetItem(attachment.filename)
            name.setToolTip(attachment.filename)
            size = QTableWidgetItem(common.size_text(len(attachment.data)))
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, size)
        self.open_button.setText(_("Open file"))
        self.open_button.setToolTip(_("Show the chosen file as it will be sent"))
        self._update()

    @Slot()
    def _update(self) -> None:
        self.open_button.setEnabled(0 <= self.table.currentRow() < len(self.attachments))

    @Slot()
    def open_current(self, *_args: object) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.attachments):
            common.open_attachment(self.attachments[row])
