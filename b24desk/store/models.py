"""Peewee models for the whole business of a reseller office (``shared/domain.md``).

Rules the data must never break live in the schema as well as in the domain layer:
unique codes and numbers, foreign keys, ``CHECK`` constraints on money and on the
closed sets of states, exact ``Decimal`` money (:mod:`b24desk.store.fields`).
Records that others point to are archived (``archived``), not deleted.  Records that
several desks may edit carry a ``version`` for optimistic locking.

Nothing here is SQLite-only: the same models create the PostgreSQL schema.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import peewee as pw
from playhouse.shortcuts import ThreadSafeDatabaseMetadata

from b24desk.domain import vocabulary
from b24desk.domain.pricing import PRODUCTS
from b24desk.domain.vocabulary import codes
from b24desk.i18n import N_
from b24desk.store.fields import (
    ExchangeRateField,
    MoneyField,
    RateField,
    UTCDateTimeField,
)

database_proxy = pw.DatabaseProxy()

ZERO = Decimal("0")


def utcnow() -> datetime:
    return datetime.now(UTC)


def _in(column: str, values: tuple[str, ...]) -> pw.SQL | pw.NodeList:
    quoted = ", ".join("'" + v + "'" for v in values)
    return pw.Check(f"{column} IN ({quoted})")


def _nonneg(column: str) -> pw.SQL | pw.NodeList:
    return pw.Check(f"{column} >= 0")


# Closed sets of values: the codes of domain.vocabulary, whose names people see.
LANGUAGES = codes(vocabulary.LANGUAGES)
HOSTING = codes(vocabulary.HOSTINGS)
LINKED_VIA = codes(vocabulary.LINKED_VIA)
PLAN_KINDS = ("cloud", "on_premise", "option", "service")
SUBSCRIPTION_KINDS = ("cloud", "on_premise")
COUPON_PRODUCTS = PRODUCTS  # the rules own the list (domain.md §3)
COUPON_STATES = codes(vocabulary.COUPON_STATES)
INVOICE_KINDS = ("invoice", "credit_note")
# Stored states; "partly paid", "paid" and "overdue" follow from payments and dates.
INVOICE_STATES = codes(vocabulary.INVOICE_STATES)
# Stored states; "expired" follows from the validity date (domain.quotes).
QUOTE_STATES = codes(vocabulary.QUOTE_STATES)
LINE_KINDS = ("product", "service")
#: Office texts kept per document language (OfficeText): the Office column of the name.
OFFICE_TEXT_KINDS = ("refund_policy", "bank_details")
PAYMENT_METHODS = codes(vocabulary.PAYMENT_METHODS)
TICKET_STATUSES = codes(vocabulary.TICKET_STATUSES)
URGENCIES = codes(vocabulary.URGENCIES)
SLA_LEVELS = (
    "commercial_cloud",
    "commercial_self_hosted",
    "noncommercial_cloud",
    "noncommercial_self_hosted",
    "non_product",
    "development",
)
MESSAGE_KINDS = ("client", "reply", "note")
PARTNER_STATUSES = codes(vocabulary.PARTNER_STATUSES)
COURSES = codes(vocabulary.COURSES)
BONUS_KINDS = codes(vocabulary.BONUS_KINDS)
NFR_KINDS = codes(vocabulary.NFR_KINDS)
MAIL_KINDS = codes(vocabulary.MAIL_KINDS)
OUTBOX_STATES = codes(vocabulary.OUTBOX_STATES)
SMTP_SECURITY = codes(vocabulary.SMTP_SECURITY)


class BaseModel(pw.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False
        # Every thread uses the proxy's database, except a worker that binds the
        # models to another one for itself (copying the office into a new database
        # while the desk goes on working on the current one).
        model_metadata_class = ThreadSafeDatabaseMetadata

    # The primary key peewee would add implicitly, written out so type checkers see
    # it: the same column (integer, auto-increment) on SQLite and PostgreSQL.
    # Each model also declares, under TYPE_CHECKING, what peewee adds at run time
    # (each foreign key's ``*_id`` and the backref selects).
    id = pw.AutoField()


class SchemaVersion(BaseModel):
    """One row: the schema version this database has been migrated to."""

    version = pw.IntegerField()
    migrated_at = UTCDateTimeField(default=utcnow)


#: The refund policy a new office starts with: 000 "WebBee provides no refunds for
#: Bitrix24 services", 002 "Los productos Bitrix no son reembolsables".  Stored as
#: this English message id; an invoice's PDF prints it in the document's language.
DEFAULT_REFUND_POLICY = N_("Bitrix24 products and services are not refundable.")


class Office(BaseModel):
    """The reseller office itself (one row, id 1): letterhead and business settings."""

    name = pw.CharField(default="")
    address = pw.TextField(default="")
    country = pw.CharField(max_length=2, default="NZ")
    tax_number = pw.CharField(default="")
    email = pw.CharField(default="")
    phone = pw.CharField(default="")
    website = pw.CharField(default="")
    bank_details = pw.TextField(default="")
    iban = pw.CharField(default="")  # printed for clients abroad (schema 3)
    swift = pw.CharField(default="")
    logo_path = pw.CharField(default="")
    refund_policy = pw.TextField(default=DEFAULT_REFUND_POLICY)
    default_currency = pw.CharField(max_length=3, default="NZD")
    default_tax_rate = RateField(default=Decimal("0.15"), constraints=[_nonneg("default_tax_rate")])
    invoice_prefix = pw.CharField(default="INV")
    credit_note_prefix = pw.CharField(default="CN")
    invoice_due_days = pw.IntegerField(default=14, constraints=[_nonneg("invoice_due_days")])
    timezone = pw.CharField(default="Pacific/Auckland")
    holiday_country = pw.CharField(max_length=2, default="NZ")
    holiday_subdivision = pw.CharField(null=True)
    opens = pw.TimeField(default="09:00:00")
    closes = pw.TimeField(default="18:00:00")
    workdays = pw.CharField(default="0,1,2,3,4")  # Monday = 0, as in datetime.weekday()
    grace_days = pw.IntegerField(default=15, constraints=[_nonneg("grace_days")])
    # Automatic daily copies of the SQLite file kept (store/backup.py).
    backup_keep_daily = pw.IntegerField(default=14, constraints=[_nonneg("backup_keep_daily")])
    backup_keep_monthly = pw.IntegerField(default=12, constraints=[_nonneg("backup_keep_monthly")])
    interface_language = pw.CharField(max_length=2, default="en")
    # The office's outgoing mail (schema 4, issue #16).  The password is never here:
    # it lives in the system keyring or B24DESK_SMTP_PASSWORD (store.mail_account).
    smtp_host = pw.CharField(default="")
    smtp_port = pw.IntegerField(default=587, constraints=[_nonneg("smtp_port")])
    smtp_security = pw.CharField(
        default="starttls", constraints=[_in("smtp_security", SMTP_SECURITY)]
    )
    smtp_user = pw.CharField(default="")
    sender_name = pw.CharField(default="")
    sender_email = pw.CharField(default="")
    reply_to = pw.CharField(default="")
    bcc_office = pw.BooleanField(default=False)  # a blind copy of each message to sender_email
    auto_reminders = pw.BooleanField(default=False)  # queue due reminders once a day
    overdue_stages = pw.CharField(default="3,14,30")  # days after the due date
    # Schema 5 (issue #17): quotes, renewal drafts, the home-currency amount.
    quote_prefix = pw.CharField(default="QUO")
    quote_valid_days = pw.IntegerField(default=30, constraints=[_nonneg("quote_valid_days")])
    renewal_lead_days = pw.IntegerField(default=30, constraints=[_nonneg("renewal_lead_days")])
    # Print the total in the home currency (default_currency) with the rate and its date
    # on invoices in another currency, for clients whose tax law asks for it.
    print_home_amount = pw.BooleanField(default=False)
    version = pw.IntegerField(default=1)


class OfficeText(BaseModel):
    """An office text in one document language (schema 3): the refund policy or the
    bank details as a Spanish or Russian invoice prints them; without one, the
    office's own column is printed."""

    kind = pw.CharField(constraints=[_in("kind", OFFICE_TEXT_KINDS)])
    language = pw.CharField(max_length=2, constraints=[_in("language", LANGUAGES)])
    text = pw.TextField(default="")

    class Meta:
        table_name = "office_text"
        indexes = ((("kind", "language"), True),)


