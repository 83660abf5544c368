"""The Invoices tab, as a feature package.

- :mod:`.tab`: the tab (``InvoicesTab``, ``build_tab``): the list, the current
  invoice's summary and the actions on it;
- :mod:`.editor`: the draft editor (``InvoiceEditor``): lines, totals, save or issue;
- :mod:`.dialogs`: a payment and a credit note;
- :mod:`.common`: what they share (amounts, percentages, the question before issuing).

The public names below stay importable from the package (``from b24desk.ui.invoices
import InvoicesTab``) but are imported on first use: the package's modules import each
other, and an ``__init__`` importing them at load time would make every
``b24desk.ui.invoices.x`` import loop through it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b24desk.ui.invoices.common import confirm_issue
    from b24desk.ui.invoices.dialogs import CreditNoteDialog, PaymentDialog
    from b24desk.ui.invoices.editor import COL_PRICE, COL_QTY, InvoiceEditor
    from b24desk.ui.invoices.tab import InvoicesTab, build_tab, status_text

#: Each public name → the module of this package that defines it.
_HOMES: dict[str, str] = {
    "confirm_issue": "common",
    "CreditNoteDialog": "dialogs",
    "PaymentDialog": "dialogs",
    "COL_PRICE": "editor",
    "COL_QTY": "editor",
    "InvoiceEditor": "editor",
    "InvoicesTab": "tab",
    "build_tab": "tab",
    "status_text": "tab",
}

__all__ = [
    "COL_PRICE",
    "COL_QTY",
    "CreditNoteDialog",
    "InvoiceEditor",
    "InvoicesTab",
    "PaymentDialog",
    "build_tab",
    "confirm_issue",
    "status_text",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
