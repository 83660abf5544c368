"""Builds the Qt application, opens the database and shows the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from b24desk import __version__, i18n, paths
from b24desk.i18n import _
from b24desk.logsetup import configure_logging
from b24desk.ui import _refcount_guard  # noqa: F401 - first: see the module

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, with organisation and application names set first.

    Names come before anything reads QSettings, so settings land in the right place.
    """
    QCoreApplication.setOrganizationName(paths.ORGANIZATION)
    QCoreApplication.setOrganizationDomain("b24desk.app")
    QCoreApplication.setApplicationName(paths.APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    if os.environ.get("B24DESK_HOME"):
        # A moved data folder takes the window state along (and keeps test and
        # screenshot runs away from the real user's settings).
        QSettings.setPath(
            QSettings.Format.IniFormat,
            QSettings.Scope.UserScope,
            str(paths.app_data_dir() / "settings"),
        )
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    icon = paths.resources_dir() / "icons" / "b24desk.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def choose_language(requested: str | None) -> str:
    """``--lang`` wins, then the remembered choice, then the system language."""
    if requested:
        return requested
    remembered = QSettings().value("ui/language", "", type=str)
    return remembered or i18n.system_language()


def _report_open_error(message: str, interactive: bool) -> None:
    print(_("Error: {message}").format(message=message), file=sys.stderr)
    if interactive:
        QMessageBox.critical(None, _("The database cannot be opened"), message)


def run(args: argparse.Namespace) -> int:
    """Run the desk with the parsed command line; returns the exit code."""
    log_file = configure_logging()
    app = make_application()

    from b24desk.store.db import close_database, describe, open_database
    from b24desk.store.errors import DatabaseOpenError
    from b24desk.ui.crash import CrashHandler
    from b24desk.ui.language import LanguageManager
    from b24desk.ui.main_window import MainWindow

    crash = CrashHandler(log_file, app)
    crash.install()
    language = LanguageManager(app)
    language.set_language(choose_language(args.lang))
    if args.lang:
        QSettings().setValue("ui/language", args.lang)

    interactive = not args.screenshot
    try:
        open_database(args.db)
    except DatabaseOpenError as exc:
        _report_open_error(str(exc), interactive)
        return 2
    try:
        if args.demo:
            from b24desk.store import demo

            if demo.is_empty():
                demo.generate_demo("small")
        from b24desk.clock import SystemClock
        from b24desk.store.office import get_office
        from b24desk.ui.context import DeskContext
        from b24desk.ui.signals import DataSignals

        ctx = DeskContext(
            clock=SystemClock(get_office().timezone), signals=DataSignals(app), language=language
        )
        window = MainWindow(ctx, describe(args.db))
        window.restore_state()
        if args.tab:
            window.show_tab(args.tab)
        if args.screenshot:
            return _screenshot(app, window, Path(args.screenshot))
        window.show()
        return app.exec()
    finally:
        crash.uninstall()
        close_database()


def _screenshot(app: QApplication, window: QMainWindow, target: Path) -> int:
    window.resize(1280, 800)
    window.show()
    done: list[bool] = []

    def grab() -> None:
        image = window.grab()
        done.append(image.save(str(target), "PNG"))
        app.quit()

    # Let layouts settle and the first paint happen before grabbing.
    QTimer.singleShot(200, grab)
    app.exec()
    window.close()
    if not done or not done[0]:
        print(_("Error: could not write {file}").format(file=target), file=sys.stderr)
        return 1
    return 0
