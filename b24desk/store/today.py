"""What needs doing today: the rows of the Today tab, each pointing at its record.

Every date rule comes from :mod:`b24desk.domain` (lifecycle, coupons, SLA); the
queries only narrow the candidates down by date windows so the work stays small
with a large office.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol, cast

import peewee

from b24desk.domain import lifecycle
from b24desk.domain.sla import BusinessCalendar
from b24desk.i18n import _, format_date, format_money, ngettext
from b24desk.store.models import Client, Coupon, Invoice, OutboxMessage, Plan, Subscription, Ticket

#: Sections in the order the tab shows them.
SECTIONS = (
    "renewals",
    "renewal_drafts",
    "grace",
    "free",
    "frozen",
    "coupons",
    "tickets",
    "invoices",
    "partner",
    "mail",
)

#: Rows listed per section; the section title still counts them all.
SECTION_LIMIT = 200

#: The severity of a row that is late: a deadline already missed or falling today
#: (a renewal due today, a frozen portal awaiting deletion, a coupon past its 7 days,
#: a ticket past its SLA maximum, an overdue invoice, a partner deadline passed).
LATE = "danger"

#: How far back a lapsed portal is still worth a look (free / frozen / deleted soon).
LAPSED_LOOKBACK_DAYS = 120
OPEN_UNANSWERED = ("new", "in_progress", "reopened", "escalated")


@dataclass(frozen=True)
class TodayItem:
    """One thing to do: ``kind``/``record_id`` name the record a click opens."""

    section: str
    kind: str  # "client", "coupon", "ticket", "invoice", "partner", "outbox"
    record_id: int
    title: str
    detail: str
    severity: str  # "info", "warning", "danger"
    order: tuple[object, ...] = ()

    @property
    def late(self) -> bool:
        return self.severity == LATE

    def sort_key(self) -> tuple[bool, tuple[object, ...]]:
        """Late rows first, then the section's own order."""
        return (not self.late, self.order)


def section_title(section: str, count: int) -> str:
    titles: dict[str, Callable[[int], str]] = {
        "renewals": lambda n: ngettext("{count} renewal due", "{count} renewals due", n),
        "renewal_drafts": lambda n: ngettext(
            "{count} renewal draft to issue", "{count} renewal drafts to issue", n
        ),
        "grace": lambda n: ngettext(
            "{count} portal in its grace period", "{count} portals in their grace period", n
        ),
        "free": lambda n: ngettext(
            "{count} portal fell back to the free plan",
            "{count} portals fell back to the free plan",
            n,
        ),
        "frozen": lambda n: ngettext("{count} frozen portal", "{count} frozen portals", n),
        "coupons": lambda n: ngettext(
            "{count} coupon to activate soon", "{count} coupons to activate soon", n
        ),
        "tickets": lambda n: ngettext(
            "{count} ticket due soon or overdue", "{count} tickets due soon or overdue", n
        ),
        "invoices": lambda n: ngettext("{count} overdue invoice", "{count} overdue invoices", n),
        "partner": lambda n: ngettext(
            "{count} partner programme deadline", "{count} partner programme deadlines", n
        ),
        "mail": lambda n: ngettext(
            "{count} message could not be sent", "{count} messages could not be sent", n
        ),
    }
    return titles[section](count).format(count=count)


def _days_text(days: int) -> str:
    if days == 0:
        return _("today")
    return ngettext("in {count} day", "in {count} days", days).format(count=days)


# Rows flattened by ``.objects()`` carry the joined client's company (and computed
# columns), attributes no model class declares: these say what each query gives.
class _CouponRow(Protocol):
    id: int
    code: str
    purchased_on: date
    company: str | None  # None: in stock (no client)


class _TicketRow(Protocol):
    id: int
    tid: str
    subject: str
    urgency: str
    due_at: datetime  # set with target_at, which the query compares
    company: str


class _InvoiceRow(Protocol):
    id: int
    number: str
    due_date: date  # issued invoices past it
    owed_units: int
    currency: str
    company: str


class _FailedMessageRow(Protocol):
    id: int
    to_addrs: str
    subject: str
    last_error: str
    created_at: datetime
    company: str | None  # None: a message to no client


