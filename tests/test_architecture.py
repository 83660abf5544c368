"""The rules, the store, the PDF code and i18n run without Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import b24desk

PACKAGE = Path(b24desk.__file__).parent
QT_FREE = [
    "domain",
    "store",
    "pdf",
    "i18n.py",
    "paths.py",
    "cli.py",
    "backup_cli.py",
    "logsetup.py",
]


def _python_files(entry: str) -> list[Path]:
    target = PACKAGE / entry
    return sorted(target.rglob("*.py")) if target.is_dir() else [target]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_modules_never_import_qt() -> None:
    offenders = []
    for entry in QT_FREE:
        for path in _python_files(entry):
            qt = {n for n in _imported_modules(path) if n.split(".")[0] in {"PySide6", "shiboken6"}}
            if qt:
                offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(qt)}")
    assert not offenders, "Qt imported outside b24desk/ui and app.py:\n" + "\n".join(offenders)


def test_core_runs_in_a_process_without_qt() -> None:
    modules = []
    for entry in QT_FREE:
        for path in _python_files(entry):
            rel = path.relative_to(PACKAGE.parent).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            modules.append(".".join(parts))
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"importing the core loaded Qt: {result.stdout}"
    assert len(modules) > 10


def _runtime_imports(path: Path) -> set[str]:
    """Modules ``path`` imports when it runs (not those under ``if TYPE_CHECKING:``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_widgets_never_import_peewee_or_the_models() -> None:
    """#12: "No peewee query remains in a widget module": widgets call store functions."""
    offenders = []
    for path in _python_files("ui"):
        found = sorted(
            name
            for name in _runtime_imports(path)
            if name.split(".")[0] == "peewee"
            or name == "b24desk.store.models"
            or name.startswith("b24desk.store.models.")
        )
        if found:
            offenders.append(f"{path.relative_to(PACKAGE)}: {found}")
    assert not offenders, "peewee or the models imported by a widget:\n" + "\n".join(offenders)


def test_store_never_imports_pdf() -> None:
    """#12: the PDF's input types live in the domain, "so store/ no longer imports pdf/"."""
    offenders = []
    for path in _python_files("store"):
        found = sorted(
            name for name in _imported_modules(path) if name.startswith("b24desk.pdf")
        )
        if found or any(
            isinstance(node, ast.ImportFrom) and node.module == "b24desk"
            and any(alias.name == "pdf" for alias in node.names)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        ):
            offenders.append(f"{path.relative_to(PACKAGE)}: {found or ['b24desk.pdf']}")
    assert not offenders, "store/ imports pdf/:\n" + "\n".join(offenders)


def test_the_import_checks_see_what_they_look_for(tmp_path: Path) -> None:
    """The checks above would catch an offender (so they cannot pass by seeing nothing)."""
    sample = tmp_path / "widget.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "import peewee\n"
        "def f():\n    from b24desk.store.models import Client\n"
        "if TYPE_CHECKING:\n    from b24desk.store.models import Invoice\n"
    )
    found = _runtime_imports(sample)
    assert "peewee" in found and "b24desk.store.models.Client" in found
    assert "b24desk.store.models.Invoice" not in found
