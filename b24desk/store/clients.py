"""Clients, their subscriptions and activity log (domain.md §1–2): queries and changes.

The Clients tab reads everything through :func:`client_listing` (one SQL query per
page: the current subscription is joined through a correlated sub-select, open
tickets and the amount due are correlated scalar sub-selects) and
:func:`client_detail`.  Every change validates with the domain layer first, runs in
one :func:`~b24desk.store.db.transaction`, writes the activity log, and then calls
:func:`~b24desk.store.events.notify`.

Lifecycle states in SQL
-----------------------
The "state" filter translates :func:`b24desk.domain.lifecycle.cloud_state` into
conditions on the current subscription's ``paid_until`` and login dates, *exactly*
(a test compares both on a grid of cases):

* ``active`` / ``grace``: ``paid_until`` against ``today`` and ``today − grace_days``;
* ``free`` / ``frozen`` / ``deleted`` depend on the freeze date ``F``.  When nobody
  logged in after the grace period, ``F = add_months(paid_until + grace, 1) + 1``,
  which grows with ``paid_until``: so "``F ≤ d``" is "``paid_until ≤ P(d)``" for a
  date ``P(d)`` computed in Python (:func:`_last_paid_until_frozen_by`).  When
  someone logged in after grace (or the portal never paid), ``F = last login + 31``,
  so "``F ≤ d``" is "every login ≤ ``d − 31``".  Whether a login falls after grace
  compares two columns (``login > paid_until + grace``): the only date arithmetic
  done by the database, written for SQLite and PostgreSQL (:func:`_date_plus`).

Only cloud subscriptions have these states; a client whose current subscription is
an on-premise license, or who has none, matches no state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import peewee
from peewee import JOIN, fn

from b24desk.domain import vocabulary
from b24desk.domain.errors import ErrorCollector, ValidationError, ValidationErrors
from b24desk.domain.lifecycle import (
    CloudState,
    add_months,
    cloud_lifecycle,
    grace_end,
    renewal_reminder,
    updates_renewal_period,
)
from b24desk.domain.pricing import validate_onprem_seats
from b24desk.domain.validation import (
    normalize_portal_url,
    same_domain_warning,
    validate_country,
    validate_currency,
    validate_email,
    validate_language,
    validate_required,
)
from b24desk.domain.vocabulary import codes, term_text
from b24desk.i18n import N_, _, format_date
from b24desk.store import events
from b24desk.store.db import transaction
from b24desk.store.errors import NotFoundError, StaleRecordError, StoreError
from b24desk.store.listing import Listing
from b24desk.store.models import (
    HOSTING,
    LINKED_VIA,
    Activity,
    Client,
    Coupon,
    Invoice,
    Office,
    Plan,
    Subscription,
    Ticket,
    client_company_order,
    database_proxy,
    utcnow,
)
from b24desk.store.office import get_office
from b24desk.store.search import indexed
from b24desk.store.text_limits import check_text

__all__ = [
    "CLIENT_FIELDS",
    "CLIENT_FIELD_LABELS",
    "LIFECYCLE_STATES",
    "TERMS",
    "ClientDetail",
    "ClientRow",
    "PlanChoice",
    "add_subscription",
    "archive_client",
    "clean_client_data",
    "client_countries",
    "client_detail",
    "client_listing",
    "create_client",
    "delete_client",
    "get_client",
    "get_subscription",
    "log_activity",
    "office_domain_warning",
    "renew_subscription",
    "renewal_period",
    "renewal_preview",
    "restore_client",
    "subscription_plans",
    "term_end",
    "update_client",
]

#: The lifecycle states the listing's "state" filter knows (cloud portals only).
LIFECYCLE_STATES: tuple[CloudState, ...] = codes(vocabulary.LIFECYCLE_STATES)  # type: ignore[assignment]
#: Subscription terms in months (domain.md §2).
TERMS: tuple[int, ...] = (1, 3, 6, 12, 24)
#: Ticket statuses that no longer count as open.
CLOSED_TICKET_STATUSES = tuple(vocabulary.CLOSED_TICKET_STATUSES)

#: The client fields the form edits, with their defaults.
CLIENT_FIELDS: dict[str, Any] = {
    "company": "",
    "contact_person": "",
    "email": "",
    "billing_email": "",
    "phone": "",
    "country": "NZ",
    "address": "",
    "tax_id": "",
    "portal_url": "",
    "doc_language": "en",
    "currency": "NZD",
    "non_profit": False,
    "affiliated": False,
    "new_client": True,
    "linked_via": "none",
    "support_commercial": True,
    "hosting": "cloud",
    "do_not_remind": False,
    "notes": "",
}

#: Human names of the client fields (translated where shown: form, activity log).
CLIENT_FIELD_LABELS: dict[str, str] = {
    "company": N_("Company"),
    "contact_person": N_("Contact person"),
    "email": N_("E-mail"),
    "billing_email": N_("Billing e-mail"),
    "phone": N_("Phone"),
    "country": N_("Country"),
    "address": N_("Address"),
    "tax_id": N_("Tax id"),
    "portal_url": N_("Portal address"),
    "doc_language": N_("Document language"),
    "currency": N_("Currency"),
    "non_profit": N_("Non-profit"),
    "affiliated": N_("Affiliated"),
    "new_client": N_("New client"),
    "linked_via": N_("Linked via"),
    "support_commercial": N_("Commercial client"),
    "hosting": N_("Hosting"),
    "do_not_remind": N_("No automatic reminders"),
    "notes": N_("Notes"),
}

Today = date | Callable[[], date]


def _today(today: Today) -> date:
    return today() if callable(today) else today


# --------------------------------------------------------------------------- SQL helpers


def _is_postgres() -> bool:
    return isinstance(database_proxy.obj, peewee.PostgresqlDatabase)


def _date_plus(expr: Any, days: int) -> Any:
    """``expr + days`` for a DATE column, on both engines."""
    if _is_postgres():
        # date + integer is a date in PostgreSQL.
        return peewee.Expression(expr, "+", peewee.Value(int(days), converter=False))
    # SQLite keeps dates as ISO text; date(x, '+N days') returns ISO text too.
    return fn.date(expr, f"{int(days):+d} days")


def _last_paid_until_frozen_by(day: date, grace_days: int) -> date:
    """The latest ``paid_until`` whose portal (nobody logged in after grace) is frozen
    on ``day``: the largest ``p`` with ``add_months(p + grace, 1) + 1 day <= day``.

    ``add_months`` never decreases when its argument grows, so every earlier
    ``paid_until`` is frozen by then too.
    """
    limit = day - timedelta(days=1)
    end = add_months(limit, -1)
    while add_months(end + timedelta(days=1), 1) <= limit:
        end += timedelta(days=1)
    while add_months(end, 1) > limit:  # defensive: never taken for valid dates
        end -= timedelta(days=1)
    return end - timedelta(days=grace_days)


# The current subscription of a client: its latest non-archived one.
_Latest = Subscription.alias("latest")


def _current_subscription_id() -> peewee.Select:
    return (
        _Latest.select(_Latest.id)
        .where((_Latest.client == Client.id) & (_Latest.archived == False))  # noqa: E712
        .order_by(_Latest.starts_on.desc(nulls="LAST"), _Latest.id.desc())
        .limit(1)
    )


def _open_tickets() -> peewee.Select:
    return Ticket.select(fn.COUNT(Ticket.id)).where(
        (Ticket.client == Client.id) & Ticket.status.not_in(CLOSED_TICKET_STATUSES)
    )


def _amount_due_units() -> peewee.Select:
    """Sum of what is still owed on the client's issued invoices in the client's
    currency (the domain's balance rule: total − payments − credit notes, never below
    zero per invoice), in the money field's stored units."""
    from b24desk.store.invoices import balance_expression

    return Invoice.select(fn.COALESCE(fn.SUM(balance_expression()), 0)).where(
        (Invoice.client == Client.id)
        & (Invoice.kind == "invoice")
        & (Invoice.state == "issued")
        & (Invoice.currency == Client.currency)
    )


