"""The office settings of issue #17: renewal lead time, quote numbering and validity,
printing the home-currency amount."""

from __future__ import annotations

import peewee
import pytest

from b24desk.domain.errors import ValidationErrors
from b24desk.store import office


def test_defaults(db: peewee.Database) -> None:
    current = office.get_office()
    assert (current.renewal_lead_days, current.quote_prefix, current.quote_valid_days) == (
        30,
        "QUO",
        30,
    )
    assert current.print_home_amount is False
    assert office.office_label("default_currency") == "Home currency"


def test_saves_the_new_settings(db: peewee.Database) -> None:
    saved = office.update_office(
        {
            "renewal_lead_days": "45",
            "quote_prefix": " EST ",
            "quote_valid_days": 14,
            "print_home_amount": "yes",
        },
        1,
    )
    assert (saved.renewal_lead_days, saved.quote_prefix, saved.quote_valid_days) == (45, "EST", 14)
    assert saved.print_home_amount is True
    saved = office.update_office({"print_home_amount": False}, saved.version)
    assert saved.print_home_amount is False


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("renewal_lead_days", -1, "Renewal drafts ahead: a whole number of days from 0 to 365."),
        ("renewal_lead_days", 366, "Renewal drafts ahead: a whole number of days from 0 to 365."),
        ("quote_valid_days", 0, "Quotes valid for: a whole number of days from 1 to 365."),
        ("quote_prefix", "", "Quote prefix is required."),
        ("quote_prefix", "inv", "Quotes need a prefix of their own"),
        ("quote_prefix", "Q 1", "Quote prefix: use up to 20 letters"),
        ("print_home_amount", "maybe", "Home-currency total: write yes or no."),
    ],
)
def test_refuses_bad_values(db: peewee.Database, key: str, value: object, message: str) -> None:
    with pytest.raises(ValidationErrors) as caught:
        office.update_office({key: value}, 1)
    assert [e.field for e in caught.value] == [key]
    assert caught.value.errors[0].message.startswith(message)
    assert office.get_office().version == 1


def test_edges_are_accepted(db: peewee.Database) -> None:
    saved = office.update_office({"renewal_lead_days": 0, "quote_valid_days": 365}, 1)
    assert (saved.renewal_lead_days, saved.quote_valid_days) == (0, 365)
    saved = office.update_office({"renewal_lead_days": 365, "quote_valid_days": 1}, 2)
    assert (saved.renewal_lead_days, saved.quote_valid_days) == (365, 1)


def test_an_invoice_prefix_may_not_take_the_quotes_one(db: peewee.Database) -> None:
    with pytest.raises(ValidationErrors) as caught:
        office.update_office({"invoice_prefix": "QUO"}, 1)
    assert [e.field for e in caught.value] == ["quote_prefix"]
