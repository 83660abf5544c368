"""What the office may still claim from the partner programme, and what it risks.

The queries behind the rules of :mod:`b24desk.domain.partner_rules`:

* the office's **NFR licences** (recording, extending, listing them with what
  happens when each ends) and what its status still lets it claim (001 §8);
* the **kickstart bonus**'s prerequisites: the NFR claimed, the tutorial done, the
  website endorsement (001 §9);
* the **deadlines** of its standing: the Bronze cancellation 90 days after
  acceptance, and a suspension after six months of zero activity from registration
  (001 §3.4), shown on the Partner targets tab and on Today.

Nothing new is stored: the dates come from the partner profile (acceptance,
registration), course completions, checklist rows, NFR licences, bonuses, and the
office's own work (coupons bought, tickets answered) as its activity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from b24desk.domain import partner_rules as rules
from b24desk.domain.errors import ErrorCollector, ValidationError, field_label
from b24desk.domain.partner_rules import Deadline, Kickstart, NfrAllowance, NfrHeld
from b24desk.domain.validation import normalize_portal_url
from b24desk.i18n import N_, _, format_date
from b24desk.store import events
from b24desk.store.db import transaction
from b24desk.store.models import (
    NFR_KINDS,
    Bonus,
    Client,
    Coupon,
    CourseCompletion,
    NfrLicense,
    PartnerProfile,
    Plan,
    Requirement,
    Subscription,
    Ticket,
)

__all__ = [
    "ACTIVITY_KEYS",
    "NfrView",
    "PartnerClaims",
    "add_nfr",
    "claims",
    "deadline_texts",
    "deadlines",
    "done_map",
    "extend_nfr",
    "first_activity_on",
    "nfr_default_expiry",
    "nfr_licenses",
    "portal_paid_before",
]

QBR_KEY = "business_review"
#: Checklist items whose date is activity in the sense of 001 def. (s) ("endorsing
#: Bitrix24 products on partners company website").
ACTIVITY_KEYS = ("website_endorsement", "social_endorsement")

LABELS = {
    "kind": N_("Kind"),
    "reference": N_("Portal or key"),
    "starts_on": N_("Start date"),
    "expires_on": N_("Expiry date"),
}


def _label(field: str) -> str:
    return _(LABELS[field]) if field in LABELS else field_label(field)


def _status() -> str:
    return str(PartnerProfile.get_by_id(1).status)


# --------------------------------------------------------------------------- done dates


def done_map() -> tuple[dict[str, date], dict[str, Requirement], list[date]]:
    """The day each checklist item was done (courses, ``Requirement`` rows, the cloud
    NFR claimed on its row's date or else the first cloud NFR's start), the
    ``Requirement`` rows by key, and the quarterly reviews held (sorted)."""
    done: dict[str, date] = {}
    for course in CourseCompletion.select():
        done[course.course] = course.completed_on
    rows: dict[str, Requirement] = {}
    reviews: list[date] = []
    for row in Requirement.select().order_by(Requirement.id):
        if row.key == QBR_KEY:
            if row.done_on is not None:
                reviews.append(row.done_on)
            continue
        rows[row.key] = row
        if row.done_on is not None:
            done[row.key] = row.done_on
    if "nfr_claimed" not in done:
        first_cloud = (
            NfrLicense.select(NfrLicense.starts_on)
            .where(NfrLicense.kind == "cloud")
            .order_by(NfrLicense.starts_on)
            .first()
        )
        if first_cloud is not None:
            done["nfr_claimed"] = first_cloud.starts_on
    return done, rows, sorted(reviews)


def first_activity_on(done: dict[str, date] | None = None) -> date | None:
    """The first day of the office's activity (001 def. (s)): its first coupon bought
    (reselling), website or social endorsement, or first answer to a client ticket
    (support).  ``None`` when nothing is recorded."""
    found: list[date] = []
    done = done if done is not None else done_map()[0]
    found += [done[key] for key in ACTIVITY_KEYS if key in done]
    coupon = (
        Coupon.select(Coupon.purchased_on)
        .where(Coupon.state != "void")
        .order_by(Coupon.purchased_on)
        .first()
    )
    if coupon is not None:
        found.append(coupon.purchased_on)
    ticket = (
        Ticket.select(Ticket.first_reply_at)
        .where(Ticket.first_reply_at.is_null(False))
        .order_by(Ticket.first_reply_at)
        .first()
    )
    if ticket is not None:
        found.append(ticket.first_reply_at.date())
    return min(found, default=None)


# --------------------------------------------------------------------------- NFR


@dataclass(frozen=True)
class NfrView:
    """One NFR licence as the tab lists it."""

    id: int
    kind: str
    reference: str
    starts_on: date
    expires_on: date
    extended: bool
    expired: bool
    #: The day a Bronze partner's NFR account rolls back to the free plan.
    falls_back_on: date | None = None
    #: The new last day if it were extended today (``None``: it cannot be).
    extends_to: date | None = None


def _held(row: NfrLicense) -> NfrHeld:
    return NfrHeld(row.kind, row.starts_on, row.expires_on, row.extended, row.id)


def _view(status: str, row: NfrLicense, today: date) -> NfrView:
    held = _held(row)
    try:
        extends_to: date | None = rules.nfr_extension(status, held, today)
    except ValidationError:
        extends_to = None
    return NfrView(
        row.id,
        row.kind,
        row.reference,
        row.starts_on,
        row.expires_on,
        row.extended,
        today > row.expires_on,
        rules.nfr_falls_back_to_free(status, held),
        extends_to,
    )


def _licences() -> list[NfrLicense]:
    return list(NfrLicense.select().order_by(NfrLicense.expires_on.desc(), NfrLicense.id.desc()))


def nfr_licenses(today: date) -> list[NfrView]:
    """The office's NFR subscriptions and keys, the latest to expire first."""
    status = _status()
    return [_view(status, n, today) for n in _licences()]


