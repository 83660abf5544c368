"""CSV export of the desk's tables and CSV import of clients, coupons and tickets.

One module for each thing, each importing only those above it:

- :mod:`.cells` — a cell's text read as the store wants it: yes/no words, dates
  in the three languages, whole numbers, amounts without their currency sign, codes
  named by their label ("España" → "ES").  Knows no file and no entity.
- :mod:`.fields` — the fields each entity's columns may be mapped to, and the
  column names in English, Spanish and Russian (:func:`suggest_mapping`).
- :mod:`.files` — the file format: dialects, the BOM, formula-injection
  neutralising, :func:`export_rows`; encoding and delimiter detection, the header
  row and damaged lines, :func:`read_csv`.
- :mod:`.entities` — what importing a row of each entity means: converting its
  cells, checking it, writing it.
- :mod:`.importing` — :func:`preview_import` (keeps nothing) and
  :func:`apply_import` (writes in batches).

The public names below are importable from this package as before; each is loaded
from its module when first used, so that the modules may import one another
without going through this one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b24desk.store.csvio.cells import normalize_name
    from b24desk.store.csvio.fields import (
        ENTITIES,
        ImportField,
        entity_title,
        import_fields,
        suggest_mapping,
    )
    from b24desk.store.csvio.files import (
        COMMA,
        DIALECTS,
        SEMICOLON,
        CsvDialect,
        CsvError,
        CsvRow,
        CsvTable,
        export_rows,
        is_plain_number,
        neutralize,
        parse_csv,
        read_csv,
    )
    from b24desk.store.csvio.importing import (
        ImportChangedError,
        ImportInterruptedError,
        ImportPreview,
        PreviewRow,
        Progress,
        RowError,
        apply_import,
        preview_import,
    )

#: The public names each module of this package defines.
_EXPORTS: dict[str, str] = {
    "cells": "normalize_name",
    "fields": "ENTITIES ImportField entity_title import_fields suggest_mapping",
    "files": (
        "COMMA DIALECTS SEMICOLON CsvDialect CsvError CsvRow CsvTable export_rows "
        "is_plain_number neutralize parse_csv read_csv"
    ),
    "importing": (
        "ImportChangedError ImportInterruptedError ImportPreview PreviewRow Progress "
        "RowError apply_import preview_import"
    ),
}
_HOMES = {name: module for module, names in _EXPORTS.items() for name in names.split()}

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
    "Progress",
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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # found directly next time
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
