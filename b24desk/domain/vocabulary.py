"""The office's words, defined once: every closed set of codes with the name people see.

Each table maps a stored code to its English name marked for translation (``N_``);
``label(table, code)`` translates it in the current language. The store keeps the
codes (its columns are limited to them), the UI, the CSV import and export and the PDF
show the names; nobody else writes a status, a product or a payment method's name.
The order of a table is the order people see it in (forms, filters).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from b24desk.i18n import LANGUAGES as _LANGUAGE_NAMES
from b24desk.i18n import N_, _, ngettext


def _words(**names: str) -> Mapping[str, str]:
    return MappingProxyType(dict(names))


#: The languages of the interface and of documents.
LANGUAGES = _words(**_LANGUAGE_NAMES)  # i18n owns the list (it runs before the domain)

#: Where a client's Bitrix24 runs (domain.md §1).
HOSTINGS = _words(cloud=N_("Cloud"), self_hosted=N_("Self-hosted (on-premise)"))

#: How a client is linked to the office in the partner programme (001 §5.2).
LINKED_VIA = _words(
    none=N_("Not linked"),
    referral=N_("Referral link"),
    purchase=N_("Purchase"),
    manual=N_("Manual request"),
)

#: A cloud portal's lifecycle after its paid end date (domain.md §2).
LIFECYCLE_STATES = _words(
    active=N_("Active"),
    grace=N_("Grace period"),
    free=N_("Free plan"),
    frozen=N_("Frozen"),
    deleted=N_("Deleted"),
)

#: What a coupon can be bought for (domain.md §3).
PRODUCTS = _words(
    cloud_subscription=N_("Cloud subscription"),
    renewal=N_("Renewal"),
    upgrade=N_("Upgrade"),
    extra_storage=N_("Extra storage"),
    onprem_key=N_("On-premise key"),
    onprem_upgrade=N_("On-premise upgrade"),
    updates_renewal=N_("Updates renewal"),
    extra_users=N_("Extra users"),
)

#: A coupon's states (domain.md §3).
COUPON_STATES = _words(
    in_stock=N_("In stock"),
    assigned=N_("Assigned"),
    activated=N_("Activated"),
    expired=N_("Expired"),
    void=N_("Void"),
)

#: An invoice's stored states.
INVOICE_STATES = _words(
    draft=N_("Draft"),
    issued=N_("Issued"),
    credited=N_("Credited"),
    void=N_("Void"),
)

#: The status a person sees: the stored state, or what payments and dates make of an
#: issued invoice (domain.md §6).
INVOICE_STATUSES = _words(
    draft=N_("Draft"),
    issued=N_("Issued"),
    partly_paid=N_("Partly paid"),
    paid=N_("Paid"),
    overdue=N_("Overdue"),
    credited=N_("Credited"),
    void=N_("Void"),
)

#: A quote's stored states (issue #17.2).
QUOTE_STATES = _words(
    draft=N_("Draft"),
    sent=N_("Sent"),
    accepted=N_("Accepted"),
    declined=N_("Declined"),
    converted=N_("Converted to invoice"),
)

#: The status a person sees: the stored state, or "expired" for a draft or sent quote
#: past its validity date (``domain.quotes``).
QUOTE_STATUSES = _words(
    draft=N_("Draft"),
    sent=N_("Sent"),
    accepted=N_("Accepted"),
    declined=N_("Declined"),
    expired=N_("Expired"),
    converted=N_("Converted to invoice"),
)

#: How a client pays (000 "payment"): PayPal and wire only for some plans and terms
#: (``domain.pricing``).
PAYMENT_METHODS = _words(
    bank_deposit=N_("Bank deposit"),
    eftpos=N_("Eftpos"),
    visa=N_("Visa"),
    paypal=N_("PayPal"),
    wire=N_("Wire transfer"),
)

#: What the desk sends by e-mail (issue #16): each kind has a template per language.
MAIL_KINDS = _words(
    invoice=N_("Invoice"),
    credit_note=N_("Credit note"),
    receipt=N_("Payment receipt"),
    renewal=N_("Renewal reminder"),
    grace=N_("Grace period warning"),
    frozen=N_("Frozen portal warning"),
    coupon=N_("Coupon activation"),
    overdue=N_("Overdue invoice reminder"),
    statement=N_("Statement of account"),
)

#: An outbox message's states, in the order a message goes through them.
OUTBOX_STATES = _words(
    queued=N_("Queued"),
    sending=N_("Sending"),
    sent=N_("Sent"),
    failed=N_("Failed"),
    cancelled=N_("Cancelled"),
)

#: How the desk talks to the office's SMTP server.
SMTP_SECURITY = _words(
    none=N_("None (plain text)"),
    starttls=N_("STARTTLS"),
    ssl=N_("SSL/TLS"),
)

#: A support ticket's statuses (domain.md §5), in the workflow's order.
TICKET_STATUSES = _words(
    new=N_("New"),
    in_progress=N_("In progress"),
    waiting=N_("Waiting for client"),
    resolved=N_("Resolved"),
    closed=N_("Closed"),
    reopened=N_("Reopened"),
    escalated=N_("Escalated to vendor"),
)

#: Ticket statuses in which the office owes the client nothing more.
CLOSED_TICKET_STATUSES = frozenset({"resolved", "closed"})

#: How urgent a ticket is (003 §2.2: high urgency jumps the queue).
URGENCIES = _words(normal=N_("Normal"), high=N_("High"))

#: Where a ticket's response clock stands.
SLA_STATES = _words(
    on_track=N_("On track"),
    due_soon=N_("Due soon"),
    overdue=N_("Overdue"),
    paused=N_("Paused"),
    answered=N_("Answered"),
    done=N_("Done"),
)

#: The office's partner statuses (001 §3).
PARTNER_STATUSES = _words(bronze=N_("Bronze"), silver=N_("Silver"), gold=N_("Gold"))

#: The vendor's courses (001 §3).
COURSES = _words(
    tutorial=N_("Partner Program Tutorial"),
    sales_course=N_("Partner Sales Course"),
    marketing_course=N_("Partner Marketing Course"),
)

#: The vendor's bonuses (001 §9–10).
BONUS_KINDS = _words(kickstart=N_("Kickstart bonus"), award=N_("Award bonus"))

#: Not-for-resale licences (001 §8).
NFR_KINDS = _words(cloud=N_("Cloud NFR subscription"), on_premise=N_("On-premise NFR key"))

#: The kinds of entry of the office's price list (domain.md §2; issue #17.1).
PLAN_KINDS = _words(
    cloud=N_("Cloud plan"),
    on_premise=N_("On-premise edition"),
    option=N_("Option"),
    service=N_("Service"),
)


def label(table: Mapping[str, str], code: str) -> str:
    """The name of ``code`` in the current language (the code itself if unknown)."""
    name = table.get(code)
    return _(name) if name is not None else code


def codes(table: Mapping[str, str]) -> tuple[str, ...]:
    """The codes of a table, in order (what a column may hold)."""
    return tuple(table)


def term_text(months: int) -> str:
    """A subscription's term as words: "1 month", "6 months" ("5 месяцев")."""
    return ngettext("{count} month", "{count} months", months).format(count=months)
