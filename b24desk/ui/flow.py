"""A layout that places its widgets in a row and wraps them onto the next row when the
row is full, as words wrap in a paragraph (Qt's "flow layout" example).

A row of buttons in a narrow pane takes two rows instead of a horizontal scroll bar:
its minimum width is the widest single item, and its height follows its width.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QStyle, QWidget


class FlowLayout(QLayout):
    """Items left to right (or aligned right), wrapped onto as many rows as needed."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        align_right: bool = False,
        spacing: int = -1,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._align_right = align_right
        self._spacing = spacing
        if parent is None:
            self.setContentsMargins(QMargins(0, 0, 0, 0))

    # -- QLayout's item list -------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # Qt override
        self._items.append(item)

    def count(self) -> int:  # Qt override
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # -- sizes -----------------------------------------------------------------------------

    def expandingDirections(self) -> Qt.Orientation:  # Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # Qt override
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def sizeHint(self) -> QSize:  # Qt override
        """Everything on one row."""
        width = height = 0
        shown = self._shown()
        for item in shown:
            hint = item.sizeHint()
            width += hint.width()
            height = max(height, hint.height())
        width += self._gap(Qt.Orientation.Horizontal) * max(0, len(shown) - 1)
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:  # Qt override
        """The widest item alone on its row."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def setGeometry(self, rect: QRect) -> None:  # Qt override
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    # -- placing ---------------------------------------------------------------------------

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self, orientation: Qt.Orientation) -> int:
        if self._spacing >= 0:
            return self._spacing
        parent = self.parentWidget()
        if parent is None:
            return 6
        metric = (
            QStyle.PixelMetric.PM_LayoutHorizontalSpacing
            if orientation == Qt.Orientation.Horizontal
            else QStyle.PixelMetric.PM_LayoutVerticalSpacing
        )
        gap = parent.style().pixelMetric(metric, None, parent)
        return gap if gap >= 0 else 6

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        """The items of each row for an inner ``width``."""
        rows: list[list[QLayoutItem]] = []
        used = 0
        gap = self._gap(Qt.Orientation.Horizontal)
        for item in self._shown():
            need = item.sizeHint().width()
            if rows and used + gap + need <= width:
                rows[-1].append(item)
                used += gap + need
            else:
                rows.append([item])
                used = need
        return rows

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in ``rect`` (when ``move``); the height they take."""
        margins = self.contentsMargins()
        inner = rect.marginsRemoved(margins)
        gap = self._gap(Qt.Orientation.Horizontal)
        row_gap = self._gap(Qt.Orientation.Vertical)
        y = inner.y()
        for n, row in enumerate(self._rows(inner.width())):
            if n:
                y += row_gap
            height = max(item.sizeHint().height() for item in row)
            widths = [min(item.sizeHint().width(), inner.width()) for item in row]
            x = inner.x()
            if self._align_right:
                x = inner.right() + 1 - (sum(widths) + gap * (len(row) - 1))
            if move:
                for item, width in zip(row, widths, strict=True):
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
                    x += width + gap
            y += height
        return y - rect.y() + margins.bottom()

