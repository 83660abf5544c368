"""The dialogs about one coupon (:mod:`b24desk.ui.coupons.dialogs`), driven as a
user would: assigning, the client picker, two desks changing one coupon."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from b24desk.store import coupons as store
from b24desk.store import models as m
from b24desk.ui.context import DeskContext
from b24desk.ui.coupons.dialogs import ActivateDialog, AssignDialog, VoidDialog
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
def test_cloud_coupon_refused_for_client_without_portal(
    qtbot: Any, ctx: DeskContext, office: dict[str, Any]
) -> None:
    coupon = buy(office["standard"], ctx.clock.today())
    dialog = AssignDialog(ctx, coupon)
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
    dialog = AssignDialog(ctx, coupon)
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
    dialog = AssignDialog(ctx, coupon)
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
    dialog = AssignDialog(ctx, coupon)
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
    dialog = VoidDialog(ctx, coupon)
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
    dialog = ActivateDialog(ctx, coupon)
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
