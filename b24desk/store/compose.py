"""What the desk can send, as :class:`~b24desk.domain.mail.Draft` s ready for the
preview (issue #16 item 3).

Every draft is written in the **client's** document language (``client.doc_language``)
whatever the desk speaks: the office's template of that kind and language
(:mod:`b24desk.store.mail_templates`), filled with money formatted by Babel in that
language and dates with the year.  It goes to the client's billing address, else its
e-mail (empty when it has neither: the preview asks for one, ``queue`` refuses).
Reminders carry their ``stage`` and ``period`` so that the outbox records each stage
once (``ReminderSent``).

The store never imports the PDF code (tests/test_architecture.py): the drafts that
carry a PDF — an invoice or credit note, a statement — are finished by
:mod:`b24desk.mail.compose`, which attaches the PDF to :func:`invoice_message` /
:func:`statement_message` and offers every function of this module as well.
"""

from __future__ import annotations

from datetime import date

import peewee

from b24desk.domain import vocabulary
from b24desk.domain.lifecycle import (
    COUPON_ACTIVATION_DAYS,
    cloud_lifecycle,
    coupon_activation_deadline,
)
from b24desk.domain.mail import Draft
from b24desk.domain.mail_templates import render
from b24desk.domain.reminders import (
    overdue_stage,
    parse_overdue_stages,
    renewal_kind,
    renewal_stage,
)
from b24desk.i18n import _, format_date, format_money, normalize_language, translation
from b24desk.store.clients import get_subscription
from b24desk.store.errors import NotFoundError, StoreError
from b24desk.store.invoices import balance
from b24desk.store.mail_templates import template
from b24desk.store.models import Client, Coupon, Invoice, Payment, Plan, Subscription
from b24desk.store.office import get_office
from b24desk.store.statement import client_statement

__all__ = [
    "coupon_draft",
    "find_client",
    "invoice_message",
    "overdue_draft",
    "receipt_draft",
    "recipient",
    "renewal_draft",
    "sendable",
    "statement_message",
    "subscription_stage",
]


# --------------------------------------------------------------------------- helpers


def recipient(client: Client) -> str:
    """Where a client's documents go: its billing address, else its e-mail ("" if none)."""
    return (client.billing_email or client.email or "").strip()


def find_client(text: str) -> Client:
    """The client whose id is ``text`` ("12") or whose company name is ``text``,
    whatever its case; a name two clients share is refused (give the id)."""
    typed = text.strip()
    if typed.isdigit():
        client = Client.get_or_none(Client.id == int(typed))
        if client is not None:
            return client
    named = list(
        Client.select().where(peewee.fn.LOWER(Client.company) == typed.lower()).limit(2)
    )
    if len(named) == 2:
        raise StoreError(
            _("Several clients are named {name}: give the client's number instead.").format(
                name=typed
            )
        )
    if not named:
        raise NotFoundError(_("There is no client {name}.").format(name=typed))
    return named[0]


def _client(client_id: int) -> Client:
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        raise NotFoundError(_("The client no longer exists."))
    return client


def _common(client: Client) -> dict[str, str]:
    office = get_office()
    return {
        "client": client.contact_person.strip() or client.company,
        "company": client.company,
        "office": office.name.strip() or office.sender_name.strip(),
    }


def _draft(
    kind: str,
    client: Client,
    values: dict[str, str],
    *,
    record_type: str,
    record_id: int | None,
    stage: str = "",
    period: str = "",
) -> Draft:
    lang = normalize_language(client.doc_language)
    subject, body = render(*template(kind, lang), {**_common(client), **values})
    return Draft(
        kind=kind,
        language=lang,
        to=recipient(client),
        subject=subject,
        body=body,
        client_id=client.id,
        record_type=record_type,
        record_id=record_id,
        stage=stage,
        period=period,
    )


def _date(value: date | None, lang: str) -> str:
    return "—" if value is None else format_date(value, lang)


# --------------------------------------------------------------------------- invoices


def _issued(invoice_id: int) -> Invoice:
    invoice = Invoice.get_or_none(Invoice.id == invoice_id)
    if invoice is None:
        raise NotFoundError(_("The invoice no longer exists."))
    if invoice.number is None:
        raise StoreError(_("A draft invoice cannot be sent: issue it first."))
    return invoice


