"""Translations and locale-aware formatting, without Qt.

* ``_()`` / ``ngettext()`` translate into the *desk* language (the person at the
  keyboard), switched at run time with :func:`set_language`.
* :func:`translation` returns the catalog of any language, for documents written in
  the *client's* language (invoices, reminders) whatever the desk speaks.
* ``N_()`` marks a string for extraction without translating it yet (module-level
  tables whose text is translated when shown).

The catalogs are the Babel-managed ``translations/<lang>.po`` files; they are
compiled in memory the first time a language is used, so no build artifact (``.mo``)
is committed or needed.  Money, numbers and dates are formatted by Babel.
"""

from __future__ import annotations

import datetime as _dt
import gettext as _gettext
import io
import locale
import logging
import threading
from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import TYPE_CHECKING

from b24desk import paths

if TYPE_CHECKING:
    from babel import Locale

# Babel is imported where it formats or reads a catalog, never at import: the window
# paints before it is needed (issue #18, first paint early).

log = logging.getLogger(__name__)

#: The languages b24desk speaks, with their own names (never translated).
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español", "ru": "Русский"}
DEFAULT_LANGUAGE = "en"

_lock = threading.Lock()
_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated later, where it is shown."""
    return message


@cache
def translation(lang: str) -> _gettext.NullTranslations:
    """The catalog of ``lang`` ("en", "es" or "ru"); English is the source text."""
    lang = normalize_language(lang)
    if lang == DEFAULT_LANGUAGE:
        return _gettext.NullTranslations()
    from b24desk.pofile import compile_po  # not Babel: the window paints first

    po_path = paths.translations_dir() / f"{lang}.po"
    try:
        compiled = compile_po(po_path)
    except OSError:
        log.warning("no catalog for %s at %s; falling back to English", lang, po_path)
        return _gettext.NullTranslations()
    return _gettext.GNUTranslations(io.BytesIO(compiled))


def normalize_language(lang: str | None) -> str:
    """Map "es_MX", "ru-RU", "EN" … to one of :data:`LANGUAGES`; else English."""
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def system_language() -> str:
    """The operating system's language when it is one of ours, else English."""
    try:
        loc = locale.getlocale()[0]
    except ValueError:
        loc = None
    return normalize_language(loc)


def current_language() -> str:
    return _current


def set_language(lang: str) -> str:
    """Make ``lang`` the desk language and tell every listener; returns the code used."""
    global _current
    code = normalize_language(lang)
    translation(code)  # load (and validate) before switching
    with _lock:
        changed = code != _current
        _current = code
        listeners = list(_listeners)
    if changed:
        for listener in listeners:
            listener(code)
    return code


def add_language_listener(callback: Callable[[str], None]) -> None:
    """Call ``callback(lang)`` after every language change (the Qt adapter uses this)."""
    with _lock:
        _listeners.append(callback)


def remove_language_listener(callback: Callable[[str], None]) -> None:
    with _lock:
        if callback in _listeners:
            _listeners.remove(callback)


