"""The reports of the Reports tab, the exports and the ``report`` command (issue #17.5).

One module per report (:mod:`.aging`, :mod:`.revenue`, :mod:`.coupons`, :mod:`.sla`)
over what they share (:mod:`.common`); :mod:`.registry` holds the API:

* :data:`REPORTS` — key → (title marked with ``N_``, builder), in the order shown;
* :func:`build` — the report ``key`` over a :class:`~b24desk.store.report_shape.ReportSpan`;
* :func:`drill_records` — the records behind a figure (its ``Drill``).

Every figure comes from an SQL aggregate (GROUP BY in the database); Python only
converts each group's sum into the home currency and arranges the rows.  The names
are looked up in :mod:`.registry` when first asked for (PEP 562), so the package's
modules never import this file in a loop.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b24desk.store.reports.registry import REPORTS, build, drill_records

__all__ = ["REPORTS", "build", "drill_records"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.registry"), name)


def __dir__() -> list[str]:
    return sorted(__all__)