def _grace_days_column() -> peewee.Select:
    return Office.select(Office.grace_days).where(Office.id == 1)


def _logins_at_most(day: date) -> peewee.Expression:
    """Some login is known, and every known login is on or before ``day``."""
    user, admin = Subscription.last_user_login, Subscription.last_admin_login
    return (
        (user.is_null(False) | admin.is_null(False))
        & (user.is_null() | (user <= day))
        & (admin.is_null() | (admin <= day))
    )


def _some_login_after(day: date) -> peewee.Expression:
    return (Subscription.last_user_login > day) | (Subscription.last_admin_login > day)


def state_condition(state: str, today: date, grace_days: int) -> peewee.Expression:
    """The SQL condition "the current subscription is in ``state`` on ``today``".

    Exact translation of :func:`~b24desk.domain.lifecycle.cloud_state` (see the
    module's docstring); it needs the listing's join of the current subscription.
    """
    if state not in LIFECYCLE_STATES:
        raise ValueError(f"unknown lifecycle state {state!r}")
    paid = Subscription.paid_until
    user, admin = Subscription.last_user_login, Subscription.last_admin_login
    cloud = Subscription.kind == "cloud"
    if state == "active":
        return cloud & (paid >= today)
    if state == "grace":
        return cloud & (paid < today) & (paid >= today - timedelta(days=grace_days))
    end = _date_plus(paid, grace_days)
    lapsed = paid.is_null(False) & (paid < today - timedelta(days=grace_days))
    late = (user > end) | (admin > end)  # someone logged in after the grace period
    not_late = (user.is_null() | (user <= end)) & (admin.is_null() | (admin <= end))
    never_paid = paid.is_null()
    no_login = user.is_null() & admin.is_null()
    frozen_by_t = _last_paid_until_frozen_by(today, grace_days)
    deleted_by_t = _last_paid_until_frozen_by(today - timedelta(days=15), grace_days)
    free_since = today - timedelta(days=31)  # last login on/before: frozen
    gone_since = today - timedelta(days=46)  # last login on/before: deleted
    if state == "free":
        cond = (lapsed & not_late & (paid > frozen_by_t)) | (
            lapsed & late & _some_login_after(free_since)
        )
        cond = cond | (never_paid & (no_login | _some_login_after(free_since)))
    elif state == "frozen":
        cond = (
            (lapsed & not_late & (paid <= frozen_by_t) & (paid > deleted_by_t))
            | (lapsed & late & _logins_at_most(free_since) & _some_login_after(gone_since))
            | (never_paid & _logins_at_most(free_since) & _some_login_after(gone_since))
        )
    else:  # deleted
        cond = (
            (lapsed & not_late & (paid <= deleted_by_t))
            | (lapsed & late & _logins_at_most(gone_since))
            | (never_paid & _logins_at_most(gone_since))
        )
    return cloud & Subscription.id.is_null(False) & cond


