"""Settings → Exchange rates… (issue #17.4): a sortable table, add, edit, delete
(asked first), import CSV with its preview."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from b24desk.store import rates
from b24desk.ui.context import DeskContext
from b24desk.ui.csv_dialogs import ImportDialog
from b24desk.ui.dates import qdate
from b24desk.ui.rates import RateForm, RatesDialog

D = Decimal


@pytest.fixture
def dialog(qtbot, ctx: DeskContext, db: peewee.Database) -> RatesDialog:
    rates.set_rate(date(2026, 11, 1), "USD", "1.65")
    rates.set_rate(date(2026, 11, 15), "USD", "1.6543")
    rates.set_rate(date(2026, 11, 10), "EUR", "1.90")
    widget = RatesDialog(ctx)
    qtbot.addWidget(widget)
    return widget


def column(dialog: RatesDialog, index: int) -> list[str]:
    return [dialog.table.item(r, index).text() for r in range(dialog.table.rowCount())]


def test_lists_newest_first_and_sorts_by_value(dialog: RatesDialog) -> None:
    assert column(dialog, 0) == ["15 Nov 2026", "10 Nov 2026", "1 Nov 2026"]
    assert column(dialog, 2) == ["1.6543", "1.9", "1.65"]
    assert dialog.count_label.text() == "3 rates"
    dialog.table.sortItems(2, Qt.SortOrder.AscendingOrder)  # by the number, not the text
    assert column(dialog, 2) == ["1.65", "1.6543", "1.9"]
    dialog.table.sortItems(0, Qt.SortOrder.AscendingOrder)  # by the date, not the text
    assert column(dialog, 0) == ["1 Nov 2026", "10 Nov 2026", "15 Nov 2026"]
    dialog.filter.setCurrentIndex(dialog.filter.findData("EUR"))
    assert column(dialog, 1) == ["EUR"]


def test_add_a_rate_and_a_refused_one_keeps_the_input(qtbot, dialog: RatesDialog) -> None:
    forms: list[RateForm] = []

    def fill(form: QDialog) -> bool:
        assert isinstance(form, RateForm)
        forms.append(form)
        form.day.setDate(qdate(date(2026, 11, 20)))
        form.currency.setCurrentText("NZD")  # the home currency itself
        qtbot.keyClicks(form.rate, "0")
        form.try_accept()
        assert form.result() != QDialog.DialogCode.Accepted
        assert form.error_of("currency") == "NZD is the base currency: its rate is always 1."
        assert form.error_of("rate") == "Exchange rate must be a number greater than zero."
        assert form.rows["rate"].label.text() == "1 NZD in NZD"
        form.currency.setCurrentText("aud")
        form.rate.setText("1,0921")
        form.try_accept()
        return form.result() == QDialog.DialogCode.Accepted

    dialog.run_dialog = fill  # type: ignore[assignment]
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert forms[0].rows["rate"].label.text() == "1 AUD in NZD"
    added = rates.list_rates(currency="AUD")
    assert [(r.day, r.base, r.rate) for r in added] == [(date(2026, 11, 20), "NZD", D("1.0921"))]
    assert dialog.current_rate() == added[0]
    assert "AUD" in [dialog.filter.itemData(i) for i in range(dialog.filter.count())]


def test_edit_the_selected_rate(qtbot, dialog: RatesDialog) -> None:
    dialog.select_rate(rates.list_rates(currency="EUR")[0].id)

    def change(form: QDialog) -> bool:
        assert isinstance(form, RateForm)
        assert (form.currency.currentText(), form.rate.text()) == ("EUR", "1.9")
        form.rate.setText("1.8765")
        form.try_accept()
        return form.result() == QDialog.DialogCode.Accepted

    dialog.run_dialog = change  # type: ignore[assignment]
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert [r.rate for r in rates.list_rates(currency="EUR")] == [D("1.8765")]
    assert "1.8765" in column(dialog, 2)


def test_delete_asks_first(qtbot, dialog: RatesDialog) -> None:
    first = rates.list_rates(currency="USD")[0]
    dialog.select_rate(first.id)
    asked: list[str] = []
    dialog.ask = lambda _parent, _title, text, _action: asked.append(text) or False  # type: ignore[assignment]
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Delete the rate of USD on 15 Nov 2026 (1 USD = 1.6543 NZD)?"]
    assert len(rates.list_rates()) == 3  # declined: kept
    dialog.ask = lambda *_args: True  # type: ignore[assignment]
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert [r.id for r in rates.list_rates(currency="USD")] != [first.id, first.id]
    assert first.id not in [r.id for r in rates.list_rates()]
    assert dialog.count_label.text() == "2 rates"
    assert not dialog.delete_button.isEnabled()


def test_import_csv_previews_then_imports(
    qtbot, dialog: RatesDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from b24desk.ui import csv_dialogs

    asked: list[str] = []
    monkeypatch.setattr(
        csv_dialogs, "confirm", lambda _parent, _title, text, _action: asked.append(text) or True
    )
    path = tmp_path / "rates.csv"
    path.write_text("Fecha;Moneda;Tipo de cambio\n2026-11-20;GBP;2,1034\n2026-11-20;QQQ;1\n")

    def run_import(window: QDialog) -> bool:
        assert isinstance(window, ImportDialog)
        assert window.entity() == "rates"
        with qtbot.waitSignal(window.checked, timeout=20000):
            assert window.set_file(path)
        assert window.preview is not None
        assert (window.preview.valid_count, window.preview.invalid_count) == (1, 1)
        assert rates.list_rates(currency="GBP") == []  # the preview keeps nothing
        with qtbot.waitSignal(window.accepted, timeout=20000):
            qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
        assert asked == [
            "Import 1 row into Exchange rates?\n1 row with errors will be skipped."
        ]
        return True

    dialog.run_dialog = run_import  # type: ignore[assignment]
    assert dialog.import_csv() == 1
    assert [r.rate for r in rates.list_rates(currency="GBP")] == [D("2.1034")]
    assert "GBP" in column(dialog, 1)
