"""Shared fixtures: every test gets its own data folder and its own database."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from b24desk import i18n
from b24desk.store.db import close_database, open_database


def _offscreen_platform() -> str:
    """Qt's offscreen platform with a 1920×1200 screen (its default is 800×800)."""
    config = Path(tempfile.mkdtemp(prefix="b24desk-qt-")) / "screens.json"
    screen = {
        "name": "Offscreen",
        "x": 0,
        "y": 0,
        "width": 1920,
        "height": 1200,
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": 1,
    }
    config.write_text(json.dumps({"screens": [screen]}))
    return f"offscreen:configfile={config}"


# Before anything imports Qt: no screen in tests.
os.environ.setdefault("QT_QPA_PLATFORM", _offscreen_platform())


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point the per-user data folder at a temporary one: no test touches real data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("B24DESK_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _english_desk() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[peewee.Database]:
    """A fresh, empty b24desk database (current schema) for this test only."""
    database = open_database(db_path)
    yield database
    close_database()
