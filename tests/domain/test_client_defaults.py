"""A client's document language and currency from its country (issue #15, item 4:
"a country picks the client's default document language and currency (Spain -> es,
EUR)"), read from Babel's CLDR territory data."""

from __future__ import annotations

from datetime import date

import pytest

from b24desk.domain.client_defaults import ClientDefaults, client_defaults, main_language


@pytest.mark.parametrize(
    ("country", "language", "currency"),
    [
        ("ES", "es", "EUR"),  # Spain
        ("MX", "es", "MXN"),  # Mexico
        ("AR", "es", "ARS"),  # Argentina
        ("RU", "ru", "RUB"),  # Russia
        ("KZ", "ru", "KZT"),  # Kazakhstan: Russian is official and the most spoken
        ("BY", "ru", "BYN"),  # Belarus
        ("NZ", "en", "NZD"),  # New Zealand: English de facto, Māori official
        ("US", "en", "USD"),
        ("DE", "en", "EUR"),  # German: no documents in it, so English
        ("UA", "en", "UAH"),  # Ukrainian is the main official language: English
        ("PR", "es", "USD"),  # Puerto Rico: Spanish, US dollars
        ("nz", "en", "NZD"),  # as typed
    ],
)
def test_each_country_gets_its_language_and_currency(
    country: str, language: str, currency: str
) -> None:
    assert client_defaults(country, date(2026, 12, 5)) == ClientDefaults(language, currency)


def test_the_main_language_is_the_most_spoken_national_one() -> None:
    # Kazakhstan: Russian 72 %, Kazakh 64 %, both official.
    assert main_language("KZ") == "ru"
    # Ukraine: Ukrainian (official, 65 %) before Russian (de facto official, 46 %).
    assert main_language("UA") == "uk"
    # New Zealand: English (de facto official, 98 %) before Māori (official, 2.8 %).
    assert main_language("NZ") == "en"
    # A regional language never wins: Catalan in Spain.
    assert main_language("ES") == "es"
    assert main_language("XX") is None


def test_the_currency_is_the_one_in_use_on_the_day() -> None:
    # Spain: pesetas until 28 Feb 2002, euros from 1 Jan 1999 (both on the day between).
    assert client_defaults("ES", date(1998, 12, 31)) == ClientDefaults("es", "ESP")
    assert client_defaults("ES", date(2002, 3, 1)) == ClientDefaults("es", "EUR")
    # Belarus: the new rouble from 1 Jul 2016, the old one until 1 Jan 2017.
    assert client_defaults("BY", date(2016, 6, 30)) == ClientDefaults("ru", "BYR")
    assert client_defaults("BY", date(2017, 1, 2)) == ClientDefaults("ru", "BYN")


def test_unknown_countries_get_nothing() -> None:
    assert client_defaults("") is None
    assert client_defaults("XX") is None
    assert client_defaults("ESP") is None
    # Antarctica is a territory but has no currency.
    assert client_defaults("AQ") == ClientDefaults("en", None)
