"""The main window: one tab per area of the office's work.

It is built in two steps so that it paints before the store, Babel and the database
driver are imported (issue #18): ``MainWindow(None, language=…)`` is the shell (menus,
tab titles, "Opening the database…"), and :meth:`MainWindow.attach` hands it the open
database's context, when the tabs build and load.  ``MainWindow(ctx, label)`` does
both at once.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from b24desk import __version__, i18n, paths
from b24desk.i18n import N_, _
from b24desk.ui.desk_settings import text_setting

if TYPE_CHECKING:  # the store's side: imported once the database is open
    from b24desk.ui.context import DeskContext
    from b24desk.ui.language import LanguageManager
    from b24desk.ui.mail.desk import MailDesk
    from b24desk.ui.mail.status import OutboxStatusLabel


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: Callable[[], str]
    build: Callable[[DeskContext], QWidget]


def _lazy(module: str) -> Callable[[DeskContext], QWidget]:
    """``b24desk.ui.<module>.build_tab``, imported when the tab is first shown (the
    invoice tab alone brings reportlab and QtPdf: start-up should not pay for it)."""

    def build(ctx: DeskContext) -> QWidget:
        return importlib.import_module(f"b24desk.ui.{module}").build_tab(ctx)

    return build


def _today_tab(ctx: DeskContext) -> QWidget:
    from b24desk.ui.today import TodayTab

    def gap() -> str:
        from b24desk.ui.targets.texts import gap_text

        return gap_text(ctx.clock.today())

    return TodayTab(ctx, target_gap=gap)


def default_tabs() -> list[TabSpec]:
    def title(text: str) -> Callable[[], str]:
        return lambda: _(text)

    return [
        TabSpec("today", title(N_("Today")), _today_tab),
        TabSpec("clients", title(N_("Clients")), _lazy("clients.tab")),
        TabSpec("coupons", title(N_("Coupons")), _lazy("coupons.tab")),
        TabSpec("targets", title(N_("Partner targets")), _lazy("targets.tab")),
        TabSpec("tickets", title(N_("Tickets")), _lazy("tickets.tab")),
        TabSpec("invoices", title(N_("Invoices")), _lazy("invoices.tab")),
        TabSpec("quotes", title(N_("Quotes")), _lazy("quotes.tab")),
        TabSpec("reports", title(N_("Reports")), _lazy("reports.tab")),
    ]


class _Pages(dict[str, QWidget]):
    """The tabs' widgets, each built on first use (``pages[key]``); iterating or
    ``in`` sees only those built so far."""

    def __init__(self, build: Callable[[str], QWidget]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> QWidget:
        page = self._build(key)
        self[key] = page
        return page


#: Which tab shows each kind of record (Today's rows open them).
RECORD_TABS = {
    "client": "clients",
    "coupon": "coupons",
    "ticket": "tickets",
    "invoice": "invoices",
    "quote": "quotes",
    "partner": "targets",
}


class MainWindow(QMainWindow):
    """Tabs, menus and the status bar; state is remembered in QSettings."""

    mail_desk: MailDesk
    outbox_status: OutboxStatusLabel

    def __init__(
        self,
        ctx: DeskContext | None,
        database_label: str = "",
        tabs: list[TabSpec] | None = None,
        parent: QWidget | None = None,
        database_file: Path | None = None,
        language: LanguageManager | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        #: Set by :meth:`attach` (the shell paints before the database opens).
        self.ctx: DeskContext
        self._attached = False
        #: The SQLite file (None on PostgreSQL): backups restore into it.
        self.database_file = database_file
        found = language if language is not None else ctx.language if ctx else None
        assert found is not None, "MainWindow needs a context or a language"
        self.language = found
        self.database_label = database_label
        #: False for a screenshot run: closing it leaves the remembered tab and size.
        self.remembers_state = True
        self.specs = tabs if tabs is not None else default_tabs()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        # Tabs are built when first shown: start-up pays for the visible tab only,
        # whatever the size of the office.
        self._slots: dict[str, QWidget] = {}
        self.pages = _Pages(self._build_page)
        #: "Opening the database…" in every tab until :meth:`attach`.
        self._waiting: list[QLabel] = []
        for spec in self.specs:
            slot = QWidget()
            slot.setObjectName(f"{spec.key}Slot")
            box = QVBoxLayout(slot)
            box.setContentsMargins(0, 0, 0, 0)
            waiting = QLabel()
            waiting.setObjectName("openingDatabase")
            waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(waiting)
            self._waiting.append(waiting)
            self._slots[spec.key] = slot
            self.tabs.addTab(slot, spec.title())
        self.setCentralWidget(self.tabs)
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        #: The open Outbox window, if any (one at a time).
        self.outbox_dialog: QWidget | None = None
        #: Sends the outbox in the background once :meth:`set_mail_sender` gave it a sender.
        self.mail_pump: QObject | None = None
        self._build_menus()
        self._closed = False
        self._connect_signals()
        self.retranslate()
        self.setMinimumSize(900, 600)
        self.resize(1280, 800)
        if ctx is not None:
            self.attach(ctx, database_label, database_file)

    @property
    def attached(self) -> bool:
        """The database is open and the tabs have their data (see :meth:`attach`)."""
        return self._attached

    def attach(self, ctx: DeskContext, database_label: str, database_file: Path | None) -> None:
        """The open database's context: the shown tab builds and loads, the menus that
        need data turn on, the Mail menu and the outbox status join."""
        from b24desk.ui.mail.desk import MailDesk
        from b24desk.ui.mail.status import OutboxStatusLabel

        self.ctx = ctx
        self._attached = True
        self.database_label = database_label
        self.database_file = database_file
        self.outbox_status = OutboxStatusLabel(ctx)
        self.statusBar().insertPermanentWidget(0, self.outbox_status)
        self.outbox_status.clicked.connect(lambda: self.open_outbox())
        #: The Mail menu's own actions, the sending and the daily reminders (started
        #: by the app once the window shows; tests start what they need).
        self.mail_desk = MailDesk(self)
        for waiting in self._waiting:
            waiting.deleteLater()
        self._waiting.clear()
        for action in self._data_actions:
            action.setEnabled(True)
        self.restore_action.setEnabled(self.database_file is not None)
        self.pages[self.current_tab()]  # the shown tab builds (and loads once painted)
        self.retranslate()
        # Today has no list to export (and need not load the list tabs' module).
        self.export_action.setEnabled(self.current_tab() != "today" and bool(self.current_list()))

    # -- construction -----------------------------------------------------------

    def _build_page(self, key: str) -> QWidget:
        from b24desk.ui.forms import name_from_context

        assert self.attached, "tabs are built once the database is open"
        spec = next(spec for spec in self.specs if spec.key == key)
        page = spec.build(self.ctx)
        opener = getattr(page, "openRecord", None)
        if opener is not None:
            opener.connect(self.open_record)
        invoicer = getattr(page, "invoiceRequested", None)
        if invoicer is not None:
            invoicer.connect(self.new_invoice)
        quoter = getattr(page, "quoteRequested", None)
        if quoter is not None:
            quoter.connect(self.new_quote)
        counter = getattr(page, "countChanged", None)
        if counter is not None:
            counter.connect(lambda n, key=key: self._on_count(key, n))
        layout = self._slots[key].layout()
        assert layout is not None
        layout.addWidget(page)
        name_from_context(page, spec.title())
        return page

    @Slot()
    def name_inputs(self) -> None:
        """Every field, list and table of the built tabs gets an accessible name from
        its label, section or tab (issue #15): a screen reader can say where it is."""
        if not self.attached:
            return  # no tab built yet
        from b24desk.ui.forms import name_from_context

        for spec in self.specs:
            if spec.key in self.pages:
                name_from_context(self.pages[spec.key], spec.title())

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.import_action = QAction(self)
        self.export_action = QAction(self)
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addSeparator()
        self.restore_action = QAction(self)
        self.restore_action.setEnabled(self.database_file is not None)
        self.file_menu.addAction(self.restore_action)
        self.file_menu.addSeparator()
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.file_menu.addAction(self.quit_action)

        self.edit_menu = bar.addMenu("")
        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.edit_menu.addAction(self.new_action)
        self.edit_menu.addAction(self.find_action)
        self.search_action = QAction(self)
        self.search_action.setObjectName("globalSearchAction")
        self.search_action.setShortcut(QKeySequence("Ctrl+K"))
        self.edit_menu.addAction(self.search_action)
        #: Search everything (Ctrl+K): made when first opened, then kept with its text.
        self.global_search: QWidget | None = None

        self.view_menu = bar.addMenu("")
        self.tab_actions: list[QAction] = []
        for index, _spec in enumerate(self.specs):
            action = QAction(self)
            # Ctrl+1…6 (Cmd on macOS): QKeySequence maps Ctrl to Cmd there.
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.tabs.setCurrentIndex(i))
            self.view_menu.addAction(action)
            self.tab_actions.append(action)

        self.settings_menu = bar.addMenu("")
        self.office_action = QAction(self)
        self.office_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.office_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_menu.addAction(self.office_action)
        self.rates_action = QAction(self)
        self.rates_action.setObjectName("ratesAction")
        self.settings_menu.addAction(self.rates_action)
        self.database_action = QAction(self)
        self.database_action.setObjectName("databaseAction")
        self.settings_menu.addAction(self.database_action)
        self.prices_action = QAction(self)
        self.prices_action.setObjectName("priceListAction")
        self.settings_menu.addAction(self.prices_action)
        self.language_menu = self.settings_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():
            action = QAction(name, self, checkable=True)  # a language's own name
            action.setData(code)
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.mail_menu = bar.addMenu("")
        self.outbox_action = QAction(self)
        self.outbox_action.setObjectName("outboxAction")
        self.outbox_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.mail_menu.addAction(self.outbox_action)

        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self)
        self.help_menu.addAction(self.about_action)
        #: What needs the open database: off in the shell, on from :meth:`attach`.
        self._data_actions = [
            self.import_action,
            self.export_action,
            self.restore_action,
            self.new_action,
            self.find_action,
            self.search_action,
            self.office_action,
            self.rates_action,
            self.database_action,
            self.prices_action,
            self.outbox_action,
        ]
        for action in self._data_actions:
            action.setEnabled(False)

    def _connect_signals(self) -> None:
        self.quit_action.triggered.connect(self.close)
        self.restore_action.triggered.connect(self.open_restore)
        self.import_action.triggered.connect(self.import_csv)
        self.export_action.triggered.connect(self.export_csv)
        self.new_action.triggered.connect(lambda: self._call_page("new_record"))
        self.find_action.triggered.connect(lambda: self._call_page("focus_search"))
        self.search_action.triggered.connect(lambda: self.open_global_search())
        self.about_action.triggered.connect(self.show_about)
        self.office_action.triggered.connect(self.open_settings)
        self.rates_action.triggered.connect(self.open_rates)
        self.database_action.triggered.connect(self.open_database_settings)
        self.prices_action.triggered.connect(self.open_price_list)
        self.outbox_action.triggered.connect(lambda: self.open_outbox())
        self.language_group.triggered.connect(self._on_language_action)
        self.language.changed.connect(self.retranslate)
        self.tabs.currentChanged.connect(self._on_tab_changed)

    # -- behaviour ---------------------------------------------------------------

    @Slot()
    def retranslate(self) -> None:
        self.setWindowTitle(_("b24desk — Bitrix24 reseller desk"))
        self.file_menu.setTitle(_("&File"))
        self.quit_action.setText(_("&Quit"))
        self.import_action.setText(_("&Import CSV…"))
        self.import_action.setToolTip(_("Add clients, coupons or tickets from a CSV file"))
        self.export_action.setText(_("&Export table as CSV…"))
        self.export_action.setToolTip(_("The rows the current table shows, as a CSV file"))
        self.restore_action.setText(_("&Restore a backup…"))
        self.restore_action.setToolTip(
            _("Replace this database by one of its backups (the current file is kept)")
        )
        self.edit_menu.setTitle(_("&Edit"))
        self.new_action.setText(_("&New…"))
        self.new_action.setToolTip(_("Add a new record to the current tab"))
        self.find_action.setText(_("&Find"))
        self.search_action.setText(_("&Search everything…"))
        self.search_action.setToolTip(
            _("Clients, portals, tickets and their messages, invoices, coupons and quotes")
        )
        self.view_menu.setTitle(_("&View"))
        for index, spec in enumerate(self.specs):
            self.tabs.setTabText(index, spec.title())
            self.tab_actions[index].setText(spec.title())
        self.settings_menu.setTitle(_("&Settings"))
        self.office_action.setText(_("&Office settings…"))
        self.rates_action.setText(_("E&xchange rates…"))
        self.rates_action.setToolTip(_("The dated exchange rates reports use"))
        self.database_action.setText(_("&Database…"))
        self.database_action.setToolTip(
            _("A file on this computer, or the PostgreSQL server the office shares")
        )
        self.prices_action.setText(_("&Price list…"))
        self.language_menu.setTitle(_("&Language"))
        self.language_actions[self.language.language()].setChecked(True)
        self.mail_menu.setTitle(_("&Mail"))
        self.outbox_action.setText(_("&Outbox…"))
        self.outbox_action.setToolTip(_("The messages queued, sent, failed or cancelled"))
        if self.attached:
            self.mail_desk.retranslate()
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About b24desk"))
        for waiting in self._waiting:
            waiting.setText(_("Opening the database…"))
        if self.attached:
            self.db_label.setText(_("Database: {db}").format(db=self.database_label))
        # After the tabs re-translated their labels (they listen to the same change).
        QTimer.singleShot(0, self.name_inputs)
        self.db_label.setToolTip(_("The database this desk works on"))

    @Slot(QAction)
    def _on_language_action(self, action: QAction) -> None:
        code = str(action.data())
        self.language.set_language(code)
        QSettings().setValue("ui/language", code)

    def _call_page(self, method: str) -> None:
        if not self.attached:
            return
        handler = getattr(self.pages[self.current_tab()], method, None)
        if callable(handler):
            handler()

    def _on_count(self, key: str, count: int) -> None:
        if self.attached and self.current_tab() == key:
            self._show_count(self.pages[key], count)

    def _show_count(self, page: QWidget, count: int | None) -> None:
        """The status bar says how many rows of the current tab match."""
        describe = getattr(page, "count_text", None)
        if count is None or not callable(describe):
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(describe(count))

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        if not self.attached or not 0 <= index < len(self.specs):
            return
        page = self.pages[self.specs[index].key]
        self.export_action.setEnabled(self.current_list() is not None)
        model = getattr(page, "model", None)
        self._show_count(page, model.rowCount() if model is not None else None)
        refresh = getattr(page, "on_shown", None)
        if callable(refresh):
            refresh()
        from b24desk.ui.forms import name_from_context

        name_from_context(page, self.specs[index].title())

    def current_list(self) -> QWidget | None:
        """The list table of the current tab (None on Today and Partner targets)."""
        from b24desk.ui.listtab import ListTab

        page = self.pages[self.current_tab()]
        table = getattr(page, "list", page)  # the Tickets tab wraps its list
        return table if isinstance(table, ListTab) else None

    @Slot()
    def import_csv(self) -> None:
        from b24desk.ui.csv_dialogs import open_import

        key = self.current_tab()
        open_import(self, self.ctx, key if key in ("clients", "coupons", "tickets") else None)

    @Slot()
    def export_csv(self) -> None:
        from b24desk.ui.csv_dialogs import open_export

        table = self.current_list()
        if table is not None:
            open_export(self, self.ctx, table)  # type: ignore[arg-type]

    @Slot()
    def open_restore(self) -> None:
        from b24desk.ui.backup_dialog import RestoreDialog

        dialog = RestoreDialog(self.restore_backup, parent=self)
        dialog.exec()
        dialog.deleteLater()

    def restore_backup(self, source: Path) -> None:
        """Close the database, put the backup in its place, open it again, refresh."""
        from b24desk.store import backup, events
        from b24desk.store.db import close_database, open_database

        assert self.database_file is not None
        close_database()
        try:
            backup.restore(self.database_file, source)
        finally:
            open_database(self.database_file)
        events.notify(*events.ALL)

    @Slot()
    def open_settings(self) -> None:
        from b24desk.ui.settings_dialog import open_settings

        open_settings(self, self.ctx)  # the clock follows the office's notice

    @Slot()
    def open_rates(self) -> None:
        from b24desk.ui.rates import open_rates

        open_rates(self, self.ctx)

    @Slot()
    def open_database_settings(self) -> None:
        from b24desk.ui.database_dialog import DatabaseDialog
        from b24desk.ui.desk_database import remembered_target

        current = remembered_target() or (
            str(self.database_file) if self.database_file is not None else None
        )
        if self.database_file is None and current is None:
            current = self.database_label  # a server given on the command line
        dialog = DatabaseDialog(current, self.switch_database, self, can_copy=True)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def switch_database(self, target: str | None) -> None:
        """Work on ``target`` from now on (a path or a server URL with its password).

        The database is opened first: when that fails (DatabaseOpenError), the desk
        stays on the one it had and nothing changes.
        """
        from b24desk.store import events
        from b24desk.store.binding import use_desk_database
        from b24desk.store.db import database, describe, is_postgres_url, open_database
        from b24desk.store.errors import DatabaseOpenError
        from b24desk.ui.upgrade_progress import upgrade_progress

        old = database()
        try:
            with upgrade_progress(self):  # an older database is upgraded as it opens
                open_database(target)
        except DatabaseOpenError:
            use_desk_database(old)  # back to the database the desk had
            raise
        if old is not database():
            old.close()
        if is_postgres_url(target):
            self.database_file = None
        else:
            self.database_file = Path(target) if target else paths.default_database_path()
        self.database_label = describe(target)
        self.restore_action.setEnabled(self.database_file is not None)
        self.retranslate()
        events.notify(*events.ALL)  # the tabs reload; the clock takes the office's zone

    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(
            self,
            _("About b24desk"),
            _("b24desk {version}\nThe desk of a Bitrix24 reseller office.").format(
                version=__version__
            ),
        )

    def open_price_list(self) -> None:
        """Settings → Price list…: the office's prices, their dates and history."""
        from b24desk.ui.prices.dialog import PriceListDialog

        dialog = PriceListDialog(self.ctx, self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def open_outbox(self, message_id: int | None = None) -> QWidget:
        """Show the Outbox window (one at a time), on message ``message_id`` if given."""
        from b24desk.ui.mail.outbox import OutboxDialog
        from b24desk.ui.mail.sending import MailPump

        dialog = self.outbox_dialog
        if not isinstance(dialog, OutboxDialog) or not dialog.isVisible():
            if dialog is not None:
                dialog.deleteLater()
            pump = self.mail_pump
            sender = pump.run_now if isinstance(pump, MailPump) else None
            dialog = OutboxDialog(self.ctx, sender=sender, parent=self)
            dialog.setWindowFlag(Qt.WindowType.Window)
            self.outbox_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        if message_id is not None:
            dialog.show_message(message_id)
        return dialog

    def set_mail_sender(self, send: Callable[[], object]) -> QObject:
        """Send the outbox in the background with ``send`` (the merge passes
        ``store.mail_sender.send_queued``, once the mail server is set up): every
        minute, at once when a message is queued, and on the Outbox's Send now."""
        from b24desk.ui.mail.outbox import OutboxDialog
        from b24desk.ui.mail.sending import MailPump

        if isinstance(self.mail_pump, MailPump):
            self.mail_pump.stop()
            self.mail_pump.deleteLater()
        pump = MailPump(send, self.ctx.signals, parent=self)
        pump.errorChanged.connect(self.outbox_status.set_send_error)
        self.mail_pump = pump
        if isinstance(self.outbox_dialog, OutboxDialog):
            self.outbox_dialog.set_sender(pump.run_now)
        pump.start()
        return pump

    def stop_mail_sender(self) -> None:
        """No more background sending (the office's mail server was removed)."""
        from b24desk.ui.mail.outbox import OutboxDialog
        from b24desk.ui.mail.sending import MailPump

        if isinstance(self.mail_pump, MailPump):
            self.mail_pump.stop()
            self.mail_pump.deleteLater()
        self.mail_pump = None
        if isinstance(self.outbox_dialog, OutboxDialog):
            self.outbox_dialog.set_sender(None)

    @Slot(str, int)
    def open_record(self, kind: str, record_id: int) -> None:
        """Show the tab of ``kind`` with ``record_id`` selected (from Today's links)."""
        if kind == "outbox":
            self.open_outbox(record_id)
            return
        key = RECORD_TABS.get(kind)
        if key is None:
            return
        self.show_tab(key)
        show = getattr(self.pages[key], "show_record", None)
        if callable(show):
            show(record_id)

    def open_global_search(self, text: str | None = None) -> QWidget:
        """Search everything (Ctrl+K) over the window; ``text`` is searched at once
        (else the last text, kept for the session)."""
        from b24desk.ui.search.dialog import GlobalSearchDialog

        if not isinstance(self.global_search, GlobalSearchDialog):
            self.global_search = GlobalSearchDialog(self.ctx, self)
            self.global_search.openRecord.connect(self.open_record)
            self.global_search.searchTab.connect(self.search_tab)
        self.global_search.popup(text)
        return self.global_search

    @Slot(str, str)
    def search_tab(self, key: str, text: str) -> None:
        """The tab ``key`` with ``text`` in its search box and its filters cleared
        (the global search's "more…")."""
        from b24desk.ui.listtab import ListTab

        self.show_tab(key)
        page = self.pages[key]
        table = getattr(page, "list", page)  # the Tickets tab wraps its list
        if isinstance(table, ListTab):
            for box in table.filter_boxes.values():
                box.setCurrentIndex(0)
            table.search.setText(text)
            table.apply_search()
            table.view.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(int, object)
    def new_invoice(self, client_id: int, lines: object) -> None:
        """An invoice for a client (from the Clients or Coupons tab), in the Invoices tab."""
        self.show_tab("invoices")
        self.pages["invoices"].new_record(client_id, list(lines or []))  # type: ignore[attr-defined,call-overload]

    @Slot(int)
    def new_quote(self, client_id: int) -> None:
        """A quote for a client (from the Clients tab), in the Quotes tab."""
        self.show_tab("quotes")
        self.pages["quotes"].new_record(client_id)  # type: ignore[attr-defined]

    def show_tab(self, key: str) -> None:
        keys = [spec.key for spec in self.specs]
        if key in keys:
            self.tabs.setCurrentIndex(keys.index(key))

    def current_tab(self) -> str:
        return self.specs[self.tabs.currentIndex()].key

    def busy(self) -> bool:
        """The shown tab is still fetching what it shows (a page may say so by a
        ``busy()`` method; pages that fill themselves at once have none), the global
        search is still looking, or the database is not open yet."""
        if not self.attached:
            return True
        searching = getattr(self.global_search, "busy", None)
        if callable(searching) and searching():
            return True
        busy = getattr(self.pages[self.current_tab()], "busy", None)
        return bool(busy()) if callable(busy) else False

    # -- state between runs -------------------------------------------------------

    def restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        self.show_tab(text_setting("window/tab", "today"))

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/tab", self.current_tab())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.remembers_state:
            self.save_state()
        if not self._closed:  # close() may come twice (the app quitting after a close)
            self._closed = True
            self.language.changed.disconnect(self.retranslate)
            if self.attached:
                self.mail_desk.timer.stop()
        self.stop_mail_sender()
        super().closeEvent(event)
