"""On Linux, a missing screen or missing xcb libraries are one line, not Qt's abort (#15.10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from b24desk.ui.platform_check import XCB_LIBRARIES, platform_problem

X11 = {"DISPLAY": ":0"}


def test_missing_xcb_libraries_name_their_packages() -> None:
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    problem = platform_problem(X11, "linux", loads=lambda name: name not in absent)
    assert problem is not None
    assert problem.endswith("sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1")


def test_nothing_to_say_when_everything_is_there() -> None:
    assert platform_problem(X11, "linux", loads=lambda name: True) is None


def test_no_display_says_how_to_take_a_screenshot_without_one() -> None:
    problem = platform_problem({}, "linux", loads=lambda name: True)
    assert problem is not None and "QT_QPA_PLATFORM=offscreen" in problem


def test_other_platforms_and_systems_are_left_to_qt() -> None:
    never = {name: False for name in XCB_LIBRARIES}
    for env, system in (
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),
        ({"QT_QPA_PLATFORM": "wayland"}, "linux"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux"),
        ({}, "win32"),
        ({}, "darwin"),
    ):
        assert platform_problem(env, system, loads=never.__getitem__) is None


def test_the_desk_without_a_screen_exits_with_the_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.update(QT_QPA_PLATFORM="xcb", B24DESK_HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "b24desk", "--db", str(tmp_path / "x.sqlite")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("Error: The window cannot open")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.sqlite").exists()
