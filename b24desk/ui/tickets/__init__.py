"""The Tickets tab, as a feature package.

- :mod:`.tab`: the tab (``TicketsTab``, ``build_tab``): the queue with its SLA clock;
- :mod:`.detail`: the detail pane, one ticket with its thread, reply box and actions;
- :mod:`.dialogs`: a new ticket or its details, escalation, assignment;
- :mod:`.common`: what they share (SLA colours, the modal loop, the warning box).

The public names below stay importable from the package (``from b24desk.ui.tickets
import TicketsTab``) but are imported on first use: the package's modules import each
other, and an ``__init__`` importing them at load time would make every
``b24desk.ui.tickets.x`` import loop through it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b24desk.ui.tickets.detail import (
        THREAD_TONES,
        TicketDetail,
        thread_background,
        thread_html,
    )
    from b24desk.ui.tickets.dialogs import AssignDialog, EscalateDialog, TicketDialog
    from b24desk.ui.tickets.tab import TicketsTab, build_tab, ticket_columns

#: Each public name → the module of this package that defines it.
_HOMES: dict[str, str] = {
    "THREAD_TONES": "detail",
    "TicketDetail": "detail",
    "thread_background": "detail",
    "thread_html": "detail",
    "AssignDialog": "dialogs",
    "EscalateDialog": "dialogs",
    "TicketDialog": "dialogs",
    "TicketsTab": "tab",
    "build_tab": "tab",
    "ticket_columns": "tab",
}

__all__ = [
    "THREAD_TONES",
    "AssignDialog",
    "EscalateDialog",
    "TicketDetail",
    "TicketDialog",
    "TicketsTab",
    "build_tab",
    "thread_background",
    "thread_html",
    "ticket_columns",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
