"""The lazy table model and the list-tab frame, over a real database."""

from __future__ import annotations

import peewee
import pytest
from PySide6.QtCore import Qt

from b24desk.store import events
from b24desk.store import models as m
from b24desk.store.listing import Listing
from b24desk.ui.context import DeskContext
from b24desk.ui.listtab import FilterSpec, ListTab
from b24desk.ui.table import Column, LazyTableModel


def client_listing() -> Listing:
    return Listing(
        query=lambda: m.Client.select(m.Client.id, m.Client.company, m.Client.country),
        sort_keys={"company": m.Client.company, "country": (m.Client.country, m.Client.company)},
        search_fields=[m.Client.company, m.Client.country],
        tie_breaker=m.Client.id,
        filters={"country": lambda v: m.Client.country == v},
    )


COLUMNS = [
    Column("company", lambda: "Company", lambda r: r.company),
    Column("country", lambda: "Country", lambda r: r.country),
]


def names_with(part: str, spain: bool = False) -> list[str]:
    return [
        f"Client {i:04d}" for i in range(1000) if part in f"{i:04d}" and (not spain or i % 3 == 0)
    ]


@pytest.fixture
def many_clients(db: peewee.Database) -> int:
    rows = [(f"Client {i:04d}", "NZ" if i % 3 else "ES") for i in range(1000)]
    rows.append(("Ёлка Трейд", "RU"))
    rows.append(("ÉCOLE 100%_done", "ES"))
    m.Client.insert_many(rows, fields=[m.Client.company, m.Client.country]).execute()
    return len(rows)


def test_model_passes_qt_model_tester(qtmodeltester, many_clients: int) -> None:
    model = LazyTableModel(client_listing(), COLUMNS)
    qtmodeltester.check(model)
    assert model.rowCount() == many_clients


def test_model_fetches_pages_lazily(many_clients: int) -> None:
    model = LazyTableModel(client_listing(), COLUMNS)
    assert model._pages == {}
    assert model.data(model.index(450, 0)) == "Client 0450"
    assert list(model._pages) == [2]


def test_sort_and_search_run_in_sql(many_clients: int) -> None:
    model = LazyTableModel(client_listing(), COLUMNS)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 0)) == "Ёлка Трейд"
    model.set_search("ёЛКА")  # Cyrillic folds case too
    assert model.rowCount() == 1
    model.set_search("100%_")  # wildcards are literal
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == ["ÉCOLE 100%_done"]
    model.set_search("client 09")  # every word must match
    assert model.rowCount() == len(names_with("09"))
    model.set_filters({"country": "ES"})
    assert model.rowCount() == len(names_with("09", spain=True))
    model.set_search("")
    assert model.rowCount() == len(names_with("", spain=True)) + 1  # and ÉCOLE


def test_list_tab_searches_filters_and_follows_changes(
    qtbot, ctx: DeskContext, many_clients: int
) -> None:
    tab = ListTab(
        "clients_test",
        ctx,
        client_listing(),
        COLUMNS,
        entities=[events.CLIENTS],
        filters=[
            FilterSpec(
                "country",
                lambda: "Country",
                lambda: [(None, "All"), ("NZ", "New Zealand"), ("ES", "Spain")],
            )
        ],
    )
    qtbot.addWidget(tab)
    tab.show()
    with qtbot.waitSignal(tab.countChanged, timeout=2000) as blocker:
        qtbot.keyClicks(tab.search, "client 00")
    expected = len(names_with("00"))
    assert blocker.args == [expected]
    assert tab.count_text(expected) == f"{expected} rows"
    box = tab.filter_boxes["country"]
    box.setCurrentIndex(box.findData("ES"))
    spanish = len(names_with("00", spain=True))
    assert tab.model.rowCount() == spanish
    opened: list[int] = []
    tab.set_open_handler(opened.append)
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert opened == [tab.model.row_id(0)]
    m.Client.create(company="Client 0000 bis", country="ES")
    with qtbot.waitSignal(tab.countChanged, timeout=2000) as blocker:
        events.notify(events.CLIENTS)
    assert blocker.args == [spanish + 1]


def test_list_tab_remembers_sort_and_widths(qtbot, ctx: DeskContext, many_clients: int) -> None:
    tab = ListTab("clients_test", ctx, client_listing(), COLUMNS, entities=[])
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: not tab._fit_pending)  # first run: columns fitted on screen
    tab.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    tab.view.horizontalHeader().resizeSection(0, 333)
    again = ListTab("clients_test", ctx, client_listing(), COLUMNS, entities=[])
    qtbot.addWidget(again)
    assert again.view.horizontalHeader().sectionSize(0) == 333
    assert again.view.horizontalHeader().sortIndicatorSection() == 1
    assert again.model.data(again.model.index(0, 1)) == "RU"
