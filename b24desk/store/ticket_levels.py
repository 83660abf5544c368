"""The SLA level a ticket starts with, worked out from the client's subscriptions.

The rule is :func:`b24desk.domain.sla.computed_sla_level` (003 §2.5–2.6, 002); this
module reads what it needs (the client's hosting and its subscriptions and licences,
with whether each plan is paid) and hands it over as plain data.  The day that
counts is the ticket's creation day in the office's time zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from b24desk.domain.errors import ErrorCollector
from b24desk.domain.sla import (
    BusinessCalendar,
    SupportSubscription,
    computed_sla_level,
    resolve_sla_level,
)
from b24desk.i18n import _
from b24desk.store.errors import NotFoundError
from b24desk.store.models import Client, Plan, Subscription, Ticket
from b24desk.store.office import business_calendar

__all__ = [
    "ClientDefaults",
    "client_defaults",
    "computed_level",
    "creation_day",
    "resolve_level_into",
    "support_subscriptions",
    "ticket_computed_level",
]


def creation_day(moment: datetime, calendar: BusinessCalendar) -> date:
    """The office's calendar day of ``moment`` (aware)."""
    return moment.astimezone(calendar.tz).date()


def support_subscriptions(client_id: int) -> list[SupportSubscription]:
    """The client's subscriptions and licences (not archived) as the SLA rule needs them."""
    # peewee's stubs type ``.tuples()`` as still yielding models; these are tuples.
    rows = (
        Subscription.select(
            Subscription.kind,
            Plan.paid,
            Subscription.starts_on,
            Subscription.paid_until,
            Subscription.updates_until,
            Subscription.purchased_on,
        )
        .join(Plan, on=(Subscription.plan == Plan.id))
        .where((Subscription.client == client_id) & (Subscription.archived == False))  # noqa: E712
        .tuples()
    )
    return [
        SupportSubscription(
            kind=kind,
            paid=bool(paid),
            starts_on=starts_on,
            paid_until=paid_until,
            updates_until=updates_until,
            purchased_on=purchased_on,
        )
        for kind, paid, starts_on, paid_until, updates_until, purchased_on in cast(
            "Iterable[tuple[Any, ...]]", rows
        )
    ]


def computed_level(client: Client, day: date) -> str:
    """The SLA level of a ticket ``client`` opens on ``day`` (its subscriptions on that day)."""
    return computed_sla_level(client.hosting, support_subscriptions(client.id), day)


@dataclass(frozen=True)
class ClientDefaults:
    company: str
    portal_url: str
    sla_level: str  # worked out from the client's subscriptions on the day asked
    contact_person: str


def client_defaults(client_id: int, day: date | None = None) -> ClientDefaults:
    """What a new ticket of this client starts with on ``day`` (default: the office's
    today): its portal and the computed SLA level."""
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        raise NotFoundError(_("The client does not exist any more."))
    if day is None:
        day = creation_day(datetime.now(UTC), business_calendar())
    return ClientDefaults(
        company=client.company,
        portal_url=client.portal_url,
        sla_level=computed_level(client, day),
        contact_person=client.contact_person,
    )


def ticket_computed_level(ticket: Ticket, calendar: BusinessCalendar | None = None) -> str:
    """The level worked out for ``ticket`` from its client's subscriptions on its
    creation day (what an override is measured against)."""
    client = Client.get_by_id(ticket.client_id)
    return computed_level(client, creation_day(ticket.created_at, calendar or business_calendar()))


def resolve_level_into(fields: dict[str, Any], computed: str, errors: ErrorCollector) -> None:
    """Put the saved level and override reason into ``fields`` (keys ``sla_level`` and
    ``sla_override_reason``) by the domain's rule; a missing reason is collected."""
    with errors.check():
        level, reason = resolve_sla_level(
            computed, fields["sla_level"], fields["sla_override_reason"]
        )
        fields["sla_level"], fields["sla_override_reason"] = level, reason