def nfr_default_expiry(kind: str, starts_on: date) -> date:
    """NFR cloud subscriptions run 6 months, on-premise keys 12 (the last day)."""
    return rules.nfr_expiry(kind if kind in rules.NFR_MONTHS else "on_premise", starts_on)


def portal_paid_before(url: str) -> bool:
    """Whether the desk knows a commercial (paid) subscription on the portal ``url``,
    or a client on it who held a paid subscription before (not a new client)."""
    paid = (
        Subscription.select(Subscription.id)
        .join(Plan)
        .where((Subscription.portal_url == url) & (Plan.paid == True))  # noqa: E712
        .exists()
    )
    if paid:
        return True
    return bool(
        Client.select(Client.id)
        .where((Client.portal_url == url) & (Client.new_client == False))  # noqa: E712
        .exists()
    )


def add_nfr(kind: str, reference: str, starts_on: date, expires_on: date) -> NfrLicense:
    """Record an NFR cloud subscription (``reference``: its portal address) or
    on-premise key, as :func:`b24desk.domain.partner_rules.check_nfr_claim` allows:
    a cloud NFR only on a portal that never paid, keys only for Silver and Gold, no
    more than the status's allowance, no longer than the initial 6 / 12 months."""
    errors = ErrorCollector()
    if kind not in NFR_KINDS:
        errors.add(
            ValidationError(
                "kind",
                _("{field}: \u201c{value}\u201d is not a kind of NFR license.").format(
                    field=_label("kind"), value=kind
                ),
            )
        )
    ref = (reference or "").strip()
    with errors.check():
        if kind == "cloud":
            ref = normalize_portal_url(ref, "reference")
        elif not ref:
            raise ValidationError(
                "reference", _("{field} is required.").format(field=_label("reference"))
            )
    for name, value in (("starts_on", starts_on), ("expires_on", expires_on)):
        if value is None:
            errors.add(
                ValidationError(name, _("{field} is required.").format(field=_label(name)))
            )
        elif not isinstance(value, date):
            raise TypeError(f"{name} must be a date, not {type(value).__name__}")
    if isinstance(starts_on, date) and isinstance(expires_on, date) and expires_on <= starts_on:
        errors.add(ValidationError("expires_on", _("The license must expire after it starts.")))
    errors.raise_if_any()
    with transaction():
        held = [_held(n) for n in _licences()]
        rules.check_nfr_claim(
            _status(),
            kind,
            held,
            starts_on,
            expires_on,
            portal_paid_before=kind == "cloud" and portal_paid_before(ref),
        )
        row = NfrLicense.create(
            kind=kind, reference=ref, starts_on=starts_on, expires_on=expires_on
        )
    events.notify(events.PARTNER)
    return row


