"""The sentences of the Partner targets tab that the Today tab shows too: the gap
to the next target, and the title of a checklist item."""

from __future__ import annotations

from datetime import date

from b24desk.domain.targets import gap_to
from b24desk.i18n import _, format_date, format_decimal, ngettext
from b24desk.store import partner
from b24desk.store.partner import ChecklistItem, PartnerOverview
from b24desk.ui.targets.common import money, status_name


def gap_sentence(data: PartnerOverview) -> str:
    """What is still missing, in one sentence ("US$1,363.20 and 300 new client
    seats to keep Silver by 28 Feb 2027")."""
    prog = data.progress
    if data.confirmed_on is None and data.accepted_on is None:
        return _(
            "Record the acceptance into the programme or the last status confirmation "
            "to start the status year."
        )
    due = format_date(prog.due_on)
    if prog.today >= prog.year_end:
        return _(
            "The status year ended on {date}: record the vendor's review with "
            "\u201cChange status\u2026\u201d."
        ).format(date=due)
    keep = next((t for t in data.targets if t.kind == "keep"), None)
    if keep is not None:
        status = status_name(keep.status)
        gap = gap_to(keep, prog)
        amount, seats = gap.sales, gap.seats
        if amount > 0 and seats > 0:
            return ngettext(
                "{money} and {seats} new client seat to keep {status} by {date}",
                "{money} and {seats} new client seats to keep {status} by {date}",
                seats,
            ).format(money=money(amount), seats=format_decimal(seats), status=status, date=due)
        if amount > 0:
            return _("{money} to keep {status} by {date}").format(
                money=money(amount), status=status, date=due
            )
        if seats > 0:
            return ngettext(
                "{seats} new client seat to keep {status} by {date}",
                "{seats} new client seats to keep {status} by {date}",
                seats,
            ).format(seats=format_decimal(seats), status=status, date=due)
        return _("Both targets to keep {status} are met for the status year ending {date}.").format(
            status=status, date=due
        )
    nxt = next((t for t in data.targets if t.kind == "next"), None)
    if nxt is None:
        return ""
    status = status_name(nxt.status)
    if prog.next_status == nxt.status:
        return _("The sales qualify for {status}: ask the vendor to upgrade the status.").format(
            status=status
        )
    gap = gap_to(nxt, prog)
    amount, clients, seats = gap.sales, gap.clients, gap.seats
    if seats > 0:
        return ngettext(
            "{money} and {seats} new client seat to re-qualify for {status} by {date}",
            "{money} and {seats} new client seats to re-qualify for {status} by {date}",
            seats,
        ).format(money=money(amount), seats=format_decimal(seats), status=status, date=due)
    if clients > 0 and amount > 0:
        return ngettext(
            "{money} in sales and {clients} more client to qualify for {status} by {date}",
            "{money} in sales and {clients} more clients to qualify for {status} by {date}",
            clients,
        ).format(money=money(amount), clients=clients, status=status, date=due)
    if clients > 0:
        return ngettext(
            "{clients} more client to qualify for {status} by {date}",
            "{clients} more clients to qualify for {status} by {date}",
            clients,
        ).format(clients=clients, status=status, date=due)
    return _("{money} in sales to qualify for {status} by {date}").format(
        money=money(amount), status=status, date=due
    )


def gap_text(today: date) -> str:
    """The gap sentence for ``today`` (for the Today tab)."""
    return gap_sentence(partner.overview(today))


def checklist_title(item: ChecklistItem) -> str:
    label = _(item.label)
    if item.quarter is not None and item.quarter_start is not None and item.due_on is not None:
        return _("{label}: quarter {number} ({start} \u2013 {end})").format(
            label=label,
            number=item.quarter,
            start=format_date(item.quarter_start),
            end=format_date(item.due_on),
        )
    return label
