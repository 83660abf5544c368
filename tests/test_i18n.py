"""The translation mechanism and Babel formatting, without Qt."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from b24desk import i18n
from b24desk.i18n import _, ngettext


def test_english_is_the_source_text() -> None:
    assert _("Clients") == "Clients"
    assert ngettext("{count} client", "{count} clients", 2) == "{count} clients"


@pytest.mark.parametrize(("lang", "expected"), [("es", "Clientes"), ("ru", "Клиенты")])
def test_set_language_switches_translations(lang: str, expected: str) -> None:
    assert i18n.set_language(lang) == lang
    assert i18n.current_language() == lang
    assert _("Clients") == expected


def test_russian_plural_forms_follow_babel_rules() -> None:
    i18n.set_language("ru")
    forms = [ngettext("{count} row", "{count} rows", n).format(count=n) for n in (1, 3, 5, 21, 0)]
    assert forms == ["1 строка", "3 строки", "5 строк", "21 строка", "0 строк"]


def test_listeners_hear_every_change_once() -> None:
    heard: list[str] = []
    i18n.add_language_listener(heard.append)
    try:
        i18n.set_language("es")
        i18n.set_language("es")  # no change, no call
        i18n.set_language("ru-RU")
    finally:
        i18n.remove_language_listener(heard.append)
    assert heard == ["es", "ru"]


def test_document_language_is_independent_of_the_desk() -> None:
    i18n.set_language("ru")
    assert i18n.translation("es").gettext("Clients") == "Clientes"
    assert _("Clients") == "Клиенты"


@pytest.mark.parametrize(
    ("raw", "code"),
    [("es_MX", "es"), ("ru-RU", "ru"), ("EN", "en"), ("de_DE", "en"), (None, "en"), ("", "en")],
)
def test_normalize_language(raw: str | None, code: str) -> None:
    assert i18n.normalize_language(raw) == code


@pytest.mark.parametrize(
    ("amount", "currency", "lang", "expected"),
    [
        (Decimal("1234.5"), "NZD", "en", "$1,234.50"),  # en_NZ: NZD is "$"
        (Decimal("1234.5"), "EUR", "es", "1.234,50\xa0€"),
        (Decimal("1234567.5"), "RUB", "ru", "1\xa0234\xa0567,50\xa0₽"),
        (Decimal("1234"), "JPY", "en", "JP¥1,234"),
        (Decimal("1.2345"), "KWD", "en", "KWD1.235"),  # half up, 3 digits
        (Decimal("2.5"), "JPY", "en", "JP¥3"),
    ],
)
def test_format_money_uses_the_locale_and_the_currency_minor_unit(
    amount: Decimal, currency: str, lang: str, expected: str
) -> None:
    assert i18n.format_money(amount, currency, lang) == expected


def test_format_money_refuses_floats() -> None:
    with pytest.raises(TypeError):
        i18n.format_money(10.5, "USD", "en")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "21 Nov 2026"), ("es", "21 nov 2026"), ("ru", "21 нояб. 2026\u202fг.")],
)
def test_format_date(lang: str, expected: str) -> None:
    assert i18n.format_date(date(2026, 11, 21), lang) == expected


def test_currency_digits() -> None:
    assert [i18n.currency_digits(c) for c in ("JPY", "EUR", "KWD")] == [0, 2, 3]


# Issue #15: "One way to write a date and a time per language (Babel medium date,
# short time, with the year), in lists, Today, details and date fields alike."
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "3 Dec 2026, 2:30\u202fpm"),
        ("es", "3 dic 2026, 14:30"),
        ("ru", "3 дек. 2026\u202fг., 14:30"),
    ],
)
def test_format_datetime_is_the_medium_date_with_its_year_then_the_time(
    lang: str, expected: str
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 12, 3, 1, 30, tzinfo=ZoneInfo("UTC"))  # 14:30 in Auckland
    shown = i18n.format_datetime(moment, lang, tzinfo=ZoneInfo("Pacific/Auckland"))
    assert shown == expected
    assert shown.startswith(i18n.format_date(date(2026, 12, 3), lang))  # the same date
    assert "2026" in shown
    assert i18n.format_time(moment, lang, tzinfo=ZoneInfo("Pacific/Auckland")) in shown


def test_a_moment_is_written_on_its_own_day_in_the_zone_shown() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 12, 3, 11, 30, tzinfo=ZoneInfo("UTC"))  # 4 Dec 00:30 in NZ
    assert i18n.format_datetime(moment, "es", tzinfo=ZoneInfo("Pacific/Auckland")) == (
        "4 dic 2026, 0:30"
    )
    assert i18n.format_datetime(moment, "es") == "3 dic 2026, 11:30"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "d MMM yyyy"), ("es", "d MMM yyyy"), ("ru", "d MMM yyyy\u202f'г'.")],
)
def test_date_fields_use_the_medium_date_pattern_in_qt_notation(
    lang: str, expected: str
) -> None:
    assert i18n.qt_date_pattern(lang) == expected
