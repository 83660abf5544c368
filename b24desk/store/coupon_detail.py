"""One coupon as the Coupons tab's detail pane shows it: its row, the dates of its
life, the client's price and the office's margin, and its history.

Kept apart from :mod:`b24desk.store.coupons` (near a thousand lines); the row
itself comes from that module's listing, so the pane and the table agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import cast

from b24desk.i18n import _
from b24desk.store.coupons import CouponRow, coupon_listing, get_coupon
from b24desk.store.errors import NotFoundError
from b24desk.store.models import Activity, Coupon

#: The most history lines a pane shows (newest first).
HISTORY_LIMIT = 50


@dataclass(frozen=True)
class CouponEvent:
    """One line of a coupon's history: the client's activity log entry naming it."""

    at: datetime  # UTC
    message: str


@dataclass(frozen=True)
class CouponDetail:
    """What the detail pane shows of one coupon."""

    row: CouponRow
    assigned_on: date | None
    resale_reason: str
    history: tuple[CouponEvent, ...]

    @property
    def price(self) -> Decimal:
        """What the client pays: the resale price when one was agreed, else the list
        price."""
        row = self.row
        return row.resale_price if row.resale_price is not None else row.list_price

    @property
    def margin(self) -> Decimal:
        """The office's margin: the client's price less what the office paid."""
        return self.price - self.row.partner_cost


def coupon_detail(coupon_id: int, today: date) -> CouponDetail:
    """The coupon ``coupon_id`` as of ``today``; :class:`NotFoundError` when gone."""
    listing = coupon_listing(today)
    found = listing.query().where(Coupon.id == coupon_id).objects()
    make = listing.row_factory
    rows = [make(r) if make else r for r in found]
    if not rows:
        raise NotFoundError(_("The coupon does not exist any more."))
    coupon = get_coupon(coupon_id)
    return CouponDetail(
        row=rows[0],
        assigned_on=coupon.assigned_on,
        resale_reason=coupon.resale_reason,
        history=tuple(coupon_history(coupon)),
    )


def coupon_history(coupon: Coupon) -> list[CouponEvent]:
    """The entries of the client's activity log that name the coupon (bought for the
    client, assigned, activated, voided), newest first."""
    if coupon.client_id is None:
        return []
    entries = (
        Activity.select(Activity.at, Activity.message)
        .where(
            (Activity.client == coupon.client_id)
            & (Activity.kind == "coupon")
            & Activity.message.contains(coupon.code)
        )
        .order_by(Activity.at.desc(), Activity.id.desc())
        .limit(HISTORY_LIMIT)
    )
    # contains() is a LIKE ("_" matches any character, "AB-1" is inside "AB-12"):
    # the code as a whole word decides.
    exact = re.compile(rf"(?<![\w-]){re.escape(coupon.code)}(?![\w-])")
    return [
        CouponEvent(entry.at, entry.message)
        for entry in cast("Iterable[Activity]", entries)
        if exact.search(entry.message)
    ]
