"""Before Qt starts on Linux: can its X11 ("xcb") platform plugin load here?

Without a screen, or without the xcb libraries a minimal Debian or Ubuntu lacks, Qt
prints a paragraph and aborts the process.  This check says in one line what is
missing and which packages bring it.  No Qt import here: it runs before Qt loads.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

from b24desk.i18n import _

#: The libraries Qt's xcb plugin loads that a minimal system may lack, with the
#: Debian/Ubuntu package of each (read off ``ldd`` of PySide6's libqxcb.so).
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def platform_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    loads: Callable[[str], bool] = _loads,
) -> str | None:
    """Why Qt's X11 plugin cannot start here, in one line (None: nothing known wrong).

    Only on Linux, when Qt would use xcb (``QT_QPA_PLATFORM`` unset or ``xcb``, no
    Wayland session); ``offscreen`` and other platforms are left to Qt.
    """
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen.split(":")[0] not in ("", "xcb") or (not chosen and env.get("WAYLAND_DISPLAY")):
        return None
    missing = sorted({package for name, package in XCB_LIBRARIES.items() if not loads(name)})
    if missing:
        return _(
            "The window cannot open: Qt needs system libraries that are not installed. "
            "Install them with: sudo apt install {packages}"
        ).format(packages=" ".join(missing))
    if not env.get("DISPLAY"):
        return _(
            "The window cannot open: there is no screen (DISPLAY is not set). "
            "For --screenshot without a screen, set QT_QPA_PLATFORM=offscreen."
        )
    return None
