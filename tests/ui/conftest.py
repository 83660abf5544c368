"""Fixtures for widget tests: a QApplication with b24desk's names, isolated
QSettings, and a desk context with a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import peewee
import pytest
from PySide6.QtCore import QSettings, QThreadPool

from b24desk.app import make_application
from b24desk.clock import FixedClock
from b24desk.ui.context import DeskContext
from b24desk.ui.language import LanguageManager
from b24desk.ui.signals import DataSignals

#: The moment the widget tests live in: Friday 20 Nov 2026, 11:00 in Auckland
#: (2026-11-19 22:00 UTC); ``clock.today()`` is the Auckland date, 20 Nov 2026.
NOW = datetime(2026, 11, 20, 11, 0, tzinfo=ZoneInfo("Pacific/Auckland"))


@pytest.fixture(autouse=True)
def settings_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """QSettings of this test only (window state, column widths, language)."""
    folder = tmp_path_factory.mktemp("settings")
    make_application()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings().clear()
    yield folder
    QSettings().clear()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def ctx(db: peewee.Database, clock: FixedClock) -> Iterator[DeskContext]:
    context = DeskContext(clock=clock, signals=DataSignals(), language=LanguageManager())
    yield context
    # Background work (Today's rows, exports) ends before the database goes away.
    QThreadPool.globalInstance().waitForDone(30000)
    context.language.detach()
    context.signals.detach()
