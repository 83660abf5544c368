"""A client's document language and currency from its country (issue #15, item 4).

New clients are mostly abroad: a client in Spain gets its invoices in Spanish and in
euros, one in Mexico in Spanish and in pesos, one in New Zealand in English and in NZ
dollars.  The rule reads Babel's CLDR territory data, so it knows every country:

- the **currency** is the country's legal tender in use on the day (``EUR`` for Spain,
  ``MXN`` for Mexico, ``RUB`` for Russia);
- the **language** is the country's main official language (the official or de facto
  official language most of its people speak) when the desk writes documents in it
  (:data:`b24desk.i18n.LANGUAGES`); otherwise English (Germany, Israel, Ukraine …).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.core import get_global
from babel.numbers import get_territory_currencies

from b24desk.i18n import DEFAULT_LANGUAGE, LANGUAGES

__all__ = ["ClientDefaults", "client_defaults", "main_language"]

#: CLDR's statuses of a language that is the country's own (not a region's).
_NATIONAL = frozenset({"official", "de_facto_official"})


@dataclass(frozen=True)
class ClientDefaults:
    """What a client in a country gets unless someone chooses otherwise."""

    doc_language: str
    currency: str | None


def main_language(country: str) -> str | None:
    """The main official language of ``country`` (an ISO 3166 code), as CLDR knows it:
    the national one spoken by the most people; ``None`` for an unknown code."""
    languages = get_global("territory_languages").get(country.strip().upper())
    if not languages:
        return None
    national = [
        (info.get("population_percent") or 0.0, code)
        for code, info in languages.items()
        if info.get("official_status") in _NATIONAL
    ]
    if not national:
        return None
    return max(national)[1].split("_")[0]


def client_defaults(country: str, on: date | None = None) -> ClientDefaults | None:
    """The document language and currency for a client in ``country`` on day ``on``
    (today when not given); ``None`` when the country is not known."""
    code = country.strip().upper()
    if len(code) != 2 or code not in get_global("territory_languages"):
        return None
    language = main_language(code)
    doc_language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    currencies = get_territory_currencies(code, start_date=on, tender=True)
    return ClientDefaults(doc_language, currencies[0] if currencies else None)
