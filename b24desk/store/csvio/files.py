"""CSV export of the desk's tables and CSV import of clients, coupons and tickets.

Export
------
:func:`export_rows` writes a header and rows as CSV in a :class:`CsvDialect`:
UTF-8 **with a BOM** (so that Excel reads the accents and the Cyrillic right) and
``;`` between cells for Excel in Spanish and Russian (:data:`SEMICOLON`, whose
decimal comma would clash with ``,``), or ``,`` (:data:`COMMA`).  The file is
written beside its target and renamed over it at the end: a failed or cancelled
export leaves no half file behind.

*Formula injection.*  A spreadsheet runs a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and some run one that starts with a tab or a carriage return) as a
formula, so a client called ``=HYPERLINK(…)`` could act when the file is opened.
:func:`neutralize` puts an apostrophe before such a *text* cell (the spreadsheet
then shows the text as it is).  A plain number — digits with an optional sign and
``.``/``,``/no-break-space separators, such as ``-12.50`` or ``-1 234,50`` — is left
alone so that it stays a number.  The full-width forms ``＝ ＋ － ＠`` are treated
like the ASCII ones.

Import
------
1. :func:`read_csv` reads a file into a :class:`CsvTable`.  Encoding: a UTF-8 or
   UTF-16 byte-order mark decides; otherwise strict UTF-8; otherwise UTF-8 when the
   file is mostly UTF-8 (its few bad bytes are reported with their lines, never
   guessed); otherwise Windows-1251 when the text reads as Cyrillic words, else
   Windows-1252, else Latin-1 (which reads any byte).  A quoted field whose quotes
   do not match (which would merge lines into one row) is reported with the line
   where it starts; such rows are imported only when corrected or skipped on
   purpose (:attr:`CsvTable.problems`).  The delimiter is the one of ``;``, ``,`` and tab that
   :class:`csv.Sniffer` finds, checked against the column counts of the first
   rows.  The header is the row, among the first ten non-blank ones, whose cells
   name the most known fields (else the first non-blank row); rows above it are
   dropped and blank rows are skipped.  Line numbers are the file's physical
   lines (the header is usually line 1).
2. :func:`suggest_mapping` maps each CSV column to a field of the entity (or to
   ``None``: ignored) by its normalised name in English, Spanish or Russian.
3. :func:`preview_import` checks every row **without keeping anything**: clients
   with :func:`~b24desk.store.clients.clean_client_data`; coupons and tickets by
   running :func:`~b24desk.store.coupons.record_purchase` /
   :func:`~b24desk.store.tickets.create_ticket` inside a transaction that is
   rolled back (each row in its own savepoint, so a code twice in the file is
   caught as the store would catch it).  Duplicates (a company that exists or
   came earlier in the file; a coupon code in use) and unknown client names
   (company, exact and case-insensitive) are row errors.
4. :func:`apply_import` writes the valid rows in transactions of
   :data:`BATCH_ROWS` rows (so that another desk never waits for the whole file's
   write lock) and sends one change notice at the end.  If a row valid in the
   preview fails now (someone changed the data meanwhile), its batch is rolled
   back: nothing is written when it was in the first batch
   (:class:`ImportChangedError`), else the earlier batches stay, whole rows, and
   :class:`ImportInterruptedError` says how many and from which line nothing was.

Cells are converted before the store checks them, never judged by rules of their
own: country and language names ("España", "Русский") become codes, yes/no words
become booleans, dates are read as ISO, day-first numeric (``20/11/2026``,
``20.11.2026``) or with month names in the three languages (as the desk shows
them), a currency symbol or code around an amount is dropped, "12 months" is 12,
and a leading apostrophe that neutralised a formula on export is removed.
Blank or unmapped country, currency and document language of a client take the
office's own.  A coupon without a product is a cloud subscription for a cloud
plan or an on-premise key for an edition; imported coupons never use bonus money.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import csv
import io
import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import get_month_names

from b24desk.domain import vocabulary
from b24desk.domain.errors import ValidationError, ValidationErrors, field_label
from b24desk.i18n import LANGUAGES, N_, _, ngettext, translation
from b24desk.store import events
from b24desk.store.clients import (
    CLIENT_FIELD_LABELS,
    CLIENT_FIELDS,
    clean_client_data,
    create_client,
)
from b24desk.store.coupons import record_purchase
from b24desk.store.db import database
from b24desk.store.errors import StoreError, translate_write_error
from b24desk.store.models import COUPON_PRODUCTS, HOSTING, LINKED_VIA, URGENCIES, Client, Plan
from b24desk.store.office import business_calendar, get_office
from b24desk.store.tickets import create_ticket

__all__ = [
    "COMMA",
    "DIALECTS",
    "ENTITIES",
    "SEMICOLON",
    "CsvDialect",
    "CsvError",
    "CsvRow",
    "CsvTable",
    "ImportChangedError",
    "ImportField",
    "ImportInterruptedError",
    "ImportPreview",
    "PreviewRow",
    "RowError",
    "apply_import",
    "entity_title",
    "export_rows",
    "import_fields",
    "is_plain_number",
    "neutralize",
    "normalize_name",
    "parse_csv",
    "preview_import",
    "read_csv",
    "suggest_mapping",
]

#: Files larger than this are refused (a CSV of 50 000 rows is a few MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: More columns than this is not a table of the desk (nor a CSV file, probably).
MAX_COLUMNS = 200
#: How many non-blank rows the header is looked for in.
HEADER_SEARCH_ROWS = 10
#: Rows between two calls of an import's progress callback.
PROGRESS_EVERY = 20
#: Rows written per transaction by :func:`apply_import` (a few hundred milliseconds of
#: write lock, far below another desk's busy timeout of 10 s).
BATCH_ROWS = 200

#: ``progress(done, total)``: told how far a preview or an import is.
Progress = Callable[[int, int], None]


class CsvError(StoreError):
    """The file cannot be read as a CSV table, or the mapping is not usable."""


class ImportChangedError(CsvError):
    """A row that was valid in the preview is not any more; nothing was written."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class ImportInterruptedError(CsvError):
    """An import stopped after some batches were written (``imported`` rows, whole)."""

    def __init__(self, message: str, imported: int) -> None:
        super().__init__(message)
        self.imported = imported


