"""Renewal drafts (issue #17.3): one draft invoice per client for the subscriptions
whose renewal is due, never twice for the same period.

Which subscriptions and which period is the domain's rule
(:mod:`b24desk.domain.renewals`); the price is the one in force on the day the draft
is made (:func:`b24desk.store.prices.offered_price`: the client's negotiated price,
else the office's resale price, else the list price), with the client's discount.

A ``RenewalDraft`` row per subscription and period is written in the same
transaction as the draft.  Its unique (subscription, period_end) makes a second run,
or another desk drafting at the same moment, skip that period: a desk that finds a
period taken rolls its whole draft for that client back and drafts only what is
still free, so no half draft is left behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

import peewee

from b24desk.domain.invoicing import invoice_totals
from b24desk.domain.renewals import renewal_line_terms, renewal_period, renewal_window
from b24desk.i18n import format_date, format_money, ngettext, translation
from b24desk.store import events
from b24desk.store.db import transaction
from b24desk.store.invoices import (
    LineInput,
    create_draft,
    default_tax_for,
    validate_lines,
)
from b24desk.store.models import Client, Invoice, Plan, RenewalDraft, Subscription
from b24desk.store.office import get_office
from b24desk.store.prices import offered_price

__all__ = [
    "ClientRenewal",
    "RenewalLine",
    "make_renewal_drafts",
    "open_renewal_drafts",
    "preview_renewal_drafts",
]

#: How often a desk that lost a period to another desk drafts the rest again.
_ATTEMPTS = 3


@dataclass(frozen=True)
class RenewalLine:
    """One subscription to renew; ``line`` is None when the price list has no price
    for its plan in the client's currency today (then it is not drafted)."""

    subscription_id: int
    plan_name: str
    portal_url: str
    paid_until: date
    term_months: int
    line: LineInput | None


@dataclass(frozen=True)
class ClientRenewal:
    """What one client's renewal draft would hold."""

    client_id: int
    company: str
    currency: str
    lines: tuple[RenewalLine, ...]
    net: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    unpriced: tuple[RenewalLine, ...] = field(default=())

    @property
    def priced(self) -> tuple[RenewalLine, ...]:
        return tuple(item for item in self.lines if item.line is not None)


class _Row:  # what the candidate query gives (flattened by .objects())
    id: int
    client_id: int
    plan_id: int
    portal_url: str
    paid_until: date
    term_months: int
    company: str
    currency: str
    non_profit: bool
    doc_language: str
    plan_name: str


def _candidates(today: date, client_id: int | None = None) -> Iterable[_Row]:
    """Subscriptions due for a renewal draft on ``today`` with no draft for their
    period: an indexed query on ``paid_until`` and the unique RenewalDraft key."""
    office = get_office()
    since, until = renewal_window(today, office.renewal_lead_days, office.grace_days)
    drafted = RenewalDraft.select(RenewalDraft.id).where(
        (RenewalDraft.subscription == Subscription.id)
        & (RenewalDraft.period_end == Subscription.paid_until)
    )
    later = Subscription.alias("later")
    renewed = later.select(later.id).where(
        (later.client == Subscription.client)
        # the same portal (or one of the two names none: as the Today tab, which
        # takes any newer subscription of the client for the renewal)
        & (
            (later.portal_url == Subscription.portal_url)
            | (later.portal_url == "")
            | (Subscription.portal_url == "")
        )
        & (later.kind == "cloud")
        & (later.archived == False)  # noqa: E712
        & (later.paid_until > Subscription.paid_until)
    )
    where = (
        (Subscription.kind == "cloud")
        & (Subscription.archived == False)  # noqa: E712
        & (Subscription.term_months > 0)
        & (Subscription.paid_until >= since)
        & (Subscription.paid_until <= until)
        & (Plan.paid == True)  # noqa: E712
        & (Client.archived == False)  # noqa: E712
        & ~peewee.fn.EXISTS(drafted)
        & ~peewee.fn.EXISTS(renewed)  # renewed since on a newer subscription
    )
    if client_id is not None:
        where &= Subscription.client == client_id
    query = (
        Subscription.select(
            Subscription.id,
            Subscription.client,
            Subscription.plan,
            Subscription.portal_url,
            Subscription.paid_until,
            Subscription.term_months,
            Client.company,
            Client.currency,
            Client.non_profit,
            Client.doc_language,
            Plan.name.alias("plan_name"),
        )
        .join(Client)
        .switch(Subscription)
        .join(Plan)
        .where(where)
        .order_by(Client.company, Client.id, Subscription.paid_until, Subscription.id)
    )
    return cast("Iterable[_Row]", query.objects())


def _line(row: _Row, today: date, tax_rate: Decimal) -> LineInput | None:
    offer = offered_price(row.client_id, row.plan_id, row.currency, today)
    if offer is None:
        return None
    unit_price, discount = renewal_line_terms(offer.price, row.term_months, row.non_profit)
    start, end = renewal_period(row.paid_until, row.term_months)
    doc = translation(row.doc_language)  # the line prints in the client's language
    plan = f"{row.plan_name} ({row.portal_url})" if row.portal_url else row.plan_name
    description = doc.ngettext(
        "Renewal of {plan}, {count} month: {start} to {end}",
        "Renewal of {plan}, {count} months: {start} to {end}",
        row.term_months,
    ).format(
        plan=plan,
        count=row.term_months,
        start=format_date(start, row.doc_language),
        end=format_date(end, row.doc_language),
    )
    below_list = offer.negotiated and offer.price < offer.list_price
    return LineInput(
        description=description,
        unit_price=unit_price,
        discount=discount,
        tax_rate=tax_rate,
        kind="product",
        discount_reason=offer.reason if below_list else "",
        term_months=row.term_months,
        plan_id=row.plan_id,
        subscription_id=row.id,
    )


