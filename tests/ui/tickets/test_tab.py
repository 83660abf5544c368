"""The Tickets tab's queue and frame, driven through its widgets with a fixed desk clock.

Expected moments are worked out by hand (NZ office: Auckland time, 09:00–18:00
Monday to Friday; 16 Nov 2026 is a Monday, NZDT, with no public holiday that week).
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from b24desk import i18n
from b24desk.clock import FixedClock
from b24desk.store import tickets as store
from b24desk.ui.context import DeskContext
from b24desk.ui.tickets.tab import TicketsTab
from tests.ui.tickets.helpers import (
    COLUMN,
    background,
    cell,
    make_client,
    make_ticket,
    nz,
    row_of,
    show_all_statuses,
    tint,
    when,
)

# --------------------------------------------------------------------------- the queue


def test_sla_colours_follow_the_clock(
    qtbot, ctx: DeskContext, clock: FixedClock, tab: TicketsTab
) -> None:
    client = make_client()
    make_ticket(client, nz(16, 10))  # commercial cloud: 8 h target, 16 h maximum
    answered = make_ticket(client, nz(16, 10), subject="Answered one")
    store.add_message(answered.id, "reply", "Looking", "Kate", nz(16, 10, 30))
    clock.set(nz(16, 16))
    tab.refresh_clock()
    row = row_of(tab, "T-000001")
    # Target: Mon 10:00 + 8 business hours = Mon 18:00 (closing time).
    assert cell(tab, row, "target") == when(nz(16, 18))
    # Maximum: Mon 10–18 (8 h) + Tue 09–17 (8 h) = Tue 17:00.
    assert cell(tab, row, "due") == when(nz(17, 17))
    # Mon 16:00: 6 business hours used.
    assert (cell(tab, row, "sla"), background(tab, row)) == ("On track", tint("ok"))
    # Tue 11:00: 8 h Monday + 2 h Tuesday = 10 h, past the target.
    clock.set(nz(17, 11))
    tab.refresh_clock()
    assert (cell(tab, row, "sla"), background(tab, row)) == ("Due soon", tint("warning"))
    # Wed 10:30: 8 + 9 + 1.5 = 18.5 h, past the maximum.
    clock.set(nz(18, 10, 30))
    tab.refresh_clock()
    assert (cell(tab, row, "sla"), background(tab, row)) == ("Overdue", tint("danger"))
    other = row_of(tab, "T-000002")
    assert (cell(tab, other, "sla"), background(tab, other)) == ("Answered", None)
    assert cell(tab, row, "sla", Qt.ItemDataRole.ToolTipRole).startswith("Past the maximum")


def test_high_urgency_sorts_first(
    qtbot, qtmodeltester, clock: FixedClock, tab: TicketsTab
) -> None:
    client = make_client()
    make_ticket(client, nz(16, 9), subject="Old question")
    make_ticket(client, nz(17, 9), subject="Newer question")
    make_ticket(client, nz(18, 9), subject="Portal down", urgency="high")
    clock.set(nz(18, 10))
    with qtbot.waitSignal(tab.countChanged, timeout=2000) as blocker:
        tab.list.search.clear()
        tab.model.reload()
    assert blocker.args == [3]
    assert [cell(tab, r, "subject") for r in range(3)] == [
        "Portal down",
        "Old question",
        "Newer question",
    ]
    assert cell(tab, 0, "urgency") == "High"
    assert background(tab, 0, "urgency") == tint("danger")
    qtmodeltester.check(tab.model)
    # A click on a header sorts by that column in SQL.
    tab.list.view.sortByColumn(COLUMN["subject"], Qt.SortOrder.AscendingOrder)
    assert [cell(tab, r, "subject") for r in range(3)] == [
        "Newer question",
        "Old question",
        "Portal down",
    ]


def test_filters_and_search(qtbot, clock: FixedClock, tab: TicketsTab) -> None:
    client = make_client()
    make_ticket(client, nz(16, 9), subject="Mail broken")
    done = make_ticket(client, nz(16, 9), subject="CRM broken")
    store.set_status(done.id, "resolved", nz(16, 10), done.version)
    clock.set(nz(16, 12))
    tab.model.reload()
    assert tab.model.rowCount() == 1  # "Open" is the default
    show_all_statuses(tab)
    assert tab.model.rowCount() == 2
    sla = tab.list.filter_boxes["sla"]
    sla.setCurrentIndex(sla.findData("done"))
    assert [cell(tab, r, "subject") for r in range(tab.model.rowCount())] == ["CRM broken"]
    sla.setCurrentIndex(0)
    with qtbot.waitSignal(tab.countChanged, timeout=2000) as blocker:
        qtbot.keyClicks(tab.list.search, "mail")
    assert blocker.args == [1]


def test_search_folds_case_and_reads_at_most_200_characters(
    qtbot, clock: FixedClock, tab: TicketsTab
) -> None:
    """Issue #13.11: "'Straße' finds neither 'straße' nor 'strasse'"."""
    make_ticket(make_client("Hauptstraße GmbH"), nz(16, 9), subject="Login")
    make_ticket(make_client("Acme Ltd"), nz(16, 9), subject="Login")
    clock.set(nz(16, 12))
    tab.model.reload()
    assert tab.list.search.maxLength() == 200
    assert "first 200 characters" in tab.list.search.toolTip()
    with qtbot.waitSignal(tab.countChanged, timeout=2000) as blocker:
        qtbot.keyClicks(tab.list.search, "STRASSE")
    assert blocker.args == [1]
    assert cell(tab, 0, "client") == "Hauptstraße GmbH"
    tab.list.search.clear()
    with qtbot.waitSignal(tab.countChanged, timeout=2000) as blocker:
        tab.list.search.setText("login " + "x" * 5000)  # cut at 200: the x-word stays
    assert blocker.args == [0]


