"""The Partner targets tab as a feature package (the way Anki keeps ``aqt/browser/``).

* :mod:`.tab`: the tab itself (:class:`TargetsTab`, :func:`build_tab`);
* :mod:`.dialogs`: the small dialogs that record what the vendor confirms;
* :mod:`.claims`: NFR licences to claim, the kickstart bonus, the deadlines;
* :mod:`.chart`: the monthly sales chart;
* :mod:`.texts`: the gap sentence (shown by the Today tab too);
* :mod:`.common`: what they share (row colours, words, dates, labels).

The public names stay importable from the package (``from b24desk.ui.targets import
TargetsTab``); they are loaded on first use, so that the submodules, which import
each other, never import this package back at load time (no import loop).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b24desk.ui.targets.chart import SalesChart
    from b24desk.ui.targets.claims import ClaimsPanel, ExtendNfrDialog
    from b24desk.ui.targets.dialogs import (
        AcceptedOnDialog,
        BonusDialog,
        ChangeStatusDialog,
        CourseDialog,
        NfrDialog,
        PointsDialog,
        RequirementDialog,
    )
    from b24desk.ui.targets.tab import TargetsTab, build_tab
    from b24desk.ui.targets.texts import gap_sentence, gap_text

#: Each public name and the submodule it lives in.
_HOMES = {
    "SalesChart": "chart",
    "ClaimsPanel": "claims",
    "ExtendNfrDialog": "claims",
    "AcceptedOnDialog": "dialogs",
    "BonusDialog": "dialogs",
    "ChangeStatusDialog": "dialogs",
    "CourseDialog": "dialogs",
    "NfrDialog": "dialogs",
    "PointsDialog": "dialogs",
    "RequirementDialog": "dialogs",
    "TargetsTab": "tab",
    "build_tab": "tab",
    "gap_sentence": "texts",
    "gap_text": "texts",
}

__all__ = [
    "AcceptedOnDialog",
    "BonusDialog",
    "ChangeStatusDialog",
    "ClaimsPanel",
    "CourseDialog",
    "ExtendNfrDialog",
    "NfrDialog",
    "PointsDialog",
    "RequirementDialog",
    "SalesChart",
    "TargetsTab",
    "build_tab",
    "gap_sentence",
    "gap_text",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