# --------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class ClientRow:
    """One row of the Clients table."""

    id: int
    company: str
    contact_person: str
    email: str
    country: str
    portal_url: str
    doc_language: str
    currency: str
    archived: bool
    version: int
    subscription_id: int | None
    subscription_kind: str | None
    plan_name: str | None
    seats: int | None
    paid_until: date | None
    last_user_login: date | None
    last_admin_login: date | None
    state: CloudState | None  # None: no cloud subscription
    state_until: date | None
    open_tickets: int
    amount_due: Decimal


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _row_factory(today: Today) -> Callable[[Any], ClientRow]:
    def make(r: Any) -> ClientRow:
        paid_until = _as_date(r.sub_paid_until)
        user = _as_date(r.sub_user_login)
        admin = _as_date(r.sub_admin_login)
        state: CloudState | None = None
        state_until = None
        if r.sub_id is not None and r.sub_kind == "cloud":
            life = cloud_lifecycle(
                paid_until,
                _today(today),
                last_user_login=user,
                last_admin_login=admin,
                grace_days=int(r.grace_days if r.grace_days is not None else 15),
            )
            state, state_until = life.state, life.state_until
        return ClientRow(
            id=r.id,
            company=r.company,
            contact_person=r.contact_person,
            email=r.email,
            country=r.country,
            portal_url=r.portal_url,
            doc_language=r.doc_language,
            currency=r.currency,
            archived=bool(r.archived),
            version=r.version,
            subscription_id=r.sub_id,
            subscription_kind=r.sub_kind,
            plan_name=r.plan_name,
            seats=r.sub_seats,
            paid_until=paid_until,
            last_user_login=user,
            last_admin_login=admin,
            state=state,
            state_until=state_until,
            open_tickets=int(r.open_tickets or 0),
            amount_due=Invoice.total.python_value(int(r.amount_due_units or 0)),
        )

    return make


