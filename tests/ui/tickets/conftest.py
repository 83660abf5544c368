"""Fixtures of the Tickets tab tests: the tab shown, the warnings it would show."""

from __future__ import annotations

import pytest

from b24desk.ui.context import DeskContext
from b24desk.ui.tickets import common
from b24desk.ui.tickets.tab import TicketsTab, build_tab


@pytest.fixture
def tab(qtbot, ctx: DeskContext) -> TicketsTab:
    widget = build_tab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        common, "show_warning", lambda _parent, title, text: shown.append((title, text))
    )
    return shown


