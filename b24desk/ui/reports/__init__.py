"""The Reports tab (issue #17.5), as a feature package.

* :mod:`.tab`: the tab (:class:`~.tab.ReportsTab`, :func:`build_tab`): the report
  picker, its dates, the table, the chart, the notes and the exports;
* :mod:`.chart`: the chart drawn with ``QPainter``;
* :mod:`.model`: the table model of a report (with its total row);
* :mod:`.drill`: the dialog listing the records behind a figure;
* :mod:`.ranges`: the quick date ranges (this month, last quarter…);
* :mod:`.cells`: how cells, axis ticks and figures read in the desk language.

The figures come from :mod:`b24desk.store.reports`; nothing here queries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b24desk.ui.reports.tab import ReportsTab, build_tab

__all__ = ["ReportsTab", "build_tab"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from b24desk.ui.reports import tab

        value = getattr(tab, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
