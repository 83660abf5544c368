"""Checking and normalising what people type: portal addresses, e-mails, coupon
codes, money, dates, currencies, languages and countries.

Every check either returns the normalised value or raises
:class:`~b24desk.domain.errors.ValidationError` naming the field, with a message
translated into the desk language.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sized
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TypeVar
from urllib.parse import urlsplit

from babel import Locale
from babel import numbers as _numbers

from b24desk.domain.errors import (
    FIELD_LABELS,
    ErrorCollector,
    ValidationError,
    ValidationErrors,
    field_label,
)
from b24desk.i18n import LANGUAGES, _, currency_digits

__all__ = [
    "BITRIX24_CLOUD_TLDS",
    "FIELD_LABELS",
    "ErrorCollector",
    "ValidationError",
    "ValidationErrors",
    "email_domain",
    "field_label",
    "is_bitrix24_cloud",
    "normalize_host",
    "normalize_portal_url",
    "parse_decimal",
    "same_domain_warning",
    "validate_country",
    "validate_coupon_code",
    "validate_currency",
    "validate_date_order",
    "validate_email",
    "validate_language",
    "validate_money",
    "validate_required",
    "validate_text",
]

T = TypeVar("T")

# --------------------------------------------------------------------------- hosts

_LABEL_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_TLD_RE = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


def normalize_host(host: str) -> str | None:
    """``host`` lower-cased (IDN as punycode) if it is a valid DNS name or IP address.

    A DNS name needs at least two labels and an alphabetic top-level label;
    ``localhost`` is accepted for on-premise test installations.  ``None`` if invalid.
    """
    host = host.strip().rstrip(".")
    if not host:
        return None
    if host.startswith("[") and host.endswith("]"):
        try:
            return f"[{ipaddress.IPv6Address(host[1:-1]).compressed}]"
        except ValueError:
            return None
    try:
        return str(ipaddress.IPv4Address(host))
    except ValueError:
        pass
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    if host == "localhost":
        return host
    if len(host) > 253:
        return None
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL_RE.match(label) for label in labels):
        return None
    if not _TLD_RE.match(labels[-1]):
        return None
    return host


# --------------------------------------------------------------------------- portals

#: Top-level domains of the Bitrix24 cloud (001 §15.2 and the regional sites).
BITRIX24_CLOUD_TLDS: frozenset[str] = frozenset(
    {
        "com", "eu", "de", "es", "com.br", "br", "mx", "co", "fr", "it", "pl", "ru",
        "ua", "by", "kz", "in", "cn", "tr", "com.tr", "jp", "vn", "id", "uk", "co.uk",
        "ae", "site", "net",
    }
)  # fmt: skip

#: Hosts under bitrix24.<tld> that are the vendor's own sites, never a portal.
_VENDOR_HOSTS = frozenset({"www", "partners", "store", "helpdesk", "apps", "marketplace"})

_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_portal_url(url: str, field: str = "portal_url") -> str:
    """The portal address in its stored form: ``scheme://host[:port]``.

    Accepts ``acme.bitrix24.com``, ``HTTPS://Acme.Bitrix24.COM/`` or
    ``http://crm.example.es/``: the scheme is kept when given (http or https only)
    and defaults to https; the host is lower-cased (IDN → punycode); a port is kept
    unless it is the scheme's default (on-premise installations use others); a single
    trailing slash is dropped.  Paths, queries, fragments, user names, spaces and
    other schemes are rejected.
    """
    if not isinstance(url, str) or not url.strip():
        raise ValidationError(field, _("{field} is required.").format(field=field_label(field)))
    raw = url.strip()
    invalid = ValidationError(
        field,
        _("{field}: \u201c{value}\u201d is not a valid portal address.").format(
            field=field_label(field), value=raw
        ),
    )
    if any(ch.isspace() for ch in raw):
        raise invalid
    if "://" in raw:
        scheme, rest = raw.split("://", 1)
        scheme = scheme.lower()
        if scheme not in _DEFAULT_PORTS:
            raise ValidationError(
                field,
                _("{field}: the address must start with https:// or http://.").format(
                    field=field_label(field)
                ),
            )
    else:
        if raw.startswith("/"):
            raise invalid
        scheme, rest = "https", raw
    if rest.endswith("/"):
        rest = rest[:-1]
    if not rest or any(ch in rest for ch in "/?#@\\"):
        raise invalid
    try:
        parts = urlsplit(f"{scheme}://{rest}")
        port = parts.port
    except ValueError:
        raise invalid from None
    hostname = parts.netloc.rsplit(":", 1)[0] if port is not None else parts.netloc
    if parts.netloc.endswith(":"):
        raise invalid
    host = normalize_host(hostname)
    if host is None or port == 0:
        raise invalid
    netloc = host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{host}:{port}"
    return f"{scheme}://{netloc}"


def is_bitrix24_cloud(url: str) -> bool:
    """Whether ``url`` is a Bitrix24 cloud portal (``<name>.bitrix24.<tld>``)."""
    try:
        normalized = normalize_portal_url(url)
    except ValidationError:
        return False
    host = normalized.split("://", 1)[1]
    if ":" in host:
        return False
    labels = host.split(".")
    for i, label in enumerate(labels):
        if label == "bitrix24" and i == 1:
            tld = ".".join(labels[i + 1 :])
            return tld in BITRIX24_CLOUD_TLDS and labels[0] not in _VENDOR_HOSTS
    return False


# --------------------------------------------------------------------------- e-mail

_LOCAL_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")


def validate_email(value: str, field: str = "email") -> str:
    """A pragmatic e-mail check; returns the address trimmed, its domain lower-cased.

    The local part is the usual unquoted ASCII form (no leading, trailing or double
    dots, at most 64 characters); the domain must be a DNS name with a dot.
    """
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, _("{field} is required.").format(field=field_label(field)))
    raw = value.strip()
    invalid = ValidationError(
        field,
        _("{field}: \u201c{value}\u201d is not a valid e-mail address.").format(
            field=field_label(field), value=raw
        ),
    )
    if raw.count("@") != 1 or len(raw) > 254:
        raise invalid
    local, domain = raw.split("@")
    if not local or len(local) > 64 or not _LOCAL_RE.match(local):
        raise invalid
    host = normalize_host(domain)
    if host is None or host == "localhost" or host[0] == "[" or host[-1].isdigit():
        raise invalid
    return f"{local}@{host}"


def email_domain(email: str) -> str:
    """The lower-cased domain of ``email`` (the part after the last ``@``)."""
    if not isinstance(email, str) or "@" not in email:
        raise ValidationError(
            "email",
            _("{field}: \u201c{value}\u201d is not a valid e-mail address.").format(
                field=field_label("email"), value=email
            ),
        )
    return email.strip().rsplit("@", 1)[1].strip().rstrip(".").lower()


def _domain_of(value: str) -> str:
    value = value.strip().lower()
    if "@" in value:
        value = value.rsplit("@", 1)[1]
    if "://" in value:
        value = value.split("://", 1)[1]
    value = value.split("/", 1)[0].split(":", 1)[0].rstrip(".")
    return value.removeprefix("www.")


def same_domain_warning(client_email: str | None, office_email_or_domain: str | None) -> bool:
    """Whether the client's e-mail uses the office's own domain (001 §2.3.2).

    ``office_email_or_domain`` may be an e-mail, a bare domain or a web address.
    A client domain that is the office's domain or one of its sub-domains warns.
    Empty values never warn.
    """
    if not client_email or not office_email_or_domain:
        return False
    client = _domain_of(client_email)
    office = _domain_of(office_email_or_domain)
    if not client or not office:
        return False
    return client == office or client.endswith("." + office)


# --------------------------------------------------------------------------- coupons

_COUPON_RE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
COUPON_MIN_LENGTH = 6
COUPON_MAX_LENGTH = 40


def validate_coupon_code(code: str, field: str = "coupon_code") -> str:
    """A coupon code trimmed and upper-cased.

    Format: 6–40 characters of A–Z and 0–9 in groups joined by single hyphens (no
    leading, trailing or double hyphen), e.g. ``B24-ABCD-EFGH-1234`` or a long
    alphanumeric vendor code.  Spaces inside the code are rejected.
    """
    if not isinstance(code, str) or not code.strip():
        raise ValidationError(field, _("{field} is required.").format(field=field_label(field)))
    value = code.strip().upper()
    if not COUPON_MIN_LENGTH <= len(value) <= COUPON_MAX_LENGTH or not _COUPON_RE.match(value):
        raise ValidationError(
            field,
            _(
                "{field}: \u201c{value}\u201d is not a valid code: use {min}\u2013{max} "
                "letters, digits and single hyphens."
            ).format(
                field=field_label(field),
                value=code.strip(),
                min=COUPON_MIN_LENGTH,
                max=COUPON_MAX_LENGTH,
            ),
        )
    return value


# --------------------------------------------------------------------------- money

_GROUPING_CHARS = re.compile(r"[\s'\u2019\u00a0\u202f\u2009]")
_NUMBER_RE = re.compile(r"^[0-9.,]+$")


def parse_decimal(
    text: str, field: str = "amount", *, decimal_digits: int | None = None
) -> Decimal:
    """Parse a number typed in English, Spanish or Russian notation.

    Spaces (also no-break and thin), apostrophes, and the separator that is not
    the decimal one group digits.  When both ``,`` and ``.`` occur, the last one is
    the decimal separator; a separator occurring several times groups thousands.
    A lone separator is the decimal separator, except that a lone ``,`` or ``.``
    followed by exactly three digits after a non-zero integer part is ambiguous
    ("1,234") when the currency has fewer than three decimals
    (``decimal_digits``): that is refused.  Without a currency a lone ``.`` is
    always decimal (the plain notation) and a lone ``,`` too.
    """
    invalid = ValidationError(
        field,
        _("{field}: \u201c{value}\u201d is not a valid amount.").format(
            field=field_label(field), value=text
        ),
    )
    raw = _GROUPING_CHARS.sub("", text.strip())
    sign = ""
    if raw and raw[0] in "+-":
        sign, raw = ("-" if raw[0] == "-" else ""), raw[1:]
    if not raw or not _NUMBER_RE.match(raw):
        raise invalid
    last_comma, last_dot = raw.rfind(","), raw.rfind(".")
    if last_comma >= 0 and last_dot >= 0:
        dec = "," if last_comma > last_dot else "."
        group = "." if dec == "," else ","
        if raw.count(dec) != 1:
            raise invalid
        int_part, frac = raw.split(dec)
        int_part = _ungroup(int_part, group, invalid)
    elif last_comma >= 0 or last_dot >= 0:
        sep = "," if last_comma >= 0 else "."
        if raw.count(sep) > 1:
            int_part, frac = _ungroup(raw, sep, invalid), ""
        else:
            int_part, frac = raw.split(sep)
            ambiguous = (
                len(frac) == 3
                and int_part.strip("0") != ""
                and len(int_part) <= 3
                and decimal_digits is not None
                and decimal_digits < 3
            )
            if ambiguous:
                raise ValidationError(
                    field,
                    _(
                        "{field}: \u201c{value}\u201d is ambiguous; write the amount "
                        "without thousands separators."
                    ).format(field=field_label(field), value=text),
                )
    else:
        int_part, frac = raw, ""
    if not (int_part or frac) or not (int_part + frac).isdigit():
        raise invalid
    try:
        return Decimal(f"{sign}{int_part or '0'}" + (f".{frac}" if frac else ""))
    except InvalidOperation:
        raise invalid from None


def _ungroup(digits: str, sep: str, invalid: ValidationError) -> str:
    groups = digits.split(sep)
    if (
        not groups[0]
        or len(groups[0]) > 3
        or any(len(g) != 3 for g in groups[1:])
        or not all(g.isdigit() for g in groups)
    ):
        raise invalid
    return "".join(groups)


def validate_money(
    value: Decimal | int | str,
    field: str,
    currency: str | None = None,
    allow_zero: bool = True,
) -> Decimal:
    """An amount of money as :class:`~decimal.Decimal`, never negative.

    Accepts ``Decimal``, ``int`` or text ("1 234,50", "1,234.50", "1234.5", see
    :func:`parse_decimal`).  A ``float`` (or ``bool``) is a programming error:
    :class:`TypeError`.  NaN, infinities, negatives (and zero unless
    ``allow_zero``) raise :class:`ValidationError`.  With ``currency`` the amount is
    rounded half up to the currency's minor unit (JPY 0, EUR 2, KWD 3).
    """
    if isinstance(value, float | bool):
        raise TypeError(f"{field}: money must be Decimal, int or str, not {type(value).__name__}")
    digits = currency_digits(currency) if currency else None
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        if not value.strip():
            raise ValidationError(field, _("{field} is required.").format(field=field_label(field)))
        amount = parse_decimal(value, field, decimal_digits=digits)
    else:
        raise TypeError(f"{field}: money must be Decimal, int or str, not {type(value).__name__}")
    if not amount.is_finite():
        raise ValidationError(
            field,
            _("{field}: \u201c{value}\u201d is not a valid amount.").format(
                field=field_label(field), value=value
            ),
        )
    if amount < 0:
        raise ValidationError(
            field, _("{field} must not be negative.").format(field=field_label(field))
        )
    if digits is not None:
        try:
            amount = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        except InvalidOperation:  # more digits than a Decimal context holds
            raise ValidationError(
                field,
                _("{field}: \u201c{value}\u201d is too large an amount.").format(
                    field=field_label(field), value=value
                ),
            ) from None
    if amount == 0:
        if not allow_zero:
            raise ValidationError(
                field, _("{field} must be more than zero.").format(field=field_label(field))
            )
        amount = abs(amount)  # no "-0"
    return amount


# --------------------------------------------------------------------------- generic


def validate_date_order(
    start: date | None, end: date | None, start_field: str, end_field: str
) -> None:
    """``end`` must not be before ``start`` (either may be missing: nothing to check).

    The error names ``end_field``, the one to correct.
    """
    if start is None or end is None:
        return
    if end < start:
        raise ValidationError(
            end_field,
            _("{end} must not be before {start}.").format(
                end=field_label(end_field), start=field_label(start_field)
            ),
        )


def validate_required(value: T | None, field: str) -> T:
    """``value`` unless it is missing: ``None``, blank text or an empty collection.

    Text is returned trimmed.
    """
    if (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, Sized) and not isinstance(value, str) and len(value) == 0)
    ):
        raise ValidationError(field, _("{field} is required.").format(field=field_label(field)))
    if isinstance(value, str):
        return value.strip()  # type: ignore[return-value]
    return value


_NOT_CURRENCIES = frozenset({"XXX", "XTS"})


def validate_currency(code: str, field: str = "currency") -> str:
    """An ISO 4217 currency code known to Babel, upper-cased ("nzd" → "NZD")."""
    value = code.strip().upper() if isinstance(code, str) else ""
    if (
        len(value) != 3
        or not value.isalpha()
        or value in _NOT_CURRENCIES
        or not _numbers.is_currency(value)
    ):
        raise ValidationError(
            field,
            _("{field}: \u201c{value}\u201d is not a known currency code.").format(
                field=field_label(field), value=code
            ),
        )
    return value


def validate_language(code: str, field: str = "language") -> str:
    """One of the document languages b24desk writes: "en", "es" or "ru"."""
    value = code.strip().lower() if isinstance(code, str) else ""
    if value not in LANGUAGES:
        raise ValidationError(
            field,
            _("{field}: \u201c{value}\u201d is not supported; choose one of {choices}.").format(
                field=field_label(field), value=code, choices=", ".join(LANGUAGES)
            ),
        )
    return value


# Babel territory codes that are not countries.
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})


def validate_country(code: str, field: str = "country") -> str:
    """An ISO 3166-1 alpha-2 country code known to Babel, upper-cased ("nz" → "NZ")."""
    value = code.strip().upper() if isinstance(code, str) else ""
    territories = Locale.parse("en").territories
    if (
        len(value) != 2
        or not value.isalpha()
        or value in _NOT_COUNTRIES
        or value not in territories
    ):
        raise ValidationError(
            field,
            _("{field}: \u201c{value}\u201d is not a known country code.").format(
                field=field_label(field), value=code
            ),
        )
    return value


# --------------------------------------------------------------------------- text

#: Characters no stored text may hold: C0 control characters (NUL among them, which
#: PostgreSQL refuses outright) and lone surrogates (not encodable as UTF-8).
_FORBIDDEN_LINE = re.compile(r"[\x00-\x1f\ud800-\udfff]")
#: In multi-line text (addresses, descriptions, notes) tab, newline and carriage
#: return are allowed.
_FORBIDDEN_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _describe_char(char: str) -> str:
    names = {"\x00": "NUL", "\t": _("a tab"), "\n": _("a line break"), "\r": _("a line break")}
    return names.get(char, f"U+{ord(char):04X}")


def validate_text(
    value: str, field: str, max_length: int | None = None, multiline: bool = False
) -> str:
    """``value`` unchanged if it may be stored as text of ``field``, the same on
    SQLite and PostgreSQL: at most ``max_length`` characters (None: no limit) and no
    control characters (tab and line breaks are allowed when ``multiline``).
    Raises :class:`ValidationError` naming the field."""
    forbidden = (_FORBIDDEN_MULTILINE if multiline else _FORBIDDEN_LINE).search(value)
    if forbidden is not None:
        raise ValidationError(
            field,
            _(
                "{field} contains a control character ({char}) at position {position}: "
                "remove it."
            ).format(
                field=field_label(field),
                char=_describe_char(forbidden.group()),
                position=forbidden.start() + 1,
            ),
        )
    if max_length is not None and len(value) > max_length:
        raise ValidationError(
            field,
            _("{field} is too long: {length} characters, at most {limit} are allowed.").format(
                field=field_label(field), length=len(value), limit=max_length
            ),
        )
    return value


# --------------------------------------------------------------------------- bank codes

_IBAN_RE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
_SWIFT_RE = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$")


def validate_iban(value: str, field: str = "iban") -> str:
    """An IBAN (ISO 13616) written without spaces in capitals, its check digits right
    (mod 97 = 1); empty stays empty (New Zealand banks have none)."""
    iban = re.sub(r"[\s-]", "", value or "").upper()
    if not iban:
        return ""
    if not _IBAN_RE.match(iban):
        raise ValidationError(
            field, _("An IBAN is two letters, two digits and up to 30 letters or digits.")
        )
    digits = "".join(str(int(char, 36)) for char in iban[4:] + iban[:4])
    if int(digits) % 97 != 1:
        raise ValidationError(field, _("This IBAN's check digits are wrong: check for a typo."))
    return iban


def validate_swift(value: str, field: str = "swift") -> str:
    """A SWIFT/BIC code (ISO 9362): 8 or 11 letters and digits, in capitals; empty
    stays empty."""
    code = re.sub(r"\s", "", value or "").upper()
    if code and not _SWIFT_RE.match(code):
        raise ValidationError(
            field, _("A SWIFT/BIC code has 8 or 11 letters and digits, such as ANZBNZ22.")
        )
    return code
