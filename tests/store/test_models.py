"""Every model round-trips through the database, and every schema rule is enforced."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import peewee
import pytest

from b24desk.store import models as m
from b24desk.store.db import transaction
from b24desk.store.errors import (
    CheckError,
    DuplicateError,
    ForeignKeyError,
    IntegrityViolation,
    NotNullError,
)

D = Decimal
NZT = timezone(timedelta(hours=13))


def make_world() -> dict[str, m.BaseModel]:
    """One row of every model, each pointing at the others where it can."""
    client = m.Client.create(
        company="Ōtautahi Dental Ltd",
        contact_person="Aroha Ngata",
        email="aroha@otautahidental.co.nz",
        phone="+64 3 555 0101",
        country="NZ",
        address="12 Cashel St, Christchurch",
        tax_id="123-456-789",
        portal_url="https://otautahidental.bitrix24.com",
        doc_language="en",
        currency="NZD",
        non_profit=True,
        affiliated=False,
        new_client=True,
        linked_via="referral",
        support_commercial=False,
        hosting="cloud",
    )
    plan = m.Plan.create(code="standard", name="Standard", kind="cloud", seats=50, storage_gb=100)
    price = m.PlanPrice.create(plan=plan, currency="NZD", price=D("129.00"))
    coupon = m.Coupon.create(
        code="B24-AAAA-BBBB-CCCC",
        product="cloud_subscription",
        plan=plan,
        term_months=12,
        seats=50,
        purchased_on=date(2026, 11, 1),
        currency="NZD",
        list_price=D("1548.00"),
        partner_cost=D("918.80"),
        bonus_used=D("10.00"),
        resale_price=D("1500.00"),
        resale_reason="agreed with the vendor",
        client=client,
        assigned_on=date(2026, 11, 2),
        state="assigned",
        order_ref="ORD-1",
    )
    sub = m.Subscription.create(
        client=client,
        plan=plan,
        kind="cloud",
        portal_url=client.portal_url,
        seats=50,
        term_months=12,
        starts_on=date(2026, 1, 1),
        paid_until=date(2026, 12, 31),
        purchased_on=date(2025, 12, 20),
        license_price=D("1548.00"),
        currency="NZD",
        last_user_login=date(2026, 11, 20),
        coupon=coupon,
    )
    invoice = m.Invoice.create(
        number="INV-2026-0001",
        year=2026,
        seq=1,
        client=client,
        issue_date=date(2026, 11, 3),
        due_date=date(2026, 11, 17),
        currency="NZD",
        state="issued",
        net=D("1500.00"),
        tax=D("225.00"),
        total=D("1725.00"),
        paid=D("100.00"),
    )
    credit = m.Invoice.create(
        kind="credit_note",
        number="CN-2026-0001",
        year=2026,
        seq=1,
        client=client,
        credited_invoice=invoice,
        currency="NZD",
        state="issued",
    )
    line = m.InvoiceLine.create(
        invoice=invoice,
        description='Standard, 12 months <&> "quoted"',
        quantity=D("1.5"),
        unit_price=D("1000.0001"),
        discount=D("0.125"),
        discount_reason="non-profit",
        tax_rate=D("0.15"),
        plan=plan,
        coupon=coupon,
        subscription=sub,
    )
    world: dict[str, m.BaseModel] = {
        "client": client,
        "plan": plan,
        "price": price,
        "coupon": coupon,
        "sub": sub,
        "invoice": invoice,
        "credit": credit,
        "line": line,
        "sequence": m.InvoiceSequence.create(kind="invoice", year=2026, last_seq=1),
        "payment": m.Payment.create(
            invoice=invoice, paid_on=date(2026, 11, 5), amount=D("100.00"), method="eftpos"
        ),
        "ticket": (
            ticket := m.Ticket.create(
                tid="T-000001",
                client=client,
                subject="Портал не открывается",
                description="Steps: 1. open portal",
                portal_url=client.portal_url,
                product_version="24.100",
                edition="Standard",
                urgency="high",
                sla_level="noncommercial_cloud",
                status="escalated",
                assignee="Mere",
                vendor_ticket_id="VND-99",
                created_at=datetime(2026, 11, 2, 11, 0, tzinfo=NZT),
                clock_started_at=datetime(2026, 11, 2, 11, 0, tzinfo=NZT),
                first_reply_at=datetime(2026, 11, 2, 12, 30, tzinfo=NZT),
                rating=5,
            )
        ),
        "message": (
            message := m.TicketMessage.create(
                ticket=ticket, kind="client", author="Aroha", body="Help ✓"
            )
        ),
        "attachment": m.TicketAttachment.create(message=message, path="C:\\shots\\error.png"),
        "closed_day": m.ClosedDay.create(day=date(2026, 12, 24), note="Office party"),
        "office_text": m.OfficeText.create(
            kind="refund_policy", language="es", text="No se reembolsan las compras."
        ),
        "status_change": m.PartnerStatusChange.create(
            status="silver", confirmed_on=date(2026, 3, 1)
        ),
        "course": m.CourseCompletion.create(course="tutorial", completed_on=date(2025, 2, 1)),
        "requirement": m.Requirement.create(key="website_endorsement", due_on=date(2027, 3, 1)),
        "bonus": m.Bonus.create(
            kind="award",
            amount=D("1000.00"),
            used=D("250.00"),
            credited_on=date(2026, 2, 1),
            expires_on=date(2026, 12, 31),
        ),
        "nfr": m.NfrLicense.create(
            kind="cloud",
            reference="https://kiwi.bitrix24.com",
            starts_on=date(2026, 3, 1),
            expires_on=date(2026, 9, 1),
        ),
        "points": m.PointsAllocation.create(allocated_on=date(2026, 5, 1), points=120, reason="x"),
        "activity": m.Activity.create(client=client, kind="note", message="Called about renewal"),
    }
    message = m.OutboxMessage.create(
        message_id="<20261105.1@b24desk.invalid>",
        kind="invoice",
        language="en",
        client=client,
        record_type="invoice",
        record_id=world["invoice"].id,
        to_addrs="aroha@otautahidental.co.nz",
        subject="Invoice INV-2026-0001",
        body="Kia ora Aroha,\n\nyour invoice is attached.",
        attempts=1,
        last_error="451 try again later",
    )
    world["outbox_message"] = message
    world["outbox_attachment"] = m.OutboxAttachment.create(
        message=message, filename="INV-2026-0001.pdf", size=8, data=b"%PDF-1.4"
    )
    world["template"] = m.MailTemplate.create(
        kind="invoice", language="es", subject="Factura {number}", body="Hola {client}"
    )
    world["reminder"] = m.ReminderSent.create(
        kind="overdue", stage="14", record_type="invoice", record_id=world["invoice"].id,
        message=message,
    )
    world["client_price"] = m.ClientPrice.create(
        client=client, plan=plan, currency="NZD", price=D("119.00"), reason="three-year deal"
    )
    world["rate"] = m.ExchangeRate.create(
        day=date(2026, 11, 3), base="NZD", currency="COP", rate=D("0.0004213377")
    )
    quote = m.Quote.create(
        number="QUO-2026-0001", year=2026, seq=1, client=client,
        issue_date=date(2026, 11, 1), valid_until=date(2026, 12, 1), currency="NZD",
        state="converted", net=D("1500.00"), tax=D("225.00"), total=D("1725.00"),
        invoice=invoice,
    )
    world["quote"] = quote
    world["quote_line"] = m.QuoteLine.create(
        quote=quote, description="Standard, 12 months", quantity=D("1"),
        unit_price=D("1500.00"), discount=D("0.05"), tax_rate=D("0.15"), term_months=12,
        plan=plan,
    )
    world["quote_sequence"] = m.QuoteSequence.create(year=2026, last_seq=1)
    world["renewal_draft"] = m.RenewalDraft.create(
        subscription=sub, period_end=date(2026, 12, 31), invoice=invoice
    )
    return world


def _columns(row: m.BaseModel) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row._meta.fields if not name.endswith("_id")}


def test_every_model_round_trips(db: peewee.Database) -> None:
    world = make_world()
    office = m.Office.get_by_id(1)
    office.name = "Kiwi Cloud Partners"
    office.opens = time(8, 30)
    office.default_tax_rate = D("0.15")
    office.save()
    world["office"] = office
    world["profile"] = m.PartnerProfile.get_by_id(1)

    stored_models = {type(row) for row in world.values()} | {m.SchemaVersion}
    assert stored_models == set(m.ALL_MODELS), "make_world() must cover every model"

    for row in world.values():
        again = type(row).get_by_id(row.id)
        for name, value in _columns(row).items():
            got = getattr(again, name)
            if isinstance(value, m.BaseModel):
                assert got.id == value.id, name
            elif isinstance(value, datetime):
                assert got == value and got.tzinfo is not None, name
            elif isinstance(value, str) and isinstance(got, time):  # default "09:00:00"
                assert got.isoformat() == value, name
            else:
                assert got == value, f"{type(row).__name__}.{name}: {got!r} != {value!r}"


def test_money_comes_back_as_exact_decimal(db: peewee.Database) -> None:
    world = make_world()
    line = m.InvoiceLine.get_by_id(world["line"].id)
    assert isinstance(line.unit_price, Decimal)
    assert line.unit_price == D("1000.0001")
    assert str(m.Coupon.get_by_id(world["coupon"].id).list_price) == "1548.00"
    assert str(line.discount) == "0.125"
    # Sums in SQL are exact (integers underneath), not float sums.
    for _ in range(10):
        m.Payment.create(
            invoice=world["invoice"], paid_on=date(2026, 11, 6), amount=D("0.10"), method="visa"
        )
    total = m.Payment.select(peewee.fn.SUM(m.Payment.amount)).scalar()
    assert m.Payment.amount.python_value(total) == D("101.00")


def test_float_money_is_refused(db: peewee.Database) -> None:
    client = m.Client.create(company="Float Inc")
    with pytest.raises(TypeError, match="never float"):
        m.Invoice.create(client=client, currency="USD", total=10.1)


def test_datetimes_are_stored_in_utc_and_come_back_aware(db: peewee.Database) -> None:
    world = make_world()
    ticket = m.Ticket.get_by_id(world["ticket"].id)
    assert ticket.created_at.tzinfo is not None
    assert ticket.created_at == datetime(2026, 11, 1, 22, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        m.Activity.create(client=world["client"], message="x", at=datetime(2026, 1, 1))


Violation = Callable[[dict[str, m.BaseModel]], object]

VIOLATIONS: list[tuple[str, type[IntegrityViolation], Violation]] = [
    (
        "duplicate coupon code",
        DuplicateError,
        lambda w: m.Coupon.create(
            code="B24-AAAA-BBBB-CCCC",
            product="renewal",
            purchased_on=date(2026, 1, 1),
            currency="NZD",
            list_price=D(1),
            partner_cost=D(1),
        ),
    ),
    (
        "duplicate invoice number",
        DuplicateError,
        lambda w: m.Invoice.create(
            number="INV-2026-0001", client=w["client"], currency="NZD", year=2025, seq=7
        ),
    ),
    (
        "duplicate sequence of a year",
        DuplicateError,
        lambda w: m.Invoice.create(
            number="INV-2026-9999", client=w["client"], currency="NZD", year=2026, seq=1
        ),
    ),
    (
        "duplicate ticket id",
        DuplicateError,
        lambda w: m.Ticket.create(
            tid="T-000001", client=w["client"], subject="x", sla_level="non_product"
        ),
    ),
    (
        "duplicate plan price",
        DuplicateError,
        lambda w: m.PlanPrice.create(plan=w["plan"], currency="NZD", price=D(1)),
    ),
    (
        "ticket of a missing client",
        ForeignKeyError,
        lambda w: m.Ticket.create(tid="T-9", client=9999, subject="x", sla_level="non_product"),
    ),
    (
        "removing a client that has invoices",
        ForeignKeyError,
        lambda w: m.Client.delete().where(m.Client.id == w["client"].id).execute(),
    ),
    (
        "negative list price",
        CheckError,
        lambda w: m.Coupon.create(
            code="NEG-0001",
            product="renewal",
            purchased_on=date(2026, 1, 1),
            currency="NZD",
            list_price=D("-0.01"),
            partner_cost=D(0),
        ),
    ),
    (
        "negative invoice total",
        CheckError,
        lambda w: m.Invoice.update(total=D("-1")).where(m.Invoice.id == w["invoice"].id).execute(),
    ),
    (
        "zero payment",
        CheckError,
        lambda w: m.Payment.create(
            invoice=w["invoice"], paid_on=date(2026, 1, 1), amount=D(0), method="visa"
        ),
    ),
    (
        "unknown payment method",
        CheckError,
        lambda w: m.Payment.create(
            invoice=w["invoice"], paid_on=date(2026, 1, 1), amount=D(1), method="cash"
        ),
    ),
    ("unknown coupon state", CheckError, lambda w: m.Coupon.update(state="lost").execute()),
    ("rating out of range", CheckError, lambda w: m.Ticket.update(rating=6).execute()),
    (
        "discount over 100 %",
        CheckError,
        lambda w: m.InvoiceLine.update(discount=D("1.01")).execute(),
    ),
    ("zero quantity", CheckError, lambda w: m.InvoiceLine.update(quantity=D(0)).execute()),
    (
        "unknown document language",
        CheckError,
        lambda w: m.Client.update(doc_language="de").execute(),
    ),
    ("missing company", NotNullError, lambda w: m.Client.insert(company=None).execute()),
]


@pytest.mark.parametrize(("what", "error", "violate"), VIOLATIONS, ids=[v[0] for v in VIOLATIONS])
def test_schema_rule_violation_is_a_typed_error_and_saves_nothing(
    db: peewee.Database, what: str, error: type[IntegrityViolation], violate: Violation
) -> None:
    world = make_world()
    before = {model: model.select().count() for model in m.ALL_MODELS}
    with pytest.raises(error) as caught, transaction():
        m.Activity.create(client=world["client"], message="written in the same transaction")
        violate(world)
    assert str(caught.value)  # a message for the person at the desk
    after = {model: model.select().count() for model in m.ALL_MODELS}
    assert after == before, f"{what}: the failed transaction left rows behind"
