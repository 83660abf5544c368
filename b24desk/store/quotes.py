"""Quotes (issue #17.2): drafts with lines, numbering when made, the answer, the list,
the PDF's data, and Convert to invoice — once, by one desk or two.

* A quote is numbered when it is made, in its year's :class:`QuoteSequence` with the
  office's ``quote_prefix`` ("QUO-2026-0001"), under the same lock pattern as invoice
  numbers (:func:`b24desk.store.invoices._next_number`).
* Lines are the invoice editor's :class:`~b24desk.store.invoices.LineInput`, checked
  by :func:`~b24desk.store.invoices.validate_lines`, totalled by the invoice rules.
* The rules (what may change, when a quote expires) are in :mod:`b24desk.domain.quotes`;
  :func:`status_expression` is the shown status in SQL for the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import peewee

from b24desk.domain import quotes as rules
from b24desk.domain.documents import DocumentLine
from b24desk.domain.errors import ValidationError
from b24desk.domain.invoicing import InvoiceLine as RuleLine
from b24desk.domain.invoicing import InvoiceTotals, invoice_totals
from b24desk.domain.quotes import QuoteDocument
from b24desk.i18n import N_, _, translation
from b24desk.store import events
from b24desk.store import invoices as invoice_store
from b24desk.store.db import transaction
from b24desk.store.errors import NotFoundError, StoreError
from b24desk.store.invoices import LineInput, validate_lines
from b24desk.store.listing import Listing
from b24desk.store.locking import save_if_unchanged
from b24desk.store.models import Activity, Client, Invoice, Plan, Quote, QuoteLine, QuoteSequence
from b24desk.store.office import get_office
from b24desk.store.parties import client_party, office_letterhead
from b24desk.store.search import indexed

__all__ = [
    "convert_to_invoice",
    "create_draft",
    "delete_draft",
    "find_quote",
    "get_quote",
    "line_inputs",
    "quote_document",
    "quote_lines",
    "quote_listing",
    "reveal_text",
    "set_state",
    "shown_status",
    "totals_of",
    "update_draft",
]


# -- status ----------------------------------------------------------------------------


def shown_status(quote: Any, today: date) -> str:
    """The status a person sees (the domain's :func:`~b24desk.domain.quotes.quote_status`)."""
    return rules.quote_status(quote.state, quote.valid_until, today)


def status_expression(today: date) -> peewee.ColumnBase:
    """:func:`shown_status` as SQL (for sorting and filtering the list)."""
    return peewee.Case(
        None,
        ((Quote.state.in_(tuple(rules.EXPIRING_STATES)) & (Quote.valid_until < today), "expired"),),
        Quote.state,
    )


def quote_listing(today: date) -> Listing:
    """The Quotes tab's list; each row carries its shown ``status``."""
    status = status_expression(today)

    def query() -> peewee.ModelSelect[Quote]:
        return Quote.select(
            Quote.id,
            Quote.number,
            Quote.issue_date,
            Quote.valid_until,
            Quote.currency,
            Quote.total,
            Quote.state,
            Quote.version,
            Quote.invoice,
            Client.company.alias("company"),
            status.alias("status"),
        ).join(Client)

    return Listing(
        query=query,
        sort_keys={
            "number": (Quote.year, Quote.seq),
            "client": Client.company,
            "issue_date": Quote.issue_date,
            "valid_until": Quote.valid_until,
            "currency": Quote.currency,
            "total": Quote.total,
            "status": status,
        },
        search=indexed(Quote.id, "quote"),
        tie_breaker=Quote.id,
        filters={
            "status": lambda v: status == v,
            "client": lambda v: Quote.client == v,
        },
        default_order=(Quote.issue_date.desc(), Quote.id.desc()),
    )


# -- reading ---------------------------------------------------------------------------


def get_quote(quote_id: int) -> Quote:
    """The quote ``quote_id`` (:class:`NotFoundError` when it is gone)."""
    quote = Quote.get_or_none(Quote.id == quote_id)
    if quote is None:
        raise NotFoundError(_("The quote no longer exists."))
    return quote


def find_quote(quote_id: int | None) -> Quote | None:
    """The quote ``quote_id``, or ``None`` (no id, or gone)."""
    return Quote.get_or_none(Quote.id == quote_id) if quote_id else None


def quote_lines(quote_id: int) -> list[QuoteLine]:
    """The quote's lines in order, with their plans."""
    return list(
        QuoteLine.select(QuoteLine, Plan)
        .join(Plan, peewee.JOIN.LEFT_OUTER)
        .where(QuoteLine.quote == quote_id)
        .order_by(QuoteLine.position)
    )


def line_inputs(quote_id: int) -> list[LineInput]:
    """The quote's lines as the editor (and a new invoice) takes them, prices as quoted."""
    return [
        LineInput(
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount=line.discount,
            tax_rate=line.tax_rate,
            kind=line.kind,
            discount_reason=line.discount_reason,
            term_months=line.term_months,
            plan_id=line.plan_id,
        )
        for line in quote_lines(quote_id)
    ]


def totals_of(quote_id: int) -> InvoiceTotals:
    """The quote's totals by the invoice rules (net, tax per rate, total, line nets)."""
    quote = get_quote(quote_id)
    return invoice_totals(
        [
            RuleLine(line.description, line.quantity, line.unit_price, line.discount, line.tax_rate)
            for line in quote_lines(quote_id)
        ],
        quote.currency,
    )


def reveal_text(quote_id: int) -> str:
    """What to type in the search box to find the quote (its number)."""
    quote = Quote.get_or_none(Quote.id == quote_id)
    return quote.number if quote is not None else ""


def quote_document(quote_id: int) -> QuoteDocument:
    """Everything the quote PDF shows, read from the database, in the quote's language."""
    quote = get_quote(quote_id)
    client = Client.get_by_id(quote.client_id)
    return QuoteDocument(
        number=quote.number,
        issue_date=quote.issue_date,
        valid_until=quote.valid_until,
        currency=quote.currency,
        language=quote.language,
        office=office_letterhead(quote.language),
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
            for line in quote_lines(quote_id)
        ),
        notes=quote.notes,
    )


