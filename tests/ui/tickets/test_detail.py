"""A ticket's detail pane: its life from creation to reopening, driven through the tab.

Expected moments are worked out by hand (NZ office: Auckland time, 09:00–18:00
Monday to Friday; 16 Nov 2026 is a Monday, NZDT, with no public holiday that week).
"""

from __future__ import annotations

import html

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from b24desk.clock import FixedClock
from b24desk.store import tickets as store
from b24desk.ui.context import DeskContext
from b24desk.ui.tickets.detail import thread_background
from b24desk.ui.tickets.dialogs import AssignDialog, EscalateDialog, TicketDialog
from b24desk.ui.tickets.tab import TicketsTab
from tests.ui.tickets.helpers import (
    background,
    cell,
    drive_dialogs,
    make_client,
    make_ticket,
    nz,
    row_of,
    show_all_statuses,
    tint,
    when,
)

# --------------------------------------------------------------------------- a ticket's life


def test_ticket_from_creation_to_reopening(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    clock: FixedClock,
    tab: TicketsTab,
    warnings: list[tuple[str, str]],
) -> None:
    make_client("Kiwi Builders", portal_url="https://kiwi.bitrix24.com")
    show_all_statuses(tab)
    detail = tab.detail

    # Monday 10:00: a new ticket through the dialog.
    clock.set(nz(16, 10))

    def fill_new_ticket(dialog: QDialog) -> None:
        assert isinstance(dialog, TicketDialog)
        qtbot.keyClicks(dialog.client_edit, "Kiwi Builders")
        qtbot.keyClicks(dialog.subject_edit, "Deals do not sync")
        qtbot.keyClicks(dialog.version_edit, "24.100.0")
        dialog.urgency_box.setCurrentIndex(dialog.urgency_box.findData("high"))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    drive_dialogs(monkeypatch, fill_new_ticket)
    ticket = tab.new_record()
    assert ticket is not None and ticket.tid == "T-000001"
    assert ticket.portal_url == "https://kiwi.bitrix24.com"  # prefilled from the client
    row = row_of(tab, "T-000001")
    assert cell(tab, row, "status") == "New"
    assert cell(tab, row, "level") == "Commercial client, cloud"
    assert detail.title.text() == "T-000001 · Deals do not sync"
    assert "✘ Edition" in detail.checklist.text()
    assert "Product version" not in detail.checklist.text()  # given: only the missing show

    # Monday 10:30: waiting for the client before any answer: the clock pauses.
    clock.set(nz(16, 10, 30))
    detail.status_buttons["waiting"].click()
    assert cell(tab, row_of(tab, "T-000001"), "sla") == "Paused"
    assert detail.info_values["status"].text() == "Waiting for client"

    # Tuesday 10:30: back in progress.  Paused Mon 10:30–18:00 (7.5 h) and Tue
    # 09:00–10:30 (1.5 h) = 9 h; the clock start moves from Mon 10:00 by 9 business
    # hours to Tue 10:00: target Tue 18:00, maximum Tue 18:00 + 8 h = Wed 17:00.
    clock.set(nz(17, 10, 30))
    detail.status_buttons["in_progress"].click()
    row = row_of(tab, "T-000001")
    assert cell(tab, row, "target") == when(nz(17, 18))
    assert cell(tab, row, "due") == when(nz(18, 17))
    assert (cell(tab, row, "sla"), background(tab, row)) == ("On track", tint("ok"))
    # Half an hour of the clock has run since its (moved) start at Tue 10:00.
    sla_text = detail.info_values["sla"].text()
    assert sla_text == "On track — 0.5 business h elapsed, maximum 16 h"

    # Tuesday 11:00: a reply that waits for the client: answered, clock stopped.
    clock.set(nz(17, 11))
    qtbot.keyClicks(detail.reply_edit, "Please send a screenshot <of the error>")
    detail.wait_check.setChecked(True)
    qtbot.mouseClick(detail.reply_button, Qt.MouseButton.LeftButton)
    assert detail.reply_edit.toPlainText() == ""
    row = row_of(tab, "T-000001")
    assert (cell(tab, row, "status"), cell(tab, row, "sla")) == ("Waiting for client", "Answered")
    assert background(tab, row) is None
    # An internal note changes nothing of the clock.
    qtbot.keyClicks(detail.reply_edit, "Probably the 1C connector")
    detail.note_button.click()
    thread = detail.thread_view.toPlainText()
    assert "Reply — office — " in thread
    assert "Please send a screenshot <of the error>" in thread  # escaped, shown as text
    assert "Internal note — office — " in thread
    html = detail.thread_view.toHtml()
    assert all(thread_background(k) in html for k in ("reply", "note", "description"))

    # Wednesday 12:00: the client writes back: the clock restarts now.  Target
    # Wed 12–18 (6 h) + Thu 09–11 (2 h) = Thu 11:00; maximum Thu 18:00 + 1 h… : Wed 6 h,
    # Thu 9 h, Fri 1 h = Fri 10:00.
    clock.set(nz(18, 12))
    qtbot.keyClicks(detail.reply_edit, "Here it is")
    detail.client_button.click()
    row = row_of(tab, "T-000001")
    assert cell(tab, row, "status") == "In progress"
    assert cell(tab, row, "target") == when(nz(19, 11))
    assert cell(tab, row, "due") == when(nz(20, 10))
    assert "Client — Jane Doe — " in detail.thread_view.toPlainText()
    assert thread_background("client") in detail.thread_view.toHtml()

    # Wednesday 13:00: escalate; a blank vendor id is refused beside its field.
    clock.set(nz(18, 13))

    def escalate(dialog: QDialog) -> None:
        assert isinstance(dialog, EscalateDialog)
        dialog.try_accept()
        assert dialog.isVisible()
        assert dialog.error_of("vendor_ticket_id") != ""
        qtbot.keyClicks(dialog.vendor_edit, "HD-4711")
        dialog.try_accept()

    drive_dialogs(monkeypatch, escalate)
    detail.escalate_button.click()
    row = row_of(tab, "T-000001")
    assert cell(tab, row, "status") == "Escalated to vendor"
    assert cell(tab, row, "level") == "Development (vendor)"
    # 14 calendar days from Wed 18 Nov 13:00: Wed 2 Dec 13:00.
    assert cell(tab, row, "due") == when(nz(2, 13, month=12))
    assert detail.info_values["vendor"].text() == "HD-4711"

    # Thursday 10:00: resolved; rating becomes possible.
    clock.set(nz(19, 10))
    assert not detail.rate_button.isEnabled()
    detail.status_buttons["resolved"].click()
    assert detail.rate_button.isEnabled()
    assert not detail.status_buttons["in_progress"].isEnabled()
    detail.rating_box.setCurrentIndex(detail.rating_box.findData(4))
    detail.rate_button.click()
    assert detail.info_values["rating"].text() == "★★★★"
    assert cell(tab, row_of(tab, "T-000001"), "sla") == "Done"

    # Closed, then reopened: the clock restarts (development level: 14 days).
    detail.status_buttons["closed"].click()
    assert detail.info_values["status"].text() == "Closed"
    assert not detail.status_buttons["closed"].isEnabled()
    clock.set(nz(19, 11))
    detail.status_buttons["reopened"].click()
    row = row_of(tab, "T-000001")
    assert cell(tab, row, "status") == "Reopened"
    assert cell(tab, row, "due") == when(nz(3, 11, month=12))
    assert not detail.rate_button.isEnabled()
    assert warnings == []
    stored = store.get_ticket(ticket.id)
    assert (stored.rating, stored.urgency, stored.vendor_ticket_id) == (4, "high", "HD-4711")


