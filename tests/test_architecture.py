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