#: The portal sections and the cloud state of their portals.
PORTAL_SECTIONS = {"renewals": "active", "grace": "grace", "free": "free", "frozen": "frozen"}


def _not_renewed() -> peewee.Expression:
    # A subscription renewed since (a newer cloud subscription of the client covers
    # it) is left out: one indexed look per candidate, never a pass over every client.
    newer = Subscription.alias("newer")
    renewed = newer.select(newer.id).where(
        (newer.client == Subscription.client)
        & (newer.kind == "cloud")
        & (newer.archived == False)  # noqa: E712
        & (newer.paid_until > Subscription.paid_until)
    )
    return ~peewee.fn.EXISTS(renewed)


def _portal_window(today: date) -> tuple[date, date]:
    """The paid end dates worth a look: due for renewal within the first reminder's
    days, or lapsed up to :data:`LAPSED_LOOKBACK_DAYS` ago."""
    return (
        today - timedelta(days=LAPSED_LOOKBACK_DAYS),
        today + timedelta(days=max(lifecycle.REMINDER_DAYS)),
    )


def _portal_spans(
    today: date, grace_days: int, *, by_freeze_date: bool = False
) -> dict[str, list[lifecycle.CloudSpan]]:
    """Each portal section's portals in the window (:func:`_portal_window`) as
    :func:`lifecycle.cloud_state_spans`."""
    paid_from, paid_to = _portal_window(today)
    return {
        section: lifecycle.cloud_state_spans(
            cast("lifecycle.CloudState", state),
            today,
            paid_from=paid_from,
            paid_to=paid_to,
            grace_days=grace_days,
            by_freeze_date=by_freeze_date,
        )
        for section, state in PORTAL_SECTIONS.items()
    }


def _span_condition(span: lifecycle.CloudSpan) -> peewee.Expression:
    """SQL: the subscription is in ``span`` (its latest login is the later of the
    user's and the administrator's)."""
    user, admin = Subscription.last_user_login, Subscription.last_admin_login
    if span.paid_from == span.paid_to:
        found = Subscription.paid_until == span.paid_from
    else:
        found = Subscription.paid_until.between(span.paid_from, span.paid_to)
    if span.login_from is not None:
        found &= (user >= span.login_from) | (admin >= span.login_from)
    if span.login_to is not None:
        found &= (user.is_null() | (user <= span.login_to)) & (
            admin.is_null() | (admin <= span.login_to)
        )
    return found


def _any_span(spans: list[lifecycle.CloudSpan]) -> peewee.Expression:
    """SQL: the subscription is in one of ``spans``; the range around them all keeps
    the planner to one pass over the ``paid_until`` index (not one per span)."""
    around = Subscription.paid_until.between(
        min(span.paid_from for span in spans), max(span.paid_to for span in spans)
    )
    return around & functools.reduce(operator.or_, (_span_condition(span) for span in spans))


def _portal_query(*fields: Any) -> peewee.ModelSelect[Subscription]:
    """Current cloud subscriptions of clients not archived.  ``archived != True``
    (not ``== False``, the same for a NOT NULL column) keeps the planner from
    starting at every client that is not archived: it starts at ``paid_until``."""
    return (
        Subscription.select(*fields)
        .join(Client)
        .where(
            (Subscription.kind == "cloud")
            & (Subscription.archived == False)  # noqa: E712
            & (Client.archived != True)  # noqa: E712
        )
    )


def portal_counts(today: date, grace_days: int) -> dict[str, int]:
    """How many portals each portal section holds, in one pass over the window."""
    spans = {section: found for section, found in _portal_spans(today, grace_days).items() if found}
    counts = dict.fromkeys(PORTAL_SECTIONS, 0)
    if not spans:
        return counts
    sums = [
        peewee.fn.SUM(peewee.Case(None, ((_any_span(found), 1),), 0)).alias(section)
        for section, found in spans.items()
    ]
    row = cast(
        "dict[str, int | None]",
        _portal_query(*sums)
        .where(Subscription.paid_until.between(*_portal_window(today)) & _not_renewed())
        .dicts()
        .get(),
    )
    counts.update({section: int(row[section] or 0) for section in spans})
    return counts


