"""CSV export and import in the store: dialects, formula injection, encodings,
delimiters, header and line numbers, column mapping, previews that write nothing,
imports in one transaction; and fuzzing of the reader, the preview and the
validators the import relies on."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import threading
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import peewee
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from b24desk.domain import validation as v
from b24desk.domain.errors import ValidationError
from b24desk.i18n import translation
from b24desk.store import csvio, events
from b24desk.store import models as m
from b24desk.store.csvio import (
    COMMA,
    SEMICOLON,
    CsvError,
    CsvRow,
    CsvTable,
    ImportChangedError,
    apply_import,
    export_rows,
    neutralize,
    parse_csv,
    preview_import,
    read_csv,
    suggest_mapping,
)
from b24desk.store.errors import StoreError

NOW = datetime(2026, 11, 20, 11, 0, tzinfo=ZoneInfo("Pacific/Auckland"))
TODAY = date(2026, 11, 20)
BOM = codecs.BOM_UTF8


@pytest.fixture
def heard() -> Iterator[list[str]]:
    notices: list[str] = []
    events.subscribe(notices.append)
    yield notices
    events.unsubscribe(notices.append)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read_back(path: Path, delimiter: str) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=delimiter))


# =========================================================================== export


def test_semicolon_export_has_a_bom_and_reads_back_with_the_same_rows(tmp_path: Path) -> None:
    headers = ["Empresa", "Correo", "Компания", "Notas"]
    rows = [
        ["Panadería Núñez", "pan@nunez.es", "Ромашка", 'dice "hola"; adiós'],
        ["Acme, Ltd", "", "Ёлка", "line one\nline two"],
        ["12,50", "1.234,50", "-12.50", ""],
    ]
    path = tmp_path / "out.csv"
    assert export_rows(path, headers, iter(rows), SEMICOLON) == 3
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    assert b"\r\n" in raw
    assert read_back(path, ";") == [headers, *rows]
    # Excel splits on ";" in Spanish and Russian: the header is one line of 4 cells.
    assert raw[len(BOM) :].split(b"\r\n")[0].decode() == "Empresa;Correo;Компания;Notas"


def test_comma_export(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    export_rows(path, ["Company", "Price"], [["Acme, Ltd", "1,234.50"]], "comma")
    assert path.read_bytes().startswith(BOM)
    assert read_back(path, ",") == [["Company", "Price"], ["Acme, Ltd", "1,234.50"]]
    assert COMMA.delimiter == "," and SEMICOLON.delimiter == ";"


def test_formula_cells_are_neutralised_and_numbers_are_not(tmp_path: Path) -> None:
    cells = [
        "=HYPERLINK(\"http://evil\")", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx", "＝1+1",
        "-12.50", "+5", "-1\u00a0234,50", "12", "-", "-NZ$12.50", "plain", "a=b", "",
    ]  # fmt: skip
    path = tmp_path / "out.csv"
    export_rows(path, ["Value"], [[c] for c in cells], SEMICOLON)
    got = [row[0] for row in read_back(path, ";")[1:]]
    assert got == [
        "'=HYPERLINK(\"http://evil\")", "'+1+2", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "'＝1+1",
        "-12.50", "+5", "-1\u00a0234,50", "12", "'-", "'-NZ$12.50", "plain", "a=b", "",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("-12.50", "-12.50"),
        ("-12,5", "-12,5"),
        ("+64 21 555", "'+64 21 555"),  # a phone number with spaces is text
        ("-1e5", "'-1e5"),
        ("@", "'@"),
        ("1-2", "1-2"),
        (" =1", " =1"),
    ],
)
def test_neutralize(cell: str, safe: str) -> None:
    assert neutralize(cell) == safe


def test_a_failed_export_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("old")

    def rows() -> Iterator[list[str]]:
        yield ["a"]
        raise KeyboardInterrupt  # as a cancelled export would stop

    with pytest.raises(KeyboardInterrupt):
        export_rows(path, ["x"], rows())
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_export_to_a_missing_folder_is_a_csv_error(tmp_path: Path) -> None:
    with pytest.raises(CsvError, match="cannot be written"):
        export_rows(tmp_path / "nowhere" / "out.csv", ["x"], [])


def test_an_exported_file_reads_back_as_the_same_table(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    rows = [["Acme", "=2+2", "-5"], ["Ромашка", "x;y", "7"]]
    export_rows(path, ["Company", "Notes", "Seats"], rows, SEMICOLON)
    table = read_csv(path)
    assert table.delimiter == ";" and table.encoding == "utf-8-sig"
    assert table.headers == ("Company", "Notes", "Seats")
    assert [r.cells for r in table.rows] == [("Acme", "'=2+2", "-5"), ("Ромашка", "x;y", "7")]


# =========================================================================== reading


def test_encodings(tmp_path: Path) -> None:
    ru = "Компания;Почта\r\nРомашка ООО;info@romashka.ru\r\n"
    es = "Compañía;Correo\r\nPanadería Núñez;pan@nunez.es\r\n"
    for data, encoding, text in [
        (BOM + ru.encode(), "utf-8-sig", ru),
        (ru.encode(), "utf-8", ru),
        (ru.encode("cp1251"), "cp1251", ru),
        (es.encode("cp1252"), "cp1252", es),
        (es.encode("utf-16"), "utf-16", es),
        (es.encode("utf-16-le"), "utf-16-le", es),
        ("Empresa;Precio\r\nAcme;5\x81\r\n".encode("latin-1"), "latin-1", None),
    ]:
        table = read_csv(write(tmp_path, "in.csv", data))
        assert table.encoding == encoding
        if text is not None:
            header, row = text.split("\r\n")[:2]
            assert table.headers == tuple(header.split(";"))
            assert table.rows[0].cells == tuple(row.split(";"))


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ('Company;Notes\nAcme;"a, b, c"\nBeta;"d, e"\n', ";"),
        ('Company,Notes\nAcme,"a; b; c"\nBeta,x;y\n', ","),
        ("Company\tNotes\tSeats\nAcme\ta, b\t5\n", "\t"),
        ("Empresa;Precio\nAcme;12,50\nBeta;1,5\n", ";"),
        ("Company\nAcme\nBeta\n", ","),
    ],
)
def test_delimiter_detection(text: str, delimiter: str) -> None:
    table = parse_csv(text.encode())
    assert table.delimiter == delimiter
    assert table.headers[0] == text.split(delimiter)[0].split("\n")[0]


def test_header_row_and_line_numbers() -> None:
    text = (
        "Clients of the office\r\n"  # line 1: a title
        "\r\n"  # line 2: blank
        "Company;Notes;E-mail\r\n"  # line 3: the header
        'Acme;"first\r\nsecond";a@acme.com\r\n'  # lines 4-5
        ";;\r\n"  # line 6: blank row
        "Beta;x;b@beta.com;extra\r\n"  # line 7, one cell more
    )
    table = parse_csv(text.encode())
    assert table.header_line == 3
    assert table.headers == ("Company", "Notes", "E-mail", "")
    assert [r.line for r in table.rows] == [4, 7]
    assert table.rows[0].get(1) == "first\r\nsecond"
    assert table.rows[0].get(3) == ""


@pytest.mark.parametrize(
    "data",
    [b"", b"\r\n\r\n", b";;;\n", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", b"\x00" * 20],
)
def test_unreadable_files_are_csv_errors(data: bytes) -> None:
    with pytest.raises(CsvError):
        parse_csv(data)


def test_a_missing_file_is_a_csv_error(tmp_path: Path) -> None:
    with pytest.raises(CsvError, match="cannot be read"):
        read_csv(tmp_path / "missing.csv")


# =========================================================================== mapping


def test_suggest_mapping_in_three_languages() -> None:
    assert suggest_mapping(
        ["Company", "E-mail", "Portal", "Country", "Currency", "Language", "Whatever"], "clients"
    ) == ["company", "email", "portal_url", "country", "currency", "doc_language", None]
    assert suggest_mapping(
        ["Empresa", "Correo", "PAÍS", "moneda", "Idioma", "Correo electrónico"], "clients"
    ) == ["company", "email", "country", "currency", "doc_language", None]
    assert suggest_mapping(
        ["Компания", "Почта", "Портал", "Страна", "Валюта", "Язык", "Телефон"], "clients"
    ) == ["company", "email", "portal_url", "country", "currency", "doc_language", "phone"]
    assert suggest_mapping(
        ["Code", "Product", "Plan", "Term", "Seats", "Purchased", "List price", "Currency",
         "Client"],
        "coupons",
    ) == ["code", "product", "plan", "term_months", "seats", "purchased_on", "list_price",
          "currency", "client"]  # fmt: skip
    assert suggest_mapping(["Código", "Cupón", "Код", "Fecha de compra"], "coupons") == [
        "code", None, None, "purchased_on",
    ]  # fmt: skip
    assert suggest_mapping(
        ["Client", "Subject", "Description", "Urgency", "Portal", "Version", "Edition"],
        "tickets",
    ) == ["client", "subject", "description", "urgency", "portal_url", "product_version",
          "edition"]  # fmt: skip
    assert suggest_mapping(["Клиент", "Тема", "Срочность", "Версия", "Редакция"], "tickets") == [
        "client", "subject", "urgency", "product_version", "edition",
    ]  # fmt: skip


def test_every_field_is_suggested_by_its_own_label_in_every_language() -> None:
    for entity in csvio.ENTITIES:
        fields = csvio.import_fields(entity)
        for lang in ("en", "es", "ru"):
            names = [translation(lang).gettext(f.label) for f in fields]
            assert suggest_mapping(names, entity) == [f.key for f in fields], (entity, lang)


def test_a_mapping_that_does_not_fit_is_a_csv_error(db: peewee.Database) -> None:
    table = parse_csv(b"Company,Email\nAcme,a@acme.com\n")
    with pytest.raises(CsvError):
        preview_import(table, ["company"], "clients")
    with pytest.raises(CsvError):
        preview_import(table, ["company", "company"], "clients")
    with pytest.raises(CsvError):
        preview_import(table, ["company", "password"], "clients")


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


@pytest.fixture
def plans(db: peewee.Database) -> dict[str, m.Plan]:
    pro = m.Plan.create(code="professional", name="Bitrix24 Professional", kind="cloud", seats=100)
    box = m.Plan.create(code="onprem_business", name="Business", kind="on_premise", seats=50)
    m.PlanPrice.create(plan=pro, currency="USD", price=Decimal("199"))
    return {"pro": pro, "box": box}


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


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        ("2026-11-20 00:00:00", date(2026, 11, 20)),
        ("20/11/2026", date(2026, 11, 20)),
        ("20.11.2026", date(2026, 11, 20)),
        ("5.3.26", date(2026, 3, 5)),
        ("20 Nov 2026", date(2026, 11, 20)),
        ("3 Sept 2026", date(2026, 9, 3)),
        ("20 de noviembre de 2026", date(2026, 11, 20)),
        ("20 nov 2026", date(2026, 11, 20)),
        ("20 мая 2026\u202fг.", date(2026, 5, 20)),
        ("3 сент. 2026 г.", date(2026, 9, 3)),
        ("November 20, 2026", date(2026, 11, 20)),
    ],
)
def test_dates_as_people_write_them(text: str, day: date) -> None:
    assert csvio._date(text, "purchased_on", "Purchase date") == day


@pytest.mark.parametrize("text", ["31/02/2026", "11/20/2026", "yesterday", "2026", "20 Foo 2026"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        csvio._date(text, "purchased_on", "Purchase date")
    assert caught.value.field == "purchased_on"


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


class Stop(Exception):
    pass


def test_progress_and_a_stopped_import_writes_nothing(
    db: peewee.Database, heard: list[str]
) -> None:
    table = parse_csv(("Company\n" + "".join(f"C{i}\n" for i in range(50))).encode())
    calls: list[tuple[int, int]] = []
    preview = preview_import(table, ["company"], "clients", progress=lambda *a: calls.append(a))
    assert calls[0] == (0, 50) and calls[-1] == (50, 50) and len(calls) < 10

    def stop_at_40(done: int, total: int) -> None:
        if done >= 40:
            raise Stop

    with pytest.raises(Stop):
        apply_import(preview, stop_at_40)
    assert m.Client.select().count() == 0 and heard == []


def test_notices_of_other_threads_are_not_held(db: peewee.Database, heard: list[str]) -> None:
    def other_thread(done: int, total: int) -> None:
        if done == 0:
            worker = threading.Thread(target=events.notify, args=(events.OFFICE,))
            worker.start()
            worker.join()

    preview = preview_import(parse_csv(b"Company\nAcme\n"), ["company"], "clients")
    apply_import(preview, other_thread)
    assert heard == [events.OFFICE, events.CLIENTS]


# =========================================================================== fuzzing

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
cell_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
#: Text a person types (no control characters: those make a file "not text").
typed_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30)


@FUZZ
@given(st.binary(max_size=2000))
@example(b"\xef\xbb\xbf")
@example(b'"unterminated\n')
@example(BOM + b"a;b\n" + b"x;" * 300 + b"\n")
def test_reader_raises_only_csv_errors_on_any_bytes(data: bytes) -> None:
    try:
        table = parse_csv(data)
    except CsvError:
        return
    assert all(len(r.cells) <= len(table.headers) for r in table.rows)
    assert all(r.line > table.header_line for r in table.rows)


plain_cell = st.text(
    st.characters(
        codec="utf-8",
        exclude_categories=["Cs", "Cc"],
        exclude_characters=",;\t",
        include_characters='\r\n"',
    ),
    max_size=20,
)


@FUZZ
@given(st.data())
def test_reader_reads_back_any_table_written_by_excel(data: st.DataObject) -> None:
    """Quotes, line breaks and any Unicode in the cells; the header names fields."""
    width = data.draw(st.integers(2, 5))
    names = ["Company", "E-mail", "Country", "Notes", "Phone", "Currency", "Address"]
    header = data.draw(st.permutations(names))[:width]
    rows = data.draw(st.lists(st.lists(plain_cell, min_size=width, max_size=width), max_size=8))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([header, *rows])
    table = parse_csv(BOM + buffer.getvalue().encode())
    assert table.delimiter == ";" and table.header_line == 1
    assert table.headers == tuple(header)
    assert [r.cells for r in table.rows] == [tuple(r) for r in rows if "".join(r).strip()]
    lines = [r.line for r in table.rows]
    assert lines == sorted(set(lines)) and all(line > 1 for line in lines)


#: Cells that get past the first checks, so the fuzzing reaches the store's.
LIKELY = st.sampled_from(
    [
        "Acme Ltd", "acme ltd", "B24-FUZZ-0001", "professional", "Business", "12", "12 months",
        "100", "2026-11-20", "20/11/2026", "2026-12-01", "199", "US$1,990.00", "1e400", "-5",
        "USD", "EUR", "nz", "España", "es", "Русский", "High", "yes", "no", "a@b.co",
        "acme.bitrix24.com", "=1+1", "'=1", "9" * 40, "", " ",
    ]
)  # fmt: skip
any_cell = st.one_of(cell_text, LIKELY)


def tables() -> st.SearchStrategy[CsvTable]:
    @st.composite
    def build(draw: Any) -> CsvTable:
        width = draw(st.integers(1, 6))
        headers = tuple(draw(st.lists(cell_text, min_size=width, max_size=width)))
        rows = draw(
            st.lists(st.lists(any_cell, min_size=0, max_size=width + 1), min_size=0, max_size=4)
        )
        return CsvTable(
            headers, tuple(CsvRow(i + 2, tuple(r)) for i, r in enumerate(rows)), "utf-8", ";"
        )

    return build()


@pytest.mark.parametrize("entity", ["clients", "coupons", "tickets"])
def test_preview_raises_nothing_untyped_on_any_table(entity: str, plans: dict[str, m.Plan]) -> None:
    m.Client.create(company="Acme Ltd", portal_url="https://acme.bitrix24.com")
    keys = [f.key for f in csvio.import_fields(entity)]

    @FUZZ
    @given(table=tables(), data=st.data())
    def check(table: CsvTable, data: st.DataObject) -> None:
        chosen = data.draw(st.permutations([*keys, *[None] * len(table.headers)]))
        mapping = list(chosen[: len(table.headers)])
        try:
            preview = preview_import(table, mapping, entity, now=NOW, today=TODAY)
        except StoreError:
            return
        assert [r.line for r in preview.rows] == [r.line for r in table.rows]
        assert m.Client.select().count() == 1
        assert m.Coupon.select().count() == 0 and m.Ticket.select().count() == 0

    check()


VALIDATORS = {
    "normalize_portal_url": v.normalize_portal_url,
    "validate_email": v.validate_email,
    "validate_coupon_code": v.validate_coupon_code,
    "validate_money": lambda t: v.validate_money(t, "list_price"),
    "validate_money_usd": lambda t: v.validate_money(t, "list_price", "USD"),
    "parse_decimal": v.parse_decimal,
    "parse_decimal_2": lambda t: v.parse_decimal(t, decimal_digits=2),
    "validate_currency": v.validate_currency,
    "validate_country": v.validate_country,
    "validate_language": v.validate_language,
    "validate_required": lambda t: v.validate_required(t, "company"),
}


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_validators_raise_only_validation_errors_on_any_text(name: str) -> None:
    function = VALIDATORS[name]

    @settings(max_examples=150, deadline=None)
    @given(st.text() | st.from_regex(r"[-+ 0-9.,]{0,40}", fullmatch=True))
    def check(text: str) -> None:
        with contextlib.suppress(ValidationError):
            function(text)

    check()


def test_validate_money_refuses_an_absurdly_long_amount() -> None:
    with pytest.raises(ValidationError):
        v.validate_money("1" * 40, "list_price", "USD")


@pytest.mark.parametrize(
    "convert",
    [csvio._date, csvio._boolean, csvio._whole_number, csvio._amount],
    ids=["date", "boolean", "whole_number", "amount"],
)
def test_cell_converters_raise_only_validation_errors(convert: Any) -> None:
    @settings(max_examples=150, deadline=None)
    @given(st.text() | LIKELY)
    def check(text: str) -> None:
        with contextlib.suppress(ValidationError):
            convert(text, "field", "Field")

    check()


# =========================================================================== batches


def _count_clients_elsewhere(target: str) -> int:
    """The clients another desk sees now, through a connection of its own."""
    if target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(target) as con:
            return con.execute('SELECT count(*) FROM "client"').fetchone()[0]
    import sqlite3

    con = sqlite3.connect(target)
    try:
        return con.execute('SELECT count(*) FROM "client"').fetchone()[0]
    finally:
        con.close()


def test_import_commits_in_batches_so_other_desks_need_not_wait(
    db: peewee.Database, db_target: str
) -> None:
    """Issue #13.5: "'database is locked' after 10 s while a CSV import holds the write
    lock for 27 s (import in batches…)".  Each batch of 200 rows is its own
    transaction: while the third batch runs, another desk already sees 400 rows."""
    table = parse_csv(("Company\n" + "".join(f"C{i:03d}\n" for i in range(450))).encode())
    preview = preview_import(table, ["company"], "clients")
    seen: dict[int, int] = {}

    def look(done: int, total: int) -> None:
        if done in (200, 400):
            seen[done] = _count_clients_elsewhere(db_target)

    assert apply_import(preview, look) == 450
    assert seen == {200: 200, 400: 400}
    assert m.Client.select().count() == 450


def test_an_import_stopped_midway_keeps_whole_batches_and_says_so(
    db: peewee.Database, heard: list[str]
) -> None:
    table = parse_csv(("Company\n" + "".join(f"C{i:03d}\n" for i in range(450))).encode())
    preview = preview_import(table, ["company"], "clients")

    def stop_at_300(done: int, total: int) -> None:
        if done >= 300:
            raise Stop

    with pytest.raises(csvio.ImportInterruptedError) as caught:
        apply_import(preview, stop_at_300)
    assert caught.value.imported == 200
    # Header on line 1, so the 201st row is line 202: nothing from there on.
    assert "stopped at line 202" in str(caught.value)
    assert "200 rows before it were imported whole" in str(caught.value)
    assert m.Client.select().count() == 200
    assert heard == [events.CLIENTS]
    # Checked again, the rows already imported are duplicates; the rest goes in.
    again = preview_import(table, ["company"], "clients")
    assert (again.valid_count, again.invalid_count) == (250, 200)
    assert apply_import(again) == 250
    assert m.Client.select().count() == 450


def test_a_write_lock_held_by_another_desk_is_said_plainly(
    db: peewee.Database, db_path: Path
) -> None:
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("SQLite's database-wide write lock")
    import sqlite3

    preview = preview_import(parse_csv(b"Company\nAcme\n"), ["company"], "clients")
    db.execute_sql("PRAGMA busy_timeout = 200")
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="Another desk is writing"):
            apply_import(preview)
        with pytest.raises(StoreError, match="Another desk is writing"):
            preview_import(parse_csv(b"Company\nAcme\n"), ["company"], "clients")
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert apply_import(preview) == 1


# =========================================================================== damaged files


def test_one_bad_byte_in_a_utf8_file_is_reported_with_its_line(db: peewee.Database) -> None:
    """Issue #13.10: "a UTF-8 file with one bad byte is decoded whole as cp1252
    ('Café' → 'CafÃ©') without a word"."""
    data = "Company;Notes\nCafé Uno;ok\nCafé Dos;fine\n".encode() + b"Bad\xe9 Ltd;x\n"
    table = parse_csv(data)
    assert table.encoding == "utf-8"
    assert [r.cells[0] for r in table.rows] == ["Café Uno", "Café Dos", "Bad\ufffd Ltd"]
    assert list(table.problems) == [4]
    preview = preview_import(table, ["company", "notes"], "clients")
    assert preview.unreadable_lines == [4]
    assert [(e.line, e.message) for e in preview.errors] == [
        (
            4,
            "The byte 0xE9 at character 4 of line 4 is not UTF-8, though the rest of the "
            "file is. Correct the character in the file (save it as UTF-8 again) or skip "
            "the row.",
        )
    ]
    # Nothing is imported until the line is corrected or skipped on purpose.
    with pytest.raises(CsvError, match="Line 4 of the file cannot be read"):
        apply_import(preview)
    assert m.Client.select().count() == 0
    assert apply_import(preview, skip_unreadable=True) == 2
    assert sorted(c.company for c in m.Client.select()) == ["Café Dos", "Café Uno"]


