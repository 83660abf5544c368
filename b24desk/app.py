"""Builds the Qt application, shows the main window, then opens the database.

The window paints first (menus, tab titles, "Opening the database…"); only then are
the store, the database driver and Babel imported and the database opened, and the
data handed to the window (issue #18).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QElapsedTimer,
    QEvent,
    QEventLoop,
    QObject,
    QSettings,
    QTimer,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from b24desk import __version__, i18n, paths
from b24desk.i18n import _
from b24desk.logsetup import configure_logging
from b24desk.ui import _refcount_guard  # noqa: F401 - first: see the module
from b24desk.ui.desk_settings import text_setting

if TYPE_CHECKING:
    from b24desk.clock import OfficeClock
    from b24desk.ui.crash import CrashHandler
    from b24desk.ui.language import LanguageManager
    from b24desk.ui.main_window import MainWindow

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
    remembered = text_setting("ui/language")
    return remembered or i18n.system_language()


#: What the person chose after a database failed to open: ("open", path) to try that,
#: ("opened", target) when the database dialog opened it already, or ("quit", None).
Choice = tuple[str, str | None]


def restore_backup_over(db_file: Path, parent: QWidget | None = None) -> bool:
    """Let the person pick a backup and restore it over ``db_file`` (which is kept
    beside it under another name).  Returns whether a backup was restored."""
    from b24desk.store.backup import restore
    from b24desk.ui.backup_dialog import RestoreDialog

    def restore_over(source: Path) -> None:
        restore(db_file, source)

    dialog = RestoreDialog(restore_over, database_file=db_file, parent=parent)
    try:
        return dialog.exec() == RestoreDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def choose_database(current: str | None, parent: QWidget | None = None) -> str | None:
    """Settings → Database before the window exists: the person picks a file or a
    server, which is opened (and remembered for this desk).  Returns what was opened
    (a server without its password), or None when cancelled."""
    from b24desk.store.db import open_database
    from b24desk.ui.database_dialog import DatabaseDialog

    def switch(target: str | None) -> None:
        open_database(target)

    dialog = DatabaseDialog(current, switch, parent)
    try:
        if dialog.exec() != DatabaseDialog.DialogCode.Accepted:
            return None
        return dialog.chosen
    finally:
        dialog.deleteLater()


def ask_way_out(
    message: str,
    restorable: Path | None = None,
    failed: str | None = None,
    parent: QWidget | None = None,
) -> Choice:
    """Say why the database ``failed`` cannot be opened and offer a way out: another
    database (a file or a server, opened here: ("opened", it)), a backup restored
    over ``restorable`` (an SQLite file: ("open", it)), or quitting.  The questions
    are ``parent``'s (the main window, already shown) when given."""
    from b24desk.store.db import is_postgres_url

    while True:
        box = QMessageBox(
            QMessageBox.Icon.Critical, _("The database cannot be opened"), message, parent=parent
        )
        box.setObjectName("wayOutBox")
        other = box.addButton(_("Open another database…"), QMessageBox.ButtonRole.AcceptRole)
        restore = (
            box.addButton(_("Restore a backup…"), QMessageBox.ButtonRole.ActionRole)
            if restorable is not None
            else None
        )
        box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.setInformativeText(
            _("You can correct the server's address or choose another database.")
            if is_postgres_url(failed)
            else _("The file was not changed. You can open or create another database file.")
        )
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        if restore is not None and restorable is not None and clicked is restore:
            if restore_backup_over(restorable, parent):
                return ("open", str(restorable))
            continue  # no backup restored: ask again
        if clicked is not other:
            return ("quit", None)
        opened = choose_database(failed, parent)
        if opened is not None:
            return ("opened", opened)


#: Asks the password of a database server: (what it is, why asked again) → (password,
#: remember it in the keyring), or None when the person cancelled.
AskPassword = Callable[[str, str], "tuple[str, bool] | None"]


def ask_server_password(where: str, problem: str) -> tuple[str, bool] | None:
    from b24desk.ui.database_dialog import PasswordDialog

    dialog = PasswordDialog(where, problem)
    try:
        if dialog.exec() != PasswordDialog.DialogCode.Accepted:
            return None
        return dialog.password.text(), dialog.remember.isChecked()
    finally:
        dialog.deleteLater()