def client_listing(today: Today) -> Listing:
    """The Clients table: one query per page, every column sortable in SQL.

    ``today`` is a date or a function returning it (the desk's clock).  Filters:
    ``archived`` ("active" — the default the tab applies —, "archived", "all"),
    ``state`` (one of :data:`LIFECYCLE_STATES`) and ``country`` (ISO code).
    """
    open_tickets = _open_tickets()
    amount_due = _amount_due_units()

    def query() -> peewee.Select:
        return (
            Client.select(
                Client.id,
                Client.company,
                Client.contact_person,
                Client.email,
                Client.country,
                Client.portal_url,
                Client.doc_language,
                Client.currency,
                Client.archived,
                Client.version,
                Subscription.id.alias("sub_id"),
                Subscription.kind.alias("sub_kind"),
                Subscription.seats.alias("sub_seats"),
                Subscription.paid_until.alias("sub_paid_until"),
                Subscription.last_user_login.alias("sub_user_login"),
                Subscription.last_admin_login.alias("sub_admin_login"),
                Plan.name.alias("plan_name"),
                open_tickets.alias("open_tickets"),
                amount_due.alias("amount_due_units"),
                _grace_days_column().alias("grace_days"),
            )
            .join(
                Subscription,
                JOIN.LEFT_OUTER,
                on=(Subscription.id == _current_subscription_id()),
            )
            .join(Plan, JOIN.LEFT_OUTER, on=(Subscription.plan == Plan.id))
        )

    def archived_filter(value: Any) -> peewee.Expression | None:
        if value == "active":
            return Client.archived == False  # noqa: E712
        if value == "archived":
            return Client.archived == True  # noqa: E712
        return None

    def state_filter(value: Any) -> peewee.Expression | None:
        if not value:
            return None
        return state_condition(str(value), _today(today), get_office().grace_days)

    def country_filter(value: Any) -> peewee.Expression | None:
        return Client.country == str(value).upper() if value else None

    return Listing(
        query=query,
        sort_keys={
            "company": (fn.LOWER(Client.company), Client.company),
            "country": (Client.country, fn.LOWER(Client.company)),
            "plan": (Plan.name, fn.LOWER(Client.company)),
            "seats": Subscription.seats,
            "paid_until": Subscription.paid_until,
            "state": Subscription.paid_until,
            "doc_language": (Client.doc_language, fn.LOWER(Client.company)),
            "currency": (Client.currency, fn.LOWER(Client.company)),
            # The result columns by name: the sub-selects are not evaluated twice.
            "open_tickets": peewee.Entity("open_tickets"),
            "amount_due": peewee.Entity("amount_due_units"),
        },
        search=indexed(Client.id, "client"),
        tie_breaker=Client.id,
        filters={"archived": archived_filter, "state": state_filter, "country": country_filter},
        # The LEFT JOINs (on keys) drop no client; the state needs the subscription.
        count_query=lambda: Client.select(Client.id),
        count_filters={"archived": archived_filter, "country": country_filter},
        # Read from the indexes client_company_lower / client_archived_company.
        default_order=(client_company_order(),),
        row_factory=_row_factory(today),
    )


def client_countries() -> list[str]:
    """The country codes the clients use, for the country filter."""
    q = Client.select(Client.country).distinct().order_by(Client.country)
    return [r.country for r in q]


# --------------------------------------------------------------------------- validation


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key, CLIENT_FIELDS[key])
    return "" if value is None else str(value).strip()


