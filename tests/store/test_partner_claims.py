"""NFR claims and extensions, the kickstart checklist and the standing deadlines,
from the office's records (001 §3.4, §8, §9)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import peewee
import pytest

from b24desk.domain.errors import ValidationError
from b24desk.store import models as m
from b24desk.store import partner, partner_claims

D = Decimal
TODAY = date(2026, 6, 1)


def profile(status: str, accepted: date | None = None, registered: date | None = None) -> None:
    row = m.PartnerProfile.get_by_id(1)
    row.status, row.accepted_on, row.confirmed_on = status, accepted, accepted
    row.registered_on = registered
    row.save()


def paid_portal(url: str) -> None:
    who = m.Client.create(company="Paying", portal_url=url)
    pro = m.Plan.create(code="professional", name="Professional", kind="cloud", seats=100)
    m.Subscription.create(
        client=who, plan=pro, starts_on=date(2025, 1, 1), paid_until=date(2025, 12, 31),
        portal_url=url,
    )


# --------------------------------------------------------------------------- NFR


def test_a_cloud_nfr_only_on_a_portal_that_never_paid(db: peewee.Database) -> None:
    """001 §8.1.1: "NFR subscriptions can be activated for a free Bitrix24 cloud
    account that has not purchased a commercial subscription before"."""
    profile("silver", date(2025, 1, 10))
    paid_portal("https://paid.bitrix24.com")
    with pytest.raises(ValidationError) as caught:
        partner.add_nfr("cloud", "paid.bitrix24.com", TODAY, date(2026, 11, 30))
    assert caught.value.field == "reference"
    assert m.NfrLicense.select().count() == 0
    row = partner.add_nfr("cloud", "ours.bitrix24.com", TODAY, date(2026, 11, 30))
    assert row.reference == "https://ours.bitrix24.com"


def test_bronze_claims_one_cloud_nfr_and_no_key(db: peewee.Database) -> None:
    """001 §3.1.1 Bronze: "Free premium subscription for one Bitrix24 Cloud account
    (NFR Subscription)"; §8.2.1 "Silver and Gold Partners can claim ... activation key";
    §8.1.2 a Bronze NFR "will not be extended"."""
    profile("bronze", date(2025, 11, 1))
    with pytest.raises(ValidationError):
        partner.add_nfr("on_premise", "NFR-KEY", TODAY, date(2027, 5, 31))
    first = partner.add_nfr("cloud", "ours.bitrix24.com", date(2025, 11, 20), date(2026, 5, 19))
    with pytest.raises(ValidationError):
        partner.add_nfr("cloud", "again.bitrix24.com", TODAY, date(2026, 11, 30))
    with pytest.raises(ValidationError):
        partner_claims.extend_nfr(first.id, date(2026, 5, 19))
    assert m.NfrLicense.get_by_id(first.id).expires_on == date(2026, 5, 19)
    view = partner_claims.claims(TODAY)
    cloud, key = view.nfr_allowances
    assert (cloud.allowed, cloud.used, cloud.may_claim, key.allowed) == (1, 1, 0, 0)
    (nfr,) = view.nfr
    assert nfr.falls_back_on == date(2026, 5, 20)
    assert nfr.extends_to is None


def test_silver_extends_its_nfr_licences(db: peewee.Database) -> None:
    """001 §8.1.2 "The NFR subscription can be extended for Silver and Gold Partners
    only"; §8.2.2 "The NFR key can be extended for another 12 months"."""
    profile("silver", date(2025, 1, 10))
    cloud = partner.add_nfr("cloud", "ours.bitrix24.com", date(2026, 1, 1), date(2026, 6, 30))
    key = partner.add_nfr("on_premise", "NFR-KEY-1", date(2026, 1, 1), date(2026, 12, 31))
    views = {v.id: v for v in partner_claims.claims(TODAY).nfr}
    assert views[cloud.id].extends_to == date(2026, 12, 31)
    assert views[key.id].extends_to == date(2027, 12, 31)
    assert partner.extend_nfr(cloud.id, date(2026, 6, 30)).expires_on == date(2026, 12, 31)
    extended = partner.extend_nfr(key.id, TODAY)
    assert (extended.expires_on, extended.extended) == (date(2027, 12, 31), True)
    with pytest.raises(ValidationError):
        partner.extend_nfr(key.id, TODAY)  # a key once
    cloud_view, key_view = partner_claims.claims(TODAY).nfr_allowances
    assert (cloud_view.may_claim, key_view.may_claim) == (0, 0)


def test_a_new_nfr_runs_its_initial_period_at_most(db: peewee.Database) -> None:
    """001 §8.1.2 "The NFR subscription is initially provided for 6 months"."""
    profile("gold", date(2025, 1, 10))
    with pytest.raises(ValidationError) as caught:
        partner.add_nfr("cloud", "ours.bitrix24.com", date(2026, 1, 1), date(2026, 7, 1))
    assert caught.value.field == "expires_on"
    partner.add_nfr("cloud", "ours.bitrix24.com", date(2026, 1, 1), date(2026, 6, 30))