def test_refused_actions_are_explained(
    qtbot, ctx: DeskContext, tab: TicketsTab, warnings: list[tuple[str, str]]
) -> None:
    ticket = make_ticket(make_client(), nz(16, 10))
    tab.select_ticket(ticket.id)
    detail = tab.detail
    # Empty reply.
    detail.reply_button.click()
    assert warnings[-1] == ("Not possible", "Write the message first.")
    # Someone else changed the ticket meanwhile: the stale version is refused.
    store.assign(ticket.id, "Mike", ticket.version)
    detail.ticket.version = ticket.version  # what this desk read before the change
    detail.status_buttons["resolved"].click()
    assert warnings[-1][0] == "Changed by someone else"
    assert store.get_ticket(ticket.id).status == "new"
    assert detail.info_values["assignee"].text() == "Mike"  # reloaded


def test_assign_dialog(qtbot, monkeypatch: pytest.MonkeyPatch, tab: TicketsTab) -> None:
    ticket = make_ticket(make_client(), nz(16, 10))
    tab.select_ticket(ticket.id)

    def assign(dialog: QDialog) -> None:
        assert isinstance(dialog, AssignDialog)
        dialog.assignee_box.setEditText("")
        qtbot.keyClicks(dialog.assignee_box, "Kate")
        dialog.try_accept()

    drive_dialogs(monkeypatch, assign)
    assert tab.detail.assign()
    assert tab.detail.info_values["assignee"].text() == "Kate"
    assert cell(tab, row_of(tab, "T-000001"), "assignee") == "Kate"


