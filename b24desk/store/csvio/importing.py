"""Importing a CSV table: a preview that keeps nothing, then the import in batches.

1. :func:`preview_import` checks every row **without keeping anything**, with the
   rules of the entity (:data:`~.entities.ENTITY_RULES`): the writes a check needs
   run inside a transaction that is rolled back (each row in its own savepoint, so
   a code twice in the file is caught as the store would catch it).  A leading
   apostrophe that neutralised a formula on export is removed first.
2. :func:`apply_import` writes the valid rows in transactions of
   :data:`BATCH_ROWS` rows (so that another desk never waits for the whole file's
   write lock) and sends one change notice at the end.  If a row valid in the
   preview fails now (someone changed the data meanwhile), its batch is rolled
   back: nothing is written when it was in the first batch
   (:class:`ImportChangedError`), else the earlier batches stay, whole rows, and
   :class:`ImportInterruptedError` says how many and from which line nothing was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.i18n import _, ngettext
from b24desk.store import events
from b24desk.store.csvio.entities import ENTITY_RULES, ImportContext
from b24desk.store.csvio.fields import ImportField, import_fields
from b24desk.store.csvio.files import CsvError, CsvRow, CsvTable, strip_neutralized
from b24desk.store.db import database
from b24desk.store.errors import StoreError, translate_write_error

__all__ = [
    "BATCH_ROWS",
    "ImportChangedError",
    "ImportInterruptedError",
    "ImportPreview",
    "PreviewRow",
    "Progress",
    "RowError",
    "apply_import",
    "preview_import",
]

#: Rows between two calls of an import's progress callback.
PROGRESS_EVERY = 20
#: Rows written per transaction by :func:`apply_import` (a few hundred milliseconds of
#: write lock, far below another desk's busy timeout of 10 s).
BATCH_ROWS = 200

#: ``progress(done, total)``: told how far a preview or an import is.
Progress = Callable[[int, int], None]


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
        return [f for f in import_fields(self.entity) if f.required and f.key not in chosen]


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
        key: strip_neutralized(row.get(column))
        for column, key in enumerate(mapping)
        if key is not None
    }


def _check_mapping(table: CsvTable, mapping: Sequence[str | None], entity: str) -> None:
    if len(mapping) != len(table.headers):
        raise CsvError(_("The column mapping does not match the columns of the file."))
    known = {f.key: f for f in import_fields(entity)}
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
    ctx: ImportContext,
    only: set[int] | None,
    commit: bool,
    progress: Progress | None = None,
) -> tuple[list[PreviewRow], list[str]]:
    """Check (``commit`` False: everything rolled back) or write the rows."""
    rules = ENTITY_RULES[entity]
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
            if not problems and rules.remember is not None:
                rules.remember(data, row.line, ctx)
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
    import_fields(entity)
    _check_mapping(table, mapping, entity)
    moment = now if now is not None else datetime.now().astimezone()
    day = today if today is not None else moment.date()
    context = ImportContext(moment, day)
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
    ctx = ImportContext(preview.now, preview.today)
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