class ClosedDay(BaseModel):
    """A day the office is closed besides public holidays (SLA business days)."""

    day = pw.DateField(unique=True)
    note = pw.CharField(default="")


class Client(BaseModel):
    company = pw.CharField(index=True)
    contact_person = pw.CharField(default="")
    email = pw.CharField(default="")
    phone = pw.CharField(default="")
    country = pw.CharField(max_length=2, default="NZ")
    address = pw.TextField(default="")
    tax_id = pw.CharField(default="")
    portal_url = pw.CharField(default="", index=True)
    doc_language = pw.CharField(
        max_length=2, default="en", constraints=[_in("doc_language", LANGUAGES)]
    )
    currency = pw.CharField(max_length=3, default="NZD")
    non_profit = pw.BooleanField(default=False)
    affiliated = pw.BooleanField(default=False)
    new_client = pw.BooleanField(default=True)
    linked_via = pw.CharField(default="none", constraints=[_in("linked_via", LINKED_VIA)])
    support_commercial = pw.BooleanField(default=True)
    hosting = pw.CharField(default="cloud", constraints=[_in("hosting", HOSTING)])
    notes = pw.TextField(default="")
    archived = pw.BooleanField(default=False, index=True)
    # Schema 4 (issue #16): where invoices and statements go (empty: ``email``), and
    # whether automatic reminders may be sent to the client at all.
    billing_email = pw.CharField(default="")
    do_not_remind = pw.BooleanField(default=False)
    created_at = UTCDateTimeField(default=utcnow)
    version = pw.IntegerField(default=1)

    if TYPE_CHECKING:
        coupons: pw.ModelSelect[Coupon]
        subscriptions: pw.ModelSelect[Subscription]
        invoices: pw.ModelSelect[Invoice]
        tickets: pw.ModelSelect[Ticket]
        activities: pw.ModelSelect[Activity]


