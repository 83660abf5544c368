"""The PySide6 user interface: the only package (with ``app.py``) that imports Qt."""

from b24desk.ui import _refcount_guard  # noqa: F401 - before any widget is used
