"""Quotes (estimates), issue #17.2: what a quote shows, what may happen to it, how long
it holds, and what its PDF prints.

A quote is numbered when made and holds until its ``valid_until`` day (that day
included).  Its stored state (``vocabulary.QUOTE_STATES``) moves

    draft → sent → accepted | declined
    sent | accepted → converted   (into one draft invoice, never twice)

and the status people see (``vocabulary.QUOTE_STATUSES``) is the stored state, except
that a draft or sent quote past its validity date shows as "expired".  Totals follow
the invoice rules (:func:`b24desk.domain.invoicing.invoice_totals`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from b24desk.domain.documents import DocumentLine, Letterhead, Party
from b24desk.domain.errors import ValidationError
from b24desk.i18n import _

__all__ = [
    "DEFAULT_VALID_DAYS",
    "EXPIRING_STATES",
    "QuoteDocument",
    "can_convert",
    "can_edit",
    "check_convert",
    "check_transition",
    "check_valid_until",
    "default_valid_until",
    "quote_status",
]

#: How long a quote holds when the office set nothing (``Office.quote_valid_days``).
DEFAULT_VALID_DAYS = 30

#: The stored states that expire after the validity date: a quote still waiting for
#: an answer.  An accepted, declined or converted quote keeps its state.
EXPIRING_STATES = frozenset({"draft", "sent"})

#: Stored state → the states a person may move it to by hand ("converted" is reached
#: only through Convert to invoice, :func:`check_convert`).
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"sent"}),
    "sent": frozenset({"accepted", "declined"}),
    "accepted": frozenset(),
    "declined": frozenset(),
    "converted": frozenset(),
}


def quote_status(state: str, valid_until: date, today: date) -> str:
    """The status a person sees (a code of ``vocabulary.QUOTE_STATUSES``).

    A draft or sent quote is "expired" from the day after ``valid_until``; on that
    day itself it still holds.  Any other state shows as stored.
    """
    if state in EXPIRING_STATES and valid_until < today:
        return "expired"
    return state


def default_valid_until(issue_date: date, valid_days: int | None) -> date:
    """The validity date of a new quote: the issue date plus the office's
    ``quote_valid_days`` (:data:`DEFAULT_VALID_DAYS` when unset)."""
    days = DEFAULT_VALID_DAYS if valid_days is None else valid_days
    return issue_date + timedelta(days=max(days, 0))


def check_valid_until(issue_date: date, valid_until: date | None) -> date:
    """``valid_until`` if it is a date on or after the quote's date, else a
    :class:`ValidationError` for the field ``valid_until``."""
    if valid_until is None:
        raise ValidationError("valid_until", _("Give the date the quote is valid until."))
    if valid_until < issue_date:
        raise ValidationError(
            "valid_until", _("A quote cannot be valid until a day before its own date.")
        )
    return valid_until


def can_edit(state: str) -> bool:
    """Only a draft may be edited or deleted: once sent, the client holds what it says."""
    return state == "draft"


def check_transition(state: str, new_state: str, valid_until: date, today: date) -> None:
    """Refuse a hand-made change of state the rules do not allow.

    Draft → sent; sent → accepted or declined; nothing else (a conversion goes
    through :func:`check_convert`).  An expired quote may still be declined (the
    client said no, or never answered) but not sent or accepted: its prices no
    longer hold, so the office makes a new quote.  Raises :class:`ValidationError`
    for the field ``state``.
    """
    if new_state not in TRANSITIONS.get(state, frozenset()):
        raise ValidationError("state", _transition_message(state, new_state))
    if new_state != "declined" and quote_status(state, valid_until, today) == "expired":
        raise ValidationError(
            "state", _("The quote has expired: make a new quote with today's prices.")
        )


def _transition_message(state: str, new_state: str) -> str:
    if state == "converted":
        return _("The quote has been converted to an invoice already.")
    if state in ("accepted", "declined"):
        return _("The client has answered this quote already.")
    if new_state in ("accepted", "declined"):
        return _("Mark the quote sent before recording the client's answer.")
    return _("The quote has been sent already.")


def can_convert(state: str, valid_until: date, today: date, invoice_id: int | None) -> bool:
    """Whether Convert to invoice is allowed (:func:`check_convert` says why not)."""
    try:
        check_convert(state, valid_until, today, invoice_id)
    except ValidationError:
        return False
    return True


def check_convert(state: str, valid_until: date, today: date, invoice_id: int | None) -> None:
    """May the quote become a draft invoice today?

    A quote converts once: one already converted (it has an invoice) is refused.  It
    converts when the client has it, so a sent quote (still valid) or an accepted one
    (accepting fixed the prices, so the validity date no longer matters); a draft is
    sent first, a declined quote never converts, and an expired one (a sent quote
    past its validity date) must be quoted again.  Raises :class:`ValidationError`
    for the field ``state``.
    """
    if invoice_id is not None or state == "converted":
        raise ValidationError("state", _("The quote has been converted to an invoice already."))
    if state == "declined":
        raise ValidationError("state", _("A declined quote cannot be converted to an invoice."))
    if state == "draft":
        raise ValidationError(
            "state", _("Mark the quote sent (or accepted) before converting it.")
        )
    if quote_status(state, valid_until, today) == "expired":
        raise ValidationError(
            "state", _("The quote has expired: make a new quote with today's prices.")
        )


@dataclass(frozen=True)
class QuoteDocument:
    """Everything a quote PDF shows: plain data built by the store, drawn by
    :mod:`b24desk.pdf.quote` in ``language`` (the client's, when the quote was made)."""

    number: str
    issue_date: date
    valid_until: date
    currency: str
    language: str
    office: Letterhead
    client: Party
    lines: tuple[DocumentLine, ...]
    notes: str = ""
