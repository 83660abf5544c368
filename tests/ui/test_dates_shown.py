"""One way to write a date and a time, wherever the desk shows it.

Issue #15: "One way to write a date and a time per language (Babel medium date,
short time, with the year), in lists, Today, details and date fields alike; SLA
columns show the time."
"""

from __future__ import annotations

import re
from datetime import date

import peewee
import pytest
from PySide6.QtWidgets import QLabel, QTableWidget

from b24desk import i18n
from b24desk.store import tickets as ticket_store
from b24desk.store.demo import generate_demo
from b24desk.store.office import business_calendar
from b24desk.ui.context import DeskContext
from b24desk.ui.dates import date_field
from b24desk.ui.main_window import MainWindow
from b24desk.ui.today import ID_ROLE

LANGS = ["en", "es", "ru"]


@pytest.fixture
def office(db: peewee.Database) -> None:
    generate_demo("small", seed=3, today=date(2026, 11, 20))


@pytest.fixture
def window(qtbot, ctx: DeskContext, office: None) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(ctx, "test.sqlite")
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    return win


def _column(model, key: str) -> int:  # type: ignore[no-untyped-def]
    return next(i for i, c in enumerate(model.columns) if c.key == key)


def _texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    found = [label.text() for label in widget.findChildren(QLabel)]
    for table in widget.findChildren(QTableWidget):
        for row in range(table.rowCount()):
            for column in range(table.columnCount()):
                item = table.item(row, column)
                found.append(item.text() if item is not None else "")
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_the_ticket_queue_shows_the_sla_time_as_the_detail_does(
    qtbot, ctx: DeskContext, window: MainWindow, lang: str
) -> None:
    ctx.language.set_language(lang)
    window.show_tab("tickets")
    page = window.pages["tickets"]
    model = page.list.model
    assert model.rowCount() > 0
    tz = business_calendar().tz
    for key in ("target", "due"):
        column = _column(model, key)
        for row in range(min(10, model.rowCount())):
            ticket = model.row_object(row)
            moment = ticket.target_at if key == "target" else ticket.due_at
            shown = model.index(row, column).data()
            assert shown == i18n.format_datetime(moment, lang, tzinfo=tz)
            assert i18n.format_time(moment, lang, tzinfo=tz) in shown  # the SLA time
            assert str(moment.astimezone(tz).year) in shown  # and the year
    page.list.view.selectRow(0)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.info_values["due"].text() != "")
    assert detail.info_values["due"].text() == model.index(0, _column(model, "due")).data()
    assert detail.info_values["target"].text() == model.index(0, _column(model, "target")).data()
    sla_row = ticket_store.get_ticket(model.row_id(0))
    assert sla_row.tid in detail.title.text()


@pytest.mark.parametrize("lang", LANGS)
def test_a_date_reads_the_same_in_today_the_list_the_detail_and_a_date_field(
    qtbot, ctx: DeskContext, window: MainWindow, lang: str
) -> None:
    ctx.language.set_language(lang)
    window.show_tab("today")
    today = window.pages["today"]
    qtbot.waitUntil(lambda: bool(today.section_rows("renewals")), timeout=30000)
    top = next(
        today.tree.topLevelItem(i)
        for i in range(today.tree.topLevelItemCount())
        if today.tree.topLevelItem(i).data(0, ID_ROLE) == "renewals"
    )
    first = top.child(0)
    client_id = int(first.data(0, ID_ROLE))
    today_text = first.text(1)

    window.open_record("client", client_id)
    clients = window.pages["clients"]
    assert clients.current_id() == client_id
    row = clients.view.currentIndex().row()
    listed = clients.model.index(row, _column(clients.model, "paid_until")).data()
    # The medium date, with its year: "18 Dec 2026", "18 dic 2026", "18 дек. 2026 г.".
    assert re.search(r"\b20\d\d\b", listed)
    assert listed in today_text
    qtbot.waitUntil(lambda: listed in _texts(clients.detail))



@pytest.mark.parametrize("lang", LANGS)
def test_a_date_field_shows_the_date_as_lists_write_it(qtbot, lang: str) -> None:
    from b24desk.ui.language import LanguageManager

    manager = LanguageManager()  # Qt's month names follow the desk language
    try:
        manager.set_language(lang)
        for day in (date(2026, 5, 18), date(2026, 9, 3), date(2027, 12, 31)):
            field = date_field(day)
            qtbot.addWidget(field)
            assert field.text() == i18n.format_date(day, lang)
    finally:
        manager.set_language("en")
        manager.detach()


def test_a_clients_tickets_show_their_times_as_the_ticket_pane_does(
    qtbot, ctx: DeskContext, window: MainWindow
) -> None:
    """The client's Tickets list (detail pane) and the ticket's own pane: office time."""
    window.show_tab("tickets")
    tickets = window.pages["tickets"]
    ticket = ticket_store.get_ticket(tickets.list.model.row_id(0))
    tz = business_calendar().tz
    created = i18n.format_datetime(ticket.created_at, tzinfo=tz)
    tickets.list.view.selectRow(0)
    # (The thread's rich text turns the narrow no-break space before "am" into a space.)
    qtbot.waitUntil(
        lambda: created.replace("\u202f", " ") in tickets.detail.thread_view.toPlainText()
    )

    window.open_record("client", ticket.client_id)
    clients = window.pages["clients"]
    table = clients.detail_pane.tickets
    rows = {table.item(r, 0).text(): table.item(r, 3).text() for r in range(table.rowCount())}
    assert rows[ticket.tid] == created
