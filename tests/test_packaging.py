"""A wheel built from the repository carries resources and translations, and uses them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("b24desk-*.whl")
    return built


def test_wheel_carries_resources_and_translations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "b24desk/__init__.py",
        "b24desk/resources/fonts/DejaVuSans.ttf",
        "b24desk/resources/fonts/DejaVuSans-Bold.ttf",
        "b24desk/translations/b24desk.pot",
        "b24desk/translations/es.po",
        "b24desk/translations/ru.po",
    ):
        assert required in names, f"{required} missing from {wheel.name}"
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[gui_scripts]" in text and "b24desk = b24desk.__main__:main" in text


def test_installed_wheel_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)  # a wheel is installed by unpacking it onto the path
    code = (
        "from b24desk import paths, i18n\n"
        "print(paths.font_path().is_file(), paths.translations_dir())\n"
        "i18n.set_language('es'); print(i18n._('Clients'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    found, folder = result.stdout.splitlines()[0].split(" ", 1)
    assert found == "True"
    assert Path(folder).is_relative_to(target)
    assert result.stdout.splitlines()[1] == "Clientes"
