"""NFR licences, the kickstart bonus and the standing deadlines (001 §3.4, §8, §9)."""

from __future__ import annotations

from datetime import date

import pytest

from b24desk.domain.errors import ValidationError
from b24desk.domain.partner_rules import (
    KICKSTART_ITEMS,
    NfrHeld,
    bonus_expiry,
    bronze_cancellation,
    check_nfr_claim,
    kickstart,
    nfr_allowances,
    nfr_expiry,
    nfr_extension,
    nfr_falls_back_to_free,
    suspension,
)

ON = date(2026, 6, 1)

# --------------------------------------------------------------------------- NFR


def test_allowance_per_status() -> None:
    """001 §3.1.1 Bronze: "Free premium subscription for one Bitrix24 Cloud account
    (NFR Subscription)"; §3.1.2 Silver: the same and "One Free NFR Activation Key for
    a Bitrix24 On-Premise product copy"; §3.1.3 Gold: "Free premium subscription for
    two Bitrix24 Cloud accounts" and "Two free NFR Activation Keys"."""
    figures = {
        status: [(a.kind, a.allowed, a.months, a.may_claim) for a in nfr_allowances(status, [], ON)]
        for status in ("bronze", "silver", "gold")
    }
    assert figures == {
        "bronze": [("cloud", 1, 6, 1), ("on_premise", 0, 12, 0)],
        "silver": [("cloud", 1, 6, 1), ("on_premise", 1, 12, 1)],
        "gold": [("cloud", 2, 6, 2), ("on_premise", 2, 12, 2)],
    }


def test_initial_periods() -> None:
    """001 §8.1.2 "The NFR subscription is initially provided for 6 months"; §8.2.2
    "The NFR key is initially provided for 12 months"."""
    assert nfr_expiry("cloud", date(2026, 1, 1)) == date(2026, 6, 30)
    assert nfr_expiry("on_premise", date(2026, 3, 1)) == date(2027, 2, 28)
    check_nfr_claim("silver", "cloud", [], date(2026, 1, 1), date(2026, 6, 30))
    with pytest.raises(ValidationError) as caught:
        check_nfr_claim("silver", "cloud", [], date(2026, 1, 1), date(2026, 7, 1))
    assert caught.value.field == "expires_on"
    assert "30 Jun 2026" in caught.value.message


def test_cloud_nfr_only_on_an_account_that_never_paid() -> None:
    """001 §8.1.1: "NFR subscriptions can be activated for a free Bitrix24 cloud
    account that has not purchased a commercial subscription before"."""
    check_nfr_claim("bronze", "cloud", [], ON, nfr_expiry("cloud", ON), portal_paid_before=False)
    with pytest.raises(ValidationError) as caught:
        check_nfr_claim("bronze", "cloud", [], ON, nfr_expiry("cloud", ON), portal_paid_before=True)
    assert caught.value.field == "reference"


def test_on_premise_keys_for_silver_and_gold_only() -> None:
    """001 §8.2.1: "Silver and Gold Partners can claim a free NFR (not for resale)
    activation key for a Bitrix24 On-Premise version"."""
    end = nfr_expiry("on_premise", ON)
    with pytest.raises(ValidationError) as caught:
        check_nfr_claim("bronze", "on_premise", [], ON, end)
    assert caught.value.field == "kind"
    check_nfr_claim("silver", "on_premise", [], ON, end)
    check_nfr_claim("gold", "on_premise", [NfrHeld("on_premise", ON, end)], ON, end)
    with pytest.raises(ValidationError):
        check_nfr_claim("silver", "on_premise", [NfrHeld("on_premise", ON, end)], ON, end)


