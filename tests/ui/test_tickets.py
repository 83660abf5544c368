"""The Tickets tab, driven through its widgets with a fixed desk clock.

Expected moments are worked out by hand (NZ office: Auckland time, 09:00–18:00
Monday to Friday; 16 Nov 2026 is a Monday, NZDT, with no public holiday that week).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from b24desk import i18n
from b24desk.clock import FixedClock
from b24desk.i18n import format_datetime
from b24desk.store import models as m
from b24desk.store import tickets as store
from b24desk.ui import tickets as ui
from b24desk.ui.context import DeskContext

NZ = ZoneInfo("Pacific/Auckland")
GREEN, AMBER, RED = "#d8f0d8", "#fff0c0", "#f8d0d0"
COLUMN = {key: i for i, key in enumerate(c.key for c in ui.ticket_columns())}


def nz(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NZ)


def give_subscription(client: m.Client, paid_until: date) -> None:
    """A paid subscription (cloud) or licence (self-hosted) from 1 Jan 2026."""
    kind = "cloud" if client.hosting == "cloud" else "on_premise"
    plan, _created = m.Plan.get_or_create(
        code=f"test-{kind}", defaults={"name": f"Paid {kind}", "kind": kind, "paid": True}
    )
    m.Subscription.create(
        client=client,
        plan=plan,
        kind=kind,
        starts_on=date(2026, 1, 1),
        paid_until=paid_until if kind == "cloud" else None,
        updates_until=paid_until if kind == "on_premise" else None,
    )


def make_client(company: str = "Acme Ltd", **fields: object) -> m.Client:
    """A client; a commercial one (the default) has a paid subscription through 2027,
    so its tickets of November 2026 get the commercial level."""
    values: dict[str, object] = {
        "company": company,
        "contact_person": "Jane Doe",
        "portal_url": "https://acme.bitrix24.com",
        "support_commercial": True,
        "hosting": "cloud",
    }
    values.update(fields)
    client = m.Client.create(**values)
    if values["support_commercial"]:
        give_subscription(client, date(2027, 12, 31))
    return client


def make_ticket(client: m.Client, at: datetime, **data: object) -> m.Ticket:
    values: dict[str, object] = {"client_id": client.id, "subject": "Portal is slow"}
    values.update(data)
    return store.create_ticket(values, at)


@pytest.fixture
def tab(qtbot, ctx: DeskContext) -> ui.TicketsTab:
    widget = ui.build_tab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        ui, "show_warning", lambda _parent, title, text: shown.append((title, text))
    )
    return shown


def drive_dialogs(
    monkeypatch: pytest.MonkeyPatch, *drivers: Callable[[QDialog], None]
) -> list[QDialog]:
    """Replace the modal loop: each dialog shown is handed to the next driver,
    which fills its widgets and presses OK or Cancel itself."""
    queue = list(drivers)
    seen: list[QDialog] = []

    def run(dialog: QDialog) -> int:
        seen.append(dialog)
        dialog.show()
        queue.pop(0)(dialog)
        return dialog.result()

    monkeypatch.setattr(ui, "run_dialog", run)
    return seen


def cell(tab: ui.TicketsTab, row: int, key: str, role: int = Qt.ItemDataRole.DisplayRole):
    return tab.model.data(tab.model.index(row, COLUMN[key]), role)


def background(tab: ui.TicketsTab, row: int, key: str = "sla") -> str | None:
    brush = cell(tab, row, key, Qt.ItemDataRole.BackgroundRole)
    return None if brush is None else brush.color().name()


def row_of(tab: ui.TicketsTab, tid: str) -> int:
    for row in range(tab.model.rowCount()):
        if cell(tab, row, "tid") == tid:
            return row
    raise AssertionError(f"{tid} is not in the list")


def when(moment: datetime) -> str:
    return format_datetime(moment)


def show_all_statuses(tab: ui.TicketsTab) -> None:
    box = tab.list.filter_boxes["status"]
    box.setCurrentIndex(box.findData("all"))


# --------------------------------------------------------------------------- the queue


def test_sla_colours_follow_the_clock(
    qtbot, ctx: DeskContext, clock: FixedClock, tab: ui.TicketsTab
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
    assert (cell(tab, row, "sla"), background(tab, row)) == ("On track", GREEN)
    # Tue 11:00: 8 h Monday + 2 h Tuesday = 10 h, past the target.
    clock.set(nz(17, 11))
    tab.refresh_clock()
    assert (cell(tab, row, "sla"), background(tab, row)) == ("Due soon", AMBER)
    # Wed 10:30: 8 + 9 + 1.5 = 18.5 h, past the maximum.
    clock.set(nz(18, 10, 30))
    tab.refresh_clock()
    assert (cell(tab, row, "sla"), background(tab, row)) == ("Overdue", RED)
    other = row_of(tab, "T-000002")
    assert (cell(tab, other, "sla"), background(tab, other)) == ("Answered", None)
    assert cell(tab, row, "sla", Qt.ItemDataRole.ToolTipRole).startswith("Past the maximum")


def test_high_urgency_sorts_first(
    qtbot, qtmodeltester, clock: FixedClock, tab: ui.TicketsTab
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
    assert background(tab, 0, "urgency") == RED
    qtmodeltester.check(tab.model)
    # A click on a header sorts by that column in SQL.
    tab.list.view.sortByColumn(COLUMN["subject"], Qt.SortOrder.AscendingOrder)
    assert [cell(tab, r, "subject") for r in range(3)] == [
        "Newer question",
        "Old question",
        "Portal down",
    ]


def test_filters_and_search(qtbot, clock: FixedClock, tab: ui.TicketsTab) -> None:
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
    qtbot, clock: FixedClock, tab: ui.TicketsTab
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


# --------------------------------------------------------------------------- a ticket's life


def test_ticket_from_creation_to_reopening(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    clock: FixedClock,
    tab: ui.TicketsTab,
    warnings: list[tuple[str, str]],
) -> None:
    make_client("Kiwi Builders", portal_url="https://kiwi.bitrix24.com")
    show_all_statuses(tab)
    detail = tab.detail

    # Monday 10:00: a new ticket through the dialog.
    clock.set(nz(16, 10))

    def fill_new_ticket(dialog: QDialog) -> None:
        assert isinstance(dialog, ui.TicketDialog)
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
    assert "✔ Product version" in detail.checklist.text()

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
    assert (cell(tab, row, "sla"), background(tab, row)) == ("On track", GREEN)
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
    assert all(ui.THREAD_COLOURS[k] in html for k in ("reply", "note", "description"))

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
    assert ui.THREAD_COLOURS["client"] in detail.thread_view.toHtml()

    # Wednesday 13:00: escalate; a blank vendor id is refused beside its field.
    clock.set(nz(18, 13))

    def escalate(dialog: QDialog) -> None:
        assert isinstance(dialog, ui.EscalateDialog)
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
    qtbot, ctx: DeskContext, tab: ui.TicketsTab, warnings: list[tuple[str, str]]
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


def test_assign_dialog(qtbot, monkeypatch: pytest.MonkeyPatch, tab: ui.TicketsTab) -> None:
    ticket = make_ticket(make_client(), nz(16, 10))
    tab.select_ticket(ticket.id)

    def assign(dialog: QDialog) -> None:
        assert isinstance(dialog, ui.AssignDialog)
        dialog.assignee_box.setEditText("")
        qtbot.keyClicks(dialog.assignee_box, "Kate")
        dialog.try_accept()

    drive_dialogs(monkeypatch, assign)
    assert tab.detail.assign()
    assert tab.detail.info_values["assignee"].text() == "Kate"
    assert cell(tab, row_of(tab, "T-000001"), "assignee") == "Kate"


# --------------------------------------------------------------------------- the dialog


def test_new_ticket_dialog_picks_clients_and_checks_fields(
    qtbot, ctx: DeskContext, warnings: list[tuple[str, str]]
) -> None:
    for i in range(30):
        make_client(f"Client {i:02d}", portal_url=f"https://c{i:02d}.bitrix24.com")
    make_client(
        "Helping Hands",
        portal_url="https://hands.bitrix24.eu",
        support_commercial=False,
        hosting="self_hosted",
    )
    dialog = ui.TicketDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    # OK on an empty form: the errors show beside their fields and it stays open.
    dialog.try_accept()
    assert dialog.isVisible()
    assert dialog.error_of("client") != ""
    assert dialog.error_of("subject") == "Subject is required."
    # The picker asks for a few clients at a time as the user types.
    qtbot.keyClicks(dialog.client_edit, "client")
    assert dialog.client_edit.suggestions.rowCount() == dialog.client_edit.LIMIT
    assert dialog.client_id is None
    popup = dialog.client_edit.completer_.popup()
    index = popup.model().index(3, 0)
    popup.setCurrentIndex(index)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.client_edit.text() == "Client 03"
    assert dialog.portal_edit.text() == "https://c03.bitrix24.com"
    # Another client replaces the prefilled portal and the level follows its category.
    dialog.client_edit.clear()
    qtbot.keyClicks(dialog.client_edit, "Helping Hands")
    assert dialog.portal_edit.text() == "https://hands.bitrix24.eu"
    assert dialog.level_box.currentData() == "noncommercial_self_hosted"
    assert dialog.level_box.currentText() == "Non-commercial client, self-hosted"
    qtbot.keyClicks(dialog.subject_edit, "Cannot log in")
    dialog.portal_edit.setText("not a portal")
    dialog.try_accept()
    assert dialog.isVisible()
    assert "not a valid portal address" in dialog.error_of("portal_url")
    assert dialog.subject_edit.text() == "Cannot log in"  # nothing typed is lost
    dialog.portal_edit.setText("hands.bitrix24.eu")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    ticket = dialog.result_value
    assert (ticket.client.company, ticket.sla_level, ticket.portal_url) == (
        "Helping Hands",
        "noncommercial_self_hosted",
        "https://hands.bitrix24.eu",
    )


def test_dialog_shows_the_computed_level_and_an_override_needs_a_reason(
    qtbot, ctx: DeskContext, clock: FixedClock, tab: ui.TicketsTab
) -> None:
    """003 §2.5.3: "Bitrix24 Cloud accounts with no active commercial subscription"
    get the non-commercial level.  Paid until Sunday 15 Nov, the ticket of Monday
    16 Nov is non-commercial; paid until the 16th, it is commercial."""
    lapsed = make_client("Lapsed Ltd", support_commercial=False)
    give_subscription(lapsed, date(2026, 11, 15))
    current = make_client("Current Ltd", support_commercial=False)
    give_subscription(current, date(2026, 11, 16))
    clock.set(nz(16, 10))
    dialog = ui.TicketDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.reason_edit.isEnabled()
    qtbot.keyClicks(dialog.client_edit, "Current Ltd")
    assert dialog.computed_label.text() == "Commercial client, cloud"
    assert dialog.level_box.currentData() == "commercial_cloud"
    dialog.client_edit.clear()
    qtbot.keyClicks(dialog.client_edit, "Lapsed Ltd")
    assert dialog.computed_label.text() == "Non-commercial client, cloud"
    assert dialog.level_box.currentData() == "noncommercial_cloud"
    assert not dialog.reason_edit.isEnabled()
    qtbot.keyClicks(dialog.subject_edit, "Cannot log in")
    # The user chooses the commercial level: refused until a reason is given.
    dialog.level_box.setCurrentIndex(dialog.level_box.findData("commercial_cloud"))
    assert dialog.reason_edit.isEnabled()
    dialog.try_accept()
    assert dialog.isVisible()
    assert "give a reason" in dialog.error_of("sla_override_reason")
    assert m.Ticket.select().count() == 0
    qtbot.keyClicks(dialog.reason_edit, "Renewal paid, coupon on its way")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    ticket = dialog.result_value
    assert (ticket.sla_level, ticket.sla_override_reason) == (
        "commercial_cloud",
        "Renewal paid, coupon on its way",
    )
    # The ticket shows the level with its reason.
    tab.show_record(ticket.id)
    assert tab.detail.info_values["level"].text() == (
        "Commercial client, cloud (chosen instead of the computed level: "
        "Renewal paid, coupon on its way)"
    )


def test_unknown_client_is_refused(qtbot, ctx: DeskContext) -> None:
    dialog = ui.TicketDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.client_edit, "Nobody Ltd")
    dialog.try_accept()
    assert dialog.error_of("client") == "Choose the client from the suggestions."
    assert dialog.error_of("subject") == "Subject is required."
    assert dialog.isVisible()
    assert m.Ticket.select().count() == 0


def test_edit_dialog_fills_missing_information(
    qtbot, monkeypatch: pytest.MonkeyPatch, tab: ui.TicketsTab
) -> None:
    ticket = make_ticket(make_client(portal_url=""), nz(16, 10))
    tab.select_ticket(ticket.id)
    checklist = tab.detail.checklist.text()
    for item in ("Problem description", "Portal URL", "Product version", "Edition"):
        assert f"✘ {item}" in checklist

    def edit(dialog: QDialog) -> None:
        assert isinstance(dialog, ui.TicketDialog)
        assert dialog.client_edit.isReadOnly()
        qtbot.keyClicks(dialog.description_edit, "1. Open CRM")
        qtbot.keyClick(dialog.description_edit, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.description_edit, "2. Click Deals")
        qtbot.keyClicks(dialog.portal_edit, "acme.bitrix24.com")
        qtbot.keyClicks(dialog.version_edit, "24.100.0")
        dialog.edition_box.setCurrentIndex(dialog.edition_box.findText("Professional"))
        dialog.try_accept()

    drive_dialogs(monkeypatch, edit)
    assert tab.detail.edit()
    checklist = tab.detail.checklist.text()
    assert "✘" not in checklist
    assert store.missing_information(store.get_ticket(ticket.id)) == []


# --------------------------------------------------------------------------- the frame


def test_tab_interface_and_language_switch(qtbot, ctx: DeskContext, tab: ui.TicketsTab) -> None:
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


def test_show_record_finds_the_ticket_by_its_tid(qtbot, tab: ui.TicketsTab) -> None:
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


def test_two_desks_editing_one_ticket_keep_mine(qtbot, ctx: DeskContext, other_desk) -> None:
    ticket = make_ticket(make_client(), nz(16, 10))
    dialog = ui.TicketDialog(ctx, ticket.id)
    qtbot.addWidget(dialog)
    dialog.subject_edit.setText("Portal is slow since Monday")  # this desk
    # The other desk renames it through its own connection.
    other_desk(
        "UPDATE ticket SET subject = ?, version = version + 1 WHERE id = ?",
        "Portal down",
        ticket.id,
    )
    rows: list[list[str]] = []

    def keep_mine(conflict) -> str:
        table = conflict.table
        rows.extend([table.item(r, c).text() for c in range(3)] for r in range(table.rowCount()))
        return "overwrite"

    dialog.run_conflict = keep_mine
    dialog.try_accept()
    assert rows == [["Subject", "Portal down", "Portal is slow since Monday"]]
    assert m.Ticket.get_by_id(ticket.id).subject == "Portal is slow since Monday"
