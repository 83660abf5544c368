"""Dates in the life of subscriptions, licenses and coupons (domain.md §2–3).

Counting convention: "N days after X" covers the days X+1 … X+N, and the next
state starts on X+N+1.  So a portal paid until 31 Jan is ``active`` through 31 Jan,
in ``grace`` from 1 to 15 Feb and ``free`` from 16 Feb (15 grace days).
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

__all__ = [
    "COUPON_ACTIVATION_DAYS",
    "COUPON_WARNING_DAY",
    "DEFAULT_GRACE_DAYS",
    "DELETE_AFTER_FROZEN_DAYS",
    "FREE_INACTIVITY_DAYS",
    "INACTIVITY_MONTHS_AFTER_GRACE",
    "ONPREM_ACTIVATION_MONTHS",
    "REGISTRATION_DAYS",
    "REMINDER_DAYS",
    "UPDATES_MONTHS",
    "CloudLifecycle",
    "CloudSpan",
    "CloudState",
    "CouponState",
    "add_months",
    "cloud_lifecycle",
    "cloud_state",
    "cloud_state_spans",
    "coupon_activation_deadline",
    "coupon_days_left",
    "coupon_state",
    "coupon_warning",
    "deletion_date",
    "freeze_date",
    "grace_end",
    "onprem_activation_date",
    "onprem_activation_deadline",
    "onprem_purchase_range",
    "registration_deadline",
    "renewal_reminder",
    "updates_renewal_period",
    "updates_until",
]

CloudState = Literal["active", "grace", "free", "frozen", "deleted"]
CouponState = Literal["in_stock", "assigned", "activated", "expired", "void"]

#: Grace period after the paid end date (000; 004 says up to 30: a setting).
DEFAULT_GRACE_DAYS = 15
#: A paid portal freezes when no user logs in during this many months after grace.
INACTIVITY_MONTHS_AFTER_GRACE = 1
#: A free portal freezes after this many days without any login.
FREE_INACTIVITY_DAYS = 30
#: A frozen portal is deleted this many days after freezing without an admin login.
DELETE_AFTER_FROZEN_DAYS = 15
#: Renewal reminders: days before the end date (004).
REMINDER_DAYS = (30, 7, 0)
ONPREM_ACTIVATION_MONTHS = 6
UPDATES_MONTHS = 12
REGISTRATION_DAYS = 7
COUPON_ACTIVATION_DAYS = 7
COUPON_WARNING_DAY = 5


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, the day clamped to the month's end
    (31 Aug + 6 months = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = _calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


# --------------------------------------------------------------------------- cloud


def grace_end(paid_until: date, grace_days: int = DEFAULT_GRACE_DAYS) -> date:
    """The last day of the grace period: ``paid_until + grace_days``."""
    if grace_days < 0:
        raise ValueError("grace_days must not be negative")
    return paid_until + timedelta(days=grace_days)


def _last_login(user: date | None, admin: date | None) -> date | None:
    logins = [d for d in (user, admin) if d is not None]
    return max(logins) if logins else None


def freeze_date(
    paid_until: date | None,
    *,
    last_user_login: date | None = None,
    last_admin_login: date | None = None,
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> date | None:
    """The first frozen day, or ``None`` when it cannot be known.

    * A lapsed paid portal with no login after its grace period freezes the day
      after the month that follows grace: ``add_months(grace_end, 1) + 1 day``.
    * Otherwise (a login after grace, or a portal that never paid) it is a free
      portal: it freezes after 30 days without a login, on ``last login + 31``.
    * A portal that never paid and has no known login: ``None`` (stays free).

    The latest login of either kind counts: an administrator is also a user, and a
    login recorded after a freeze can only be an administrator's, which unfreezes
    the portal and restarts the 30-day inactivity clock.
    """
    login = _last_login(last_user_login, last_admin_login)
    if paid_until is None:
        if login is None:
            return None
        return login + timedelta(days=FREE_INACTIVITY_DAYS + 1)
    end = grace_end(paid_until, grace_days)
    if login is None or login <= end:
        return add_months(end, INACTIVITY_MONTHS_AFTER_GRACE) + timedelta(days=1)
    return login + timedelta(days=FREE_INACTIVITY_DAYS + 1)


def deletion_date(
    paid_until: date | None,
    *,
    last_user_login: date | None = None,
    last_admin_login: date | None = None,
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> date | None:
    """The day the portal is deleted: 15 days after :func:`freeze_date` (frozen
    ``F`` … ``F+14``, deleted from ``F+15``), or ``None`` if it never freezes."""
    frozen = freeze_date(
        paid_until,
        last_user_login=last_user_login,
        last_admin_login=last_admin_login,
        grace_days=grace_days,
    )
    return None if frozen is None else frozen + timedelta(days=DELETE_AFTER_FROZEN_DAYS)


@dataclass(frozen=True)
class CloudLifecycle:
    """The state of a cloud portal on a day, with the dates of every stage.

    ``state_until`` is the last day of the current state when it is known (the desk
    shows "grace until …", "frozen (deleted on …)").
    """

    state: CloudState
    paid_until: date | None
    grace_end: date | None
    free_from: date | None
    freeze_date: date | None
    deletion_date: date | None

    @property
    def state_until(self) -> date | None:
        one = timedelta(days=1)
        if self.state == "active":
            return self.paid_until
        if self.state == "grace":
            return self.grace_end
        if self.state == "free":
            return None if self.freeze_date is None else self.freeze_date - one
        if self.state == "frozen":
            return None if self.deletion_date is None else self.deletion_date - one
        return None


def cloud_lifecycle(
    paid_until: date | None,
    today: date,
    *,
    last_user_login: date | None = None,
    last_admin_login: date | None = None,
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> CloudLifecycle:
    """:func:`cloud_state` with the dates of every stage."""
    end = None if paid_until is None else grace_end(paid_until, grace_days)
    frozen = freeze_date(
        paid_until,
        last_user_login=last_user_login,
        last_admin_login=last_admin_login,
        grace_days=grace_days,
    )
    deleted = None if frozen is None else frozen + timedelta(days=DELETE_AFTER_FROZEN_DAYS)
    state: CloudState
    if paid_until is not None and today <= paid_until:
        state = "active"
    elif end is not None and today <= end:
        state = "grace"
    elif frozen is None or today < frozen:
        state = "free"
    elif deleted is not None and today < deleted:
        state = "frozen"
    else:
        state = "deleted"
    return CloudLifecycle(
        state=state,
        paid_until=paid_until,
        grace_end=end,
        free_from=None if end is None else end + timedelta(days=1),
        freeze_date=frozen,
        deletion_date=deleted,
    )


def cloud_state(
    paid_until: date | None,
    today: date,
    *,
    last_user_login: date | None = None,
    last_admin_login: date | None = None,
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> CloudState:
    """The state of a cloud portal on ``today`` (000 "must I pay to renew").

    * ``active`` through ``paid_until`` (inclusive);
    * ``grace`` for the ``grace_days`` days after it (paid_until+1 … +grace_days);
    * ``free`` afterwards, and from the start for a portal that never paid
      (``paid_until=None``);
    * ``frozen`` from :func:`freeze_date`: no login in the month after grace, or 30
      days without a login on a free portal (with no login information a
      never-paid portal simply stays ``free``; a lapsed paid portal with none is
      taken as not logged in);
    * ``deleted`` from :func:`deletion_date`, 15 days after freezing, unless an
      administrator logged in (which unfreezes it and restarts the 30-day clock).

    Logins are dates (``None``: none known).
    """
    return cloud_lifecycle(
        paid_until,
        today,
        last_user_login=last_user_login,
        last_admin_login=last_admin_login,
        grace_days=grace_days,
    ).state


@dataclass(frozen=True)
class CloudSpan:
    """Portals paid until ``paid_from`` … ``paid_to`` whose latest login (of a user
    or an administrator) is on or after ``login_from`` (``None``: no bound, even no
    login) and not after ``login_to`` (``None``: no bound; a portal with no login
    is not after it).  ``freeze_date``: the day every portal of the span froze, when
    :func:`cloud_state_spans` was asked for frozen portals by freeze date (else
    ``None``)."""

    paid_from: date
    paid_to: date
    login_from: date | None = None
    login_to: date | None = None
    freeze_date: date | None = None


def _lapsed_login_range(state: CloudState, today: date) -> tuple[date | None, date | None] | None:
    """For a portal with a login ``L`` after its grace period (it freezes on ``L``
    + 31, :func:`freeze_date`), the logins that put it in ``state`` on ``today``:
    free while ``today < L + 31``, frozen for the 15 days from then, deleted after."""
    first_frozen_login = today - timedelta(days=FREE_INACTIVITY_DAYS + DELETE_AFTER_FROZEN_DAYS)
    if state == "free":
        return today - timedelta(days=FREE_INACTIVITY_DAYS), None
    if state == "frozen":
        return first_frozen_login, today - timedelta(days=FREE_INACTIVITY_DAYS + 1)
    if state == "deleted":
        return None, first_frozen_login - timedelta(days=1)
    return None


def cloud_state_spans(
    state: CloudState,
    today: date,
    *,
    paid_from: date,
    paid_to: date,
    grace_days: int = DEFAULT_GRACE_DAYS,
    by_freeze_date: bool = False,
) -> list[CloudSpan]:
    """The portals paid until ``paid_from`` … ``paid_to`` that are in ``state`` on
    ``today`` (:func:`cloud_state`), as date ranges a query can test: the same rule,
    written for SQL (a test checks that the two agree day by day).

    Spans do not overlap; consecutive days with the same login bounds are one span.
    A paid portal's state depends on its logins only after its grace period: with no
    login after it (``login_to`` = its grace end), the state of ``paid_until``
    alone; with one, that login's date (:func:`_lapsed_login_range`).
    ``by_freeze_date``: frozen spans split by freeze date (``freeze_date``), so a
    query can order by it (more spans).
    """
    by_freeze = by_freeze_date and state == "frozen"
    found: list[CloudSpan] = []
    open_spans: dict[tuple[date | None, date | None, date | None], int] = {}

    def add(day: date, login_from: date | None, login_to: date | None, frozen: date | None) -> None:
        key = (login_from, login_to, frozen)
        at = open_spans.get(key)
        if at is not None and found[at].paid_to == day - timedelta(days=1):
            span = found[at]
            found[at] = CloudSpan(span.paid_from, day, login_from, login_to, frozen)
        else:
            open_spans[key] = len(found)
            found.append(CloudSpan(day, day, login_from, login_to, frozen))

    logins = _lapsed_login_range(state, today)
    day = paid_from
    while day <= paid_to:
        end = grace_end(day, grace_days)
        frozen = freeze_date(day, grace_days=grace_days)  # no login after grace
        no_login_state = cloud_state(day, today, grace_days=grace_days)
        matches = no_login_state == state
        if today <= end:  # active or in grace: logins do not count
            if matches:
                add(day, None, None, frozen if by_freeze else None)
        else:
            after = None
            if logins is not None:
                low, high = logins
                low = end + timedelta(days=1) if low is None or low <= end else low
                if high is None or low <= high:
                    after = (low, high)
            if by_freeze:
                if matches:
                    add(day, None, end, frozen)
                if after is not None and after[1] is not None:
                    login = after[0]
                    while login <= after[1]:
                        add(day, login, login, login + timedelta(days=FREE_INACTIVITY_DAYS + 1))
                        login += timedelta(days=1)
            elif matches and after is not None and after[0] == end + timedelta(days=1):
                add(day, None, after[1], None)  # before and after grace: one range
            else:
                if matches:
                    add(day, None, end, None)
                if after is not None:
                    add(day, after[0], after[1], None)
        day += timedelta(days=1)
    return found


def renewal_reminder(paid_until: date, today: date) -> int | None:
    """Which renewal reminder is due (004): ``30`` from 30 down to 8 days before
    the end date, ``7`` from 7 down to 1 day before, ``0`` on the day, else ``None``."""
    left = (paid_until - today).days
    if 8 <= left <= 30:
        return 30
    if 1 <= left <= 7:
        return 7
    if left == 0:
        return 0
    return None


# --------------------------------------------------------------------------- on-premise


def onprem_activation_deadline(purchased_on: date) -> date:
    """The last day to activate an on-premise license: 6 calendar months after
    purchase (002); after it the license activates itself."""
    return add_months(purchased_on, ONPREM_ACTIVATION_MONTHS)


def onprem_purchase_range(first: date, last: date) -> tuple[date, date] | None:
    """The purchase days whose activation deadline (:func:`onprem_activation_deadline`)
    falls in ``first`` … ``last``: one range, as the deadline never goes back when
    the purchase day moves on; ``None`` when no day does."""
    day = add_months(first, -ONPREM_ACTIVATION_MONTHS) - timedelta(days=4)
    while onprem_activation_deadline(day) < first:
        day += timedelta(days=1)
    start = day
    while onprem_activation_deadline(day + timedelta(days=1)) <= last:
        day += timedelta(days=1)
    if onprem_activation_deadline(start) > last:
        return None
    return start, day


def onprem_activation_date(purchased_on: date, activated_on: date | None = None) -> date:
    """When the license's year of updates starts: its activation, or the automatic
    activation at the deadline when it was not activated in time."""
    deadline = onprem_activation_deadline(purchased_on)
    if activated_on is None or activated_on > deadline:
        return deadline
    return activated_on


def updates_until(activated_on: date, months: int = UPDATES_MONTHS) -> date:
    """The **last covered day** of the updates and support period that starts on
    ``activated_on``: a license "includes one year of updates and support" (002),
    so activated 10 Mar 2026 it is covered through 9 Mar 2027, and 10 Mar 2027 is
    the first day without updates.

    This is the meaning of every stored ``updates_until`` (as of every stored
    "paid until": the last paid day); :func:`~b24desk.domain.pricing.updates_renewal_rate`
    counts the days after the lapse from it.
    """
    return add_months(activated_on, months) - timedelta(days=1)


def updates_renewal_period(current_until: date, months: int = UPDATES_MONTHS) -> tuple[date, date]:
    """The first and last covered day that an updates renewal of ``months`` adds to
    a license covered through ``current_until``.

    002: the renewal coupon lets the client "extender su suscripción a los
    servicios de actualizaciones y soporte técnico por un año más" — it extends
    the license's period by one more year, the year that follows the last covered
    day, whether it is bought early, on time (22 %) or late (60 %).  A late renewal
    does not restart from the day it is activated: the lapsed days are part of the
    year it pays for.
    """
    start = current_until + timedelta(days=1)
    return start, updates_until(start, months)


def registration_deadline(purchased_on: date) -> date:
    """The last day to register a product to its end user: 7 days after purchase
    (001 §2.3)."""
    return purchased_on + timedelta(days=REGISTRATION_DAYS)


# --------------------------------------------------------------------------- coupons


def coupon_activation_deadline(purchased_on: date) -> date:
    """The last day to activate a coupon: 7 days after purchase (001 §2.3)."""
    return purchased_on + timedelta(days=COUPON_ACTIVATION_DAYS)


def coupon_days_left(purchased_on: date, today: date) -> int:
    """Days left to activate: 7 on the purchase day, 0 on the last day, negative
    once expired."""
    return (coupon_activation_deadline(purchased_on) - today).days


def coupon_warning(purchased_on: date, today: date, *, activated_on: date | None = None) -> bool:
    """Whether the desk warns about a coupon not activated yet: from day 5 after
    purchase through the last day (day 7).  Expired coupons show their state
    instead; activated ones never warn."""
    if activated_on is not None and activated_on <= today:
        return False
    age = (today - purchased_on).days
    return COUPON_WARNING_DAY <= age <= COUPON_ACTIVATION_DAYS


def coupon_state(
    purchased_on: date,
    today: date,
    *,
    assigned: bool = False,
    activated_on: date | None = None,
    void: bool = False,
) -> CouponState:
    """``in_stock`` → ``assigned`` (to a client) → ``activated``; ``expired`` when not
    activated by :func:`coupon_activation_deadline`; ``void`` when cancelled."""
    if void:
        return "void"
    if activated_on is not None and activated_on <= today:
        return "activated"
    if today > coupon_activation_deadline(purchased_on):
        return "expired"
    return "assigned" if assigned else "in_stock"
