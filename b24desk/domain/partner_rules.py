"""Partner programme rules beside the figures (001 §3.4, §8, §9–10).

* **NFR licences** (001 §8): what each status may hold and claim, how long each
  runs, who may extend it, and what happens when it ends.
* **Bonuses** (001 §9–10): how long a kickstart or award bonus is valid, and the
  kickstart bonus's eligibility and prerequisites.
* **Standing** (001 §3.4): the Bronze cancellation 90 days after acceptance when
  the Bronze requirements are unmet, and the suspension of a partner account
  with zero activity six months after registration.

Dates follow :mod:`b24desk.domain.lifecycle`: "N days after X" covers X+1 … X+N,
and a stored expiry is the last valid day.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType

from b24desk.domain.errors import ValidationError
from b24desk.domain.lifecycle import add_months
from b24desk.domain.targets import (
    BRONZE_REQUIREMENTS_DAYS,
    REQUIREMENTS,
    STATUS_NAMES,
    status_rule,
)
from b24desk.i18n import N_, _, format_date, ngettext

__all__ = [
    "AWARD_MAX",
    "AWARD_MIN",
    "BONUS_VALID_DAYS",
    "DUE_SOON_DAYS",
    "KICKSTART_APPLIED_AFTER",
    "KICKSTART_ITEMS",
    "KICKSTART_MAX",
    "NFR_ALLOWANCE",
    "NFR_EXTENDABLE",
    "NFR_EXTENSION_MONTHS",
    "NFR_MONTHS",
    "SUSPENSION_MONTHS",
    "Deadline",
    "Kickstart",
    "KickstartItem",
    "NfrAllowance",
    "NfrHeld",
    "bonus_expiry",
    "bronze_cancellation",
    "check_nfr_claim",
    "kickstart",
    "nfr_allowances",
    "nfr_expiry",
    "nfr_extension",
    "nfr_falls_back_to_free",
    "suspension",
]

# --------------------------------------------------------------------------- NFR

#: NFR licences a status may hold: (cloud subscriptions, on-premise keys)
#: (001 §3.1: Bronze and Silver one cloud account, Gold two; Silver one on-premise
#: key, Gold two; Bronze none).
NFR_ALLOWANCE: Mapping[str, tuple[int, int]] = MappingProxyType(
    {"bronze": (1, 0), "silver": (1, 1), "gold": (2, 2)}
)
#: Initial validity in months (001 §8.1.2: cloud 6; §8.2.2: on-premise key 12).
NFR_MONTHS: Mapping[str, int] = MappingProxyType({"cloud": 6, "on_premise": 12})
#: One extension adds this many months (a key: "another 12 months"; a cloud
#: subscription: the seed gives no figure, so another initial period of 6).
NFR_EXTENSION_MONTHS: Mapping[str, int] = MappingProxyType({"cloud": 6, "on_premise": 12})
#: The statuses whose NFR licences can be extended (001 §8.1.2, §8.2.2).
NFR_EXTENDABLE = ("silver", "gold")


@dataclass(frozen=True)
class NfrHeld:
    """An NFR licence the office holds or held; ``expires_on`` is its last day."""

    kind: str  # "cloud" or "on_premise"
    starts_on: date
    expires_on: date
    extended: bool = False
    id: Hashable = None

    def active(self, on: date) -> bool:
        return self.starts_on <= on <= self.expires_on


def nfr_expiry(kind: str, starts_on: date) -> date:
    """The last day of a new NFR licence: a cloud subscription runs 6 months, an
    on-premise key 12 (starting 1 Jan, they end on 30 Jun / 31 Dec)."""
    return add_months(starts_on, NFR_MONTHS[kind]) - timedelta(days=1)


@dataclass(frozen=True)
class NfrAllowance:
    """One kind of NFR licence for the office's status on a day."""

    kind: str
    allowed: int  # how many the status grants
    used: int  # how many of those are taken
    active: int  # how many run on the day
    months: int  # initial validity of a new one
    extendable: bool  # the status may extend them

    @property
    def may_claim(self) -> int:
        return max(0, self.allowed - self.used)


