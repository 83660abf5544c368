"""The SLA level of a ticket worked out from the client's subscriptions (003, 002).

003 §2.5.3: "This support level is assigned to users of the demo version and for
non-commercial clients (owners of non-commercial and not-for-resale / NFR versions,
as well as Bitrix24 Cloud accounts with no active commercial subscription)."
003 §2.6: "Commercial Clients, Self-Hosted Version 12-24 hrs available 1 year, can be
renewed"; 002: "Cada licencia de Bitrix Site Manager y Bitrix24 incluye una
suscripción de 1 año de soporte técnico y actualizaciones de productos sin costo
adicional. Después de 1 año el periodo de actualización caduca."
"""

from __future__ import annotations

from datetime import date

import pytest

from b24desk.domain.errors import ValidationError
from b24desk.domain.sla import (
    SupportSubscription,
    computed_sla_level,
    resolve_sla_level,
    support_commercial_on,
)


def cloud(paid_until: date | None, *, paid: bool = True, starts_on: date | None = None):
    return SupportSubscription("cloud", paid, starts_on=starts_on, paid_until=paid_until)


def licence(
    starts_on: date | None,
    *,
    updates_until: date | None = None,
    purchased_on: date | None = None,
    paid: bool = True,
):
    return SupportSubscription(
        "on_premise",
        paid,
        starts_on=starts_on,
        updates_until=updates_until,
        purchased_on=purchased_on,
    )


# --------------------------------------------------------------------------- cloud


def test_cloud_paid_until_the_day_of_creation_is_commercial() -> None:
    """'paid until' is the last paid day: a ticket opened that day is commercial."""
    subs = [cloud(date(2026, 11, 16), starts_on=date(2025, 11, 17))]
    assert computed_sla_level("cloud", subs, date(2026, 11, 16)) == "commercial_cloud"


def test_cloud_paid_until_the_day_before_creation_is_non_commercial() -> None:
    """003 §2.5.3: a cloud account "with no active commercial subscription"."""
    subs = [cloud(date(2026, 11, 15), starts_on=date(2025, 11, 16))]
    assert computed_sla_level("cloud", subs, date(2026, 11, 16)) == "noncommercial_cloud"


def test_cloud_subscription_counts_from_its_first_day() -> None:
    subs = [cloud(date(2027, 11, 15), starts_on=date(2026, 11, 16))]
    assert computed_sla_level("cloud", subs, date(2026, 11, 15)) == "noncommercial_cloud"
    assert computed_sla_level("cloud", subs, date(2026, 11, 16)) == "commercial_cloud"


def test_free_plan_and_no_subscription_are_non_commercial() -> None:
    day = date(2026, 11, 16)
    assert computed_sla_level("cloud", [], day) == "noncommercial_cloud"
    free = [cloud(None, paid=False, starts_on=date(2026, 1, 1))]
    assert computed_sla_level("cloud", free, day) == "noncommercial_cloud"
    nfr = [cloud(date(2027, 1, 1), paid=False, starts_on=date(2026, 1, 1))]
    assert computed_sla_level("cloud", nfr, day) == "noncommercial_cloud"


def test_a_cloud_client_is_not_made_commercial_by_a_licence() -> None:
    subs = [licence(date(2026, 6, 1))]
    assert computed_sla_level("cloud", subs, date(2026, 11, 16)) == "noncommercial_cloud"
    assert computed_sla_level("self_hosted", subs, date(2026, 11, 16)) == (
        "commercial_self_hosted"
    )


# --------------------------------------------------------------------------- self-hosted


def test_licence_gives_one_year_of_commercial_support() -> None:
    """Activated 10 Mar 2025: commercial through 9 Mar 2026 (the year's last day),
    non-commercial on 10 Mar 2026 (1 year) and 11 Mar 2026 (1 year + 1 day)."""
    subs = [licence(date(2025, 3, 10))]
    assert computed_sla_level("self_hosted", subs, date(2025, 3, 9)) == (
        "noncommercial_self_hosted"
    )
    assert computed_sla_level("self_hosted", subs, date(2025, 3, 10)) == (
        "commercial_self_hosted"
    )
    assert computed_sla_level("self_hosted", subs, date(2026, 3, 9)) == (
        "commercial_self_hosted"
    )
    assert computed_sla_level("self_hosted", subs, date(2026, 3, 10)) == (
        "noncommercial_self_hosted"
    )
    assert computed_sla_level("self_hosted", subs, date(2026, 3, 11)) == (
        "noncommercial_self_hosted"
    )


def test_renewed_support_runs_to_the_renewed_last_day() -> None:
    """003 §2.6 "1 year, can be renewed": a renewal moves the last day on."""
    subs = [licence(date(2025, 3, 10), updates_until=date(2027, 3, 9))]
    assert support_commercial_on("self_hosted", subs, date(2027, 3, 9))
    assert not support_commercial_on("self_hosted", subs, date(2027, 3, 10))


def test_licence_not_activated_starts_its_year_at_the_automatic_activation() -> None:
    """002: "Si la licencia no ha sido activada durante ese periodo, se activará
    automáticamente ... el período de actualización y soporte se inicia desde el
    momento de la activación de la licencia." Bought 15 Jan 2026: activates itself
    15 Jul 2026, support through 14 Jul 2027."""
    subs = [licence(None, purchased_on=date(2026, 1, 15))]
    assert not support_commercial_on("self_hosted", subs, date(2026, 7, 14))
    assert support_commercial_on("self_hosted", subs, date(2026, 7, 15))
    assert support_commercial_on("self_hosted", subs, date(2027, 7, 14))
    assert not support_commercial_on("self_hosted", subs, date(2027, 7, 15))


def test_nfr_licence_is_non_commercial() -> None:
    """003 §2.5.3: owners of "not-for-resale / NFR versions" are non-commercial."""
    subs = [licence(date(2026, 6, 1), paid=False)]
    assert computed_sla_level("self_hosted", subs, date(2026, 11, 16)) == (
        "noncommercial_self_hosted"
    )


# --------------------------------------------------------------------------- override


def test_override_needs_a_reason_and_is_kept_with_it() -> None:
    assert resolve_sla_level("noncommercial_cloud", None, None) == ("noncommercial_cloud", "")
    assert resolve_sla_level("noncommercial_cloud", "noncommercial_cloud", "x") == (
        "noncommercial_cloud",
        "",
    )
    with pytest.raises(ValidationError) as caught:
        resolve_sla_level("noncommercial_cloud", "commercial_cloud", "   ")
    assert caught.value.field == "sla_override_reason"
    assert "Non-commercial client, cloud" in str(caught.value)
    assert resolve_sla_level("noncommercial_cloud", "commercial_cloud", " paid by bank ") == (
        "commercial_cloud",
        "paid by bank",
    )
    with pytest.raises(ValidationError):
        resolve_sla_level("noncommercial_cloud", "platinum", "because")