def invoice_message(invoice_id: int) -> Draft:
    """The message of an issued invoice or credit note, **without** its PDF (which
    :func:`b24desk.mail.compose.invoice_draft` attaches).  A draft is refused."""
    invoice = _issued(invoice_id)
    client = _client(invoice.client_id)
    lang = normalize_language(client.doc_language)
    money = lambda amount: format_money(amount, invoice.currency, lang)  # noqa: E731
    values = {
        "number": str(invoice.number),
        "issue_date": _date(invoice.issue_date, lang),
        "due_date": _date(invoice.due_date, lang),
        "total": money(invoice.total),
        "balance": money(balance(invoice)),
        "portal": client.portal_url,
    }
    if invoice.kind == "credit_note":
        credited = Invoice.get_or_none(Invoice.id == invoice.credited_invoice_id)
        values["invoice"] = str(credited.number) if credited is not None else ""
    return _draft(invoice.kind, client, values, record_type="invoice", record_id=invoice.id)


def overdue_draft(invoice_id: int, today: date, stage: str = "") -> Draft:
    """A reminder that an invoice is past its due date with money still owed.

    ``stage`` "" picks the overdue stage due today (the office's ``overdue_stages``);
    before the first stage the reminder is a manual one (no stage recorded)."""
    invoice = _issued(invoice_id)
    owed = balance(invoice)
    if (
        invoice.kind != "invoice"
        or owed <= 0
        or invoice.due_date is None
        or invoice.due_date >= today
    ):
        raise StoreError(_("Invoice {number} is not overdue.").format(number=invoice.number))
    if not stage:
        stages = parse_overdue_stages(get_office().overdue_stages)
        stage = overdue_stage(invoice.due_date, today, stages) or ""
    client = _client(invoice.client_id)
    lang = normalize_language(client.doc_language)
    values = {
        "number": str(invoice.number),
        "issue_date": _date(invoice.issue_date, lang),
        "due_date": _date(invoice.due_date, lang),
        "total": format_money(invoice.total, invoice.currency, lang),
        "balance": format_money(owed, invoice.currency, lang),
        "days": str((today - invoice.due_date).days),
    }
    return _draft(
        "overdue", client, values, record_type="invoice", record_id=invoice.id, stage=stage
    )


def receipt_draft(payment_id: int) -> Draft:
    """A receipt for a payment: amount, date, method (in the client's language), the
    invoice and what is still owed on it now."""
    payment = Payment.get_or_none(Payment.id == payment_id)
    if payment is None:
        raise NotFoundError(_("The payment no longer exists."))
    invoice = Invoice.get_by_id(payment.invoice_id)
    client = _client(invoice.client_id)
    lang = normalize_language(client.doc_language)
    method = vocabulary.PAYMENT_METHODS.get(payment.method)
    values = {
        "number": str(invoice.number),
        "amount": format_money(payment.amount, invoice.currency, lang),
        "paid_on": _date(payment.paid_on, lang),
        "method": translation(lang).gettext(method) if method else payment.method,
        "reference": payment.reference,
        "balance": format_money(balance(invoice), invoice.currency, lang),
    }
    return _draft("receipt", client, values, record_type="payment", record_id=payment.id)


def statement_message(client_id: int, today: date) -> Draft:
    """The message of a statement of account, **without** its PDF (which
    :func:`b24desk.mail.compose.statement_draft` attaches).  Balances of several
    currencies are listed one after the other ("120,00 € + 40,00 US$")."""
    client = _client(client_id)
    lang = normalize_language(client.doc_language)
    statement = client_statement(client_id, today, lang)
    sections = statement.sections
    if sections:
        owed = " + ".join(format_money(s.balance, s.currency, lang) for s in sections)
        late = " + ".join(format_money(s.overdue, s.currency, lang) for s in sections)
    else:
        owed = late = format_money(0, client.currency, lang)
    values = {"date": _date(today, lang), "balance": owed, "overdue": late}
    return _draft("statement", client, values, record_type="client", record_id=client.id)


# --------------------------------------------------------------------------- renewals


def subscription_stage(sub: Subscription, today: date, grace_days: int) -> str | None:
    """The renewal stage due today for ``sub`` (:func:`~b24desk.domain.reminders.renewal_stage`)."""
    if sub.paid_until is None:
        return None
    return renewal_stage(
        sub.paid_until,
        today,
        cloud=sub.kind == "cloud",
        last_user_login=sub.last_user_login,
        last_admin_login=sub.last_admin_login,
        grace_days=grace_days,
    )


