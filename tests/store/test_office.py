"""Office settings: validation, optimistic locking, and the SLA calendar they make."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from pathlib import Path

import peewee
import pytest

from b24desk.domain.errors import ValidationErrors
from b24desk.store import events, office
from b24desk.store.errors import StaleRecordError


@pytest.fixture
def notices() -> list[str]:
    seen: list[str] = []
    events.subscribe(seen.append)
    yield seen
    events.unsubscribe(seen.append)


def test_defaults_make_the_nz_calendar(db: peewee.Database) -> None:
    cal = office.business_calendar()
    assert (cal.timezone, cal.country, cal.opens, cal.closes) == (
        "Pacific/Auckland",
        "NZ",
        time(9),
        time(18),
    )
    assert cal.workdays == frozenset(range(5))


def test_update_saves_and_the_calendar_follows(db: peewee.Database, notices: list[str]) -> None:
    saved = office.update_office(
        {
            "name": "  Kiwi CRM Ltd ",
            "email": "Desk@Kiwi-CRM.co.nz",
            "country": "es",
            "default_currency": "eur",
            "default_tax_rate": Decimal("0.21"),
            "invoice_prefix": "ES-INV",
            "credit_note_prefix": "ES-CN",
            "invoice_due_days": 30,
            "timezone": "Europe/Madrid",
            "holiday_country": "es",
            "holiday_subdivision": "Madrid",  # a region's name is taken as its code
            "opens": time(8, 30),
            "closes": "17:00",
            "workdays": [0, 1, 2, 3, 4, 5],
            "grace_days": 30,
        },
        expected_version=1,
    )
    assert saved.version == 2
    assert (saved.name, saved.email, saved.country) == ("Kiwi CRM Ltd", "Desk@kiwi-crm.co.nz", "ES")
    assert (saved.default_currency, saved.default_tax_rate) == ("EUR", Decimal("0.21"))
    assert (saved.holiday_country, saved.holiday_subdivision) == ("ES", "MD")
    assert saved.workdays == "0,1,2,3,4,5"
    assert notices == [events.OFFICE]
    cal = office.business_calendar()
    assert (cal.timezone, cal.country, cal.subdivision) == ("Europe/Madrid", "ES", "MD")
    assert (cal.opens, cal.closes) == (time(8, 30), time(17))
    assert cal.workdays == frozenset(range(6))
    # 2 May is Madrid's own holiday (Community day) in 2026 — a Saturday, so try 2025.
    assert not cal.is_business_day(date(2025, 5, 2))
    assert cal.is_business_day(date(2025, 5, 3))  # a Saturday is a working day now


def test_every_bad_setting_is_named(db: peewee.Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationErrors) as caught:
        office.update_office(
            {
                "name": " ",
                "email": "desk@",
                "country": "XX",
                "logo_path": str(tmp_path / "missing.png"),
                "default_currency": "ABC",
                "default_tax_rate": "150",
                "invoice_prefix": "INV 2026",
                "credit_note_prefix": "",
                "invoice_due_days": 400,
                "timezone": "Mars/Olympus_Mons",
                "holiday_country": "QQ",
                "opens": "18:00",
                "closes": "09:00",
                "workdays": [],
                "grace_days": 31,
            },
            expected_version=1,
        )
    assert set(caught.value.by_field) == {
        "name",
        "email",
        "country",
        "logo_path",
        "default_currency",
        "default_tax_rate",
        "invoice_prefix",
        "credit_note_prefix",
        "invoice_due_days",
        "timezone",
        "holiday_country",
        "closes",
        "workdays",
        "grace_days",
    }
    assert "Mars/Olympus_Mons" in caught.value.by_field["timezone"]
    assert office.get_office().version == 1


def test_cross_field_rules_use_the_stored_values(db: peewee.Database) -> None:
    with pytest.raises(ValidationErrors) as caught:
        office.update_office({"closes": "08:00"}, expected_version=1)  # opens 09:00
    assert list(caught.value.by_field) == ["closes"]
    with pytest.raises(ValidationErrors) as caught:
        office.update_office({"holiday_subdivision": "Catalonia"}, expected_version=1)  # NZ
    assert list(caught.value.by_field) == ["holiday_subdivision"]
    with pytest.raises(ValidationErrors) as caught:
        office.update_office({"credit_note_prefix": "inv"}, expected_version=1)
    assert list(caught.value.by_field) == ["credit_note_prefix"]
    saved = office.update_office({"holiday_subdivision": "auk"}, expected_version=1)
    assert saved.holiday_subdivision == "AUK"
    saved = office.update_office({"holiday_subdivision": ""}, expected_version=2)
    assert saved.holiday_subdivision is None


def test_tax_rate_given_as_text_or_decimal(db: peewee.Database) -> None:
    assert office.update_office({"default_tax_rate": "0,125"}, 1).default_tax_rate == Decimal(
        "0.125"
    )
    with pytest.raises(TypeError):
        office.update_office({"default_tax_rate": 0.15}, 2)


def test_a_stale_update_is_refused(db: peewee.Database) -> None:
    office.update_office({"name": "First desk"}, expected_version=1)
    with pytest.raises(StaleRecordError):
        office.update_office({"name": "Second desk"}, expected_version=1)
    assert office.get_office().name == "First desk"


def test_unknown_keys_are_a_programming_error(db: peewee.Database) -> None:
    with pytest.raises(KeyError):
        office.update_office({"version": 5}, expected_version=1)


def test_choices_for_the_dialog() -> None:
    assert "Pacific/Auckland" in office.time_zones()
    assert "NZ" in office.holiday_countries()
    assert ("AUK", "Auckland") in office.holiday_subdivisions("NZ")
    assert office.holiday_subdivisions("ZZ") == []


def test_sla_clock_uses_saved_hours(db: peewee.Database) -> None:
    office.update_office({"opens": "10:00", "closes": "12:00"}, expected_version=1)
    cal = office.business_calendar()
    assert cal.day_length.total_seconds() == 2 * 3600


def test_day_counts_name_their_unit_in_the_message(db: peewee.Database) -> None:
    """The day fields' labels name no unit (their spin boxes say "14 days"), so the
    message says "days" itself (issue #15, item 4)."""
    with pytest.raises(ValidationErrors) as caught:
        office.update_office({"invoice_due_days": 366, "grace_days": 31}, expected_version=1)
    errors = caught.value.by_field
    assert errors["invoice_due_days"] == "Payment due in: a whole number of days from 0 to 365."
    assert errors["grace_days"] == "Grace period: a whole number of days from 0 to 30."
    saved = office.update_office({"invoice_due_days": 365, "grace_days": 30}, expected_version=1)
    assert (saved.invoice_due_days, saved.grace_days) == (365, 30)


def test_backups_kept_keep_at_least_todays_copy(db: peewee.Database) -> None:
    with pytest.raises(ValidationErrors) as caught:
        office.update_office(
            {"backup_keep_daily": 0, "backup_keep_monthly": -1}, office.get_office().version
        )
    errors = caught.value.by_field
    assert errors["backup_keep_daily"] == "Daily copies kept must be a whole number from 1 to 366."
    assert "from 0 to 120" in errors["backup_keep_monthly"]
    saved = office.update_office({"backup_keep_daily": 7, "backup_keep_monthly": 3}, 1)
    assert (saved.backup_keep_daily, saved.backup_keep_monthly) == (7, 3)


# -- bank codes and texts per document language (#15.5) ---------------------------------


def test_bank_codes_are_checked_and_kept(db: peewee.Database) -> None:
    current = office.get_office()
    with pytest.raises(ValidationErrors) as caught:
        office.update_office({"iban": "DE88370400440532013000", "swift": "ANZ"}, current.version)
    assert {e.field for e in caught.value.errors} == {"iban", "swift"}
    saved = office.update_office(
        {"iban": "de89 3704 0044 0532 0130 00", "swift": "anzbnz22"}, current.version
    )
    assert (saved.iban, saved.swift) == ("DE89370400440532013000", "ANZBNZ22")


def test_a_spanish_invoice_prints_the_spanish_texts(db: peewee.Database) -> None:
    from b24desk.store import invoices as inv
    from b24desk.store import models as m

    current = office.get_office()
    office.update_office(
        {
            "refund_policy_es": "Las compras no son reembolsables.",
            "bank_details_es": "Banco ANZ, cuenta 01-0102-0123456-00",
            "bank_details": "ANZ Bank, account 01-0102-0123456-00",
        },
        current.version,
    )
    assert office.office_texts()["refund_policy_es"] == "Las compras no son reembolsables."
    assert office.office_texts()["refund_policy_ru"] == ""
    spanish = m.Client.create(company="Logística Bahía S.A.", doc_language="es", country="NZ")
    english = m.Client.create(company="Kauri Dental Ltd", doc_language="en", country="NZ")
    line = inv.LineInput("Implementation", unit_price="100")
    es_doc = inv.invoice_document(inv.create_draft(spanish.id, [line]).id)
    en_doc = inv.invoice_document(inv.create_draft(english.id, [line]).id)
    assert es_doc.office.refund_policy == "Las compras no son reembolsables."
    assert es_doc.office.bank_details == "Banco ANZ, cuenta 01-0102-0123456-00"
    assert en_doc.office.bank_details == "ANZ Bank, account 01-0102-0123456-00"
    assert en_doc.office.refund_policy == current.refund_policy  # the default, translated
    # Emptying a text falls back to the office's own column.
    office.update_office({"bank_details_es": ""}, office.get_office().version)
    assert office.office_text("bank_details", "es") == "ANZ Bank, account 01-0102-0123456-00"
    assert office.office_label("refund_policy_es") == "Refund policy (Español)"