def _open_target(target: str | None, interactive: bool, ask_password: AskPassword) -> str | None:
    """Open ``target``, with the password of a server from the keyring or, failing
    that, asked; returns what was opened.  Raises DatabaseOpenError."""
    from b24desk.store import server
    from b24desk.store.db import describe, open_database
    from b24desk.store.errors import DatabaseAuthError

    if target is None or not server.needs_password(target):
        open_database(target)
        return target
    address, _none = server.parse_server_url(target)
    # The keyring's password, else none at all (the server may trust this desk, or
    # libpq finds PGPASSWORD or ~/.pgpass); the person is asked only when refused.
    password = server.saved_password(address)
    remember = False
    problem = ""
    while True:
        attempt = server.with_password(target, password) if password is not None else target
        try:
            open_database(attempt)
        except DatabaseAuthError as exc:
            if not interactive:
                raise
            if password is not None:
                problem = str(exc)  # a password was refused: say so when asking again
            answer = ask_password(describe(target), problem)
            if answer is None:
                raise
            password, remember = answer
            continue
        if remember and password is not None:
            server.save_password(address, password)
        return attempt


def open_with_way_out(
    target: str | None,
    interactive: bool,
    ask: Callable[[str, Path | None, str | None], Choice] = ask_way_out,
    ask_password: AskPassword = ask_server_password,
) -> str | bool | None:
    """Open ``target``; when it fails, say why and let the person choose another file
    or restore a backup over it.  A server's password comes from the keyring or is
    asked (never stored in plain text).

    Returns the target that opened (``None`` is the default file; a server URL
    carries the password it opened with) or ``False`` when nothing was opened.  A
    file that failed is never changed (restoring keeps it under another name).
    """
    from b24desk.store.db import is_postgres_url
    from b24desk.store.errors import DatabaseLockedError, DatabaseOpenError

    while True:
        try:
            return _open_target(target, interactive, ask_password)
        except DatabaseOpenError as exc:
            print(_("Error: {message}").format(message=exc), file=sys.stderr)
            if not interactive:
                return False
            restorable = None
            if not is_postgres_url(target) and not isinstance(exc, DatabaseLockedError):
                # Restoring over a file another program holds would split the data.
                restorable = Path(target) if target else paths.default_database_path()
            choice, other = ask(str(exc), restorable, target)
            if choice == "opened":
                return other  # chosen and opened in the database dialog
            if choice != "open" or not other:
                return False
            target = other


def _settings_for_a_look() -> None:
    """A screenshot run reads the remembered settings but writes a throwaway copy:
    the user's next start keeps its tab, language, sizes and column widths."""
    import atexit
    import shutil
    import tempfile

    remembered = Path(QSettings().fileName())
    scratch = Path(tempfile.mkdtemp(prefix="b24desk-screenshot-"))
    atexit.register(shutil.rmtree, scratch, True)
    copy = scratch / remembered.parent.name / remembered.name
    copy.parent.mkdir(parents=True)
    if remembered.is_file():
        shutil.copyfile(remembered, copy)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch))
    if QSettings().fileName() != str(copy):  # a layout this code does not know: no copy
        log.warning("screenshot settings copy not used: %s", QSettings().fileName())


def run(args: argparse.Namespace) -> int:
    """Run the desk with the parsed command line; returns the exit code."""
    from b24desk.ui.platform_check import platform_problem

    problem = platform_problem()
    if problem:  # instead of Qt's paragraph and abort
        print(_("Error: {message}").format(message=problem), file=sys.stderr)
        return 3
    log_file = configure_logging()
    app = make_application()
    if args.screenshot:
        _settings_for_a_look()

    from b24desk.ui.crash import CrashHandler
    from b24desk.ui.language import LanguageManager
    from b24desk.ui.main_window import MainWindow

    crash = CrashHandler(log_file, app)
    crash.install()
    language = LanguageManager(app)
    language.set_language(choose_language(args.lang))
    if args.lang and not args.screenshot:  # a screenshot changes nothing remembered
        QSettings().setValue("ui/language", args.lang)

    # The shell first: menus, tab titles and "Opening the database…" on screen before
    # the store, the database driver and Babel are imported.
    window = MainWindow(None, language=language)
    window.restore_state()
    if args.tab:
        window.show_tab(args.tab)
    if args.screenshot:
        window.remembers_state = False
        window.resize(1280, 800)
    window.show()
    wait_for_first_paint(window)

    clock: OfficeClock | None = None
    try:
        clock = _open_data(args, window, language)
        if clock is None:
            window.remembers_state = False
            window.close()
            return 2
        _after_start(window, args)
        if window.database_file is not None:
            _daily_backup_after_start(window.database_file, window.ctx)
        if args.screenshot:
            return _screenshot(window, Path(args.screenshot), crash)
        window.mail_desk.start()
        return app.exec()
    finally:
        if clock is not None:
            clock.detach()
        crash.uninstall()
        if "b24desk.store.db" in sys.modules:
            from b24desk.store.db import close_database

            close_database()


