"""A report's chart, drawn with ``QPainter`` (QtCharts is not a dependency).

The chart follows the report's :class:`~b24desk.store.report_shape.Chart`: grouped
bars, stacked bars or lines of the series columns over the rows' labels (the total
row is not drawn).  :meth:`ReportChart.marks` computes where every bar (or point)
is at the widget's present size; painting, tooltips and clicks all use it, so what
a test measures is what a person sees.  A click on a bar emits the drill of its
figure, as a double-click on the same table cell does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from b24desk.i18n import _
from b24desk.store.report_shape import Column, Drill, Report
from b24desk.ui import palette
from b24desk.ui.reports.cells import axis_text, cell_text, number

#: The share of a row's slot its bars take (the rest is the gap between rows).
BAR_SHARE = 0.76
#: The widest a bar gets (a report of one or two rows draws bars, not walls).
MAX_BAR = 72.0
#: The most rows drawn: beyond, the largest ones (an office owed by a thousand clients).
MAX_ROWS = 40
#: The half-size of a line point's clickable square.
POINT_RADIUS = 5.0
#: The number of steps on the value axis.
TICKS = 4


@dataclass(frozen=True)
class Mark:
    """One drawn figure: a bar, a piece of a stacked bar, or a point of a line."""

    row: int  # index in ``report.rows``
    series: str  # the column key
    value: Decimal
    rect: QRectF  # the bar, or the clickable square around a point


@dataclass(frozen=True)
class _Frame:
    plot: QRectF
    low: Decimal
    high: Decimal
    ticks: list[Decimal]
    legend_height: float


def _nice_step(span: Decimal) -> Decimal:
    """A round step (1, 2, 2.5 or 5 times a power of ten) for ``TICKS`` steps."""
    if span <= 0:
        return Decimal(1)
    raw = span / TICKS
    base = Decimal(10) ** raw.adjusted()
    for factor in ("1", "2", "2.5", "5", "10"):
        step = base * Decimal(factor)
        if step >= raw:
            return step
    return base * 10


class ReportChart(QWidget):
    """Bars or lines of a report's series, with axis, legend, tooltips and drills."""

    #: The :class:`Drill` of the figure whose bar was clicked.
    drillRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportChart")
        self.report: Report | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setMinimumHeight(160)

    # -- data ---------------------------------------------------------------------

    def set_report(self, report: Report | None) -> None:
        self.report = report if report is not None and report.chart is not None else None
        self.retranslate()
        self.update()

    def series(self) -> list[Column]:
        """The columns drawn, in order (those the report's chart names)."""
        if self.report is None or self.report.chart is None:
            return []
        columns = {column.key: column for column in self.report.columns}
        return [columns[key] for key in self.report.chart.series if key in columns]

    def _index(self, key: str) -> int:
        assert self.report is not None
        return [column.key for column in self.report.columns].index(key)

    def value(self, row: int, key: str) -> Decimal:
        assert self.report is not None
        return number(self.report.rows[row].cells[self._index(key)]) or Decimal(0)

    def drawn_rows(self) -> list[int]:
        """The rows drawn, in the report's order: all of them, or the :data:`MAX_ROWS`
        whose figures are largest."""
        if self.report is None:
            return []
        rows = list(range(len(self.report.rows)))
        if len(rows) <= MAX_ROWS:
            return rows
        keys = [column.key for column in self.series()]

        def size(row: int) -> Decimal:
            return sum((abs(self.value(row, key)) for key in keys), Decimal(0))

        return sorted(sorted(rows, key=size, reverse=True)[:MAX_ROWS])

    def shown_note(self) -> str:
        """Says so when only the largest rows are drawn."""
        if self.report is None or len(self.report.rows) <= MAX_ROWS:
            return ""
        return _("The chart shows the {shown} largest of {count} rows.").format(
            shown=MAX_ROWS, count=len(self.report.rows)
        )

    def labels(self) -> list[str]:
        """The rows' labels under the axis, as the table writes them."""
        if self.report is None or self.report.chart is None:
            return []
        index = self._index(self.report.chart.label_column)
        column = self.report.columns[index]
        return [
            cell_text(row.cells[index], column.kind, self.report.currency)
            for row in self.report.rows
        ]

    def value_text(self, mark: Mark) -> str:
        """The exact figure of a mark, as the table cell writes it."""
        assert self.report is not None
        column = self.report.columns[self._index(mark.series)]
        return cell_text(mark.value, column.kind, self.report.currency)

    def drill(self, mark: Mark) -> Drill | None:
        assert self.report is not None
        return self.report.rows[mark.row].drills.get(mark.series)

    def tooltip(self, mark: Mark) -> str:
        """A bar's label, series and exact figure (and how to see its records)."""
        assert self.report is not None
        column = self.report.columns[self._index(mark.series)]
        text = _("{label} — {series}: {value}").format(
            label=self.labels()[mark.row], series=column.title(), value=self.value_text(mark)
        )
        if self.drill(mark) is not None:
            text += "\n" + _("Click to see the records behind this figure.")
        return text

    def retranslate(self) -> None:
        """The accessible name and a description a screen reader can read out."""
        if self.report is None:
            self.setAccessibleName(_("Report chart"))
            self.setAccessibleDescription(_("No chart for this report."))
            return
        self.setAccessibleName(_("Chart: {title}").format(title=self.report.title()))
        series = self.series()
        parts = []
        labels = self.labels()
        for row in self.drawn_rows():
            label = labels[row]
            figures = ", ".join(
                f"{column.title()} "
                + self.value_text(Mark(row, column.key, self.value(row, column.key), QRectF()))
                for column in series
            )
            parts.append(f"{label}: {figures}")
        self.setAccessibleDescription("; ".join(parts))

    # -- geometry -------------------------------------------------------------------

    def _kind(self) -> str:
        series = self.series()
        return series[0].kind if series else "count"

    def _axis(self, value: Decimal) -> str:
        assert self.report is not None
        return axis_text(value, self._kind(), self.report.currency)  # type: ignore[arg-type]

    def _extent(self) -> tuple[Decimal, Decimal]:
        """The lowest and highest value the axis must hold (zero always included)."""
        assert self.report is not None and self.report.chart is not None
        series = self.series()
        low = high = Decimal(0)
        for row in self.drawn_rows():
            values = [self.value(row, column.key) for column in series]
            if self.report.chart.kind == "stacked":
                high = max(high, sum((v for v in values if v > 0), Decimal(0)))
                low = min(low, sum((v for v in values if v < 0), Decimal(0)))
            else:
                high = max([high, *values])
                low = min([low, *values])
        return low, high

    def _frame(self) -> _Frame | None:
        if self.report is None or not self.report.rows or not self.series():
            return None
        fm = self.fontMetrics()
        low, high = self._extent()
        if low == high:
            high = Decimal(1)
        step = _nice_step(high - low)
        bottom = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
        top = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
        ticks = []
        tick = bottom
        while tick <= top:
            ticks.append(tick)
            tick += step
        legend = float(fm.height() + 10)
        left = max(fm.horizontalAdvance(self._axis(t)) for t in ticks) + 10.0
        plot = QRectF(
            left,
            legend + fm.height() / 2,
            self.width() - left - 10,
            self.height() - legend - fm.height() / 2 - fm.height() - 8,
        )
        if plot.width() < 20 or plot.height() < 20:
            return None
        return _Frame(plot, bottom, top, ticks, legend)

    def _y(self, frame: _Frame, value: Decimal) -> float:
        share = float((value - frame.low) / (frame.high - frame.low))
        return frame.plot.bottom() - share * frame.plot.height()

    def slot_width(self) -> float:
        frame = self._frame()
        if frame is None or self.report is None:
            return 0.0
        return frame.plot.width() / len(self.drawn_rows())

    def marks(self) -> list[Mark]:
        """Where each figure is drawn at the present size (bars: their rectangle;
        lines: a small square around each point)."""
        frame = self._frame()
        if frame is None or self.report is None or self.report.chart is None:
            return []
        series = self.series()
        drawn = self.drawn_rows()
        slot = frame.plot.width() / len(drawn)
        kind = self.report.chart.kind
        zero = self._y(frame, Decimal(0))
        found: list[Mark] = []
        for place, row in enumerate(drawn):
            start = frame.plot.left() + place * slot
            if kind == "line":
                centre = start + slot / 2
                for column in series:
                    value = self.value(row, column.key)
                    y = self._y(frame, value)
                    box = QRectF(
                        centre - POINT_RADIUS, y - POINT_RADIUS, 2 * POINT_RADIUS, 2 * POINT_RADIUS
                    )
                    found.append(Mark(row, column.key, value, box))
                continue
            room = min(slot * BAR_SHARE, MAX_BAR * len(series))
            x = start + (slot - room) / 2
            if kind == "stacked":
                up = down = Decimal(0)
                for column in series:
                    value = self.value(row, column.key)
                    if value == 0:
                        continue
                    if value > 0:
                        y0, y1 = self._y(frame, up), self._y(frame, up + value)
                        up += value
                    else:
                        y0, y1 = self._y(frame, down + value), self._y(frame, down)
                        down += value
                    found.append(Mark(row, column.key, value, QRectF(x, y1, room, y0 - y1)))
                continue
            width = room / len(series)
            for i, column in enumerate(series):
                value = self.value(row, column.key)
                y = self._y(frame, value)
                top, height = (y, zero - y) if value >= 0 else (zero, y - zero)
                rect = QRectF(x + i * width, top, width, height)
                found.append(Mark(row, column.key, value, rect))
        return found

    def mark_at(self, pos: QPointF) -> Mark | None:
        """The figure under ``pos`` (a bar at least 3 pixels tall to aim at)."""
        for mark in self.marks():
            rect = mark.rect
            if rect.height() < 3:
                rect = rect.adjusted(0, -(3 - rect.height()) / 2, 0, (3 - rect.height()) / 2)
            if rect.contains(pos):
                return mark
        return None

    def sizeHint(self) -> QSize:
        return QSize(560, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 160)

    # -- events ---------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            mark = self.mark_at(QPointF(event.pos()))
            if mark is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip(mark), self)
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        mark = self.mark_at(event.position())
        drillable = mark is not None and self.drill(mark) is not None
        if drillable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            mark = self.mark_at(event.position())
            drill = self.drill(mark) if mark is not None else None
            if drill is not None:
                self.drillRequested.emit(drill)
                return
        super().mouseReleaseEvent(event)

    # -- painting -------------------------------------------------------------------

    def colour(self, key: str) -> QColor:
        keys = [column.key for column in self.series()]
        return palette.series_colour(keys.index(key), self.palette())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, p: QPainter) -> None:
        frame = self._frame()
        pal = self.palette()
        text_pen = QPen(pal.color(QPalette.ColorRole.Text))
        if frame is None or self.report is None or self.report.chart is None:
            p.setPen(text_pen)
            p.drawText(
                QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, _("No figures for these dates.")
            )
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        plot = frame.plot
        grid = QPen(palette.dim_text(pal))
        grid.setStyle(Qt.PenStyle.DotLine)
        for tick in frame.ticks:
            y = self._y(frame, tick)
            p.setPen(grid)
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(text_pen)
            p.drawText(
                QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._axis(tick),
            )
        self._paint_legend(p, text_pen)
        marks = self.marks()
        if self.report.chart.kind == "line":
            for column in self.series():
                points = [m.rect.center() for m in marks if m.series == column.key]
                pen = QPen(self.colour(column.key), 2)
                p.setPen(pen)
                path = QPainterPath()
                for i, point in enumerate(points):
                    path.moveTo(point) if i == 0 else path.lineTo(point)
                p.drawPath(path)
                p.setBrush(QBrush(self.colour(column.key)))
                for point in points:
                    p.drawEllipse(point, 3, 3)
        else:
            p.setPen(Qt.PenStyle.NoPen)
            for mark in marks:
                p.setBrush(QBrush(self.colour(mark.series)))
                p.drawRect(mark.rect)
        p.setPen(text_pen)
        zero = self._y(frame, Decimal(0))
        p.drawLine(QPointF(plot.left(), zero), QPointF(plot.right(), zero))
        self._paint_labels(p, frame)

    def _paint_legend(self, p: QPainter, text_pen: QPen) -> None:
        fm = self.fontMetrics()
        x = 10.0
        box = fm.height() * 0.7
        for column in self.series():
            title = column.title()
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(self.colour(column.key)))
            p.drawRect(QRectF(x, 4 + (fm.height() - box) / 2, box, box))
            p.setPen(text_pen)
            wide = fm.horizontalAdvance(title)
            p.drawText(QRectF(x + box + 4, 4, wide + 2, fm.height()), 0, title)
            x += box + 4 + wide + 16
        note = self.shown_note()
        if note:
            p.setPen(QPen(palette.dim_text(self.palette())))
            p.drawText(
                QRectF(x, 4, max(0.0, self.width() - x - 10), fm.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                fm.elidedText(note, Qt.TextElideMode.ElideRight, int(self.width() - x - 10)),
            )

    def _paint_labels(self, p: QPainter, frame: _Frame) -> None:
        """Row labels under the axis; every n-th one when they do not all fit."""
        fm = self.fontMetrics()
        every_label = self.labels()
        labels = [every_label[row] for row in self.drawn_rows()]
        slot = frame.plot.width() / len(labels)
        widest = max(fm.horizontalAdvance(label) for label in labels) + 6
        every = max(1, int(-(-widest // max(slot, 1.0))))
        if every > 1:  # as many as fit, each with its own room, shortened if need be
            every = min(every, max(1, len(labels) // 3))
        for row in range(0, len(labels), every):
            room = slot * every
            x = frame.plot.left() + row * slot + slot / 2 - room / 2
            x = max(0.0, min(x, self.width() - room))  # whole inside the widget
            shown = fm.elidedText(labels[row], Qt.TextElideMode.ElideRight, int(room) - 4)
            p.drawText(
                QRectF(x, frame.plot.bottom() + 4, room, fm.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                shown,
            )
