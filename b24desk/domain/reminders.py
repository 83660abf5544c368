"""Which reminder is due on a day (issue #16): renewal stages and overdue stages.

**Windows.**  A stage is due from its day until the next stage begins, so a desk that
was closed on the day still sends it the next time it runs, but a stage whose window
has passed is never sent late (the next stage is sent instead):

* renewal (004 "когда нужно продлевать": 30 days before, 7 days before and on the
  day): ``"30"`` from 30 down to 8 days before ``paid_until``, ``"7"`` from 7 down to
  1 day before, ``"0"`` on the day itself (:func:`~b24desk.domain.lifecycle.renewal_reminder`);
* ``"grace"`` on every day of the grace period (``paid_until`` + 1 … + grace days);
* ``"frozen"`` on every day a cloud portal is frozen because nobody logged in after
  its paid period and grace, until it is deleted (a portal used on the free plan
  afterwards and frozen later for inactivity is no longer a renewal matter);
* overdue: each day count the office sets (``"3,14,30"``) is due from that many days
  after the due date until the next one; the last stays due until it is sent.

Which stages were already queued is the store's business (``ReminderSent``, one row
per kind, stage, record and period): each stage is sent once per period.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from b24desk.domain.errors import ValidationError
from b24desk.domain.lifecycle import cloud_lifecycle, grace_end, renewal_reminder
from b24desk.i18n import _

__all__ = [
    "RENEWAL_STAGES",
    "check_overdue_stages",
    "last_stage_day",
    "overdue_stage",
    "parse_overdue_stages",
    "renewal_kind",
    "renewal_stage",
]

#: The renewal stages in the order they come, with the mail kind each is sent as.
RENEWAL_STAGES = {"30": "renewal", "7": "renewal", "0": "renewal", "grace": "grace",
                  "frozen": "frozen"}  # fmt: skip


def renewal_kind(stage: str) -> str:
    """The mail kind of a renewal stage ("30"/"7"/"0": ``renewal``)."""
    try:
        return RENEWAL_STAGES[stage]
    except KeyError:
        raise ValueError(f"unknown renewal stage {stage!r}") from None


def renewal_stage(
    paid_until: date,
    today: date,
    *,
    cloud: bool = True,
    last_user_login: date | None = None,
    last_admin_login: date | None = None,
    grace_days: int = 15,
) -> str | None:
    """The renewal stage due on ``today`` for a term paid until ``paid_until`` (see the
    module's windows), or ``None``.  Grace and frozen warnings are for cloud portals
    only (domain.md §2)."""
    days = renewal_reminder(paid_until, today)
    if days is not None:
        return str(days)
    if not cloud or today <= paid_until:
        return None
    life = cloud_lifecycle(
        paid_until,
        today,
        last_user_login=last_user_login,
        last_admin_login=last_admin_login,
        grace_days=grace_days,
    )
    if life.state == "grace":
        return "grace"
    logins = [d for d in (last_user_login, last_admin_login) if d is not None]
    used_after_grace = bool(logins) and max(logins) > grace_end(paid_until, grace_days)
    if life.state == "frozen" and not used_after_grace:
        return "frozen"
    return None


def last_stage_day(grace_days: int) -> int:
    """The most days after ``paid_until`` on which :func:`renewal_stage` can be due:
    the grace period, the month after it (at most 31 days), the freeze day and the
    15 frozen days before deletion."""
    return grace_days + 31 + 1 + 15


#: Bounds of the office's overdue stages (days after the due date, how many stages).
MAX_OVERDUE_DAYS = 365
MAX_OVERDUE_STAGES = 10


def check_overdue_stages(text: str) -> tuple[int, ...]:
    """The overdue reminder stages typed as ``"3, 14, 30"``: increasing whole days after
    the due date, 1 to 365, at most ten; empty means no overdue reminders.  Anything
    else is a :class:`ValidationError` of the field ``overdue_stages``."""
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    if parts == [""]:
        return ()
    bad = ValidationError(
        "overdue_stages",
        _(
            "Write days after the due date from 1 to {max}, increasing and separated "
            "by commas (e.g. 3, 14, 30)."
        ).format(max=MAX_OVERDUE_DAYS),
    )
    if len(parts) > MAX_OVERDUE_STAGES:
        raise bad
    days: list[int] = []
    for part in parts:
        if not (part.isascii() and part.isdigit()):
            raise bad
        day = int(part)
        if not 1 <= day <= MAX_OVERDUE_DAYS or (days and day <= days[-1]):
            raise bad
        days.append(day)
    return tuple(days)


def parse_overdue_stages(text: str) -> tuple[int, ...]:
    """The office's overdue stages "3, 14,30" as ``(3, 14, 30)``: whole days after the
    due date, at least 1, sorted, each once; anything else in the text is ignored."""
    days: set[int] = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if part.isdigit() and int(part) >= 1:
            days.add(int(part))
    return tuple(sorted(days))


def overdue_stage(due_date: date, today: date, stages: Iterable[int]) -> str | None:
    """The overdue stage due on ``today`` for an invoice due on ``due_date`` and still
    owed: the largest stage reached (``"14"`` from 14 days after the due date until the
    next stage), or ``None`` before the first."""
    late = (today - due_date).days
    reached = [stage for stage in stages if stage <= late]
    return str(max(reached)) if reached else None
