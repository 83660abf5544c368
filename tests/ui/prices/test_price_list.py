"""Settings → Price list… and Clients → Prices…, driven through their widgets
(issue #17.1): a change from a date, the history, errors beside the field, plans,
CSV out and in, and a client's own price with its reason."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog

from b24desk.store import models as m
from b24desk.store import price_editing as store
from b24desk.store.csvio.files import COMMA
from b24desk.store.pricelist import seed_price_list
from b24desk.ui.context import DeskContext
from b24desk.ui.dates import qdate
from b24desk.ui.prices.client_prices import ClientPricesDialog
from b24desk.ui.prices.dialog import PriceListDialog
from b24desk.ui.prices.forms import ClientPriceDialog, PlanDialog, PriceEditDialog
from b24desk.ui.prices.importing import PriceImportDialog

D = Decimal


@pytest.fixture
def priced(db: peewee.Database) -> None:
    seed_price_list()


def _shown(dialog: PriceListDialog) -> list[tuple[str, str, str]]:
    proxy = dialog.proxy
    return [
        tuple(str(proxy.data(proxy.index(r, c))) for c in (0, 2, 3))  # type: ignore[misc]
        for r in range(proxy.rowCount())
    ]


def _open(qtbot, ctx: DeskContext, answers: list) -> PriceListDialog:
    """The dialog whose inner dialogs are answered by ``answers`` in turn: each a
    function that fills the dialog, then OK is pressed (its result is returned)."""

    def run(inner: QDialog) -> bool:
        fill = answers.pop(0)
        if fill(inner) is False:
            return False
        inner.try_accept() if hasattr(inner, "try_accept") else inner.import_rows()
        return inner.result() == QDialog.DialogCode.Accepted

    dialog = PriceListDialog(ctx, run_dialog=run)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_price_change_from_a_date_with_its_history(
    qtbot, ctx: DeskContext, priced: None
) -> None:
    today = ctx.clock.today()
    later = today + timedelta(days=10)
    refused: list[str] = []

    def bad_then_good(editor: PriceEditDialog) -> None:
        editor.list_price.setText("-5")
        editor.try_accept()  # refused: the message is beside the field, the text stays
        refused.append(editor.error_of("list_price"))
        assert editor.list_price.text() == "-5" and editor.result() != QDialog.DialogCode.Accepted
        editor.list_price.setText("109")
        editor.resale_price.setText("119")
        editor.valid_from.setDate(qdate(later))

    dialog = _open(qtbot, ctx, [bad_then_good])
    dialog.search.setText("standard")
    assert {row[0] for row in _shown(dialog)} == {"Bitrix24 Standard"}
    dialog.search.setText("NZD")  # every price in NZD
    assert {row[1] for row in _shown(dialog)} == {"NZD"} and len(_shown(dialog)) > 10
    dialog.search.setText("")
    assert dialog.select(m.Plan.get(m.Plan.code == "standard").id, "NZD")
    assert dialog.edit_current()
    assert refused and refused[0]
    # Today the old price holds; the history shows both rows, the future one first.
    row = dialog.current_row()
    assert row is not None and (row.currency, row.list_price) == ("NZD", D("99"))
    assert dialog.history.rowCount() == 2
    assert dialog.delete_button.isEnabled()  # a future price can be deleted
    # On the day of the change the list shows the new price.
    dialog.day.setDate(qdate(later))
    row = dialog.current_row()
    assert row is not None and (row.list_price, row.resale_price) == (D("109"), D("119"))
    dialog.day.setDate(qdate(later - timedelta(days=1)))
    assert dialog.current_row().list_price == D("99")  # type: ignore[union-attr]


def test_sort_by_list_price(qtbot, ctx: DeskContext, priced: None) -> None:
    dialog = _open(qtbot, ctx, [])
    dialog.search.setText("NZD")
    dialog.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    first = dialog.rows[int(dialog.proxy.data(dialog.proxy.index(0, 0), Qt.ItemDataRole.UserRole))]
    assert (first.code, first.currency) == ("onprem_enterprise", "NZD")


def test_add_and_archive_a_plan(qtbot, ctx: DeskContext, priced: None) -> None:
    def new_plan(form: PlanDialog) -> None:
        form.code.setText("audit")
        form.name.setText("Security audit (hourly)")
        form.kind.setCurrentIndex(form.kind.findData("service"))
        form.currency.setText("NZD")
        form.list_price.setText("150")

    dialog = _open(qtbot, ctx, [new_plan])
    assert dialog.add_plan()
    row = dialog.current_row()
    assert row is not None and (row.code, row.list_price) == ("audit", D("150"))
    asked: list[str] = []
    dialog.ask_archive = lambda name: asked.append(name) or True  # type: ignore[method-assign]
    assert dialog.archive_current()
    assert asked == ["Security audit (hourly)"]
    assert "audit" not in {r.code for r in dialog.rows}
    dialog.archived.setChecked(True)
    assert "audit" in {r.code for r in dialog.rows}


def test_csv_export_then_import_preview(
    qtbot, ctx: DeskContext, priced: None, tmp_path: Path
) -> None:
    path = tmp_path / "prices.csv"
    dialog = _open(qtbot, ctx, [])
    dialog.ask_export_path = lambda: (path, COMMA)  # type: ignore[method-assign]
    count = dialog.export_csv()
    assert count == m.PlanPrice.select().count()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=","))
    rows[0]["list_price"] = "1"  # history: refused
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    preview = PriceImportDialog(str(path), ctx.clock.today())
    qtbot.addWidget(preview)
    assert "1 refused" in preview.summary.text()
    assert not preview.buttons.button(preview.buttons.StandardButton.Ok).isEnabled()
    texts = [preview.table.item(r, 4).text() for r in range(preview.table.rowCount())]
    assert texts.count("refused") == 1 and texts.count("unchanged") == count - 1


def test_client_prices_from_the_clients_tab(qtbot, ctx: DeskContext, priced: None) -> None:
    from b24desk.ui.clients.tab import ClientsTab
    from tests.ui.clients.test_tab import select

    client = m.Client.create(company="Kea Ltd", currency="NZD", doc_language="en")
    opened: list[ClientPricesDialog] = []

    def inner(dialog: QDialog) -> bool:
        if isinstance(dialog, ClientPricesDialog):
            opened.append(dialog)
            return True
        return False

    tab = ClientsTab(ctx, run_dialog=inner)  # deleted at the end, not by qtbot
    tab.resize(1280, 800)
    tab.show()
    select(tab, "Kea Ltd")
    assert tab.prices_button.isEnabled() and tab.prices_button.text() == "Prices…"
    tab.prices_button.click()
    (prices,) = opened
    steps: list[str] = []

    def below_list(form: ClientPriceDialog) -> None:
        standard = m.Plan.get(m.Plan.code == "standard").id
        form.plan.setCurrentIndex(form.plan.findData(standard))
        form.price.setText("80")
        form.try_accept()  # below the list price (99): the reason is asked beside it
        steps.append(form.error_of("reason"))
        form.reason.setText("Vendor deal #42")

    def answer(form: QDialog) -> bool:
        assert isinstance(form, ClientPriceDialog)
        below_list(form)
        form.try_accept()
        return form.result() == QDialog.DialogCode.Accepted

    prices.run_dialog = answer
    assert prices.add_price()
    assert steps and steps[0]
    assert prices.table.rowCount() == 1
    assert prices.table.item(0, 3).text() == "Vendor deal #42"
    (row,) = store.client_prices(client.id, ctx.clock.today())
    assert (row.price, row.list_price) == (D("80"), D("99"))
    prices.table.selectRow(0)
    prices.ask_remove = lambda name: True  # type: ignore[method-assign]
    assert prices.remove_price()
    assert prices.table.rowCount() == 0
    # Gone now: a tab left for later would reload itself (and open a connection to
    # the database) when a later test changes the language.
    for widget in (prices, tab):
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_price_list_dialog_in_each_language(
    qtbot, ctx: DeskContext, priced: None, lang: str, tmp_path: Path
) -> None:
    from b24desk import i18n

    i18n.set_language(lang)
    dialog = PriceListDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 640)
    dialog.show()
    dialog.select(m.Plan.get(m.Plan.code == "standard").id, "NZD")
    assert dialog.model.rowCount() == m.PlanPrice.select().count()
    dialog.grab().save(str(tmp_path / f"prices-{lang}.png"))
    assert (tmp_path / f"prices-{lang}.png").stat().st_size > 0
    assert dialog.windowTitle()
    assert date(2026, 11, 20) == ctx.clock.today()
