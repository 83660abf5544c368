"""Cell values of an imported CSV file read as the store wants them.

Cells are converted before the store checks them, never judged by rules of their
own: country and language names ("España", "Русский") become codes, yes/no words
become booleans, dates are read as ISO, day-first numeric (``20/11/2026``,
``20.11.2026``) or with month names in the three languages (as the desk shows
them), a currency symbol or code around an amount is dropped and "12 months" is
12.  The names of the codes come from :mod:`b24desk.domain.vocabulary` (in every
language of the desk) and Babel; a word that names nothing is passed on as it is,
for the store to refuse with its own message.

Each converter takes the cell's text, the field's key and its title (for the
message) and raises :class:`~b24desk.domain.errors.ValidationError` for that field.
Nothing here knows files or entities.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import get_month_names

from b24desk.domain import vocabulary
from b24desk.domain.errors import ValidationError
from b24desk.i18n import LANGUAGES, _, babel_locale, translation

__all__ = [
    "code_for",
    "normalize_name",
    "parse_boolean",
    "parse_country",
    "parse_date",
    "parse_language",
    "parse_whole_number",
    "strip_currency",
]


def normalize_name(text: str) -> str:
    """A column name or choice word reduced for matching: accents dropped,
    case-folded, letters and digits only ("E-mail" → "email", "País" → "pais")."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in "".join(kept).casefold() if ch.isalnum())


_TRUE = frozenset({"1", "yes", "y", "true", "si", "s", "verdadero", "x", "да", "д", "истина"})
_FALSE = frozenset({"0", "no", "n", "false", "falso", "нет", "н", "ложь"})


def parse_boolean(text: str, key: str, title: str) -> bool:
    """Yes or no in English, Spanish or Russian, 1/0, or a tick or a dash."""
    raw = text.strip()
    if raw in {"✓", "✔", "☑", "+"}:
        return True
    if raw in {"-", "✗", "✘", "☐", "\u2014"}:
        return False
    word = normalize_name(raw)
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValidationError(
        key, _("{field}: \u201c{value}\u201d is not yes or no.").format(field=title, value=raw)
    )


def _choice_aliases(labels: Mapping[str, str], extra: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, label in labels.items():
        out.setdefault(normalize_name(code), code)
        for lang in LANGUAGES:
            out.setdefault(normalize_name(translation(lang).gettext(label)), code)
    for name, code in extra.items():
        out.setdefault(normalize_name(name), code)
    return out


@cache
def _aliases(kind: str) -> dict[str, str]:
    """Normalised name → code for ``kind``: the code itself, its name in every
    language of the desk, and the usual other words for it."""
    if kind == "product":
        return _choice_aliases(
            vocabulary.PRODUCTS,
            {"subscription": "cloud_subscription", "cloud": "cloud_subscription"},
        )
    if kind == "hosting":
        return _choice_aliases(
            vocabulary.HOSTINGS,
            {
                "self-hosted": "self_hosted", "on-premise": "self_hosted",
                "on premises": "self_hosted", "autoalojada": "self_hosted",
                "коробочная": "self_hosted",
                "nube": "cloud", "облако": "cloud", "облачная": "cloud",
            },
        )  # fmt: skip
    if kind == "linked_via":
        return _choice_aliases(vocabulary.LINKED_VIA, {})
    if kind == "urgency":
        return _choice_aliases(
            vocabulary.URGENCIES,
            {"urgent": "high", "urgente": "high", "срочно": "high", "alta": "high"},
        )
    if kind == "language":
        out = {normalize_name(code): code for code in LANGUAGES}
        for code, native in LANGUAGES.items():
            out.setdefault(normalize_name(native), code)
            for lang in LANGUAGES:
                name = Locale.parse(lang).languages.get(code)
                if name:
                    out.setdefault(normalize_name(name), code)
        return out
    if kind == "country":
        out = {}
        for lang in LANGUAGES:
            for code, name in Locale.parse(lang).territories.items():
                if len(code) == 2 and code.isalpha():
                    out.setdefault(normalize_name(name), code)
        out.update({"usa": "US", "uk": "GB", "россия": "RU", "espana": "ES", "eeuu": "US"})
        return out
    raise ValueError(kind)


def code_for(kind: str, text: str) -> str:
    """The code ``text`` names ("product", "hosting", "linked_via", "urgency",
    "language", "country"), or ``text`` itself for the store to refuse."""
    return _aliases(kind).get(normalize_name(text), text)


def parse_country(text: str) -> str:
    """A country code ("nz" → "NZ") or a country's name in one of the three languages."""
    raw = text.strip()
    if len(raw) == 2 and raw.isalpha():
        return raw.upper()
    return code_for("country", raw)


def parse_language(text: str) -> str:
    """A language code ("ES" → "es") or a language's name ("Русский", "inglés")."""
    raw = text.strip()
    if len(raw) == 2 and raw.isalpha():
        return raw.lower()
    return code_for("language", raw)


@cache
def _month_numbers() -> dict[str, int]:
    """Normalised month name → number, as the desk writes months in each language."""
    out: dict[str, int] = {}
    for lang in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, babel_locale(lang)).items():
                    out.setdefault(normalize_name(name), number)
    out.update({"sept": 9, "sep": 9, "setiembre": 9})
    return out


