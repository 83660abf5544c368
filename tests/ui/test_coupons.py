"""The Coupons tab, driven as a user would: dialogs, table texts and colours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
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
from b24desk.store import coupons as store
from b24desk.store import models as m
from b24desk.ui import coupons as ui
from b24desk.ui import palette
from b24desk.ui.context import DeskContext

COLUMNS = [c.key for c in ui.coupon_columns()]

#: The completer's popup asks the offscreen test platform for what it cannot do.
popup_warnings = pytest.mark.qt_log_ignore(
    r"This plugin does not support raise\(\)",
    "This plugin does not support grabbing the keyboard",
)


# --------------------------------------------------------------------------- factory


def tint(tone: palette.Tone) -> str:
    """The background a row or cell of that meaning gets on the current palette."""
    return palette.background(tone).name()


def make_plan(code: str, name: str, kind: str = "cloud", seats: int | None = 50, **prices: str):
    plan = m.Plan.create(code=code, name=name, kind=kind, seats=seats, storage_gb=100)
    for currency, price in (prices or {"NZD": "199", "USD": "124"}).items():
        m.PlanPrice.create(plan=plan, currency=currency, price=Decimal(price))
    return plan


def set_partner(status: str, tutorial: bool = True) -> None:
    m.PartnerProfile.update(status=status).where(m.PartnerProfile.id == 1).execute()
    m.CourseCompletion.delete().execute()
    if tutorial:
        m.CourseCompletion.create(course="tutorial", completed_on=date(2026, 1, 10))


@pytest.fixture
def office(db: peewee.Database) -> dict[str, Any]:
    set_partner("silver")
    return {
        "standard": make_plan("standard", "Bitrix24 Standard"),
        "acme": m.Client.create(company="Acme Ltd", portal_url="https://acme.bitrix24.com"),
        "bare": m.Client.create(company="Bare Bones", portal_url=""),
    }


def buy(plan: m.Plan, today: date, age: int = 0, code: str = "B24-TEST-0001", **kw: Any):
    data = {
        "code": code,
        "product": "cloud_subscription",
        "plan": plan.id,
        "term_months": 12,
        "seats": 50,
        "purchased_on": today - timedelta(days=age),
        "list_price": Decimal("1000"),
        "currency": "USD",
        **kw,
    }
    return store.record_purchase(data, today)


def make_tab(qtbot: Any, ctx: DeskContext) -> ui.CouponsTab:
    tab = ui.build_tab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    return tab


def cell(tab: ui.CouponsTab, row: int, key: str) -> str:
    return tab.model.data(tab.model.index(row, COLUMNS.index(key)))


def background(tab: ui.CouponsTab, row: int, key: str = "code") -> str | None:
    brush = tab.model.data(tab.model.index(row, COLUMNS.index(key)), Qt.ItemDataRole.BackgroundRole)
    return brush.color().name() if isinstance(brush, QBrush) else None


def row_of(tab: ui.CouponsTab, code: str) -> int:
    for row in range(tab.model.rowCount()):
        if cell(tab, row, "code") == code:
            return row
    raise AssertionError(f"{code} not in the table")


def select(tab: ui.CouponsTab, code: str) -> None:
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


def pick_client(qtbot: Any, picker: ui.ClientPicker, typed: str, row: int = 0) -> None:
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

    def fill_purchase(d: ui.PurchaseDialog) -> None:
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

    def fill_assign(d: ui.AssignDialog) -> None:
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

    def fill_activate(d: ui.ActivateDialog) -> None:
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


@popup_warnings
def test_cloud_coupon_refused_for_client_without_portal(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    coupon = buy(office["standard"], ctx.clock.today())
    dialog = ui.AssignDialog(ctx, coupon)
    qtbot.addWidget(dialog)
    dialog.show()
    pick_client(qtbot, dialog.client, "bare")
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Bare Bones has no portal URL" in dialog.error_of("client")
    assert dialog.client.text() == "Bare Bones"  # the input is kept
    assert m.Coupon.get_by_id(coupon.id).state == "in_stock"


@popup_warnings
def test_resale_below_list_needs_a_reason(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    coupon = buy(office["standard"], ctx.clock.today())
    dialog = ui.AssignDialog(ctx, coupon)
    qtbot.addWidget(dialog)
    dialog.show()
    pick_client(qtbot, dialog.client, "acme")
    qtbot.keyClicks(dialog.resale_price, "900")
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "below the list price" in dialog.error_of("resale_reason")
    qtbot.keyClicks(dialog.resale_reason, "Vendor agreed: charity")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = m.Coupon.get_by_id(coupon.id)
    assert (stored.resale_price, stored.resale_reason) == (
        Decimal("900.00"),
        "Vendor agreed: charity",
    )


@popup_warnings
def test_typed_client_that_is_not_in_the_list(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    coupon = buy(office["standard"], ctx.clock.today())
    dialog = ui.AssignDialog(ctx, coupon)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.client, "Nobody Inc")
    dialog.try_accept()
    assert dialog.error_of("client") == "Choose the client from the suggestions."
    dialog.client.clear()
    qtbot.keyClicks(dialog.client, "acme ltd")  # typed in full: taken
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert m.Coupon.get_by_id(coupon.id).client_id == office["acme"].id


@popup_warnings
def test_bonus_in_the_purchase_dialog(qtbot: Any, ctx: DeskContext, office: dict[str, Any]) -> None:
    today = ctx.clock.today()
    m.Bonus.create(
        kind="kickstart",
        amount=Decimal("100"),
        credited_on=today - timedelta(days=30),
        expires_on=today + timedelta(days=60),
    )
    dialog = ui.PurchaseDialog(ctx)
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
    dialog = ui.PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.currency.setCurrentIndex(dialog.currency.findData("USD"))
    dialog.list_price.setText("1000")
    assert dialog.quote_label.text() == "Partner cost: US$1,000.00 (0% discount, bonus US$0.00)"
    set_partner("bronze", tutorial=True)
    dialog = ui.PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.currency.setCurrentIndex(dialog.currency.findData("USD"))
    dialog.list_price.setText("1000")
    assert dialog.quote_label.text() == "Partner cost: US$800.00 (20% discount, bonus US$0.00)"


def test_duplicate_code_is_shown_beside_the_code(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    buy(office["standard"], ctx.clock.today(), code="B24-DUP-0001")
    dialog = ui.PurchaseDialog(ctx)
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
    dialog = ui.PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.purchased_on.calendarPopup()
    qtbot.keyClicks(dialog.code, "B24-LATER-001")
    ctx.clock.set(ctx.clock.now() - timedelta(days=2))  # type: ignore[attr-defined]
    dialog.try_accept()
    assert "must not be in the future" in dialog.error_of("purchased_on")


def conflict_rows(choice: str, shown: list[list[str]]) -> Callable[[Any], str]:
    """Answer the conflict dialog with ``choice``, noting the rows it showed."""

    def answer(conflict: Any) -> str:
        table = conflict.table
        shown.extend([table.item(r, c).text() for c in range(3)] for r in range(table.rowCount()))
        return choice

    return answer


def test_two_desks_assigning_one_coupon(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any], other_desk: Any
) -> None:
    """The coupon's state is checked on the row locked for the write (issue 13.2):
    the second desk is told the rule, beside the client, and sees who has it."""
    coupon = buy(office["standard"], ctx.clock.today())
    dialog = ui.AssignDialog(ctx, coupon)
    qtbot.addWidget(dialog)
    dialog.show()
    pick_client(qtbot, dialog.client, "acme")  # this desk: to Acme
    other_desk(  # meanwhile the other desk gave it to Bare Bones
        "UPDATE coupon SET state = 'assigned', client_id = ?, version = version + 1 WHERE id = ?",
        office["bare"].id,
        coupon.id,
    )
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    saved = m.Coupon.get_by_id(coupon.id)
    assert (saved.client_id, saved.version) == (office["bare"].id, 2)  # theirs stands
    assert "Only a coupon in stock" in dialog.error_of("client")
    assert "Assigned, client Bare Bones" in dialog.summary.text()
    assert dialog.client.text() == "Acme Ltd"  # what was typed stays


def test_two_desks_one_coupon_keep_mine(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any], other_desk: Any
) -> None:
    coupon = buy(office["standard"], ctx.clock.today())
    dialog = ui.VoidDialog(ctx, coupon)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.reason, "bought twice")
    other_desk(
        "UPDATE coupon SET note = ?, version = version + 1 WHERE id = ?",
        "order 77 checked",
        coupon.id,
    )
    shown: list[list[str]] = []
    dialog.run_conflict = conflict_rows("overwrite", shown)
    dialog.try_accept()
    assert ["Note", "order 77 checked", "bought twice"] in shown
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = m.Coupon.get_by_id(coupon.id)
    assert (saved.state, saved.version) == ("void", 3)
    assert saved.note == "order 77 checked\nVoid: bought twice"  # their note kept


def test_coupon_conflict_cancelled_changes_nothing(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any], other_desk: Any
) -> None:
    bought = buy(office["standard"], ctx.clock.today())
    coupon = store.assign_coupon(
        bought.id, office["acme"].id, expected_version=1, assigned_on=ctx.clock.today()
    )
    dialog = ui.ActivateDialog(ctx, coupon)
    qtbot.addWidget(dialog)
    other_desk("UPDATE coupon SET note = 'x', version = version + 1 WHERE id = ?", coupon.id)
    shown: list[list[str]] = []
    dialog.run_conflict = conflict_rows("", shown)  # Cancel
    dialog.try_accept()
    assert ["State", "Assigned", "Activated"] in shown
    assert dialog.result() != QDialog.DialogCode.Accepted
    saved = m.Coupon.get_by_id(coupon.id)
    assert (saved.state, saved.version) == ("assigned", 3)
    assert m.Subscription.select().count() == 0


def test_void_asks_first(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    buy(office["standard"], ctx.clock.today())
    tab = make_tab(qtbot, ctx)
    select(tab, "B24-TEST-0001")
    dialogs: list[Any] = []
    tab.exec_dialog = driving(lambda d: qtbot.keyClicks(d.reason, "bought twice"), dialogs)
    monkeypatch.setattr(ui.forms, "confirm", lambda *_args: False)
    tab.void_button.click()
    assert dialogs == []
    assert cell(tab, 0, "state") == "In stock"
    monkeypatch.setattr(ui.forms, "confirm", lambda *_args: True)
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
    dialog = ui.PurchaseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.currency.setCurrentIndex(dialog.currency.findData("USD"))
    assert dialog.list_price.text() == "1488.00"  # 124 × 12
    dialog.currency.setCurrentIndex(dialog.currency.findData("EUR"))
    assert dialog.list_price.text() == ""
    assert dialog.quote_label.text() == "Partner cost: \u2014 (enter the list price)"
