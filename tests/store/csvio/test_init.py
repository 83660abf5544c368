"""The package b24desk.store.csvio keeps the public names of the module it was
(issue #14: "keep public names importable from the package"), each the object of
the module that now defines it."""

from __future__ import annotations

import importlib

import pytest

import b24desk.store.csvio as csvio

#: The public names of store/csvio.py before the split, and the module each lives in now.
FORMER_API = {
    "cells": ["normalize_name"],
    "fields": ["ENTITIES", "ImportField", "entity_title", "import_fields", "suggest_mapping"],
    "files": [
        "COMMA", "DIALECTS", "SEMICOLON", "CsvDialect", "CsvError", "CsvRow", "CsvTable",
        "export_rows", "is_plain_number", "neutralize", "parse_csv", "read_csv",
    ],
    "importing": [
        "ImportChangedError", "ImportInterruptedError", "ImportPreview", "PreviewRow",
        "Progress", "RowError", "apply_import", "preview_import",
    ],
}  # fmt: skip


@pytest.mark.parametrize("home", sorted(FORMER_API))
def test_the_former_public_names_are_importable_from_the_package(home: str) -> None:
    module = importlib.import_module(f"b24desk.store.csvio.{home}")
    for name in FORMER_API[home]:
        assert getattr(csvio, name) is getattr(module, name), name
        assert name in csvio.__all__ and name in dir(csvio)
        namespace: dict[str, object] = {}
        exec(f"from b24desk.store.csvio import {name}", namespace)
        assert namespace[name] is getattr(module, name)


def test_the_package_exports_nothing_else() -> None:
    assert sorted(csvio.__all__) == sorted(n for names in FORMER_API.values() for n in names)
    with pytest.raises(AttributeError, match="no attribute 'parse_date'"):
        csvio.parse_date  # noqa: B018  (a cell converter: imported from .cells)
