"""The Coupons tab's detail pane (:mod:`b24desk.ui.coupons.detail`): the selected
coupon's fields, its state with its date, money and history; a hint when none."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from b24desk.i18n import format_date, format_money
from b24desk.store import coupons as store
from b24desk.ui.context import DeskContext
from tests.ui.coupons.test_tab import buy, make_tab, office, select

__all__ = ["office"]  # the fixture, shared with the tab's tests


def shown(tab: Any, name: str) -> str:
    return tab.detail_pane.values[name].text()


def test_detail_pane_shows_the_selected_coupon(
    qtbot, ctx: DeskContext, office: dict[str, Any]
) -> None:
    today = ctx.clock.today()
    sold = buy(office["standard"], today, age=2, code="B24-TEST-0001", order_ref="ORD-7")
    # A code that holds the first one: its history must not show under the first.
    other = buy(office["standard"], today, age=2, code="B24-TEST-00012")
    stock = buy(office["standard"], today, age=1, code="B24-TEST-0002")
    store.assign_coupon(
        sold.id,
        office["acme"].id,
        Decimal("900"),
        "loyal client",
        expected_version=sold.version,
        assigned_on=today - timedelta(days=1),
    )
    store.assign_coupon(
        other.id, office["acme"].id, expected_version=other.version, assigned_on=today
    )
    tab = make_tab(qtbot, ctx)
    pane = tab.detail_pane
    assert pane.stack.currentWidget() is pane.empty_label  # nothing selected yet
    assert pane.empty_label.isVisible()
    assert pane.empty_label.text().startswith("Choose a coupon")
    # Below the table, which keeps the window's width for its twelve columns.
    table_bottom = tab.view.mapTo(tab, tab.view.rect().bottomLeft()).y()
    assert pane.mapTo(tab, pane.rect().topLeft()).y() > table_bottom
    assert tab.view.width() > tab.width() * 0.9

    select(tab, "B24-TEST-0001")
    assert pane.title.text() == "B24-TEST-0001"
    assert shown(tab, "product") == "Cloud subscription"
    assert shown(tab, "plan") == "Bitrix24 Standard, 50 users · 12 months"
    assert shown(tab, "state") == f"Assigned on {format_date(today - timedelta(days=1))}"
    assert shown(tab, "purchased") == format_date(today - timedelta(days=2))
    assert shown(tab, "deadline") == format_date(today + timedelta(days=5))  # 7 days
    assert shown(tab, "client") == "Acme Ltd"
    assert shown(tab, "list_price") == format_money(Decimal("1000"), "USD")
    assert shown(tab, "price") == f"{format_money(Decimal('900'), 'USD')} (loyal client)"
    cost = store.get_coupon(sold.id).partner_cost
    assert Decimal("0") < cost < Decimal("1000")  # the silver discount
    assert shown(tab, "partner_cost") == format_money(cost, "USD")
    assert shown(tab, "margin") == format_money(Decimal("900") - cost, "USD")
    assert shown(tab, "order_ref") == "ORD-7"
    history = pane.history.text()
    assert "Coupon B24-TEST-0001 assigned" in history
    assert "B24-TEST-00012" not in history

    select(tab, "B24-TEST-0002")  # in stock: no client, no history yet
    assert pane.title.text() == "B24-TEST-0002"
    assert shown(tab, "state") == f"In stock since {format_date(stock.purchased_on)}"
    assert shown(tab, "client") == "in stock"
    assert shown(tab, "price") == format_money(Decimal("1000"), "USD")
    assert shown(tab, "margin") == format_money(Decimal("1000") - stock.partner_cost, "USD")
    assert pane.history.text() == "Nothing recorded yet for this coupon."


def test_detail_pane_follows_changes_and_an_empty_list(
    qtbot, ctx: DeskContext, office: dict[str, Any]
) -> None:
    today = ctx.clock.today()
    coupon = buy(office["standard"], today, age=9, code="B24-LATE-0001")  # past its 7 days
    tab = make_tab(qtbot, ctx)
    select(tab, "B24-LATE-0001")
    pane = tab.detail_pane
    deadline = today - timedelta(days=2)  # bought 9 days ago: the last day was 2 days ago
    assert shown(tab, "state") == f"Expired since {format_date(deadline + timedelta(days=1))}"
    version = store.get_coupon(coupon.id).version
    store.void_coupon(coupon.id, "bought twice", expected_version=version)
    qtbot.waitUntil(lambda: shown(tab, "state") == "Void", timeout=3000)
    assert "bought twice" in shown(tab, "note")
    assert shown(tab, "deadline") == "—"
    tab.search.setText("no such coupon")
    tab.apply_search()
    qtbot.waitUntil(lambda: pane.stack.currentWidget() is pane.empty_label, timeout=3000)
