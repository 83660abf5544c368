"""The ticket dialogs: new ticket, SLA level override, edit, two desks on one ticket.

Expected moments are worked out by hand (NZ office: Auckland time, 09:00–18:00
Monday to Friday; 16 Nov 2026 is a Monday, NZDT, with no public holiday that week).
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from b24desk.clock import FixedClock
from b24desk.store import models as m
from b24desk.store import tickets as store
from b24desk.ui.context import DeskContext
from b24desk.ui.tickets.dialogs import TicketDialog
from b24desk.ui.tickets.tab import TicketsTab
from tests.ui.tickets.helpers import (
    drive_dialogs,
    give_subscription,
    make_client,
    make_ticket,
    nz,
)

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
    dialog = TicketDialog(ctx)
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
    qtbot, ctx: DeskContext, clock: FixedClock, tab: TicketsTab
) -> None:
    """003 §2.5.3: "Bitrix24 Cloud accounts with no active commercial subscription"
    get the non-commercial level.  Paid until Sunday 15 Nov, the ticket of Monday
    16 Nov is non-commercial; paid until the 16th, it is commercial."""
    lapsed = make_client("Lapsed Ltd", support_commercial=False)
    give_subscription(lapsed, date(2026, 11, 15))
    current = make_client("Current Ltd", support_commercial=False)
    give_subscription(current, date(2026, 11, 16))
    clock.set(nz(16, 10))
    dialog = TicketDialog(ctx)
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
    dialog = TicketDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.client_edit, "Nobody Ltd")
    dialog.try_accept()
    assert dialog.error_of("client") == "Choose the client from the suggestions."
    assert dialog.error_of("subject") == "Subject is required."
    assert dialog.isVisible()
    assert m.Ticket.select().count() == 0


def test_edit_dialog_fills_missing_information(
    qtbot, monkeypatch: pytest.MonkeyPatch, tab: TicketsTab
) -> None:
    ticket = make_ticket(make_client(portal_url=""), nz(16, 10))
    tab.select_ticket(ticket.id)
    checklist = tab.detail.checklist.text()
    for item in ("Problem description", "Portal URL", "Product version", "Edition"):
        assert f"✘ {item}" in checklist

    def edit(dialog: QDialog) -> None:
        assert isinstance(dialog, TicketDialog)
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
    assert "Nothing missing" in checklist
    for item in ("Problem description", "Portal URL", "Product version", "Edition"):
        assert item not in checklist  # given now: no longer listed
    assert store.missing_information(store.get_ticket(ticket.id)) == []


def test_two_desks_editing_one_ticket_keep_mine(qtbot, ctx: DeskContext, other_desk) -> None:
    ticket = make_ticket(make_client(), nz(16, 10))
    dialog = TicketDialog(ctx, ticket.id)
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
