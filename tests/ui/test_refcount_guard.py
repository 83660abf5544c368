"""PySide6 6.12 lowers None's reference count on every void call; the guard keeps
CPython 3.11 from deallocating None (it aborts the process otherwise)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CALLS = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
enough = sys.getrefcount(None) + 1000  # more calls than None has references
{guard}
for _ in range(enough):
    label.setText("x")
print("survived")
"""


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from CPython 3.12")
def test_void_calls_would_kill_python_3_11_without_the_guard() -> None:
    bare = subprocess.run([sys.executable, "-c", CALLS.format(guard="")], capture_output=True)
    assert bare.returncode != 0  # the PySide6 bug the guard exists for
    guarded = subprocess.run(
        [sys.executable, "-c", CALLS.format(guard="import b24desk.ui")],
        capture_output=True,
        text=True,
    )
    assert guarded.returncode == 0, guarded.stderr
    assert guarded.stdout.strip() == "survived"