# -- drafts ----------------------------------------------------------------------------


def _check_lines(
    lines: Sequence[LineInput], currency: str, non_profit: bool, on: date
) -> tuple[list[RuleLine], InvoiceTotals]:
    """The lines checked against the price list in force on ``on``, the quote's date."""
    if not lines:
        raise ValidationError("lines", _("A quote needs at least one line."))
    checked = validate_lines(lines, currency, non_profit, on=on)
    return checked, invoice_totals(checked, currency)


def _write_lines(quote: Quote, lines: Sequence[LineInput], checked: Sequence[RuleLine]) -> None:
    QuoteLine.delete().where(QuoteLine.quote == quote).execute()
    for position, (line, rule) in enumerate(zip(lines, checked, strict=True)):
        QuoteLine.create(
            quote=quote,
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
        )


def _next_number(year: int) -> tuple[int, str]:
    """Take the next quote number of ``year``; call inside a transaction.

    The pattern of :func:`b24desk.store.invoices._next_number`: the year's row is
    created if missing, then incremented by an UPDATE that holds its lock until the
    transaction ends, so a second desk waits and reads the new value.
    """
    QuoteSequence.insert(year=year, last_seq=0).on_conflict_ignore().execute()
    same = QuoteSequence.year == year
    QuoteSequence.update(last_seq=QuoteSequence.last_seq + 1).where(same).execute()
    seq = int(QuoteSequence.select(QuoteSequence.last_seq).where(same).scalar())
    return seq, f"{get_office().quote_prefix}-{year}-{seq:04d}"


def create_draft(
    client_id: int,
    lines: Sequence[LineInput],
    today: date,
    notes: str = "",
    valid_until: date | None = None,
) -> Quote:
    """A draft quote, numbered now, in the client's currency and document language,
    valid for the office's ``quote_valid_days`` unless ``valid_until`` is given."""
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        raise ValidationError("client", _("Choose the client to quote."))
    until = rules.check_valid_until(
        today,
        valid_until or rules.default_valid_until(today, get_office().quote_valid_days),
    )
    checked, totals = _check_lines(lines, client.currency, client.non_profit, today)
    with transaction():
        seq, number = _next_number(today.year)
        quote = Quote.create(
            number=number,
            year=today.year,
            seq=seq,
            client=client,
            issue_date=today,
            valid_until=until,
            currency=client.currency,
            language=client.doc_language,
            net=totals.net,
            tax=totals.tax,
            total=totals.total,
            notes=notes,
        )
        _write_lines(quote, lines, checked)
        Activity.create(
            client=client.id, kind="invoice", message=_("Quote {number} made").format(number=number)
        )
    events.notify(events.QUOTES, events.CLIENTS)
    return quote


