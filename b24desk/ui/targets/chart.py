"""The monthly sales chart of the Partner targets tab, drawn with ``QPainter``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from b24desk.i18n import format_compact, format_date, format_decimal
from b24desk.ui import palette


class SalesChart(QWidget):
    """Bars of the counted sales per month of the status year, drawn with QPainter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("salesChart")
        self._months: list[tuple[date, Decimal]] = []
        self._current: date | None = None
        self._target: Decimal | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(170)

    def set_data(
        self,
        months: Sequence[tuple[date, Decimal]],
        current: date | None = None,
        monthly_target: Decimal | None = None,
    ) -> None:
        """``months``: (first day, total) pairs; ``current``: the month holding today;
        ``monthly_target``: the even pace to the target, drawn as a dashed line."""
        self._months = list(months)
        self._current = current
        self._target = monthly_target
        pairs = zip(self.labels(), self.values(), strict=True)
        self.setAccessibleDescription(
            "; ".join(f"{label}: {format_decimal(v, digits=0)}" for label, v in pairs)
        )
        self.update()

    def values(self) -> list[Decimal]:
        return [value for _day, value in self._months]

    def labels(self) -> list[str]:
        """The month names on the axis (Babel's stand-alone abbreviations)."""
        return [format_date(day, format="LLL") for day, _value in self._months]

    def value_text(self, value: Decimal, room: float) -> str:
        """What a bar says above it: its value in full, or shortened ("14K", "14 mil",
        "14 тыс.") when the full one is wider than ``room``; "" for an empty month."""
        if value <= 0:
            return ""
        fm = self.fontMetrics()
        for text in (format_decimal(value, digits=0), format_compact(value)):
            if fm.horizontalAdvance(text) <= room:
                return text
        return ""

    def slot_width(self) -> float:
        """The room of one month's bar at the chart's present size."""
        fm = self.fontMetrics()
        top = self._nice_top(max([*self.values(), self._target or Decimal(0), Decimal(0)]))
        ticks = [format_decimal(top * i / 4, digits=0) for i in range(5)]
        left = max(fm.horizontalAdvance(t) for t in ticks) + 8
        return (self.width() - left - 6) / max(1, len(self._months))

    def sizeHint(self) -> QSize:
        return QSize(560, 220)

    def minimumSizeHint(self) -> QSize:
        return QSize(280, 170)

    @staticmethod
    def _nice_top(value: Decimal) -> Decimal:
        if value <= 0:
            return Decimal(1)
        exponent = value.adjusted()
        base = Decimal(10) ** exponent
        for step in (1, 2, 2.5, 5, 10):
            top = base * Decimal(str(step))
            if top >= value:
                return top
        return base * 10

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = self.fontMetrics()
        values = self.values()
        labels = self.labels()
        peak = max([*values, self._target or Decimal(0), Decimal(0)])
        top = self._nice_top(peak)
        ticks = [top * i / 4 for i in range(5)]
        tick_texts = [format_decimal(t, digits=0) for t in ticks]
        left = max(fm.horizontalAdvance(t) for t in tick_texts) + 8
        bottom = fm.height() + 6
        upper = fm.height() + 4
        width = self.width() - left - 6
        height = self.height() - bottom - upper
        if width <= 10 or height <= 10 or not values:
            return
        text_pen = QPen(pal.color(QPalette.ColorRole.WindowText))
        grid_pen = QPen(pal.color(QPalette.ColorRole.Mid))
        grid_pen.setStyle(Qt.PenStyle.DotLine)

        def y_of(value: Decimal) -> float:
            return upper + height - float(value / top) * height

        for tick, text in zip(ticks, tick_texts, strict=True):
            y = y_of(tick)
            p.setPen(grid_pen)
            p.drawLine(left, int(y), left + width, int(y))
            p.setPen(text_pen)
            p.drawText(
                QRectF(0, y - fm.height() / 2, left - 4, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        slot = self.slot_width()
        bar = max(2.0, slot * 0.6)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        pale = QColor(highlight)
        pale.setAlpha(140)
        small = QFont(self.font())
        for i, (value, label) in enumerate(zip(values, labels, strict=True)):
            x = left + i * slot + (slot - bar) / 2
            y = y_of(value)
            is_current = self._current is not None and self._months[i][0] == self._current
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(highlight if is_current else pale))
            if value > 0:
                p.drawRect(QRectF(x, y, bar, upper + height - y))
            p.setPen(text_pen)
            p.setFont(small)
            shown = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(slot))
            p.drawText(
                QRectF(left + i * slot, upper + height + 3, slot, fm.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                shown,
            )
            text = self.value_text(value, slot)
            if text:
                p.drawText(
                    QRectF(left + i * slot, y - fm.height() - 1, slot, fm.height()),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    text,
                )
        if self._target:
            pace = QPen(palette.error_text(self.palette()))
            pace.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pace)
            y = y_of(self._target)
            p.drawLine(left, int(y), left + width, int(y))
        p.setPen(text_pen)
        p.drawLine(left, upper + height, left + width, upper + height)
