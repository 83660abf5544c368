"""Each word of the office (a status, a product, a payment method) is defined once."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

import pytest

import b24desk
from b24desk.domain import vocabulary
from b24desk.domain.vocabulary import codes, label
from b24desk.i18n import set_language
from b24desk.store import models

PACKAGE = Path(b24desk.__file__).parent
TABLES: dict[str, Mapping[str, str]] = {
    name: value
    for name, value in vars(vocabulary).items()
    if name.isupper() and isinstance(value, Mapping)
}


def _named_dicts(tree: ast.AST) -> list[tuple[int, set[str]]]:
    """Dict literals whose values are all ``N_("…")`` calls: a table of names."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict) or len(node.keys) < 2:
            continue
        keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
        names = all(
            isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "N_"
            for v in node.values
        )
        if names and len(keys) == len(node.keys):
            found.append((node.lineno, {str(k) for k in keys}))
    return found


def test_no_module_writes_a_vocabulary_table_again() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "domain" / "vocabulary.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, keys in _named_dicts(tree):
            for name, table in TABLES.items():
                # A copy of a table: two of its codes or more, and mostly its codes
                # (a list of template placeholders may share a word or two with one).
                shared = keys & set(table)
                if len(shared) >= 2 and 2 * len(shared) >= len(keys):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{line} repeats {name}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize(
    ("stored", "table"),
    [
        (models.HOSTING, vocabulary.HOSTINGS),
        (models.LINKED_VIA, vocabulary.LINKED_VIA),
        (models.COUPON_PRODUCTS, vocabulary.PRODUCTS),
        (models.COUPON_STATES, vocabulary.COUPON_STATES),
        (models.INVOICE_STATES, vocabulary.INVOICE_STATES),
        (models.PAYMENT_METHODS, vocabulary.PAYMENT_METHODS),
        (models.TICKET_STATUSES, vocabulary.TICKET_STATUSES),
        (models.URGENCIES, vocabulary.URGENCIES),
        (models.PARTNER_STATUSES, vocabulary.PARTNER_STATUSES),
        (models.COURSES, vocabulary.COURSES),
        (models.BONUS_KINDS, vocabulary.BONUS_KINDS),
        (models.NFR_KINDS, vocabulary.NFR_KINDS),
    ],
)
def test_the_database_stores_exactly_the_codes_people_see_named(
    stored: tuple[str, ...], table: Mapping[str, str]
) -> None:
    assert stored == codes(table)


def test_every_stored_invoice_state_is_a_status_people_see() -> None:
    assert set(vocabulary.INVOICE_STATES) <= set(vocabulary.INVOICE_STATUSES)
    assert set(vocabulary.TICKET_STATUSES) >= vocabulary.CLOSED_TICKET_STATUSES


def test_a_label_is_translated_and_an_unknown_code_shows_as_itself() -> None:
    set_language("es")
    try:
        assert label(vocabulary.PAYMENT_METHODS, "wire") == "Transferencia bancaria"
        assert label(vocabulary.TICKET_STATUSES, "no_such_status") == "no_such_status"
    finally:
        set_language("en")
    assert label(vocabulary.TICKET_STATUSES, "escalated") == "Escalated to vendor"
