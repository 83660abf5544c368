"""A process that starts a window and exits the moment it is first painted.

``python benchmarks/startup_probe.py bare``
    the floor: a bare PySide6 QMainWindow with one empty QTableView.
``python benchmarks/startup_probe.py desk -- ARGS…``
    the real desk: ``b24desk.cli.main(ARGS)``, exactly as ``python -m b24desk ARGS``
    starts it; the only addition is an event filter installed on the main window
    when it is shown, which ends the process once its first paint is done.
``python benchmarks/startup_probe.py filled -- ARGS…``
    as ``desk``, then waits until the shown tab has its data (Today: its list, not
    the partner sentence that follows; other tabs: ``window.busy()`` false, as a
    screenshot waits) and is painted again: launch to a filled Today list.
``python benchmarks/startup_probe.py tabs -- ARGS…``
    as ``desk``, then shows every tab in turn (each painted) before exiting: the
    memory benchmark reads the peak resident size of this process.

The caller measures the wall-clock time around the whole process (interpreter
start, imports, database, first paint), so the three are comparable.  The process
leaves with ``os._exit(0)``: tear-down is not start-up.  With the environment
variable ``B24DESK_PROBE_PROFILE=FILE`` the run is profiled (cProfile) into FILE.
"""

from __future__ import annotations

import os
import sys
import time

_STARTED = time.perf_counter()
_PROFILE = os.environ.get("B24DESK_PROBE_PROFILE")
if _PROFILE:
    import cProfile

    _profiler: cProfile.Profile | None = cProfile.Profile()
    _profiler.enable()
else:
    _profiler = None


def _finish(note: str = "") -> None:
    """Report and leave at once (no Qt or Python tear-down)."""
    elapsed = time.perf_counter() - _STARTED
    if _profiler is not None and _PROFILE:
        _profiler.disable()
        _profiler.dump_stats(_PROFILE)
    sys.stdout.write(f"painted {elapsed:.4f}{note}\n")
    sys.stdout.flush()
    os._exit(0)


def _watcher(on_painted: object) -> object:
    """A QObject that calls ``on_painted(window)`` after ``window``'s first paint."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                # The children paint in the same pass, after the window itself:
                # a zero timer runs when the whole window is on the backing store.
                QTimer.singleShot(0, lambda: on_painted(obj))  # type: ignore[operator]
            return False

    return FirstPaint()


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.resize(1280, 800)
    watcher = _watcher(lambda _window: _finish())
    window.installEventFilter(watcher)  # type: ignore[arg-type]
    window.show()
    return app.exec()


def desk(argv: list[str], walk_tabs: bool, filled: bool = False) -> int:
    import b24desk.app  # noqa: F401 - the refcount guard first, as the real entry

    # isort: split
    from PySide6.QtWidgets import QApplication

    from b24desk.cli import TAB_NAMES, main
    from b24desk.ui import main_window

    def painted(window: main_window.MainWindow) -> None:
        if filled:
            from PySide6.QtCore import QTimer

            def busy() -> bool:
                if not window.attached or (window.busy() and window.current_tab() != "today"):
                    return True
                page = window.pages[window.current_tab()]
                return bool(getattr(page, "list_busy", window.busy)())

            def look() -> None:
                if busy():
                    QTimer.singleShot(5, look)
                    return
                window.repaint()
                _finish()

            look()
            return
        if walk_tabs:
            for key in TAB_NAMES:
                window.show_tab(key)
                for _ in range(3):  # show, deferred first layout, paint
                    QApplication.processEvents()
                window.repaint()
        _finish()

    watcher = _watcher(painted)
    original_show = main_window.MainWindow.show

    def show(self: main_window.MainWindow) -> None:
        self.installEventFilter(watcher)  # type: ignore[arg-type]
        original_show(self)

    main_window.MainWindow.show = show  # type: ignore[method-assign]
    code = main(argv)
    print(f"the desk ended (exit code {code}) before its first paint", file=sys.stderr)
    return 1


def run(argv: list[str]) -> int:
    if not argv or argv[0] not in {"bare", "desk", "tabs", "filled"}:
        print(__doc__, file=sys.stderr)
        return 2
    mode, rest = argv[0], [a for a in argv[1:] if a != "--"]
    if mode == "bare":
        return bare()
    return desk(rest, walk_tabs=mode == "tabs", filled=mode == "filled")


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
