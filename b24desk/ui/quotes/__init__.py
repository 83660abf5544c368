"""The Quotes tab (issue #17.2), as a feature package.

- :mod:`.tab`: the tab (``QuotesTab``, ``build_tab``): the list, the current quote's
  summary and the actions on it;
- :mod:`.editor`: the draft editor (``QuoteEditor``), the invoice editor saving a quote.

The names below are imported on first use, as in :mod:`b24desk.ui.invoices`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b24desk.ui.quotes.editor import QuoteEditor
    from b24desk.ui.quotes.tab import QuotesTab, build_tab

_HOMES: dict[str, str] = {"QuoteEditor": "editor", "QuotesTab": "tab", "build_tab": "tab"}

__all__ = ["QuoteEditor", "QuotesTab", "build_tab"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
