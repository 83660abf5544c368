"""The quote rules (issue #17.2): "a validity date", states draft, sent, accepted,
declined, expired, and "Convert to invoice ... (never twice)"."""

from __future__ import annotations

from datetime import date

import pytest

from b24desk.domain import quotes
from b24desk.domain.errors import ValidationError
from b24desk.domain.vocabulary import QUOTE_STATES, QUOTE_STATUSES

VALID_UNTIL = date(2026, 12, 1)
DAY_BEFORE, LAST_DAY, DAY_AFTER = date(2026, 11, 30), VALID_UNTIL, date(2026, 12, 2)


@pytest.mark.parametrize("state", ["draft", "sent"])
def test_a_waiting_quote_expires_the_day_after_its_validity(state: str) -> None:
    assert quotes.quote_status(state, VALID_UNTIL, DAY_BEFORE) == state
    assert quotes.quote_status(state, VALID_UNTIL, LAST_DAY) == state
    assert quotes.quote_status(state, VALID_UNTIL, DAY_AFTER) == "expired"


@pytest.mark.parametrize("state", ["accepted", "declined", "converted"])
def test_an_answered_quote_keeps_its_state_after_the_validity(state: str) -> None:
    assert quotes.quote_status(state, VALID_UNTIL, DAY_AFTER) == state


def test_every_status_is_in_the_vocabulary() -> None:
    days = (LAST_DAY, DAY_AFTER)
    shown = {quotes.quote_status(s, VALID_UNTIL, d) for s in QUOTE_STATES for d in days}
    assert shown <= set(QUOTE_STATUSES)
    assert set(QUOTE_STATUSES) - set(QUOTE_STATES) == {"expired"}


def test_default_validity_is_the_office_s_days_else_30() -> None:
    assert quotes.default_valid_until(date(2026, 11, 20), None) == date(2026, 12, 20)
    assert quotes.default_valid_until(date(2026, 11, 20), 10) == date(2026, 11, 30)


def test_validity_may_not_end_before_the_quote_s_date() -> None:
    issued = date(2026, 11, 20)
    assert quotes.check_valid_until(issued, issued) == issued
    with pytest.raises(ValidationError) as error:
        quotes.check_valid_until(issued, date(2026, 11, 19))
    assert error.value.field == "valid_until"
    with pytest.raises(ValidationError):
        quotes.check_valid_until(issued, None)


def test_only_a_draft_is_edited() -> None:
    assert [s for s in QUOTE_STATES if quotes.can_edit(s)] == ["draft"]


@pytest.mark.parametrize(
    ("state", "new", "allowed"),
    [
        ("draft", "sent", True),
        ("draft", "accepted", False),
        ("sent", "accepted", True),
        ("sent", "declined", True),
        ("sent", "sent", False),
        ("accepted", "declined", False),
        ("declined", "accepted", False),
        ("converted", "sent", False),
    ],
)
def test_transitions(state: str, new: str, allowed: bool) -> None:
    if allowed:
        quotes.check_transition(state, new, VALID_UNTIL, LAST_DAY)
    else:
        with pytest.raises(ValidationError) as error:
            quotes.check_transition(state, new, VALID_UNTIL, LAST_DAY)
        assert error.value.field == "state"


def test_an_expired_quote_may_be_declined_but_not_accepted() -> None:
    quotes.check_transition("sent", "accepted", VALID_UNTIL, LAST_DAY)
    with pytest.raises(ValidationError):
        quotes.check_transition("sent", "accepted", VALID_UNTIL, DAY_AFTER)
    quotes.check_transition("sent", "declined", VALID_UNTIL, DAY_AFTER)


def test_what_may_be_converted() -> None:
    assert quotes.can_convert("sent", VALID_UNTIL, LAST_DAY, None)
    assert not quotes.can_convert("sent", VALID_UNTIL, DAY_AFTER, None)  # expired
    assert quotes.can_convert("accepted", VALID_UNTIL, DAY_AFTER, None)  # prices agreed
    assert not quotes.can_convert("draft", VALID_UNTIL, LAST_DAY, None)
    assert not quotes.can_convert("declined", VALID_UNTIL, LAST_DAY, None)
    assert not quotes.can_convert("accepted", VALID_UNTIL, LAST_DAY, 7)  # never twice
    assert not quotes.can_convert("converted", VALID_UNTIL, LAST_DAY, None)