class Plan(BaseModel):
    """An entry of the price list: cloud plans, on-premise editions, options, services."""

    code = pw.CharField(unique=True)
    name = pw.CharField()
    kind = pw.CharField(constraints=[_in("kind", PLAN_KINDS)])
    seats = pw.IntegerField(null=True, constraints=[_nonneg("seats")])  # None: unlimited
    storage_gb = pw.IntegerField(default=0, constraints=[_nonneg("storage_gb")])
    paid = pw.BooleanField(default=True)
    archived = pw.BooleanField(default=False)
    position = pw.IntegerField(default=0)

    if TYPE_CHECKING:
        prices: pw.ModelSelect[PlanPrice]
        coupons: pw.ModelSelect[Coupon]
        subscriptions: pw.ModelSelect[Subscription]


#: ``PlanPrice.valid_from`` of a price that has held since the beginning.
PRICE_EPOCH = date(2000, 1, 1)


class PlanPrice(BaseModel):
    """A plan's prices in one currency from a date on (issue #17: effective dates).

    ``price`` is the vendor's list price (the minimal end-user price, domain.md §3);
    ``partner_cost`` what the office pays (None: list price less the partner
    discount); ``resale_price`` the office's own price to clients (None: the list
    price).  Cloud plans are priced per month; editions, options and services per
    unit.  The row in force on a day is the one with the latest ``valid_from`` on or
    before it; an earlier row is history and is never changed by a later price.
    """

    plan = pw.ForeignKeyField(Plan, backref="prices", on_delete="CASCADE")
    currency = pw.CharField(max_length=3)
    price = MoneyField(constraints=[_nonneg("price")])
    valid_from = pw.DateField(default=PRICE_EPOCH)
    partner_cost = MoneyField(null=True, constraints=[_nonneg("partner_cost")])
    resale_price = MoneyField(null=True, constraints=[_nonneg("resale_price")])

    if TYPE_CHECKING:
        plan_id: int

    class Meta:
        indexes = ((("plan", "currency", "valid_from"), True),)


class ClientPrice(BaseModel):
    """A price negotiated with one client for one plan in one currency, with why."""

    client = pw.ForeignKeyField(Client, backref="prices", on_delete="CASCADE")
    plan = pw.ForeignKeyField(Plan, backref="client_prices", on_delete="CASCADE")
    currency = pw.CharField(max_length=3)
    price = MoneyField(constraints=[_nonneg("price")])
    reason = pw.TextField(default="")
    created_at = UTCDateTimeField(default=utcnow)

    if TYPE_CHECKING:
        client_id: int
        plan_id: int

    class Meta:
        indexes = ((("client", "plan", "currency"), True),)


class ExchangeRate(BaseModel):
    """On ``day``, one ``currency`` was worth ``rate`` units of ``base`` (issue #17.4).

    Used only for reports and the partner targets; an invoice keeps its own currency.
    """

    day = pw.DateField(index=True)
    base = pw.CharField(max_length=3)
    currency = pw.CharField(max_length=3)
    rate = ExchangeRateField(constraints=[pw.Check("rate > 0")])

    class Meta:
        indexes = ((("day", "base", "currency"), True),)