def clean_client_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalise a client's form; every error at once, keyed by field.

    Raises :class:`~b24desk.domain.errors.ValidationErrors`.  Unknown keys are
    refused (a programming error), missing keys take the defaults.
    """
    unknown = set(data) - set(CLIENT_FIELDS)
    if unknown:
        raise KeyError(f"unknown client fields: {sorted(unknown)}")
    errors = ErrorCollector()
    out: dict[str, Any] = {
        k: _text(data, k) for k in CLIENT_FIELDS if isinstance(CLIENT_FIELDS[k], str)
    }
    with errors.check():
        out["company"] = validate_required(out["company"], "company")
    for key in ("email", "billing_email"):
        if out[key]:
            with errors.check():
                out[key] = validate_email(out[key], key)
    if out["portal_url"]:
        with errors.check():
            out["portal_url"] = normalize_portal_url(out["portal_url"], "portal_url")
    with errors.check():
        out["country"] = validate_country(out["country"], "country")
    with errors.check():
        out["currency"] = validate_currency(out["currency"], "currency")
    with errors.check():
        out["doc_language"] = validate_language(out["doc_language"], "doc_language")
    if out["linked_via"] not in LINKED_VIA:
        errors.add(
            ValidationError(
                "linked_via",
                _("\u201c{value}\u201d is not a way a client is linked.").format(
                    value=out["linked_via"]
                ),
            )
        )
    if out["hosting"] not in HOSTING:
        errors.add(
            ValidationError(
                "hosting",
                _("Hosting must be cloud or self-hosted, not \u201c{value}\u201d.").format(
                    value=out["hosting"]
                ),
            )
        )
    for key in ("non_profit", "affiliated", "new_client", "support_commercial", "do_not_remind"):
        out[key] = bool(data.get(key, CLIENT_FIELDS[key]))
    # Lengths and control characters, as PostgreSQL would refuse them (one error a field).
    bad = {e.field for e in errors.errors}
    check_text(Client, {k: v for k, v in out.items() if k not in bad}, errors)
    errors.raise_if_any()
    return out


def office_domain_warning(email: str | None) -> str | None:
    """A warning when ``email`` uses the office's own domain (001 §2.3.2), else None.

    Registration data must be the client's own; this is a warning, not an error.
    """
    if not email or not email.strip():
        return None
    office = get_office()
    for own in (office.email, office.website):
        if own and same_domain_warning(email, own):
            domain = own.rsplit("@", 1)[-1].split("://", 1)[-1].split("/", 1)[0]
            return _(
                "This e-mail uses the office's own domain ({domain}): the vendor requires "
                "the client's own registration data."
            ).format(domain=domain.removeprefix("www."))
    return None


def _portal_required_error() -> ValidationError:
    return ValidationError(
        "portal_url",
        _("A cloud client with a cloud subscription needs its portal address."),
    )


# --------------------------------------------------------------------------- clients


def get_client(client_id: int) -> Client:
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        raise NotFoundError(_("The client no longer exists."))
    return client


def log_activity(
    client_id: int, kind: str, message: str, at: datetime | None = None, notify: bool = True
) -> Activity:
    """Add a dated entry to the client's activity log."""
    with transaction():
        entry = Activity.create(client=client_id, kind=kind, message=message, at=at or utcnow())
    if notify:
        events.notify(events.CLIENTS)
    return entry


def create_client(data: Mapping[str, Any]) -> Client:
    """Validate and add a client; logs "created"."""
    values = clean_client_data(data)
    with transaction():
        client = Client.create(**values)
        Activity.create(
            client=client,
            kind="created",
            message=_("Client created: {company}").format(company=client.company),
        )
    events.notify(events.CLIENTS)
    return client


def _has_cloud_subscription(client_id: int) -> bool:
    return (
        Subscription.select()
        .where(
            (Subscription.client == client_id)
            & (Subscription.kind == "cloud")
            & (Subscription.archived == False)  # noqa: E712
        )
        .exists()
    )


def _bump(client_id: int, expected_version: int, values: Mapping[str, Any]) -> None:
    updated = (
        Client.update(**values, version=Client.version + 1)
        .where((Client.id == client_id) & (Client.version == expected_version))
        .execute()
    )
    if updated == 0:
        get_client(client_id)  # NotFoundError if it is gone
        raise StaleRecordError(
            _(
                "Someone else changed this client since you opened it. Close this window, "
                "look at the new data and edit again."
            )
        )


