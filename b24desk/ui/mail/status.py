"""The status bar's word on the outbox: "2 messages waiting", "1 message failed"."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from b24desk.i18n import _, format_decimal, ngettext
from b24desk.store import outbox
from b24desk.ui import palette
from b24desk.ui.context import DeskContext


def waiting_text(count: int) -> str:
    return ngettext("{count} message waiting", "{count} messages waiting", count).format(
        count=format_decimal(count)
    )


def failed_text(count: int) -> str:
    return ngettext("{count} message failed", "{count} messages failed", count).format(
        count=format_decimal(count)
    )


class OutboxStatusLabel(QLabel):
    """Messages waiting and failed (the failed in the palette's error colour), and the
    last reason the server could not be reached; hidden while the outbox has nothing
    waiting or failed.  A click opens the Outbox."""

    clicked = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outboxStatus")
        self.ctx = ctx
        self.waiting = self.failed = 0
        #: The last line the sender reported when the server could not be reached.
        self.send_error = ""
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        ctx.signals.changed.connect(self._on_data_changed)
        ctx.language.changed.connect(self.update_text)
        self.refresh()

    @Slot(str)
    def _on_data_changed(self, entity: str) -> None:
        if entity == outbox.OUTBOX:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Count again (after the outbox changed)."""
        try:
            self.waiting, self.failed = outbox.waiting_count(), outbox.failed_count()
        except Exception:  # no database (yet): nothing to say
            self.waiting = self.failed = 0
        self.update_text()

    @Slot(str)
    def set_send_error(self, error: str) -> None:
        """The sender's last error line ("" once it sent again)."""
        self.send_error = error
        self.update_text()

    @Slot()
    def update_text(self) -> None:
        parts = []
        plain = []
        if self.waiting:
            parts.append(escape(waiting_text(self.waiting)))
            plain.append(waiting_text(self.waiting))
        error_colour = palette.error_text().name()
        if self.failed:
            parts.append(
                f"<span style='color:{error_colour}'>{escape(failed_text(self.failed))}</span>"
            )
            plain.append(failed_text(self.failed))
        if self.send_error and self.waiting:
            parts.append(f"<span style='color:{error_colour}'>{escape(self.send_error)}</span>")
            plain.append(self.send_error)
        self.setText(" · ".join(parts))
        self.setAccessibleName(" · ".join(plain))
        tip = _("Click to open the Outbox")
        self.setToolTip(f"{self.send_error}\n{tip}" if self.send_error else tip)
        self.setVisible(bool(self.waiting or self.failed))

    def plain_text(self) -> str:
        """What the label says, without its colours (for tests and screen readers)."""
        return self.accessibleName()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
            event.accept()
            return
        super().mousePressEvent(event)