# --------------------------------------------------------------------------- the frame


def test_tab_interface_and_language_switch(qtbot, ctx: DeskContext, tab: TicketsTab) -> None:
    make_ticket(make_client(), nz(16, 10))
    tab.model.reload()
    tab.focus_search()
    assert tab.list.search.hasFocus()
    assert tab.new_button.text() == "New ticket…"
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == "TID"
    tab.select_ticket(1)
    ctx.language.set_language("ru")
    assert i18n.current_language() == "ru"
    tab.grab()  # lays out and paints in Russian without a warning
    ctx.language.set_language("en")
    assert tab.detail.reply_button.text() == "Reply"


def test_show_record_finds_the_ticket_by_its_tid(qtbot, tab: TicketsTab) -> None:
    client = make_client()
    tickets = [make_ticket(client, nz(16, 9 + i), subject=f"Question {i}") for i in range(5)]
    wanted = tickets[3]
    sla = tab.list.filter_boxes["sla"]
    sla.setCurrentIndex(sla.findData("done"))
    assert tab.model.rowCount() == 0
    tab.show_record(wanted.id)
    assert tab.list.search.text() == "T-000004"
    assert tab.list.current_id() == wanted.id
    assert tab.detail.title.text() == "T-000004 · Question 3"


def test_status_bar_counts_the_tickets(qtbot, ctx: DeskContext) -> None:
    """Like every list tab, the status bar says how many tickets match."""
    from b24desk.ui.main_window import MainWindow

    client = make_client()
    for n in range(3):
        make_ticket(client, nz(16, 10), subject=f"Problem {n}")
    make_ticket(client, nz(16, 10), subject="Another problem")
    window = MainWindow(ctx, "test.sqlite")
    qtbot.addWidget(window)
    window.show()
    window.show_tab("tickets")
    tickets = window.pages["tickets"]
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "4 tickets", timeout=3000)
    with qtbot.waitSignal(tickets.countChanged, timeout=2000):
        qtbot.keyClicks(tickets.list.search, "another")
    assert window.statusBar().currentMessage() == "1 ticket"