def _used(status: str, kind: str, held: Iterable[NfrHeld], on: date) -> int:
    same = [n for n in held if n.kind == kind]
    if kind == "cloud" and status not in NFR_EXTENDABLE:
        # A Bronze NFR subscription is not extended and rolls back to the free plan
        # (001 §8.1.2): the one subscription stays used once it was claimed.
        return len(same)
    return sum(1 for n in same if n.active(on))


def nfr_allowances(status: str, held: Iterable[NfrHeld], on: date) -> tuple[NfrAllowance, ...]:
    """What ``status`` grants and what the office may still claim on ``on``: one
    :class:`NfrAllowance` for cloud subscriptions, one for on-premise keys."""
    rule = status_rule(status)
    items = list(held)
    out = []
    for index, kind in enumerate(("cloud", "on_premise")):
        out.append(
            NfrAllowance(
                kind=kind,
                allowed=NFR_ALLOWANCE[rule.status][index],
                used=_used(rule.status, kind, items, on),
                active=sum(1 for n in items if n.kind == kind and n.active(on)),
                months=NFR_MONTHS[kind],
                extendable=rule.status in NFR_EXTENDABLE,
            )
        )
    return tuple(out)


def check_nfr_claim(
    status: str,
    kind: str,
    held: Iterable[NfrHeld],
    starts_on: date,
    expires_on: date,
    *,
    portal_paid_before: bool = False,
) -> None:
    """Raise a :class:`ValidationError` when the office may not claim this NFR.

    * cloud: only on a free account that never bought a commercial subscription
      (001 §8.1.1); on-premise keys only for Silver and Gold (001 §8.2.1);
    * no more than the status's allowance (see :func:`nfr_allowances`);
    * no longer than the initial period (:func:`nfr_expiry`): a longer one is an
      extension (:func:`nfr_extension`).
    """
    rule = status_rule(status)
    if kind == "cloud" and portal_paid_before:
        raise ValidationError(
            "reference",
            _(
                "An NFR subscription is only activated on a free Bitrix24 account that "
                "has never bought a commercial subscription; this portal has."
            ),
        )
    if kind == "on_premise" and rule.status not in NFR_EXTENDABLE:
        raise ValidationError(
            "kind", _("On-premise NFR keys are for Silver and Gold partners only.")
        )
    allowance = {a.kind: a for a in nfr_allowances(rule.status, held, starts_on)}[kind]
    if allowance.may_claim <= 0:
        if kind == "cloud" and rule.status not in NFR_EXTENDABLE:
            message = _(
                "A Bronze partner claims one NFR subscription: it is not extended and "
                "the account rolls back to the free plan."
            )
        else:
            message = ngettext(
                "A {status} partner holds at most {count} such NFR license at a time.",
                "A {status} partner holds at most {count} such NFR licenses at a time.",
                allowance.allowed,
            ).format(status=_(STATUS_NAMES[rule.status]), count=allowance.allowed)
        raise ValidationError("kind", message)
    last = nfr_expiry(kind, starts_on)
    if expires_on > last:
        raise ValidationError(
            "expires_on",
            ngettext(
                "A new NFR license runs {months} month: until {date} at the latest.",
                "A new NFR license runs {months} months: until {date} at the latest.",
                NFR_MONTHS[kind],
            ).format(
                months=NFR_MONTHS[kind], date=format_date(last)
            ),
        )