def update_client(client_id: int, data: Mapping[str, Any], expected_version: int) -> Client:
    """Validate and save a client's form (optimistic locking on ``version``)."""
    values = clean_client_data(data)
    if (
        values["hosting"] == "cloud"
        and not values["portal_url"]
        and _has_cloud_subscription(client_id)
    ):
        raise ValidationErrors([_portal_required_error()])
    with transaction():
        before = get_client(client_id)
        _bump(client_id, expected_version, values)
        changed = [k for k, v in values.items() if getattr(before, k) != v]
        if changed:
            Activity.create(
                client=client_id,
                kind="edited",
                message=_("Client details changed: {fields}").format(
                    fields=", ".join(_(CLIENT_FIELD_LABELS[k]) for k in changed)
                ),
            )
    events.notify(events.CLIENTS)
    return get_client(client_id)


def _set_archived(client_id: int, archived: bool) -> Client:
    with transaction():
        client = get_client(client_id)
        if client.archived != archived:
            Client.update(archived=archived, version=Client.version + 1).where(
                Client.id == client_id
            ).execute()
            Activity.create(
                client=client_id,
                kind="archived" if archived else "restored",
                message=_("Client archived") if archived else _("Client restored"),
            )
    events.notify(events.CLIENTS)
    return get_client(client_id)


def archive_client(client_id: int) -> Client:
    """Hide the client from the everyday lists; its history stays."""
    return _set_archived(client_id, True)


def restore_client(client_id: int) -> Client:
    return _set_archived(client_id, False)


def delete_client(client_id: int) -> None:
    """Delete a client that nothing points to (its activity log goes with it).

    A client with subscriptions, coupons, invoices or tickets is archived instead:
    :class:`StoreError` says so.
    """
    with transaction():
        get_client(client_id)
        for model in (Subscription, Coupon, Invoice, Ticket):
            if model.select().where(model.client == client_id).exists():
                raise StoreError(
                    _(
                        "This client has subscriptions, coupons, invoices or tickets: "
                        "archive it instead of deleting it."
                    )
                )
        Activity.delete().where(Activity.client == client_id).execute()
        Client.delete_by_id(client_id)
    events.notify(events.CLIENTS)


# --------------------------------------------------------------------------- subscriptions


@dataclass(frozen=True)
class PlanChoice:
    id: int
    code: str
    name: str
    kind: str  # "cloud" or "on_premise"
    seats: int | None
    paid: bool


def subscription_plans() -> list[PlanChoice]:
    """The price list entries a subscription can be for: cloud plans and on-premise
    editions, not archived, in price-list order."""
    q = (
        Plan.select()
        .where(Plan.kind.in_(("cloud", "on_premise")) & (Plan.archived == False))  # noqa: E712
        .order_by(Plan.kind, Plan.position, Plan.id)
    )
    return [PlanChoice(p.id, p.code, p.name, p.kind, p.seats, bool(p.paid)) for p in q]


def _check_term(term_months: int) -> int:
    if term_months not in TERMS:
        raise ValidationError(
            "term_months",
            _("The term must be one of {terms} months.").format(
                terms=", ".join(str(t) for t in TERMS)
            ),
        )
    return term_months


def term_end(starts_on: date, term_months: int) -> date:
    """The last paid day of a term: ``starts_on + term months − 1 day``."""
    return add_months(starts_on, term_months) - timedelta(days=1)


