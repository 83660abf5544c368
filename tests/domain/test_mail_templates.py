"""The shipped message texts and the check every saved template passes (#16 item 4)."""

from __future__ import annotations

import string

import pytest

from b24desk.domain.errors import ValidationErrors
from b24desk.domain.mail_templates import (
    PLACEHOLDERS,
    TEMPLATE_LANGUAGES,
    check_template,
    render,
    shipped_template,
)
from b24desk.domain.vocabulary import MAIL_KINDS


@pytest.mark.parametrize("language", TEMPLATE_LANGUAGES)
@pytest.mark.parametrize("kind", list(MAIL_KINDS))
def test_every_kind_ships_a_checked_text_in_every_language(kind: str, language: str) -> None:
    subject, body = shipped_template(kind, language)
    check_template(kind, subject, body)  # the shipped text passes its own check
    names = {
        name for text in (subject, body)
        for _, name, _, _ in string.Formatter().parse(text) if name
    }
    assert "client" in names and "office" in names
    filled = render(subject, body, {name: f"<{name}>" for name in PLACEHOLDERS[kind]})
    assert "{" not in filled[0] + filled[1]


def test_the_languages_are_really_translated() -> None:
    for kind in MAIL_KINDS:
        en, es, ru = (shipped_template(kind, lang) for lang in TEMPLATE_LANGUAGES)
        assert en != es != ru
        assert any("\u0400" <= ch <= "\u04ff" for ch in ru[1])  # Cyrillic
        assert "Atentamente" in es[1] and "С уважением" in ru[1]


@pytest.mark.parametrize(
    ("subject", "body", "field", "shown"),
    [
        ("Invoice {number}", "Hello {nobody}", "body", "{nobody}"),
        ("Invoice {total.__class__}", "Hello", "subject", "{total.__class__}"),
        ("Invoice {0}", "Hello", "subject", "{0}"),
        ("Invoice {}", "Hello", "subject", "{}"),
        ("Invoice", "Hello {total!r}", "body", "{total!r}"),
        ("Invoice", "Hello {total:>20}", "body", "{total:>20}"),
        ("Invoice", "Hello {client[0]}", "body", "{client[0]}"),
        ("Invoice {number", "Hello", "subject", "brace"),
        ("Invoice", "Hello client}", "body", "brace"),
        ("Invoice\nBcc: x@evil.example", "Hello", "subject", "one line"),
    ],
)
def test_a_bad_placeholder_is_refused_naming_field_and_placeholder(
    subject: str, body: str, field: str, shown: str
) -> None:
    with pytest.raises(ValidationErrors) as caught:
        check_template("invoice", subject, body)
    assert list(caught.value.by_field) == [field]
    assert shown in caught.value.by_field[field]


def test_a_placeholder_of_another_kind_is_unknown_here() -> None:
    # {code} belongs to the coupon message, not to an invoice.
    check_template("coupon", "Coupon {code}", "Hi {client}")
    with pytest.raises(ValidationErrors) as caught:
        check_template("invoice", "Invoice {code}", "Hi {client}")
    assert "{code}" in caught.value.by_field["subject"]


def test_render_substitutes_known_plain_names_only() -> None:
    subject, body = render(
        "Factura {number} {{literal}}",
        "Hola {client}, {total.__class__} {0} {unknown}",
        {"number": "F-1", "client": "Ana", "total": "10 €"},
    )
    assert subject == "Factura F-1 {literal}"
    assert body == "Hola Ana, {total.__class__} {0} {unknown}"
