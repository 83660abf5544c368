"""The Clients tab (:mod:`b24desk.ui.clients.tab`), driven like a user: search, sort,
archive, lifecycle colours, counts, renewal reminder."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from b24desk.i18n import format_date, format_money
from b24desk.store import clients as store
from b24desk.store import models as m
from b24desk.store import outbox
from b24desk.ui import palette
from b24desk.ui.clients import tab as ui
from b24desk.ui.clients.tab import ClientsTab, client_columns
from b24desk.ui.context import DeskContext
from b24desk.ui.mail.preview import PreviewDialog

_seq = itertools.count(1)

COLUMN = {key: i for i, key in enumerate(c.key for c in client_columns())}


# --------------------------------------------------------------------------- factory


def tint(tone: palette.Tone) -> str:
    """The background a row or cell of that meaning gets on the current palette."""
    return palette.background(tone).name()


def plan(code: str, kind: str = "cloud", seats: int | None = 50, paid: bool = True) -> m.Plan:
    found = m.Plan.get_or_none(m.Plan.code == code)
    if found:
        return found
    return m.Plan.create(
        code=code, name=f"Bitrix24 {code.title()}", kind=kind, seats=seats, paid=paid,
        position=next(_seq),
    )  # fmt: skip


def client(company: str, **kw: Any) -> m.Client:
    kw.setdefault("email", f"office@{company.split()[0].lower()}.example.org")
    return m.Client.create(company=company, **kw)


def sub(owner: m.Client, paid_until: date | None, code: str = "standard", **kw: Any):
    kind = kw.pop("kind", "cloud")
    p = plan(code, kind=kind)
    return m.Subscription.create(
        client=owner, plan=p, kind=kind, paid_until=paid_until, seats=kw.pop("seats", 50),
        starts_on=(paid_until or date(2026, 1, 1)) - timedelta(days=364), **kw,
    )  # fmt: skip


def ticket(owner: m.Client, status: str = "new") -> None:
    m.Ticket.create(
        tid=f"T-{next(_seq)}", client=owner, subject="Help", sla_level="commercial_cloud",
        status=status,
    )  # fmt: skip


def invoice(owner: m.Client, total: str, paid: str = "0", state: str = "issued") -> None:
    m.Invoice.create(
        client=owner, currency=owner.currency, state=state, total=Decimal(total),
        paid=Decimal(paid),
    )  # fmt: skip


def make_tab(qtbot, ctx: DeskContext, **kw: Any) -> ClientsTab:
    tab = ClientsTab(ctx, **kw)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    return tab


def cell(tab: ClientsTab, row: int, key: str, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return tab.model.data(tab.model.index(row, COLUMN[key]), role)


def companies(tab: ClientsTab) -> list[str]:
    return [cell(tab, r, "company") for r in range(tab.model.rowCount())]


def row_of(tab: ClientsTab, company: str) -> int:
    return companies(tab).index(company)


def select(tab: ClientsTab, company: str) -> None:
    tab.view.setCurrentIndex(tab.model.index(row_of(tab, company), 0))


def today(ctx: DeskContext) -> date:
    return ctx.clock.today()

# --------------------------------------------------------------------------- the table


def test_model_passes_the_qt_model_tester(qtbot, qtmodeltester, ctx: DeskContext) -> None:
    for i in range(5):
        c = client(f"Client {i}")
        sub(c, today(ctx) + timedelta(days=10 * i - 20))
        ticket(c)
    tab = make_tab(qtbot, ctx)
    qtmodeltester.check(tab.model)
    assert tab.model.rowCount() == 5


def test_lifecycle_state_is_a_coloured_badge(qtbot, ctx: DeskContext) -> None:
    t = today(ctx)
    states = {
        "Active Co": (t + timedelta(days=40), None, "Active", tint("ok")),
        "Grace Co": (t - timedelta(days=3), None, "Grace period", tint("warning")),
        "Free Co": (t - timedelta(days=30), t - timedelta(days=1), "Free plan", tint("muted")),
        "Frozen Co": (t - timedelta(days=50), None, "Frozen", tint("cold")),
        "Deleted Co": (t - timedelta(days=200), None, "Deleted", tint("danger")),
    }
    for name, (paid_until, login, _text, _colour) in states.items():
        sub(client(name), paid_until, last_user_login=login)
    onprem = client("Onprem Co")
    sub(onprem, t + timedelta(days=100), code="onprem", kind="on_premise")
    client("Nothing Co")
    tab = make_tab(qtbot, ctx)
    for name, (_paid, _login, text, colour) in states.items():
        row = row_of(tab, name)
        assert cell(tab, row, "state") == text
        brush = cell(tab, row, "state", Qt.ItemDataRole.BackgroundRole)
        assert brush.color().name() == colour, name
    assert cell(tab, row_of(tab, "Onprem Co"), "state") == "On-premise"
    assert cell(tab, row_of(tab, "Onprem Co"), "state", Qt.ItemDataRole.BackgroundRole) is None
    assert cell(tab, row_of(tab, "Nothing Co"), "state") == ""
    grace = row_of(tab, "Grace Co")
    assert "Grace period until" in cell(tab, grace, "state", Qt.ItemDataRole.ToolTipRole)
    box = tab.filter_boxes["state"]
    box.setCurrentIndex(box.findData("frozen"))
    assert companies(tab) == ["Frozen Co"]


def test_amount_due_and_open_tickets(qtbot, ctx: DeskContext) -> None:
    acme = client("Acme", currency="NZD")
    for status in ("new", "waiting", "escalated", "resolved", "closed"):
        ticket(acme, status)
    invoice(acme, "100.00")
    invoice(acme, "250.50", "50.25")
    invoice(acme, "999.00", state="draft")
    toro = client("Toro", currency="EUR")
    invoice(toro, "1234.50")
    tab = make_tab(qtbot, ctx)
    a, t = row_of(tab, "Acme"), row_of(tab, "Toro")
    assert cell(tab, a, "open_tickets") == "3"
    assert cell(tab, a, "amount_due") == format_money(Decimal("300.25"), "NZD")
    assert "300.25" in cell(tab, a, "amount_due")
    assert cell(tab, t, "amount_due") == format_money(Decimal("1234.50"), "EUR")
    assert cell(tab, t, "open_tickets") == "0"
    tab.view.sortByColumn(COLUMN["amount_due"], Qt.SortOrder.DescendingOrder)
    assert companies(tab) == ["Toro", "Acme"]
    tab.view.sortByColumn(COLUMN["open_tickets"], Qt.SortOrder.DescendingOrder)
    assert companies(tab) == ["Acme", "Toro"]


def test_search_and_sort(qtbot, ctx: DeskContext) -> None:
    client("Kauri Software", country="NZ", contact_person="Aroha")
    client("Toro SL", country="ES", portal_url="https://toro.bitrix24.es")
    client("Rimu Builders", country="NZ", tax_id="123-456-789")
    tab = make_tab(qtbot, ctx)
    assert companies(tab) == ["Kauri Software", "Rimu Builders", "Toro SL"]
    tab.view.horizontalHeader().setSortIndicator(COLUMN["company"], Qt.SortOrder.DescendingOrder)
    assert companies(tab) == ["Toro SL", "Rimu Builders", "Kauri Software"]
    tab.view.sortByColumn(COLUMN["country"], Qt.SortOrder.AscendingOrder)
    assert companies(tab)[0] == "Toro SL"
    with qtbot.waitSignal(tab.countChanged, timeout=2000) as blocker:
        qtbot.keyClicks(tab.search, "toro.bitrix24")
    assert blocker.args == [1]
    assert companies(tab) == ["Toro SL"]
    tab.search.clear()
    tab.apply_search()
    qtbot.keyClicks(tab.search, "aroha")
    tab.apply_search()
    assert companies(tab) == ["Kauri Software"]
    tab.search.setText("123-456")
    tab.apply_search()
    assert companies(tab) == ["Rimu Builders"]
    tab.search.clear()
    tab.apply_search()
    box = tab.filter_boxes["country"]
    assert box.findData("ES") >= 0
    box.setCurrentIndex(box.findData("ES"))
    assert companies(tab) == ["Toro SL"]


def test_archive_asks_first_then_hides_the_client(
    qtbot, ctx: DeskContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    client("Keep Ltd")
    client("Gone Ltd")
    tab = make_tab(qtbot, ctx)
    answers: list[str] = []

    def refuse(_parent: Any, _title: str, text: str, _action: str) -> bool:
        answers.append(text)
        return False

    monkeypatch.setattr(ui, "confirm", refuse)
    select(tab, "Gone Ltd")
    assert tab.archive_button.text() == "Archive…"
    qtbot.mouseClick(tab.archive_button, Qt.MouseButton.LeftButton)
    assert "Gone Ltd" in answers[0]
    assert companies(tab) == ["Gone Ltd", "Keep Ltd"]

    monkeypatch.setattr(ui, "confirm", lambda *_args: True)
    qtbot.mouseClick(tab.archive_button, Qt.MouseButton.LeftButton)
    assert companies(tab) == ["Keep Ltd"]
    assert tab.model.rowCount() == 1
    box = tab.filter_boxes["archived"]
    box.setCurrentIndex(box.findData("archived"))
    assert companies(tab) == ["Gone Ltd"]
    select(tab, "Gone Ltd")
    assert tab.archive_button.text() == "Restore"
    qtbot.mouseClick(tab.archive_button, Qt.MouseButton.LeftButton)
    assert companies(tab) == []
    box.setCurrentIndex(box.findData("all"))
    assert companies(tab) == ["Gone Ltd", "Keep Ltd"]
    log = [a["kind"] for a in store.client_detail(row_id(tab, "Gone Ltd")).activity]
    assert log == ["restored", "archived"]


def row_id(tab: ClientsTab, company: str) -> int:
    return tab.model.row_id(row_of(tab, company))


# --------------------------------------------------------------------------- reminders


def test_renewal_reminder_is_previewed_in_the_clients_language_and_queued(
    qtbot, ctx: DeskContext
) -> None:
    """Issue #16: the reminder is no longer a mailto: link but a message in the outbox,
    written in the client's language and checked in the preview first."""
    assert ctx.language.language() == "en"  # the desk speaks English
    toro = client("Toro SL", doc_language="es", currency="EUR", contact_person="Lucía")
    toro_sub = sub(toro, date(2026, 12, 15), code="professional")
    previews: list[PreviewDialog] = []

    def queue_it(dialog: QDialog) -> bool:
        assert isinstance(dialog, PreviewDialog)
        previews.append(dialog)
        dialog.try_accept()  # the person presses Queue
        return dialog.result() == QDialog.DialogCode.Accepted

    tab = make_tab(qtbot, ctx, run_dialog=queue_it)
    select(tab, "Toro SL")
    assert tab.reminder_button.isEnabled()
    qtbot.mouseClick(tab.reminder_button, Qt.MouseButton.LeftButton)
    (message,) = outbox.list_messages()
    assert (message.to, message.language, message.kind) == (toro.email, "es", "renewal")
    assert "15 dic 2026" in message.body and "Dec" not in message.body
    assert "Bitrix24 Professional" in message.subject
    assert message.record_type == "subscription" and message.record_id == toro_sub.id
    assert "E-mail" in store.client_detail(toro.id).activity[0]["message"]
    # From the detail pane, for the chosen subscription: the same stage is not queued twice.
    select(tab, "Toro SL")
    assert tab.detail_pane.subscriptions.item(0, 3).text() == "30-day reminder due"
    qtbot.mouseClick(tab.detail_pane.reminder_button, Qt.MouseButton.LeftButton)
    assert len(previews) == 2
    assert "already" in previews[1].general_error.text()
    assert len(outbox.list_messages()) == 1
    assert toro_sub.id == tab.detail_pane.selected_subscription()["id"]


def test_no_reminder_without_a_paid_subscription(qtbot, ctx: DeskContext) -> None:
    client("Empty Ltd")
    tab = make_tab(qtbot, ctx)
    select(tab, "Empty Ltd")
    assert not tab.reminder_button.isEnabled()
    assert not tab.renew_button.isEnabled()
    assert tab.edit_button.isEnabled()


# --------------------------------------------------------------------------- language


def test_follows_a_language_change(qtbot, ctx: DeskContext, db: peewee.Database) -> None:
    sub(client("Acme"), today(ctx) + timedelta(days=3))
    tab = make_tab(qtbot, ctx)
    select(tab, "Acme")
    ctx.language.set_language("ru")
    try:
        row = row_of(tab, "Acme")
        assert cell(tab, row, "paid_until") == format_date(today(ctx) + timedelta(days=3), "ru")
        assert tab.model.rowCount() == 1  # the "active clients" filter survived
        assert tab.filter_boxes["archived"].currentData() == "active"
        assert tab.new_button.text()
    finally:
        ctx.language.set_language("en")
    assert tab.new_button.text() == "New client…"
