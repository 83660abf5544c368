"""`--screenshot` shows what a person sees: the tab's data, never "Looking…" (#15.9)."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import peewee
import pytest

from b24desk import app as desk_app
from b24desk.store import models as m
from b24desk.ui.context import DeskContext
from b24desk.ui.main_window import MainWindow
from b24desk.ui.today import TodayTab

TODAY = date(2026, 11, 20)  # the fixed clock of tests/ui/conftest.py


@pytest.fixture
def due_renewal(db: peewee.Database) -> None:
    plan = m.Plan.create(code="standard", name="Standard", kind="cloud", seats=50)
    client = m.Client.create(company="Zero Ltd", portal_url="https://zero.bitrix24.com")
    m.Subscription.create(
        client=client,
        plan=plan,
        portal_url=client.portal_url,
        seats=50,
        starts_on=TODAY - timedelta(days=365),
        paid_until=TODAY,
    )


def test_the_screenshot_waits_for_the_today_rows(
    qtbot: Any, ctx: DeskContext, due_renewal: None, tmp_path: Path, monkeypatch: Any
) -> None:
    """Run 20 times with a Today that takes longer than the first paint: every grab
    happens with the rows there, none with "Looking for what is due…"."""
    real = TodayTab._compute

    def slow(self: TodayTab, progress: object = None) -> Any:
        time.sleep(0.3)  # a large office: longer than the 200 ms the window settles
        return real(self, progress)

    monkeypatch.setattr(TodayTab, "_compute", slow)
    for run in range(20):
        window = MainWindow(ctx, "test")
        qtbot.addWidget(window)
        window.show_tab("today")
        seen: list[tuple[int, str]] = []
        real_grab = window.grab

        def grab(
            *args: Any, window: MainWindow = window, real_grab: Any = real_grab, seen: Any = seen
        ) -> Any:
            today = window.pages["today"]
            seen.append((today.tree.topLevelItemCount(), today.empty_label.text()))
            return real_grab(*args)

        monkeypatch.setattr(window, "grab", grab)
        shot = tmp_path / f"today-{run}.png"
        assert desk_app._screenshot(window, shot) == 0
        assert shot.read_bytes().startswith(b"\x89PNG")
        assert len(seen) == 1 and seen[0][0] > 0, seen


def test_a_tab_that_never_loads_is_an_error_not_a_picture(
    qtbot: Any, ctx: DeskContext, tmp_path: Path, monkeypatch: Any, capsys: Any
) -> None:
    monkeypatch.setattr(desk_app, "SCREENSHOT_PATIENCE_MS", 300)
    monkeypatch.setattr(TodayTab, "busy", lambda self: True)
    window = MainWindow(ctx, "test")
    qtbot.addWidget(window)
    window.show_tab("today")
    shot = tmp_path / "never.png"
    assert desk_app._screenshot(window, shot) == 1
    assert not shot.exists()
    assert "did not finish loading" in capsys.readouterr().err


def test_the_screenshot_of_the_reports_tab_waits_for_the_report(
    qtbot: Any, ctx: DeskContext, due_renewal: None, tmp_path: Path, monkeypatch: Any
) -> None:
    """`--tab reports` (issue #17.5): the grab shows the computed report, even when it
    takes longer than the first paint."""
    from b24desk.cli import TAB_NAMES
    from b24desk.store import reports
    from b24desk.ui.reports.tab import ReportsTab

    assert "reports" in TAB_NAMES  # `--tab reports` is accepted
    real = reports.build

    def slow(key: str, span: Any) -> Any:
        time.sleep(0.3)
        return real(key, span)

    monkeypatch.setattr(reports, "build", slow)
    window = MainWindow(ctx, "test")
    qtbot.addWidget(window)
    window.show_tab("reports")
    page = window.pages["reports"]
    assert isinstance(page, ReportsTab)
    seen: list[object] = []
    real_grab = window.grab

    def grab(*args: Any) -> Any:
        seen.append(page.model.report)
        return real_grab(*args)

    monkeypatch.setattr(window, "grab", grab)
    shot = tmp_path / "reports.png"
    assert desk_app._screenshot(window, shot) == 0
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert len(seen) == 1 and seen[0] is not None and seen[0] is page.report
