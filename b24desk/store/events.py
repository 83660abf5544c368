"""Change notices from the store: "the clients changed", without Qt.

Every function that changes data calls :func:`notify` with the entities it touched,
after its transaction committed.  The UI's Qt adapter (``ui/signals.py``) turns the
notices into a signal that table models listen to, so no widget polls.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

CLIENTS = "clients"
SUBSCRIPTIONS = "subscriptions"
COUPONS = "coupons"
TICKETS = "tickets"
INVOICES = "invoices"
PARTNER = "partner"
OFFICE = "office"
PRICES = "prices"
#: Everything there is: what a restored or imported database changes.
ALL = (CLIENTS, SUBSCRIPTIONS, COUPONS, TICKETS, INVOICES, PARTNER, OFFICE, PRICES)

_lock = threading.Lock()
_listeners: list[Callable[[str], None]] = []


def subscribe(callback: Callable[[str], None]) -> None:
    with _lock:
        _listeners.append(callback)


def unsubscribe(callback: Callable[[str], None]) -> None:
    with _lock:
        if callback in _listeners:
            _listeners.remove(callback)


def notify(*entities: str) -> None:
    """Tell every listener that ``entities`` changed (call after the commit)."""
    with _lock:
        listeners = list(_listeners)
    for entity in dict.fromkeys(entities):
        for listener in listeners:
            listener(entity)