def _group(rows: Iterable[_Row], today: date) -> list[ClientRenewal]:
    by_client: dict[int, list[_Row]] = {}
    for row in rows:
        by_client.setdefault(row.client_id, []).append(row)
    out = []
    for client_id, client_rows in by_client.items():
        first = client_rows[0]
        tax = default_tax_for(client_id)
        items = tuple(
            RenewalLine(
                r.id, r.plan_name, r.portal_url, r.paid_until, r.term_months, _line(r, today, tax)
            )
            for r in client_rows
        )
        priced = [i.line for i in items if i.line is not None]
        net = total = Decimal(0)
        if priced:
            totals = invoice_totals(
                validate_lines(priced, first.currency, first.non_profit, on=today), first.currency
            )
            net, total = totals.net, totals.total
        out.append(
            ClientRenewal(
                client_id,
                first.company,
                first.currency,
                items,
                net,
                total,
                tuple(i for i in items if i.line is None),
            )
        )
    return out


def preview_renewal_drafts(today: date) -> list[ClientRenewal]:
    """The drafts :func:`make_renewal_drafts` would make on ``today``, per client
    (by company), with the subscriptions left out for want of a price."""
    return _group(_candidates(today), today)


class _PeriodTaken(Exception):
    """Another desk drafted one of the periods first: roll this client's draft back."""


def _draft(renewal: ClientRenewal, today: date) -> Invoice | None:
    """One client's draft and its RenewalDraft rows, all or nothing; None when a
    period was taken by another desk meanwhile (nothing is written then)."""
    priced = renewal.priced
    if not priced:
        return None
    try:
        with transaction():
            invoice = create_draft(
                renewal.client_id, [cast(LineInput, i.line) for i in priced], today=today
            )
            rows: list[dict[str, Any]] = [
                {
                    "subscription": item.subscription_id,
                    "period_end": item.paid_until,
                    "invoice": invoice.id,
                }
                for item in priced
            ]
            RenewalDraft.insert_many(rows).on_conflict_ignore().execute()
            mine = RenewalDraft.select().where(RenewalDraft.invoice == invoice.id).count()
            if mine != len(rows):
                raise _PeriodTaken
    except _PeriodTaken:
        return None
    return invoice


def make_renewal_drafts(today: date, client_ids: Sequence[int] | None = None) -> list[int]:
    """Make the renewal drafts due on ``today`` (only for ``client_ids`` when given):
    one draft per client, the ids of the drafts made.  A period another desk drafted
    in the meantime is skipped; the client's other subscriptions are drafted."""
    made: list[int] = []
    wanted = None if client_ids is None else set(client_ids)
    with events.hold() as held:
        for renewal in preview_renewal_drafts(today):
            if wanted is not None and renewal.client_id not in wanted:
                continue
            for _attempt in range(_ATTEMPTS):
                invoice = _draft(renewal, today)
                if invoice is not None:
                    made.append(invoice.id)
                    break
                again = _group(_candidates(today, renewal.client_id), today)
                if not again or not again[0].priced:
                    break
                renewal = again[0]
    if made:
        events.notify(*held, events.INVOICES)
    return made


@dataclass(frozen=True)
class OpenRenewalDraft:
    """A renewal draft made and not issued yet (a row of the Today tab)."""

    invoice_id: int
    company: str
    subscriptions: int
    first_period_end: date
    total: Decimal
    currency: str

    def detail(self) -> str:
        return ngettext(
            "{count} subscription, {total}, paid until {date}",
            "{count} subscriptions, {total}, the first paid until {date}",
            self.subscriptions,
        ).format(
            count=self.subscriptions,
            total=format_money(self.total, self.currency),
            date=format_date(self.first_period_end),
        )


class _OpenRow:  # what the grouped query gives (flattened by .objects())
    id: int
    company: str
    subscriptions: int
    first_end: object
    total: Decimal
    currency: str


def open_renewal_drafts(limit: int | None = None) -> tuple[list[OpenRenewalDraft], int]:
    """The renewal drafts not issued yet, the earliest period first (at most
    ``limit``), and how many there are: one grouped query on the drafts' invoices."""
    query = (
        RenewalDraft.select(
            Invoice.id,
            Client.company,
            Invoice.total,
            Invoice.currency,
            peewee.fn.COUNT(RenewalDraft.id).alias("subscriptions"),
            peewee.fn.MIN(RenewalDraft.period_end).alias("first_end"),
        )
        .join(Invoice)
        .join(Client)
        .where((Invoice.state == "draft") & (Invoice.kind == "invoice"))
        .group_by(Invoice.id, Client.company, Invoice.total, Invoice.currency)
    )
    ordered = query.order_by(peewee.fn.MIN(RenewalDraft.period_end), Client.company, Invoice.id)
    if limit is not None:
        ordered = ordered.limit(limit)
    rows = [
        OpenRenewalDraft(
            r.id,
            r.company,
            int(r.subscriptions),
            _as_date(r.first_end),
            r.total,
            r.currency,
        )
        for r in cast("Iterable[_OpenRow]", ordered.objects())
    ]
    count = query.count() if limit is not None and len(rows) >= limit else len(rows)
    return rows, count


def _as_date(value: object) -> date:
    """MIN() of a date column comes back as text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
