"""The window paints before the store, the database driver and Babel are imported
(issue #18): start-up shows the desk first, the data follows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Runs the desk as ``python -m b24desk ARGS`` does and, at the main window's first
#: paint (the probe's hook), prints which of the heavy modules are already imported.
SCRIPT = """
import os, sys
import b24desk.app  # the refcount guard first, as the real entry
from b24desk.cli import main
from b24desk.ui import main_window
from benchmarks.startup_probe import _watcher

HEAVY = {"peewee", "babel", "sqlite3", "_sqlite3", "psycopg", "psycopg2", "pysqlite3"}

def painted(window):
    early = sorted(
        name for name in sys.modules
        if name.split(".")[0] in HEAVY or name.startswith("b24desk.store")
    )
    print("early:" + ",".join(early))
    sys.stdout.flush()
    os._exit(0)

watcher = _watcher(painted)
original_show = main_window.MainWindow.show

def show(self):
    self.installEventFilter(watcher)
    original_show(self)

main_window.MainWindow.show = show
main(sys.argv[1:])
print("no paint")
"""


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_window_paints_before_the_store_the_driver_and_babel_load(
    tmp_path: Path, lang: str
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", B24DESK_HOME=str(tmp_path / "home"))
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    db = tmp_path / "office.sqlite"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, "--db", str(db), "--lang", lang],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("early:")]
    assert lines, result.stdout + result.stderr
    assert lines[0] == "early:", f"imported before the first paint: {lines[0][6:]}"


@pytest.mark.parametrize("lang", ["es", "ru"])
def test_the_catalogs_compile_as_babel_compiles_them(lang: str) -> None:
    import gettext
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from b24desk import paths
    from b24desk.pofile import compile_po

    po = paths.translations_dir() / f"{lang}.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    theirs = gettext.GNUTranslations(io.BytesIO(buf.getvalue()))
    ours = gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    theirs_messages, ours_messages = (
        {key: text for key, text in catalog.items() if key != ""}  # the header aside
        for catalog in (theirs._catalog, ours._catalog)  # type: ignore[attr-defined]
    )
    assert ours_messages == theirs_messages
    assert len(ours_messages) > 100
    assert [ours.plural(n) for n in range(300)] == [theirs.plural(n) for n in range(300)]  # type: ignore[attr-defined]
    assert ours.charset() == "utf-8"