def _portal_rows(
    section: str, spans: list[lifecycle.CloudSpan], limit: int, today: date, grace_days: int
) -> Iterable[Any]:
    """The first ``limit`` portals of a section in its order: by paid end date (the
    renewal, grace end and free-since dates follow it), frozen ones by freeze date
    (their deletion date), then company.  Rows are flattened by ``.objects()``:
    subscription columns plus the client's id/company and the plan's name."""
    if not spans:
        return []
    first: Any = Subscription.paid_until
    if section == "frozen":
        by_day = _portal_spans(today, grace_days, by_freeze_date=True)[section]
        days = sorted({span.freeze_date for span in by_day if span.freeze_date is not None})
        rank = {day: n for n, day in enumerate(days)}
        first = peewee.Case(
            None,
            [
                (_span_condition(span), rank[span.freeze_date])
                for span in by_day
                if span.freeze_date
            ],
            len(days),
        )
    return (
        _portal_query(
            Subscription.id,
            Subscription.paid_until,
            Subscription.portal_url,
            Subscription.last_user_login,
            Subscription.last_admin_login,
            Client.id.alias("client_id"),
            Client.company,
            Plan.name.alias("plan_name"),
        )
        .switch(Subscription)
        .join(Plan)
        .where(_any_span(spans) & _not_renewed())
        .order_by(first, Client.company, Subscription.paid_until, Subscription.id)
        .limit(limit)
        .objects()
    )


def _portal_item(section: str, row: Any, today: date, life: lifecycle.CloudLifecycle) -> TodayItem:
    who = row.company
    what = f"{row.plan_name} · {row.portal_url}" if row.portal_url else row.plan_name
    if section == "renewals":
        reminder = lifecycle.renewal_reminder(row.paid_until, today)
        days = (row.paid_until - today).days
        return TodayItem(
            "renewals",
            "client",
            row.client_id,
            who,
            _("{what}: paid until {date} ({when})").format(
                what=what, date=format_date(row.paid_until), when=_days_text(days)
            ),
            "danger" if reminder == 0 else "warning" if reminder == 7 else "info",
            (days, who),
        )
    # Each stage's dates are known once paid_until is (spans hold paid portals only).
    if section == "grace":
        assert life.grace_end is not None
        detail = _("{what}: grace period until {date}").format(
            what=what, date=format_date(life.grace_end)
        )
        severity, when = "warning", life.grace_end
    elif section == "free":
        assert life.free_from is not None
        detail = _(
            "{what}: on the free plan since {date}; read-only if it holds more than 5 GB"
        ).format(what=what, date=format_date(life.free_from))
        severity, when = "warning", life.free_from
    else:
        assert life.freeze_date is not None and life.deletion_date is not None
        detail = _(
            "{what}: frozen since {frozen}, deleted on {deleted} unless an administrator logs in"
        ).format(
            what=what,
            frozen=format_date(life.freeze_date),
            deleted=format_date(life.deletion_date),
        )
        severity, when = "danger", life.deletion_date
    return TodayItem(section, "client", row.client_id, who, detail, severity, (when, who))


def portal_sections(
    today: date, grace_days: int, limit: int = SECTION_LIMIT
) -> dict[str, list[TodayItem]]:
    """The first ``limit`` rows of each portal section, in the section's order:
    renewals due (30 / 7 / 0 days), portals in grace, fallen to free, frozen.  SQL
    picks them (:func:`lifecycle.cloud_state_spans`); each row's texts come from
    :func:`lifecycle.cloud_lifecycle`."""
    found: dict[str, list[TodayItem]] = {}
    for section, spans in _portal_spans(today, grace_days).items():
        items = []
        for row in _portal_rows(section, spans, limit, today, grace_days):
            life = lifecycle.cloud_lifecycle(
                row.paid_until,
                today,
                last_user_login=row.last_user_login,
                last_admin_login=row.last_admin_login,
                grace_days=grace_days,
            )
            items.append(_portal_item(section, row, today, life))
        found[section] = items
    return found


def portal_items(today: date, grace_days: int, limit: int = SECTION_LIMIT) -> list[TodayItem]:
    """Every portal section's rows (:func:`portal_sections`), one list."""
    return [item for items in portal_sections(today, grace_days, limit).values() for item in items]


