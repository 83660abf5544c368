"""Typed reads of this desk's QSettings (remembered folders, language, last tab).

``QSettings().value(key, default, type=str)`` always gives a ``str``: PySide6
converts what is stored (an int read back from the file is "7"; a value that is
no text, such as a list, is ""), but the binding declares ``object``.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QSettings


def text_setting(key: str, default: str = "") -> str:
    """The text stored under ``key``, or ``default`` when nothing is."""
    return cast(str, QSettings().value(key, default, type=str))
