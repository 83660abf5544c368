"""Invoices and credit notes: drafts, gap-free numbering, payments, the PDF's data.

* A draft has no number.  :func:`issue_invoice` gives the next number of the year's
  sequence inside the same transaction that marks the invoice issued, with the
  sequence row locked (SQLite: the transaction takes the write lock when it begins;
  PostgreSQL: the UPDATE of the row locks it), so two desks never get the same number and
  no number is skipped or reused.
* An issued invoice never changes; a credit note (its own sequence) points to it.
* The status shown (draft, issued, partly paid, paid, overdue, credited) follows from
  the stored state, the payments and the due date: :func:`display_status` in Python,
  :func:`status_expression` in SQL for sorting and filtering.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

import peewee

from b24desk.domain import pricing
from b24desk.domain.documents import DocumentLine, InvoiceDocument
from b24desk.domain.errors import ErrorCollector, ValidationError
from b24desk.domain.invoicing import InvoiceLine as RuleLine
from b24desk.domain.invoicing import (
    InvoiceTotals,
    default_tax_rate,
    invoice_balance,
    invoice_currency,
    invoice_status,
    invoice_totals,
    plan_line_terms,
    plan_term_price,
)
from b24desk.domain.validation import validate_money
from b24desk.i18n import N_, _
from b24desk.store import events
from b24desk.store.db import transaction
from b24desk.store.errors import NotFoundError, StoreError
from b24desk.store.listing import Listing
from b24desk.store.locking import locked, save_if_unchanged
from b24desk.store.lookup import PriceChoice
from b24desk.store.models import (
    PAYMENT_METHODS,
    Activity,
    Client,
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    Payment,
    Plan,
    utcnow,
)
from b24desk.store.office import get_office
from b24desk.store.parties import client_party, office_letterhead
from b24desk.store.prices import offered_price, price_in_force
from b24desk.store.search import indexed

ZERO = Decimal(0)


# -- status ------------------------------------------------------------------------------


def display_status(invoice: Any, today: date) -> str:
    """The status a person sees (the domain's :func:`invoicing.invoice_status`), from
    the stored state, payments, credit notes and due date."""
    return invoice_status(
        invoice.kind, invoice.state, balance(invoice), invoice.paid, invoice.due_date, today
    )


def status_expression(today: date) -> peewee.ColumnBase:
    """:func:`display_status` as SQL (for sorting and filtering the list)."""
    return peewee.Case(
        None,
        (
            (Invoice.state.in_(("draft", "credited", "void")), Invoice.state),
            (Invoice.kind == "credit_note", "issued"),
            (balance_expression() <= 0, "paid"),
            (Invoice.due_date < today, "overdue"),
            (Invoice.paid > 0, "partly_paid"),
        ),
        "issued",
    )


# -- what is still owed ------------------------------------------------------------------

_CreditNote = Invoice.alias("credit_note")


def credited_expression(invoice: Any = Invoice, as_of: date | None = None) -> peewee.Node:
    """SQL: the sum of the credit notes issued against ``invoice`` (stored units); with
    ``as_of``, of those issued on or before that day only."""
    credits = (_CreditNote.credited_invoice == invoice.id) & (_CreditNote.kind == "credit_note")
    if as_of is not None:
        credits &= _CreditNote.issue_date <= as_of
    return _CreditNote.select(peewee.fn.COALESCE(peewee.fn.SUM(_CreditNote.total), 0)).where(
        credits
    )


_Paid = Payment.alias("paid_by")


def balance_expression(invoice: Any = Invoice, as_of: date | None = None) -> peewee.ColumnBase:
    """SQL: what is still owed on ``invoice`` in stored units, the domain's rule
    :func:`~b24desk.domain.invoicing.invoice_balance` (total − payments − credit
    notes, never below zero), for lists, sums and filters.  With ``as_of``, what was
    owed at the end of that day: only the payments received and the credit notes
    issued by then count (the receivables ageing report)."""
    paid: Any = invoice.paid
    if as_of is not None:
        paid = _Paid.select(peewee.fn.COALESCE(peewee.fn.SUM(_Paid.amount), 0)).where(
            (_Paid.invoice == invoice.id) & (_Paid.paid_on <= as_of)
        )
    owed = invoice.total - paid - credited_expression(invoice, as_of)
    return peewee.Case(None, ((owed > 0, owed),), 0)


# -- the list ------------------------------------------------------------------------------


def invoice_listing(today: date) -> Listing:
    """The invoice list; each row's ``balance_units`` is what is still owed (stored
    units, read with :func:`row_balance`), by the same rule as everywhere."""
    status = status_expression(today)
    owed = peewee.Case(
        None,
        (((Invoice.kind == "invoice") & (Invoice.state == "issued"), balance_expression()),),
        0,
    )

    def query() -> peewee.ModelSelect[Invoice]:
        return Invoice.select(
            Invoice.id,
            Invoice.kind,
            Invoice.number,
            Invoice.issue_date,
            Invoice.due_date,
            Invoice.currency,
            Invoice.total,
            Invoice.paid,
            Invoice.state,
            Invoice.version,
            Client.company.alias("company"),
            status.alias("status"),
            owed.alias("balance_units"),
        ).join(Client)

    return Listing(
        query=query,
        sort_keys={
            "number": (Invoice.kind, Invoice.year, Invoice.seq),
            "client": Client.company,
            "issue_date": Invoice.issue_date,
            "due_date": Invoice.due_date,
            "currency": Invoice.currency,
            "total": Invoice.total,
            "paid": Invoice.paid,
            "balance": owed,
            "status": status,
        },
        search=indexed(Invoice.id, "invoice"),
        tie_breaker=Invoice.id,
        filters={
            "status": lambda v: status == v,
            "kind": lambda v: Invoice.kind == v,
            "client": lambda v: Invoice.client == v,
        },
        count_query=lambda: Invoice.select(Invoice.id),  # every invoice has its client
        default_order=(Invoice.issue_date.desc(nulls="FIRST"), Invoice.id.desc()),
    )


def row_balance(row: Any) -> Decimal:
    """What is still owed on a row of :func:`invoice_listing`."""
    return Invoice.total.python_value(int(row.balance_units or 0))


# -- drafts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineInput:
    """One line as the editor holds it; amounts are Decimal or text as typed."""

    description: str
    quantity: Any = Decimal(1)
    unit_price: Any = ZERO
    discount: Any = ZERO
    tax_rate: Any = ZERO
    kind: str = "product"
    discount_reason: str = ""
    term_months: int | None = None
    plan_id: int | None = None
    coupon_id: int | None = None
    subscription_id: int | None = None


def list_price(plan_id: int, currency: str, term_months: int | None, on: date) -> Decimal | None:
    """The minimal end-user price of a plan for a term in ``currency`` in force on
    ``on`` (None if unpriced then).

    Cloud plans are priced per month, so a 12-month line costs 12 monthly prices.
    """
    row = price_in_force(plan_id, currency, on)
    if row is None:
        return None
    kind = Plan.select(Plan.kind).where(Plan.id == plan_id).scalar()
    return plan_term_price(row.price, kind == "cloud", term_months)


def offered_unit(
    client_id: int | None, plan_id: int, currency: str, on: date
) -> tuple[Decimal, str] | None:
    """What one unit of a service or option costs ``client_id`` on ``on``, with the
    reason its negotiated price carries below the list price (see :func:`_offer`)."""
    return _offer(client_id, plan_id, currency, None, on)


def _offer(
    client_id: int | None, plan_id: int, currency: str, term_months: int | None, on: date
) -> tuple[Decimal, str] | None:
    """The unit price a line offers ``client_id`` for ``plan_id`` over ``term_months``
    on ``on`` (:func:`~b24desk.store.prices.offered_price`: its negotiated price, else
    the office's resale price, else the list price), with the reason a negotiated
    price below the list price carries ("" otherwise); None when unpriced."""
    offer = offered_price(client_id, plan_id, currency, on)
    if offer is None:
        return None
    kind = Plan.select(Plan.kind).where(Plan.id == plan_id).scalar()
    price = plan_term_price(offer.price, kind == "cloud", term_months)
    below = pricing.below_list_needs_reason(offer.price, offer.list_price)
    return price, offer.reason if offer.negotiated and below else ""


def draft_day(invoice: Invoice) -> date:
    """The day a draft was made, where the office is: the price list in force then
    is the one its lines are checked against, so a price change from a later date
    leaves it as it was."""
    from zoneinfo import ZoneInfo

    made = invoice.created_at
    zone = get_office().timezone
    return made.astimezone(ZoneInfo(zone)).date() if zone else made.date()


# -- what the editor asks ------------------------------------------------------------------


def currency_for(client_id: int | None) -> str:
    """The currency of a new invoice for ``client_id`` (the office's before a client
    is chosen): the domain's :func:`~b24desk.domain.invoicing.invoice_currency`."""
    client = Client.get_or_none(Client.id == client_id) if client_id is not None else None
    return invoice_currency(client.currency if client else None, get_office().default_currency)


def default_tax_for(client_id: int | None) -> Decimal:
    """The tax rate of a new line for ``client_id``: the domain's
    :func:`~b24desk.domain.invoicing.default_tax_rate` (zero-rated abroad)."""
    office = get_office()
    client = Client.get_or_none(Client.id == client_id) if client_id is not None else None
    if client is None:
        return office.default_tax_rate
    return default_tax_rate(office.default_tax_rate, office.country, client.country)


def plan_line(client_id: int | None, plan: PriceChoice, term_months: int, on: date) -> LineInput:
    """A line selling ``plan`` for ``term_months`` to ``client_id`` on ``on``: at the
    price the client is offered then (:func:`~b24desk.store.prices.offered_price`:
    its negotiated price with its reason, else the office's resale price, else the
    list price), priced by the domain (:func:`~b24desk.domain.invoicing.plan_line_terms`:
    price × months, the best discount) and described in the client's document
    language."""
    from b24desk.i18n import translation

    client = Client.get_or_none(Client.id == client_id) if client_id is not None else None
    cloud = plan.kind == "cloud"
    reason = ""
    unit = plan.price or ZERO
    currency = client.currency if client is not None else currency_for(None)
    offer = offered_price(client_id, plan.plan_id, currency, on)
    if offer is not None:
        unit = offer.price
        if offer.negotiated and pricing.below_list_needs_reason(offer.price, offer.list_price):
            reason = offer.reason
    price, discount = plan_line_terms(unit, cloud, term_months, bool(client and client.non_profit))
    doc = translation(client.doc_language if client else "en")  # the line prints
    description = (
        doc.ngettext("{plan}, {count} month", "{plan}, {count} months", term_months).format(
            plan=plan.name, count=term_months
        )
        if cloud
        else doc.gettext(N_("{plan}, license")).format(plan=plan.name)
    )
    return LineInput(
        description=description,
        unit_price=price,
        discount=discount,
        kind="product",
        discount_reason=reason,
        term_months=term_months,
        plan_id=plan.plan_id,
    )


def validate_lines(
    lines: Sequence[LineInput], currency: str, non_profit: bool = False, *, on: date
) -> list[RuleLine]:
    """Check every line with the rules; errors name ``line{n}.{field}`` (n from 0).

    A line below the minimal end-user price needs a reason (001 §2.2, §13.5): the
    price it is checked against is the list price in force on ``on``, the draft's
    own day (:func:`draft_day`; today for a new one)."""
    errors = ErrorCollector()
    rule_lines: list[RuleLine] = []
    if not lines:
        errors.add(ValidationError("lines", _("An invoice needs at least one line.")))
    for n, line in enumerate(lines):
        prefix = f"line{n}."
        try:
            if not line.description.strip():
                raise ValidationError("description", _("Describe what is sold."))
            rule = RuleLine(
                line.description.strip(),
                _number(line.quantity, "quantity"),
                validate_money(line.unit_price, "unit_price", currency=currency),
                _number(line.discount, "discount"),
                _number(line.tax_rate, "tax_rate"),
            )
        except ValidationError as exc:
            errors.add(ValidationError(prefix + exc.field, exc.message))
            continue
        if line.plan_id is not None and not line.discount_reason.strip():
            minimum = list_price(line.plan_id, currency, line.term_months, on)
            effective = rule.exact_net / rule.quantity if rule.quantity else ZERO
            offered = {
                rate for _kind, rate in pricing.offered_discounts(line.term_months or 0, non_profit)
            }
            if (
                minimum is not None
                and pricing.below_list_needs_reason(effective, minimum)
                and rule.discount not in offered
            ):
                errors.add(
                    ValidationError(
                        prefix + "discount_reason",
                        _(
                            "The price is below the minimal end-user price; give the reason "
                            "agreed with the vendor."
                        ),
                    )
                )
        rule_lines.append(rule)
    errors.raise_if_any()
    return rule_lines


def _number(value: Any, field: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    from b24desk.domain.validation import parse_decimal

    return parse_decimal(str(value), field)


def _write_lines(invoice: Invoice, lines: Sequence[LineInput], rules: Sequence[RuleLine]) -> None:
    InvoiceLine.delete().where(InvoiceLine.invoice == invoice).execute()
    for position, (line, rule) in enumerate(zip(lines, rules, strict=True)):
        InvoiceLine.create(
            invoice=invoice,
            position=position,
            kind=line.kind,
            description=rule.description,
            quantity=rule.quantity,
            unit_price=rule.unit_price,
            discount=rule.discount,
            discount_reason=line.discount_reason.strip(),
            tax_rate=rule.tax_rate,
            term_months=line.term_months,
            plan=line.plan_id,
            coupon=line.coupon_id,
            subscription=line.subscription_id,
        )


def create_draft(
    client_id: int, lines: Sequence[LineInput], notes: str = "", today: date | None = None
) -> Invoice:
    """A draft in the client's currency and document language, its lines checked
    against the price list in force ``today`` (the desk's day; without it, the day
    the draft is stamped with, :func:`draft_day`)."""
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        raise ValidationError("client", _("Choose the client to invoice."))
    on = today if today is not None else draft_day(Invoice(created_at=utcnow()))
    rules = validate_lines(lines, client.currency, client.non_profit, on=on)
    totals = invoice_totals(rules, client.currency)
    with transaction():
        invoice = Invoice.create(
            client=client,
            currency=client.currency,
            language=client.doc_language,
            net=totals.net,
            tax=totals.tax,
            total=totals.total,
            notes=notes,
        )
        _write_lines(invoice, lines, rules)
    events.notify(events.INVOICES)
    return invoice


def _get(invoice_id: int) -> Invoice:
    invoice = Invoice.get_or_none(Invoice.id == invoice_id)
    if invoice is None:
        raise NotFoundError(_("The invoice no longer exists."))
    return invoice


def get_invoice(invoice_id: int) -> Invoice:
    """The invoice ``invoice_id`` (:class:`NotFoundError` when it is gone)."""
    return _get(invoice_id)


def find_invoice(invoice_id: int | None) -> Invoice | None:
    """The invoice ``invoice_id``, or ``None`` (no id, or gone)."""
    return Invoice.get_or_none(Invoice.id == invoice_id) if invoice_id else None


def _bump(invoice: Invoice, expected_version: int, **changes: Any) -> None:
    """Save ``changes`` only if nobody saved the invoice since it was read."""
    save_if_unchanged(
        Invoice,
        invoice.id,
        expected_version,
        _("Someone else changed this invoice since you opened it. Reload it and try again."),
        **changes,
    )


def update_draft(
    invoice_id: int, lines: Sequence[LineInput], notes: str, expected_version: int
) -> Invoice:
    invoice = _get(invoice_id)
    if invoice.state != "draft":
        raise StoreError(_("An issued invoice cannot be changed: write a credit note instead."))
    client = Client.get_by_id(invoice.client_id)
    rules = validate_lines(lines, invoice.currency, client.non_profit, on=draft_day(invoice))
    totals = invoice_totals(rules, invoice.currency)
    with transaction():
        _bump(
            invoice,
            expected_version,
            net=totals.net,
            tax=totals.tax,
            total=totals.total,
            notes=notes,
        )
        _write_lines(invoice, lines, rules)
    events.notify(events.INVOICES)
    return _get(invoice_id)


def delete_draft(invoice_id: int) -> None:
    invoice = _get(invoice_id)
    if invoice.state != "draft":
        raise StoreError(_("An issued invoice cannot be deleted: write a credit note instead."))
    with transaction():
        InvoiceLine.delete().where(InvoiceLine.invoice == invoice).execute()
        Invoice.delete().where(Invoice.id == invoice.id).execute()
    events.notify(events.INVOICES)


# -- what a client can be billed for ---------------------------------------------------------


@dataclass(frozen=True)
class LineSource:
    """A line the editor offers from the client's subscriptions and coupons."""

    label: str  # for the menu, in the desk's language
    line: LineInput  # ready to add; its description in the client's document language


def line_sources(client_id: int, on: date) -> list[LineSource]:
    """Renewals of the client's cloud subscriptions and its assigned or activated
    coupons, priced in the client's currency at what the client is offered on ``on``
    (:func:`~b24desk.store.prices.offered_price`; a coupon bought in that currency:
    its resale or list price), with the vendor's discounts applied."""
    from b24desk.i18n import translation
    from b24desk.store.models import Coupon, Subscription

    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        return []
    doc = translation(client.doc_language)
    sources: list[LineSource] = []
    subscriptions = (
        Subscription.select(Subscription, Plan)
        .join(Plan)
        .where(
            (Subscription.client == client_id)
            & (Subscription.kind == "cloud")
            & (Subscription.archived == False)  # noqa: E712
            & (Plan.paid == True)  # noqa: E712
        )
        .order_by(Subscription.paid_until.desc())
    )
    for sub in subscriptions:
        term = sub.term_months or 12
        price, reason = _offer(client_id, sub.plan_id, client.currency, term, on) or (ZERO, "")
        offer = pricing.best_discount(term, client.non_profit)
        portal = sub.portal_url or client.portal_url
        line = LineInput(
            description=doc.ngettext(
                "Renewal: {plan}, {portal}, {count} month",
                "Renewal: {plan}, {portal}, {count} months",
                term,
            ).format(plan=sub.plan.name, portal=portal, count=term),
            unit_price=price,
            discount=offer[1] if offer else ZERO,
            discount_reason=reason,
            term_months=term,
            plan_id=sub.plan_id,
            subscription_id=sub.id,
        )
        label = _("Renewal of {plan} ({portal})").format(plan=sub.plan.name, portal=portal)
        sources.append(LineSource(label, line))
    coupons = (
        Coupon.select(Coupon, Plan)
        .join(Plan, peewee.JOIN.LEFT_OUTER)
        .where((Coupon.client == client_id) & Coupon.state.in_(("assigned", "activated")))
        .order_by(Coupon.purchased_on.desc())
    )
    for coupon in coupons:
        name = coupon.plan.name if coupon.plan is not None else coupon.code
        same_currency = coupon.currency.upper() == client.currency.upper()
        reason = coupon.resale_reason if same_currency else ""
        if same_currency:
            price = coupon.resale_price if coupon.resale_price is not None else coupon.list_price
        elif coupon.plan_id:
            price, reason = _offer(
                client_id, coupon.plan_id, client.currency, coupon.term_months, on
            ) or (ZERO, "")
        else:
            price = ZERO
        line = LineInput(
            description=doc.ngettext(
                "{plan}, {count} month (activation coupon {code})",
                "{plan}, {count} months (activation coupon {code})",
                coupon.term_months,
            ).format(plan=name, count=coupon.term_months, code=coupon.code),
            unit_price=price,
            discount_reason=reason,
            term_months=coupon.term_months,
            plan_id=coupon.plan_id,
            coupon_id=coupon.id,
        )
        label = _("Coupon {code}: {plan}").format(code=coupon.code, plan=name)
        sources.append(LineSource(label, line))
    return sources


# -- numbering -----------------------------------------------------------------------------


def _next_number(kind: str, year: int) -> tuple[int, str]:
    """Take the next number of ``kind`` in ``year``; call inside a transaction.

    The year's row is created if missing (a concurrent desk creating it too waits and
    then does nothing), then incremented by an UPDATE, which holds the row's lock
    until the transaction ends: a second desk waits there and reads the new value.
    """
    office = get_office()
    same = (InvoiceSequence.kind == kind) & (InvoiceSequence.year == year)
    InvoiceSequence.insert(kind=kind, year=year, last_seq=0).on_conflict_ignore().execute()
    InvoiceSequence.update(last_seq=InvoiceSequence.last_seq + 1).where(same).execute()
    seq = int(InvoiceSequence.select(InvoiceSequence.last_seq).where(same).scalar())
    prefix = office.invoice_prefix if kind == "invoice" else office.credit_note_prefix
    return seq, f"{prefix}-{year}-{seq:04d}"


def issue_invoice(invoice_id: int, today: date, expected_version: int) -> Invoice:
    """Give a draft its number and dates; from now on it never changes."""
    invoice = _get(invoice_id)
    if invoice.state != "draft":
        raise StoreError(_("This invoice has been issued already."))
    if not InvoiceLine.select().where(InvoiceLine.invoice == invoice).exists():
        raise ValidationError("lines", _("An invoice needs at least one line."))
    due_days = get_office().invoice_due_days
    with transaction():
        seq, number = _next_number("invoice", today.year)
        _bump(
            invoice,
            expected_version,
            state="issued",
            number=number,
            year=today.year,
            seq=seq,
            issue_date=today,
            due_date=today + timedelta(days=due_days),
        )
        Activity.create(
            client=invoice.client_id,
            kind="invoice",
            message=_("Invoice {number} issued").format(number=number),
        )
    events.notify(events.INVOICES, events.CLIENTS)
    return _get(invoice_id)


# -- payments ------------------------------------------------------------------------------


def credited_total(invoice_id: int) -> Decimal:
    """The sum of the credit notes issued against ``invoice_id``."""
    total = (
        Invoice.select(peewee.fn.SUM(Invoice.total))
        .where((Invoice.credited_invoice == invoice_id) & (Invoice.kind == "credit_note"))
        .scalar()
    )
    return Invoice.total.python_value(total) if total is not None else ZERO


def balance(invoice: Invoice) -> Decimal:
    """What the client still owes on ``invoice``: the domain's rule
    (:func:`~b24desk.domain.invoicing.invoice_balance`); nothing on a draft, a
    credit note or a wholly credited invoice."""
    if invoice.kind != "invoice" or invoice.state != "issued":
        return ZERO
    return invoice_balance(invoice.total, invoice.paid, credited_total(invoice.id))


def _line_plans(invoice_id: int) -> list[tuple[str | None, int | None]]:
    """``(plan code, term)`` of each line of the invoice (``None`` for a service)."""
    rows = (
        InvoiceLine.select(Plan.code, InvoiceLine.term_months)
        .join(Plan, peewee.JOIN.LEFT_OUTER)
        .where(InvoiceLine.invoice == invoice_id)
        .tuples()
    )
    # peewee's stubs type ``.tuples()`` as still yielding models; these are pairs.
    return list(cast("Iterable[tuple[str | None, int | None]]", rows))


def paypal_allowed_for(invoice_id: int) -> bool:
    """PayPal and wire transfer pay only for 6- or 12-month Standard or Professional
    plans (000, the rule :func:`pricing.payment_method_allowed`)."""
    return pricing.payment_method_allowed("paypal", _line_plans(invoice_id))


def payment_methods_for(invoice_id: int) -> list[str]:
    """The methods the client may pay ``invoice_id`` with (the domain's rule)."""
    plans = _line_plans(invoice_id)
    return [m for m in PAYMENT_METHODS if pricing.payment_method_allowed(m, plans)]


def _payment_errors(
    invoice: Invoice, value: Decimal, method: str, paid_on: date
) -> list[ValidationError]:
    """What refuses a payment of ``value`` on ``invoice`` as it is now."""
    errors: list[ValidationError] = []
    if value > ZERO and value > balance(invoice):
        errors.append(
            ValidationError("amount", _("The payment is more than the balance of the invoice."))
        )
    if method not in payment_methods_for(invoice.id):
        errors.append(
            ValidationError(
                "method",
                pricing.plan_only_method_message()
                if method in pricing.PLAN_ONLY_METHODS
                else _("Choose how the client paid."),
            )
        )
    if invoice.issue_date is not None and paid_on < invoice.issue_date:
        errors.append(ValidationError("paid_on", _("The payment date is before the invoice date.")))
    return errors


def record_payment(
    invoice_id: int, paid_on: date, amount: Any, method: str, reference: str = ""
) -> Payment:
    """Record a payment; it may not exceed what is still owed.

    The balance is checked and the payment written in one transaction that holds
    the invoice's lock (:func:`~b24desk.store.locking.locked`), so two desks paying
    the same invoice at once cannot both pay the whole balance: the second waits,
    then sees the first one's payment and is refused with the rule's message.
    """
    invoice = _get(invoice_id)
    errors = ErrorCollector()
    if invoice.kind != "invoice" or invoice.state != "issued":
        raise StoreError(_("Payments are recorded against issued invoices only."))
    value = ZERO
    with errors.check():
        value = validate_money(amount, "amount", currency=invoice.currency, allow_zero=False)
    for error in _payment_errors(invoice, value, method, paid_on):
        errors.add(error)
    errors.raise_if_any()
    with transaction():
        invoice = locked(Invoice, invoice_id)  # the check again, under the lock
        if invoice.kind != "invoice" or invoice.state != "issued":
            raise StoreError(_("Payments are recorded against issued invoices only."))
        for error in _payment_errors(invoice, value, method, paid_on):
            errors.add(error)
        errors.raise_if_any()
        payment = Payment.create(
            invoice=invoice, paid_on=paid_on, amount=value, method=method, reference=reference
        )
        Invoice.update(paid=Invoice.paid + value, version=Invoice.version + 1).where(
            Invoice.id == invoice.id
        ).execute()
    events.notify(events.INVOICES, events.CLIENTS)
    return payment


# -- credit notes ---------------------------------------------------------------------------


def _check_credit(invoice: Invoice, amount: Decimal) -> bool:
    """Refuse a credit of ``amount`` above what is left of ``invoice`` (its total less
    the credit notes already written); True when it credits all that is left."""
    left = invoice.total - credited_total(invoice.id)
    if amount > left:
        raise ValidationError("lines", _("The credit is more than what is left of the invoice."))
    return amount == left


def credit_invoice(
    invoice_id: int,
    today: date,
    reason: str,
    lines: Sequence[LineInput] | None = None,
) -> Invoice:
    """A credit note for all of ``invoice_id`` (``lines=None``) or for part of it.

    A full credit marks the invoice ``credited``.  The credit note is issued at once,
    numbered in its own sequence, and never changes.
    """
    invoice = _get(invoice_id)
    if invoice.kind != "invoice" or invoice.state != "issued":
        raise StoreError(_("Only an issued invoice can be credited."))
    if not reason.strip():
        raise ValidationError("reason", _("Say why the invoice is credited."))
    if lines is None:
        lines = [
            LineInput(
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount=line.discount,
                tax_rate=line.tax_rate,
                kind=line.kind,
                discount_reason=line.discount_reason or reason,
                term_months=line.term_months,
            )
            for line in invoice.lines.order_by(InvoiceLine.position)
        ]
    rules = validate_lines(lines, invoice.currency, on=today)
    totals = invoice_totals(rules, invoice.currency)
    _check_credit(invoice, totals.total)
    with transaction():
        # The check again under the invoice's lock: two credit notes written at once
        # cannot together credit more than the invoice (store.locking).
        invoice = locked(Invoice, invoice_id)
        if invoice.kind != "invoice" or invoice.state != "issued":
            raise StoreError(_("Only an issued invoice can be credited."))
        full = _check_credit(invoice, totals.total)
        seq, number = _next_number("credit_note", today.year)
        note = Invoice.create(
            kind="credit_note",
            number=number,
            year=today.year,
            seq=seq,
            client=invoice.client_id,
            credited_invoice=invoice,
            issue_date=today,
            due_date=today,
            currency=invoice.currency,
            language=invoice.language,
            state="issued",
            net=totals.net,
            tax=totals.tax,
            total=totals.total,
            notes=reason.strip(),
        )
        _write_lines(note, lines, rules)
        if full:
            Invoice.update(state="credited", version=Invoice.version + 1).where(
                Invoice.id == invoice.id
            ).execute()
        Activity.create(
            client=invoice.client_id,
            kind="invoice",
            message=_("Credit note {number} for invoice {invoice}").format(
                number=number, invoice=invoice.number
            ),
        )
    events.notify(events.INVOICES, events.CLIENTS)
    return note


# -- reading -------------------------------------------------------------------------------


def invoice_lines(invoice_id: int) -> list[InvoiceLine]:
    return list(
        InvoiceLine.select(InvoiceLine, Plan)
        .join(Plan, peewee.JOIN.LEFT_OUTER)
        .where(InvoiceLine.invoice == invoice_id)
        .order_by(InvoiceLine.position)
    )


def invoice_payments(invoice_id: int) -> list[Payment]:
    """The payments received for an invoice, oldest first."""
    return list(
        Payment.select().where(Payment.invoice == invoice_id).order_by(Payment.paid_on, Payment.id)
    )


def totals_of(invoice_id: int) -> InvoiceTotals:
    invoice = _get(invoice_id)
    return invoice_totals(
        [
            RuleLine(line.description, line.quantity, line.unit_price, line.discount, line.tax_rate)
            for line in invoice_lines(invoice_id)
        ],
        invoice.currency,
    )


def invoice_document(invoice_id: int, as_of: date | None = None) -> InvoiceDocument:
    """Everything the PDF shows, read from the database (same input, same PDF).

    ``as_of`` is the day the document is made: an invoice still owed past its due
    date then says it is overdue (without it, the PDF says nothing about lateness)."""
    invoice = _get(invoice_id)
    last_payment = (
        Payment.select(peewee.fn.MAX(Payment.paid_on)).where(Payment.invoice == invoice_id).scalar()
    )
    client = Client.get_by_id(invoice.client_id)
    office = get_office()
    credited = (
        Invoice.get_by_id(invoice.credited_invoice_id).number
        if invoice.credited_invoice_id
        else None
    )
    methods = tuple(payment_methods_for(invoice_id)) if invoice.kind == "invoice" else ()
    return InvoiceDocument(
        kind=invoice.kind,
        number=invoice.number,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        language=invoice.language,
        office=office_letterhead(invoice.language, office),
        client=client_party(client),
        lines=tuple(
            DocumentLine(
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount=line.discount,
                tax_rate=line.tax_rate,
                plan_code=line.plan.code if line.plan is not None else None,
                term_months=line.term_months,
            )
            for line in invoice_lines(invoice_id)
        ),
        paid=invoice.paid,
        payment_methods=methods,
        notes=invoice.notes,
        credited_number=credited,
        credited=credited_total(invoice_id) if invoice.kind == "invoice" else ZERO,
        as_of=as_of,
        paid_on=last_payment,
        home_rate=_home_rate(invoice, office, as_of),
    )


def _home_rate(invoice: Invoice, office: Any, as_of: date | None) -> Any:
    """The rate to print the total in the home currency with (Office.print_home_amount):
    the latest on or before the issue date (a draft: the day it is printed); None
    when the setting is off, the invoice is in the home currency, or no rate is known."""
    home = str(office.default_currency).upper()
    day = invoice.issue_date or as_of
    if not office.print_home_amount or invoice.currency.upper() == home or day is None:
        return None
    from b24desk.store.rates import rate_book

    return rate_book().rate(invoice.currency, home, day)


def issued_invoice_ids(kinds: Iterable[str] = ("invoice", "credit_note")) -> list[int]:
    return [
        row.id
        for row in Invoice.select(Invoice.id)
        .where(Invoice.number.is_null(False) & Invoice.kind.in_(tuple(kinds)))
        .order_by(Invoice.kind, Invoice.year, Invoice.seq)
    ]


def reveal_text(invoice_id: int) -> str:
    """What to type in the search box to find the invoice (its number; a draft: none)."""
    invoice = Invoice.get_or_none(Invoice.id == invoice_id)
    return invoice.number or "" if invoice is not None else ""


def find_by_number(number: str) -> Invoice:
    """The invoice or credit note numbered ``number``, whatever the case it is typed in
    ("inv-2026-0001" finds "INV-2026-0001"); an exact match wins over a case-folded one."""
    typed = number.strip()
    invoice = Invoice.get_or_none(Invoice.number == typed)
    if invoice is None:
        folded = list(
            Invoice.select().where(peewee.fn.UPPER(Invoice.number) == typed.upper()).limit(2)
        )
        invoice = folded[0] if len(folded) == 1 else None
    if invoice is None:
        raise NotFoundError(_("There is no invoice numbered {number}.").format(number=number))
    return invoice