class Coupon(BaseModel):
    """An activation coupon or key bought in the vendor's store."""

    code = pw.CharField(unique=True)
    product = pw.CharField(constraints=[_in("product", COUPON_PRODUCTS)])
    plan = pw.ForeignKeyField(Plan, null=True, backref="coupons", on_delete="RESTRICT")
    term_months = pw.IntegerField(default=12, constraints=[_nonneg("term_months")])
    seats = pw.IntegerField(default=0, constraints=[_nonneg("seats")])
    purchased_on = pw.DateField(index=True)
    currency = pw.CharField(max_length=3)
    list_price = MoneyField(constraints=[_nonneg("list_price")])
    partner_cost = MoneyField(constraints=[_nonneg("partner_cost")])
    bonus_used = MoneyField(default=ZERO, constraints=[_nonneg("bonus_used")])
    resale_price = MoneyField(null=True, constraints=[_nonneg("resale_price")])
    resale_reason = pw.TextField(default="")
    client = pw.ForeignKeyField(Client, null=True, backref="coupons", on_delete="RESTRICT")
    assigned_on = pw.DateField(null=True)
    activated_on = pw.DateField(null=True)
    state = pw.CharField(default="in_stock", index=True, constraints=[_in("state", COUPON_STATES)])
    order_ref = pw.CharField(default="")
    note = pw.TextField(default="")
    created_at = UTCDateTimeField(default=utcnow)
    version = pw.IntegerField(default=1)

    if TYPE_CHECKING:
        plan_id: int | None
        client_id: int | None
        subscriptions: pw.ModelSelect[Subscription]


class Subscription(BaseModel):
    """One plan on one portal for one term (cloud), or an on-premise license."""

    client = pw.ForeignKeyField(Client, backref="subscriptions", on_delete="RESTRICT")
    plan = pw.ForeignKeyField(Plan, backref="subscriptions", on_delete="RESTRICT")
    kind = pw.CharField(default="cloud", constraints=[_in("kind", SUBSCRIPTION_KINDS)])
    portal_url = pw.CharField(default="")
    seats = pw.IntegerField(default=0, constraints=[_nonneg("seats")])
    extra_storage_gb = pw.IntegerField(default=0, constraints=[_nonneg("extra_storage_gb")])
    term_months = pw.IntegerField(default=12, constraints=[_nonneg("term_months")])
    starts_on = pw.DateField(null=True)
    paid_until = pw.DateField(null=True, index=True)
    purchased_on = pw.DateField(null=True)
    license_price = MoneyField(null=True, constraints=[_nonneg("license_price")])
    currency = pw.CharField(max_length=3, default="")
    updates_until = pw.DateField(null=True)
    last_user_login = pw.DateField(null=True)
    last_admin_login = pw.DateField(null=True)
    coupon = pw.ForeignKeyField(Coupon, null=True, backref="subscriptions", on_delete="SET NULL")
    archived = pw.BooleanField(default=False)
    created_at = UTCDateTimeField(default=utcnow)

    if TYPE_CHECKING:
        client_id: int
        plan_id: int
        coupon_id: int | None


class Invoice(BaseModel):
    """An invoice or a credit note; ``number`` is given when it is issued."""

    kind = pw.CharField(default="invoice", constraints=[_in("kind", INVOICE_KINDS)])
    number = pw.CharField(null=True, unique=True)
    year = pw.IntegerField(null=True)
    seq = pw.IntegerField(null=True)
    client = pw.ForeignKeyField(Client, backref="invoices", on_delete="RESTRICT")
    credited_invoice = pw.ForeignKeyField(
        "self", null=True, backref="credit_notes", on_delete="RESTRICT"
    )
    issue_date = pw.DateField(null=True, index=True)
    due_date = pw.DateField(null=True)
    currency = pw.CharField(max_length=3)
    language = pw.CharField(max_length=2, default="en", constraints=[_in("language", LANGUAGES)])
    state = pw.CharField(default="draft", index=True, constraints=[_in("state", INVOICE_STATES)])
    # Denormalised from the lines and payments, updated in the same transaction,
    # so that lists sort and filter by them in SQL.
    net = MoneyField(default=ZERO, constraints=[_nonneg("net")])
    tax = MoneyField(default=ZERO, constraints=[_nonneg("tax")])
    total = MoneyField(default=ZERO, constraints=[_nonneg("total")])
    paid = MoneyField(default=ZERO, constraints=[_nonneg("paid")])
    notes = pw.TextField(default="")
    created_at = UTCDateTimeField(default=utcnow)
    version = pw.IntegerField(default=1)

    if TYPE_CHECKING:
        client_id: int
        credited_invoice_id: int | None
        credit_notes: pw.ModelSelect[Invoice]
        lines: pw.ModelSelect[InvoiceLine]
        payments: pw.ModelSelect[Payment]

    class Meta:
        indexes = ((("kind", "year", "seq"), True),)


