"""The demo office: a believable, deterministic New Zealand reseller for trying b24desk.

The data it is made of (:mod:`.countries`, :mod:`.ticket_texts`, :mod:`.invoice_texts`)
lives apart from the generator (:mod:`.builder`, one module per subject around
:mod:`.base`).  :func:`generate_demo` fills an empty database; see :mod:`.builder`.
"""

from __future__ import annotations

from b24desk.store.demo.base import SIZES, DemoSize
from b24desk.store.demo.builder import DatabaseNotEmptyError, generate_demo, is_empty

__all__ = ["SIZES", "DatabaseNotEmptyError", "DemoSize", "generate_demo", "is_empty"]
