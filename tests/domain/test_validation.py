"""Checking and normalising what people type."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from b24desk.domain import validation
from b24desk.domain.validation import (
    ErrorCollector,
    ValidationError,
    ValidationErrors,
    email_domain,
    field_label,
    is_bitrix24_cloud,
    normalize_portal_url,
    same_domain_warning,
    validate_country,
    validate_coupon_code,
    validate_currency,
    validate_date_order,
    validate_email,
    validate_language,
    validate_money,
    validate_required,
)

D = Decimal

# --------------------------------------------------------------------------- portals


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("acme.bitrix24.com", "https://acme.bitrix24.com"),
        ("HTTPS://Acme.Bitrix24.COM/", "https://acme.bitrix24.com"),
        ("http://crm.example.es/", "http://crm.example.es"),
        ("  acme.bitrix24.eu  ", "https://acme.bitrix24.eu"),
        ("acme.bitrix24.com.br", "https://acme.bitrix24.com.br"),
        ("https://crm.example.es:8443", "https://crm.example.es:8443"),
        ("https://crm.example.es:443/", "https://crm.example.es"),
        ("http://crm.example.es:80", "http://crm.example.es"),
        ("http://192.168.1.10:8080", "http://192.168.1.10:8080"),
        ("crm.Example.es.", "https://crm.example.es"),
        ("portal.bücher.de", "https://portal.xn--bcher-kva.de"),
    ],
)
def test_normalize_portal_url(raw: str, normalized: str) -> None:
    assert normalize_portal_url(raw) == normalized


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "acme",
        "acme bitrix24.com",
        "ftp://acme.bitrix24.com",
        "mailto:sales@acme.com",
        "javascript:alert(1)",
        "https://",
        "acme.bitrix24.com/crm/",
        "acme.bitrix24.com?lang=es",
        "acme.bitrix24.com#top",
        "admin@acme.bitrix24.com",
        "acme..bitrix24.com",
        "-acme.bitrix24.com",
        "acme_1.bitrix24.com",
        "acme.bitrix24.com:99999",
        "acme.bitrix24.com:0",
        "acme.bitrix24.com:",
        "acme.123",
        "/acme.bitrix24.com",
        "https:/acme.bitrix24.com",
    ],
)
def test_invalid_portal_urls(raw: str) -> None:
    with pytest.raises(ValidationError) as err:
        normalize_portal_url(raw)
    assert err.value.field == "portal_url"
    assert field_label("portal_url") in err.value.message


@pytest.mark.parametrize(
    ("url", "cloud"),
    [
        ("acme.bitrix24.com", True),
        ("https://acme.bitrix24.eu/", True),
        ("acme.bitrix24.de", True),
        ("acme.bitrix24.es", True),
        ("acme.bitrix24.com.br", True),
        ("acme.bitrix24.mx", True),
        ("acme.bitrix24.co", True),
        ("acme.bitrix24.ru", True),
        ("www.bitrix24.com", False),
        ("partners.bitrix24.com", False),
        ("bitrix24.com", False),
        ("acme.bitrix24.example.com", False),
        ("crm.example.es", False),
        ("acme.bitrix24.com:8443", False),
        ("a.b.bitrix24.com", False),
        ("not a url", False),
    ],
)
def test_is_bitrix24_cloud(url: str, cloud: bool) -> None:
    assert is_bitrix24_cloud(url) is cloud


# --------------------------------------------------------------------------- e-mail


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("ana@example.com", "ana@example.com"),
        ("  Ana.Perez@Example.COM ", "Ana.Perez@example.com"),
        ("o'brien+crm@mail.example.co.nz", "o'brien+crm@mail.example.co.nz"),
        ("ivan@пример.рф", "ivan@xn--e1afmkfd.xn--p1ai"),
    ],
)
def test_validate_email(raw: str, clean: str) -> None:
    assert validate_email(raw) == clean


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "ana",
        "ana@",
        "@example.com",
        "ana@example",
        "ana@@example.com",
        "ana@exa mple.com",
        "ana example@example.com",
        ".ana@example.com",
        "ana.@example.com",
        "an..a@example.com",
        "ana@example..com",
        "ana@192.168.1.1",
        "ana@localhost",
        "a" * 65 + "@example.com",
    ],
)
def test_invalid_emails(raw: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_email(raw, field="client_email")
    assert err.value.field == "client_email"


def test_email_domain() -> None:
    assert email_domain("Ana@Example.COM") == "example.com"
    with pytest.raises(ValidationError):
        email_domain("example.com")


@pytest.mark.parametrize(
    ("client", "office", "warn"),
    [
        ("ana@partner.co.nz", "sales@partner.co.nz", True),
        ("ana@Partner.co.nz", "partner.co.nz", True),
        ("ana@partner.co.nz", "https://www.partner.co.nz/", True),
        ("ana@mail.partner.co.nz", "partner.co.nz", True),
        ("ana@client.com", "partner.co.nz", False),
        ("ana@notpartner.co.nz", "partner.co.nz", False),
        ("", "partner.co.nz", False),
        ("ana@client.com", None, False),
    ],
)
def test_same_domain_warning(client: str, office: str | None, warn: bool) -> None:
    assert same_domain_warning(client, office) is warn


# --------------------------------------------------------------------------- coupons


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("b24-abcd-efgh-1234", "B24-ABCD-EFGH-1234"),
        ("  B24-ABCD-EFGH-1234\n", "B24-ABCD-EFGH-1234"),
        ("ABC123", "ABC123"),
        ("x" * 40, "X" * 40),
        ("7f3k9q2m1z8w4r6t5y0u", "7F3K9Q2M1Z8W4R6T5Y0U"),
    ],
)
def test_validate_coupon_code(raw: str, clean: str) -> None:
    assert validate_coupon_code(raw) == clean


@pytest.mark.parametrize(
    "raw",
    ["", "ABC12", "x" * 41, "B24 ABCD EFGH", "-ABCDEF", "ABCDEF-", "ABC--DEF", "ABC_DEF", "ÄBCDEF"],
)
def test_invalid_coupon_codes(raw: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_coupon_code(raw)
    assert err.value.field == "coupon_code"


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("value", "currency", "amount"),
    [
        ("1 234,50", None, D("1234.50")),
        ("1\u00a0234,50", None, D("1234.50")),
        ("1\u202f234,50", "EUR", D("1234.50")),
        ("1,234.50", None, D("1234.50")),
        ("1.234,50", None, D("1234.50")),
        ("1234.5", None, D("1234.5")),
        ("1234,5", None, D("1234.5")),
        ("1.234.567,89", None, D("1234567.89")),
        ("1,234,567", "USD", D("1234567.00")),
        ("0,125", "KWD", D("0.125")),
        ("1,234", "KWD", D("1.234")),
        ("1234.5", "JPY", D("1235")),
        ("1234.565", "EUR", D("1234.57")),
        (" 12 ", None, D("12")),
        ("+5", None, D("5")),
        (".5", None, D("0.5")),
        (D("10.005"), "NZD", D("10.01")),
        (D("10.005"), None, D("10.005")),
        (7, "EUR", D("7.00")),
        (0, None, D(0)),
        ("-0", "EUR", D("0.00")),
    ],
)
def test_validate_money(value: object, currency: str | None, amount: Decimal) -> None:
    result = validate_money(value, "amount", currency)  # type: ignore[arg-type]
    assert result == amount
    assert isinstance(result, Decimal)
    if currency is not None:
        assert result.as_tuple().exponent == amount.as_tuple().exponent


@pytest.mark.parametrize(
    ("value", "currency"),
    [
        ("", None),
        ("abc", None),
        ("12 EUR", None),
        ("€12", None),
        ("1e5", None),
        ("NaN", None),
        ("Infinity", None),
        ("-1", None),
        ("-0.01", "EUR"),
        ("1,2,3", None),
        ("1.23.4", None),
        ("1,234.5,6", None),
        ("1,234", "EUR"),  # ambiguous: 1 234 or 1.234?
        ("1.234", "USD"),
        (".", None),
        (D("NaN"), None),
        (D("Infinity"), None),
        (D("-5"), None),
        (-1, None),
    ],
)
def test_invalid_money(value: object, currency: str | None) -> None:
    with pytest.raises(ValidationError) as err:
        validate_money(value, "unit_price", currency)  # type: ignore[arg-type]
    assert err.value.field == "unit_price"
    assert field_label("unit_price") in str(err.value)


@pytest.mark.parametrize("value", [1.5, 0.0, True, None, [1]])
def test_money_type_errors(value: object) -> None:
    with pytest.raises(TypeError):
        validate_money(value, "amount")  # type: ignore[arg-type]


def test_money_zero() -> None:
    assert validate_money("0", "amount") == 0
    with pytest.raises(ValidationError):
        validate_money("0,00", "amount", "EUR", allow_zero=False)
    with pytest.raises(ValidationError):
        validate_money(D("0.004"), "amount", "EUR", allow_zero=False)  # rounds to zero


# --------------------------------------------------------------------------- generic


def test_validate_date_order() -> None:
    validate_date_order(date(2026, 1, 1), date(2026, 1, 1), "issued_on", "due_on")
    validate_date_order(date(2026, 1, 1), None, "issued_on", "due_on")
    validate_date_order(None, date(2026, 1, 1), "issued_on", "due_on")
    with pytest.raises(ValidationError) as err:
        validate_date_order(date(2026, 1, 2), date(2026, 1, 1), "issued_on", "due_on")
    assert err.value.field == "due_on"
    assert "Due date" in err.value.message and "Issue date" in err.value.message


@pytest.mark.parametrize("value", [None, "", "   ", [], {}, ()])
def test_validate_required_missing(value: object) -> None:
    with pytest.raises(ValidationError) as err:
        validate_required(value, "company_name")
    assert err.value.field == "company_name"
    assert err.value.message == "Company name is required."


@pytest.mark.parametrize(
    ("value", "kept"), [("  Acme ", "Acme"), (0, 0), (False, False), ([1], [1])]
)
def test_validate_required_present(value: object, kept: object) -> None:
    assert validate_required(value, "name") == kept


@pytest.mark.parametrize(
    ("code", "clean"), [("NZD", "NZD"), ("usd", "USD"), (" eur ", "EUR"), ("JPY", "JPY")]
)
def test_validate_currency(code: str, clean: str) -> None:
    assert validate_currency(code) == clean


@pytest.mark.parametrize("code", ["", "NZ", "NZDD", "ABC", "XXX", "12$"])
def test_invalid_currency(code: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_currency(code)
    assert err.value.field == "currency"


@pytest.mark.parametrize(("code", "clean"), [("en", "en"), ("ES", "es"), (" ru ", "ru")])
def test_validate_language(code: str, clean: str) -> None:
    assert validate_language(code) == clean


@pytest.mark.parametrize("code", ["", "de", "english", "es_MX"])
def test_invalid_language(code: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_language(code)
    assert err.value.field == "language"


@pytest.mark.parametrize(
    ("code", "clean"), [("nz", "NZ"), ("ES", "ES"), ("ru", "RU"), ("br", "BR")]
)
def test_validate_country(code: str, clean: str) -> None:
    assert validate_country(code) == clean


@pytest.mark.parametrize("code", ["", "N", "NZL", "ZZ", "EU", "QQ", "12"])
def test_invalid_country(code: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_country(code)
    assert err.value.field == "country"


# --------------------------------------------------------------------------- errors


def test_validation_error_shape() -> None:
    err = ValidationError("email", "E-mail is required.")
    assert isinstance(err, ValueError)
    assert str(err) == err.message == "E-mail is required."
    assert err.field == "email"


def test_error_collector() -> None:
    errors = ErrorCollector()
    with errors.check():
        validate_email("nope")
    with errors.check():
        validate_currency("NZD")
    with errors.check():
        validate_coupon_code("x")
    assert errors
    with pytest.raises(ValidationErrors) as raised:
        errors.raise_if_any()
    assert [e.field for e in raised.value] == ["email", "coupon_code"]
    assert set(raised.value.by_field) == {"email", "coupon_code"}
    assert len(raised.value) == 2
    assert "\n" in str(raised.value)
    ErrorCollector().raise_if_any()  # nothing collected: nothing raised


def test_other_exceptions_pass_through_the_collector() -> None:
    errors = ErrorCollector()
    with pytest.raises(TypeError), errors.check():
        validate_money(1.5, "amount")  # type: ignore[arg-type]


def test_messages_go_through_gettext(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validation, "_", lambda text: "«" + text + "»")
    with pytest.raises(ValidationError) as err:
        validate_email("", field="email")
    assert err.value.message.startswith("«")


def test_field_label_fallback() -> None:
    assert field_label("bank_account") == "Bank account"
    assert field_label("tax_rate") == "Tax rate"


# -- the office's bank codes for clients abroad (#15.5) ---------------------------------


def test_iban_is_normalised_and_its_check_digits_checked() -> None:
    from b24desk.domain.validation import validate_iban

    assert validate_iban("de89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    assert validate_iban("  ") == ""
    with pytest.raises(ValidationError, match="check digits"):
        validate_iban("DE88370400440532013000")  # one digit off
    with pytest.raises(ValidationError, match="two letters"):
        validate_iban("12345")


def test_swift_has_8_or_11_characters() -> None:
    from b24desk.domain.validation import validate_swift

    assert validate_swift("anzbnz22") == "ANZBNZ22"
    assert validate_swift("ANZB NZ22 XXX") == "ANZBNZ22XXX"
    assert validate_swift("") == ""
    for bad in ("ANZBNZ2", "ANZBNZ22X", "1NZBNZ22"):
        with pytest.raises(ValidationError, match="8 or 11"):
            validate_swift(bad)