class InvoiceLine(BaseModel):
    invoice = pw.ForeignKeyField(Invoice, backref="lines", on_delete="CASCADE")
    position = pw.IntegerField(default=0)
    kind = pw.CharField(default="product", constraints=[_in("kind", LINE_KINDS)])
    description = pw.TextField()
    quantity = RateField(default=Decimal(1), constraints=[pw.Check("quantity > 0")])
    unit_price = MoneyField(constraints=[_nonneg("unit_price")])
    discount = RateField(
        # stored in 1/10 000 units (fields.FixedDecimalField): 10 000 is 100 %
        default=ZERO,
        constraints=[pw.Check("discount >= 0 AND discount <= 10000")],
    )
    discount_reason = pw.TextField(default="")
    tax_rate = RateField(default=ZERO, constraints=[_nonneg("tax_rate")])
    term_months = pw.IntegerField(null=True, constraints=[_nonneg("term_months")])
    plan = pw.ForeignKeyField(Plan, null=True, on_delete="SET NULL")
    coupon = pw.ForeignKeyField(Coupon, null=True, on_delete="SET NULL")
    subscription = pw.ForeignKeyField(Subscription, null=True, on_delete="SET NULL")

    if TYPE_CHECKING:
        invoice_id: int
        plan_id: int | None
        coupon_id: int | None
        subscription_id: int | None


class InvoiceSequence(BaseModel):
    """The last number given per kind and year; locked while an invoice is issued."""

    kind = pw.CharField(constraints=[_in("kind", INVOICE_KINDS)])
    year = pw.IntegerField()
    last_seq = pw.IntegerField(default=0, constraints=[_nonneg("last_seq")])

    class Meta:
        indexes = ((("kind", "year"), True),)


class Payment(BaseModel):
    invoice = pw.ForeignKeyField(Invoice, backref="payments", on_delete="RESTRICT")
    paid_on = pw.DateField()
    amount = MoneyField(constraints=[pw.Check("amount > 0")])
    method = pw.CharField(constraints=[_in("method", PAYMENT_METHODS)])
    reference = pw.CharField(default="")
    created_at = UTCDateTimeField(default=utcnow)

    if TYPE_CHECKING:
        invoice_id: int


class Quote(BaseModel):
    """A quote (estimate) for a client: numbered when made, valid until a date, and
    converted into at most one draft invoice (issue #17.2)."""

    number = pw.CharField(unique=True)
    year = pw.IntegerField()
    seq = pw.IntegerField()
    client = pw.ForeignKeyField(Client, backref="quotes", on_delete="RESTRICT")
    issue_date = pw.DateField(index=True)
    valid_until = pw.DateField()
    currency = pw.CharField(max_length=3)
    language = pw.CharField(max_length=2, default="en", constraints=[_in("language", LANGUAGES)])
    state = pw.CharField(default="draft", index=True, constraints=[_in("state", QUOTE_STATES)])
    net = MoneyField(default=ZERO, constraints=[_nonneg("net")])
    tax = MoneyField(default=ZERO, constraints=[_nonneg("tax")])
    total = MoneyField(default=ZERO, constraints=[_nonneg("total")])
    notes = pw.TextField(default="")
    # The draft invoice it became; unique, so a quote is converted at most once.
    invoice = pw.ForeignKeyField(Invoice, null=True, unique=True, on_delete="SET NULL")
    created_at = UTCDateTimeField(default=utcnow)
    version = pw.IntegerField(default=1)

    if TYPE_CHECKING:
        client_id: int
        invoice_id: int | None
        lines: pw.ModelSelect[QuoteLine]


class QuoteLine(BaseModel):
    quote = pw.ForeignKeyField(Quote, backref="lines", on_delete="CASCADE")
    position = pw.IntegerField(default=0)
    kind = pw.CharField(default="product", constraints=[_in("kind", LINE_KINDS)])
    description = pw.TextField()
    quantity = RateField(default=Decimal(1), constraints=[pw.Check("quantity > 0")])
    unit_price = MoneyField(constraints=[_nonneg("unit_price")])
    discount = RateField(
        default=ZERO, constraints=[pw.Check("discount >= 0 AND discount <= 10000")]
    )
    discount_reason = pw.TextField(default="")
    tax_rate = RateField(default=ZERO, constraints=[_nonneg("tax_rate")])
    term_months = pw.IntegerField(null=True, constraints=[_nonneg("term_months")])
    plan = pw.ForeignKeyField(Plan, null=True, on_delete="SET NULL")

    if TYPE_CHECKING:
        quote_id: int
        plan_id: int | None