def test_a_windows_1252_file_is_still_read_as_such() -> None:
    table = parse_csv("Company\nCafé Uno\nNiño Ltd\n".encode("cp1252"))
    assert table.encoding == "cp1252" and not table.problems
    assert [r.cells[0] for r in table.rows] == ["Café Uno", "Niño Ltd"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        # The closing quote is missing: the rest of the file became one cell.
        ('Company;Email\nAcme;a@b.nz\n"Big Co;x@y.nz\nBeta;b@c.nz\n', 3, "quote is missing"),
        # The quote opened on line 2 "closes" inside line 3: lines 2 and 3 merged.
        ('Company;Email\nAcme;"Big Co\nBeta;"b@c.nz"\nGamma;g@c.nz\n', 2, "lines 2\u20133"),
        # A lone quote inside a quoted cell, on one line.
        ('Company;Email\n"Big "Co";x@y.nz\nGamma;g@c.nz\n', 2, "quotes that do not match"),
    ],
)
def test_an_unbalanced_quote_is_reported_where_the_field_starts(
    db: peewee.Database, text: str, line: int, words: str
) -> None:
    """Issue #13.10: "an unbalanced quote merges two rows into one client"."""
    table = parse_csv(text.encode())
    assert list(table.problems) == [line]
    assert words in table.problems[line]
    preview = preview_import(table, ["company", "email"], "clients")
    assert {e.line for e in preview.errors} == {line}
    assert preview.errors[0].message == table.problems[line]
    with pytest.raises(CsvError):
        apply_import(preview)
    assert m.Client.select().count() == 0


def test_quoted_cells_over_several_lines_and_doubled_quotes_are_fine() -> None:
    text = (
        'Company;Notes;Email\n"Acme; Ltd";"first line\nsecond ""quoted"" line";a@b.nz\n'
        'Beta;plain "inner" quote;b@c.nz\n'
    )
    table = parse_csv(text.encode())
    assert not table.problems
    assert [r.cells for r in table.rows] == [
        ("Acme; Ltd", 'first line\nsecond "quoted" line', "a@b.nz"),
        ("Beta", 'plain "inner" quote', "b@c.nz"),
    ]


def test_a_bad_header_is_refused_with_its_line() -> None:
    with pytest.raises(CsvError, match="line 1"):
        parse_csv("Compañía;Corre\xe9\nCafé;x\n".encode().replace(b"\xc3\xa9\n", b"\xe9\n"))
