"""The demo office's clients and their subscriptions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

from b24desk.domain.lifecycle import renewal_reminder
from b24desk.domain.validation import is_bitrix24_cloud, normalize_portal_url, validate_email
from b24desk.store import models as m

CloudStates = Callable[[date], Counter[str]]
#: The day the demo office is generated on (the ``demo`` fixture reads it).
TODAY = date(2026, 11, 20)
CLOUD_STATES = {"active", "grace", "free", "frozen", "deleted"}


def test_clients_look_like_real_companies(demo: dict[str, int]) -> None:
    clients = list(m.Client.select())
    office_domain = "kiwicloud.co.nz"
    expected = {"NZ": ("NZD", {"en"}), "ES": ("EUR", {"es"}), "MX": ("MXN", {"es"}),
                "RU": ("RUB", {"ru"}), "US": ("USD", {"en"}), "DE": ("EUR", {"en"}),
                "BR": ("BRL", {"es", "en"}), "CO": ("COP", {"es"}), "KZ": ("RUB", {"ru"}),
                "AU": ("AUD", {"en"})}  # fmt: skip
    assert {"NZ", "ES", "MX", "RU"} <= {c.country for c in clients}
    assert len({c.company for c in clients}) == len(clients)
    assert len({c.portal_url for c in clients}) == len(clients)
    assert sum(c.archived for c in clients) == 2
    for c in clients:
        currency, languages = expected[c.country]
        assert c.currency == currency and c.doc_language in languages, c.company
        assert c.contact_person and c.phone.startswith("+") and c.address and c.tax_id
        assert validate_email(c.email) == c.email
        domain = c.email.split("@")[1]
        assert domain != office_domain
        assert normalize_portal_url(c.portal_url) == c.portal_url
        assert is_bitrix24_cloud(c.portal_url) == (c.hosting == "cloud"), c.portal_url
        host = c.portal_url.split("://")[1]
        if c.hosting == "self_hosted":
            assert host.endswith("." + domain)  # the client's own domain
        if c.country == "RU":
            assert c.company.startswith("ООО «") and host.endswith(".ru")
        if c.country == "NZ":
            assert c.company.endswith(("Ltd", "Limited")) and domain.endswith(".co.nz")
        if c.country == "ES":
            assert c.company.endswith(("S.L.", "S.A.")) and host.endswith((".es", ".eu"))
        if c.country == "MX":
            assert "de C.V." in c.company and host.endswith(".mx")
    hosting = Counter(c.hosting for c in clients)
    assert hosting["cloud"] > 3 * hosting["self_hosted"] > 0
    assert {c.linked_via for c in clients} <= set(m.LINKED_VIA)
    assert any(c.new_client for c in clients) and not all(c.new_client for c in clients)
    assert any(c.support_commercial for c in clients)
    assert any(not c.support_commercial for c in clients)


def test_every_cloud_lifecycle_state_and_renewal_reminder(
    demo: dict[str,
    int],
    cloud_states: CloudStates,
) -> None:
    assert set(cloud_states(TODAY)) == CLOUD_STATES
    cloud = list(
        m.Subscription.select().where(
            m.Subscription.kind == "cloud", m.Subscription.paid_until.is_null(False)
        )
    )
    days_left = {(s.paid_until - TODAY).days for s in cloud}
    assert {30, 7, 0} <= days_left
    reminders = Counter(renewal_reminder(s.paid_until, TODAY) for s in cloud)
    assert reminders[30] > 2 and reminders[7] > 2 and reminders[0] >= 1
    assert {s.term_months for s in cloud} <= {1, 3, 6, 12, 24}
    for s in cloud:
        assert s.plan.kind == "cloud" and s.plan.paid
        assert s.starts_on <= TODAY and s.paid_until >= s.starts_on
        assert s.portal_url.startswith("https://") and is_bitrix24_cloud(s.portal_url)


def test_on_premise_licenses(demo: dict[str, int]) -> None:
    licenses = list(m.Subscription.select().where(m.Subscription.kind == "on_premise"))
    assert licenses
    for s in licenses:
        assert s.plan.kind == "on_premise"
        assert s.license_price > 0 and s.currency == s.client.currency
        assert s.purchased_on <= s.starts_on <= TODAY < s.starts_on + timedelta(days=1000)
        assert s.updates_until > s.starts_on and s.paid_until is None
        assert s.client.hosting == "self_hosted"
    assert any(s.updates_until >= TODAY for s in licenses)


def test_subscription_coupons_started_the_term(demo: dict[str, int]) -> None:
    linked = list(m.Subscription.select().where(m.Subscription.coupon.is_null(False)))
    assert len(linked) > 20
    for s in linked:
        coupon = s.coupon
        assert coupon.client_id == s.client_id and coupon.plan_id == s.plan_id
        assert coupon.state == "activated" and coupon.activated_on == s.starts_on
