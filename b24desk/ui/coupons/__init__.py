"""The Coupons tab, as a feature package.

- :mod:`.tab`: the tab (``CouponsTab``, ``build_tab``): the coupons table, its
  filters and the actions of a coupon's life;
- :mod:`.purchase`: recording a purchase, with the partner cost and bonus live;
- :mod:`.detail`: the detail pane of the current coupon (below the table);
- :mod:`.dialogs`: the dialogs about one coupon (assign, activate, void);
- :mod:`.common`: what they share (coupon words, row tints, date fields).

The public names below stay importable from the package (``from b24desk.ui.coupons
import CouponsTab``) but are imported on first use: the package's modules import
each other, and an ``__init__`` importing them at load time would make every
``b24desk.ui.coupons.x`` import loop through it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b24desk.ui.coupons.common import (
        STATE_NAMES,
        product_name,
        row_background,
        row_foreground,
        state_name,
        term_text,
    )
    from b24desk.ui.coupons.detail import CouponDetailPane
    from b24desk.ui.coupons.dialogs import (
        SNAPSHOT_LABELS,
        ActivateDialog,
        AssignDialog,
        VoidDialog,
        coupon_snapshot,
    )
    from b24desk.ui.coupons.purchase import PurchaseDialog
    from b24desk.ui.coupons.tab import CouponsTab, build_tab, coupon_columns, days_left_text

#: Each public name → the module of this package that defines it.
_HOMES: dict[str, str] = {
    "STATE_NAMES": "common",
    "product_name": "common",
    "row_background": "common",
    "row_foreground": "common",
    "state_name": "common",
    "term_text": "common",
    "CouponDetailPane": "detail",
    "SNAPSHOT_LABELS": "dialogs",
    "ActivateDialog": "dialogs",
    "AssignDialog": "dialogs",
    "VoidDialog": "dialogs",
    "coupon_snapshot": "dialogs",
    "PurchaseDialog": "purchase",
    "CouponsTab": "tab",
    "build_tab": "tab",
    "coupon_columns": "tab",
    "days_left_text": "tab",
}

__all__ = [
    "SNAPSHOT_LABELS",
    "STATE_NAMES",
    "ActivateDialog",
    "AssignDialog",
    "CouponDetailPane",
    "CouponsTab",
    "PurchaseDialog",
    "VoidDialog",
    "build_tab",
    "coupon_columns",
    "coupon_snapshot",
    "days_left_text",
    "product_name",
    "row_background",
    "row_foreground",
    "state_name",
    "term_text",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # found directly from now on
    return value
