"""The coupon dialogs against the seeds (issue 12): the updates renewal's price
(002: 22 % / 60 %), the 25-user minimum (002), the portal URL a bonus needs
(001 §9/§10), and the automatic activation of on-premise keys (002)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import peewee
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from b24desk.store import models as m
from b24desk.ui.context import DeskContext
from b24desk.ui.coupons.purchase import PurchaseDialog
from b24desk.ui.coupons.tab import build_tab, coupon_columns
from tests.ui.coupons.helpers import popup_warnings


def pick_client(qtbot: Any, picker: Any, typed: str) -> None:
    picker.setFocus()
    qtbot.keyClicks(picker, typed)
    popup = picker.completer_.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    popup.setCurrentIndex(picker.completer_.completionModel().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)


@pytest.fixture
def office(db: peewee.Database) -> dict[str, Any]:
    m.PartnerProfile.update(status="silver").where(m.PartnerProfile.id == 1).execute()
    m.CourseCompletion.create(course="tutorial", completed_on=date(2026, 1, 10))
    edition = m.Plan.create(
        code="business", name="Business (on-premise)", kind="on_premise", seats=50
    )
    m.PlanPrice.create(plan=edition, currency="USD", price=Decimal("1490"))
    cloud = m.Plan.create(code="standard", name="Bitrix24 Standard", kind="cloud", seats=50)
    m.PlanPrice.create(plan=cloud, currency="USD", price=Decimal("124"))
    selfhost = m.Client.create(
        company="Selfhost SA", portal_url="https://intranet.selfhost.es", hosting="self_hosted"
    )
    return {
        "edition": edition,
        "cloud": cloud,
        "selfhost": selfhost,
        "bare": m.Client.create(company="Bare Bones", portal_url=""),
    }


def purchase_dialog(qtbot: Any, ctx: DeskContext, product: str) -> PurchaseDialog:
    dialog = PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.currency.setCurrentIndex(dialog.currency.findData("USD"))
    dialog.product.setCurrentIndex(dialog.product.findData(product))
    return dialog


@popup_warnings
def test_dialog_suggests_22_or_60_percent_from_the_licenses_lapse(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    """002: "El costo de esta extensión de suscripción es del 22% si se realiza en los
    primeros 30 días de vencida la licencia original y del 60% del valor de la
    licencia si la compra del cupón se realiza después de los 30 días".
    Covered through 20 Oct 2026: bought 19 Nov (day 30) 22 %, 20 Nov (day 31) 60 %."""
    m.Subscription.create(
        client=office["selfhost"],
        plan=office["edition"],
        kind="on_premise",
        portal_url="https://intranet.selfhost.es",
        seats=50,
        license_price=Decimal("1490"),
        currency="USD",
        updates_until=date(2026, 10, 20),
    )
    dialog = purchase_dialog(qtbot, ctx, "updates_renewal")
    assert dialog.renewal_hint.isVisible()
    assert dialog.renewal_hint.text() == (
        "Choose the client whose license is renewed: the renewal costs 22% of the license "
        "within 30 days after its updates lapsed, 60% later."
    )
    assert dialog.list_price.text() == ""  # no 22 % made up without the license
    qtbot.keyClicks(dialog.code, "B24-UPD-0001")
    pick_client(qtbot, dialog.client, "selfh")
    assert dialog.purchased_on.date() == QDate(2026, 11, 20)
    assert dialog.list_price.text() == "894.00"  # day 31: 60 % of 1 490
    assert dialog.renewal_hint.text() == (
        "Updates lapsed after 20 Oct 2026; bought 31 days later: 60% of US$1,490.00 "
        "(22% through 19 Nov 2026)."
    )
    dialog.purchased_on.setDate(QDate(2026, 11, 19))
    assert dialog.list_price.text() == "327.80"  # day 30: 22 % of 1 490
    assert "22%" in dialog.renewal_hint.text() and "30 days later" in dialog.renewal_hint.text()
    dialog.purchased_on.setDate(QDate(2026, 11, 20))
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    coupon = m.Coupon.get(m.Coupon.code == "B24-UPD-0001")
    assert coupon.list_price == Decimal("894.00")
    dialog.product.setCurrentIndex(dialog.product.findData("cloud_subscription"))
    assert not dialog.renewal_hint.isVisible()


@popup_warnings
def test_dialog_refuses_an_onprem_key_under_25_users_beside_the_seats(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    """002: "no es posible comprar una licencia con menos de 25 usuarios": 24 is
    refused beside the seats, 25 is recorded."""
    dialog = purchase_dialog(qtbot, ctx, "onprem_key")
    qtbot.keyClicks(dialog.code, "B24-KEY-0001")
    assert dialog.seats.value() == 50  # the edition's included users
    dialog.seats.setValue(24)
    dialog.list_price.setText("1490")
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "at least 25 users" in dialog.error_of("seats")
    assert m.Coupon.select().count() == 0
    dialog.seats.setValue(25)
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert m.Coupon.get(m.Coupon.code == "B24-KEY-0001").seats == 25


def _key(office: dict[str, Any], code: str, bought: date, client: bool = True) -> int:
    return m.Coupon.create(
        code=code, product="onprem_key", plan=office["edition"], seats=50, purchased_on=bought,
        currency="USD", list_price=Decimal("1490"), partner_cost=Decimal("894"),
        client=office["selfhost"] if client else None,
        state="assigned" if client else "in_stock",
    ).id  # fmt: skip


def test_coupons_tab_shows_and_applies_the_automatic_activation(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    """002: "Si la licencia no ha sido activada durante ese periodo [6 meses], se
    activará automáticamente." Today is 20 Nov 2026: a key bought 20 May still may
    be activated today (shown: activates itself on 20 Nov); one bought 19 May
    activated itself yesterday and is marked so when the tab opens."""
    waiting = _key(office, "B24-KEY-WAIT", date(2026, 5, 20))
    passed = _key(office, "B24-KEY-PAST", date(2026, 5, 19))
    stock = _key(office, "B24-KEY-STCK", date(2026, 5, 19), client=False)
    tab = build_tab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    columns = [c.key for c in coupon_columns()]
    shown, tips = {}, {}
    for row in range(tab.model.rowCount()):
        code = tab.model.data(tab.model.index(row, columns.index("code")))
        cell = tab.model.index(row, columns.index("days_left"))
        shown[code] = (
            tab.model.data(cell),
            tab.model.data(tab.model.index(row, columns.index("state"))),
        )
        tips[code] = tab.model.data(cell, Qt.ItemDataRole.ToolTipRole)
    # Its 7 days are long gone (expired), but it still activates itself today.
    assert shown["B24-KEY-WAIT"] == ("20 Nov 2026 (activates itself)", "Expired")
    assert "activates itself on 20 Nov 2026, six months after its purchase" in tips["B24-KEY-WAIT"]
    assert shown["B24-KEY-PAST"] == ("\u2014", "Activated")
    # In stock: no client's license to start, so not marked; the date says it passed.
    assert shown["B24-KEY-STCK"] == ("19 Nov 2026 (activated itself)", "Expired")
    assert m.Coupon.get_by_id(stock).activated_on is None
    assert tips["B24-KEY-PAST"] == "Activated on 19 Nov 2026"
    assert m.Coupon.get_by_id(waiting).activated_on is None
    assert m.Coupon.get_by_id(passed).activated_on == date(2026, 11, 19)
    assert m.Subscription.get(m.Subscription.coupon == passed).updates_until == date(2027, 11, 18)


def test_today_shows_keys_that_activate_themselves_soon(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    from b24desk.ui.today import TodayTab

    _key(office, "B24-KEY-SOON", date(2026, 6, 20))  # activates itself 20 Dec: in 30 days
    _key(office, "B24-KEY-LATER", date(2026, 6, 21))  # 21 Dec: 31 days, not yet
    passed = _key(office, "B24-KEY-PAST", date(2026, 5, 19))
    tab = TodayTab(ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    rows = dict(tab.section_rows("coupons"))
    assert rows == {
        "B24-KEY-SOON": "Selfhost SA: the on-premise key activates itself on 20 Dec 2026 "
        "(in 30 days)"
    }
    assert m.Coupon.get_by_id(passed).state == "activated"  # marked while computing


@popup_warnings
def test_bonus_spent_by_another_desk_meanwhile_is_refused_beside_the_bonus(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any], other_desk: Any
) -> None:
    """Issue 13.2: the balance is read again under the lock; what this desk showed
    was spent by the other desk, so nothing is saved and the new balance shows."""
    bonus = m.Bonus.create(
        kind="kickstart", amount=Decimal("100"), credited_on=date(2026, 11, 1),
        expires_on=date(2027, 1, 29),
    )  # fmt: skip
    fresh = m.Client.create(company="Fresh Start", portal_url="https://fresh.bitrix24.es")
    dialog = purchase_dialog(qtbot, ctx, "cloud_subscription")
    qtbot.keyClicks(dialog.code, "B24-BONUS-RACE")
    pick_client(qtbot, dialog.client, "fresh")
    dialog.use_bonus.setChecked(True)
    assert "bonus US$100.00" in dialog.quote_label.text()
    other_desk("UPDATE bonus SET used = amount WHERE id = ?", bonus.id)  # spent there
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_of("use_bonus") == (
        "The bonus balance changed meanwhile: check the figures again."
    )
    assert m.Coupon.select().count() == 0
    assert dialog.use_bonus.text() == "Use bonus (available: US$0.00)"
    assert fresh.id == dialog.client.choice().id
