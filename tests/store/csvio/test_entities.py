"""Importing clients, coupons and tickets (store/csvio/entities.py through
importing.py): values in words, duplicates, the office's defaults, previews that
write nothing, imports."""

from __future__ import annotations

import codecs
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import peewee
import pytest

from b24desk.store import models as m
from b24desk.store.csvio.fields import suggest_mapping
from b24desk.store.csvio.files import parse_csv, read_csv
from b24desk.store.csvio.importing import ImportChangedError, apply_import, preview_import

NOW = datetime(2026, 11, 20, 11, 0, tzinfo=ZoneInfo("Pacific/Auckland"))
TODAY = date(2026, 11, 20)
BOM = codecs.BOM_UTF8


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# =========================================================================== clients


SPANISH_EXCEL = (
    "Empresa;Correo;País;Moneda;Idioma;Sin fines de lucro\r\n"
    "Panadería Núñez S.L.;pan@nunez.es;España;EUR;Español;no\r\n"
    "Talleres Ruiz;ruiz@@talleres;ES;EUR;es;sí\r\n"
    "Fundación Sol;info@sol.org;ES;EUR;es;sí\r\n"
)


def test_spanish_excel_csv_previews_without_writing_then_imports(
    db: peewee.Database, tmp_path: Path, heard: list[str]
) -> None:
    path = write(tmp_path, "clientes.csv", BOM + SPANISH_EXCEL.encode())
    table = read_csv(path)
    assert table.encoding == "utf-8-sig" and table.delimiter == ";"
    mapping = suggest_mapping(table.headers, "clients")
    assert mapping == ["company", "email", "country", "currency", "doc_language", "non_profit"]

    preview = preview_import(table, mapping, "clients", now=NOW)
    assert [r.line for r in preview.rows] == [2, 3, 4]
    assert preview.valid_count == 2 and preview.invalid_count == 1
    [error] = preview.errors
    assert (error.line, error.field, error.column) == (3, "email", "Correo")
    assert "ruiz@@talleres" in error.message
    assert m.Client.select().count() == 0 and heard == []

    assert apply_import(preview) == 2
    clients = {c.company: c for c in m.Client.select()}
    assert set(clients) == {"Panadería Núñez S.L.", "Fundación Sol"}
    sol = clients["Fundación Sol"]
    assert (sol.country, sol.currency, sol.doc_language) == ("ES", "EUR", "es")
    assert sol.non_profit is True
    assert clients["Panadería Núñez S.L."].non_profit is False
    assert m.Activity.select().where(m.Activity.kind == "created").count() == 2
    assert heard == ["clients"]  # one notice for the whole import


def test_russian_cp1251_csv_imports(db: peewee.Database, tmp_path: Path) -> None:
    text = (
        "Компания;Почта;Страна;Валюта;Язык;Портал\r\n"
        "ООО «Ромашка»;info@romashka.ru;Россия;RUB;Русский;romashka.bitrix24.ru\r\n"
        "ИП Ёлкин;elkin@mail.ru;RU;руб;ru;\r\n"
    )
    path = write(tmp_path, "клиенты.csv", text.encode("cp1251"))
    table = read_csv(path)
    assert table.encoding == "cp1251"
    preview = preview_import(table, suggest_mapping(table.headers, "clients"), "clients")
    assert [(e.line, e.field) for e in preview.errors] == [(3, "currency")]
    assert apply_import(preview) == 1
    client = m.Client.get()
    assert client.company == "ООО «Ромашка»"
    assert (client.country, client.doc_language) == ("RU", "ru")
    assert client.portal_url == "https://romashka.bitrix24.ru"


def test_duplicate_companies_are_row_errors(db: peewee.Database) -> None:
    m.Client.create(company="Acme Ltd")
    table = parse_csv(b"Company\nACME LTD\nBeta\nbeta \nGamma\n")
    preview = preview_import(table, ["company"], "clients")
    assert [(e.line, e.field) for e in preview.errors] == [(2, "company"), (4, "company")]
    assert "line 3" in preview.errors[1].message
    assert apply_import(preview) == 2
    assert m.Client.select().count() == 3