_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][0-9:.+\-Z ]*)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?: [0-9:. ]*)?")
_DAY_NAME_YEAR = re.compile(
    r"(\d{1,2})\.?\s*(?:de\s+)?([^\W\d_]+)\.?\s*(?:de\s+|,\s*)?(\d{4})(?:\s*г\.?)?", re.IGNORECASE
)
_NAME_DAY_YEAR = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})")


def _date_parts(text: str) -> tuple[int, int, int] | None:
    """``(year, month, day)`` written in ``text``, or None."""
    if m := _ISO_DATE.fullmatch(text):
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m := _DAY_FIRST.fullmatch(text):
        year = int(m.group(3))
        return (year + 2000 if year < 100 else year), int(m.group(2)), int(m.group(1))
    months = _month_numbers()
    if (m := _DAY_NAME_YEAR.fullmatch(text)) and normalize_name(m.group(2)) in months:
        return int(m.group(3)), months[normalize_name(m.group(2))], int(m.group(1))
    if (m := _NAME_DAY_YEAR.fullmatch(text)) and normalize_name(m.group(1)) in months:
        return int(m.group(3)), months[normalize_name(m.group(1))], int(m.group(2))
    return None


def parse_date(text: str, key: str, title: str) -> date:
    """A date written as ISO, day first, or with a month name (module docstring)."""
    raw = " ".join(text.split())
    parts = _date_parts(raw)
    if parts is not None:
        with contextlib.suppress(ValueError):
            return date(*parts)
    message = _("{field}: \u201c{value}\u201d is not a date; write it as 2026-11-20 or 20/11/2026.")
    raise ValidationError(key, message.format(field=title, value=raw))


_LEADING_INT = re.compile(r"\s*([0-9]{1,9})(?![0-9.,])")


def parse_whole_number(text: str, key: str, title: str) -> int:
    """The whole number a cell starts with ("12", "12 months", "50 usuarios")."""
    m = _LEADING_INT.match(text)
    if m is None:
        raise ValidationError(
            key,
            _("{field}: \u201c{value}\u201d is not a whole number.").format(
                field=title, value=text.strip()
            ),
        )
    return int(m.group(1))


def strip_currency(text: str, key: str, title: str) -> str:
    """An amount's text without the currency sign or code around it ("NZ$1,990.00",
    "1 990,00 ₽", "USD 100"); the store parses the number."""
    start, end = 0, len(text)
    while start < end and (
        text[start].isspace() or text[start].isalpha() or unicodedata.category(text[start]) == "Sc"
    ):
        start += 1
    while end > start and (
        text[end - 1].isspace()
        or text[end - 1].isalpha()
        or unicodedata.category(text[end - 1]) == "Sc"
    ):
        end -= 1
    core = text[start:end] or text.strip()
    if sum(ch.isdigit() for ch in core) > 18:  # beyond any price, and Decimal's precision
        raise ValidationError(
            key,
            _("{field}: \u201c{value}\u201d is not a valid amount.").format(
                field=title, value=text.strip()
            ),
        )
    return core
