"""The Clients tab, as a feature package.

- :mod:`.tab`: the tab (``ClientsTab``, ``build_tab``): the clients table, its
  filters and actions;
- :mod:`.detail`: the detail pane, one client with its history;
- :mod:`.dialogs`: the client form, a new subscription and a renewal;
- :mod:`.common`: what they share (lifecycle state words and tones, country names).

The public names below stay importable from the package (``from b24desk.ui.clients
import ClientsTab``) but are imported on first use: the package's modules import
each other, and an ``__init__`` importing them at load time would make every
``b24desk.ui.clients.x`` import loop through it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b24desk.ui.clients.common import (
        STATE_TONES,
        countries,
        country_name,
        state_background,
        state_name,
        state_until_text,
    )
    from b24desk.ui.clients.detail import ClientDetailPane, reminder_text
    from b24desk.ui.clients.dialogs import (
        COMMON_CURRENCIES,
        ClientDialog,
        RenewDialog,
        SubscriptionDialog,
    )
    from b24desk.ui.clients.tab import ClientsTab, build_tab, client_columns, client_filters

#: Each public name → the module of this package that defines it.
_HOMES: dict[str, str] = {
    "STATE_TONES": "common",
    "countries": "common",
    "country_name": "common",
    "state_background": "common",
    "state_name": "common",
    "state_until_text": "common",
    "ClientDetailPane": "detail",
    "reminder_text": "detail",
    "COMMON_CURRENCIES": "dialogs",
    "ClientDialog": "dialogs",
    "RenewDialog": "dialogs",
    "SubscriptionDialog": "dialogs",
    "ClientsTab": "tab",
    "build_tab": "tab",
    "client_columns": "tab",
    "client_filters": "tab",
}

__all__ = [
    "COMMON_CURRENCIES",
    "STATE_TONES",
    "ClientDetailPane",
    "ClientDialog",
    "ClientsTab",
    "RenewDialog",
    "SubscriptionDialog",
    "build_tab",
    "client_columns",
    "client_filters",
    "countries",
    "country_name",
    "reminder_text",
    "state_background",
    "state_name",
    "state_until_text",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # found directly from now on
    return value