# --------------------------------------------------------------------------- kickstart


def test_kickstart_checklist_from_the_records(db: peewee.Database) -> None:
    """001 §9: "In order to be receive kickstart bonuses, a Partner is required to:
    Start using Bitrix24 by claiming an NFR subscription; Complete the Bitrix Partner
    Program Tutorial; Endorse Bitrix24 Products on the Partner's website(s)"."""
    profile("bronze", date(2026, 3, 1), date(2026, 2, 15))
    view = partner_claims.claims(TODAY).kickstart
    assert view.applied_on == date(2026, 2, 15) and view.valid_until == date(2026, 5, 30)
    assert [i.done_on for i in view.items] == [None, None, None]
    partner.add_nfr("cloud", "ours.bitrix24.com", date(2026, 3, 5), date(2026, 9, 4))
    partner.complete_course("tutorial", date(2026, 3, 20))
    partner.set_requirement_done("website_endorsement", date(2026, 4, 2))
    view = partner_claims.claims(date(2026, 5, 30)).kickstart
    assert [i.done_on for i in view.items] == [
        date(2026, 3, 5),
        date(2026, 3, 20),
        date(2026, 4, 2),
    ]
    assert view.state(date(2026, 5, 30)) == "ready"
    assert view.state(date(2026, 5, 31)) == "expired"
    partner.add_bonus("kickstart", "1000", "USD", date(2026, 5, 2))
    assert partner_claims.claims(TODAY).kickstart.state(TODAY) == "credited"


# --------------------------------------------------------------------------- standing


def test_bronze_cancellation_deadline(db: peewee.Database) -> None:
    """001 §3.4: "The Bronze Partner Status is cancelled after 90 days from the
    acceptance to the partner program if the partner does not fulfill the Bronze
    status requirements"."""
    profile("bronze", date(2026, 3, 1), date(2026, 3, 1))
    partner.add_points(date(2026, 3, 2), 1)  # points are no activity of 001 def. (s)
    (cancel, suspend) = partner_claims.deadlines()
    assert (cancel.kind, cancel.due_on, cancel.effective_on) == (
        "bronze_cancellation",
        date(2026, 5, 30),
        date(2026, 5, 31),
    )
    assert suspend.kind == "suspension" and suspend.effective_on == date(2026, 9, 1)
    partner.complete_course("tutorial", date(2026, 3, 20))
    partner.add_nfr("cloud", "ours.bitrix24.com", date(2026, 5, 30), date(2026, 11, 29))
    assert [d.kind for d in partner_claims.deadlines()] == ["suspension"]


@pytest.mark.parametrize("activity", ["coupon", "ticket", "endorsement"])
def test_activity_avoids_the_suspension(db: peewee.Database, activity: str) -> None:
    """001 §3.4: "A Partner Account can be suspended without prior notice due to zero
    activity after six (6) months from registration date"; def. (s): activity is
    "reselling Bitrix24 products to end users, endorsing Bitrix24 products on partners
    company website, providing support and consultations"."""
    profile("silver", date(2026, 2, 1), date(2026, 2, 1))
    assert [d.due_on for d in partner_claims.deadlines()] == [date(2026, 7, 31)]
    who = m.Client.create(company="Acme")
    if activity == "coupon":
        m.Coupon.create(
            code="B24-1", product="renewal", purchased_on=date(2026, 7, 31), currency="USD",
            list_price=D(10), partner_cost=D(8), client=who,
        )
    elif activity == "ticket":
        m.Ticket.create(
            tid="T-1", client=who, subject="Help", sla_level="commercial_cloud",
            first_reply_at=datetime(2026, 7, 31, 9, 0, tzinfo=UTC),
        )
    else:
        partner.set_requirement_done("website_endorsement", date(2026, 7, 31))
    assert partner_claims.first_activity_on() == date(2026, 7, 31)
    assert partner_claims.deadlines() == []


def test_activity_a_day_late_does_not_count(db: peewee.Database) -> None:
    """001 §3.4 "...zero activity after six (6) months from registration date": the
    six months from 1 Feb end on 31 Jul; a first sale on 1 Aug is too late."""
    profile("silver", date(2026, 2, 1), date(2026, 2, 1))
    m.Coupon.create(
        code="B24-2", product="renewal", purchased_on=date(2026, 8, 1), currency="USD",
        list_price=D(10), partner_cost=D(8),
    )
    m.Coupon.create(
        code="B24-3", product="renewal", purchased_on=date(2026, 7, 1), currency="USD",
        list_price=D(10), partner_cost=D(8), state="void",
    )
    (suspend,) = partner_claims.deadlines()
    assert suspend.effective_on == date(2026, 8, 1)
    assert suspend.severity(date(2026, 8, 1)) == "danger"


def test_the_overview_carries_the_claims(db: peewee.Database) -> None:
    profile("gold", date(2025, 1, 10), date(2025, 1, 1))
    view = partner.overview(TODAY)
    assert view.claims is not None
    assert [a.allowed for a in view.claims.nfr_allowances] == [2, 2]
    assert view.nfr == view.claims.nfr