def _bump(quote_id: int, expected_version: int, **changes: Any) -> None:
    """Save ``changes`` only if nobody saved the quote since it was read."""
    save_if_unchanged(
        Quote,
        quote_id,
        expected_version,
        _("Someone else changed this quote since you opened it. Reload it and try again."),
        **changes,
    )


def _editable(quote: Quote) -> None:
    if not rules.can_edit(quote.state):
        raise StoreError(_("Only a draft quote can be changed or deleted."))


def update_draft(
    quote_id: int,
    lines: Sequence[LineInput],
    notes: str,
    expected_version: int,
    valid_until: date | None = None,
) -> Quote:
    """Save a draft's lines, notes and validity (``None`` keeps the validity date)."""
    quote = get_quote(quote_id)
    _editable(quote)
    until = rules.check_valid_until(quote.issue_date, valid_until or quote.valid_until)
    client = Client.get_by_id(quote.client_id)
    checked, totals = _check_lines(lines, quote.currency, client.non_profit, quote.issue_date)
    with transaction():
        _bump(
            quote_id,
            expected_version,
            net=totals.net,
            tax=totals.tax,
            total=totals.total,
            notes=notes,
            valid_until=until,
        )
        _write_lines(quote, lines, checked)
    events.notify(events.QUOTES)
    return get_quote(quote_id)


def delete_draft(quote_id: int) -> None:
    """Delete a draft quote (its number stays used: the sequence never goes back)."""
    quote = get_quote(quote_id)
    _editable(quote)
    with transaction():
        deleted = Quote.delete().where((Quote.id == quote_id) & (Quote.state == "draft")).execute()
        if deleted != 1:
            raise StoreError(_("Only a draft quote can be changed or deleted."))
    events.notify(events.QUOTES)


# -- the answer ------------------------------------------------------------------------


def set_state(quote_id: int, state: str, today: date, expected_version: int) -> Quote:
    """Mark the quote sent, accepted or declined (the domain's
    :func:`~b24desk.domain.quotes.check_transition`); refused with
    :class:`StaleRecordError` when another desk changed it since it was read."""
    quote = get_quote(quote_id)
    rules.check_transition(quote.state, state, quote.valid_until, today)
    with transaction():
        _bump(quote_id, expected_version, state=state)
    events.notify(events.QUOTES)
    return get_quote(quote_id)


# -- Convert to invoice ----------------------------------------------------------------


def convert_to_invoice(quote_id: int, today: date) -> Invoice:
    """A new draft invoice for the quote's client with the quote's lines (prices as
    quoted), its notes naming the quote; the quote is marked converted.

    Both happen in one transaction, and the quote is marked by a conditional UPDATE
    (``WHERE invoice IS NULL``): a second conversion — the same desk twice, or two
    desks at once — updates no row, so its invoice is rolled back and it is refused.
    On PostgreSQL the second UPDATE waits for the first's row lock and then sees the
    invoice set; on SQLite the transaction holds the write lock from its start.
    """
    quote = get_quote(quote_id)
    rules.check_convert(quote.state, quote.valid_until, today, quote.invoice_id)
    doc = translation(quote.language)
    notes = doc.gettext(N_("From quote {number}.")).format(number=quote.number)
    if quote.notes.strip():
        notes += "\n" + quote.notes.strip()
    lines = line_inputs(quote_id)
    with events.hold() as held, transaction():
        # Priced as quoted: checked against the price list of the quote's date.
        invoice = invoice_store.create_draft(quote.client_id, lines, notes, today=quote.issue_date)
        if invoice.currency != quote.currency:
            raise StoreError(
                _(
                    "The client's currency changed since the quote was made; "
                    "make a new quote in {currency}."
                ).format(currency=invoice.currency)
            )
        marked = (
            Quote.update(invoice=invoice.id, state="converted", version=Quote.version + 1)
            .where(
                (Quote.id == quote_id)
                & Quote.invoice.is_null()
                & Quote.state.in_(("sent", "accepted"))
            )
            .execute()
        )
        if marked != 1:
            raise StoreError(_("The quote has been converted to an invoice already."))
        Activity.create(
            client=quote.client_id,
            kind="invoice",
            message=_("Quote {number} converted to a draft invoice").format(number=quote.number),
        )
    events.notify(*held, events.QUOTES, events.INVOICES, events.CLIENTS)
    return invoice