def extend_nfr(nfr_id: int, on: date) -> NfrLicense:
    """Extend an NFR licence on ``on`` (Silver and Gold only; a key once, for another
    12 months; a cloud subscription by another 6): its new expiry follows
    :func:`b24desk.domain.partner_rules.nfr_extension`."""
    with transaction():
        row = NfrLicense.get_by_id(nfr_id)
        new_end = rules.nfr_extension(_status(), _held(row), on)
        NfrLicense.update(expires_on=new_end, extended=True).where(
            NfrLicense.id == nfr_id
        ).execute()
    events.notify(events.PARTNER)
    return NfrLicense.get_by_id(nfr_id)


# --------------------------------------------------------------------------- claims


@dataclass(frozen=True)
class PartnerClaims:
    """NFR allowances and licences, the kickstart bonus and the standing deadlines."""

    status: str
    nfr_allowances: tuple[NfrAllowance, ...]
    nfr: tuple[NfrView, ...]
    kickstart: Kickstart
    deadlines: tuple[Deadline, ...]


def _deadlines(
    profile: PartnerProfile, done: dict[str, date], first_activity: date | None
) -> tuple[Deadline, ...]:
    found = (
        rules.bronze_cancellation(profile.status, profile.accepted_on, done),
        rules.suspension(profile.registered_on, first_activity),
    )
    return tuple(d for d in found if d is not None)


def claims(today: date, done: dict[str, date] | None = None) -> PartnerClaims:
    """Everything the tab's claims panel shows (a few small reads)."""
    profile = PartnerProfile.get_by_id(1)
    done = done if done is not None else done_map()[0]
    rows = _licences()
    kick = Bonus.select(Bonus.credited_on).where(Bonus.kind == "kickstart").first()
    return PartnerClaims(
        status=profile.status,
        nfr_allowances=rules.nfr_allowances(profile.status, [_held(n) for n in rows], today),
        nfr=tuple(_view(profile.status, n, today) for n in rows),
        kickstart=rules.kickstart(
            profile.registered_on or profile.accepted_on,
            profile.accepted_on,
            done,
            kick.credited_on if kick is not None else None,
        ),
        deadlines=_deadlines(profile, done, first_activity_on(done)),
    )


def deadlines() -> list[Deadline]:
    """The standing deadlines not met (for the Today tab), the earliest first."""
    profile = PartnerProfile.get_by_id(1)
    done = done_map()[0]
    found = _deadlines(profile, done, first_activity_on(done))
    return sorted((d for d in found if not d.met), key=lambda d: d.due_on)


# --------------------------------------------------------------------------- texts

DEADLINE_TITLES = {
    "bronze_cancellation": N_("Bronze status cancellation"),
    "suspension": N_("Suspension for zero activity"),
}


def deadline_texts(deadline: Deadline, today: date) -> tuple[str, str]:
    """``(title, detail)`` of a standing deadline, as Today and the tab show it."""
    title = _(DEADLINE_TITLES[deadline.kind])
    missing = "; ".join(_(label) for label in deadline.missing)
    due, effective = format_date(deadline.due_on), format_date(deadline.effective_on)
    if deadline.met:
        met = format_date(deadline.met_on) if deadline.met_on else ""
        if deadline.kind == "bronze_cancellation":
            return title, _("Bronze requirements met on {date}").format(date=met)
        return title, _("Activity recorded on {date}").format(date=met)
    if deadline.kind == "bronze_cancellation":
        if today <= deadline.due_on:
            detail = _("Cancelled on {effective} unless done by {due}: {missing}").format(
                effective=effective, due=due, missing=missing
            )
        else:
            detail = _(
                "Not done by {due}: the status can be cancelled since {effective} ({missing})"
            ).format(due=due, effective=effective, missing=missing)
        return title, detail
    if today <= deadline.due_on:
        detail = _(
            "No activity since registration: the account can be suspended from {effective} "
            "unless there is activity by {due} (a sale, a website endorsement, client support)"
        ).format(effective=effective, due=due)
    else:
        detail = _(
            "No activity in the six months after registration: the account can be "
            "suspended since {effective}"
        ).format(effective=effective)
    return title, detail
