"""The list of reports and the two entry points (re-exported by the package).

Every figure comes from an SQL aggregate (GROUP BY in the database); Python only
converts each group's sum into the home currency and arranges the rows.  A report
has the shape of :mod:`b24desk.store.report_shape`:

* :data:`REPORTS` — key → (title marked with ``N_``, builder), in the order shown;
* :func:`build` — the report ``key`` over a :class:`ReportSpan`;
* :func:`drill_records` — the records behind a figure (its :class:`Drill`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from b24desk.domain.errors import ValidationError
from b24desk.i18n import _
from b24desk.store.report_shape import Drill, RecordRef, Report, ReportSpan
from b24desk.store.reports import aging, coupons, revenue, sla

__all__ = ["REPORTS", "build", "drill_records"]

Builder = Callable[[ReportSpan], Report]

REPORTS: Mapping[str, tuple[str, Builder]] = MappingProxyType(
    {
        "aging": (aging.TITLE, aging.build_aging),
        "revenue_month": (revenue.TITLES["month"], revenue.build_revenue_month),
        "revenue_plan": (revenue.TITLES["plan"], revenue.build_revenue_plan),
        "revenue_country": (revenue.TITLES["country"], revenue.build_revenue_country),
        "coupons": (coupons.TITLE, coupons.build_coupons),
        "sla": (sla.TITLE, sla.build_sla),
    }
)

_DRILLS: Mapping[str, Callable[[Drill, int], list[RecordRef]]] = MappingProxyType(
    {
        "aging": aging.aging_records,
        "revenue": revenue.revenue_records,
        "coupons": coupons.coupon_records,
        "sla": sla.sla_records,
    }
)


def build(key: str, span: ReportSpan) -> Report:
    """The report ``key`` (a key of :data:`REPORTS`) over ``span``."""
    try:
        _title, builder = REPORTS[key]
    except KeyError:
        raise ValueError(f"no such report: {key!r}") from None
    if span.start > span.end:
        raise ValidationError("start", _("The period starts after it ends."))
    return builder(span)


def drill_records(drill: Drill, limit: int = 1000) -> list[RecordRef]:
    """The records behind a figure: exactly those its SQL aggregate summed (at most
    ``limit``, in the report's order)."""
    report = dict(drill.filters).get("report")
    handler = _DRILLS.get(str(report))
    if handler is None:
        raise ValueError(f"not a report drill: {drill!r}")
    return handler(drill, limit)
