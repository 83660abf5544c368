"""The office's own settings (one row) and what derives from them."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import time
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, cast

from b24desk.domain.errors import ErrorCollector, ValidationError
from b24desk.domain.sla import BusinessCalendar
from b24desk.domain.validation import (
    parse_decimal,
    validate_country,
    validate_currency,
    validate_email,
    validate_iban,
    validate_language,
    validate_swift,
)
from b24desk.i18n import LANGUAGES, N_, _, ngettext
from b24desk.store import events
from b24desk.store.db import transaction
from b24desk.store.errors import StaleRecordError, StoreError
from b24desk.store.mail_account import SMTP_FIELDS, SMTP_LABELS, smtp_validators
from b24desk.store.models import OFFICE_TEXT_KINDS, ClosedDay, Office, OfficeText
from b24desk.store.text_limits import check_text


def _holidays() -> Any:
    """The ``holidays`` package, imported when first needed (it takes ~0.15 s, which
    start-up should not pay before the window shows)."""
    import holidays

    return holidays


def get_office() -> Office:
    """The office row (created with the schema, so it always exists).

    Read often (every SLA calendar, every page of the ticket queue): the SELECT of its
    fifty-odd columns is written once per kind of database, not on every call."""
    db = Office._meta.database
    sql, params = _office_select(type(getattr(db, "obj", db)).__name__)
    office = next(iter(Office.raw(sql, *params)), None)
    if office is None:
        raise StoreError(_("The office settings are missing from the database."))
    return cast(Office, office)


@cache
def _office_select(engine: str) -> tuple[str, list[Any]]:
    sql, params = Office.select().where(Office.id == 1).sql()
    return sql, list(params)


def workdays_of(office: Office) -> tuple[int, ...]:
    return tuple(int(d) for d in office.workdays.split(",") if d.strip() != "")


def _as_time(value: object) -> time:
    if isinstance(value, time):
        return value
    return time.fromisoformat(str(value))


def business_calendar(office: Office | None = None) -> BusinessCalendar:
    """The SLA calendar of the office: its zone, holidays, hours and closed days."""
    office = office or get_office()
    closed = [row.day for row in ClosedDay.select(ClosedDay.day)]
    return BusinessCalendar(
        timezone=office.timezone,
        country=office.holiday_country,
        subdivision=office.holiday_subdivision or None,
        opens=_as_time(office.opens),
        closes=_as_time(office.closes),
        workdays=workdays_of(office),
        closed_days=closed,
    )


# --------------------------------------------------------------------------- settings

def text_key(kind: str, language: str) -> str:
    """The setting of an office text in one document language ("refund_policy_es")."""
    return f"{kind}_{language}"


def office_texts() -> dict[str, str]:
    """The office's texts per document language, by :func:`text_key` (each setting
    present, empty when none was written)."""
    texts = {text_key(k, lang): "" for k in OFFICE_TEXT_KINDS for lang in LANGUAGES}
    for row in OfficeText.select():
        texts[text_key(row.kind, row.language)] = row.text
    return texts


def office_text(kind: str, language: str, office: Office | None = None) -> str:
    """What a document in ``language`` prints for ``kind``: the office's text in that
    language, else the office's own column (whose default is a catalog message the
    PDF translates)."""
    row = OfficeText.get_or_none((OfficeText.kind == kind) & (OfficeText.language == language))
    if row is not None and row.text.strip():
        return str(row.text)
    return str(getattr(office or get_office(), kind))


#: Every setting :func:`update_office` accepts (the Office columns of the dialog).
OFFICE_FIELDS = (
    "name",
    "address",
    "country",
    "tax_number",
    "email",
    "phone",
    "website",
    "logo_path",
    "bank_details",
    "iban",
    "swift",
    "refund_policy",
    *(text_key(kind, language) for kind in OFFICE_TEXT_KINDS for language in LANGUAGES),
    "default_currency",
    "default_tax_rate",
    "invoice_prefix",
    "credit_note_prefix",
    "invoice_due_days",
    "quote_prefix",
    "quote_valid_days",
    "print_home_amount",
    "timezone",
    "holiday_country",
    "holiday_subdivision",
    "opens",
    "closes",
    "workdays",
    "grace_days",
    "renewal_lead_days",
    "interface_language",
    "backup_keep_daily",
    "backup_keep_monthly",
    *SMTP_FIELDS,
)

#: The per-language text settings: key → (kind, language).
TEXT_KEYS: dict[str, tuple[str, str]] = {
    text_key(kind, language): (kind, language)
    for kind in OFFICE_TEXT_KINDS
    for language in LANGUAGES
}

#: Human names of the settings (translated where shown).
OFFICE_LABELS: dict[str, str] = {
    "name": N_("Company name"),
    "address": N_("Address"),
    "country": N_("Country"),
    "tax_number": N_("Tax number"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "website": N_("Website"),
    "logo_path": N_("Logo"),
    "bank_details": N_("Bank details"),
    "iban": N_("IBAN"),
    "swift": N_("SWIFT/BIC"),
    "refund_policy": N_("Refund policy"),
    # It is the office's home currency: reports and home-currency amounts use it.
    "default_currency": N_("Home currency"),
    "default_tax_rate": N_("Tax rate"),
    "invoice_prefix": N_("Invoice prefix"),
    "credit_note_prefix": N_("Credit note prefix"),
    # The spin boxes of days say "14 days" themselves: no unit in the label.
    "invoice_due_days": N_("Payment due in"),
    "timezone": N_("Time zone"),
    "holiday_country": N_("Public holidays of"),
    "holiday_subdivision": N_("Region"),
    "opens": N_("Opens at"),
    "closes": N_("Closes at"),
    "workdays": N_("Working days"),
    "grace_days": N_("Grace period"),
    "renewal_lead_days": N_("Renewal drafts ahead"),
    "quote_prefix": N_("Quote prefix"),
    "quote_valid_days": N_("Quotes valid for"),
    "print_home_amount": N_("Home-currency total"),
    "interface_language": N_("Interface language"),
    "backup_keep_daily": N_("Daily copies kept"),
    "backup_keep_monthly": N_("Monthly copies kept"),
    **SMTP_LABELS,
}

MAX_DUE_DAYS = 365
MAX_GRACE_DAYS = 30  # 000 says 15, 004 up to 30 (domain.md §2)
#: Bounds of the backup copies kept (at least today's daily copy).
MAX_DAILY_BACKUPS = 366
MAX_MONTHLY_BACKUPS = 120
MAX_PREFIX_LENGTH = 20
#: How far ahead renewal drafts are prepared, and how long a quote is valid (days).
MAX_RENEWAL_LEAD_DAYS = 365
MAX_QUOTE_VALID_DAYS = 365
_PREFIX_RE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")


def office_label(key: str) -> str:
    """The translated name of a setting ("Refund policy (Español)" for a text in
    one document language)."""
    if key in TEXT_KEYS:
        kind, language = TEXT_KEYS[key]
        return _("{setting} ({language})").format(
            setting=_(OFFICE_LABELS[kind]), language=LANGUAGES[language]
        )
    return _(OFFICE_LABELS[key]) if key in OFFICE_LABELS else key


@cache
def time_zones() -> tuple[str, ...]:
    """Every IANA time zone name the zone database knows, sorted."""
    return tuple(sorted(zoneinfo.available_timezones()))


@cache
def holiday_countries() -> dict[str, tuple[str, ...]]:
    """Country code → subdivision codes, for every country of the ``holidays`` package."""
    return {
        code: tuple(subdivs)
        for code, subdivs in _holidays().list_supported_countries(include_aliases=False).items()
    }


@cache
def _subdivision_aliases(country: str) -> dict[str, tuple[str, ...]]:
    try:
        calendar = _holidays().country_holidays(country)
    except NotImplementedError:
        return {}
    aliases = getattr(calendar, "get_subdivision_aliases", None)
    if aliases is None:
        return {}
    return {code: tuple(names) for code, names in aliases().items()}


def holiday_subdivisions(country: str) -> list[tuple[str, str]]:
    """``(code, name)`` of the regions with their own public holidays in ``country``
    (the name is the package's first alias, else the code itself)."""
    aliases = _subdivision_aliases(country)
    out = []
    for code in holiday_countries().get(country, ()):
        names = aliases.get(code, ())
        out.append((code, names[0] if names else code))
    return out


def _normalize_subdivision(country: str, value: str) -> str | None:
    """The package's code for ``value`` (a code in any case, or a region's name)."""
    codes = holiday_countries().get(country, ())
    if value in codes:
        return value
    folded = value.casefold()
    for code in codes:
        if code.casefold() == folded:
            return code
    for code, names in _subdivision_aliases(country).items():
        if code in codes and any(name.casefold() == folded for name in names):
            return code
    return None


def _as_int(value: object, field: str, low: int, high: int, *, days: bool = False) -> int:
    """A whole number from ``low`` to ``high``; ``days``: a number of days (the
    field's label names no unit, the message does)."""
    if isinstance(value, bool):
        raise TypeError(f"{field} must be an int")
    try:
        number = int(str(value).strip()) if isinstance(value, str) else int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        if days:
            message = ngettext(
                "{field}: a whole number of days from {low} to {high}.",
                "{field}: a whole number of days from {low} to {high}.",
                high,
            )
        else:
            message = _("{field} must be a whole number from {low} to {high}.")
        raise ValidationError(
            field, message.format(field=office_label(field), low=low, high=high)
        )
    return number


def _as_bool(value: object, field: str) -> bool:
    """A yes/no setting: a bool, or yes/no, true/false, 1/0, on/off as typed."""
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in {"1", "true", "yes", "on", "y"}:
        return True
    if text in {"0", "false", "no", "off", "n", ""}:
        return False
    raise ValidationError(field, _("{field}: write yes or no.").format(field=office_label(field)))


def _as_rate(value: object, field: str) -> Decimal:
    if isinstance(value, float | bool):
        raise TypeError(f"{field} must be Decimal or str, not {type(value).__name__}")
    out_of_range = ValidationError(
        field, _("{field} must be between 0 and 100 %.").format(field=office_label(field))
    )
    if isinstance(value, str):
        if not value.strip():
            raise out_of_range
        rate = parse_decimal(value, field)
    else:
        rate = Decimal(value)  # type: ignore[arg-type]
    if not rate.is_finite() or not 0 <= rate <= 1:
        raise out_of_range
    return rate


def _as_time_value(value: object, field: str) -> time:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    try:
        return time.fromisoformat(str(value).strip()).replace(second=0, microsecond=0)
    except ValueError:
        raise ValidationError(
            field,
            _("{field}: \u201c{value}\u201d is not a time of day.").format(
                field=office_label(field), value=value
            ),
        ) from None


def _as_workdays(value: object) -> tuple[int, ...]:
    if isinstance(value, str):
        items: Iterable[object] = [v for v in value.split(",") if v.strip()]
    else:
        items = value  # type: ignore[assignment]
    try:
        days = sorted({int(v) for v in items})  # type: ignore[call-overload]
    except (TypeError, ValueError):
        days = [-1]
    if not days:
        raise ValidationError("workdays", _("Choose at least one working day of the week."))
    if not set(days) <= set(range(7)):
        raise ValidationError("workdays", _("A working day must be Monday to Sunday."))
    return tuple(days)


def _prefix(value: object, field: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError(field, _("{field} is required.").format(field=office_label(field)))
    if len(text) > MAX_PREFIX_LENGTH or not _PREFIX_RE.match(text):
        raise ValidationError(
            field,
            _(
                "{field}: use up to {max} letters and digits, groups joined by single hyphens "
                "(e.g. INV or NZ-INV)."
            ).format(field=office_label(field), max=MAX_PREFIX_LENGTH),
        )
    return text


def _relabel(error: ValidationError, field: str) -> ValidationError:
    return ValidationError(field, error.message)


def validate_office(data: Mapping[str, Any], current: Office) -> dict[str, Any]:
    """Check and normalise the settings in ``data`` (a partial update is fine: the
    cross-field rules use the current values for keys not given).  Returns the
    values to store; raises :class:`ValidationErrors` naming each bad setting."""
    unknown = set(data) - set(OFFICE_FIELDS)
    if unknown:
        raise KeyError(f"not office settings: {sorted(unknown)}")
    errors = ErrorCollector()
    out: dict[str, Any] = {}

    def check(key: str, fn: Any) -> None:
        if key in data:
            with errors.check():
                out[key] = fn(data[key])

    for key in ("address", "tax_number", "phone", "bank_details", "refund_policy", "website"):
        check(key, lambda v: str(v or "").strip())
    for key in TEXT_KEYS:
        check(key, lambda v: str(v or "").strip())
    check("iban", lambda v: validate_iban(str(v or ""), "iban"))
    check("swift", lambda v: validate_swift(str(v or ""), "swift"))

    def name(value: object) -> str:
        text = str(value or "").strip()
        if not text:
            raise ValidationError(
                "name", _("{field} is required.").format(field=office_label("name"))
            )
        return text

    def email(value: object) -> str:
        text = str(value or "").strip()
        return validate_email(text, "email") if text else ""

    def country(value: object) -> str:
        try:
            return validate_country(str(value or ""), "country")
        except ValidationError as exc:
            raise _relabel(exc, "country") from None

    def currency(value: object) -> str:
        try:
            return validate_currency(str(value or ""), "currency")
        except ValidationError as exc:
            raise _relabel(exc, "default_currency") from None

    def logo(value: object) -> str:
        text = str(value or "").strip()
        if text and text != current.logo_path and not Path(text).expanduser().is_file():
            raise ValidationError("logo_path", _("There is no file at {path}.").format(path=text))
        return text

    def tz(value: object) -> str:
        text = str(value or "").strip()
        if text not in time_zones():
            raise ValidationError(
                "timezone",
                _("{field}: \u201c{value}\u201d is not a known time zone.").format(
                    field=office_label("timezone"), value=text
                ),
            )
        return text

    def holiday_country(value: object) -> str:
        code = str(value or "").strip().upper()
        if code not in holiday_countries():
            raise ValidationError(
                "holiday_country",
                _("There is no public holiday calendar for \u201c{value}\u201d.").format(
                    value=value
                ),
            )
        return code

    def language(value: object) -> str:
        return validate_language(str(value or ""), "interface_language")

    check("name", name)
    check("email", email)
    check("country", country)
    check("logo_path", logo)
    check("default_currency", currency)
    check("default_tax_rate", lambda v: _as_rate(v, "default_tax_rate"))
    check("invoice_prefix", lambda v: _prefix(v, "invoice_prefix"))
    check("credit_note_prefix", lambda v: _prefix(v, "credit_note_prefix"))
    check("invoice_due_days", lambda v: _as_int(v, "invoice_due_days", 0, MAX_DUE_DAYS, days=True))
    check("timezone", tz)
    check("holiday_country", holiday_country)
    check("opens", lambda v: _as_time_value(v, "opens"))
    check("closes", lambda v: _as_time_value(v, "closes"))
    check("workdays", lambda v: ",".join(str(d) for d in _as_workdays(v)))
    check("grace_days", lambda v: _as_int(v, "grace_days", 0, MAX_GRACE_DAYS, days=True))
    check(
        "renewal_lead_days",
        lambda v: _as_int(v, "renewal_lead_days", 0, MAX_RENEWAL_LEAD_DAYS, days=True),
    )
    check("quote_prefix", lambda v: _prefix(v, "quote_prefix"))
    check(
        "quote_valid_days",
        lambda v: _as_int(v, "quote_valid_days", 1, MAX_QUOTE_VALID_DAYS, days=True),
    )
    check("print_home_amount", lambda v: _as_bool(v, "print_home_amount"))
    check("interface_language", language)
    check("backup_keep_daily", lambda v: _as_int(v, "backup_keep_daily", 1, MAX_DAILY_BACKUPS))
    check(
        "backup_keep_monthly",
        lambda v: _as_int(v, "backup_keep_monthly", 0, MAX_MONTHLY_BACKUPS),
    )
    for key, validator in smtp_validators().items():
        check(key, validator)

    # Cross-field rules, on the values the office would have after the update.
    bad = {e.field for e in errors.errors}
    bcc = out.get("bcc_office", current.bcc_office)
    sender = out.get("sender_email", current.sender_email)
    mail_keys = {"bcc_office", "sender_email"}
    if mail_keys & set(data) and not bad & mail_keys and bcc and not sender:
        errors.add(
            ValidationError(
                "bcc_office",
                _("A blind copy goes to the sender e-mail: type the sender e-mail first."),
            )
        )
    if "holiday_subdivision" in data or "holiday_country" in data:
        raw = str(data.get("holiday_subdivision", current.holiday_subdivision) or "").strip()
        country_code = out.get("holiday_country", current.holiday_country)
        if not raw:
            out["holiday_subdivision"] = None
        elif "holiday_country" not in bad:
            code = _normalize_subdivision(country_code, raw)
            if code is None:
                errors.add(
                    ValidationError(
                        "holiday_subdivision",
                        _(
                            "{country} has no region \u201c{value}\u201d with its own holidays."
                        ).format(country=country_code, value=raw),
                    )
                )
            else:
                out["holiday_subdivision"] = code
    if ("opens" in data or "closes" in data) and not bad & {"opens", "closes"}:
        opens = out.get("opens", _as_time(current.opens))
        closes = out.get("closes", _as_time(current.closes))
        if not opens < closes:
            errors.add(ValidationError("closes", _("Business hours must close after they open.")))
    if ("invoice_prefix" in data or "credit_note_prefix" in data) and not bad & {
        "invoice_prefix",
        "credit_note_prefix",
    }:
        inv = out.get("invoice_prefix", current.invoice_prefix)
        cn = out.get("credit_note_prefix", current.credit_note_prefix)
        if inv.casefold() == cn.casefold():
            errors.add(
                ValidationError(
                    "credit_note_prefix",
                    _("Credit notes need a prefix of their own, not the invoices' one."),
                )
            )
    prefix_keys = {"invoice_prefix", "credit_note_prefix", "quote_prefix"}
    if prefix_keys & set(data) and not bad & prefix_keys:
        quote = out.get("quote_prefix", current.quote_prefix)
        taken = {
            out.get(key, getattr(current, key)).casefold()
            for key in ("invoice_prefix", "credit_note_prefix")
        }
        if quote.casefold() in taken:
            errors.add(
                ValidationError(
                    "quote_prefix",
                    _("Quotes need a prefix of their own, not that of invoices or credit notes."),
                )
            )
    bad = {e.field for e in errors.errors}
    check_text(
        Office, {k: v for k, v in out.items() if k not in bad and k not in TEXT_KEYS}, errors
    )
    errors.raise_if_any()
    return out


def update_office(data: Mapping[str, Any], expected_version: int) -> Office:
    """Save the office settings in ``data`` (keys of :data:`OFFICE_FIELDS`; any subset).

    Validated first (all problems reported at once as :class:`ValidationErrors`),
    then written only if nobody saved the settings since ``expected_version`` was
    read (else :class:`StaleRecordError`); the version goes up by one.
    """
    before = get_office()
    values = validate_office(data, before)
    texts = {key: values.pop(key) for key in TEXT_KEYS if key in values}
    with transaction():
        updated = (
            Office.update(
                {
                    **{getattr(Office, k): v for k, v in values.items()},
                    Office.version: Office.version + 1,
                }
            )
            .where((Office.id == 1) & (Office.version == expected_version))
            .execute()
        )
        if updated != 1:
            raise StaleRecordError(
                _(
                    "The office settings were changed on another desk since you opened "
                    "them. Close the dialog and open the settings again."
                )
            )
        for key, text in texts.items():
            kind, language = TEXT_KEYS[key]
            OfficeText.delete().where(
                (OfficeText.kind == kind) & (OfficeText.language == language)
            ).execute()
            if text:
                OfficeText.create(kind=kind, language=language, text=text)
        office = get_office()
        with events.hold() as held:
            if any(getattr(before, key) != getattr(office, key) for key in CALENDAR_FIELDS):
                # The SLA clock counts other hours now: the tickets module moves every
                # stored due time, in this transaction (it listens; no import of it here).
                events.changing(events.OFFICE_CALENDAR, office)
    events.notify(*held, events.OFFICE)
    return office


#: Settings the SLA business calendar is made of.
CALENDAR_FIELDS = (
    "timezone",
    "holiday_country",
    "holiday_subdivision",
    "opens",
    "closes",
    "workdays",
)