def test_blank_country_currency_and_language_take_the_office_s(db: peewee.Database) -> None:
    m.Office.update(country="ES", default_currency="EUR", interface_language="es").execute()
    preview = preview_import(
        parse_csv(b"Company,Country\nAcme,\n"), ["company", "country"], "clients"
    )
    assert preview.rows[0].data == {
        "company": "Acme", "country": "ES", "currency": "EUR", "doc_language": "es",
    }  # fmt: skip


def test_client_values_in_words(db: peewee.Database) -> None:
    text = (
        "Company;Country;Language;Hosting;Linked via;New client;Affiliated\n"
        "A1;New Zealand;English;Cloud;Referral link;yes;0\n"
        "A2;Nueva Zelanda;inglés;Versión autoalojada;manual;да;нет\n"
        "A3;Новая Зеландия;испанский;self-hosted;purchase;✓;-\n"
        "A4;Atlantis;Klingon;moon;?;maybe;x\n"
    )
    table = parse_csv(text.encode())
    preview = preview_import(table, suggest_mapping(table.headers, "clients"), "clients")
    a1, a2, a3, _a4 = (r.data for r in preview.rows)
    assert (a1["country"], a1["doc_language"], a1["hosting"], a1["linked_via"]) == (
        "NZ", "en", "cloud", "referral",
    )  # fmt: skip
    assert (a2["country"], a2["doc_language"], a2["hosting"], a2["new_client"]) == (
        "NZ", "en", "self_hosted", True,
    )  # fmt: skip
    assert (a3["doc_language"], a3["hosting"], a3["new_client"], a3["affiliated"]) == (
        "es", "self_hosted", True, False,
    )  # fmt: skip
    assert {e.field for e in preview.rows[3].errors} == {
        "country", "doc_language", "hosting", "linked_via", "new_client",
    }  # fmt: skip
    assert preview.valid_count == 3


# =========================================================================== coupons


COUPONS = (
    "Code,Product,Plan,Term,Seats,Purchased,List price,Currency,Client\n"
    "b24-aaaa-0001,Suscripción en la nube,Professional,12 meses,100,20 nov 2026,"
    '"US$1,990.00",USD,acme ltd\n'  # line 2
    "B24-AAAA-0002,,bitrix24 professional,12,100,2026-11-19,199,USD,\n"  # line 3
    "B24-AAAA-0001,,professional,12,100,19/11/2026,199,USD,\n"  # line 4: code twice
    "B24-AAAA-0003,,Enterprise,12,100,19.11.2026,199,USD,Nobody\n"  # line 5
    "B24-AAAA-0004,Renewal,professional,7,100,2026-11-21,free,USD,\n"  # line 6
    'B24-BOX-0005,,Business,12,50,"Nov 18, 2026","1 990,00 $",USD,\n'  # line 7
    "B24-OLD-0006,,professional,12,100,2026-11-01,199,USD,\n"  # line 8: in use
)


