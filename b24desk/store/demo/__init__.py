"""The demo office: a believable, deterministic New Zealand reseller for trying b24desk.

The data it is made of (:mod:`.countries`, :mod:`.ticket_texts`, :mod:`.invoice_texts`)
lives apart from the generator: :mod:`.builder` (:func:`generate_demo`, one module per
subject around :mod:`.base`).

The public names below are importable from the package too; they are looked up in
their modules when first asked for (PEP 562), so that the package's modules, which
import each other, never import this file in a loop.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b24desk.store.demo.base import SIZES, DemoSize
    from b24desk.store.demo.builder import DatabaseNotEmptyError, generate_demo, is_empty

__all__ = ["SIZES", "DatabaseNotEmptyError", "DemoSize", "generate_demo", "is_empty"]

_HOMES = {
    "SIZES": "base",
    "DemoSize": "base",
    "DatabaseNotEmptyError": "builder",
    "generate_demo": "builder",
    "is_empty": "builder",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