# =========================================================================== export


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written: its cell separator and whether it starts with a BOM."""

    key: str
    delimiter: str
    bom: bool = True


#: Excel in Spanish and Russian: ``;`` between cells (``,`` is their decimal comma).
SEMICOLON = CsvDialect("semicolon", ";")
#: Excel in English and most other programs.
COMMA = CsvDialect("comma", ",")
DIALECTS: dict[str, CsvDialect] = {d.key: d for d in (SEMICOLON, COMMA)}

_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,\u00a0\u202f][0-9]+)*")


def is_plain_number(text: str) -> bool:
    """Digits with an optional sign and ``.``, ``,`` or no-break-space separators."""
    return _PLAIN_NUMBER.fullmatch(text) is not None


def neutralize(cell: str) -> str:
    """``cell`` made safe from formula injection (see the module's docstring)."""
    if cell and cell[0] in _FORMULA_START and not is_plain_number(cell):
        return "'" + cell
    return cell


def _cell_text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def export_rows(
    path: str | os.PathLike[str],
    headers: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    dialect: CsvDialect | str = SEMICOLON,
) -> int:
    """Write ``headers`` and ``rows`` to ``path`` as CSV; returns the number of rows.

    Every cell is written as text (``None`` as empty), neutralised against formula
    injection.  ``rows`` may be a generator that reads pages as it goes; if it
    raises (a cancelled export), the exception comes out and ``path`` is untouched.
    """
    if isinstance(dialect, str):
        dialect = DIALECTS[dialect]
    target = Path(path)
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=".b24desk-", suffix=".csv.part", dir=target.parent or Path(".")
        )
    except OSError as exc:
        raise CsvError(
            _("The file {path} cannot be written: {reason}").format(
                path=target, reason=exc.strerror or exc
            )
        ) from exc
    count = 0
    try:
        with open(handle, "w", encoding="utf-8-sig" if dialect.bom else "utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter=dialect.delimiter, lineterminator="\r\n")
            writer.writerow([neutralize(_cell_text(h)) for h in headers])
            for row in rows:
                writer.writerow([neutralize(_cell_text(v)) for v in row])
                count += 1
        os.replace(temp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise CsvError(
            _("The file {path} cannot be written: {reason}").format(
                path=target, reason=exc.strerror or exc
            )
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return count


# =========================================================================== reading


@dataclass(frozen=True)
class CsvRow:
    """One data row: the file's line it starts on, and its cells."""

    line: int
    cells: tuple[str, ...]

    def get(self, column: int) -> str:
        return self.cells[column] if 0 <= column < len(self.cells) else ""


@dataclass(frozen=True)
class CsvTable:
    """A CSV file read: its header, its data rows, and how it was read."""

    headers: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    encoding: str
    delimiter: str
    header_line: int = 1
    path: str = ""
    #: Rows the file itself gets wrong, by the line the row starts on: a byte that is
    #: not UTF-8 in a UTF-8 file, a quote left open that merged lines into one row.
    problems: Mapping[int, str] = field(default_factory=dict)


def _not_text() -> CsvError:
    return CsvError(_("This file is not a text (CSV) file."))


def _looks_cyrillic(text: str) -> bool:
    """Whether ``text`` decoded as Windows-1251 reads as Cyrillic words.

    Latin text with accents decoded as 1251 gives words that mix Latin and
    Cyrillic letters ("Compaснa") or stray single letters; Russian gives words of
    Cyrillic letters only.
    """
    cyrillic = mixed = 0
    for word in re.findall(r"[^\W\d_]+", text):
        has_cyr = any("\u0400" <= ch <= "\u04ff" for ch in word)
        has_latin = any(ch.isascii() for ch in word)
        if has_cyr and has_latin:
            mixed += 1
        elif has_cyr and len(word) > 1:
            cyrillic += 1
    return cyrillic > mixed


def _decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding used (module docstring)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if b"\x00" in data:
        # UTF-16 without a BOM: every other byte of ASCII text is zero.
        sample = data[:4096]
        even = sample[0::2].count(0)
        odd = sample[1::2].count(0)
        half = len(sample) // 2
        if odd > half * 0.3 and even == 0:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even > half * 0.3 and odd == 0:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
        raise _not_text()
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # A UTF-8 file with a few bad bytes: read as UTF-8, the bad bytes kept as
        # surrogate escapes for parse_csv to report line by line (never the whole
        # file reread as Windows-1252: "Café" would become "CafÃ©" without a word).
        return data.decode("utf-8", errors="surrogateescape"), "utf-8"
    cyrillic = data.decode("cp1251", errors="replace")
    if _looks_cyrillic(cyrillic):
        return cyrillic, "cp1251"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _mostly_utf8(data: bytes) -> bool:
    """Whether ``data`` (not valid UTF-8) is UTF-8 with a few bad bytes: it holds
    well-formed multi-byte UTF-8 characters, at least as many as bad bytes.  Text in
    Windows-1251/1252 almost never forms a valid UTF-8 sequence."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    good = sum(1 for ch in text if ch >= "\x80" and not "\udc80" <= ch <= "\udcff")
    return good > 0 and bad <= good


_BAD_BYTE = re.compile("[\udc80-\udcff]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_starts(text: str) -> list[int]:
    """The offset where each physical line of ``text`` starts (as csv counts lines)."""
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def _line_of(starts: Sequence[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _bad_bytes(text: str, starts: Sequence[int]) -> list[tuple[int, str]]:
    """``(line, message)`` for each line holding bytes that are not UTF-8."""
    found: dict[int, str] = {}
    for match in _BAD_BYTE.finditer(text):
        line = _line_of(starts, match.start())
        if line not in found:
            found[line] = _(
                "The byte 0x{byte:02X} at character {column} of line {line} is not UTF-8, "
                "though the rest of the file is. Correct the character in the file (save "
                "it as UTF-8 again) or skip the row."
            ).format(
                line=line,
                byte=ord(match.group()) - 0xDC00,
                column=match.start() - starts[line - 1] + 1,
            )
    return list(found.items())


def _quote_problems(text: str, delimiter: str, width: int) -> list[tuple[int, str]]:
    """``(line, message)`` for each quoted field left open or closed in the wrong
    place, by the line where the field starts.

    A quote inside a quoted field must be doubled; a lone quote followed by anything
    but a separator or the end of the line, or a quote never closed, means the
    reader ran on over line ends and merged rows.  A quoted field over several lines
    whose lines look like whole rows of a table of three or more columns (``width``
    cells) is reported too.
    """
    starts = _line_starts(text)
    problems: dict[int, str] = {}
    n = len(text)
    i = text.find('"')
    while i >= 0:
        if i > 0 and text[i - 1] not in (delimiter, "\r", "\n"):
            i = text.find('"', i + 1)  # a quote inside an unquoted cell is plain text
            continue
        begin, closed = i, False
        i = text.find('"', i + 1)
        while i >= 0:
            if i + 1 < n and text[i + 1] == '"':
                i = text.find('"', i + 2)  # a doubled quote
                continue
            closed = i + 1 >= n or text[i + 1] in (delimiter, "\r", "\n")
            break
        line = _line_of(starts, begin)
        if i < 0:
            problems.setdefault(
                line,
                _(
                    "A quoted field starts on line {line} and its closing quote is missing, "
                    "so the rest of the file was read into this row. Correct the quote in "
                    "the file."
                ).format(line=line),
            )
            break
        body = text[begin + 1 : i]
        rowlike = width > 2 and any(
            part.count(delimiter) >= width - 1 for part in _LINE_BREAK.split(body)[1:]
        )
        end = _line_of(starts, i)
        if (not closed or rowlike) and end > line:
            problems.setdefault(
                line,
                _(
                    "A quoted field starts on line {line} and its quotes do not match (a "
                    "quote inside a field must be doubled), so lines {line}\u2013{end} were "
                    "read as one row. Correct the quotes in the file or skip the row."
                ).format(line=line, end=end),
            )
        elif not closed:
            problems.setdefault(
                line,
                _(
                    "A quoted field on line {line} has quotes that do not match (a quote "
                    "inside a field must be doubled). Correct the quotes in the file or "
                    "skip the row."
                ).format(line=line),
            )
        if not closed:
            # The reader goes on with the rest of the cell unquoted, up to the next
            # separator or line end: so does this scan.
            i = text.find('"', i + 1)
            continue
        i = text.find('"', i + 1)
    return list(problems.items())


_CANDIDATES = (";", ",", "\t")


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """``(first line, cells)`` of every record of ``text``."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        yield start, cells


def _blank(cells: Sequence[str]) -> bool:
    return not any(c.strip() for c in cells)


def _consistency(sample: str, delimiter: str) -> tuple[float, int]:
    """(share of the first rows with the most common width, that width)."""
    widths: list[int] = []
    try:
        for _line, cells in _records(sample, delimiter):
            if not _blank(cells):
                widths.append(len(cells))
            if len(widths) >= 20:
                break
    except csv.Error:
        return 0.0, 0
    if not widths:
        return 0.0, 0
    width, times = Counter(widths).most_common(1)[0]
    return (times / len(widths), width) if width > 1 else (0.0, width)


def _sample(text: str, size: int = 32 * 1024) -> str:
    if len(text) <= size:
        return text
    cut = text.rfind("\n", 0, size)
    return text[: cut if cut > 0 else size]


def _delimiter(text: str) -> str:
    sample = _sample(text)
    sniffed: str | None = None
    with contextlib.suppress(csv.Error):
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(_CANDIDATES)).delimiter
    scores = {d: _consistency(sample, d) for d in _CANDIDATES}
    if sniffed in scores and scores[sniffed][1] > 1 and scores[sniffed][0] >= 0.8:
        return sniffed
    best = max(_CANDIDATES, key=lambda d: (scores[d], -_CANDIDATES.index(d)))
    if scores[best][1] > 1:
        return best
    return sniffed if sniffed in scores else ","


def _header_score(cells: Sequence[str]) -> int:
    known = _all_synonyms()
    return sum(1 for c in cells if normalize_name(c) in known)


def _too_large() -> CsvError:
    return CsvError(
        _("The file is too large to import ({size} MB at most).").format(
            size=MAX_FILE_BYTES // (1024 * 1024)
        )
    )


def parse_csv(data: bytes, path: str = "") -> CsvTable:
    """Read CSV ``data`` (the bytes of a file) into a :class:`CsvTable`.

    Raises :class:`CsvError` (only) when the bytes are not a usable CSV table.
    """
    if len(data) > MAX_FILE_BYTES:
        raise _too_large()
    text, encoding = _decode(data)
    head = text[:65536]
    controls = sum(1 for ch in head if ch < " " and ch not in "\t\r\n")
    if "\x00" in text or controls > len(head) // 100:
        raise _not_text()  # a spreadsheet, a PDF, an image…
    delimiter = _delimiter(text)
    records: list[tuple[int, list[str]]] = []
    try:
        for line, cells in _records(text, delimiter):
            if _blank(cells):
                continue
            if len(cells) > MAX_COLUMNS:
                raise CsvError(
                    _("A row has more than {count} columns: is this a CSV table?").format(
                        count=MAX_COLUMNS
                    )
                )
            records.append((line, cells))
    except csv.Error as exc:
        raise CsvError(
            _("The file cannot be read as CSV: {reason}").format(reason=str(exc))
        ) from exc
    if not records:
        raise CsvError(_("The file holds no table: it is empty."))
    candidates = records[:HEADER_SEARCH_ROWS]
    scores = [_header_score(cells) for _line, cells in candidates]
    best = max(range(len(candidates)), key=lambda i: (scores[i], -i))
    header_line, header_cells = records[best]
    width = max(len(cells) for _line, cells in records[best:])
    headers = tuple(c.strip() for c in header_cells) + ("",) * (width - len(header_cells))
    problems = _file_problems(text, delimiter, len(header_cells), records, header_line)
    rows = tuple(
        CsvRow(line, tuple(_BAD_BYTE.sub("\ufffd", c) for c in cells))
        for line, cells in records[best + 1 :]
    )
    return CsvTable(headers, rows, encoding, delimiter, header_line, path, problems)


def _file_problems(
    text: str,
    delimiter: str,
    width: int,
    records: Sequence[tuple[int, list[str]]],
    header_line: int,
) -> dict[int, str]:
    """The problems of :func:`_bad_bytes` and :func:`_quote_problems`, keyed by the
    line of the row they fall in.  One in the header (or above it) is a
    :class:`CsvError`: the columns themselves cannot be trusted."""
    starts = _line_starts(text)
    found = _bad_bytes(text, starts) + _quote_problems(text, delimiter, width)
    if not found:
        return {}
    firsts = [line for line, _cells in records]
    out: dict[int, str] = {}
    for line, message in sorted(found):
        index = bisect.bisect_right(firsts, line) - 1
        row_line = firsts[index] if index >= 0 else line
        if row_line <= header_line:
            raise CsvError(
                _("The header of the file (line {line}) cannot be read. {problem}").format(
                    line=row_line, problem=message
                )
            )
        out[row_line] = f"{out[row_line]} {message}" if row_line in out else message
    return out


def read_csv(path: str | os.PathLike[str]) -> CsvTable:
    """Read the CSV file at ``path`` (see :func:`parse_csv`); :class:`CsvError` if
    it cannot be read."""
    target = Path(path)
    try:
        if target.stat().st_size > MAX_FILE_BYTES:
            raise _too_large()
        data = target.read_bytes()
    except OSError as exc:
        raise CsvError(
            _("The file {path} cannot be read: {reason}").format(
                path=target, reason=exc.strerror or exc
            )
        ) from exc
    return parse_csv(data, str(target))


# =========================================================================== fields


def normalize_name(text: str) -> str:
    """A column name or choice word reduced for matching: accents dropped,
    case-folded, letters and digits only ("E-mail" → "email", "País" → "pais")."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in "".join(kept).casefold() if ch.isalnum())


@dataclass(frozen=True)
class ImportField:
    """A field a CSV column may be mapped to."""

    key: str
    label: str  # English source text, translated by :meth:`title`
    synonyms: tuple[str, ...] = ()
    required: bool = False

    def title(self) -> str:
        return _(self.label)


#: The entities that can be imported, with their names (translated when shown).
ENTITIES: dict[str, str] = {
    events.CLIENTS: N_("Clients"),
    events.COUPONS: N_("Coupons"),
    events.TICKETS: N_("Tickets"),
}


def _f(key: str, label: str, synonyms: str, required: bool = False) -> ImportField:
    """A field with its usual column names, ``|``-separated."""
    return ImportField(key, label, tuple(synonyms.split("|")), required)


_COMPANY = (
    "company|company name|organisation|organization|customer|client|empresa|compañía|"
    "nombre de la empresa|razón social|cliente|organización|компания|название компании|"
    "организация|наименование|клиент"
)
_CLIENT_REF = "client|customer|company|cliente|empresa|клиент|компания"
_PORTAL = (
    "portal|portal url|portal address|bitrix24|bitrix24 portal|url|dirección del portal|"
    "url del portal|портал|адрес портала"
)
_CURRENCY = "currency|moneda|divisa|валюта"
_NOTE = (
    "note|notes|comment|comments|nota|notas|comentario|comentarios|примечание|примечания|"
    "заметки|комментарий"
)
_NEW_CLIENT = "new client|new|cliente nuevo|nuevo cliente|новый клиент|новый"
_L = CLIENT_FIELD_LABELS

_FIELDS: dict[str, tuple[ImportField, ...]] = {
    events.CLIENTS: (
        _f("company", _L["company"], _COMPANY, required=True),
        _f(
            "contact_person",
            _L["contact_person"],
            "contact|contact name|contacto|persona de contacto|контакт|контактное лицо|фио",
        ),
        _f(
            "email",
            _L["email"],
            "email|e-mail|mail|email address|correo|correo electrónico|почта|"
            "электронная почта|эл. почта|e-mail адрес",
        ),
        _f("phone", _L["phone"], "phone|telephone|tel|mobile|teléfono|móvil|телефон"),
        _f("country", _L["country"], "country|país|страна"),
        _f("address", _L["address"], "address|dirección|адрес"),
        _f(
            "tax_id",
            _L["tax_id"],
            "tax id|tax number|vat|vat number|gst number|nif|cif|rfc|nit|инн",
        ),
        _f("portal_url", _L["portal_url"], _PORTAL),
        _f("doc_language", _L["doc_language"], "language|idioma|lengua|язык|язык документов"),
        _f("currency", _L["currency"], _CURRENCY),
        _f("non_profit", _L["non_profit"], "nonprofit|ngo|sin fines de lucro|ong|нко"),
        _f("affiliated", _L["affiliated"], "own entity|afiliada|afiliado|аффилированный"),
        _f("new_client", _L["new_client"], _NEW_CLIENT),
        _f("linked_via", _L["linked_via"], "vinculado por|vinculado|привязан через|привязка"),
        _f("support_commercial", _L["support_commercial"], "commercial|comercial|коммерческий"),
        _f("hosting", _L["hosting"], "alojamiento|хостинг|размещение"),
        _f("notes", _L["notes"], _NOTE),
    ),
    events.COUPONS: (
        _f(
            "code",
            N_("Code"),
            "code|coupon|coupon code|key|license key|código|cupón|código del cupón|clave|код|"
            "купон|код купона|ключ",
            required=True,
        ),
        _f("product", N_("Product"), "product|producto|продукт|товар"),
        _f(
            "plan",
            N_("Plan"),
            "plan|tariff|plan name|edition|tarifa|edición|тариф|план|редакция",
            required=True,
        ),
        _f(
            "term_months",
            N_("Term (months)"),
            "term|months|term months|duration|plazo|meses|duración|periodo|срок|месяцев|"
            "месяцы|период",
            required=True,
        ),
        _f("seats", N_("Seats"), "seats|users|usuarios|licencias|места|пользователи"),
        _f(
            "purchased_on",
            N_("Purchase date"),
            "purchased|purchased on|purchase date|date|bought|fecha de compra|comprado|fecha|"
            "дата покупки|куплен|дата",
            required=True,
        ),
        _f(
            "list_price",
            N_("List price"),
            "list price|price|precio|precio de lista|цена|цена по прайсу|розничная цена",
            required=True,
        ),
        _f("currency", N_("Currency"), _CURRENCY, required=True),
        _f("client", N_("Client"), _CLIENT_REF),
        _f("new_client", N_("New client"), _NEW_CLIENT),
        _f(
            "order_ref",
            N_("Order reference"),
            "order|order ref|order number|pedido|referencia|número de pedido|заказ|номер заказа",
        ),
        _f("note", N_("Note"), _NOTE),
    ),
    events.TICKETS: (
        _f("client", N_("Client"), _CLIENT_REF, required=True),
        _f("subject", N_("Subject"), "subject|title|asunto|título|тема|заголовок", required=True),
        _f(
            "description",
            N_("Description"),
            "description|details|problem|descripción|detalles|описание|проблема",
        ),
        _f("urgency", N_("Urgency"), "urgency|priority|urgencia|prioridad|срочность|приоритет"),
        _f("portal_url", N_("Portal URL"), _PORTAL),
        _f(
            "product_version",
            N_("Product version"),
            "version|product version|versión|версия|версия продукта",
        ),
        _f("edition", N_("Edition"), "edition|edición|редакция|plan|тариф"),
        _f(
            "assignee",
            N_("Assignee"),
            "assignee|assigned to|responsible|asignado|asignado a|responsable|исполнитель|"
            "ответственный",
        ),
    ),
}


def _entity_fields(entity: str) -> tuple[ImportField, ...]:
    try:
        return _FIELDS[entity]
    except KeyError:
        raise ValueError(f"unknown import entity {entity!r}") from None


def import_fields(entity: str) -> list[ImportField]:
    """The fields of ``entity`` ("clients", "coupons", "tickets") a column may fill."""
    return list(_entity_fields(entity))


def entity_title(entity: str) -> str:
    return _(ENTITIES[entity]) if entity in ENTITIES else entity


@cache
def _synonyms(entity: str) -> dict[str, str]:
    """Normalised column name → field key (its key, its label in every language of
    the desk, and the usual names of the column)."""
    out: dict[str, str] = {}
    fields = _entity_fields(entity)
    # Exact names first: a field's own label wins over another field's synonym.
    for f in fields:
        out.setdefault(normalize_name(f.key), f.key)
        for lang in LANGUAGES:
            out.setdefault(normalize_name(translation(lang).gettext(f.label)), f.key)
    for f in fields:
        for name in f.synonyms:
            out.setdefault(normalize_name(name), f.key)
    out.pop("", None)
    return out


@cache
def _all_synonyms() -> frozenset[str]:
    return frozenset(name for entity in _FIELDS for name in _synonyms(entity))


def suggest_mapping(headers: Sequence[str], entity: str) -> list[str | None]:
    """For each column, the field of ``entity`` its name says (None: ignore it).

    Names are compared normalised (:func:`normalize_name`), in English, Spanish and
    Russian; each field goes to the first column that names it.
    """
    names = _synonyms(entity)
    used: set[str] = set()
    mapping: list[str | None] = []
    for header in headers:
        key = names.get(normalize_name(header))
        if key is None or key in used:
            mapping.append(None)
        else:
            used.add(key)
            mapping.append(key)
    return mapping


# =========================================================================== cell values


def _strip_neutralized(text: str) -> str:
    """Undo :func:`neutralize` (a file exported by the desk comes back as it was)."""
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START:
        return text[1:]
    return text


_TRUE = frozenset({"1", "yes", "y", "true", "si", "s", "verdadero", "x", "да", "д", "истина"})
_FALSE = frozenset({"0", "no", "n", "false", "falso", "нет", "н", "ложь"})


def _boolean(text: str, key: str, title: str) -> bool:
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
    if kind == "product":
        return _choice_aliases(
            {p: vocabulary.PRODUCTS.get(p, p) for p in COUPON_PRODUCTS},
            {"subscription": "cloud_subscription", "cloud": "cloud_subscription"},
        )
    if kind == "hosting":
        return _choice_aliases(
            {h: vocabulary.HOSTINGS.get(h, h) for h in HOSTING},
            {
                "self-hosted": "self_hosted", "on-premise": "self_hosted",
                "on premises": "self_hosted", "autoalojada": "self_hosted",
                "коробочная": "self_hosted",
                "nube": "cloud", "облако": "cloud", "облачная": "cloud",
            },
        )  # fmt: skip
    if kind == "linked_via":
        return _choice_aliases({k: vocabulary.LINKED_VIA.get(k, k) for k in LINKED_VIA}, {})
    if kind == "urgency":
        return _choice_aliases(
            {u: vocabulary.URGENCIES.get(u, u) for u in URGENCIES},
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
        for lang in ("en", "es", "ru"):
            for code, name in Locale.parse(lang).territories.items():
                if len(code) == 2 and code.isalpha():
                    out.setdefault(normalize_name(name), code)
        out.update({"usa": "US", "uk": "GB", "россия": "RU", "espana": "ES", "eeuu": "US"})
        return out
    raise ValueError(kind)


def _alias(kind: str, text: str) -> str:
    """The code ``text`` names, or ``text`` itself for the store to refuse."""
    return _aliases(kind).get(normalize_name(text), text)


def _country(text: str) -> str:
    raw = text.strip()
    if len(raw) == 2 and raw.isalpha():
        return raw.upper()
    return _alias("country", raw)


def _language(text: str) -> str:
    raw = text.strip()
    if len(raw) == 2 and raw.isalpha():
        return raw.lower()
    return _alias("language", raw)


@cache
def _month_numbers() -> dict[str, int]:
    out: dict[str, int] = {}
    for loc in ("en_NZ", "es_ES", "ru_RU"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, loc).items():
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


def _date(text: str, key: str, title: str) -> date:
    raw = " ".join(text.split())
    parts = _date_parts(raw)
    if parts is not None:
        with contextlib.suppress(ValueError):
            return date(*parts)
    message = _("{field}: \u201c{value}\u201d is not a date; write it as 2026-11-20 or 20/11/2026.")
    raise ValidationError(key, message.format(field=title, value=raw))


_LEADING_INT = re.compile(r"\s*([0-9]{1,9})(?![0-9.,])")


def _whole_number(text: str, key: str, title: str) -> int:
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


def _amount(text: str, key: str, title: str) -> str:
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


# =========================================================================== preview


@dataclass(frozen=True)
class RowError:
    """What is wrong with a row: its line in the file, the field (its key, "" when
    the message is about the row) and the CSV column that field came from."""

    line: int
    field: str
    column: str
    message: str


@dataclass
class PreviewRow:
    """A data row as the import would write it, and its errors (none: valid)."""

    line: int
    data: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    """The outcome of :func:`preview_import`: every row checked, nothing written."""

    entity: str
    table: CsvTable
    mapping: list[str | None]
    rows: list[PreviewRow]
    now: datetime
    today: date

    @property
    def unreadable_lines(self) -> list[int]:
        """Rows the file itself gets wrong (a bad byte, quotes that do not match):
        imported only when fixed in the file, or skipped on purpose."""
        return sorted(self.table.problems)

    @property
    def valid_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.valid]

    @property
    def valid_count(self) -> int:
        return sum(1 for r in self.rows if r.valid)

    @property
    def invalid_count(self) -> int:
        return len(self.rows) - self.valid_count

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def unmapped_required(self) -> list[ImportField]:
        """Required fields no column is mapped to (every row then misses them)."""
        chosen = set(self.mapping)
        return [f for f in _entity_fields(self.entity) if f.required and f.key not in chosen]


class _Context:
    """What the rows of one preview or import share: the moment, look-ups, and the
    companies seen so far in the file."""

    def __init__(self, now: datetime, today: date) -> None:
        self.now = now
        self.today = today
        self.seen: dict[str, int] = {}  # company (case-folded) → line of a valid row
        self._office: Any = None
        self._companies: dict[str, list[int]] | None = None
        self._plans: dict[str, list[Plan]] | None = None
        self._calendar: Any = None

    @property
    def office(self) -> Any:
        if self._office is None:
            self._office = get_office()
        return self._office

    @property
    def calendar(self) -> Any:
        if self._calendar is None:
            self._calendar = business_calendar()
        return self._calendar

    def clients_named(self, name: str) -> list[int]:
        if self._companies is None:
            self._companies = {}
            for client_id, company in Client.select(Client.id, Client.company).tuples():
                self._companies.setdefault(company.strip().casefold(), []).append(client_id)
        return self._companies.get(name.strip().casefold(), [])

    def plans_named(self, name: str) -> list[Plan]:
        if self._plans is None:
            self._plans = {}
            for plan in Plan.select().order_by(Plan.archived, Plan.position, Plan.id):
                keys = {plan.code.casefold(), plan.name.strip().casefold()}
                keys.add(plan.name.strip().casefold().removeprefix("bitrix24").strip())
                for key in keys - {""}:
                    self._plans.setdefault(key, []).append(plan)
        key = " ".join(name.split()).casefold()
        return self._plans.get(key) or self._plans.get(key.removeprefix("bitrix24").strip(), [])


#: A row's cells converted: the data for the store, the cells that could not be read,
#: and the fields whose errors from the store would only repeat those.
Converted = tuple[dict[str, Any], list[ValidationError], frozenset[str]]


def _title_of(entity: str, key: str) -> str:
    for f in _entity_fields(entity):
        if f.key == key:
            return f.title()
    return field_label(key)


def _client_reference(text: str, ctx: _Context) -> int:
    ids = ctx.clients_named(text)
    if not ids:
        raise ValidationError(
            "client",
            _("There is no client called \u201c{name}\u201d.").format(name=text.strip()),
        )
    if len(ids) > 1:
        raise ValidationError(
            "client",
            _(
                "Several clients are called \u201c{name}\u201d: give them different names "
                "before importing."
            ).format(name=text.strip()),
        )
    return ids[0]


_CLIENT_BOOLEANS = frozenset(k for k, v in CLIENT_FIELDS.items() if isinstance(v, bool))


def _client_data(cells: Mapping[str, str], ctx: _Context) -> Converted:
    data: dict[str, Any] = {}
    errors: list[ValidationError] = []
    for key, text in cells.items():
        if not text.strip():
            continue
        try:
            if key in _CLIENT_BOOLEANS:
                data[key] = _boolean(text, key, _title_of(events.CLIENTS, key))
            elif key == "country":
                data[key] = _country(text)
            elif key == "doc_language":
                data[key] = _language(text)
            elif key in ("linked_via", "hosting"):
                data[key] = _alias(key, text)
            else:
                data[key] = text
        except ValidationError as exc:
            errors.append(exc)
    office = ctx.office
    data.setdefault("country", office.country)
    data.setdefault("currency", office.default_currency)
    data.setdefault("doc_language", office.interface_language)
    return data, errors, frozenset()


def _duplicate_client(company: str, ctx: _Context) -> None:
    key = company.strip().casefold()
    if ctx.clients_named(company):
        raise ValidationError(
            "company",
            _("A client called \u201c{company}\u201d exists already.").format(company=company),
        )
    if key in ctx.seen:
        raise ValidationError(
            "company",
            _("\u201c{company}\u201d is already on line {line} of the file.").format(
                company=company, line=ctx.seen[key]
            ),
        )


def _check_client(data: dict[str, Any], ctx: _Context) -> None:
    values = clean_client_data(data)
    _duplicate_client(values["company"], ctx)


def _write_client(data: dict[str, Any], ctx: _Context) -> None:
    _check_client(data, ctx)
    create_client(data)


#: The product a coupon without one is, by the kind of its plan.
_DEFAULT_PRODUCT = {"cloud": "cloud_subscription", "on_premise": "onprem_key"}


def _coupon_data(cells: Mapping[str, str], ctx: _Context) -> Converted:
    data: dict[str, Any] = {"use_bonus": False}
    errors: list[ValidationError] = []
    plan: Plan | None = None
    for key, text in cells.items():
        if not text.strip():
            continue
        title = _title_of(events.COUPONS, key)
        try:
            if key == "plan":
                plans = ctx.plans_named(text)
                if not plans:
                    raise ValidationError(
                        "plan",
                        _("\u201c{value}\u201d is not a plan of the price list.").format(
                            value=text.strip()
                        ),
                    )
                plan = plans[0]
                data["plan"] = plan.id
            elif key == "product":
                product = _alias("product", text)
                if product not in COUPON_PRODUCTS:
                    raise ValidationError(
                        "product",
                        _("{field}: \u201c{value}\u201d is not a known product.").format(
                            field=title, value=text.strip()
                        ),
                    )
                data["product"] = product
            elif key in ("term_months", "seats"):
                data[key] = _whole_number(text, key, title)
            elif key == "purchased_on":
                data[key] = _date(text, key, title)
            elif key == "list_price":
                data[key] = _amount(text, key, title)
            elif key == "client":
                data["client"] = _client_reference(text, ctx)
            elif key == "new_client":
                data[key] = _boolean(text, key, title)
            else:
                data[key] = text.strip()
        except ValidationError as exc:
            errors.append(exc)
    implied: frozenset[str] = frozenset()
    if not cells.get("product", "").strip():
        if plan is not None and plan.kind in _DEFAULT_PRODUCT:
            data["product"] = _DEFAULT_PRODUCT[plan.kind]
        elif cells.get("plan", "").strip():
            implied = frozenset({"product"})  # it follows from the plan, unknown here
    return data, errors, implied


def _write_coupon(data: dict[str, Any], ctx: _Context) -> None:
    record_purchase(data, ctx.today)


def _ticket_data(cells: Mapping[str, str], ctx: _Context) -> Converted:
    data: dict[str, Any] = {}
    errors: list[ValidationError] = []
    for key, text in cells.items():
        if not text.strip():
            continue
        try:
            if key == "client":
                data["client_id"] = _client_reference(text, ctx)
            elif key == "urgency":
                data[key] = _alias("urgency", text)
            elif key == "description":
                data[key] = text
            else:
                data[key] = text.strip()
        except ValidationError as exc:
            errors.append(exc)
    return data, errors, frozenset()


def _write_ticket(data: dict[str, Any], ctx: _Context) -> None:
    create_ticket(data, ctx.now, ctx.calendar)


@dataclass(frozen=True)
class _Entity:
    convert: Callable[[Mapping[str, str], _Context], Converted]
    #: Check a row without keeping anything (may write: rolled back).
    check: Callable[[dict[str, Any], _Context], None]
    write: Callable[[dict[str, Any], _Context], None]
    #: Whether :attr:`check` writes (then each row runs in a savepoint).
    check_writes: bool


_ENTITY_RULES: dict[str, _Entity] = {
    events.CLIENTS: _Entity(_client_data, _check_client, _write_client, False),
    events.COUPONS: _Entity(_coupon_data, _write_coupon, _write_coupon, True),
    events.TICKETS: _Entity(_ticket_data, _write_ticket, _write_ticket, True),
}


class _Discard(Exception):
    """Roll back the row's savepoint although its checks passed."""


def _store_errors(call: Callable[[], None], keep: bool) -> list[ValidationError]:
    """Run ``call`` in a savepoint; the errors it raises (kept only if ``keep`` and
    it succeeded)."""
    try:
        with database().atomic():
            call()
            if not keep:
                raise _Discard
    except _Discard:
        return []
    except ValidationErrors as exc:
        return list(exc.errors)
    except ValidationError as exc:
        return [exc]
    except StoreError as exc:
        return [ValidationError("", str(exc))]
    return []


def _cells(row: CsvRow, mapping: Sequence[str | None]) -> dict[str, str]:
    return {
        key: _strip_neutralized(row.get(column))
        for column, key in enumerate(mapping)
        if key is not None
    }


def _check_mapping(table: CsvTable, mapping: Sequence[str | None], entity: str) -> None:
    if len(mapping) != len(table.headers):
        raise CsvError(_("The column mapping does not match the columns of the file."))
    known = {f.key: f for f in _entity_fields(entity)}
    seen: set[str] = set()
    for key in mapping:
        if key is None:
            continue
        if key not in known:
            raise CsvError(
                _("\u201c{field}\u201d is not a field that can be imported.").format(field=key)
            )
        if key in seen:
            raise CsvError(
                _("Two columns are mapped to {field}: choose one.").format(field=known[key].title())
            )
        seen.add(key)


def _process(
    entity: str,
    table: CsvTable,
    mapping: Sequence[str | None],
    ctx: _Context,
    only: set[int] | None,
    commit: bool,
    progress: Progress | None = None,
) -> tuple[list[PreviewRow], list[str]]:
    """Check (``commit`` False: everything rolled back) or write the rows."""
    rules = _ENTITY_RULES[entity]
    columns = {key: table.headers[i] for i, key in enumerate(mapping) if key is not None}
    rows = [r for r in table.rows if only is None or r.line in only]
    out: list[PreviewRow] = []
    with events.hold() as held, database().atomic() as txn:
        for done, row in enumerate(rows):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, len(rows))
            data, problems, implied = rules.convert(_cells(row, mapping), ctx)
            if row.line in table.problems:  # the file itself is wrong here
                problems.insert(0, ValidationError("", table.problems[row.line]))
            step = rules.write if commit else rules.check
            keep = not problems and (commit or rules.check_writes)
            found = _store_errors(lambda: step(data, ctx), keep=keep)  # noqa: B023
            reported = {e.field for e in problems} | implied
            problems += [e for e in found if e.field not in reported or not e.field]
            if not problems and entity == events.CLIENTS:
                ctx.seen[str(data.get("company", "")).strip().casefold()] = row.line
            errors = [
                RowError(row.line, e.field, columns.get(_mapped_key(e.field), ""), e.message)
                for e in problems
            ]
            if commit and errors:
                raise ImportChangedError(
                    _(
                        "Line {line} cannot be imported any more ({reason}): the data "
                        "changed since the preview. Nothing was imported; check the file again."
                    ).format(line=row.line, reason=errors[0].message),
                    reason=errors[0].message,
                )
            out.append(PreviewRow(row.line, data, errors))
        if progress is not None:
            progress(len(rows), len(rows))
        if not commit:
            txn.rollback()
    return out, held


def _mapped_key(error_field: str) -> str:
    """The import field an error of the store names ("client_id" → "client")."""
    return {"client_id": "client", "coupon_code": "code"}.get(error_field, error_field)


def preview_import(
    table: CsvTable,
    mapping: Sequence[str | None],
    entity: str,
    now: datetime | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportPreview:
    """Check every row of ``table`` as ``entity`` with ``mapping`` (one field key or
    None per column) and return what would be imported; nothing is kept.

    ``now`` (aware; default: this moment) stamps tickets; ``today`` (default: the
    date of ``now``) bounds purchase dates.  Raises :class:`CsvError` when the
    mapping does not fit the table (a column count that differs, an unknown field,
    a field on two columns); row problems are in the preview, never raised.

    ``progress(done, total)`` is called every few rows; an exception it raises
    (the user cancelled) stops the check and comes out as it is.
    """
    _entity_fields(entity)
    _check_mapping(table, mapping, entity)
    moment = now if now is not None else datetime.now().astimezone()
    day = today if today is not None else moment.date()
    context = _Context(moment, day)
    try:
        rows, _held = _process(entity, table, mapping, context, None, False, progress)
    except Exception as exc:
        if (plain := translate_write_error(exc)) is not None:
            raise plain from exc  # e.g. another desk holds the write lock
        raise
    return ImportPreview(entity, table, list(mapping), rows, moment, day)


def apply_import(
    preview: ImportPreview,
    progress: Progress | None = None,
    batch_rows: int = BATCH_ROWS,
    *,
    skip_unreadable: bool = False,
) -> int:
    """Write the valid rows of ``preview`` in batches of ``batch_rows`` rows, each
    batch one transaction; returns how many rows were written.

    Between two batches the write lock is free, so another desk waits at most for
    one batch (well under its busy timeout), never for the whole file.  Invalid
    rows are skipped.  If the import stops midway — a row valid in the preview is
    not any more, the user cancels (``progress`` raises), or the database fails —
    the batch it stopped in is rolled back and the batches before it stay: whole
    rows, never half a row.  Then :class:`ImportInterruptedError` says how many
    rows were imported and from which line nothing was (checking the file again
    shows the clients and coupons already imported as duplicates, so importing it
    again adds only the rest).  When nothing was written yet, the cause comes out
    as it is (:class:`ImportChangedError`, the cancellation…).  A crash midway
    leaves the same: the committed batches.  One change notice goes out at the end.

    Rows the file itself gets wrong (:attr:`ImportPreview.unreadable_lines`) stop
    the import before anything is written (:class:`CsvError` naming the lines)
    unless ``skip_unreadable`` says to skip them.
    """
    unreadable = preview.unreadable_lines
    if unreadable and not skip_unreadable:
        shown = ", ".join(str(line) for line in unreadable[:10])
        raise CsvError(
            ngettext(
                "Line {lines} of the file cannot be read as it is. Nothing was imported: "
                "correct the file, or choose to skip the line.",
                "Lines {lines} of the file cannot be read as they are. Nothing was "
                "imported: correct the file, or choose to skip those lines.",
                len(unreadable),
            ).format(lines=shown + (", \u2026" if len(unreadable) > 10 else ""))
        )
    lines = [r.line for r in preview.rows if r.valid]
    if not lines:
        return 0
    ctx = _Context(preview.now, preview.today)
    table, mapping = preview.table, preview.mapping
    held: list[str] = []
    written = 0
    try:
        for start in range(0, len(lines), max(1, batch_rows)):
            batch = lines[start : start + max(1, batch_rows)]

            def report(done: int, _total: int, offset: int = start) -> None:
                if progress is not None:
                    progress(offset + done, len(lines))

            rows, notices = _process(
                preview.entity, table, mapping, ctx, set(batch), True, report
            )
            written += len(rows)
            held += notices
    except BaseException as exc:
        # "database is locked" when another desk held the write lock too long, a
        # full disk…: said in plain words, not as the driver's text.
        plain = translate_write_error(exc) if isinstance(exc, Exception) else None
        if written == 0:
            if plain is not None:
                raise plain from exc
            raise
        events.notify(*dict.fromkeys([*held, preview.entity]))
        stopped = lines[written]
        if isinstance(exc, ImportChangedError):
            reason = exc.reason
        elif isinstance(exc, StoreError) or plain is not None:
            reason = str(plain or exc)
        else:
            reason = _("cancelled, or the database failed")
        raise ImportInterruptedError(
            ngettext(
                "The import stopped at line {line} ({reason}). {count} row before it was "
                "imported whole; nothing from line {line} on. Check the file again: the "
                "rows already imported show as duplicates.",
                "The import stopped at line {line} ({reason}). {count} rows before it were "
                "imported whole; nothing from line {line} on. Check the file again: the "
                "rows already imported show as duplicates.",
                written,
            ).format(line=stopped, reason=reason, count=written),
            imported=written,
        ) from exc
    events.notify(*dict.fromkeys([*held, preview.entity]))
    return written