def test_coupons_preview_writes_nothing_then_import_writes_the_valid_rows(
    plans: dict[str, m.Plan], heard: list[str]
) -> None:
    acme = m.Client.create(company="Acme Ltd", portal_url="https://acme.bitrix24.com")
    m.Coupon.create(
        code="B24-OLD-0006", product="cloud_subscription", plan=plans["pro"],
        purchased_on=date(2026, 11, 1), currency="USD", list_price=Decimal(1),
        partner_cost=Decimal(1),
    )  # fmt: skip
    activities = m.Activity.select().count()
    table = parse_csv(COUPONS.encode())
    mapping = suggest_mapping(table.headers, "coupons")
    preview = preview_import(table, mapping, "coupons", now=NOW, today=TODAY)
    errors = {(e.line, e.field) for e in preview.errors}
    assert errors == {
        (4, "code"), (5, "plan"), (5, "client"), (6, "term_months"), (6, "purchased_on"),
        (6, "list_price"), (8, "code"),
    }  # fmt: skip
    assert [r.line for r in preview.valid_rows] == [2, 3, 7]
    assert m.Coupon.select().count() == 1
    assert m.Activity.select().count() == activities
    assert heard == []

    assert apply_import(preview) == 3
    coupons = {c.code: c for c in m.Coupon.select()}
    first = coupons["B24-AAAA-0001"]
    assert first.client_id == acme.id and first.state == "assigned"
    assert first.purchased_on == date(2026, 11, 20)
    assert first.list_price == Decimal("1990.00")
    assert first.product == "cloud_subscription"
    assert coupons["B24-AAAA-0002"].state == "in_stock"
    box = coupons["B24-BOX-0005"]
    assert (box.product, box.plan_id, box.list_price) == ("onprem_key", plans["box"].id, 1990)
    assert box.purchased_on == date(2026, 11, 18)
    assert set(heard) == {"coupons", "partner", "clients"} and len(heard) == 3


def test_an_import_that_no_longer_fits_writes_nothing(plans: dict[str, m.Plan]) -> None:
    table = parse_csv(
        b"Code;Plan;Term;Purchased;List price;Currency\n"
        b"B24-NEW-0001;professional;12;2026-11-20;199;USD\n"
        b"B24-NEW-0002;professional;12;2026-11-20;199;USD\n"
    )
    preview = preview_import(table, suggest_mapping(table.headers, "coupons"), "coupons", NOW)
    assert preview.valid_count == 2
    m.Coupon.create(
        code="B24-NEW-0002", product="cloud_subscription", plan=plans["pro"],
        purchased_on=TODAY, currency="USD", list_price=Decimal(1), partner_cost=Decimal(1),
    )  # fmt: skip
    with pytest.raises(ImportChangedError, match="Line 3"):
        apply_import(preview)
    assert m.Coupon.select().count() == 1


def test_unmapped_required_fields_are_named(plans: dict[str, m.Plan]) -> None:
    table = parse_csv(b"Code,Whatever\nB24-NEW-0001,x\n")
    preview = preview_import(table, suggest_mapping(table.headers, "coupons"), "coupons", NOW)
    assert [f.key for f in preview.unmapped_required] == [
        "plan", "term_months", "purchased_on", "list_price", "currency",
    ]  # fmt: skip
    assert preview.valid_count == 0


# =========================================================================== tickets


def test_tickets_import(db: peewee.Database, heard: list[str]) -> None:
    acme = m.Client.create(company="Acme Ltd", portal_url="https://acme.bitrix24.com")
    text = (
        "Клиент;Тема;Описание;Срочность;Версия\n"
        "ACME LTD;Портал не открывается;Шаги: …;Высокая;24.100\n"
        "Acme Ltd;;нет темы;Обычная;\n"
        "Nobody;Help;;urgent;\n"
        "Acme Ltd;Question;;;\n"
    )
    table = parse_csv(text.encode())
    mapping = suggest_mapping(table.headers, "tickets")
    assert mapping == ["client", "subject", "description", "urgency", "product_version"]
    preview = preview_import(table, mapping, "tickets", now=NOW)
    assert {(e.line, e.field) for e in preview.errors} == {(3, "subject"), (4, "client")}
    assert m.Ticket.select().count() == 0 and heard == []
    assert apply_import(preview) == 2
    tickets = list(m.Ticket.select().order_by(m.Ticket.id))
    assert [t.tid for t in tickets] == ["T-000001", "T-000002"]
    assert tickets[0].client_id == acme.id and tickets[0].urgency == "high"
    assert tickets[0].portal_url == "https://acme.bitrix24.com"
    assert tickets[1].urgency == "normal"
    assert heard == ["tickets"]
