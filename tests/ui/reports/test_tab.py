"""The Reports tab driven as a person would, on the small demo office (issue #17.5:
"Each report with a date range, a chart ..., Export CSV and Export PDF, and a click
from a figure to the records behind it")."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import peewee
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from b24desk.i18n import format_decimal, format_money
from b24desk.store import reports
from b24desk.store.demo import generate_demo
from b24desk.store.report_shape import ReportSpan
from b24desk.ui.context import DeskContext
from b24desk.ui.main_window import MainWindow
from b24desk.ui.reports.cells import NUMERIC
from b24desk.ui.reports.model import DRILL_ROLE
from b24desk.ui.reports.tab import ReportsTab

TODAY = date(2026, 11, 20)  # the fixed clock of tests/ui/conftest.py


@pytest.fixture
def office(db: peewee.Database) -> None:
    generate_demo("small", seed=3, today=TODAY)


def _tab(qtbot: Any, ctx: DeskContext) -> ReportsTab:
    tab = ReportsTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 760)
    tab.show()
    qtbot.waitExposed(tab)
    _settle(qtbot, tab)
    return tab


def _settle(qtbot: Any, tab: ReportsTab) -> None:
    qtbot.waitUntil(lambda: not tab.busy(), timeout=30000)


def _figure_with_records(tab: ReportsTab) -> tuple[int, int]:
    """(row, column) of the first non-zero figure of the table that has a drill."""
    model = tab.model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            if index.data(DRILL_ROLE) is not None and not model.is_total(row):
                return row, column
    raise AssertionError("the demo office should give a figure with records behind it")


@pytest.mark.parametrize("key", list(reports.REPORTS))
def test_each_report_shows_its_table_chart_and_total(
    qtbot: Any, ctx: DeskContext, office: None, key: str
) -> None:
    tab = _tab(qtbot, ctx)
    tab.choose(key, "last_12_months")
    _settle(qtbot, tab)
    report = tab.report
    assert report is not None and report.key == key
    expected = reports.build(key, tab.span())  # what the store gives for the same dates
    assert [c.key for c in report.columns] == [c.key for c in expected.columns]
    assert len(report.rows) == len(expected.rows)
    model = tab.model
    titles = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert titles == [column.title() for column in report.columns]
    assert model.rowCount() == len(report.rows) + (report.total is not None)
    for column, spec in enumerate(report.columns):
        if spec.kind == "money":
            for row in range(model.rowCount()):
                value = model.row(row).cells[column]  # type: ignore[union-attr]
                if value is None:
                    continue
                index = model.index(row, column)
                assert index.data() == format_money(value, report.currency)
                assert index.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    if report.total is not None:
        assert model.is_total(model.rowCount() - 1)
        assert model.index(model.rowCount() - 1, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert tab.chart.isVisible() == (report.chart is not None)
    assert tab.notes.isVisible() == bool(report.notes)


def test_sorting_keeps_the_total_last(qtbot: Any, ctx: DeskContext, office: None) -> None:
    tab = _tab(qtbot, ctx)
    tab.choose("aging")
    _settle(qtbot, tab)
    report = tab.report
    assert report is not None and report.total is not None and len(report.rows) > 2
    money = next(i for i, c in enumerate(report.columns) if c.kind in NUMERIC)
    last = len(report.columns) - 1
    header = tab.view.horizontalHeader()
    header.setSortIndicator(last, Qt.SortOrder.DescendingOrder)
    figures = [tab.model.row(r).cells[last] for r in range(len(report.rows))]  # type: ignore[union-attr]
    assert figures == sorted(figures, reverse=True)
    assert tab.model.row(tab.model.rowCount() - 1) is report.total
    header.setSortIndicator(money, Qt.SortOrder.AscendingOrder)
    firsts = [tab.model.row(r).cells[money] for r in range(len(report.rows))]  # type: ignore[union-attr]
    assert firsts == sorted(firsts)
    assert tab.model.index(tab.model.rowCount() - 1, 0).data() == "Total"


def test_ageing_is_as_of_a_day_and_the_old_table_stays_until_the_new_one(
    qtbot: Any, ctx: DeskContext, office: None
) -> None:
    tab = _tab(qtbot, ctx)
    tab.choose("aging")
    _settle(qtbot, tab)
    assert tab.from_edit.isHidden() and tab.range_box.isHidden()
    assert tab.to_label.text() == "&As of:"
    old = tab.report
    assert old is not None and old.span.as_of == TODAY
    tab.to_edit.setDate(tab.to_edit.date().addDays(-60))
    tab.refresh_in_background()  # as the delay would, at once
    assert tab.busy() and tab.model.report is old  # still the last table while computing
    _settle(qtbot, tab)
    assert tab.report is not old and tab.report.span.as_of == date(2026, 9, 21)  # type: ignore[union-attr]
    assert tab.heading.text() == "Receivables ageing, as of 21 Sept 2026"


def test_a_quick_range_then_typed_dates(qtbot: Any, ctx: DeskContext, office: None) -> None:
    keys = [k for k in reports.REPORTS if k != "aging"]
    tab = _tab(qtbot, ctx)
    tab.choose(keys[0], "this_quarter")
    _settle(qtbot, tab)
    assert tab.report.span == ReportSpan(date(2026, 10, 1), date(2026, 12, 31))  # type: ignore[union-attr]
    assert not tab.from_edit.isHidden()
    tab.set_dates(date(2026, 3, 1), date(2026, 5, 31))
    assert tab.range_key() == "custom"
    _settle(qtbot, tab)
    assert tab.report.span == ReportSpan(date(2026, 3, 1), date(2026, 5, 31))  # type: ignore[union-attr]
    tab.set_dates(date(2026, 6, 1), date(2026, 5, 31))
    _settle(qtbot, tab)
    assert tab.status.text() == "The start date is after the end date."


def test_the_choice_and_the_split_are_remembered(
    qtbot: Any, ctx: DeskContext, office: None
) -> None:
    keys = list(reports.REPORTS)
    tab = _tab(qtbot, ctx)
    tab.choose(keys[-1])
    if keys[-1] != "aging":
        tab.set_dates(date(2026, 2, 1), date(2026, 4, 30))
    _settle(qtbot, tab)
    qtbot.waitUntil(lambda: not tab._split_pending)  # the first split is laid out
    handle = tab.splitter.handle(1)
    before = tab.splitter.sizes()
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start + QPoint(0, 60))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(0, 60))
    moved = tab.splitter.sizes()
    assert moved != before
    tab.close()

    again = _tab(qtbot, ctx)
    assert again.key() == keys[-1]
    if keys[-1] != "aging":
        assert again.span() == ReportSpan(date(2026, 2, 1), date(2026, 4, 30))
    qtbot.waitUntil(lambda: not again._split_pending)
    assert abs(again.splitter.sizes()[0] - moved[0]) <= 2


def test_enter_on_a_figure_lists_its_records(qtbot: Any, ctx: DeskContext, office: None) -> None:
    tab = _tab(qtbot, ctx)
    tab.choose("aging")
    _settle(qtbot, tab)
    row, column = _figure_with_records(tab)
    index = tab.model.index(row, column)
    tab.view.setCurrentIndex(index)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    dialog = tab.drill_dialog
    assert dialog is not None and dialog.isVisible()
    expected = reports.drill_records(index.data(DRILL_ROLE))
    assert dialog.table.rowCount() == len(expected) > 0
    assert [dialog.table.item(r, 0).text() for r in range(len(expected))] == [
        record.label for record in expected
    ]
    assert tab.model.label(row) in dialog.heading_label.text()
    assert tab.report.columns[column].title() in dialog.heading_label.text()  # type: ignore[union-attr]
    dialog.close()
    # A double-click on the same cell opens the same list.
    rect = tab.view.visualRect(index)
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.drill_dialog is not None and tab.drill_dialog.table.rowCount() == len(expected)
    tab.drill_dialog.close()


def test_a_click_on_a_bar_lists_the_same_records_as_its_cell(
    qtbot: Any, ctx: DeskContext, office: None
) -> None:
    tab = _tab(qtbot, ctx)
    tab.choose("aging")
    _settle(qtbot, tab)
    marks = [m for m in tab.chart.marks() if tab.chart.drill(m) is not None]
    assert marks, "the ageing chart has bars to click"
    mark = max(marks, key=lambda m: m.rect.height())
    qtbot.mouseClick(tab.chart, Qt.MouseButton.LeftButton, pos=mark.rect.center().toPoint())
    dialog = tab.drill_dialog
    assert dialog is not None and dialog.isVisible()
    drill = tab.report.rows[mark.row].drills[mark.series]  # type: ignore[union-attr]
    labels = [record.label for record in reports.drill_records(drill)]
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == labels
    assert tab.chart.labels()[mark.row] in dialog.heading_label.text()
    dialog.close()


def test_a_record_opens_in_its_tab(qtbot: Any, ctx: DeskContext, office: None) -> None:
    window = MainWindow(ctx, "test.sqlite")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_tab("reports")
    tab = window.pages["reports"]
    assert isinstance(tab, ReportsTab)
    tab.choose("aging")
    _settle(qtbot, tab)
    row, column = _figure_with_records(tab)
    dialog = tab.drill_cell(tab.model.index(row, column))
    assert dialog is not None
    record = dialog.records[0]
    dialog.table.setCurrentCell(0, 0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert not dialog.isVisible()
    assert window.current_tab() == "invoices" == {"invoice": "invoices"}.get(record.kind)
    assert window.pages["invoices"].current_id() == record.id  # type: ignore[attr-defined]


def test_the_tab_reads_well_on_a_dark_palette(
    qtbot: Any, ctx: DeskContext, office: None, qapp: QApplication
) -> None:
    """The ageing chart's bars stand out 3:1 from the dark base, its text and the
    table's cells (none tinted) read 4.5:1, and an error in the status line too."""
    from PySide6.QtGui import QColor, QPalette

    from b24desk.ui import palette

    old = QPalette(qapp.palette())
    dark = QPalette(old)
    for role, colour in (
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
    ):
        dark.setColor(role, QColor(colour))
    qapp.setPalette(dark)
    try:
        tab = _tab(qtbot, ctx)
        tab.choose("aging")
        _settle(qtbot, tab)
        base = dark.color(QPalette.ColorRole.Base)
        image = tab.chart.grab().toImage()
        marks = tab.chart.marks()
        assert marks
        for mark in marks:
            if mark.rect.height() >= 2 and mark.rect.width() >= 2:
                painted = image.pixelColor(mark.rect.center().toPoint())
                assert palette.contrast_ratio(painted, base) >= 3.0, painted.name()
        model = tab.model
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                assert index.data(Qt.ItemDataRole.BackgroundRole) is None
                assert index.data(Qt.ItemDataRole.ForegroundRole) is None
        assert palette.contrast_ratio(dark.color(QPalette.ColorRole.Text), base) >= 4.5
        tab.choose("revenue_month")
        tab.set_dates(date(2026, 12, 1), date(2026, 11, 1))  # an error in the status
        _settle(qtbot, tab)
        assert tab.status_is_error()
        tab.status.ensurePolished()
        colour = tab.status.palette().color(tab.status.foregroundRole())
        window = dark.color(QPalette.ColorRole.Window)
        assert palette.contrast_ratio(colour, window) >= 4.5
    finally:
        qapp.setPalette(old)


