"""The demo office's own settings, partner profile and bonuses."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from b24desk.store import models as m

#: The day the demo office is generated on (the ``demo`` fixture reads it).
TODAY = date(2026, 11, 20)


def test_office_and_partner_profile(demo: dict[str, int]) -> None:
    office = m.Office.get_by_id(1)
    assert office.name == "Kiwi Cloud Partners Ltd"
    assert "Auckland" in office.address
    assert office.email == "desk@kiwicloud.co.nz"
    assert re.fullmatch(r"ANZ \d{2}-\d{4}-\d{7}-\d{2}", office.bank_details.splitlines()[0])
    assert office.refund_policy == "No refunds: subscriptions and licences are not refundable."
    # A Spanish or Russian invoice of the demo office has no English line (#15.5).
    from b24desk.store.office import office_text

    assert office_text("refund_policy", "es").startswith("Sin reembolsos")
    assert office_text("bank_details", "ru").endswith("Получатель: Kiwi Cloud Partners Ltd")
    assert office.swift == "ANZBNZ22"
    assert (office.default_currency, office.default_tax_rate) == ("NZD", Decimal("0.15"))
    assert (office.invoice_prefix, office.credit_note_prefix) == ("INV", "CN")
    assert (office.timezone, office.holiday_country) == ("Pacific/Auckland", "NZ")

    profile = m.PartnerProfile.get_by_id(1)
    assert profile.status == "silver"
    assert profile.partner_id
    assert abs((TODAY - profile.accepted_on).days - 730) <= 10
    assert abs((TODAY - profile.confirmed_on).days - 243) <= 10
    history = list(m.PartnerStatusChange.select().order_by(m.PartnerStatusChange.confirmed_on))
    assert (history[0].status, history[0].confirmed_on) == ("bronze", profile.accepted_on)
    assert (history[-1].status, history[-1].confirmed_on) == ("silver", profile.confirmed_on)
    assert {c.course for c in m.CourseCompletion.select()} == {"tutorial", "sales_course"}
    keys = {r.key: r for r in m.Requirement.select()}
    assert set(keys) == {"website_endorsement", "social_endorsement", "first_line_support"}
    assert any(r.done_on for r in keys.values()) and any(not r.done_on for r in keys.values())
    nfr_kinds = {n.kind for n in m.NfrLicense.select()}
    assert nfr_kinds == {"cloud", "on_premise"}
    points = [p.allocated_on for p in m.PointsAllocation.select()]
    assert min(points) >= TODAY - timedelta(days=18 * 31) and max(points) <= TODAY


def test_bonuses_match_the_coupons_they_paid(demo: dict[str, int]) -> None:
    bonuses = {b.kind: b for b in m.Bonus.select()}
    kick, award = bonuses["kickstart"], bonuses["award"]
    accepted = m.PartnerProfile.get_by_id(1).accepted_on
    assert (kick.amount, kick.currency) == (Decimal(1000), "USD")
    assert kick.credited_on == accepted
    assert kick.expires_on == accepted + timedelta(days=90) < TODAY  # expired
    assert (award.amount, award.currency) == (Decimal(2000), "USD")
    assert award.credited_on.year == TODAY.year and award.credited_on <= TODAY
    assert award.expires_on == date(TODAY.year, 12, 31)
    assert 0 < award.used < award.amount  # partly used
    for bonus in (kick, award):
        spent = sum(
            (
                c.bonus_used
                for c in m.Coupon.select().where(
                    m.Coupon.purchased_on.between(bonus.credited_on, bonus.expires_on)
                )
            ),
            Decimal(0),
        )
        assert spent == bonus.used, bonus.kind