def nfr_extension(status: str, nfr: NfrHeld, on: date) -> date:
    """The new last day when ``nfr`` is extended on ``on``; a
    :class:`ValidationError` when it may not be (001 §8.1.2, §8.2.2):

    * only Silver and Gold extend; a Bronze NFR subscription rolls back to the
      free plan when it ends;
    * an expired licence is not extended;
    * an on-premise key is extended once, "for another 12 months".
    """
    rule = status_rule(status)
    if rule.status not in NFR_EXTENDABLE:
        raise ValidationError(
            "status",
            _(
                "Only Silver and Gold partners can extend an NFR license; on {date} a "
                "Bronze partner's NFR subscription rolls back to the free plan."
            ).format(date=format_date(nfr.expires_on + timedelta(days=1))),
        )
    if on > nfr.expires_on:
        raise ValidationError(
            "expires_on",
            _("This NFR license expired on {date}: it can no longer be extended.").format(
                date=format_date(nfr.expires_on)
            ),
        )
    if nfr.kind == "on_premise" and nfr.extended:
        raise ValidationError(
            "extended", _("An on-premise NFR key is extended once, for another 12 months.")
        )
    return add_months(nfr.expires_on + timedelta(days=1), NFR_EXTENSION_MONTHS[nfr.kind]) - (
        timedelta(days=1)
    )


def nfr_falls_back_to_free(status: str, nfr: NfrHeld) -> date | None:
    """The day a Bronze partner's NFR cloud account rolls back to the free plan (the
    day after it ends, 001 §8.1.2); ``None`` for keys and for Silver and Gold."""
    if nfr.kind != "cloud" or status_rule(status).status in NFR_EXTENDABLE:
        return None
    return nfr.expires_on + timedelta(days=1)


# --------------------------------------------------------------------------- bonuses

#: The kickstart bonus is valid this many days after acceptance (001 §9).
BONUS_VALID_DAYS = 90
#: Award bonuses: 1 000–5 000; kickstart: 1 000 (001 §9–10).
AWARD_MIN, AWARD_MAX = Decimal(1000), Decimal(5000)
KICKSTART_MAX = Decimal(1000)
#: Only partners that applied after this day may apply for the kickstart bonus (001 §9).
KICKSTART_APPLIED_AFTER = date(2019, 12, 31)
_CHECKLIST_LABELS = {key: label for items in REQUIREMENTS.values() for key, label in items}
#: The kickstart bonus's prerequisites (001 §9): items of the status checklist.  The
#: seed's list ends with "…services; and" and nothing after it: these three are all
#: it names.
KICKSTART_ITEMS: tuple[tuple[str, str], ...] = tuple(
    (key, _CHECKLIST_LABELS[key]) for key in ("nfr_claimed", "tutorial", "website_endorsement")
)


def bonus_expiry(kind: str, credited_on: date, accepted_on: date | None) -> date:
    """The last day a bonus can be used (001 §9–10): a kickstart bonus 90 days after
    the acceptance into the programme (after ``credited_on`` when the acceptance
    date is not recorded); an award bonus until 31 December of the year credited."""
    if kind == "kickstart":
        return (accepted_on or credited_on) + timedelta(days=BONUS_VALID_DAYS)
    if kind == "award":
        return date(credited_on.year, 12, 31)
    raise ValidationError(
        "kind",
        _("{field}: \u201c{value}\u201d is not a kind of bonus.").format(
            field=_("Kind"), value=kind
        ),
    )


@dataclass(frozen=True)
class KickstartItem:
    key: str
    label: str  # English; translate where shown
    done_on: date | None

    @property
    def done(self) -> bool:
        return self.done_on is not None


@dataclass(frozen=True)
class Kickstart:
    """The kickstart bonus: may the office apply, what is missing, until when."""

    applied_on: date | None  # the application (registration) date
    valid_until: date | None  # the last day the bonus can be used
    items: tuple[KickstartItem, ...]
    credited_on: date | None

    @property
    def eligible(self) -> bool | None:
        """Applied after 31 Dec 2019; ``None`` while the date is not recorded."""
        if self.applied_on is None:
            return None
        return self.applied_on > KICKSTART_APPLIED_AFTER

    @property
    def missing(self) -> tuple[KickstartItem, ...]:
        return tuple(i for i in self.items if not i.done)

    def state(self, today: date) -> str:
        """"credited", "not_eligible", "unknown" (no application date), "expired"
        (the 90 days are over), "ready" (every prerequisite done: apply now) or
        "open" (prerequisites missing)."""
        if self.credited_on is not None:
            return "credited"
        if self.eligible is False:
            return "not_eligible"
        if self.eligible is None:
            return "unknown"
        if self.valid_until is not None and today > self.valid_until:
            return "expired"
        return "open" if self.missing else "ready"