def _coupons_to_activate(today: date, *fields: Any) -> peewee.ModelSelect[Coupon]:
    # From day 5 after purchase (the warning) to 30 days (expired ones stay a while).
    first_warning = today - timedelta(days=lifecycle.COUPON_WARNING_DAY)
    oldest = today - timedelta(days=30)
    return (
        Coupon.select(*fields)
        .join(Client, peewee.JOIN.LEFT_OUTER)
        .where(
            Coupon.state.in_(("in_stock", "assigned"))
            & Coupon.purchased_on.between(oldest, first_warning)
        )
    )


def coupon_items(today: date, limit: int = SECTION_LIMIT) -> list[TodayItem]:
    """Coupons not activated from day 5 after purchase (expired after day 7): the
    first ``limit`` by deadline (the expired ones, late, come first)."""
    rows = (
        _coupons_to_activate(today, Coupon.id, Coupon.code, Coupon.purchased_on, Client.company)
        .order_by(Coupon.purchased_on, Coupon.code)
        .limit(limit)
        .objects()
    )
    items = []
    for row in cast("Iterable[_CouponRow]", rows):
        deadline = lifecycle.coupon_activation_deadline(row.purchased_on)
        days_left = (deadline - today).days
        holder = row.company or _("in stock")
        if days_left < 0:
            detail = _("{holder}: activation deadline passed on {date}").format(
                holder=holder, date=format_date(deadline)
            )
            severity = "danger"
        else:
            detail = _("{holder}: activate by {date} ({when})").format(
                holder=holder, date=format_date(deadline), when=_days_text(days_left)
            )
            severity = "warning"
        items.append(
            TodayItem("coupons", "coupon", row.id, row.code, detail, severity, (deadline, row.code))
        )
    return items


#: On-premise keys are listed this many days before they activate themselves.
ONPREM_NOTICE_DAYS = 30


def _onprem_due(today: date, *fields: Any) -> peewee.ModelSelect[Coupon] | None:
    bought = lifecycle.onprem_purchase_range(today, today + timedelta(days=ONPREM_NOTICE_DAYS))
    if bought is None:
        return None
    return (
        Coupon.select(*fields)
        .join(Client, peewee.JOIN.LEFT_OUTER)
        .where(
            (Coupon.product == "onprem_key")
            & Coupon.state.in_(("in_stock", "assigned", "expired"))
            & Coupon.activated_on.is_null()
            & Coupon.purchased_on.between(*bought)
        )
    )


def onprem_activation_items(today: date, limit: int = SECTION_LIMIT) -> list[TodayItem]:
    """On-premise keys not activated that activate themselves within 30 days (002:
    six months after purchase), the first ``limit`` by that date; the day after,
    the Coupons tab and this tab mark them activated
    (:func:`b24desk.store.coupons.activate_due_onprem_keys`)."""
    due = _onprem_due(today, Coupon.id, Coupon.code, Coupon.purchased_on, Client.company)
    if due is None:
        return []
    # Several month ends share one activation day (31 Aug, 29 Feb): order by the day.
    by_day = []
    for offset in range(ONPREM_NOTICE_DAYS + 1):
        day = today + timedelta(days=offset)
        bought = lifecycle.onprem_purchase_range(day, day)
        if bought is not None and bought[0] != bought[1]:
            by_day.append((Coupon.purchased_on.between(*bought), bought[0]))
    first: Any = peewee.Case(None, by_day, Coupon.purchased_on) if by_day else Coupon.purchased_on
    rows = due.order_by(first, Coupon.code).limit(limit).objects()
    items = []
    for row in cast("Iterable[_CouponRow]", rows):
        auto = lifecycle.onprem_activation_date(row.purchased_on)
        days = (auto - today).days
        items.append(
            TodayItem(
                "coupons",
                "coupon",
                row.id,
                row.code,
                _("{holder}: the on-premise key activates itself on {date} ({when})").format(
                    holder=row.company or _("in stock"),
                    date=format_date(auto),
                    when=_days_text(days),
                ),
                "warning" if days <= 7 else "info",
                (auto, row.code),
            )
        )
    return items


