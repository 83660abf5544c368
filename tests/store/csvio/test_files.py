"""The CSV file format (store/csvio/files.py): dialects, formula injection,
encodings, delimiters, header and line numbers, damaged files; and fuzzing of the
reader."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from b24desk.store.csvio.files import (
    COMMA,
    SEMICOLON,
    CsvError,
    export_rows,
    neutralize,
    parse_csv,
    read_csv,
)

BOM = codecs.BOM_UTF8


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


# =========================================================================== damaged files


def test_a_windows_1252_file_is_still_read_as_such() -> None:
    table = parse_csv("Company\nCafé Uno\nNiño Ltd\n".encode("cp1252"))
    assert table.encoding == "cp1252" and not table.problems
    assert [r.cells[0] for r in table.rows] == ["Café Uno", "Niño Ltd"]


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


# =========================================================================== fuzzing

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


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
