"""Hand-made data for the mail tests (#16): a client and invoices at fixed dates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from b24desk.store import invoices as inv
from b24desk.store import models as m

D = Decimal
TODAY = date(2026, 12, 5)
DUE_DAYS = 14  # the office default: due 14 days after issue


def make_client(
    company: str = "Zenit Logística SL",
    language: str = "es",
    currency: str = "EUR",
    **fields: object,
) -> m.Client:
    values: dict[str, object] = {
        "company": company,
        "contact_person": "Ana Pérez",
        "email": "ana@zenit.es",
        "country": "ES",
        "doc_language": language,
        "currency": currency,
        "portal_url": "https://zenit.bitrix24.es",
    }
    values.update(fields)
    return m.Client.create(**values)


def line(price: str, tax: str = "0") -> inv.LineInput:
    return inv.LineInput(
        description="Implantación de Bitrix24",
        quantity=D(1),
        unit_price=D(price),
        tax_rate=D(tax),
    )


def issued(client: m.Client, price: str, due_days_ago: int, today: date = TODAY) -> m.Invoice:
    """An invoice of ``price`` (no tax) due exactly ``due_days_ago`` days before ``today``."""
    draft = inv.create_draft(client.id, [line(price)])
    issue_day = today - timedelta(days=due_days_ago + DUE_DAYS)
    invoice = inv.issue_invoice(draft.id, issue_day, draft.version)
    assert invoice.due_date == today - timedelta(days=due_days_ago)
    return invoice


def queue_due_in_another_process(path: str, day: date, start: object, results: object) -> None:
    """One desk: open the database, wait for the other desk, queue what is due."""
    from b24desk.store.db import close_database, open_database
    from b24desk.store.due_reminders import queue_due

    open_database(path)
    start.wait()  # type: ignore[attr-defined]
    results.put(queue_due(day))  # type: ignore[attr-defined]
    close_database()