class QuoteSequence(BaseModel):
    """The last quote number given in a year (quotes are numbered when made)."""

    year = pw.IntegerField(unique=True)
    last_seq = pw.IntegerField(default=0, constraints=[_nonneg("last_seq")])


class RenewalDraft(BaseModel):
    """The draft invoice made for renewing a subscription past ``period_end`` (its
    ``paid_until`` then).  Unique per subscription and period, so the renewal drafts
    are never made twice, by one desk or two (issue #17.3).  Deleting the draft
    frees the period."""

    subscription = pw.ForeignKeyField(Subscription, backref="renewal_drafts", on_delete="CASCADE")
    period_end = pw.DateField()
    invoice = pw.ForeignKeyField(Invoice, backref="renewal_of", on_delete="CASCADE")
    created_at = UTCDateTimeField(default=utcnow)

    if TYPE_CHECKING:
        subscription_id: int
        invoice_id: int

    class Meta:
        indexes = ((("subscription", "period_end"), True),)


class Ticket(BaseModel):
    """A client's support ticket; ``tid`` is the id shown to the client (003 §4.5)."""

    tid = pw.CharField(unique=True)
    client = pw.ForeignKeyField(Client, backref="tickets", on_delete="RESTRICT")
    subject = pw.CharField()
    description = pw.TextField(default="")
    portal_url = pw.CharField(default="")
    product_version = pw.CharField(default="")
    edition = pw.CharField(default="")
    urgency = pw.CharField(default="normal", constraints=[_in("urgency", URGENCIES)])
    sla_level = pw.CharField(constraints=[_in("sla_level", SLA_LEVELS)])
    # Why the level differs from the one worked out from the client's subscriptions
    # on the creation day (empty: it is that level).  Schema 2.
    sla_override_reason = pw.TextField(default="")
    status = pw.CharField(default="new", index=True, constraints=[_in("status", TICKET_STATUSES)])
    assignee = pw.CharField(default="")
    vendor_ticket_id = pw.CharField(default="")
    created_at = UTCDateTimeField(default=utcnow, index=True)
    # The SLA clock: it runs from clock_started_at (creation or the client's
    # latest unanswered message) until the office's first reply.
    clock_started_at = UTCDateTimeField(default=utcnow)
    first_reply_at = UTCDateTimeField(null=True)
    waiting_since = UTCDateTimeField(null=True)
    target_at = UTCDateTimeField(null=True, index=True)  # SLA target of the running clock
    due_at = UTCDateTimeField(null=True, index=True)  # SLA maximum of the running clock
    resolved_at = UTCDateTimeField(null=True)
    closed_at = UTCDateTimeField(null=True)
    rating = pw.IntegerField(null=True, constraints=[pw.Check("rating BETWEEN 1 AND 5")])
    version = pw.IntegerField(default=1)

    if TYPE_CHECKING:
        client_id: int
        messages: pw.ModelSelect[TicketMessage]


class TicketMessage(BaseModel):
    """A message in a ticket's thread: from the client, a reply, or an internal note."""

    ticket = pw.ForeignKeyField(Ticket, backref="messages", on_delete="CASCADE")
    kind = pw.CharField(constraints=[_in("kind", MESSAGE_KINDS)])
    author = pw.CharField(default="")
    body = pw.TextField()
    created_at = UTCDateTimeField(default=utcnow)

    if TYPE_CHECKING:
        ticket_id: int
        attachments: pw.ModelSelect[TicketAttachment]


class TicketAttachment(BaseModel):
    """A file attached by path (the file itself stays where it is)."""

    message = pw.ForeignKeyField(TicketMessage, backref="attachments", on_delete="CASCADE")
    path = pw.TextField()

    if TYPE_CHECKING:
        message_id: int


class PartnerProfile(BaseModel):
    """The office's standing in the partner programme (one row, id 1)."""

    partner_id = pw.CharField(default="")
    accepted_on = pw.DateField(null=True)  # acceptance into the programme
    status = pw.CharField(default="bronze", constraints=[_in("status", PARTNER_STATUSES)])
    confirmed_on = pw.DateField(null=True)  # last status confirmation: starts the status year
    held_before = pw.CharField(null=True)  # highest status held before a downgrade
    registered_on = pw.DateField(null=True)
    version = pw.IntegerField(default=1)


class PartnerStatusChange(BaseModel):
    """Status history: every grant, confirmation or downgrade with its date."""

    status = pw.CharField(constraints=[_in("status", PARTNER_STATUSES)])
    confirmed_on = pw.DateField()
    note = pw.TextField(default="")