def _(message: str) -> str:
    """Translate ``message`` into the desk language."""
    return translation(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate with the desk language's plural rules (Russian has three forms)."""
    return translation(_current).ngettext(singular, plural, n)


def babel_locale(lang: str | None = None) -> Locale:
    """The Babel locale used for formatting in ``lang`` (default: the desk language)."""
    return _locale_for(normalize_language(lang or _current))


#: Regional defaults that match the offices we serve: NZ English, Spain, Russia.
_REGIONS = {"en": "en_NZ", "es": "es_ES", "ru": "ru_RU"}


def locale_name(lang: str | None = None) -> str:
    """The regional locale of ``lang`` (default: the desk language), "en_NZ", without
    Babel: what Qt's own default locale is set to before the window paints."""
    return _REGIONS[normalize_language(lang or _current)]


@cache
def _locale_for(code: str) -> Locale:
    from babel import Locale

    return Locale.parse(_REGIONS[code])


def currency_digits(currency: str) -> int:
    """Minor-unit digits of ``currency`` (JPY 0, EUR 2, KWD 3)."""
    from babel import numbers as _numbers

    return _numbers.get_currency_precision(currency.upper())


def format_money(amount: Decimal | int, currency: str, lang: str | None = None) -> str:
    """``amount`` in ``currency``, Babel-formatted for ``lang``, at the currency's precision."""
    from babel import numbers as _numbers

    if isinstance(amount, float):
        raise TypeError("money must be Decimal, not float")
    code = currency.upper()
    # Round half up to the minor unit ourselves: Babel would round half to even.
    rounded = Decimal(amount).quantize(
        Decimal(1).scaleb(-currency_digits(code)), rounding=ROUND_HALF_UP
    )
    return _numbers.format_currency(rounded, code, locale=babel_locale(lang), currency_digits=True)


def format_decimal(value: Decimal | int, lang: str | None = None, digits: int | None = None) -> str:
    """A plain number (quantities, percentages) in ``lang``'s notation."""
    from babel import numbers as _numbers

    fmt = None
    if digits is not None:
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return _numbers.format_decimal(Decimal(value), format=fmt, locale=babel_locale(lang))


def format_compact(value: Decimal | int, lang: str | None = None) -> str:
    """A number shortened for a narrow place: 14 250 → "14K" / "14 mil" / "14 тыс."."""
    from babel import numbers as _numbers

    return _numbers.format_compact_decimal(
        Decimal(value), format_type="short", locale=babel_locale(lang), fraction_digits=0
    )


def format_percent(fraction: Decimal, lang: str | None = None) -> str:
    """``Decimal("0.15")`` → "15%" (or "15 %" in Spanish and Russian)."""
    from babel import numbers as _numbers

    return _numbers.format_percent(Decimal(fraction), format="#,##0.##%", locale=babel_locale(lang))


# One way to write a date and a time in each language (issue #15): Babel's medium
# date, with the year, and its short time, in lists, Today, details, documents and
# date fields alike.  Everything the desk shows goes through these three.
DATE_FORMAT = "medium"
TIME_FORMAT = "short"


def format_date(d: date, lang: str | None = None, format: str = DATE_FORMAT) -> str:
    """A date in ``lang``: "21 Nov 2026", "21 nov 2026", "21 нояб. 2026 г."."""
    from babel import dates as _dates

    return _dates.format_date(d, format=format, locale=babel_locale(lang))


def _local(dt: datetime, tzinfo: _dt.tzinfo | None) -> datetime:
    zone = tzinfo or dt.tzinfo
    return dt.astimezone(zone) if zone is not None and dt.tzinfo is not None else dt


def format_time(dt: datetime, lang: str | None = None, tzinfo: _dt.tzinfo | None = None) -> str:
    """The time of day of ``dt`` in ``lang`` ("2:30 pm", "14:30"), shown in ``tzinfo``."""
    from babel import dates as _dates

    local = _local(dt, tzinfo)
    return _dates.format_time(
        local.replace(tzinfo=None), format=TIME_FORMAT, locale=babel_locale(lang)
    )


def format_datetime(dt: datetime, lang: str | None = None, tzinfo: _dt.tzinfo | None = None) -> str:
    """A moment in ``lang``, shown in ``tzinfo`` (default: its own zone): the date as
    :func:`format_date` writes it, then the time: "3 Dec 2026, 2:30 pm",
    "3 dic 2026, 14:30", "3 дек. 2026 г., 14:30"."""
    local = _local(dt, tzinfo)
    glue = str(babel_locale(lang).datetime_formats[DATE_FORMAT])
    return glue.replace("{1}", format_date(local.date(), lang)).replace(
        "{0}", format_time(local, lang)
    )


#: CLDR date pattern letters and what Qt's QDateTime formats call them.
_QT_DATE_FIELDS = {
    "d": "d", "dd": "dd",
    "M": "M", "MM": "MM", "MMM": "MMM", "MMMM": "MMMM",
    "L": "M", "LL": "MM", "LLL": "MMM", "LLLL": "MMMM",
    "y": "yyyy", "yyyy": "yyyy", "yy": "yy",
    "E": "ddd", "EEE": "ddd", "EEEE": "dddd",
}  # fmt: skip


def qt_date_pattern(lang: str | None = None) -> str:
    """The medium date pattern of ``lang`` in Qt's notation, for date fields to read
    as :func:`format_date` writes ("d MMM yyyy", "d MMM yyyy 'г'.")."""
    pattern = babel_locale(lang).date_formats[DATE_FORMAT].pattern
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":  # a quoted literal ('' is a quote): the same in Qt
            end = pattern.find("'", i + 1)
            end = len(pattern) - 1 if end < 0 else end
            out.append(pattern[i : end + 1])
            i = end + 1
        elif char.isalpha():
            j = i
            while j < len(pattern) and pattern[j] == char:
                j += 1
            run = pattern[i:j]
            out.append(_QT_DATE_FIELDS.get(run, "'" + run + "'"))
            i = j
        else:
            out.append(char)
            i += 1
    return "".join(out)