def add_subscription(
    client_id: int,
    plan_id: int,
    term_months: int,
    seats: int | None,
    starts_on: date,
    portal_url: str | None = None,
) -> Subscription:
    """Add a subscription (cloud plan) or license (on-premise edition) to a client.

    ``paid_until`` is ``starts_on + term − 1 day`` (a free plan has none).  A cloud
    subscription needs a portal: the one given, else the client's; a client without
    a portal address gets the one given.  ``seats`` ``None`` takes the plan's.
    """
    errors = ErrorCollector()
    client = get_client(client_id)
    plan = Plan.get_or_none(Plan.id == plan_id)
    if plan is None or plan.kind not in ("cloud", "on_premise"):
        errors.add(ValidationError("plan", _("Choose a cloud plan or an on-premise edition.")))
    with errors.check():
        _check_term(term_months)
    if seats is None:
        seats = (plan.seats if plan is not None else None) or 0
    if seats < 0:
        errors.add(ValidationError("seats", _("Seats must not be negative.")))
    elif plan is not None and plan.kind == "on_premise":
        with errors.check():
            validate_onprem_seats(seats)  # 002: no license under 25 users
    if starts_on is None:
        errors.add(ValidationError("starts_on", _("The start date is required.")))
    portal = (portal_url or "").strip()
    if portal:
        with errors.check():
            portal = normalize_portal_url(portal, "portal_url")
    elif plan is not None and plan.kind == "cloud":
        portal = client.portal_url
        if not portal:
            errors.add(_portal_required_error())
    errors.raise_if_any()
    assert plan is not None
    paid_until = term_end(starts_on, term_months) if plan.paid else None
    with transaction():
        sub = Subscription.create(
            client=client_id,
            plan=plan.id,
            kind=plan.kind,
            portal_url=portal,
            seats=seats,
            term_months=term_months,
            starts_on=starts_on,
            paid_until=paid_until,
            purchased_on=starts_on,
            currency=client.currency,
            updates_until=paid_until if plan.kind == "on_premise" else None,
        )
        if portal and not client.portal_url:
            Client.update(portal_url=portal, version=Client.version + 1).where(
                Client.id == client_id
            ).execute()
        Activity.create(
            client=client_id,
            kind="subscription",
            message=_("Subscription added: {plan}, {term}, paid until {date}").format(
                plan=plan.name,
                term=term_text(term_months),
                date=format_date(paid_until) if paid_until else "\u2014",
            ),
        )
    events.notify(events.SUBSCRIPTIONS, events.CLIENTS)
    return sub


def get_subscription(subscription_id: int) -> Subscription:
    """A subscription with its plan (raises :class:`NotFoundError`)."""
    sub = (
        Subscription.select(Subscription, Plan)
        .join(Plan)
        .where(Subscription.id == subscription_id)
        .first()
    )
    if sub is None:
        raise NotFoundError(_("The subscription no longer exists."))
    return sub


def renewal_period(
    paid_until: date | None, today: date, term_months: int, grace_days: int
) -> tuple[date, date]:
    """The first and last paid day of a renewal (see :func:`renew_subscription`)."""
    if paid_until is not None and today <= grace_end(paid_until, grace_days):
        start = paid_until + timedelta(days=1)
    else:
        start = today
    return start, term_end(start, term_months)


def _renewal_period_of(sub: Subscription, today: date, term_months: int) -> tuple[date, date]:
    # An on-premise license's updates continue after its last covered day, early or
    # late (002: "por un año más"); a cloud subscription lapsed past grace restarts.
    covered = sub.updates_until or sub.paid_until
    if sub.kind == "on_premise" and covered is not None:
        return updates_renewal_period(covered, term_months)
    return renewal_period(sub.paid_until, today, term_months, get_office().grace_days)


def renewal_preview(subscription_id: int, term_months: int, today: date) -> tuple[date, date]:
    """What :func:`renew_subscription` would set: ``(starts_on, paid_until)``."""
    return _renewal_period_of(get_subscription(subscription_id), today, term_months)


def renew_subscription(subscription_id: int, term_months: int, today: date) -> Subscription:
    """Extend a subscription by ``term_months``.

    A subscription still active or in its grace period renews from the day after
    its current ``paid_until`` (no paid day is lost, and grace days used are paid
    for, as the vendor does); a lapsed one (free, frozen, deleted) or one never
    paid starts a new term today.  An on-premise license's updates always continue
    from the day after its last covered day (002), however late.  ``starts_on`` and
    ``term_months`` then describe the new term.
    """
    _check_term(term_months)
    sub = get_subscription(subscription_id)
    start, paid_until = _renewal_period_of(sub, today, term_months)
    with transaction():
        Subscription.update(
            starts_on=start,
            term_months=term_months,
            paid_until=paid_until,
            updates_until=paid_until if sub.kind == "on_premise" else sub.updates_until,
        ).where(Subscription.id == subscription_id).execute()
        Activity.create(
            client=sub.client_id,
            kind="renewal",
            message=_("Subscription renewed: {plan}, {term}, paid until {date}").format(
                plan=sub.plan.name, term=term_text(term_months), date=format_date(paid_until)
            ),
        )
    events.notify(events.SUBSCRIPTIONS, events.CLIENTS)
    return Subscription.get_by_id(subscription_id)


