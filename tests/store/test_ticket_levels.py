"""A ticket's SLA level is worked out from the client's subscriptions on its creation day.

003 §2.5.3: the non-commercial level is for "Bitrix24 Cloud accounts with no active
commercial subscription"; 003 §2.6: "Commercial Clients, Self-Hosted Version 12-24 hrs
available 1 year, can be renewed" (002: one year of support from the licence's
activation).  The creation day is the office's calendar day (Auckland here).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import peewee
import pytest

from b24desk.domain.errors import ValidationErrors
from b24desk.store import models as m
from b24desk.store import ticket_levels
from b24desk.store import tickets as store

NZ = ZoneInfo("Pacific/Auckland")


def plan(kind: str, paid: bool = True) -> m.Plan:
    found, _created = m.Plan.get_or_create(
        code=f"{kind}-{paid}", defaults={"name": kind, "kind": kind, "paid": paid}
    )
    return found


def client_with(hosting: str, **sub: object) -> m.Client:
    client = m.Client.create(company="Acme Ltd", hosting=hosting)
    kind = "cloud" if hosting == "cloud" else "on_premise"
    paid = bool(sub.pop("paid", True))
    m.Subscription.create(client=client, plan=plan(kind, paid), kind=kind, **sub)
    return client


def open_ticket(client: m.Client, at: datetime, **data: object) -> m.Ticket:
    return store.create_ticket({"client_id": client.id, "subject": "Help", **data}, at)


@pytest.mark.parametrize(
    ("paid_until", "level"),
    [
        (date(2026, 11, 15), "noncommercial_cloud"),  # paid until the day before
        (date(2026, 11, 16), "commercial_cloud"),  # paid until the day of creation
    ],
)
def test_cloud_level_on_the_creation_day(
    db: peewee.Database, paid_until: date, level: str
) -> None:
    client = client_with("cloud", starts_on=date(2025, 11, 16), paid_until=paid_until)
    # 00:30 on Monday 16 Nov in Auckland is still Sunday 15 Nov in UTC: the office's
    # day counts.
    ticket = open_ticket(client, datetime(2026, 11, 16, 0, 30, tzinfo=NZ))
    assert ticket.sla_level == level
    assert ticket_levels.client_defaults(client.id, date(2026, 11, 16)).sla_level == level


def test_free_plan_client_is_non_commercial(db: peewee.Database) -> None:
    client = client_with("cloud", starts_on=date(2026, 1, 1), paid=False)
    assert open_ticket(client, datetime(2026, 11, 16, 10, tzinfo=NZ)).sla_level == (
        "noncommercial_cloud"
    )


@pytest.mark.parametrize(
    ("created", "level"),
    [
        (date(2026, 3, 9), "commercial_self_hosted"),  # the last day of the year
        (date(2026, 3, 10), "noncommercial_self_hosted"),  # one year after activation
        (date(2026, 3, 11), "noncommercial_self_hosted"),  # 1 year + 1 day
    ],
)
def test_self_hosted_level_one_year_from_the_licence(
    db: peewee.Database, created: date, level: str
) -> None:
    client = client_with("self_hosted", starts_on=date(2025, 3, 10))
    at = datetime(created.year, created.month, created.day, 10, tzinfo=NZ)
    assert open_ticket(client, at).sla_level == level


def test_renewed_licence_stays_commercial_to_its_renewed_last_day(db: peewee.Database) -> None:
    client = client_with(
        "self_hosted", starts_on=date(2025, 3, 10), updates_until=date(2027, 3, 9)
    )
    assert open_ticket(client, datetime(2027, 3, 9, 10, tzinfo=NZ)).sla_level == (
        "commercial_self_hosted"
    )
    assert open_ticket(client, datetime(2027, 3, 10, 10, tzinfo=NZ)).sla_level == (
        "noncommercial_self_hosted"
    )


def test_override_on_update_needs_a_reason_and_keeps_it(db: peewee.Database) -> None:
    client = client_with("cloud", starts_on=date(2025, 1, 1), paid_until=date(2026, 11, 30))
    ticket = open_ticket(client, datetime(2026, 11, 16, 10, tzinfo=NZ))
    assert ticket.sla_level == "commercial_cloud"
    # Later the subscription lapses: the level stays what it was on the creation day.
    m.Subscription.update(paid_until=date(2026, 11, 20)).execute()
    later = datetime(2026, 12, 1, 10, tzinfo=NZ)
    with pytest.raises(ValidationErrors) as caught:
        store.update_ticket(ticket.id, {"sla_level": "non_product"}, later, ticket.version)
    assert "Commercial client, cloud" in caught.value.by_field["sla_override_reason"]
    assert store.get_ticket(ticket.id).sla_level == "commercial_cloud"  # nothing written
    changed = store.update_ticket(
        ticket.id,
        {"sla_level": "non_product", "sla_override_reason": "General how-to question"},
        later,
        ticket.version,
    )
    assert (changed.sla_level, changed.sla_override_reason) == (
        "non_product",
        "General how-to question",
    )
    # Another edit keeps the override and its reason.
    edited = store.update_ticket(ticket.id, {"subject": "Help!"}, later, changed.version)
    assert (edited.sla_level, edited.sla_override_reason) == (
        "non_product",
        "General how-to question",
    )
    # Back to the computed level: the reason goes.
    back = store.update_ticket(
        ticket.id, {"sla_level": "commercial_cloud"}, later, edited.version
    )
    assert (back.sla_level, back.sla_override_reason) == ("commercial_cloud", "")
