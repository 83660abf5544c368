"""The demo office: complete, consistent, deterministic, and never written over data."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import peewee
import pytest

from b24desk.domain.invoicing import InvoiceLine, invoice_totals
from b24desk.domain.lifecycle import cloud_state, coupon_state, coupon_warning, renewal_reminder
from b24desk.domain.pricing import partner_cost
from b24desk.domain.sla import response_due
from b24desk.domain.validation import is_bitrix24_cloud, normalize_portal_url, validate_email
from b24desk.store import models as m
from b24desk.store.db import close_database, open_database
from b24desk.store.demo import DatabaseNotEmptyError, generate_demo, is_empty
from b24desk.store.office import business_calendar

TODAY = date(2026, 11, 20)
CLOUD_STATES = {"active", "grace", "free", "frozen", "deleted"}
CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture
def demo(db: peewee.Database) -> dict[str, int]:
    return generate_demo("small", seed=1, today=TODAY)


def dump() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, ordered by id (the migration time left out)."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for model in m.ALL_MODELS:
        if model is m.SchemaVersion:
            query = model.select(model.id, model.version)
        else:
            query = model.select()
        tables[model._meta.table_name] = list(query.order_by(model.id).tuples())
    return tables


def generated(path: Path, **kwargs: Any) -> dict[str, list[tuple[Any, ...]]]:
    open_database(path)
    try:
        generate_demo("small", **kwargs)
        return dump()
    finally:
        close_database()


def cloud_states(today: date) -> Counter[str]:
    return Counter(
        cloud_state(
            s.paid_until,
            today,
            last_user_login=s.last_user_login,
            last_admin_login=s.last_admin_login,
        )
        for s in m.Subscription.select().where(m.Subscription.kind == "cloud")
    )


# --------------------------------------------------------------------------- the office


def test_small_office_has_the_announced_size(demo: dict[str, int]) -> None:
    assert 50 <= m.Client.select().count() <= 70
    assert 60 <= m.Subscription.select().count() <= 110
    assert m.Coupon.select().count() == 120
    assert m.Ticket.select().count() == 150
    assert m.TicketMessage.select().count() >= 3 * 150
    assert m.Invoice.select().count() == 120
    assert m.Activity.select().count() >= m.Client.select().count()
    # The counts returned are the rows in the tables.
    for model in m.ALL_MODELS:
        if model is not m.SchemaVersion:
            assert demo[model._meta.table_name] == model.select().count(), model.__name__


def test_office_and_partner_profile(demo: dict[str, int]) -> None:
    office = m.Office.get_by_id(1)
    assert office.name == "Kiwi Cloud Partners Ltd"
    assert "Auckland" in office.address
    assert office.email == "desk@kiwicloud.co.nz"
    assert re.fullmatch(r"ANZ \d{2}-\d{4}-\d{7}-\d{2}", office.bank_details.splitlines()[0])
    assert office.refund_policy == "No refunds: subscriptions and licences are not refundable."
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


# --------------------------------------------------------------------------- clients


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


# --------------------------------------------------------------------------- subscriptions


def test_every_cloud_lifecycle_state_and_renewal_reminder(demo: dict[str, int]) -> None:
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


# --------------------------------------------------------------------------- coupons


def test_coupons_in_every_state_follow_the_lifecycle_rules(demo: dict[str, int]) -> None:
    coupons = list(m.Coupon.select())
    assert {c.state for c in coupons} == set(m.COUPON_STATES)
    assert len({c.code for c in coupons}) == len(coupons)
    for c in coupons:
        assert re.fullmatch(r"B24(-[A-Z0-9]{4}){3}", c.code), c.code
        state = coupon_state(
            c.purchased_on,
            TODAY,
            assigned=c.client_id is not None,
            activated_on=c.activated_on,
            void=c.state == "void",
        )
        assert state == c.state, c.code
        if c.state in ("assigned", "activated"):
            assert c.client_id is not None and c.assigned_on is not None
            assert c.purchased_on <= c.assigned_on <= TODAY
        if c.state == "in_stock":
            assert c.client_id is None
        if c.activated_on is not None:
            assert c.activated_on <= c.purchased_on + timedelta(days=7)
        assert c.order_ref
    # Some wait in the warning window (days 5–6), some expired unused.
    warned = [
        c
        for c in coupons
        if c.state in ("in_stock", "assigned") and coupon_warning(c.purchased_on, TODAY)
    ]
    assert {(TODAY - c.purchased_on).days for c in warned} >= {5, 6}
    assert {c.state for c in warned} == {"in_stock", "assigned"}
    assert any(c.state == "expired" and (TODAY - c.purchased_on).days > 7 for c in coupons)
    currencies = Counter(c.currency for c in coupons)
    assert currencies["USD"] + currencies["EUR"] > len(coupons) / 2


def test_coupon_partner_cost_is_the_silver_cost_less_the_bonus(demo: dict[str, int]) -> None:
    coupons = list(m.Coupon.select())
    with_bonus = [c for c in coupons if c.bonus_used > 0]
    assert with_bonus
    assert len(coupons) - len(with_bonus) >= 10
    for c in coupons:
        silver = partner_cost(c.list_price, "silver", currency=c.currency)
        assert c.partner_cost == silver - c.bonus_used, c.code
        assert c.list_price > 0
    for c in with_bonus:
        assert c.partner_cost >= 10  # at least 10 paid in money
        assert c.product in ("cloud_subscription", "onprem_key")
        assert c.client.new_client and not c.client.affiliated


# --------------------------------------------------------------------------- tickets


def test_tickets_in_every_status_with_threads(demo: dict[str, int]) -> None:
    tickets = list(m.Ticket.select().order_by(m.Ticket.id))
    assert {t.status for t in tickets} == set(m.TICKET_STATUSES)
    assert len({t.tid for t in tickets}) == len(tickets)
    assert all(re.fullmatch(r"T-\d{6}", t.tid) for t in tickets)
    assert [t.created_at for t in tickets] == sorted(t.created_at for t in tickets)
    threads: dict[int, list[m.TicketMessage]] = defaultdict(list)
    for msg in m.TicketMessage.select().order_by(m.TicketMessage.id):
        threads[msg.ticket_id].append(msg)
    # Nothing happens after the start of today in Auckland (11:00 UTC the day before).
    limit = datetime(2026, 11, 19, 11, 0, tzinfo=UTC)
    assert {t.urgency for t in tickets} == {"normal", "high"}
    assert Counter(t.urgency for t in tickets)["high"] < len(tickets) / 4
    assert sum(t.created_at >= limit - timedelta(days=3) for t in tickets) >= 15
    assert any(not t.product_version for t in tickets)
    assert any(not t.edition for t in tickets)
    calendar = business_calendar()
    for t in tickets:
        thread = threads[t.id]
        assert thread and thread[0].kind == "client" and thread[0].created_at == t.created_at
        assert [x.created_at for x in thread] == sorted(x.created_at for x in thread)
        assert thread[-1].created_at <= limit
        # The SLA maximum from the clock start, as the Tickets tab keeps it.
        assert t.due_at == response_due(t.clock_started_at, t.sla_level, calendar)[1]
        assert t.created_at <= t.clock_started_at <= limit
        replies = [x.created_at for x in thread if x.kind == "reply"]
        if t.first_reply_at is not None:
            assert t.first_reply_at in replies and t.first_reply_at >= t.clock_started_at
        if t.status in ("in_progress", "waiting", "resolved", "closed", "escalated"):
            assert replies
        if t.status == "new":
            assert not replies and t.first_reply_at is None
        assert (t.waiting_since is not None) == (t.status == "waiting")
        assert (t.resolved_at is not None) == (t.status in ("resolved", "closed"))
        assert (t.closed_at is not None) == (t.status == "closed")
        if t.closed_at is not None:
            assert t.resolved_at <= t.closed_at <= limit
        if t.rating is not None:
            assert t.status in ("resolved", "closed") and 1 <= t.rating <= 5
        assert bool(t.vendor_ticket_id) == (t.status == "escalated")
        for x in thread:
            if x.kind == "client":
                assert x.author == t.client.contact_person
            else:
                assert x.author in ("Aroha", "Ben", "Mere", "Tom")
    assert sum(len(v) for v in threads.values()) / len(tickets) >= 3
    assert any(t.rating for t in tickets)


def test_ticket_sla_level_and_language_follow_the_client(demo: dict[str, int]) -> None:
    tickets = list(m.Ticket.select())
    levels = Counter(t.sla_level for t in tickets)
    assert {"commercial_cloud", "non_product", "development"} <= set(levels)
    for t in tickets:
        client = t.client
        if t.status == "escalated":
            assert t.sla_level == "development"
        elif t.sla_level != "non_product":
            kind = "commercial" if client.support_commercial else "noncommercial"
            hosting = "cloud" if client.hosting == "cloud" else "self_hosted"
            assert t.sla_level == f"{kind}_{hosting}"
        russian = client.doc_language == "ru"
        texts = [t.subject, t.description] + [
            x.body for x in t.messages if x.kind in ("client", "reply")
        ]
        for text in texts:
            assert bool(CYRILLIC.search(text)) == russian, text
    spanish = [t for t in tickets if t.client.doc_language == "es"]
    assert spanish and all(re.search("[áéíóúñ¿]", t.subject + t.description) for t in spanish)


# --------------------------------------------------------------------------- invoices


def test_invoices_in_every_state_and_several_currencies(demo: dict[str, int]) -> None:
    invoices = list(m.Invoice.select())
    assert len({i.currency for i in invoices}) >= 3
    assert {"draft", "issued", "credited"} <= {i.state for i in invoices}
    issued = [i for i in invoices if i.kind == "invoice" and i.state == "issued"]
    assert any(i.paid == i.total for i in issued)  # paid
    assert any(0 < i.paid < i.total for i in issued)  # partly paid
    assert any(i.paid < i.total and i.due_date < TODAY for i in issued)  # overdue
    assert any(i.paid == 0 and i.due_date >= TODAY for i in issued)  # not yet due
    for i in invoices:
        assert (i.currency, i.language) == (i.client.currency, i.client.doc_language)
        if i.state == "draft":
            assert i.number is None and i.year is None and i.seq is None
            assert i.issue_date is None and i.paid == 0
        else:
            assert i.issue_date <= TODAY
        if i.kind == "invoice" and i.issue_date is not None:
            assert i.due_date == i.issue_date + timedelta(days=14)
    notes = [i for i in invoices if i.kind == "credit_note"]
    assert notes
    for note in notes:
        credited = note.credited_invoice
        assert credited is not None and credited.kind == "invoice"
        assert credited.state == "credited"
        assert note.client_id == credited.client_id and note.total == credited.total
        assert note.issue_date >= credited.issue_date and note.state == "issued"
        assert note.number.startswith("CN-")
    assert {i.id for i in invoices if i.state == "credited"} == {
        n.credited_invoice_id for n in notes
    }


def test_invoice_numbers_are_gap_free_per_kind_and_year(demo: dict[str, int]) -> None:
    prefixes = {"invoice": "INV", "credit_note": "CN"}
    groups: dict[tuple[str, int], list[m.Invoice]] = defaultdict(list)
    for i in m.Invoice.select().where(m.Invoice.number.is_null(False)):
        assert i.year == i.issue_date.year
        assert i.number == f"{prefixes[i.kind]}-{i.year}-{i.seq:04d}"
        groups[(i.kind, i.year)].append(i)
    assert len({year for _kind, year in groups}) >= 2
    sequences = {(s.kind, s.year): s.last_seq for s in m.InvoiceSequence.select()}
    assert set(sequences) == set(groups)
    for key, members in groups.items():
        members.sort(key=lambda i: i.seq)
        assert [i.seq for i in members] == list(range(1, len(members) + 1)), key
        dates = [i.issue_date for i in members]
        assert dates == sorted(dates), key  # numbered in order of issue
        assert sequences[key] == len(members)


def test_invoice_totals_and_payments_add_up(demo: dict[str, int]) -> None:
    payments: dict[int, list[m.Payment]] = defaultdict(list)
    for p in m.Payment.select():
        payments[p.invoice_id].append(p)
    methods = set()
    for invoice in m.Invoice.select():
        lines = list(invoice.lines.order_by(m.InvoiceLine.position))
        assert 1 <= len(lines) <= 4
        nz = invoice.client.country == "NZ"
        for line in lines:
            assert line.tax_rate == (Decimal("0.15") if nz else 0)
            assert line.discount in {0, Decimal("0.05"), Decimal("0.10"), Decimal("0.15")}
            assert bool(line.discount_reason) == (line.discount > 0)
            assert line.unit_price > 0 and line.quantity > 0
            term = getattr(line, "term_months", None)  # a column being added to the schema
            if term is not None and line.subscription_id and line.subscription.kind == "cloud":
                assert term == line.subscription.term_months == line.quantity
        totals = invoice_totals(
            [
                InvoiceLine(ln.description, ln.quantity, ln.unit_price, ln.discount, ln.tax_rate)
                for ln in lines
            ],
            invoice.currency,
        )
        assert (invoice.net, invoice.tax, invoice.total) == (
            totals.net,
            totals.tax,
            totals.total,
        ), invoice.id
        paid = sum((p.amount for p in payments[invoice.id]), Decimal(0))
        assert invoice.paid == paid
        assert paid <= invoice.total
        for p in payments[invoice.id]:
            assert invoice.issue_date <= p.paid_on <= TODAY and p.reference
            methods.add(p.method)
    assert len(methods) >= 3 and methods <= set(m.PAYMENT_METHODS)


# --------------------------------------------------------------------------- determinism


def test_same_seed_and_day_give_identical_databases(tmp_path: Path) -> None:
    first = generated(tmp_path / "a.sqlite", seed=7, today=TODAY)
    second = generated(tmp_path / "b.sqlite", seed=7, today=TODAY)
    assert first.keys() == second.keys()
    for table in first:
        assert first[table] == second[table], table
    other = generated(tmp_path / "c.sqlite", seed=8, today=TODAY)
    assert other["client"] != first["client"]
    assert other["ticket_message"] != first["ticket_message"]


@pytest.mark.parametrize(
    "today", [date(2027, 1, 1), date(2028, 2, 29), date(2026, 3, 31), date(2026, 7, 15)]
)
def test_every_state_appears_whatever_the_day(db: peewee.Database, today: date) -> None:
    generate_demo("small", seed=3, today=today)
    assert set(cloud_states(today)) == CLOUD_STATES
    assert {c.state for c in m.Coupon.select()} == set(m.COUPON_STATES)
    assert {t.status for t in m.Ticket.select()} == set(m.TICKET_STATUSES)
    assert {i.state for i in m.Invoice.select()} == {"draft", "issued", "credited"}
    assert m.PartnerProfile.get_by_id(1).status == "silver"


def test_today_defaults_to_the_computer_date(db: peewee.Database) -> None:
    generate_demo("small")
    assert set(cloud_states(date.today())) == CLOUD_STATES


# --------------------------------------------------------------------------- refusal


def test_is_empty(db: peewee.Database) -> None:
    assert is_empty()
    m.Client.create(company="Real Client Ltd")
    assert not is_empty()


@pytest.mark.parametrize("kind", ["client", "coupon", "ticket", "invoice"])
def test_refuses_a_database_with_data_and_changes_nothing(db: peewee.Database, kind: str) -> None:
    client = m.Client.create(company="Real Client Ltd", created_at=datetime(2026, 1, 1, tzinfo=UTC))
    if kind == "coupon":
        client.delete_instance()
        m.Coupon.create(
            code="B24-REAL-REAL-REAL",
            product="renewal",
            purchased_on=TODAY,
            currency="USD",
            list_price=Decimal(100),
            partner_cost=Decimal(60),
        )
    elif kind == "ticket":
        m.Ticket.create(tid="T-000001", client=client, subject="Help", sla_level="non_product")
    elif kind == "invoice":
        m.Invoice.create(client=client, currency="NZD")
    before = dump()
    messages: list[str] = []
    with pytest.raises(DatabaseNotEmptyError) as raised:
        generate_demo("small", seed=1, today=TODAY, progress=messages.append)
    assert "empty" in str(raised.value)
    assert dump() == before
    assert m.Plan.select().count() == 0  # not even the price list was written
    assert messages == []


def test_unknown_size_is_refused(db: peewee.Database) -> None:
    with pytest.raises(ValueError, match="huge"):
        generate_demo("huge")
    assert is_empty() and m.Plan.select().count() == 0


def test_an_existing_price_list_is_kept_and_completed(db: peewee.Database) -> None:
    plan = m.Plan.create(code="standard", name="Standard (our name)", kind="cloud", seats=50)
    m.PlanPrice.create(plan=plan, currency="NZD", price=Decimal("210.00"))
    generate_demo("small", seed=1, today=TODAY)
    assert m.Plan.get(m.Plan.code == "standard").name == "Standard (our name)"
    assert m.Plan.select().where(m.Plan.code == "professional").exists()
    nz_standard = (
        m.InvoiceLine.select()
        .join(m.Invoice)
        .where(
            m.InvoiceLine.plan == plan,
            m.InvoiceLine.kind == "product",
            m.Invoice.currency == "NZD",
        )
    )
    assert nz_standard.exists()
    assert {line.unit_price for line in nz_standard} == {Decimal("210.00")}


def test_progress_names_each_step(db: peewee.Database) -> None:
    messages: list[str] = []
    generate_demo("small", seed=1, today=TODAY, progress=messages.append)
    assert "Writing clients…" in messages
    assert "Writing tickets…" in messages
    assert len(messages) >= 6 and all(isinstance(x, str) and x for x in messages)


# --------------------------------------------------------------------------- large


@pytest.mark.slow
def test_large_office_has_the_promised_size(db: peewee.Database) -> None:
    # Its speed is measured by benchmarks/, not asserted here (timings drift).
    counts = generate_demo("large", seed=1, today=TODAY)
    assert counts["client"] == m.Client.select().count() == 5000
    assert counts["coupon"] == m.Coupon.select().count() == 20000
    assert counts["ticket"] == m.Ticket.select().count() == 50000
    assert counts["ticket_message"] == m.TicketMessage.select().count() >= 150000
    assert counts["invoice"] == m.Invoice.select().count() == 20000
    clients = m.Client.select()
    assert len({c.company for c in clients}) == 5000
    assert len({c.portal_url for c in clients}) == 5000
    flags = Counter()
    for c in clients:
        flags["non_profit"] += c.non_profit
        flags["affiliated"] += c.affiliated
        flags["cloud"] += c.hosting == "cloud"
    assert 250 <= flags["non_profit"] <= 550
    assert 80 <= flags["affiliated"] <= 250
    assert 0.8 * 5000 <= flags["cloud"] <= 0.9 * 5000
    assert set(cloud_states(TODAY)) == CLOUD_STATES
    assert m.Coupon.select(peewee.fn.COUNT(peewee.fn.DISTINCT(m.Coupon.code))).scalar() == 20000


def test_saving_after_the_demo_office_takes_new_ids(
    demo: dict[str, int], db: peewee.Database
) -> None:
    """Issue #13.3: "demo-data on PostgreSQL leaves the id sequences at 1: every later
    save fails with 'Id: this value is already in use'"."""
    from b24desk.store.clients import create_client

    largest = m.Client.select(peewee.fn.MAX(m.Client.id)).scalar()
    client = create_client({"company": "Saved After The Demo Ltd"})
    assert client.id > largest
    if isinstance(db, peewee.PostgresqlDatabase):  # every table's sequence moved on
        for model in m.ALL_MODELS:
            table = model._meta.table_name
            top = model.select(peewee.fn.MAX(model._meta.primary_key)).scalar()
            if top is None or not isinstance(model._meta.primary_key, peewee.AutoField):
                continue
            (last,) = db.execute_sql(
                f"SELECT pg_sequence_last_value(pg_get_serial_sequence('\"{table}\"', 'id'))"
            ).fetchone()
            assert last is not None and last >= top, table
