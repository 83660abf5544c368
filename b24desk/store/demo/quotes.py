"""The demo office's quotes (issue #17.2): a few in every state, for trying the
Quotes tab.

Made through :mod:`b24desk.store.quotes` (numbering, prices of the day, the
client's currency and language), from the clients already written, without the
builder's random generator: the other demo rows stay as they were.  One quote for
every ``STEP``-th active client with a portal, at most ``LIMIT`` (each goes through
the store's checks, which a bulk insert would skip).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

from b24desk.i18n import translation
from b24desk.store import invoices, quotes
from b24desk.store.lookup import price_choices
from b24desk.store.models import Activity, Client, Plan, Quote

__all__ = ["write_demo_quotes"]

#: Every STEP-th client gets a quote, LIMIT quotes at most.
STEP = 6
LIMIT = 120
#: (plan code, months, days before today the quote was made, the state it reached).
#: A quote sent 40 days ago that is valid for 30 has expired.
SCENES: tuple[tuple[str, int, int, str], ...] = (
    ("professional", 12, 2, "draft"),
    ("standard", 12, 5, "sent"),
    ("enterprise", 24, 9, "accepted"),
    ("basic", 6, 20, "declined"),
    ("standard", 6, 40, "sent"),
    ("professional", 24, 12, "sent"),
)
#: Service hours added to every other quote (implementation).
HOURS = 8


def write_demo_quotes(today: date) -> int:
    """Write the demo quotes; how many."""
    clients = (
        Client.select()
        .where((Client.archived == False) & (Client.portal_url != ""))  # noqa: E712
        .order_by(Client.id)
    )
    service = Plan.get_or_none(Plan.code == "svc_implementation")
    made = 0
    for n, client in enumerate(clients[::STEP][:LIMIT]):
        code, months, age, state = SCENES[n % len(SCENES)]
        day = today - timedelta(days=age)
        choice = next(
            (c for c in price_choices(client.currency, ("cloud",), day) if c.code == code), None
        )
        if choice is None or choice.price is None:
            continue
        tax = invoices.default_tax_for(client.id)
        plan_line = invoices.plan_line(client.id, choice, months, day)
        lines = [dataclasses.replace(plan_line, tax_rate=tax)]
        offer = (
            invoices.offered_unit(client.id, service.id, client.currency, day)
            if service is not None and n % 2
            else None
        )
        if offer is not None and service is not None:
            lines.append(
                invoices.LineInput(
                    description=translation(client.doc_language).gettext(service.name),
                    quantity=HOURS,
                    unit_price=offer[0],
                    kind="service",
                    discount_reason=offer[1],
                    plan_id=service.id,
                    tax_rate=tax,
                )
            )
        last_activity = Activity.select(Activity.id).order_by(Activity.id.desc()).scalar() or 0
        quote = quotes.create_draft(client.id, lines, day)
        if state != "draft":
            quote = quotes.set_state(quote.id, "sent", day, quote.version)
        if state in ("accepted", "declined"):
            quotes.set_state(quote.id, state, day + timedelta(days=1), quote.version)
        # Stamped with the quote's day, not the clock: the same seed and day give the
        # same database.
        stamp = datetime.combine(day, time(9, 0), UTC)
        Quote.update(created_at=stamp).where(Quote.id == quote.id).execute()
        Activity.update(at=stamp).where(Activity.id > last_activity).execute()
        made += 1
    return made
