"""The report chart (issue #17.5: "a chart where people would rather look than read ...
and a click from a figure to the records behind it"): bars sized by their figures,
the exact figure in each bar's tooltip, a click drills like the table cell, and the
colours read on a light and a dark theme."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from b24desk.i18n import N_, _
from b24desk.store.report_shape import Chart, Column, Drill, Report, ReportRow, ReportSpan
from b24desk.ui import palette
from b24desk.ui.reports.chart import Mark, ReportChart

SPAN = ReportSpan(date(2026, 1, 1), date(2026, 3, 31))


def _drill(month: str, key: str) -> Drill:
    return Drill("invoice", (("month", month), ("part", key)))


def revenue(kind: str = "bar") -> Report:
    """Three months of revenue in two series (new sales, renewals)."""
    figures = {
        "2026-01": ("1000.00", "500.00"),
        "2026-02": ("2500.00", "0"),
        "2026-03": ("400.50", "1500.00"),
    }
    rows = [
        ReportRow(
            month,
            (month, Decimal(new), Decimal(renewals)),
            {"new": _drill(month, "new"), "renewals": _drill(month, "renewals")},
        )
        for month, (new, renewals) in figures.items()
    ]
    return Report(
        key="revenue_month",
        title=lambda: _(N_("Revenue by month")),
        span=SPAN,
        currency="NZD",
        columns=(
            Column("month", lambda: _(N_("Month"))),
            Column("new", lambda: _(N_("New sales")), "money"),
            Column("renewals", lambda: _(N_("Renewals")), "money"),
        ),
        rows=rows,
        chart=Chart(kind, "month", ("new", "renewals")),
    )


@pytest.fixture
def chart(qtbot) -> ReportChart:  # type: ignore[no-untyped-def]
    widget = ReportChart()
    qtbot.addWidget(widget)
    widget.resize(700, 320)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _bars(chart: ReportChart) -> dict[tuple[int, str], Mark]:
    return {(m.row, m.series): m for m in chart.marks()}


def test_bar_heights_are_proportional_to_the_figures(chart: ReportChart) -> None:
    chart.set_report(revenue("bar"))
    bars = _bars(chart)
    assert len(bars) == 6
    per_unit = bars[(1, "new")].rect.height() / 2500
    for mark in bars.values():
        value = float(mark.value)
        assert mark.rect.height() == pytest.approx(value * per_unit, abs=0.01)
    # All grouped bars stand on one baseline, side by side within their month.
    bottoms = {round(m.rect.bottom(), 3) for m in bars.values()}
    assert len(bottoms) == 1
    jan_new, jan_ren = bars[(0, "new")].rect, bars[(0, "renewals")].rect
    assert jan_new.right() == pytest.approx(jan_ren.left())
    assert bars[(1, "new")].rect.left() > jan_ren.right()
    # Resizing keeps the proportions (the geometry follows the widget).
    chart.resize(400, 500)
    bigger = _bars(chart)
    ratio = bigger[(2, "renewals")].rect.height() / bigger[(1, "new")].rect.height()
    assert ratio == pytest.approx(1500 / 2500, rel=1e-6)


def test_stacked_bars_pile_up_to_the_row_total(chart: ReportChart) -> None:
    chart.set_report(revenue("stacked"))
    bars = _bars(chart)
    assert (1, "renewals") not in bars  # a zero draws nothing
    new, ren = bars[(2, "new")].rect, bars[(2, "renewals")].rect
    assert ren.bottom() == pytest.approx(new.top())  # renewals on top of new sales
    per_unit = bars[(1, "new")].rect.height() / 2500
    assert new.height() + ren.height() == pytest.approx(1900.50 * per_unit, abs=0.01)
    assert new.width() == ren.width()


def test_line_points_sit_at_their_figures(chart: ReportChart) -> None:
    chart.set_report(revenue("line"))
    points = _bars(chart)
    base = chart._frame().plot.bottom()  # type: ignore[union-attr]
    rise = {key: base - m.rect.center().y() for key, m in points.items()}
    assert rise[(0, "new")] / rise[(1, "new")] == pytest.approx(1000 / 2500)
    assert rise[(1, "renewals")] == pytest.approx(0)


def test_the_tooltip_gives_the_exact_figure_in_the_desk_language(chart: ReportChart) -> None:
    chart.set_report(revenue())
    mark = _bars(chart)[(2, "new")]
    assert chart.mark_at(mark.rect.center()) == mark
    text = chart.tooltip(mark)
    assert "2026-03 — New sales: $400.50" in text
    assert "records" in text


def test_axis_and_tooltip_follow_the_language(chart: ReportChart) -> None:
    from b24desk import i18n

    chart.set_report(revenue())
    i18n.set_language("ru")
    chart.retranslate()
    mark = _bars(chart)[(1, "new")]
    assert "2500,00\xa0NZ$" in chart.tooltip(mark).replace("\u202f", "").replace("\xa0", "", 1)
    assert chart._axis(Decimal(2500)) == "2\xa0500\xa0NZ$"
    i18n.set_language("es")
    assert chart._axis(Decimal(2500)) == "2.500\xa0NZD"  # as the table writes it, without ",00"
    assert chart._axis(Decimal(12500)) == "12.500\xa0NZD"
    i18n.set_language("en")


def test_a_click_on_a_bar_emits_its_drill(qtbot, chart: ReportChart) -> None:  # type: ignore[no-untyped-def]
    chart.set_report(revenue())
    mark = _bars(chart)[(0, "renewals")]
    with qtbot.waitSignal(chart.drillRequested) as caught:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=mark.rect.center().toPoint())
    assert caught.args == [_drill("2026-01", "renewals")]
    # Off the bars (above the tallest, in the legend's row): nothing.
    with qtbot.assertNotEmitted(chart.drillRequested):
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def test_the_chart_tells_a_screen_reader_its_figures(chart: ReportChart) -> None:
    chart.set_report(revenue())
    assert chart.accessibleName() == "Chart: Revenue by month"
    description = chart.accessibleDescription()
    assert "2026-02: New sales $2,500.00, Renewals $0.00" in description


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[QPalette]:
    old = QPalette(qapp.palette())
    pal = QPalette(old)
    for role, colour in (
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
    ):
        pal.setColor(role, QColor(colour))
    qapp.setPalette(pal)
    yield pal
    qapp.setPalette(old)


def _painted(chart: ReportChart, at: object) -> QColor:
    point = at if isinstance(at, QPoint) else at.toPoint()
    return chart.grab().toImage().pixelColor(point)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_bars_and_text_read_on_light_and_dark_palettes(
    qtbot, request: pytest.FixtureRequest, theme: str  # type: ignore[no-untyped-def]
) -> None:
    """Bars stand out from the chart's background at 3:1 (WCAG's contrast for
    graphics), the series differ from one another, and the text reads at 4.5:1."""
    if theme == "dark":
        request.getfixturevalue("dark")
    chart = ReportChart()
    qtbot.addWidget(chart)
    chart.resize(700, 320)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_report(revenue())
    pal = chart.palette()
    base = pal.color(QPalette.ColorRole.Base)
    assert palette.is_dark(pal) == (theme == "dark")
    bars = _bars(chart)
    seen = set()
    for key in ("new", "renewals"):
        painted = _painted(chart, bars[(1 if key == "new" else 2, key)].rect.center())
        assert painted.name() == chart.colour(key).name()
        assert palette.contrast_ratio(painted, base) >= 3.0, (theme, key, painted.name())
        seen.add(painted.name())
    assert len(seen) == 2
    assert _painted(chart, QPoint(2, chart.height() - 2)).name() == base.name()
    assert palette.contrast_ratio(pal.color(QPalette.ColorRole.Text), base) >= 4.5
    for index in range(8):  # every series colour, on both themes
        assert palette.contrast_ratio(palette.series_colour(index, pal), base) >= 3.0


def test_a_long_report_draws_its_largest_rows(qtbot, chart: ReportChart) -> None:  # type: ignore[no-untyped-def]
    """An ageing of a large office has a thousand clients: the chart draws the 40
    largest, in the table's order, and says so; a bar still drills to its own row."""
    rows = [
        ReportRow(
            f"c{n}",
            (f"Client {n:03}", Decimal(n % 97) * 10, Decimal(0)),
            {"new": _drill(f"c{n}", "new")},
        )
        for n in range(120)
    ]
    report = revenue()
    report.rows = rows
    chart.set_report(report)
    drawn = chart.drawn_rows()
    assert len(drawn) == 40 and drawn == sorted(drawn)
    smallest_drawn = min(rows[r].cells[1] for r in drawn)  # type: ignore[type-var]
    left_out = [r for r in range(120) if r not in drawn]
    assert all(rows[r].cells[1] <= smallest_drawn for r in left_out)  # type: ignore[operator]
    assert chart.shown_note() == "The chart shows the 40 largest of 120 rows."
    mark = next(m for m in chart.marks() if m.series == "new" and m.value > 0)
    with qtbot.waitSignal(chart.drillRequested) as caught:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=mark.rect.center().toPoint())
    assert caught.args == [rows[mark.row].drills["new"]]
    assert "Client" in chart.tooltip(mark) and f"Client {mark.row:03}" in chart.tooltip(mark)
