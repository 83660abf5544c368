"""Keep CPython 3.11 alive under PySide6 6.12's reference-count bug.

PySide6 6.12.0's wrappers of ``void`` C++ methods (``QLabel.setText``,
``QWidget.resize`` …) hand back ``None`` without taking a new reference, so every
such call lowers ``None``'s reference count by one.  On CPython 3.12+ ``None``,
``True`` and ``False`` are immortal and nothing happens; on 3.11 a desk that runs for
a while (or a test session) drives the count to zero and the interpreter aborts
with "Fatal Python error: none_dealloc" (``tests/ui/test_refcount_guard.py`` shows
it).  Padding the counts of these singletons once makes them immortal in practice:
2**40 calls would be needed to exhaust the pad.
"""

from __future__ import annotations

import ctypes
import sys

PAD = 1 << 40


def apply() -> bool:
    """Pad the singletons' reference counts once; True when it was needed here."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if getattr(sys, "_b24desk_refcount_guard", False):
        return True
    for obj in (None, True, False, NotImplemented, Ellipsis):
        # ob_refcnt is the first field of every PyObject (a Py_ssize_t).
        ctypes.c_ssize_t.from_address(id(obj)).value += PAD
    sys._b24desk_refcount_guard = True  # type: ignore[attr-defined]
    return True


apply()