def renewal_draft(subscription_id: int, today: date, stage: str = "") -> Draft:
    """A renewal reminder ("30", "7", "0" days before ``paid_until``) or the grace or
    frozen warning ("grace", "frozen") with its dates; the period is ``paid_until``.

    ``stage`` "" picks the stage due today; when none is due, a subscription still
    paid gets a manual renewal reminder (no stage recorded)."""
    sub = get_subscription(subscription_id)
    if sub.paid_until is None:
        raise StoreError(_("This subscription has no paid period to renew."))
    office = get_office()
    if not stage:
        stage = subscription_stage(sub, today, office.grace_days) or ""
        if not stage and sub.paid_until < today:
            raise StoreError(_("No reminder is due for this subscription today."))
    kind = renewal_kind(stage) if stage else "renewal"
    client = _client(sub.client_id)
    lang = normalize_language(client.doc_language)
    life = cloud_lifecycle(
        sub.paid_until,
        today,
        last_user_login=sub.last_user_login,
        last_admin_login=sub.last_admin_login,
        grace_days=office.grace_days,
    )
    values = {
        "plan": sub.plan.name,
        "portal": sub.portal_url or client.portal_url,
        "paid_until": _date(sub.paid_until, lang),
        "days": str(max((sub.paid_until - today).days, 0)),
        "grace_end": _date(life.grace_end, lang),
        "frozen_on": _date(life.freeze_date, lang),
        "deletion_date": _date(life.deletion_date, lang),
    }
    return _draft(
        kind,
        client,
        values,
        record_type="subscription",
        record_id=sub.id,
        stage=stage,
        period=sub.paid_until.isoformat(),
    )


# --------------------------------------------------------------------------- coupons


def coupon_draft(coupon_id: int) -> Draft:
    """A coupon's activation instructions: the code, the steps (000: "Bitrix24 >
    Subscription > My Bitrix24 plan > Activate coupon") and the last day to activate
    it, 7 days after purchase (001 §2.3,
    :func:`~b24desk.domain.lifecycle.coupon_activation_deadline`)."""
    coupon = (
        Coupon.select(Coupon, Plan)
        .join(Plan, peewee.JOIN.LEFT_OUTER, on=(Coupon.plan == Plan.id))
        .where(Coupon.id == coupon_id)
        .first()
    )
    if coupon is None:
        raise NotFoundError(_("The coupon no longer exists."))
    if coupon.client_id is None:
        raise StoreError(_("Assign the coupon to a client before sending it."))
    client = _client(coupon.client_id)
    lang = normalize_language(client.doc_language)
    product = vocabulary.PRODUCTS.get(coupon.product, coupon.product)
    plan = coupon.plan.name if coupon.plan is not None else ""
    product_text = translation(lang).gettext(product)
    deadline = coupon_activation_deadline(coupon.purchased_on)
    values = {
        "code": coupon.code,
        "product": f"{product_text} ({plan})" if plan else product_text,
        "plan": plan,
        "portal": client.portal_url,
        "deadline": _date(deadline, lang),
        "days": str(COUPON_ACTIVATION_DAYS),
    }
    return _draft("coupon", client, values, record_type="coupon", record_id=coupon.id)


# --------------------------------------------------------------------------- what can be sent


def sendable(record_type: str, record_id: int, today: date) -> list[str]:
    """The kinds (codes of ``vocabulary.MAIL_KINDS``) that can be sent from a record now:

    * ``invoice``: an issued invoice → ``invoice`` (and ``overdue`` when money is owed
      past its due date); an issued credit note → ``credit_note``; a draft → nothing;
    * ``payment`` → ``receipt``;
    * ``subscription``: the renewal stage due today (``renewal``, ``grace``,
      ``frozen``), else ``renewal`` while it is still paid;
    * ``coupon``: ``coupon`` while it is assigned to a client and not activated,
      expired or void;
    * ``client`` → ``statement``.
    """
    if record_type == "invoice":
        invoice = Invoice.get_or_none(Invoice.id == record_id)
        if invoice is None or invoice.number is None or invoice.state == "void":
            return []
        if invoice.kind == "credit_note":
            return ["credit_note"]
        kinds = ["invoice"]
        if invoice.due_date is not None and invoice.due_date < today and balance(invoice) > 0:
            kinds.append("overdue")
        return kinds
    if record_type == "payment":
        return ["receipt"] if Payment.get_or_none(Payment.id == record_id) else []
    if record_type == "subscription":
        sub = Subscription.get_or_none(Subscription.id == record_id)
        if sub is None or sub.paid_until is None:
            return []
        stage = subscription_stage(sub, today, get_office().grace_days)
        if stage:
            return [renewal_kind(stage)]
        return ["renewal"] if sub.paid_until >= today else []
    if record_type == "coupon":
        coupon = Coupon.get_or_none(Coupon.id == record_id)
        if coupon is None or coupon.client_id is None:
            return []
        if coupon.state != "assigned" or today > coupon_activation_deadline(coupon.purchased_on):
            return []
        return ["coupon"]
    if record_type == "client":
        return ["statement"] if Client.get_or_none(Client.id == record_id) else []
    return []
