"""Change notices: held back per thread while a long piece of work runs."""

from __future__ import annotations

import threading

from b24desk.store import events


def test_a_thread_holds_its_own_notices_only() -> None:
    heard: list[str] = []
    events.subscribe(heard.append)
    try:
        with events.hold() as held:
            events.notify(events.CLIENTS, events.TICKETS)
            other = threading.Thread(target=events.notify, args=(events.COUPONS,))
            other.start()
            other.join()
            assert heard == [events.COUPONS]  # another thread's notice went out
            with events.hold() as inner:
                events.notify(events.OFFICE)
            assert inner == [events.OFFICE] and events.OFFICE not in held
        assert held == [events.CLIENTS, events.TICKETS]  # the caller decides what to send
        events.notify(events.INVOICES)  # outside: out at once again
        assert heard == [events.COUPONS, events.INVOICES]
    finally:
        events.unsubscribe(heard.append)