def _open_data(
    args: argparse.Namespace, window: MainWindow, language: LanguageManager
) -> OfficeClock | None:
    """Open the database (asking for a way out, over ``window``, when it fails), fill
    an empty one with the demo office if asked, and hand the window its context;
    returns the office's clock (None when no database was opened)."""
    from functools import partial

    from b24desk.store.db import describe, is_postgres_url

    if args.db is None:
        from b24desk.ui.desk_database import remembered_target

        args.db = remembered_target()  # this desk's choice in Settings → Database
    from b24desk.ui.upgrade_progress import upgrade_progress

    with upgrade_progress(window):  # an upgrade building the search index says how far
        opened = open_with_way_out(
            args.db, interactive=not args.screenshot, ask=partial(ask_way_out, parent=window)
        )
    if opened is False:
        return None
    args.db = opened
    if args.demo:
        from b24desk.store.demo.builder import generate_demo, is_empty

        if is_empty():
            generate_demo("small")
    from b24desk.clock import OfficeClock
    from b24desk.ui.context import DeskContext
    from b24desk.ui.signals import DataSignals

    # "Today" where the office is, following its notices; made before DataSignals so
    # its zone is current when the tables hear of a change.
    clock = OfficeClock()
    ctx = DeskContext(clock=clock, signals=DataSignals(QApplication.instance()), language=language)
    database_file = (
        None
        if is_postgres_url(args.db)
        else Path(args.db)
        if args.db
        else paths.default_database_path()
    )
    window.attach(ctx, describe(args.db), database_file)
    return clock


def _after_start(window: MainWindow, args: argparse.Namespace) -> None:
    """What the command line asks once the window has its data (the one place for
    post-start actions)."""
    if args.tab:
        window.show_tab(args.tab)
    if getattr(args, "search", None):
        window.open_global_search(args.search)


#: How long start-up waits for the shell's first paint before it opens the database.
FIRST_PAINT_PATIENCE_MS = 500


def wait_for_first_paint(window: QWidget, patience_ms: int = FIRST_PAINT_PATIENCE_MS) -> bool:
    """Run events until ``window`` (just shown) has painted once, at most
    ``patience_ms``; returns whether it did."""
    loop = QEventLoop()

    class FirstPaint(QObject):
        painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                # The children paint in the same pass: stop once it is over.
                QTimer.singleShot(0, loop, loop.quit)
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    QTimer.singleShot(patience_ms, loop, loop.quit)
    loop.exec()
    window.removeEventFilter(watcher)
    return watcher.painted


def _daily_backup_after_start(database_file: Path, ctx: object) -> None:
    """Today's copy of the database file, in the background once the window is up."""
    from b24desk.store.backup import daily_backup
    from b24desk.store.errors import StoreError
    from b24desk.store.office import get_office
    from b24desk.ui.operation import Operation

    office = get_office()
    today = ctx.clock.today()  # type: ignore[attr-defined]
    keep = (office.backup_keep_daily, office.backup_keep_monthly)

    def work(_progress: object) -> object:
        try:
            return daily_backup(database_file, today, *keep)
        except (StoreError, OSError):
            log.exception("the daily backup failed")
            return None

    operation = Operation(work, QApplication.instance())
    QTimer.singleShot(0, operation.start)


#: How long a screenshot run waits for the shown tab's data before it gives up.
SCREENSHOT_PATIENCE_MS = 60_000


def _screenshot(window: MainWindow, target: Path, crash: CrashHandler | None = None) -> int:
    """Show the window, wait until the shown tab has its data (never "Looking…"),
    grab it to ``target``; 1 with a message on stderr if anything went wrong."""
    window.resize(1280, 800)
    window.show()
    outcome: list[str] = []  # "" when written, else the reason it was not
    loop = QEventLoop()  # its own loop: the application's stays usable afterwards
    waited = QElapsedTimer()
    waited.start()

    def finish(reason: str) -> None:
        if not outcome:
            outcome.append(reason)
            loop.quit()

    def grab() -> None:
        if outcome:
            return
        if window.busy() and waited.elapsed() < SCREENSHOT_PATIENCE_MS:
            QTimer.singleShot(50, grab)
            return
        if window.busy():
            finish(_("the {tab} tab did not finish loading").format(tab=window.current_tab()))
            return
        written = window.grab().save(str(target), "PNG")
        finish("" if written else _("could not write {file}").format(file=target))

    if crash is not None:  # an error while loading: no picture of a half-built tab
        crash.crashed.connect(
            lambda _text: finish(_("an unexpected error; the details are in the log file"))
        )
    # Let layouts settle and the first paint happen before looking.
    QTimer.singleShot(200, grab)
    loop.exec()
    window.close()
    if not outcome or outcome[0]:
        reason = outcome[0] if outcome else _("could not write {file}").format(file=target)
        print(_("Error: {message}").format(message=reason), file=sys.stderr)
        return 1
    return 0
