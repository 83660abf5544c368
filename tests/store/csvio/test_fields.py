"""The fields a column maps to (store/csvio/fields.py): column names in three
languages."""

from __future__ import annotations

from b24desk.i18n import translation
from b24desk.store.csvio.fields import ENTITIES, import_fields, suggest_mapping


def test_suggest_mapping_in_three_languages() -> None:
    assert suggest_mapping(
        ["Company", "E-mail", "Portal", "Country", "Currency", "Language", "Whatever"], "clients"
    ) == ["company", "email", "portal_url", "country", "currency", "doc_language", None]
    assert suggest_mapping(
        ["Empresa", "Correo", "PAÍS", "moneda", "Idioma", "Correo electrónico"], "clients"
    ) == ["company", "email", "country", "currency", "doc_language", None]
    assert suggest_mapping(
        ["Компания", "Почта", "Портал", "Страна", "Валюта", "Язык", "Телефон"], "clients"
    ) == ["company", "email", "portal_url", "country", "currency", "doc_language", "phone"]
    assert suggest_mapping(
        ["Code", "Product", "Plan", "Term", "Seats", "Purchased", "List price", "Currency",
         "Client"],
        "coupons",
    ) == ["code", "product", "plan", "term_months", "seats", "purchased_on", "list_price",
          "currency", "client"]  # fmt: skip
    assert suggest_mapping(["Código", "Cupón", "Код", "Fecha de compra"], "coupons") == [
        "code", None, None, "purchased_on",
    ]  # fmt: skip
    assert suggest_mapping(
        ["Client", "Subject", "Description", "Urgency", "Portal", "Version", "Edition"],
        "tickets",
    ) == ["client", "subject", "description", "urgency", "portal_url", "product_version",
          "edition"]  # fmt: skip
    assert suggest_mapping(["Клиент", "Тема", "Срочность", "Версия", "Редакция"], "tickets") == [
        "client", "subject", "urgency", "product_version", "edition",
    ]  # fmt: skip


def test_every_field_is_suggested_by_its_own_label_in_every_language() -> None:
    for entity in ENTITIES:
        fields = import_fields(entity)
        for lang in ("en", "es", "ru"):
            names = [translation(lang).gettext(f.label) for f in fields]
            assert suggest_mapping(names, entity) == [f.key for f in fields], (entity, lang)
