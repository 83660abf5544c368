"""The package ``b24desk.ui.coupons`` keeps its public names importable from itself,
each the very object its module defines (imported on first use)."""

from __future__ import annotations

import pytest

import b24desk.ui.coupons as package
from b24desk.ui.coupons import common, dialogs, purchase, tab


def test_public_names_come_from_their_modules() -> None:
    from b24desk.ui.coupons import CouponsTab, PurchaseDialog, build_tab

    assert (CouponsTab, build_tab, PurchaseDialog) == (
        tab.CouponsTab,
        tab.build_tab,
        purchase.PurchaseDialog,
    )
    homes = (common, dialogs, purchase, tab)
    for name in package.__all__:
        defined = [module for module in homes if name in vars(module)]
        assert defined, name
        assert getattr(package, name) is getattr(defined[0], name), name


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'CouponTab'"):
        _ = package.CouponTab
