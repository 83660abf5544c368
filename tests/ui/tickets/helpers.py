"""Helpers of the Tickets tab tests (clients, tickets, cells of the queue).

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

from b24desk.i18n import format_datetime
from b24desk.store import models as m
from b24desk.store import tickets as store
from b24desk.ui import palette
from b24desk.ui.tickets import common
from b24desk.ui.tickets.tab import TicketsTab, ticket_columns

NZ = ZoneInfo("Pacific/Auckland")
COLUMN = {key: i for i, key in enumerate(c.key for c in ticket_columns())}


def tint(tone: palette.Tone) -> str:
    """The background a cell of that meaning gets on the current palette."""
    return palette.background(tone).name()


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

    monkeypatch.setattr(common, "run_dialog", run)
    return seen


def cell(tab: TicketsTab, row: int, key: str, role: int = Qt.ItemDataRole.DisplayRole):
    return tab.model.data(tab.model.index(row, COLUMN[key]), role)


def background(tab: TicketsTab, row: int, key: str = "sla") -> str | None:
    brush = cell(tab, row, key, Qt.ItemDataRole.BackgroundRole)
    return None if brush is None else brush.color().name()


def row_of(tab: TicketsTab, tid: str) -> int:
    for row in range(tab.model.rowCount()):
        if cell(tab, row, "tid") == tid:
            return row
    raise AssertionError(f"{tid} is not in the list")


def when(moment: datetime) -> str:
    return format_datetime(moment)


def show_all_statuses(tab: TicketsTab) -> None:
    box = tab.list.filter_boxes["status"]
    box.setCurrentIndex(box.findData("all"))