# --------------------------------------------------------------------------- detail


@dataclass
class ClientDetail:
    """A client with its whole history, newest first (plain rows for the detail pane)."""

    client: Client
    subscriptions: list[dict[str, Any]] = field(default_factory=list)
    coupons: list[dict[str, Any]] = field(default_factory=list)
    invoices: list[dict[str, Any]] = field(default_factory=list)
    tickets: list[dict[str, Any]] = field(default_factory=list)
    activity: list[dict[str, Any]] = field(default_factory=list)


def client_detail(client_id: int, today: date | None = None) -> ClientDetail:
    """Everything about one client.  With ``today``, cloud subscriptions carry their
    lifecycle ``state``/``state_until`` and the ``reminder`` due (30, 7, 0 or None)."""
    client = get_client(client_id)
    grace_days = get_office().grace_days
    detail = ClientDetail(client=client)
    subs = (
        Subscription.select(Subscription, Plan)
        .join(Plan)
        .where(Subscription.client == client_id)
        .order_by(Subscription.starts_on.desc(nulls="LAST"), Subscription.id.desc())
    )
    for s in subs:
        row: dict[str, Any] = {
            "id": s.id,
            "plan": s.plan.name,
            "kind": s.kind,
            "portal_url": s.portal_url,
            "seats": s.seats,
            "term_months": s.term_months,
            "starts_on": s.starts_on,
            "paid_until": s.paid_until,
            "archived": s.archived,
            "state": None,
            "state_until": None,
            "reminder": None,
        }
        if today is not None and s.kind == "cloud":
            life = cloud_lifecycle(
                s.paid_until,
                today,
                last_user_login=s.last_user_login,
                last_admin_login=s.last_admin_login,
                grace_days=grace_days,
            )
            row["state"], row["state_until"] = life.state, life.state_until
            if s.paid_until is not None and not s.archived:
                row["reminder"] = renewal_reminder(s.paid_until, today)
        detail.subscriptions.append(row)
    coupons = (
        Coupon.select(Coupon, Plan)
        .join(Plan, JOIN.LEFT_OUTER)
        .where(Coupon.client == client_id)
        .order_by(Coupon.purchased_on.desc(), Coupon.id.desc())
    )
    detail.coupons = [
        {
            "id": c.id,
            "code": c.code,
            "product": c.product,
            "plan": c.plan.name if c.plan is not None else "",
            "state": c.state,
            "purchased_on": c.purchased_on,
            "activated_on": c.activated_on,
        }
        for c in coupons
    ]
    from b24desk.store.invoices import balance as invoice_balance

    invoices = (
        Invoice.select()
        .where(Invoice.client == client_id)
        .order_by(Invoice.issue_date.desc(nulls="FIRST"), Invoice.id.desc())
    )
    detail.invoices = [
        {
            "id": i.id,
            "kind": i.kind,
            "number": i.number or "",
            "state": i.state,
            "issue_date": i.issue_date,
            "due_date": i.due_date,
            "currency": i.currency,
            "total": i.total,
            "paid": i.paid,
            "due": invoice_balance(i),
        }
        for i in invoices
    ]
    tickets = (
        Ticket.select()
        .where(Ticket.client == client_id)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
    )
    detail.tickets = [
        {
            "id": t.id,
            "tid": t.tid,
            "subject": t.subject,
            "status": t.status,
            "urgency": t.urgency,
            "created_at": t.created_at,
            "open": t.status not in CLOSED_TICKET_STATUSES,
        }
        for t in tickets
    ]
    activity = (
        Activity.select()
        .where(Activity.client == client_id)
        .order_by(Activity.at.desc(), Activity.id.desc())
    )
    detail.activity = [
        {"id": a.id, "at": a.at, "kind": a.kind, "message": a.message} for a in activity
    ]
    return detail