def test_a_bronze_partner_claims_one_cloud_nfr_a_silver_one_at_a_time() -> None:
    """001 §8.1.2: "If a Partner Status is Bronze, the NFR subscription will not be
    extended, and the account will be rolled back to free plan."  The one Bronze NFR
    stays used after it ended; a Silver partner's ended NFR frees its place."""
    old = NfrHeld("cloud", date(2025, 11, 1), date(2026, 4, 30))
    end = nfr_expiry("cloud", ON)
    with pytest.raises(ValidationError):
        check_nfr_claim("bronze", "cloud", [old], ON, end)
    (cloud, _key) = nfr_allowances("bronze", [old], ON)
    assert (cloud.used, cloud.active, cloud.may_claim) == (1, 0, 0)
    check_nfr_claim("silver", "cloud", [old], ON, end)
    # Silver: the day before the old one ended it still holds the place.
    with pytest.raises(ValidationError):
        check_nfr_claim("silver", "cloud", [old], date(2026, 4, 30), date(2026, 10, 29))
    check_nfr_claim("silver", "cloud", [old], date(2026, 5, 1), date(2026, 10, 31))


def test_extension_for_silver_and_gold_only() -> None:
    """001 §8.1.2: "The NFR subscription can be extended for Silver and Gold Partners
    only"; §8.2.2: "The NFR key can be extended for another 12 months Silver and Gold
    Partners only"."""
    cloud = NfrHeld("cloud", date(2026, 1, 1), date(2026, 6, 30))
    key = NfrHeld("on_premise", date(2026, 1, 1), date(2026, 12, 31))
    with pytest.raises(ValidationError) as caught:
        nfr_extension("bronze", cloud, ON)
    assert "1 Jul 2026" in caught.value.message  # the day it rolls back to free
    assert nfr_extension("silver", cloud, ON) == date(2026, 12, 31)
    assert nfr_extension("gold", cloud, date(2026, 6, 30)) == date(2026, 12, 31)  # last day
    with pytest.raises(ValidationError):
        nfr_extension("gold", cloud, date(2026, 7, 1))  # the day after: expired
    assert nfr_extension("silver", key, ON) == date(2027, 12, 31)
    with pytest.raises(ValidationError):
        nfr_extension("silver", NfrHeld("on_premise", key.starts_on, date(2027, 12, 31), True), ON)


def test_bronze_nfr_falls_back_to_the_free_plan() -> None:
    """001 §8.1.2: "If a Partner Status is Bronze, the NFR subscription will not be
    extended, and the account will be rolled back to free plan"."""
    cloud = NfrHeld("cloud", date(2026, 1, 1), date(2026, 6, 30))
    assert nfr_falls_back_to_free("bronze", cloud) == date(2026, 7, 1)
    assert nfr_falls_back_to_free("silver", cloud) is None
    assert nfr_falls_back_to_free("bronze", NfrHeld("on_premise", ON, ON)) is None


# --------------------------------------------------------------------------- bonuses


def test_bonus_expiry() -> None:
    """001 §9: "The Kickstart bonuses are valid for 90 days after a Partner's
    acceptance into the Partner Program"; §10: "The Award bonuses are valid until
    December 31st of the year they were credited in"."""
    assert bonus_expiry("kickstart", date(2026, 2, 1), date(2026, 1, 5)) == date(2026, 4, 5)
    assert bonus_expiry("award", date(2026, 6, 1), None) == date(2026, 12, 31)
    with pytest.raises(ValidationError):
        bonus_expiry("loyalty", ON, None)


@pytest.mark.parametrize(
    ("applied_on", "state"),
    [(date(2019, 12, 31), "not_eligible"), (date(2020, 1, 1), "open"), (None, "unknown")],
)
def test_kickstart_for_partners_that_applied_after_2019(
    applied_on: date | None, state: str
) -> None:
    """001 §9: "Partners that applied to the Partner Program after December 31, 2019,
    are eligible to apply for kickstart bonuses"."""
    view = kickstart(applied_on, date(2020, 2, 1), {})
    assert view.state(date(2020, 2, 2)) == state


