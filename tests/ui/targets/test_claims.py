"""The Partner targets tab shows the NFR licences to claim, the kickstart checklist
and the standing deadlines with their dates; Today lists the deadlines (001 §3.4,
§8, §9)."""

from __future__ import annotations

from datetime import date

import peewee
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from b24desk.store import models as m
from b24desk.store import partner
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.targets.claims import ClaimsPanel, ExtendNfrDialog
from b24desk.ui.targets.dialogs import AcceptedOnDialog, NfrDialog
from b24desk.ui.targets.tab import TargetsTab, build_tab
from b24desk.ui.today import TodayTab

TODAY = date(2026, 11, 20)  # the fixed clock of tests/ui/conftest.py


def rows(tree) -> list[list[str]]:
    return [
        [tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
        for i in range(tree.topLevelItemCount())
    ]


def tint(tone: palette.Tone) -> str:
    """The background a row of that meaning gets on the current palette."""
    return palette.background(tone).name()


def colours(tree) -> list[str]:
    return [
        tree.topLevelItem(i).background(0).color().name()
        for i in range(tree.topLevelItemCount())
    ]


def label_colours(panel: ClaimsPanel) -> list[str]:
    return [label.property("colour") for label in panel.deadline_labels]


def bronze(accepted: date, registered: date) -> None:
    partner.set_accepted_on(accepted, registered_on=registered)


@pytest.fixture
def tab(qtbot, db: peewee.Database, ctx: DeskContext) -> TargetsTab:
    bronze(date(2026, 10, 1), date(2026, 9, 15))
    partner.complete_course("tutorial", date(2026, 10, 10))
    widget = build_tab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    return widget


def test_a_new_bronze_partner_sees_its_claims_and_deadlines(
    tab: TargetsTab, ctx: DeskContext
) -> None:
    """001 §3.4: "The Bronze Partner Status is cancelled after 90 days from the
    acceptance to the partner program if the partner does not fulfill the Bronze
    status requirements" and "A Partner Account can be suspended without prior notice
    due to zero activity after six (6) months from registration date"; §8.1.2 "If a
    Partner Status is Bronze, the NFR subscription will not be extended"; §9 the
    kickstart prerequisites."""
    panel = tab.claims_panel
    assert panel.deadline_rows == [
        [
            "Bronze status cancellation",
            "30 Dec 2026",
            "Cancelled on 31 Dec 2026 unless done by 30 Dec 2026: Cloud NFR subscription "
            "claimed",
        ],
        [
            "Suspension for zero activity",
            "14 Mar 2027",
            "No activity since registration: the account can be suspended from 15 Mar 2027 "
            "unless there is activity by 14 Mar 2027 (a sale, a website endorsement, client "
            "support)",
        ],
    ]
    assert label_colours(panel) == [tint("info"), tint("info")]  # > 30 days
    first = panel.deadline_labels[0]
    assert first.isVisible() and first.wordWrap()  # a sentence wraps, never cut
    assert "Bronze status cancellation" in first.text() and "due 30 Dec 2026" in first.text()
    assert "Cancelled on 31 Dec 2026 unless done by 30 Dec 2026" in first.text()
    assert rows(panel.nfr_tree) == [
        [
            "Cloud NFR subscription",
            "1 of 1",
            "6 months",
            "Not extended; falls back to the free plan",
        ],
        ["On-premise NFR key", "0 of 0", "12 months", "Silver and Gold only"],
    ]
    assert panel.kickstart_label.text() == (
        "2 prerequisites missing; the bonus can be used until 30 Dec 2026"
    )
    assert rows(panel.kickstart_tree) == [
        ["Cloud NFR subscription claimed", "by 30 Dec 2026"],
        ["Partner Program Tutorial completed", "\u2713 10 Oct 2026"],
        ["Bitrix24 endorsed on the website", "by 30 Dec 2026"],
    ]
    assert colours(panel.kickstart_tree) == [tint("warning"), tint("ok"), tint("warning")]
    assert panel.deadline_box.isVisible() and panel.kickstart_box.isVisible()

    # Claim the NFR through the tab's own dialog: the tab follows.
    dialog = NfrDialog(ctx, tab)
    dialog.reference.setText("ours.bitrix24.com")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert panel.deadline_rows[0] == [
        "Bronze status cancellation",
        "30 Dec 2026",
        "Bronze requirements met on 20 Nov 2026",
    ]
    assert label_colours(panel)[0] == tint("ok")
    assert rows(panel.kickstart_tree)[0][1] == "\u2713 20 Nov 2026"
    assert rows(panel.nfr_tree)[0][1] == "0 of 1"
    (licence,) = rows(tab.nfr_tree)
    assert licence == [
        "Cloud NFR subscription",
        "ours.bitrix24.com",
        "19 May 2027",
        "Rolls back to the free plan on 20 May 2027",
    ]

    # A Bronze partner cannot extend it: the dialog says why and changes nothing.
    extend = ExtendNfrDialog(ctx, tab)
    assert extend.result_label.text() == "Rolls back to the free plan on 20 May 2027"
    extend.try_accept()
    assert extend.result() != QDialog.DialogCode.Accepted
    assert "Only Silver and Gold partners can extend" in extend.error_of("extended")
    assert m.NfrLicense.get().expires_on == date(2027, 5, 19)

    # A second cloud NFR is refused for Bronze, with the reason beside the field.
    again = NfrDialog(ctx, tab)
    again.reference.setText("again.bitrix24.com")
    again.try_accept()
    assert again.result() != QDialog.DialogCode.Accepted
    assert "claims one NFR subscription" in again.error_of("kind")


def test_a_silver_partner_extends_its_nfr_from_the_tab(
    qtbot, db: peewee.Database, ctx: DeskContext
) -> None:
    """001 §8.1.2 "The NFR subscription can be extended for Silver and Gold Partners
    only"; §8.2.2 "The NFR key can be extended for another 12 months"."""
    partner.set_accepted_on(date(2025, 1, 10), registered_on=date(2025, 1, 2))
    partner.change_status("silver", date(2026, 3, 1))
    partner.add_nfr("on_premise", "NFR-KEY-1", date(2026, 1, 1), date(2026, 12, 31))
    widget = build_tab(ctx)
    qtbot.addWidget(widget)
    assert rows(widget.nfr_tree)[0][3] == "Extendable until 31 Dec 2027"
    assert rows(widget.claims_panel.nfr_tree) == [
        ["Cloud NFR subscription", "1 of 1", "6 months", "Extendable"],
        [
            "On-premise NFR key",
            "0 of 1",
            "12 months",
            "Extendable once, by 12 months",
        ],
    ]
    dialog = ExtendNfrDialog(ctx, widget)
    assert dialog.result_label.text() == "Extended until 31 Dec 2027"
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert rows(widget.nfr_tree)[0][2:] == ["31 Dec 2027", "Ends on 31 Dec 2027"]
    # Silver, registered long ago, no activity recorded: the suspension date passed.
    (suspension,) = widget.claims_panel.deadline_rows
    assert suspension[:2] == ["Suspension for zero activity", "1 Jul 2025"]
    assert "suspended since 2 Jul 2025" in suspension[2]
    assert label_colours(widget.claims_panel) == [tint("danger")]


def test_the_registration_date_is_recorded_in_the_acceptance_dialog(
    tab: TargetsTab, ctx: DeskContext
) -> None:
    """001 §9: "Partners that applied to the Partner Program after December 31, 2019,
    are eligible to apply for kickstart bonuses"."""
    dialog = AcceptedOnDialog(ctx, tab)
    dialog.registered_on.setDate(QDate(2026, 10, 2))  # after the acceptance
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "cannot be after the acceptance" in dialog.error_of("registered_on")
    dialog.registered_on.setDate(QDate(2019, 12, 31))
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert tab.claims_panel.kickstart_label.text().startswith(
        "Not eligible: only partners that applied after 31 Dec 2019"
    )
    assert partner.partner_profile().registered_on == date(2019, 12, 31)


def test_today_lists_the_deadlines_and_opens_the_targets_tab(
    qtbot, tab: TargetsTab, ctx: DeskContext
) -> None:
    """001 §3.4, shown on Today with their dates."""
    today = TodayTab(ctx)
    qtbot.addWidget(today)
    today.refresh()
    today.show()
    assert today.section_rows("partner") == [
        (
            "Bronze status cancellation",
            "Cancelled on 31 Dec 2026 unless done by 30 Dec 2026: Cloud NFR subscription "
            "claimed",
        ),
        (
            "Suspension for zero activity",
            "No activity since registration: the account can be suspended from 15 Mar 2027 "
            "unless there is activity by 14 Mar 2027 (a sale, a website endorsement, client "
            "support)",
        ),
    ]
    top = [today.tree.topLevelItem(i) for i in range(today.tree.topLevelItemCount())]
    section = next(t for t in top if t.text(0) == "2 partner programme deadlines")
    today.tree.setCurrentItem(section.child(0))
    today.tree.setFocus()
    with qtbot.waitSignal(today.openRecord) as blocker:
        qtbot.keyClick(today.tree, Qt.Key.Key_Return)
    assert blocker.args == ["partner", 0]
    # Once the NFR is claimed and a coupon bought, nothing is left to do.
    partner.add_nfr("cloud", "ours.bitrix24.com", TODAY, date(2027, 5, 19))
    m.Coupon.create(
        code="B24-TODAY-1",
        product="renewal",
        purchased_on=TODAY,
        currency="USD",
        list_price=10,
        partner_cost=8,
    )
    today.refresh()
    assert today.section_rows("partner") == []


def test_a_partner_row_of_today_opens_the_targets_tab(
    qtbot, db: peewee.Database, ctx: DeskContext
) -> None:
    from b24desk.ui.main_window import MainWindow

    window = MainWindow(ctx, "office.db")
    qtbot.addWidget(window)
    window.open_record("partner", 0)
    assert window.current_tab() == "targets"
