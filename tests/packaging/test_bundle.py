"""The PyInstaller bundle (packaging/b24desk.spec) builds, starts and works frozen.

One build per session (about a minute) into a temporary folder; then the built
executable is run the ways a user and a script would: ``--version``, a demo office
rendered to a PNG (English and Russian), and every invoice PDF written headless
in Spanish (reportlab and the DejaVu fonts, Babel and the catalogs, frozen).
"""

from __future__ import annotations

import importlib.util
import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from b24desk import __version__
from b24desk.cli import TAB_NAMES

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "b24desk.spec"

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("PyInstaller") is None,
        reason='PyInstaller is not installed (pip install -e ".[packaging]")',
    ),
]

#: Qt modules the bundle must not carry (b24desk uses Core, Gui, Widgets, Pdf,
#: PdfWidgets and PrintSupport only).
UNWANTED_QT = ("QtWebEngine", "Qt3D", "QtQuick", "QtQml", "QtMultimedia", "QtNetwork", "QtSql")


def _run(args: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=os.environ)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-folder app built from the spec; returns its folder."""
    out = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    result = _run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(SPEC),
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "work"),
            "--noconfirm",
        ],
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    print(f"bundle built in {time.monotonic() - started:.0f} s")
    folder = out / "dist" / "b24desk"
    assert folder.is_dir()
    return folder


@pytest.fixture(scope="module")
def executable(bundle: Path) -> Path:
    # The Windows desk is a windowed .exe with no stdout; its console twin answers.
    name = "b24desk-cli.exe" if sys.platform == "win32" else "b24desk"
    path = bundle / name
    assert path.is_file(), f"{name} missing from {bundle}"
    return path


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_version(executable: Path) -> None:
    result = _run([str(executable), "--version"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"b24desk {__version__}"


def test_only_the_qt_modules_used_are_bundled(bundle: Path) -> None:
    names = {p.name for p in bundle.rglob("Qt*") if p.suffix in {".so", ".pyd"}}
    assert any(n.startswith("QtWidgets.") for n in names)
    assert any(n.startswith("QtPdfWidgets.") for n in names)
    unwanted = sorted(n for n in names if n.startswith(UNWANTED_QT))
    assert not unwanted, f"unused Qt modules bundled: {unwanted}"


def test_demo_office_screenshot(executable: Path, tmp_path: Path) -> None:
    db, shot = tmp_path / "demo.sqlite", tmp_path / "shot.png"
    result = _run(
        [str(executable), "--db", str(db), "--demo", "--screenshot", str(shot), "--tab", "invoices"]
    )
    assert result.returncode == 0, result.stderr
    assert png_size(shot) == (1280, 800)
    assert "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("tab", [t for t in TAB_NAMES if t != "invoices"])
def test_every_tab_opens_frozen(executable: Path, tmp_path: Path, tab: str) -> None:
    """Tabs are imported by name when first shown: each must be in the bundle.
    The Tickets tab is shown in Russian (Babel's and Qt's Russian data frozen)."""
    db, shot = tmp_path / "demo.sqlite", tmp_path / f"{tab}.png"
    lang = "ru" if tab == "tickets" else "en"
    args = ["--db", str(db), "--demo", "--lang", lang, "--screenshot", str(shot), "--tab", tab]
    result = _run([str(executable), *args])
    assert result.returncode == 0, result.stderr
    assert png_size(shot) == (1280, 800)
    assert "Traceback" not in result.stderr, result.stderr


def test_invoice_pdfs_in_spanish(executable: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "demo.sqlite", tmp_path / "pdf"
    result = _run(
        [str(executable), "--db", str(db), "--demo", "--screenshot", str(tmp_path / "s.png")]
    )
    assert result.returncode == 0, result.stderr
    result = _run(
        [str(executable), "invoice", "--db", str(db), "--all", "--out", str(out), "--lang", "es"]
    )
    assert result.returncode == 0, result.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert pdfs, result.stdout
    # Spanish plural from the frozen catalog ("Wrote N documents to …").
    assert f"Se guardaron {len(pdfs)} documentos" in result.stdout
    data = pdfs[0].read_bytes()
    assert data.startswith(b"%PDF")
    assert b"+DejaVuSans" in data  # the bundled DejaVu font is embedded (a subset)
    pypdf = pytest.importorskip("pypdf")
    text = pypdf.PdfReader(pdfs[0]).pages[0].extract_text()
    assert pdfs[0].stem in text