def _save_as(monkeypatch: pytest.MonkeyPatch, path: Path, asked: list[str]) -> None:
    """The save dialog answers ``path`` (and notes the name it offered)."""
    from PySide6.QtWidgets import QFileDialog

    def answer(_parent: object, _title: str, offered: str, _filter: str) -> tuple[str, str]:
        asked.append(offered)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)


def test_export_csv_writes_the_table(
    qtbot: Any, ctx: DeskContext, office: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = _tab(qtbot, ctx)
    tab.choose("revenue_month", "this_year")
    _settle(qtbot, tab)
    report = tab.report
    assert report is not None and report.total is not None
    asked: list[str] = []
    _save_as(monkeypatch, tmp_path / "revenue", asked)  # typed without its suffix
    qtbot.mouseClick(tab.csv_button, Qt.MouseButton.LeftButton)
    assert Path(asked[0]).name == "revenue_month-2026-01-01-2026-12-31.csv"
    written = tmp_path / "revenue.csv"
    with written.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    for header, column in zip(rows[0], report.columns, strict=True):  # money: "(NZD)" added
        assert header == column.title() + (" (NZD)" if column.kind == "money" else "")
    assert len(rows) == 1 + len(report.rows) + 1
    money = next(i for i, c in enumerate(report.columns) if c.kind == "money")
    assert Decimal(rows[-1][money]) == report.total.cells[money]
    assert rows[1][0] == report.rows[0].cells[0]
    assert str(written) in tab.status.text()


def test_export_pdf_reads_back(
    qtbot: Any, ctx: DeskContext, office: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader

    tab = _tab(qtbot, ctx)
    tab.choose("aging")
    _settle(qtbot, tab)
    report = tab.report
    assert report is not None and report.total is not None and report.rows
    target = tmp_path / "ageing.pdf"
    _save_as(monkeypatch, target, [])
    qtbot.mouseClick(tab.pdf_button, Qt.MouseButton.LeftButton)
    text = " ".join(page.extract_text() for page in PdfReader(str(target)).pages)
    assert report.title() in text
    assert str(report.rows[0].cells[0]) in text
    total = report.total.cells[-1]
    assert "amounts in NZD" in text
    assert format_decimal(total, digits=2) in text  # type: ignore[arg-type]


def test_an_export_where_nothing_may_be_written_says_why(
    qtbot: Any, ctx: DeskContext, office: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that does not exist is refused with the reason; the database file
    chosen as the target is never written over (the export goes beside it)."""
    from b24desk.store.db import open_database_file

    tab = _tab(qtbot, ctx)
    tab.choose("aging")
    _settle(qtbot, tab)
    warned: list[str] = []
    monkeypatch.setattr("b24desk.ui.outputs.warn", lambda _p, _title, text: warned.append(text))
    _save_as(monkeypatch, tmp_path / "missing" / "ageing.csv", [])
    assert tab.export_csv() is None
    assert warned == [f"The folder {tmp_path / 'missing'} does not exist."]
    assert not (tmp_path / "missing").exists()
    database = open_database_file()
    if database is not None:
        before = Path(database).read_bytes()
        _save_as(monkeypatch, Path(database), [])
        written = tab.export_csv()
        assert written == Path(f"{database}.csv")
        assert Path(database).read_bytes() == before
