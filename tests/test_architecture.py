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
    "cli",
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


# --------------------------------------------------------------------------- import loops
#
# Choice: only imports that run when a module is imported count (module level, also
# inside ``if``/``try`` there); imports inside functions are left out on purpose: they
# are lazy for start-up speed and cannot deadlock an import.  ``if TYPE_CHECKING:``
# blocks never run and are left out too.  ``from pkg import name`` imports pkg's
# ``__init__`` and, when ``name`` is a submodule, ``pkg.name`` as well.

#: Modules allowed over the size limit: data tables only, each with its reason.
MAX_LINES = 1000
SIZE_ALLOWED: dict[str, str] = {}


def _module_name(root: Path, path: Path, package: str) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package, *parts])


def _load_time_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.append(node)
            elif isinstance(node, ast.If):
                test = ast.unparse(node.test)
                if test not in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                for block in (node.body, node.orelse, node.finalbody):
                    visit(block)
                for handler in node.handlers:
                    visit(handler.body)
            elif isinstance(node, ast.ClassDef | ast.With):
                visit(node.body)

    visit(tree.body)
    return found


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module → the modules of ``package`` it imports when it is imported."""
    files = {_module_name(root, p, package): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        for node in _load_time_imports(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")
                    anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [base]
                targets += [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                # importing a.b.c runs a, a.b and a.b.c
                pieces = target.split(".")
                for i in range(1, len(pieces) + 1):
                    module = ".".join(pieces[:i])
                    if module in graph and module != name:
                        graph[name].add(module)
    return graph


def import_loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []
    counter = 0

    def connect(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                connect(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(loops)


def test_no_import_loop_inside_the_package() -> None:
    loops = import_loops(import_graph(PACKAGE, "b24desk"))
    assert loops == [], "import loops: " + "; ".join(" <-> ".join(c) for c in loops)


def test_the_loop_finder_sees_a_loop_and_a_package_init(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg import b\n")
    (pkg / "b.py").write_text("def f():\n    from pkg import a\n")  # lazy: no loop
    (pkg / "c.py").write_text("from pkg.d import x\n")
    (pkg / "d.py").write_text("if True:\n    import pkg.c\n")  # a loop c <-> d
    (pkg / "sub" / "__init__.py").write_text("from pkg.sub.e import y\n")
    (pkg / "sub" / "e.py").write_text("from pkg.sub import z\n")  # imports its own init
    (pkg / "sub" / "f.py").write_text("from . import e\n")  # a sibling: no loop
    graph = import_graph(pkg, "pkg")
    assert "pkg.a" not in graph["pkg.b"]
    assert graph["pkg.sub.f"] >= {"pkg.sub", "pkg.sub.e"}
    assert import_loops(graph) == [["pkg.c", "pkg.d"], ["pkg.sub", "pkg.sub.e"]]


def oversized_modules(root: Path, allowed: dict[str, str]) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and relative not in allowed:
            found.append(f"{relative} ({lines} lines)")
    return found


def test_no_module_over_a_thousand_lines() -> None:
    """Issue 14: a module over 1 000 lines is split (data tables aside, listed above)."""
    assert oversized_modules(PACKAGE, SIZE_ALLOWED) == []


def test_the_size_check_sees_a_long_module(tmp_path: Path) -> None:
    (tmp_path / "short.py").write_text("x = 1\n" * MAX_LINES)
    (tmp_path / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    (tmp_path / "table.py").write_text("x = 1\n" * (MAX_LINES + 5))
    assert oversized_modules(tmp_path, {"table.py": "data"}) == ["long.py (1001 lines)"]
