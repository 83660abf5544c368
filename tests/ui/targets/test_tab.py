"""The Partner targets tab shows what the rules compute, and records the profile."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import peewee
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QTreeWidgetItem

from b24desk import i18n
from b24desk.domain.lifecycle import add_months
from b24desk.domain.targets import Sale, target_progress
from b24desk.i18n import format_money
from b24desk.store import events, partner
from b24desk.store import models as m
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.targets.chart import SalesChart
from b24desk.ui.targets.dialogs import (
    BonusDialog,
    ChangeStatusDialog,
    CourseDialog,
    NfrDialog,
    PointsDialog,
    RequirementDialog,
)
from b24desk.ui.targets.tab import TargetsTab, build_tab
from b24desk.ui.targets.texts import gap_text

D = Decimal
TODAY = date(2026, 11, 20)  # the fixed clock's date in Auckland
YEAR_START = date(2026, 3, 1)

# --------------------------------------------------------------------------- factory

_codes = iter(range(1, 10_000))


def plan(code: str, seats: int, usd: str) -> m.Plan:
    row = m.Plan.create(code=code, name=code.title(), kind="cloud", seats=seats)
    m.PlanPrice.create(plan=row, currency="USD", price=D(usd))
    return row


def coupon(
    bought: date,
    cost: str,
    who: m.Client | None,
    plan_row: m.Plan | None = None,
    product: str = "cloud_subscription",
    state: str = "activated",
) -> m.Coupon:
    return m.Coupon.create(
        code=f"UI-TEST-{next(_codes):04d}",
        product=product,
        plan=plan_row,
        purchased_on=bought,
        currency="USD",
        list_price=D(cost) * 2,
        partner_cost=D(cost),
        client=who,
        state=state,
    )


def subscription(
    who: m.Client,
    plan_row: m.Plan,
    starts: date,
    until: date,
    from_coupon: m.Coupon | None = None,
    term: int = 12,
) -> None:
    m.Subscription.create(
        client=who,
        plan=plan_row,
        starts_on=starts,
        paid_until=until,
        term_months=term,
        coupon=from_coupon,
        portal_url=f"https://{who.company.lower()}.bitrix24.com",
    )


def make_silver_office() -> list[Sale]:
    """Silver since 1 Mar 2026: a new client counted, one pending, an own entity,
    an old client, a coupon in stock.  Returns the same sales written by hand."""
    prof = m.PartnerProfile.get_by_id(1)
    prof.status, prof.confirmed_on, prof.accepted_on = "silver", YEAR_START, date(2025, 1, 10)
    prof.save()
    pro, std = plan("professional", 100, "249"), plan("standard", 50, "124")
    alpha = m.Client.create(company="Alpha")
    beta = m.Client.create(company="Beta")
    own = m.Client.create(company="Own", affiliated=True)
    old = m.Client.create(company="Old", new_client=False)
    k = coupon(date(2026, 3, 10), "1494.00", alpha, pro)
    subscription(alpha, pro, date(2026, 3, 12), date(2027, 3, 11), k)
    k = coupon(date(2026, 8, 1), "892.80", beta, std)
    subscription(beta, std, date(2026, 8, 3), date(2027, 8, 2), k)
    k = coupon(date(2026, 4, 1), "2000.00", own, pro)
    subscription(own, pro, date(2026, 4, 2), date(2027, 4, 1), k)
    coupon(date(2026, 5, 5), "600.00", old, std, product="renewal")
    subscription(old, std, date(2026, 2, 1), date(2027, 1, 31))
    coupon(date(2026, 11, 10), "150.00", None, state="in_stock")
    return [
        Sale(alpha.id, date(2026, 3, 10), D("1494.00"), 100, True, False, date(2027, 3, 11)),
        Sale(beta.id, date(2026, 8, 1), D("892.80"), 50, True, False, date(2027, 8, 2)),
        Sale(own.id, date(2026, 4, 1), D("2000.00"), 100, True, True, date(2027, 4, 1)),
        Sale(old.id, date(2026, 5, 5), D("600.00")),
        Sale(None, date(2026, 11, 10), D("150.00")),
    ]


@pytest.fixture
def hand_sales(db: peewee.Database) -> list[Sale]:
    return make_silver_office()


@pytest.fixture
def tab(qtbot, ctx: DeskContext) -> TargetsTab:
    assert ctx.clock.today() == TODAY
    widget = build_tab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    return widget


def usd(amount: str | Decimal) -> str:
    return format_money(D(amount), "USD")


def tint(tone: palette.Tone) -> str:
    """The background a row of that meaning gets on the current palette."""
    return palette.background(tone).name()


def background(item: QTreeWidgetItem, column: int = 0) -> str:
    return item.background(column).color().name()


# --------------------------------------------------------------------------- figures


def test_the_tab_shows_exactly_what_target_progress_gives(
    hand_sales: list[Sale], tab: TargetsTab
) -> None:
    expected = target_progress("silver", YEAR_START, hand_sales, TODAY)
    # The hand-made sales give these figures…
    assert expected.sales_total == D("3136.80")
    assert (expected.seats_counted, expected.seats_pending) == (100, 50)
    assert expected.sales_missing_to_keep == D("1863.20")
    assert expected.seats_missing_to_keep == 300
    assert expected.distinct_clients == 3  # a stock purchase is no client
    # …and the tab shows them, read from the database.
    assert tab.status_title.text() == "Silver"
    assert tab.year_label.text() == "Status year 1 Mar 2026 \u2013 28 Feb 2027: 101 days left"
    assert tab.discount_label.text() == "Partner discount: 40%"
    assert tab.keep_caption.text() == "Sales to keep Silver"
    assert (tab.keep_bar.minimum(), tab.keep_bar.maximum(), tab.keep_bar.value()) == (0, 5000, 3136)
    assert tab.keep_bar.text() == f"{usd('3136.80')} of {usd(5000)}"
    assert tab.seats_caption.text() == "New client seats to keep Silver"
    assert (tab.seats_bar.maximum(), tab.seats_bar.value()) == (400, 100)
    assert tab.seats_bar.text() == "100 of 400 counted"
    assert tab.pending_label.text().startswith("50 new client seats pending")
    assert tab.next_caption.text() == "Sales to qualify for Gold"
    assert (tab.next_bar.maximum(), tab.next_bar.value()) == (10000, 3136)
    assert expected.sales_count == 4
    assert tab.clients_label.text() == "4 sales to 3 different clients in the status year"
    assert tab.gap_label.text() == (
        f"{usd('1863.20')} and 300 new client seats to keep Silver by 28 Feb 2027"
    )
    assert (
        tab.gap_label.text() == "US$1,863.20 and 300 new client seats to keep Silver by 28 Feb 2027"
    )
    assert tab.currency_note.isHidden()


def test_chart_values_are_the_counted_sales_per_month(
    qtbot, hand_sales: list[Sale], tab: TargetsTab
) -> None:
    values = tab.chart.values()
    assert len(values) == 12
    assert values[:9] == [D("1494.00"), 0, D("600.00"), 0, 0, D("892.80"), 0, 0, D("150.00")]
    assert sum(values) == target_progress("silver", YEAR_START, hand_sales, TODAY).sales_total
    assert tab.chart.labels()[:3] == ["Mar", "Apr", "May"]
    tab.show()
    qtbot.waitExposed(tab)
    image = tab.chart.grab().toImage()  # paints; a Qt warning would fail the test
    assert not image.isNull()


def test_chart_paints_its_bars(qtbot) -> None:
    chart = SalesChart()
    qtbot.addWidget(chart)
    chart.resize(480, 240)
    months = [(date(2026, 3 + i, 1), D(0)) for i in range(10)]
    months[0] = (date(2026, 3, 1), D(1000))
    chart.set_data(months, current=date(2026, 3, 1))
    image = chart.grab().toImage()
    highlight = chart.palette().color(chart.palette().ColorRole.Highlight)
    # The first slot's bar reaches from the axis to the top tick: its middle is painted.
    width = image.width()
    probe_x = next(x for x in range(width) if QColor(image.pixel(x, 120)) == highlight)
    assert probe_x < width / 5
    assert chart.labels()[0] == "Mar"


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_every_bar_says_its_value(qtbot, lang: str) -> None:
    """#15.6: at the tab's size, a month of 14 250 says "14 250" or, where that is
    too wide, "14K" / "14 mil" / "14 тыс." — never nothing."""
    i18n.set_language(lang)
    chart = SalesChart()
    qtbot.addWidget(chart)
    chart.resize(560, 240)
    firsts = [date(2026, m, 1) for m in range(3, 13)] + [date(2027, 1, 1), date(2027, 2, 1)]
    months = [(first, D("14250")) for first in firsts]
    chart.set_data(months)
    slot = chart.slot_width()
    texts = [chart.value_text(value, slot) for value in chart.values()]
    assert all(texts), texts
    full = i18n.format_decimal(D("14250"), digits=0)
    fits = chart.fontMetrics().horizontalAdvance(full) <= slot
    assert texts[0] == (full if fits else i18n.format_compact(D("14250")))
    assert chart.value_text(D(0), slot) == ""


def test_forecast_from_renewals(hand_sales: list[Sale], tab: TargetsTab) -> None:
    # Old's Standard plan renews on 31 Jan 2027: 124 × 12 × (1 − 40 %) = 892.80.
    view = partner.forecast(TODAY)
    assert view.projected == D("3136.80") + D("892.80")
    text = tab.forecast_label.text()
    assert f"projected {usd('4029.60')}" in text
    assert f"planned {usd('892.80')}" in text
    assert "1 renewal" in text


# --------------------------------------------------------------------------- editing


def test_status_change_dialog_adds_history_and_the_tab_follows(
    hand_sales: list[Sale], tab: TargetsTab, ctx: DeskContext
) -> None:
    dialog = ChangeStatusDialog(ctx, tab)
    dialog.status.setCurrentIndex(dialog.status.findData("bronze"))
    dialog.confirmed_on.setDate(QDate(2027, 3, 1))
    dialog.note.setText("targets missed")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    (change,) = partner.status_history()
    assert (change.status, change.confirmed_on, change.note) == (
        "bronze",
        date(2027, 3, 1),
        "targets missed",
    )
    assert tab.status_title.text() == "Bronze"
    assert "Silver was held before a downgrade" in tab.held_label.text()
    assert tab.keep_bar.isHidden()
    assert tab.next_caption.text() == "Sales to re-qualify for Silver"
    assert tab.next_bar.maximum() == 5000  # the keep figure, not 2 500 (001 §3.5)


def test_status_dialog_refuses_a_date_before_acceptance(
    hand_sales: list[Sale], tab: TargetsTab, ctx: DeskContext
) -> None:
    dialog = ChangeStatusDialog(ctx, tab)
    dialog.confirmed_on.setDate(QDate(2024, 1, 1))
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "acceptance date" in dialog.error_of("confirmed_on")
    assert partner.status_history() == []


def test_bonuses_show_their_expiry_and_grey_when_expired(
    hand_sales: list[Sale], tab: TargetsTab, ctx: DeskContext
) -> None:
    dialog = BonusDialog(ctx, tab)
    dialog.kind.setCurrentIndex(dialog.kind.findData("award"))
    dialog.credited_on.setDate(QDate(2026, 6, 1))
    assert dialog.expiry.text() == "Valid until 31 Dec 2026"
    dialog.kind.setCurrentIndex(dialog.kind.findData("kickstart"))
    assert dialog.expiry.text() == "Valid until 10 Apr 2025"  # 90 days after acceptance
    dialog.kind.setCurrentIndex(dialog.kind.findData("award"))
    dialog.amount.setText("2500")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    partner.add_bonus("kickstart", "1000", "USD", date(2025, 2, 1))
    rows = [tab.bonus_tree.topLevelItem(i) for i in range(tab.bonus_tree.topLevelItemCount())]
    assert [r.text(0) for r in rows] == ["Award bonus", "Kickstart bonus"]
    assert [r.text(4) for r in rows] == ["31 Dec 2026", "10 Apr 2025"]
    assert rows[0].text(2) == usd(2500)
    assert background(rows[1]) == tint("muted")
    assert rows[1].foreground(0).color().name() == palette.text().name()
    assert background(rows[0]) != tint("muted")


def test_bonus_dialog_keeps_input_on_error(
    hand_sales: list[Sale], tab: TargetsTab, ctx: DeskContext
) -> None:
    dialog = BonusDialog(ctx, tab)
    dialog.kind.setCurrentIndex(dialog.kind.findData("award"))
    dialog.amount.setText("99999")
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "between" in dialog.error_of("amount")
    assert dialog.amount.text() == "99999"
    assert tab.bonus_tree.topLevelItemCount() == 0


def test_bronze_checklist_due_90_days_after_acceptance(
    qtbot, db: peewee.Database, ctx: DeskContext
) -> None:
    partner.set_accepted_on(date(2026, 9, 1))
    widget = build_tab(ctx)
    qtbot.addWidget(widget)
    tree = widget.checklist_tree
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [(r.text(0), r.text(1), r.text(2)) for r in rows] == [
        ("Partner Program Tutorial completed", "30 Nov 2026", ""),
        ("Cloud NFR subscription claimed", "30 Nov 2026", ""),
    ]
    assert background(rows[0]) == tint("warning")  # due in 10 days
    assert widget.discount_label.text().startswith("Partner discount: 0%")
    dialog = RequirementDialog(ctx, widget)
    dialog.key.setCurrentIndex(dialog.key.findData("tutorial"))
    dialog.done_on.setDate(QDate(2026, 10, 1))
    dialog.try_accept()
    row = tree.topLevelItem(0)
    assert row.text(2) == "\u2713 1 Oct 2026"
    assert background(row) == tint("ok")
    assert widget.discount_label.text() == "Partner discount: 20%"
    assert widget.gap_label.text() == (
        f"{usd(2500)} in sales and 2 more clients to qualify for Silver by 31 Aug 2027"
    )


def test_overdue_item_is_red(qtbot, db: peewee.Database, ctx: DeskContext) -> None:
    partner.set_accepted_on(date(2026, 1, 5))
    widget = build_tab(ctx)
    qtbot.addWidget(widget)
    row = widget.checklist_tree.topLevelItem(0)
    assert row.text(2) == "Overdue"
    assert background(row) == tint("danger")


def test_gold_reviews_per_quarter(hand_sales: list[Sale], tab: TargetsTab) -> None:
    partner.change_status("gold", YEAR_START)
    partner.set_requirement_done("business_review", date(2026, 4, 20))
    tree = tab.checklist_tree
    texts = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    quarters = [t for t in texts if t.startswith("Quarterly business review")]
    assert quarters[0] == (
        "Quarterly business review attended: quarter 1 (1 Mar 2026 \u2013 31 May 2026)"
    )
    assert len(quarters) == 4


def test_nfr_dialog_defaults_and_errors(
    hand_sales: list[Sale], tab: TargetsTab, ctx: DeskContext
) -> None:
    dialog = NfrDialog(ctx, tab)
    dialog.starts_on.setDate(QDate(2026, 7, 1))
    assert dialog.expires_on.date() == QDate(2026, 12, 31)  # 6 months for a cloud NFR
    dialog.kind.setCurrentIndex(dialog.kind.findData("on_premise"))
    assert dialog.expires_on.date() == QDate(2027, 6, 30)  # 12 months for a key
    dialog.kind.setCurrentIndex(dialog.kind.findData("cloud"))
    dialog.reference.setText("not a portal")
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "not a valid portal address" in dialog.error_of("reference")
    dialog.reference.setText("demo.bitrix24.com")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    row = tab.nfr_tree.topLevelItem(0)
    assert (row.text(1), row.text(2)) == ("demo.bitrix24.com", "31 Dec 2026")
    assert "https://demo.bitrix24.com" in row.toolTip(1)


def test_points_and_courses(hand_sales: list[Sale], tab: TargetsTab, ctx: DeskContext) -> None:
    dialog = PointsDialog(ctx, tab)
    dialog.points.setValue(0)
    dialog.try_accept()
    assert "whole number" in dialog.error_of("points")
    dialog.points.setValue(25)
    dialog.try_accept()
    assert tab.points_label.text().startswith("25 active partner points")
    course = CourseDialog(ctx, tab)
    course.course.setCurrentIndex(course.course.findData("sales_course"))
    course.try_accept()
    tree = tab.checklist_tree
    row = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == "sales_course"
    )
    assert row.text(2) == "\u2713 20 Nov 2026"


def test_reloads_when_coupons_change(hand_sales: list[Sale], tab: TargetsTab) -> None:
    coupon(date(2026, 11, 1), "1863.20", None)
    assert tab.keep_bar.value() == 3136  # nothing told the tab yet
    events.notify(events.COUPONS)
    assert tab.keep_bar.value() == 5000
    assert tab.gap_label.text() == "300 new client seats to keep Silver by 28 Feb 2027"


def test_on_shown_refreshes(hand_sales: list[Sale], tab: TargetsTab) -> None:
    coupon(date(2026, 11, 2), "100.00", None)
    tab.on_shown()
    assert tab.keep_bar.value() == 3236


def test_retranslates(hand_sales: list[Sale], tab: TargetsTab) -> None:
    i18n.set_language("es")
    assert tab.chart.labels()[0] == "mar"
    assert "2026" in tab.year_label.text()
    i18n.set_language("en")
    assert tab.status_button.text() == "Change status\u2026"


def test_gap_text_for_the_today_tab(hand_sales: list[Sale]) -> None:
    assert gap_text(TODAY) == (
        "US$1,863.20 and 300 new client seats to keep Silver by 28 Feb 2027"
    )
    assert gap_text(date(2027, 3, 2)).startswith("The status year ended on 28 Feb 2027")


def test_empty_profile_asks_for_dates(qtbot, db: peewee.Database, ctx: DeskContext) -> None:
    widget = build_tab(ctx)
    qtbot.addWidget(widget)
    assert widget.gap_label.text().startswith("Record the acceptance")
    assert widget.accepted_label.text() == "The acceptance into the programme is not recorded."


def test_demo_office_shows_what_target_progress_gives(qtbot, ctx: DeskContext) -> None:
    from b24desk.store.demo import generate_demo

    generate_demo("small", seed=5, today=TODAY)
    profile = m.PartnerProfile.get_by_id(1)
    year_end = add_months(profile.confirmed_on, 12)
    expected = target_progress(
        profile.status,
        profile.confirmed_on,
        partner.sales_for_targets(profile.confirmed_on, year_end),
        TODAY,
        held_before=profile.held_before,
    )
    widget = build_tab(ctx)
    qtbot.addWidget(widget)
    assert widget.status_title.text() == "Silver"
    assert widget.keep_bar.value() == min(int(expected.sales_total), widget.keep_bar.maximum())
    assert widget.keep_bar.text().startswith(usd(expected.sales_total))
    assert widget.seats_bar.value() == min(expected.seats_counted, widget.seats_bar.maximum())
    assert widget.seats_bar.text() == f"{expected.seats_counted} of 400 counted"
    assert str(expected.seats_pending) in widget.pending_label.text()
    assert f"to {expected.distinct_clients} different clients" in widget.clients_label.text()