def coupon_count(today: date) -> int:
    """How many rows the coupons section holds: coupons to activate and on-premise
    keys about to activate themselves."""
    due = _onprem_due(today, Coupon.id)
    return _coupons_to_activate(today, Coupon.id).count() + (0 if due is None else due.count())


def ticket_items(
    now: datetime, calendar: BusinessCalendar, limit: int = SECTION_LIMIT
) -> tuple[list[TodayItem], int]:
    """Unanswered open tickets past their SLA target (due soon) or maximum (overdue).

    The Tickets tab stores each running clock's target and maximum (``target_at``,
    ``due_at``), so both states are SQL comparisons with ``now``.  Returns the first
    ``limit`` rows (overdue first, then high urgency, then by due time) and how many
    there are.
    """
    late = (
        Ticket.select(
            Ticket.id,
            Ticket.tid,
            Ticket.subject,
            Ticket.urgency,
            Ticket.due_at,
            Client.company,
        )
        .join(Client)
        .where(
            Ticket.status.in_(OPEN_UNANSWERED)
            & Ticket.first_reply_at.is_null()
            & (Ticket.target_at < now)
        )
    )
    rows = late.order_by(
        peewee.Case(None, ((Ticket.due_at < now, 0),), 1),  # overdue (late) first
        peewee.Case(None, ((Ticket.urgency == "high", 0),), 1),
        Ticket.due_at,
        Ticket.tid,
    ).limit(limit)
    items = []
    for row in cast("Iterable[_TicketRow]", rows.objects()):
        moment = _moment(row.due_at, calendar)
        if row.due_at < now:
            detail = _("{client}: overdue since {moment}").format(client=row.company, moment=moment)
        else:
            detail = _("{client}: answer by {moment}").format(client=row.company, moment=moment)
        items.append(
            TodayItem(
                "tickets",
                "ticket",
                row.id,
                f"{row.tid} · {row.subject}",
                detail,
                "danger" if row.due_at < now else "warning",
                (row.urgency != "high", row.due_at, row.tid),
            )
        )
    return items, late.count()


def _moment(at: datetime, calendar: BusinessCalendar) -> str:
    from zoneinfo import ZoneInfo

    from b24desk.i18n import format_datetime

    return format_datetime(at, tzinfo=ZoneInfo(calendar.timezone))


def invoice_items(today: date, limit: int = SECTION_LIMIT) -> tuple[list[TodayItem], int]:
    """Issued invoices with something still owed past their due date: the oldest
    ``limit``, and how many there are in all.  What is owed is the domain's balance
    rule (total − payments − credit notes), as everywhere."""
    from b24desk.store.invoices import balance_expression

    owed = balance_expression()
    overdue = (
        Invoice.select(
            Invoice.id,
            Invoice.number,
            Invoice.due_date,
            owed.alias("owed_units"),
            Invoice.currency,
            Client.company,
        )
        .join(Client)
        .where(
            (Invoice.kind == "invoice")
            & (Invoice.state == "issued")
            & (Invoice.due_date < today)
            & (owed > 0)
        )
    )
    items = [
        TodayItem(
            "invoices",
            "invoice",
            row.id,
            f"{row.number} · {row.company}",
            _("{amount} due since {date}").format(
                amount=format_money(Invoice.total.python_value(row.owed_units), row.currency),
                date=format_date(row.due_date),
            ),
            "danger",
            (row.due_date, row.number),
        )
        for row in cast(
            "Iterable[_InvoiceRow]",
            overdue.order_by(Invoice.due_date, Invoice.number).limit(limit).objects(),
        )
    ]
    return items, overdue.count()


def renewal_draft_items(today: date, limit: int = SECTION_LIMIT) -> tuple[list[TodayItem], int]:
    """Renewal drafts made and not issued yet (issue #17.3), each opening its draft:
    late once the first subscription's paid period has ended (the portal is in its
    grace period), a warning within the last week."""
    from b24desk.store.renewals import open_renewal_drafts

    drafts, count = open_renewal_drafts(limit)
    items = []
    for draft in drafts:
        days = (draft.first_period_end - today).days
        items.append(
            TodayItem(
                "renewal_drafts",
                "invoice",
                draft.invoice_id,
                _("Renewal draft for {client}").format(client=draft.company),
                draft.detail(),
                LATE if days < 0 else "warning" if days <= 7 else "info",
                (draft.first_period_end, draft.company),
            )
        )
    return items, count


