"""The demo office: a believable, deterministic New Zealand reseller for trying b24desk.

:func:`generate_demo` fills an *empty* database (:func:`is_empty`) with the office
"Kiwi Cloud Partners Ltd" (Auckland, Silver partner): clients in New Zealand, Spain,
Mexico, Russia and elsewhere, their subscriptions in every lifecycle state, coupons in
every state, support tickets with message threads in the client's language, invoices,
payments and credit notes, the partner profile with its history, and an activity log.

The same ``size``, ``seed`` and ``today`` always give the same rows: everything comes
from one :class:`random.Random`, every date from ``today``.  The big tables are
written with :func:`~b24desk.store.bulk.bulk_insert` of pre-built tuples, ids given
explicitly so that children point at their parents without reading anything back
(``large`` writes 5 000 clients, 20 000 coupons, 50 000 tickets and 20 000 invoices
in seconds).  Tickets and invoices are written in chunks, so that ``huge`` (500 000
tickets, 1 500 000 messages) keeps only a chunk of their rows in memory.  The rules
come from :mod:`b24desk.domain` and the office's settings
(payment methods, due days, tax, ticket and coupon states), as for the desk's own
records.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from b24desk.i18n import _
from b24desk.store import events, search
from b24desk.store import models as m
from b24desk.store.db import database
from b24desk.store.demo.base import SIZES
from b24desk.store.demo.clients import ClientsPart
from b24desk.store.demo.coupons import CouponsPart
from b24desk.store.demo.invoices import InvoicesPart
from b24desk.store.demo.office import OfficePart
from b24desk.store.demo.quotes import write_demo_quotes
from b24desk.store.demo.rates import write_demo_rates
from b24desk.store.demo.tickets import TicketsPart
from b24desk.store.errors import StoreError
from b24desk.store.office import business_calendar
from b24desk.store.pricelist import seed_price_list
from b24desk.store.sequences import reset_sequences
from b24desk.store.tickets import recompute_due_times

__all__ = ["Builder", "DatabaseNotEmptyError", "generate_demo", "is_empty"]


class DatabaseNotEmptyError(StoreError):
    """The demo office is only written into a database without business data."""


class Builder(ClientsPart, CouponsPart, InvoicesPart, TicketsPart, OfficePart):
    """Builds the demo office in memory, then writes it table by table."""

    def run(self) -> None:
        self.progress(_("Writing the office and the partner profile…"))
        self.write_office()
        self.build_clients()
        self.build_subscriptions()
        self.build_coupons()
        self.write_partner()
        self.progress(_("Writing clients…"))
        self.write_clients()
        self.progress(_("Writing coupons…"))
        self.write_coupons()
        self.progress(_("Writing subscriptions…"))
        self.write_subscriptions()
        self.progress(_("Writing invoices…"))
        self.build_invoices()
        self.write_invoices()
        self.progress(_("Writing tickets…"))
        self.build_tickets()
        self.write_tickets()
        self.progress(_("Writing the activity log…"))
        self.write_activity()


# --------------------------------------------------------------------------- public API


def is_empty() -> bool:
    """Whether the open database holds no clients, coupons, tickets or invoices."""
    return not any(model.select().exists() for model in (m.Client, m.Coupon, m.Ticket, m.Invoice))


def generate_demo(
    size: str = "small",
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Fill the open, empty database with the demo office; returns rows per table.

    ``size``: ``"small"`` (about 60 clients), ``"large"`` (5 000 clients, 20 000
    coupons, 50 000 tickets, 20 000 invoices) or ``"huge"`` (50 000 clients,
    200 000 coupons, 500 000 tickets with 1 500 000 messages, 200 000 invoices).
    The same ``seed`` and ``today`` (default: the computer's date) give the same rows.
    ``progress`` receives a short message as each step starts.  Raises
    :class:`DatabaseNotEmptyError`, changing nothing, when the database already holds
    business data (see :func:`is_empty`); everything else is written in one
    transaction.
    """
    if size not in SIZES:
        raise ValueError(f"unknown demo size {size!r}; choose one of {', '.join(SIZES)}")
    day = date.today() if today is None else today
    builder = Builder(SIZES[size], seed, day, progress)
    db = database()
    with db.atomic():
        if not is_empty():
            raise DatabaseNotEmptyError(
                _(
                    "The database already holds clients, coupons, tickets or invoices. The "
                    "demo office is only written into an empty database."
                )
            )
        with search.bulk_writes(db):  # the search index in one pass at the end
            builder.progress(_("Writing the price list…"))
            seed_price_list()
            write_demo_rates(day)
            builder.load_price_list()
            builder.run()
            # The queue sorts by the SLA due time: compute it as the desk would.
            builder.progress(_("Computing the SLA due times…"))
            recompute_due_times(business_calendar())
            builder.progress(_("Writing quotes…"))
            write_demo_quotes(day)
            builder.progress(_("Building the search index…"))
        # The office and partner rows may have been inserted with their id (the bulk
        # writes move their own tables' sequences): the next save must not take id 1.
        reset_sequences(db, (m.Office, m.PartnerProfile))
    counts = {
        model._meta.table_name: model.select().count()
        for model in m.ALL_MODELS
        if model is not m.SchemaVersion
    }
    events.notify(
        events.OFFICE,
        events.PARTNER,
        events.PRICES,
        events.RATES,
        events.CLIENTS,
        events.SUBSCRIPTIONS,
        events.COUPONS,
        events.INVOICES,
        events.QUOTES,
        events.TICKETS,
    )
    builder.progress(_("The demo office is ready."))
    return counts
