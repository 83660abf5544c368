"""The Clients tab, driven like a user: dialogs, search, sort, archive, lifecycle
colours, counts, renewal reminder."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import peewee
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from b24desk.i18n import format_date, format_money
from b24desk.store import clients as store
from b24desk.store import models as m
from b24desk.store import reminders
from b24desk.store.errors import StaleRecordError
from b24desk.ui import palette
from b24desk.ui.clients import ClientDialog, ClientsTab, RenewDialog, SubscriptionDialog
from b24desk.ui.clients import tab as ui
from b24desk.ui.context import DeskContext

_seq = itertools.count(1)

COLUMN = {key: i for i, key in enumerate(c.key for c in ui.client_columns())}


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


# --------------------------------------------------------------------------- dialogs


def test_create_a_client_through_the_dialog(qtbot, ctx: DeskContext) -> None:
    tab = make_tab(qtbot, ctx)

    def fill_and_accept(dialog: QDialog) -> bool:
        assert isinstance(dialog, ClientDialog)
        qtbot.keyClicks(dialog.company, "Toro Soluciones SL")
        dialog.contact_person.setText("Lucía Pérez")  # QTest types ASCII only
        qtbot.keyClicks(dialog.email, "lucia@toro.es")
        qtbot.keyClicks(dialog.portal_url, "Toro.Bitrix24.ES/")
        dialog.country.setCurrentIndex(dialog.country.findData("ES"))
        dialog.doc_language.setCurrentIndex(dialog.doc_language.findData("es"))
        dialog.currency.setCurrentText("")
        qtbot.keyClicks(dialog.currency.lineEdit(), "eur")
        dialog.non_profit.setChecked(True)
        dialog.linked_via.setCurrentIndex(dialog.linked_via.findData("referral"))
        dialog.hosting.setCurrentIndex(dialog.hosting.findData("self_hosted"))
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
        return dialog.result() == QDialog.DialogCode.Accepted

    tab.run_dialog = fill_and_accept
    tab.new_record()
    saved = m.Client.get(m.Client.company == "Toro Soluciones SL")
    assert saved.portal_url == "https://toro.bitrix24.es"
    assert (saved.country, saved.currency, saved.doc_language) == ("ES", "EUR", "es")
    assert (saved.non_profit, saved.linked_via, saved.hosting) == (True, "referral", "self_hosted")
    assert companies(tab) == ["Toro Soluciones SL"]
    assert tab.current_id() == saved.id  # the new client is chosen
    assert tab.detail_pane.title.text() == "Toro Soluciones SL"
    assert tab.detail_pane.info_values["doc_language"].text() == "Español"


def test_doc_language_combo_shows_each_language_in_its_own_name(qtbot, db) -> None:
    dialog = ClientDialog()
    qtbot.addWidget(dialog)
    names = [dialog.doc_language.itemText(i) for i in range(dialog.doc_language.count())]
    assert names == ["English", "Español", "Русский"]


def test_edit_a_client(qtbot, ctx: DeskContext) -> None:
    c = client("Kauri Software", contact_person="Aroha")
    tab = make_tab(qtbot, ctx)
    dialog = ClientDialog(tab, client_id=c.id)
    qtbot.addWidget(dialog)
    assert dialog.contact_person.text() == "Aroha"
    dialog.contact_person.clear()
    qtbot.keyClicks(dialog.contact_person, "Mere")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = store.get_client(c.id)
    assert (saved.contact_person, saved.version) == ("Mere", 2)
    select(tab, "Kauri Software")
    assert tab.detail_pane.info_values["contact_person"].text() == "Mere"
    activity = tab.detail_pane.activity
    assert "Client details changed" in activity.item(0, 1).text()


def test_bad_email_and_portal_stay_in_the_dialog(qtbot, ctx: DeskContext) -> None:
    tab = make_tab(qtbot, ctx)
    dialog = ClientDialog(tab)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.company, "Broken Ltd")
    qtbot.keyClicks(dialog.email, "broken@@mail")
    qtbot.keyClicks(dialog.portal_url, "ftp://broken portal")
    dialog.try_accept()
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "not a valid e-mail address" in dialog.error_of("email")
    assert dialog.error_of("portal_url")
    assert dialog.rows["portal_url"].message.isVisible()
    assert dialog.error_of("company") == ""
    assert dialog.email.text() == "broken@@mail"
    assert dialog.portal_url.text() == "ftp://broken portal"
    assert dialog.company.text() == "Broken Ltd"
    assert m.Client.select().count() == 0
    assert companies(tab) == []
    # Corrected, it saves.
    dialog.email.setText("ops@broken.example.org")
    dialog.portal_url.setText("broken.bitrix24.com")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert companies(tab) == ["Broken Ltd"]


def test_office_domain_warns_beside_the_email_and_in_the_detail(qtbot, ctx: DeskContext) -> None:
    m.Office.update(email="sales@kiwipartners.co.nz").execute()
    c = client("Lazy Ltd", email="lazy@kiwipartners.co.nz")
    client("Fine Ltd", email="boss@fine.example.org")
    tab = make_tab(qtbot, ctx)
    select(tab, "Lazy Ltd")
    assert tab.detail_pane.warning.isVisible()
    assert "kiwipartners.co.nz" in tab.detail_pane.warning.text()
    select(tab, "Fine Ltd")
    assert not tab.detail_pane.warning.isVisible()

    dialog = ClientDialog(tab, client_id=c.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "office's own domain" in dialog.email_warning()
    assert dialog.rows["email"].message.styleSheet() == ui.WARNING_STYLE
    dialog.email.setText("lazy@lazy.example.org")
    assert dialog.email_warning() == ""
    dialog.email.setText("x@kiwipartners.co.nz")
    dialog.try_accept()  # a warning, not an error: it saves
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert store.get_client(c.id).email == "x@kiwipartners.co.nz"


def test_stale_edit_is_refused(qtbot, ctx: DeskContext, monkeypatch: pytest.MonkeyPatch) -> None:
    c = client("Race Ltd")
    dialog = ClientDialog(client_id=c.id)
    qtbot.addWidget(dialog)
    data = dialog.data()
    store.update_client(c.id, {**data, "phone": "+64 9 000"}, expected_version=1)
    with pytest.raises(StaleRecordError):
        store.update_client(c.id, {**data, "phone": "+64 9 111"}, expected_version=1)
    shown: list[list[str]] = []

    def cancel(conflict) -> None:
        table = conflict.table
        shown.extend([table.item(r, c).text() for c in range(3)] for r in range(table.rowCount()))

    dialog.run_conflict = cancel
    dialog.phone.setText("+64 9 222")
    dialog.try_accept()
    assert shown == [["Phone", "+64 9 000", "+64 9 222"]]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.phone.text() == "+64 9 222"  # nothing typed is lost
    assert store.get_client(c.id).phone == "+64 9 000"


# --------------------------------------------------------------------------- subscriptions


def test_new_subscription_and_renewal(qtbot, ctx: DeskContext) -> None:
    plan("free", seats=None, paid=False)
    plan("professional", seats=100)
    plan("onprem", kind="on_premise", seats=25)
    c = client("Kauri", portal_url="https://kauri.bitrix24.com")
    tab = make_tab(qtbot, ctx)
    select(tab, "Kauri")
    assert not tab.renew_button.isEnabled()
    dialog = SubscriptionDialog(c.id, today(ctx), tab)
    qtbot.addWidget(dialog)
    dialog.plan.setCurrentIndex(dialog.plan.findData(plan("professional").id))
    assert dialog.seats.value() == 100  # the plan's seats
    dialog.term.setCurrentIndex(dialog.term.findData(6))
    dialog.starts_on.setDate(QDate(2026, 12, 1))
    assert dialog.paid_until.text() == format_date(date(2027, 5, 31))
    dialog.plan.setCurrentIndex(dialog.plan.findData(plan("onprem").id))
    assert not dialog.portal_url.isEnabled()
    dialog.plan.setCurrentIndex(dialog.plan.findData(plan("professional").id))
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    row = row_of(tab, "Kauri")
    assert cell(tab, row, "plan") == "Bitrix24 Professional"
    assert cell(tab, row, "paid_until") == format_date(date(2027, 5, 31))
    assert cell(tab, row, "seats") == "100"
    select(tab, "Kauri")
    subs = tab.detail_pane.subscriptions
    assert subs.rowCount() == 1
    assert subs.item(0, 1).text() == "Active"
    assert subs.item(0, 1).background().color().name() == tint("ok")

    assert tab.renew_button.isEnabled()
    renew = RenewDialog(tab.current_row().subscription_id, today(ctx), tab)
    qtbot.addWidget(renew)
    renew.term.setCurrentIndex(renew.term.findData(12))
    assert format_date(date(2028, 5, 31)) in renew.period.text()
    renew.try_accept()
    assert cell(tab, row_of(tab, "Kauri"), "paid_until") == format_date(date(2028, 5, 31))
    kinds = [a["kind"] for a in store.client_detail(c.id).activity]
    assert kinds[:2] == ["renewal", "subscription"]


def test_subscription_needs_a_portal_for_a_cloud_plan(qtbot, ctx: DeskContext) -> None:
    plan("standard")
    c = client("No Portal")
    dialog = SubscriptionDialog(c.id, today(ctx))
    qtbot.addWidget(dialog)
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "portal" in dialog.error_of("portal_url")
    qtbot.keyClicks(dialog.portal_url, "noportal.bitrix24.eu")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert store.get_client(c.id).portal_url == "https://noportal.bitrix24.eu"


# --------------------------------------------------------------------------- reminders


def test_renewal_reminder_uses_the_clients_language(
    qtbot, ctx: DeskContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ctx.language.language() == "en"  # the desk speaks English
    toro = client("Toro SL", doc_language="es", currency="EUR", contact_person="Lucía")
    toro_sub = sub(toro, date(2026, 12, 15), code="professional")
    languages: list[str] = []
    real = reminders.translation

    def spy(lang: str) -> Any:
        languages.append(lang)
        return real(lang)

    monkeypatch.setattr(reminders, "translation", spy)
    opened: list[str] = []
    tab = make_tab(qtbot, ctx, open_url=opened.append)
    select(tab, "Toro SL")
    assert tab.reminder_button.isEnabled()
    qtbot.mouseClick(tab.reminder_button, Qt.MouseButton.LeftButton)
    assert languages == ["es"]
    assert len(opened) == 1
    url = urlsplit(opened[0])
    assert url.scheme == "mailto"
    assert url.path == toro.email
    query = parse_qs(url.query)
    body = query["body"][0]
    assert "15 dic 2026" in body  # format_date(…, "es")
    assert "Dec" not in body
    assert "Bitrix24 Professional" in query["subject"][0]
    assert "\r\n" in body and " " not in opened[0]
    assert store.client_detail(toro.id).activity[0]["kind"] == "reminder"
    # From the detail pane, for the chosen subscription.
    select(tab, "Toro SL")
    assert tab.detail_pane.subscriptions.item(0, 3).text() == "30-day reminder due"
    qtbot.mouseClick(tab.detail_pane.reminder_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 2
    assert languages == ["es", "es"]
    assert toro_sub.id == tab.detail_pane.selected_subscription()["id"]


def test_no_reminder_without_a_paid_subscription(qtbot, ctx: DeskContext) -> None:
    client("Empty Ltd")
    opened: list[str] = []
    tab = make_tab(qtbot, ctx, open_url=opened.append)
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


@pytest.mark.parametrize("choice", ["overwrite", "reload"])
def test_two_desks_editing_one_client(
    qtbot: Any, ctx: DeskContext, other_desk: Any, choice: str
) -> None:
    client = store.create_client({"company": "Twin Ltd", "phone": "111", "email": ""})
    dialog = ClientDialog(client_id=client.id)
    qtbot.addWidget(dialog)
    dialog.email.setText("ana@twin.co.nz")  # this desk's change
    # Meanwhile, on the other desk:
    other_desk("UPDATE client SET phone = ?, version = version + 1 WHERE id = ?", "222", client.id)
    shown: list[list[str]] = []

    def answer(conflict: Any) -> str:
        table = conflict.table
        shown.extend([table.item(r, c).text() for c in range(3)] for r in range(table.rowCount()))
        return choice

    dialog.run_conflict = answer
    dialog.try_accept()
    assert ["Phone", "222", "111"] in shown  # theirs beside mine
    assert ["E-mail", "", "ana@twin.co.nz"] in shown
    saved = m.Client.get_by_id(client.id)
    if choice == "overwrite":
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert (saved.email, saved.phone, saved.version) == ("ana@twin.co.nz", "111", 3)
    else:
        assert dialog.result() != QDialog.DialogCode.Accepted  # still open, reloaded
        assert dialog.phone.text() == "222" and dialog.email.text() == ""
        assert (saved.email, saved.phone, saved.version) == ("", "222", 2)
        dialog.try_accept()  # saving now works: the form holds version 2
        assert m.Client.get_by_id(client.id).version == 3