def partner_items(today: date) -> list[TodayItem]:
    """The partner programme's deadlines not met: the Bronze cancellation 90 days
    after acceptance and the suspension after six months of zero activity (001 §3.4).
    ``kind`` "partner" opens the Partner targets tab."""
    from b24desk.store import partner_claims  # not needed before the first paint

    items = []
    for deadline in partner_claims.deadlines():
        title, detail = partner_claims.deadline_texts(deadline, today)
        severity = deadline.severity(today) or "info"
        items.append(
            TodayItem("partner", "partner", 0, title, detail, severity, (deadline.due_on, title))
        )
    return items


def failed_message_items(
    calendar: BusinessCalendar, limit: int = SECTION_LIMIT
) -> tuple[list[TodayItem], int]:
    """Messages the mail server refused or that failed for good (issue #16, item 6):
    the oldest first, each a link to the message in the Outbox (``kind`` "outbox"),
    and how many there are in all."""
    failed = (
        OutboxMessage.select(
            OutboxMessage.id,
            OutboxMessage.to_addrs,
            OutboxMessage.subject,
            OutboxMessage.last_error,
            OutboxMessage.created_at,
            Client.company.alias("company"),
        )
        .join(Client, peewee.JOIN.LEFT_OUTER, on=(OutboxMessage.client == Client.id))
        .where(OutboxMessage.state == "failed")
    )
    items = []
    oldest = failed.order_by(OutboxMessage.created_at, OutboxMessage.id).limit(limit)
    for row in cast("Iterable[_FailedMessageRow]", oldest.objects()):
        title = f"{row.subject} · {row.company}" if row.company else row.subject
        reason = row.last_error or _("no reason given")
        items.append(
            TodayItem(
                "mail",
                "outbox",
                row.id,
                title,
                _("To {to}, queued {moment}: {reason}").format(
                    to=row.to_addrs, moment=_moment(row.created_at, calendar), reason=reason
                ),
                LATE,
                (row.created_at, row.id),
            )
        )
    return items, failed.count()


@dataclass(frozen=True)
class TodayReport:
    """The rows of each section (at most :data:`SECTION_LIMIT`) and their full counts."""

    items: dict[str, list[TodayItem]]
    counts: dict[str, int]

    def sections(self) -> list[str]:
        """The sections with rows: those holding a late row first, each group in
        :data:`SECTIONS` order."""
        shown = [s for s in SECTIONS if self.counts.get(s, 0)]
        late = [s for s in shown if any(i.late for i in self.items.get(s, []))]
        return late + [s for s in shown if s not in late]


def today_items(
    today: date, now: datetime, calendar: BusinessCalendar, grace_days: int
) -> TodayReport:
    """Every section of the Today tab, in :data:`SECTIONS` order, rows sorted (late
    rows first: :meth:`TodayItem.sort_key`), at most :data:`SECTION_LIMIT` each: SQL
    picks them and counts the rest."""
    found: dict[str, list[TodayItem]] = {section: [] for section in SECTIONS}
    found.update(portal_sections(today, grace_days))
    counts = dict.fromkeys(SECTIONS, 0)
    counts.update(portal_counts(today, grace_days))
    coupons = heapq.merge(
        coupon_items(today), onprem_activation_items(today), key=TodayItem.sort_key
    )
    found["coupons"] = list(itertools.islice(coupons, SECTION_LIMIT))
    counts["coupons"] = coupon_count(today)
    found["tickets"], counts["tickets"] = ticket_items(now, calendar)
    found["invoices"], counts["invoices"] = invoice_items(today)
    drafts, counts["renewal_drafts"] = renewal_draft_items(today)
    found["renewal_drafts"] = sorted(drafts, key=TodayItem.sort_key)
    found["partner"] = sorted(partner_items(today), key=TodayItem.sort_key)
    counts["partner"] = len(found["partner"])
    found["mail"], counts["mail"] = failed_message_items(calendar)
    return TodayReport(found, counts)