def kickstart(
    applied_on: date | None,
    accepted_on: date | None,
    done: Mapping[str, date | None],
    credited_on: date | None = None,
) -> Kickstart:
    """The kickstart bonus of a partner that applied on ``applied_on`` and was accepted
    on ``accepted_on``; ``done`` maps the :data:`KICKSTART_ITEMS` keys to the day
    each prerequisite was met."""
    valid = accepted_on + timedelta(days=BONUS_VALID_DAYS) if accepted_on else None
    items = tuple(KickstartItem(key, label, done.get(key)) for key, label in KICKSTART_ITEMS)
    return Kickstart(applied_on, valid, items, credited_on)


# --------------------------------------------------------------------------- standing

#: A partner account with zero activity this many months after registration can be
#: suspended (001 §3.4).
SUSPENSION_MONTHS = 6
#: Days before a deadline from which it shows as a warning (else as information).
DUE_SOON_DAYS = 30
#: The Bronze requirements (001 §3.1.1) and the activity that avoids a suspension.
BRONZE_ITEMS: tuple[tuple[str, str], ...] = tuple(REQUIREMENTS["bronze"])
ACTIVITY_LABEL = N_("Any activity: a sale, an endorsement on the website, support to clients")


@dataclass(frozen=True)
class Deadline:
    """A measure the programme takes on ``effective_on`` unless what is ``missing``
    is done by ``due_on`` (its last day)."""

    kind: str  # "bronze_cancellation" or "suspension"
    due_on: date
    effective_on: date
    missing: tuple[str, ...]  # English labels; translate where shown
    met_on: date | None  # the day the last requirement was met in time

    @property
    def met(self) -> bool:
        return not self.missing

    def severity(self, today: date) -> str | None:
        """``None`` when met; "danger" once past due; "warning" within 30 days;
        else "info"."""
        if self.met:
            return None
        if today > self.due_on:
            return "danger"
        if (self.due_on - today).days <= DUE_SOON_DAYS:
            return "warning"
        return "info"


def bronze_cancellation(
    status: str, accepted_on: date | None, done: Mapping[str, date | None]
) -> Deadline | None:
    """001 §3.4: a Bronze status is cancelled after 90 days from the acceptance when
    the tutorial is not completed and the NFR cloud subscription not claimed by then
    (``done``: the day each was done).  ``None`` for Silver and Gold, and while the
    acceptance date is not recorded."""
    if status_rule(status).status != "bronze" or accepted_on is None:
        return None
    due = accepted_on + timedelta(days=BRONZE_REQUIREMENTS_DAYS)
    in_time = {key: done.get(key) for key, _label in BRONZE_ITEMS}
    missing = tuple(label for key, label in BRONZE_ITEMS if not _by(in_time[key], due))
    met_on = None if missing else max(d for d in in_time.values() if d is not None)
    return Deadline("bronze_cancellation", due, due + timedelta(days=1), missing, met_on)


def suspension(registered_on: date | None, first_activity_on: date | None) -> Deadline | None:
    """001 §3.4: a partner account can be suspended for zero activity after six
    months from its registration date.  Its six months end the day before
    ``registered_on + 6 months``; activity (``first_activity_on``: the first sale,
    endorsement or client support) on or before that day avoids it."""
    if registered_on is None:
        return None
    effective = add_months(registered_on, SUSPENSION_MONTHS)
    due = effective - timedelta(days=1)
    met = _by(first_activity_on, due)
    return Deadline(
        "suspension",
        due,
        effective,
        () if met else (ACTIVITY_LABEL,),
        first_activity_on if met else None,
    )


def _by(done_on: date | None, due: date) -> bool:
    return done_on is not None and done_on <= due
