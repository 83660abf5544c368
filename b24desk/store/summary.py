"""Counts for overviews and empty states."""

from __future__ import annotations

from b24desk.store.models import Client, Coupon, Invoice, Ticket


def record_counts() -> dict[str, int]:
    """How many clients, coupons, tickets and invoices the database holds."""
    return {
        "clients": Client.select().where(Client.archived == False).count(),  # noqa: E712
        "coupons": Coupon.select().count(),
        "tickets": Ticket.select().count(),
        "invoices": Invoice.select().count(),
    }