def test_still_missing_lists_only_what_is_missing(qtbot, tab: TicketsTab) -> None:
    """003 §4.2's checklist as a to-ask list: the items the ticket already carries
    (here its portal URL and product version) are not shown."""
    ticket = make_ticket(make_client(), nz(16, 10), product_version="24.100.0")
    tab.select_ticket(ticket.id)
    text = tab.detail.checklist.text()
    missing = store.missing_information(store.get_ticket(ticket.id))
    assert missing and "Portal URL" not in missing and "Product version" not in missing
    assert text.count("✘") == len(missing)
    for label in missing:
        assert f"✘ {html.escape(label)}" in text
    assert "✔" not in text
    assert "Portal URL" not in text and "Product version" not in text


def test_detail_pane_reads_at_1280_by_800(qtbot, ctx: DeskContext) -> None:
    """In the desk's window at 1280×800 the thread wraps (a long pasted URL too) and
    nothing of the pane needs sideways scrolling (#15.6): beside a list of one
    narrow ticket, every action button is whole within the pane's width, in English,
    Spanish and Russian (the rows of buttons wrap), and no fact is cut mid-word."""
    from b24desk.ui.main_window import MainWindow

    client = make_client()
    ticket = make_ticket(client, nz(16, 10), description="Steps: " + "x" * 400)
    store.add_message(
        ticket.id, "client", "See https://acme.bitrix24.com/" + "crm/deal/" * 40, "Ana", nz(16, 11)
    )
    window = MainWindow(ctx, "test.sqlite")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_tab("tickets")
    tickets = window.pages["tickets"]
    qtbot.waitUntil(lambda: tickets.model.rowCount() == 1, timeout=3000)
    tickets.select_ticket(ticket.id)
    detail = tickets.detail
    qtbot.waitUntil(lambda: detail.stack.currentWidget() is detail.page, timeout=3000)
    qtbot.wait(50)
    thread = detail.thread_view
    assert thread.horizontalScrollBar().maximum() == 0
    assert not thread.horizontalScrollBar().isVisible()
    assert thread.height() >= thread.fontMetrics().lineSpacing() * 8
    area = tickets.list.detail_area
    buttons = [
        *detail.status_buttons.values(),
        detail.escalate_button,
        detail.assign_button,
        detail.edit_button,
        detail.rate_button,
        detail.reply_button,
        detail.note_button,
        detail.client_button,
        detail.attach_button,
    ]
    for lang in ("es", "ru", "en"):
        ctx.language.set_language(lang)
        qtbot.wait(50)
        assert area.horizontalScrollBar().maximum() == 0, lang  # no sideways scrolling
        width = area.viewport().width()
        for button in buttons:
            assert button.isVisible()
            left = button.mapTo(area.viewport(), button.rect().topLeft()).x()
            assert left >= 0 and left + button.width() <= width, (lang, button.text())
            assert button.width() >= button.sizeHint().width() - 2, (lang, button.text())
        for name, value in detail.info_values.items():  # wrapped between words only
            metrics = value.fontMetrics()
            room = value.contentsRect().width() - 2 * value.margin()
            for word in value.text().split():
                assert metrics.horizontalAdvance(word) <= room, (lang, name, word)
