"""The Clients tab's dialogs (:mod:`b24desk.ui.clients.dialogs`), driven like a user:
the client form, a new subscription, a renewal, two desks editing one client."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from b24desk.i18n import format_date
from b24desk.store import clients as store
from b24desk.store import models as m
from b24desk.store.errors import StaleRecordError
from b24desk.ui import palette
from b24desk.ui.clients.dialogs import ClientDialog, RenewDialog, SubscriptionDialog
from b24desk.ui.clients.tab import ClientsTab, client_columns
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import WARNING_STYLE

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
    assert dialog.rows["email"].message.styleSheet() == WARNING_STYLE
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


# --------------------------------------------------------------------------- issue 15, forms


def test_client_form_opens_on_its_first_field(qtbot, db) -> None:
    dialog = ClientDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.company
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.hasFocus()


def test_an_error_goes_as_soon_as_its_field_is_corrected(qtbot, db) -> None:
    dialog = ClientDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.email, "broken@@mail")
    qtbot.keyClicks(dialog.portal_url, "ftp://broken portal")
    dialog.try_accept()
    assert "not a valid e-mail address" in dialog.error_of("email")
    assert dialog.error_of("portal_url")
    assert dialog.error_of("company")
    # The company typed: its message goes at once, the others stay until corrected.
    qtbot.keyClicks(dialog.company, "B")
    assert dialog.error_of("company") == ""
    assert not dialog.rows["company"].message.isVisible()
    assert "not a valid e-mail address" in dialog.error_of("email")
    assert dialog.error_of("portal_url")
    # One key more in the portal field: its message goes, what was typed stays.
    qtbot.keyClick(dialog.portal_url, Qt.Key.Key_Backspace)
    assert dialog.error_of("portal_url") == ""
    assert dialog.portal_url.text() == "ftp://broken porta"
    assert "not a valid e-mail address" in dialog.error_of("email")
    assert dialog.email.text() == "broken@@mail"


def choose_country(dialog: ClientDialog, code: str) -> None:
    dialog.country.setCurrentIndex(dialog.country.findData(code))


@pytest.mark.parametrize(
    ("country", "language", "currency"),
    [("ES", "es", "EUR"), ("MX", "es", "MXN"), ("RU", "ru", "RUB"), ("NZ", "en", "NZD"),
     ("DE", "en", "EUR")],
)  # fmt: skip
def test_the_country_picks_language_and_currency(
    qtbot, db, country: str, language: str, currency: str
) -> None:
    dialog = ClientDialog()
    qtbot.addWidget(dialog)
    choose_country(dialog, "US")
    assert (dialog.doc_language.currentData(), dialog.currency.currentText()) == ("en", "USD")
    choose_country(dialog, country)
    assert dialog.doc_language.currentData() == language
    assert dialog.currency.currentText() == currency


def test_a_currency_chosen_by_hand_is_kept_when_the_country_changes(qtbot, db) -> None:
    dialog = ClientDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    line = dialog.currency.lineEdit()
    line.clear()
    qtbot.keyClicks(line, "USD")
    choose_country(dialog, "ES")
    assert dialog.currency.currentText() == "USD"  # the person's choice stays
    assert dialog.doc_language.currentData() == "es"  # the language was not chosen
    # A language chosen by hand stays too.
    dialog.doc_language.setFocus()
    qtbot.keyClick(dialog.doc_language, Qt.Key.Key_Up)  # Español -> English
    assert dialog.doc_language.currentData() == "en"
    choose_country(dialog, "MX")
    assert (dialog.doc_language.currentData(), dialog.currency.currentText()) == ("en", "USD")


def test_an_existing_clients_own_choice_survives_a_new_country(qtbot, db) -> None:
    chosen = client("Kauri Software", country="NZ", doc_language="ru", currency="USD")
    dialog = ClientDialog(client_id=chosen.id)
    qtbot.addWidget(dialog)
    choose_country(dialog, "ES")
    assert (dialog.doc_language.currentData(), dialog.currency.currentText()) == ("ru", "USD")
    plain = client("Toro Soluciones", country="NZ", doc_language="en", currency="NZD")
    dialog = ClientDialog(client_id=plain.id)
    qtbot.addWidget(dialog)
    choose_country(dialog, "ES")
    assert (dialog.doc_language.currentData(), dialog.currency.currentText()) == ("es", "EUR")


def test_renew_dialog_says_when_the_subscription_is_gone(qtbot, ctx: DeskContext) -> None:
    """Another desk removes the subscription while the dialog is open: a language
    switch (which redraws the preview) says so instead of raising."""
    from b24desk import i18n

    c = client("Gone Ltd")
    sub = m.Subscription.create(client=c.id, plan=plan("basic"), term_months=12)
    renew = RenewDialog(sub.id, today(ctx))
    qtbot.addWidget(renew)
    m.Subscription.delete().where(m.Subscription.id == sub.id).execute()
    i18n.set_language("es")
    try:
        renew.retranslate()
        assert renew.period.text() == "La suscripción ya no existe."
    finally:
        i18n.set_language("en")
