"""Recording a purchase (:mod:`b24desk.ui.coupons.purchase`), driven as a user
would: the live partner cost and bonus, refused input shown beside its field."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from b24desk import i18n
from b24desk.store import models as m
from b24desk.ui.context import DeskContext
from b24desk.ui.coupons.common import term_text
from b24desk.ui.coupons.purchase import PurchaseDialog
from b24desk.ui.pickers import ClientPicker
from tests.ui.coupons.helpers import buy, make_plan, popup_warnings, set_partner

# --------------------------------------------------------------------------- factory


@pytest.fixture
def office(db: peewee.Database) -> dict[str, Any]:
    set_partner("silver")
    return {
        "standard": make_plan("standard", "Bitrix24 Standard"),
        "acme": m.Client.create(company="Acme Ltd", portal_url="https://acme.bitrix24.com"),
        "bare": m.Client.create(company="Bare Bones", portal_url=""),
    }


def pick_client(qtbot: Any, picker: ClientPicker, typed: str, row: int = 0) -> None:
    """Type part of a name and choose a suggestion from the popup with the keyboard."""
    picker.setFocus()
    qtbot.keyClicks(picker, typed)
    popup = picker.completer_.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    popup.setCurrentIndex(picker.completer_.completionModel().index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)


@popup_warnings
def test_bonus_in_the_purchase_dialog(qtbot: Any, ctx: DeskContext, office: dict[str, Any]) -> None:
    today = ctx.clock.today()
    m.Bonus.create(
        kind="kickstart",
        amount=Decimal("100"),
        credited_on=today - timedelta(days=30),
        expires_on=today + timedelta(days=60),
    )
    dialog = PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.code, "B24-BONUS-001")
    dialog.currency.setCurrentIndex(dialog.currency.findData("USD"))
    dialog.list_price.clear()
    qtbot.keyClicks(dialog.list_price, "50")
    assert dialog.use_bonus.text() == "Use bonus (available: US$100.00)"
    assert not dialog.use_bonus.isEnabled()  # not declared a new client
    dialog.new_client.setChecked(True)
    assert dialog.use_bonus.isEnabled()
    dialog.use_bonus.setChecked(True)
    # 50 − 40 % = 30: the bonus pays 20, at least 10 stays paid in money.
    assert dialog.quote_label.text() == "Partner cost: US$10.00 (40% discount, bonus US$20.00)"
    dialog.product.setCurrentIndex(dialog.product.findData("renewal"))
    dialog.list_price.clear()
    qtbot.keyClicks(dialog.list_price, "50")
    assert not dialog.use_bonus.isEnabled()
    assert dialog.quote_label.text() == "Partner cost: US$30.00 (40% discount, bonus US$0.00)"
    dialog.product.setCurrentIndex(dialog.product.findData("cloud_subscription"))
    dialog.list_price.clear()
    qtbot.keyClicks(dialog.list_price, "50")
    # 001 §9: "When placing an order for cloud subscription using kickstart bonuses
    # it's required to enter a client's Bitrix24 account URL."
    assert "Bitrix24 account URL" in dialog.error_of("client")  # said before saving
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Bitrix24 account URL" in dialog.error_of("client")
    assert m.Coupon.select().count() == 0 and m.Bonus.get().used == 0
    pick_client(qtbot, dialog.client, "acme")  # a new client with its portal URL
    assert dialog.error_of("client") == ""
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    coupon = m.Coupon.get(m.Coupon.code == "B24-BONUS-001")
    assert (coupon.bonus_used, coupon.partner_cost) == (Decimal("20.00"), Decimal("10.00"))
    assert m.Bonus.get().used == Decimal("20.00")


def test_bronze_before_the_tutorial_pays_list(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    set_partner("bronze", tutorial=False)
    dialog = PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.currency.setCurrentIndex(dialog.currency.findData("USD"))
    dialog.list_price.setText("1000")
    assert dialog.quote_label.text() == "Partner cost: US$1,000.00 (0% discount, bonus US$0.00)"
    set_partner("bronze", tutorial=True)
    dialog = PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.currency.setCurrentIndex(dialog.currency.findData("USD"))
    dialog.list_price.setText("1000")
    assert dialog.quote_label.text() == "Partner cost: US$800.00 (20% discount, bonus US$0.00)"


def test_duplicate_code_is_shown_beside_the_code(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    buy(office["standard"], ctx.clock.today(), code="B24-DUP-0001")
    dialog = PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.code, "b24-dup-0001")
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "already in use" in dialog.error_of("code")
    assert dialog.code.text() == "b24-dup-0001"
    assert m.Coupon.select().count() == 1


def test_future_purchase_date_is_refused(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    dialog = PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.purchased_on.calendarPopup()
    qtbot.keyClicks(dialog.code, "B24-LATER-001")
    ctx.clock.set(ctx.clock.now() - timedelta(days=2))  # type: ignore[attr-defined]
    dialog.try_accept()
    assert "must not be in the future" in dialog.error_of("purchased_on")


def test_no_price_in_the_currency_leaves_the_price_empty(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    m.Bonus.create(
        kind="award",
        amount=Decimal(1),
        currency="EUR",
        credited_on=date(2026, 1, 1),
        expires_on=date(2026, 12, 31),
    )
    dialog = PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.currency.setCurrentIndex(dialog.currency.findData("USD"))
    assert dialog.list_price.text() == "1488.00"  # 124 × 12
    dialog.currency.setCurrentIndex(dialog.currency.findData("EUR"))
    assert dialog.list_price.text() == ""
    assert dialog.quote_label.text() == "Partner cost: \u2014 (enter the list price)"


def test_terms_are_written_as_plurals(qtbot: Any, ctx: DeskContext, office: dict[str, Any]) -> None:
    """Issue #15: "1 month", not "1 months"; Russian has three forms."""
    dialog = PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    terms = [dialog.term.itemText(i) for i in range(dialog.term.count())]
    assert terms == ["1 month", "3 months", "6 months", "12 months", "24 months"]
    try:
        i18n.set_language("ru")
        dialog.retranslate()
        terms = [dialog.term.itemText(i) for i in range(dialog.term.count())]
        assert terms == ["1 месяц", "3 месяца", "6 месяцев", "12 месяцев", "24 месяца"]
        assert [term_text(n) for n in (1, 2, 5, 21)] == [
            "1 месяц", "2 месяца", "5 месяцев", "21 месяц",
        ]  # fmt: skip
    finally:
        i18n.set_language("en")


