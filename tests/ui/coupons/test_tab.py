"""The Coupons tab (:mod:`b24desk.ui.coupons.tab`), driven as a user would: table
texts and colours, filters, a coupon's life through the tab's buttons."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import peewee
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QDialog

from b24desk import i18n
from b24desk.clock import FixedClock
from b24desk.domain.lifecycle import add_months
from b24desk.store import models as m
from b24desk.ui import forms, palette
from b24desk.ui.context import DeskContext
from b24desk.ui.coupons.dialogs import ActivateDialog, AssignDialog
from b24desk.ui.coupons.purchase import PurchaseDialog
from b24desk.ui.coupons.tab import CouponsTab, build_tab, coupon_columns
from b24desk.ui.pickers import ClientPicker
from tests.ui.coupons.helpers import buy, make_plan, popup_warnings, set_partner

COLUMNS = [c.key for c in coupon_columns()]


# --------------------------------------------------------------------------- factory


def tint(tone: palette.Tone) -> str:
    """The background a row or cell of that meaning gets on the current palette."""
    return palette.background(tone).name()


@pytest.fixture
def office(db: peewee.Database) -> dict[str, Any]:
    set_partner("silver")
    return {
        "standard": make_plan("standard", "Bitrix24 Standard"),
        "acme": m.Client.create(company="Acme Ltd", portal_url="https://acme.bitrix24.com"),
        "bare": m.Client.create(company="Bare Bones", portal_url=""),
    }


def make_tab(qtbot: Any, ctx: DeskContext) -> CouponsTab:
    tab = build_tab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    return tab


def cell(tab: CouponsTab, row: int, key: str) -> str:
    return tab.model.data(tab.model.index(row, COLUMNS.index(key)))


def background(tab: CouponsTab, row: int, key: str = "code") -> str | None:
    brush = tab.model.data(tab.model.index(row, COLUMNS.index(key)), Qt.ItemDataRole.BackgroundRole)
    return brush.color().name() if isinstance(brush, QBrush) else None


def row_of(tab: CouponsTab, code: str) -> int:
    for row in range(tab.model.rowCount()):
        if cell(tab, row, "code") == code:
            return row
    raise AssertionError(f"{code} not in the table")


def select(tab: CouponsTab, code: str) -> None:
    tab.view.setCurrentIndex(tab.model.index(row_of(tab, code), 0))


def driving(fill: Callable[[Any], None], seen: list[Any]) -> Callable[[QDialog], int]:
    """An exec_dialog stand-in: fill the dialog like a user, press OK."""

    def run(dialog: QDialog) -> int:
        seen.append(dialog)
        dialog.show()
        fill(dialog)
        dialog.try_accept()  # type: ignore[attr-defined]
        return dialog.result()

    return run


def pick_client(qtbot: Any, picker: ClientPicker, typed: str, row: int = 0) -> None:
    """Type part of a name and choose a suggestion from the popup with the keyboard."""
    picker.setFocus()
    qtbot.keyClicks(picker, typed)
    popup = picker.completer_.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    popup.setCurrentIndex(picker.completer_.completionModel().index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)


# --------------------------------------------------------------------------- tests


def test_table_model_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    today = ctx.clock.today()
    for i in range(30):
        buy(office["standard"], today, age=i % 10, code=f"B24-MANY-{i:04d}")
    tab = make_tab(qtbot, ctx)
    qtmodeltester.check(tab.model)
    assert tab.model.rowCount() == 30
    assert tab.count_text(tab.model.rowCount()) == "30 coupons"
    assert cell(tab, 0, "purchased") == i18n.format_date(today)  # newest first


@popup_warnings
def test_coupon_from_purchase_to_activation(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    today = ctx.clock.today()
    tab = make_tab(qtbot, ctx)
    assert not tab.assign_button.isEnabled()

    def fill_purchase(d: PurchaseDialog) -> None:
        qtbot.keyClicks(d.code, "b24-new-0001")
        d.product.setCurrentIndex(d.product.findData("cloud_subscription"))
        d.plan.setCurrentIndex(d.plan.findText("Bitrix24 Standard"))
        d.currency.setCurrentIndex(d.currency.findData("NZD"))
        d.term.setCurrentIndex(d.term.findData(12))
        assert d.seats.value() == 50  # from the plan
        assert d.list_price.text() == "2388.00"  # 199 a month × 12
        assert d.quote_label.text() == "Partner cost: $1,432.80 (40% discount, bonus $0.00)"
        d.term.setCurrentIndex(d.term.findData(6))
        assert d.list_price.text() == "1194.00"
        d.list_price.clear()
        qtbot.keyClicks(d.list_price, "1000")
        assert d.quote_label.text() == "Partner cost: $600.00 (40% discount, bonus $0.00)"

    dialogs: list[Any] = []
    tab.exec_dialog = driving(fill_purchase, dialogs)
    tab.new_record()
    coupon = m.Coupon.get(m.Coupon.code == "B24-NEW-0001")
    assert (coupon.partner_cost, coupon.term_months, coupon.currency) == (
        Decimal("600.00"),
        6,
        "NZD",
    )
    row = row_of(tab, "B24-NEW-0001")
    assert cell(tab, row, "state") == "In stock"
    assert cell(tab, row, "days_left") == "7 days left"
    assert cell(tab, row, "partner_cost") == "$600.00"
    assert cell(tab, row, "term") == "6 months"
    assert tab.current_id() == coupon.id  # the new coupon is selected
    assert tab.assign_button.isEnabled() and not tab.activate_button.isEnabled()

    def fill_assign(d: AssignDialog) -> None:
        pick_client(qtbot, d.client, "acm")
        assert d.client.text() == "Acme Ltd"

    tab.exec_dialog = driving(fill_assign, dialogs)
    tab.assign_button.click()
    row = row_of(tab, "B24-NEW-0001")
    assert cell(tab, row, "state") == "Assigned"
    assert cell(tab, row, "client") == "Acme Ltd"
    select(tab, "B24-NEW-0001")
    assert tab.activate_button.isEnabled() and not tab.assign_button.isEnabled()

    activated = today

    def fill_activate(d: ActivateDialog) -> None:
        d.activated_on.setDate(QDate(activated.year, activated.month, activated.day))

    tab.exec_dialog = driving(fill_activate, dialogs)
    tab.activate_button.click()
    row = row_of(tab, "B24-NEW-0001")
    assert cell(tab, row, "state") == "Activated"
    assert cell(tab, row, "days_left") == "\u2014"
    assert background(tab, row) is None
    sub = m.Subscription.get(m.Subscription.coupon == coupon.id)
    assert sub.client_id == office["acme"].id
    assert sub.starts_on == activated
    assert sub.paid_until == add_months(today, 6) - timedelta(days=1)  # 20 Nov → 19 May
    assert sub.portal_url == "https://acme.bitrix24.com"


def test_deadline_turns_amber_then_red(
    qtbot: Any, ctx: DeskContext, clock: FixedClock, office: dict[str, Any]
) -> None:
    today = ctx.clock.today()
    buy(office["standard"], today, age=5, code="B24-DAY5-0001")
    buy(office["standard"], today, age=1, code="B24-DAY1-0001")
    tab = make_tab(qtbot, ctx)
    row = row_of(tab, "B24-DAY5-0001")
    assert cell(tab, row, "days_left") == "2 days left"
    assert background(tab, row) == tint("warning")
    assert background(tab, row, "bonus_used") == tint("warning")  # the whole row
    assert background(tab, row_of(tab, "B24-DAY1-0001")) is None
    box = tab.filter_boxes["state"]
    box.setCurrentIndex(box.findData("attention"))
    assert tab.model.rowCount() == 1
    box.setCurrentIndex(0)

    clock.set(clock.now() + timedelta(days=3))  # day 8 after purchase
    tab.on_shown()
    row = row_of(tab, "B24-DAY5-0001")
    assert m.Coupon.get(m.Coupon.code == "B24-DAY5-0001").state == "expired"
    assert cell(tab, row, "state") == "Expired"
    assert cell(tab, row, "days_left") == "expired"
    assert background(tab, row) == tint("danger")
    assert cell(tab, row_of(tab, "B24-DAY1-0001"), "days_left") == "3 days left"
    select(tab, "B24-DAY5-0001")
    assert not tab.assign_button.isEnabled() and tab.void_button.isEnabled()


def test_void_asks_first(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    buy(office["standard"], ctx.clock.today())
    tab = make_tab(qtbot, ctx)
    select(tab, "B24-TEST-0001")
    dialogs: list[Any] = []
    tab.exec_dialog = driving(lambda d: qtbot.keyClicks(d.reason, "bought twice"), dialogs)
    monkeypatch.setattr(forms, "confirm", lambda *_args: False)
    tab.void_button.click()
    assert dialogs == []
    assert cell(tab, 0, "state") == "In stock"
    monkeypatch.setattr(forms, "confirm", lambda *_args: True)
    tab.void_button.click()
    assert cell(tab, 0, "state") == "Void"
    assert background(tab, 0) == tint("muted")
    assert m.Coupon.get().note == "Void: bought twice"


def test_search_and_product_filter(qtbot: Any, ctx: DeskContext, office: dict[str, Any]) -> None:
    today = ctx.clock.today()
    buy(office["standard"], today, code="B24-FIRST-001", note="Wellington branch")
    buy(office["standard"], today, code="B24-SECOND-01", product="renewal")
    tab = make_tab(qtbot, ctx)
    with qtbot.waitSignal(tab.countChanged, timeout=2000) as blocker:
        qtbot.keyClicks(tab.search, "wellington")
    assert blocker.args == [1]
    tab.search.clear()
    tab.apply_search()
    box = tab.filter_boxes["product"]
    assert box.itemText(box.findData("renewal")) == "Renewal"
    box.setCurrentIndex(box.findData("renewal"))
    assert tab.model.rowCount() == 1
    assert cell(tab, 0, "product") == "Renewal"


def test_language_switch_retranslates(qtbot: Any, ctx: DeskContext, office: dict[str, Any]) -> None:
    tab = make_tab(qtbot, ctx)
    ctx.language.set_language("es")
    assert tab.record_button.text() == i18n._("Record purchase…")
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == i18n._("Code")
    assert tab.filter_labels[0].text() == i18n._("State:")


def test_layout_fits_1280_wide(qtbot: Any, ctx: DeskContext, office: dict[str, Any]) -> None:
    buy(office["standard"], ctx.clock.today())
    tab = make_tab(qtbot, ctx)
    header = tab.view.horizontalHeader()
    total = sum(header.sectionSize(i) for i in range(header.count()))
    assert total <= tab.view.viewport().width()
    assert tab.view.horizontalScrollBar().maximum() == 0


def test_enter_opens_the_next_step(qtbot: Any, ctx: DeskContext, office: dict[str, Any]) -> None:
    today = ctx.clock.today()
    buy(office["standard"], today, code="B24-STOCK-001")
    buy(office["standard"], today, code="B24-GIVEN-001", client=office["acme"].id)
    tab = make_tab(qtbot, ctx)
    opened: list[Any] = []
    tab.exec_dialog = lambda dialog: opened.append(type(dialog).__name__) or 0
    tab.view.setFocus()
    for code in ("B24-STOCK-001", "B24-GIVEN-001"):
        select(tab, code)
        qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert opened == ["AssignDialog", "ActivateDialog"]