class CourseCompletion(BaseModel):
    course = pw.CharField(unique=True, constraints=[_in("course", COURSES)])
    completed_on = pw.DateField()


class Requirement(BaseModel):
    """A duty of the status checklist (website endorsement, case study, QBR…)."""

    key = pw.CharField()
    due_on = pw.DateField(null=True)
    done_on = pw.DateField(null=True)
    note = pw.TextField(default="")


class Bonus(BaseModel):
    kind = pw.CharField(constraints=[_in("kind", BONUS_KINDS)])
    amount = MoneyField(constraints=[_nonneg("amount")])
    used = MoneyField(default=ZERO, constraints=[_nonneg("used")])
    currency = pw.CharField(max_length=3, default="USD")
    credited_on = pw.DateField()
    expires_on = pw.DateField()
    note = pw.TextField(default="")


class NfrLicense(BaseModel):
    """A not-for-resale cloud subscription or on-premise key of the office."""

    kind = pw.CharField(constraints=[_in("kind", NFR_KINDS)])
    reference = pw.CharField(default="")  # portal URL or key
    starts_on = pw.DateField()
    expires_on = pw.DateField()
    extended = pw.BooleanField(default=False)


class PointsAllocation(BaseModel):
    allocated_on = pw.DateField(index=True)
    points = pw.IntegerField(constraints=[_nonneg("points")])
    reason = pw.CharField(default="")


class Activity(BaseModel):
    """The dated activity log of a client."""

    client = pw.ForeignKeyField(Client, backref="activities", on_delete="CASCADE")
    at = UTCDateTimeField(default=utcnow, index=True)
    kind = pw.CharField(default="note")
    message = pw.TextField()

    if TYPE_CHECKING:
        client_id: int


class MailTemplate(BaseModel):
    """The office's own wording of one kind of message in one language (schema 4).

    No row: the template shipped with b24desk (``domain.mail_templates``) is used."""

    kind = pw.CharField(constraints=[_in("kind", MAIL_KINDS)])
    language = pw.CharField(max_length=2, constraints=[_in("language", LANGUAGES)])
    subject = pw.TextField()
    body = pw.TextField()

    class Meta:
        indexes = ((("kind", "language"), True),)


class OutboxMessage(BaseModel):
    """A message the desk sends, kept with what was sent (schema 4, issue #16).

    ``message_id`` is fixed when the message is queued and never changes, so a
    message sent again after a crash is recognisably the same message.  A desk
    claims a message by moving it from ``queued`` to ``sending`` (``claimed_by``,
    ``claimed_at``) in one conditional UPDATE before it talks to the server."""

    message_id = pw.CharField(unique=True)  # the RFC 5322 Message-ID, with <>
    kind = pw.CharField(constraints=[_in("kind", MAIL_KINDS)])
    language = pw.CharField(max_length=2, constraints=[_in("language", LANGUAGES)])
    client = pw.ForeignKeyField(Client, null=True, backref="messages", on_delete="SET NULL")
    record_type = pw.CharField(default="")  # "invoice", "payment", "subscription", "coupon", ""
    record_id = pw.IntegerField(null=True)
    to_addrs = pw.TextField()  # comma-separated addresses
    cc_addrs = pw.TextField(default="")
    bcc_addrs = pw.TextField(default="")
    subject = pw.TextField()
    body = pw.TextField()
    state = pw.CharField(default="queued", index=True, constraints=[_in("state", OUTBOX_STATES)])
    attempts = pw.IntegerField(default=0, constraints=[_nonneg("attempts")])
    last_error = pw.TextField(default="")
    created_at = UTCDateTimeField(default=utcnow, index=True)
    next_attempt_at = UTCDateTimeField(default=utcnow, index=True)
    claimed_by = pw.CharField(default="")
    claimed_at = UTCDateTimeField(null=True)
    sent_at = UTCDateTimeField(null=True)
    version = pw.IntegerField(default=1)

    class Meta:
        indexes = ((("record_type", "record_id"), False),)

    if TYPE_CHECKING:
        client_id: int | None
        attachments: pw.ModelSelect[OutboxAttachment]


class OutboxAttachment(BaseModel):
    """A file sent with a message: its bytes are kept, so what was sent is what is kept."""

    message = pw.ForeignKeyField(OutboxMessage, backref="attachments", on_delete="CASCADE")
    filename = pw.CharField()
    mime_type = pw.CharField(default="application/pdf")
    size = pw.IntegerField(constraints=[_nonneg("size")])
    data = pw.BlobField()

    if TYPE_CHECKING:
        message_id: int


