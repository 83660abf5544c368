"""The CSV file format: writing the desk's tables, reading a file into a table.

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
like the ASCII ones.  :func:`strip_neutralized` removes that apostrophe again when a
file exported by the desk comes back.

Reading
-------
:func:`read_csv` reads a file into a :class:`CsvTable`.  Encoding: a UTF-8 or
UTF-16 byte-order mark decides; otherwise strict UTF-8; otherwise UTF-8 when the
file is mostly UTF-8 (its few bad bytes are reported with their lines, never
guessed); otherwise Windows-1251 when the text reads as Cyrillic words, else
Windows-1252, else Latin-1 (which reads any byte).  A quoted field whose quotes
do not match (which would merge lines into one row) is reported with the line
where it starts; such rows are imported only when corrected or skipped on
purpose (:attr:`CsvTable.problems`).  The delimiter is the one of ``;``, ``,`` and tab that
:class:`csv.Sniffer` finds, checked against the column counts of the first
rows.  The header is the row, among the first ten non-blank ones, whose cells
name the most known fields (:func:`~.fields.known_names`; else the first
non-blank row); rows above it are dropped and blank rows are skipped.  Line
numbers are the file's physical lines (the header is usually line 1).
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
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from b24desk.i18n import _
from b24desk.store.csvio.cells import normalize_name
from b24desk.store.csvio.fields import known_names
from b24desk.store.errors import StoreError

__all__ = [
    "COMMA",
    "DIALECTS",
    "SEMICOLON",
    "CsvDialect",
    "CsvError",
    "CsvRow",
    "CsvTable",
    "export_rows",
    "is_plain_number",
    "neutralize",
    "parse_csv",
    "read_csv",
    "strip_neutralized",
]

#: Files larger than this are refused (a CSV of 50 000 rows is a few MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: More columns than this is not a table of the desk (nor a CSV file, probably).
MAX_COLUMNS = 200
#: How many non-blank rows the header is looked for in.
HEADER_SEARCH_ROWS = 10


class CsvError(StoreError):
    """The file cannot be read as a CSV table, or the mapping is not usable."""


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


def strip_neutralized(text: str) -> str:
    """Undo :func:`neutralize` (a file exported by the desk comes back as it was)."""
    if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_START:
        return text[1:]
    return text


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
    known = known_names()
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