def test_kickstart_prerequisites_and_its_90_days() -> None:
    """001 §9: "In order to be receive kickstart bonuses, a Partner is required to:
    Start using Bitrix24 by claiming an NFR subscription; Complete the Bitrix Partner
    Program Tutorial; Endorse Bitrix24 Products on the Partner's website(s)"; "The
    Kickstart bonuses are valid for 90 days after a Partner's acceptance"."""
    assert [key for key, _label in KICKSTART_ITEMS] == [
        "nfr_claimed",
        "tutorial",
        "website_endorsement",
    ]
    accepted = date(2026, 1, 10)
    done = {"nfr_claimed": date(2026, 1, 20), "tutorial": date(2026, 2, 1)}
    view = kickstart(date(2025, 12, 20), accepted, done)
    assert view.valid_until == date(2026, 4, 10)
    assert [i.key for i in view.missing] == ["website_endorsement"]
    assert view.state(date(2026, 4, 10)) == "open"
    assert view.state(date(2026, 4, 11)) == "expired"
    ready = kickstart(date(2025, 12, 20), accepted, {**done, "website_endorsement": accepted})
    assert ready.state(date(2026, 4, 10)) == "ready"
    credited = kickstart(date(2025, 12, 20), accepted, done, credited_on=date(2026, 3, 1))
    assert credited.state(date(2026, 5, 1)) == "credited"


# --------------------------------------------------------------------------- standing


def test_bronze_is_cancelled_after_90_days_without_its_requirements() -> None:
    """001 §3.4: "The Bronze Partner Status is cancelled after 90 days from the
    acceptance to the partner program if the partner does not fulfill the Bronze
    status requirements" (§3.1.1: the tutorial and an NFR claimed "within 90 days")."""
    accepted = date(2026, 1, 10)
    open_ = bronze_cancellation("bronze", accepted, {"tutorial": date(2026, 2, 1)})
    assert open_ is not None
    assert (open_.due_on, open_.effective_on) == (date(2026, 4, 10), date(2026, 4, 11))
    assert open_.missing == ("Cloud NFR subscription claimed",)
    assert open_.severity(date(2026, 3, 10)) == "info"
    assert open_.severity(date(2026, 3, 11)) == "warning"  # 30 days before
    assert open_.severity(date(2026, 4, 10)) == "warning"
    assert open_.severity(date(2026, 4, 11)) == "danger"
    in_time = bronze_cancellation(
        "bronze", accepted, {"tutorial": date(2026, 2, 1), "nfr_claimed": date(2026, 4, 10)}
    )
    assert in_time is not None and in_time.met and in_time.severity(date(2026, 5, 1)) is None
    assert in_time.met_on == date(2026, 4, 10)
    late = bronze_cancellation(
        "bronze", accepted, {"tutorial": date(2026, 2, 1), "nfr_claimed": date(2026, 4, 11)}
    )
    assert late is not None and not late.met
    assert bronze_cancellation("silver", accepted, {}) is None
    assert bronze_cancellation("bronze", None, {}) is None


def test_suspension_after_six_months_of_zero_activity() -> None:
    """001 §3.4: "A Partner Account can be suspended without prior notice due to zero
    activity after six (6) months from registration date"."""
    registered = date(2026, 2, 1)
    idle = suspension(registered, None)
    assert idle is not None
    assert (idle.due_on, idle.effective_on) == (date(2026, 7, 31), date(2026, 8, 1))
    assert idle.severity(date(2026, 7, 31)) == "warning"
    assert idle.severity(date(2026, 8, 1)) == "danger"
    active = suspension(registered, date(2026, 7, 31))
    assert active is not None and active.met and active.met_on == date(2026, 7, 31)
    late = suspension(registered, date(2026, 8, 1))
    assert late is not None and not late.met
    assert suspension(None, None) is None


def test_nfr_messages_use_plurals() -> None:
    """Issue #15: plurals by ngettext ("1 license", "2 licenses"; "6 months")."""
    start = date(2026, 1, 1)
    one_key = [NfrHeld("on_premise", start, date(2026, 12, 31))]
    with pytest.raises(ValidationError) as caught:
        check_nfr_claim("silver", "on_premise", one_key, start, date(2026, 12, 31))
    assert "at most 1 such NFR license at a time" in caught.value.message
    two_keys = one_key * 2
    with pytest.raises(ValidationError) as caught:
        check_nfr_claim("gold", "on_premise", two_keys, start, date(2026, 12, 31))
    assert "at most 2 such NFR licenses at a time" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        check_nfr_claim("silver", "cloud", [], start, date(2026, 7, 1))
    assert "runs 6 months" in caught.value.message