def test_the_list_price_keeps_its_decimals_as_typed(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    """Issue #15: prices keep their decimals as typed; the quote is Decimal money."""
    dialog = PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.currency.setCurrentIndex(dialog.currency.findData("USD"))
    for typed in ("12.5", "1234.567"):
        dialog.list_price.clear()
        qtbot.keyClicks(dialog.list_price, typed)
        assert dialog.list_price.text() == typed
    dialog.list_price.clear()
    qtbot.keyClicks(dialog.list_price, "12.5")
    # Silver (the fixture): 40 % off 12.50 is 7.50, to the cent.
    assert dialog.quote_label.text().startswith("Partner cost: US$7.50 (40% discount")
    assert dialog.list_price.text() == "12.5"


def test_the_new_client_text_wraps_beside_its_box_and_ticks_it(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    """Issue #15: the Russian "Для нового клиента (ранее не имел платной подписки
    Bitrix24)" was cut when the dialog stayed narrower than the check box's text; the
    text now wraps beside a text-less box, is its accessible name, and a click on it
    ticks the box as a click on a check box's own text does."""
    i18n.set_language("ru")
    try:
        dialog = PurchaseDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.resize(dialog.minimumWidth(), dialog.height())
        dialog.show()
        qtbot.wait(20)
        text = dialog.new_client_text
        assert text.text() == "Для нового клиента (ранее не имел платной подписки Bitrix24)"
        assert dialog.new_client.text() == ""
        assert dialog.new_client.accessibleName() == text.text()
        assert text.wordWrap() and text.heightForWidth(text.width()) <= text.height()
        assert text.geometry().right() <= dialog.width()
        qtbot.mouseClick(text, Qt.MouseButton.LeftButton)
        assert dialog.new_client.isChecked() and dialog.use_bonus.isVisible()
        qtbot.mouseClick(text, Qt.MouseButton.LeftButton)
        assert not dialog.new_client.isChecked()
    finally:
        i18n.set_language("en")
