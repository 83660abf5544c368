"""Change notices from the store: "the clients changed", without Qt.

Every function that changes data calls :func:`notify` with the entities it touched,
after its transaction committed.  The UI's Qt adapter (``ui/signals.py``) turns the
notices into a signal that table models listen to, so no widget polls.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

CLIENTS = "clients"
SUBSCRIPTIONS = "subscriptions"
COUPONS = "coupons"
TICKETS = "tickets"
INVOICES = "invoices"
PARTNER = "partner"
OFFICE = "office"
PRICES = "prices"
QUOTES = "quotes"
RATES = "rates"  # the office's exchange rates (issue #17.4)
#: The office's business calendar (hours, days, zone, holidays) changed: sent through
#: :func:`changing` inside the writer's transaction, so what depends on it follows there.
OFFICE_CALENDAR = "office_calendar"
#: Everything there is: what a restored or imported database changes.  The office
#: first, so what follows it (the desk clock's zone) is current when the tables reload.
ALL = (
    OFFICE, CLIENTS, SUBSCRIPTIONS, COUPONS, TICKETS, INVOICES, PARTNER, PRICES, QUOTES, RATES
)  # fmt: skip

_lock = threading.Lock()
_listeners: list[Callable[[str], None]] = []
_holding = threading.local()
_within: dict[str, list[Callable[[object], None]]] = {}


def subscribe(callback: Callable[[str], None]) -> None:
    with _lock:
        _listeners.append(callback)


def unsubscribe(callback: Callable[[str], None]) -> None:
    with _lock:
        if callback in _listeners:
            _listeners.remove(callback)


@contextlib.contextmanager
def hold() -> Iterator[list[str]]:
    """Hold back the notices of this thread inside the block (other threads' go out
    as usual).  Yields the list of entities held back; the caller sends them, once,
    or drops them (a check that was rolled back changed nothing)."""
    outer = getattr(_holding, "entities", None)
    held: list[str] = []
    _holding.entities = held
    try:
        yield held
    finally:
        _holding.entities = outer


def notify(*entities: str) -> None:
    """Tell every listener that ``entities`` changed (call after the commit)."""
    held = getattr(_holding, "entities", None)
    if held is not None:
        held.extend(entities)
        return
    with _lock:
        listeners = list(_listeners)
    for entity in dict.fromkeys(entities):
        for listener in listeners:
            listener(entity)


def on_changing(entity: str, callback: Callable[[object], None]) -> None:
    """Run ``callback(record)`` whenever :func:`changing` announces ``entity``, inside
    the writer's transaction (a failure rolls the whole change back).  Lets a module
    follow another's change without the other importing it (no import loop)."""
    with _lock:
        if callback not in _within.setdefault(entity, []):
            _within[entity].append(callback)


def changing(entity: str, record: object) -> None:
    """Announce, inside the open transaction, that ``entity`` is changing to ``record``."""
    with _lock:
        callbacks = list(_within.get(entity, ()))
    for callback in callbacks:
        callback(record)
