"""Which subscription a client's renewal reminder is about (the message itself is
composed by :mod:`b24desk.store.compose` and queued in the outbox)."""

from __future__ import annotations

from b24desk.store.models import Subscription

__all__ = ["reminder_subscription"]


def reminder_subscription(client_id: int) -> int | None:
    """The subscription a client's renewal reminder is about: its newest paid one."""
    sub = (
        Subscription.select(Subscription.id)
        .where(
            (Subscription.client == client_id)
            & Subscription.paid_until.is_null(False)
            & (Subscription.archived == False)  # noqa: E712
        )
        .order_by(Subscription.starts_on.desc(nulls="LAST"), Subscription.id.desc())
        .first()
    )
    return None if sub is None else int(sub.id)