class ReminderSent(BaseModel):
    """A reminder stage queued for a record: never the same stage twice (schema 4).

    ``period`` tells renewals of different terms apart (the paid-until date)."""

    kind = pw.CharField(constraints=[_in("kind", MAIL_KINDS)])
    stage = pw.CharField()  # "30", "7", "0", "grace", "frozen", or the overdue days
    record_type = pw.CharField()
    record_id = pw.IntegerField()
    period = pw.CharField(default="")
    message = pw.ForeignKeyField(OutboxMessage, null=True, on_delete="SET NULL")
    queued_at = UTCDateTimeField(default=utcnow)

    class Meta:
        indexes = ((("kind", "stage", "record_type", "record_id", "period"), True),)

    if TYPE_CHECKING:
        message_id: int | None


# --------------------------------------------------------------------------- list orders
# The default orders of the big lists, as index expressions: a tab opens by reading
# its first page from the index, never by sorting every row (issue #18).


def _indexed(*expressions: pw.Node) -> list[pw.Node]:
    # Parenthesised (PostgreSQL takes an expression in an index only so).
    return [pw.EnclosedNodeList([e]) for e in expressions]


def ticket_clock_runs() -> pw.Expression:
    """SQL: the ticket's SLA clock runs (unanswered since it started, not waiting,
    not done) — the queue's order and the SLA filters alike."""
    done = tuple(sorted(vocabulary.CLOSED_TICKET_STATUSES))
    return (
        Ticket.first_reply_at.is_null() | (Ticket.first_reply_at < Ticket.clock_started_at)
    ) & Ticket.status.not_in(("waiting", *done))


def ticket_queue_order() -> tuple[pw.Node, ...]:
    """The ticket queue's order: high urgency first; then the tickets whose clock
    runs, the others, the done ones; by due time (none last).  (The id, the
    listing's tie-breaker, follows.)

    The index ``ticket_queue`` holds exactly these expressions.  Their values are
    SQL literals (``ValueLiterals``), as in the index: a bound parameter never
    matches an index expression.
    """
    done = tuple(sorted(vocabulary.CLOSED_TICKET_STATUSES))
    running = ticket_clock_runs()
    return tuple(
        pw.ValueLiterals(e)
        for e in (
            pw.Case(Ticket.urgency, [("high", 0)], 1),
            pw.Case(None, [(running, 0), (Ticket.status.in_(done), 2)], 1),
            Ticket.due_at.is_null(),
            Ticket.due_at,
        )
    )


def client_company_order() -> pw.Node:
    """The clients' order, by company (case-insensitive); indexes ``client_company_lower``
    (every client) and ``client_archived_company`` (the active or the archived ones)."""
    return pw.fn.LOWER(Client.company)


Ticket.add_index(Ticket.index(*_indexed(*ticket_queue_order()), Ticket.id, name="ticket_queue"))
Client.add_index(
    Client.index(*_indexed(client_company_order()), Client.id, name="client_company_lower")
)
# The coupons' order: the newest purchase first, then by id (a day may have thousands).
Coupon.add_index(Coupon.index(Coupon.purchased_on.desc(), Coupon.id, name="coupon_recent"))
Client.add_index(
    Client.index(
        Client.archived,
        *_indexed(client_company_order()),
        Client.id,
        name="client_archived_company",
    )
)

# Today's sections (issue #18): late tickets by their clock, the earliest reply (the
# partner's first activity), overdue invoices by due date.
Ticket.add_index(
    Ticket.index(Ticket.status, Ticket.first_reply_at, Ticket.target_at, name="ticket_clock")
)
Ticket.add_index(Ticket.index(Ticket.first_reply_at, name="ticket_first_reply"))
Invoice.add_index(Invoice.index(Invoice.state, Invoice.due_date, name="invoice_state_due"))


#: Every table, in creation order (parents first).
ALL_MODELS: tuple[type[BaseModel], ...] = (
    SchemaVersion,
    Office,
    OfficeText,
    ClosedDay,
    Client,
    Plan,
    PlanPrice,
    ClientPrice,
    ExchangeRate,
    Coupon,
    Subscription,
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    Payment,
    Ticket,
    TicketMessage,
    TicketAttachment,
    PartnerProfile,
    PartnerStatusChange,
    CourseCompletion,
    Requirement,
    Bonus,
    NfrLicense,
    PointsAllocation,
    Activity,
    MailTemplate,
    OutboxMessage,
    OutboxAttachment,
    ReminderSent,
    Quote,
    QuoteLine,
    QuoteSequence,
    RenewalDraft,
)
