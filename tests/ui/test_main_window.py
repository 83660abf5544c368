"""The main window: tabs, shortcuts, language switching and remembered state."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from b24desk import i18n
from b24desk.app import make_application
from b24desk.clock import OfficeClock
from b24desk.store import events
from b24desk.store import models as m
from b24desk.store.office import get_office, update_office
from b24desk.ui.context import DeskContext
from b24desk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, ctx: DeskContext) -> Iterator[MainWindow]:
    win = MainWindow(ctx, "test.sqlite")
    qtbot.addWidget(win)
    win.show()
    return win


TAB_TITLES = {
    "en": [
        "Today", "Clients", "Coupons", "Partner targets", "Tickets", "Invoices", "Quotes",
        "Reports",
    ],
    "es": [
        "Hoy", "Clientes", "Cupones", "Objetivos de socio", "Soporte", "Facturas",
        "Presupuestos", "Informes",
    ],
    "ru": [
        "Сегодня", "Клиенты", "Купоны", "Цели партнёра", "Тикеты", "Счета", "Предложения",
        "Отчёты",
    ],
}


def tab_titles(win: MainWindow) -> list[str]:
    return [win.tabs.tabText(i) for i in range(win.tabs.count())]


def test_tabs_in_order(window: MainWindow) -> None:
    assert tab_titles(window) == TAB_TITLES["en"]
    assert [s.key for s in window.specs] == [
        "today",
        "clients",
        "coupons",
        "targets",
        "tickets",
        "invoices",
        "quotes",
        "reports",
    ]


def test_ctrl_number_switches_tabs(window: MainWindow, qtbot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab() == "tickets"
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab() == "clients"


def test_today_links_open_the_record_in_its_tab(window: MainWindow) -> None:
    from datetime import timedelta
    from decimal import Decimal

    today = window.ctx.clock.today()
    for n in range(3):
        m.Coupon.create(
            code=f"B24-LINK-000{n}",
            product="cloud_subscription",
            currency="USD",
            purchased_on=today - timedelta(days=5 + n),
            list_price=Decimal("100"),
            partner_cost=Decimal("60"),
        )
    wanted = m.Coupon.get(m.Coupon.code == "B24-LINK-0001")
    window.show_tab("today")
    window.pages["today"].refresh()
    window.pages["today"].openRecord.emit("coupon", wanted.id)
    assert window.current_tab() == "coupons"
    coupons = window.pages["coupons"]
    assert coupons.current_id() == wanted.id
    assert coupons.search.text() == "B24-LINK-0001"


def test_language_menu_switches_every_visible_string(window: MainWindow) -> None:
    for lang in ("ru", "es"):
        window.language_actions[lang].trigger()
        assert i18n.current_language() == lang
        assert tab_titles(window) == TAB_TITLES[lang]
        assert window.windowTitle() != "b24desk — Bitrix24 reseller desk"
        assert window.pages["clients"].model.headerData(0, Qt.Orientation.Horizontal) != "Company"
        assert QSettings().value("ui/language") == lang


def test_geometry_and_last_tab_are_remembered(window: MainWindow, qtbot) -> None:
    window.resize(1000, 700)
    window.show_tab("targets")
    window.close()
    again = MainWindow(window.ctx, "test.sqlite")
    qtbot.addWidget(again)
    again.restore_state()
    assert again.current_tab() == "targets"
    assert (again.width(), again.height()) == (1000, 700)


def test_crash_hook_logs_and_shows_a_dialog(qtbot, tmp_path: Path) -> None:
    import logging

    from b24desk.ui.crash import CrashHandler

    make_application()
    log_file = tmp_path / "b24desk.log"
    handler = logging.FileHandler(log_file)
    logging.getLogger("b24desk.crash").addHandler(handler)
    crash = CrashHandler(log_file)
    try:
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError as exc:
            crash.excepthook(type(exc), exc, exc.__traceback__)
        qtbot.waitUntil(lambda: len(crash.dialogs) == 1)
        box = crash.dialogs[0]
        assert str(log_file) in box.text()
        assert "boom in a slot" in box.detailedText()
        box.close()
    finally:
        logging.getLogger("b24desk.crash").removeHandler(handler)
        handler.close()
    assert "boom in a slot" in log_file.read_text()
    assert QApplication.instance() is not None


def test_status_bar_says_how_many_rows_match(window: MainWindow, qtbot) -> None:
    for name in ("Alpha Ltd", "Alpine Ltd", "Beta Ltd"):
        m.Client.create(company=name)
    window.show_tab("clients")
    clients = window.pages["clients"]
    clients.model.reload()
    assert window.statusBar().currentMessage() == "3 rows"
    with qtbot.waitSignal(clients.countChanged, timeout=2000):
        qtbot.keyClicks(clients.search, "alp")
    assert window.statusBar().currentMessage() == "2 rows"
    window.show_tab("coupons")
    assert window.statusBar().currentMessage() == "0 coupons"


@pytest.mark.parametrize(("lang", "cancel"), [("ru", "Отмена"), ("es", "Cancelar")])
def test_qt_standard_buttons_follow_the_language(
    window: MainWindow, lang: str, cancel: str
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    window.language_actions[lang].trigger()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == cancel


def test_first_run_follows_the_system_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from b24desk import app

    QSettings().remove("ui/language")
    monkeypatch.setattr(i18n, "system_language", lambda: "es")
    assert app.choose_language(None) == "es"
    QSettings().setValue("ui/language", "ru")  # remembered from the menu
    assert app.choose_language(None) == "ru"
    assert app.choose_language("en") == "en"  # --lang wins


def test_tabs_are_built_when_first_shown(window: MainWindow) -> None:
    assert list(window.pages) == ["today"]  # start-up builds the visible tab only
    window.show_tab("tickets")
    assert "tickets" in window.pages and "clients" not in window.pages
    assert window.pages["tickets"].parent() is not None  # mounted in its tab


def test_a_bad_database_offers_another_and_stays_untouched(tmp_path: Path) -> None:
    from b24desk.app import open_with_way_out
    from b24desk.store.db import close_database

    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database")
    good = tmp_path / "office.sqlite"
    asked: list[str] = []

    def choose_another(
        message: str, restorable: Path | None, failed: str | None
    ) -> tuple[str, str | None]:
        asked.append(message)
        assert restorable == bad and failed == str(bad)  # a backup could go in its place
        return ("open", str(good))

    assert open_with_way_out(str(bad), True, ask=choose_another) == str(good)
    close_database()
    assert "not a b24desk database" in asked[0]
    assert bad.read_text() == "not a database"
    assert open_with_way_out(str(bad), True, ask=lambda _m, _r, _f: ("quit", None)) is False
    assert open_with_way_out(str(bad), False) is False  # headless: no question


def test_a_damaged_database_can_be_replaced_by_a_backup_at_start(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real way-out box and restore dialog, clicked through as a person would."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from b24desk import paths
    from b24desk.app import open_with_way_out
    from b24desk.store.backup import daily_backup
    from b24desk.store.db import close_database, open_database
    from b24desk.ui import backup_dialog

    office = tmp_path / "office.sqlite"
    open_database(office)
    m.Client.create(company="Backed Up Ltd")
    close_database()
    daily_backup(office, date(2026, 11, 19), 14, 12)
    data = office.read_bytes()
    office.write_bytes(data[: len(data) // 3])  # the file is damaged
    damaged = office.read_bytes()
    monkeypatch.setattr(backup_dialog, "confirm", lambda *args: True)
    seen: list[str] = []

    def click_through() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QMessageBox) and widget.objectName() == "wayOutBox":
            seen.append(widget.text())
            button = next(b for b in widget.buttons() if b.text() == "Restore a backup…")
            button.click()
        elif isinstance(widget, backup_dialog.RestoreDialog):
            seen.append("restore dialog")
            widget.list.setCurrentItem(widget.list.topLevelItem(0))
            widget.restore_button.click()

    driver = QTimer()
    driver.timeout.connect(click_through)
    driver.start(50)
    try:
        assert open_with_way_out(str(office), True) == str(office)
    finally:
        driver.stop()
    try:
        assert [c.company for c in m.Client.select()] == ["Backed Up Ltd"]
    finally:
        close_database()
    assert "damaged" in seen[0] and seen[1] == "restore dialog"
    kept = list(tmp_path.glob("office.sqlite.replaced-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged  # the damaged file, unchanged
    assert paths.backups_dir().is_dir()


def test_a_locked_database_offers_no_restore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools
    import sqlite3

    from b24desk.app import open_with_way_out
    from b24desk.store import db as store_db

    quick = functools.partial(store_db.open_database, timeout=0.2)
    monkeypatch.setattr(store_db, "open_database", quick)

    path = tmp_path / "locked.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    offered: list[Path | None] = []
    try:
        result = open_with_way_out(
            str(path),
            True,
            ask=lambda _m, restorable, _f: offered.append(restorable) or ("quit", None),
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result is False
    assert offered == [None]  # restoring over a file another program holds would split it


def test_restoring_a_backup_from_the_window(qtbot, ctx: DeskContext, db_path: Path) -> None:
    from b24desk.store.backup import backup_to
    from b24desk.store.db import close_database, open_database

    if not db_path.exists():  # on a server: restoring is the server's business
        window = MainWindow(ctx, "postgresql://desk@db/b24desk", database_file=None)
        qtbot.addWidget(window)
        assert not window.restore_action.isEnabled()
        return
    m.Client.create(company="Before Ltd")
    close_database()
    copy = backup_to(db_path, db_path.with_name("copy.sqlite"))
    open_database(db_path)
    m.Client.create(company="After Ltd")
    window = MainWindow(ctx, "test.sqlite", database_file=db_path)
    qtbot.addWidget(window)
    window.show_tab("clients")
    assert window.pages["clients"].model.rowCount() == 2
    window.restore_backup(copy)
    assert [c.company for c in m.Client.select()] == ["Before Ltd"]
    assert window.pages["clients"].model.rowCount() == 1  # the tabs reloaded
    assert list(db_path.parent.glob("test.sqlite.replaced-*"))  # the old file is kept


def test_export_follows_the_tab_and_import_knows_what_to_import(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from b24desk.ui import csv_dialogs

    asked: list[object] = []
    monkeypatch.setattr(csv_dialogs, "open_import", lambda p, c, entity: asked.append(entity))
    monkeypatch.setattr(csv_dialogs, "open_export", lambda p, c, tab: asked.append(tab))
    window.show_tab("targets")
    assert not window.export_action.isEnabled()  # no table there
    window.show_tab("tickets")
    assert window.export_action.isEnabled()
    window.export_action.trigger()
    window.import_action.trigger()
    assert asked == [window.pages["tickets"].list, "tickets"]


def test_a_server_that_does_not_answer_at_start_can_be_replaced(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real way-out box, then the database dialog, filled in as a person would."""
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

    from b24desk.app import open_with_way_out
    from b24desk.store.db import close_database
    from b24desk.ui.database_dialog import DatabaseDialog
    from b24desk.ui.desk_database import TARGET_KEY

    make_application()
    QSettings().remove(TARGET_KEY)
    local = tmp_path / "until-the-server-is-back.sqlite"
    seen: list[str] = []

    def click_through() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QMessageBox) and widget.objectName() == "wayOutBox":
            seen.append(widget.text() + " | " + widget.informativeText())
            next(b for b in widget.buttons() if b.text() == "Open another database…").click()
        elif isinstance(widget, DatabaseDialog) and "dialog" not in seen:
            seen.append("dialog")
            assert widget.server_choice.isChecked()  # the failed server, to correct
            assert (widget.host.text(), widget.port.text()) == ("127.0.0.1", "1")
            widget.file_choice.click()
            widget.file.edit.setText(str(local))
            widget.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    driver = QTimer()
    driver.timeout.connect(click_through)
    driver.start(50)
    try:
        opened = open_with_way_out("postgresql://desk:pw@127.0.0.1:1/b24desk", True)
    finally:
        driver.stop()
        close_database()
    assert opened == str(local) and local.is_file()
    assert "No PostgreSQL server answers at 127.0.0.1:1" in seen[0]
    assert "correct the server's address" in seen[0]
    assert seen[1] == "dialog"
    assert QSettings().value(TARGET_KEY) == str(local)  # this desk's choice from now on
    QSettings().remove(TARGET_KEY)


#: UTC+14 and UTC−11: their dates differ at every moment.
EAST, WEST = "Pacific/Kiritimati", "Pacific/Pago_Pago"


@pytest.fixture
def office_desk(qtbot, ctx: DeskContext, db_path: Path) -> Iterator[tuple[MainWindow, OfficeClock]]:
    """The window with the real desk clock, on an office in the EAST zone."""
    update_office({"timezone": EAST}, get_office().version)
    clock = OfficeClock()
    desk = DeskContext(clock=clock, signals=ctx.signals, language=ctx.language)
    window = MainWindow(desk, "test", database_file=db_path if db_path.exists() else None)
    qtbot.addWidget(window)
    yield window, clock
    clock.detach()


def test_the_clock_follows_the_database_switched_to(
    office_desk: tuple[MainWindow, OfficeClock], db_target: str, tmp_path: Path
) -> None:
    window, clock = office_desk
    assert clock.timezone == EAST
    zone_heard: list[str | None] = []  # the clock's zone when a table hears of the change

    def table(entity: str) -> None:
        zone_heard.append(clock.timezone)

    events.subscribe(table)
    try:
        window.switch_database(str(tmp_path / "branch.sqlite"))  # a new office: Auckland
    finally:
        events.unsubscribe(table)
    assert zone_heard and set(zone_heard) == {"Pacific/Auckland"}  # from the first notice on
    assert clock.timezone == "Pacific/Auckland"
    assert clock.today() == datetime.now(ZoneInfo("Pacific/Auckland")).date()
    update_office({"timezone": WEST}, get_office().version)  # what Settings → Office saves
    assert clock.timezone == WEST
    window.switch_database(db_target)  # back to the first office
    assert clock.timezone == EAST
    assert clock.today() == datetime.now(ZoneInfo(EAST)).date()


def test_the_clock_follows_a_restored_backup(
    office_desk: tuple[MainWindow, OfficeClock], db_path: Path
) -> None:
    from b24desk.store.backup import backup_to
    from b24desk.store.db import close_database, open_database

    window, clock = office_desk
    if window.database_file is None:
        pytest.skip("a server's backups are the server's business (no restore action)")
    close_database()
    copy = backup_to(db_path, db_path.with_name("copy.sqlite"))  # the office in EAST
    open_database(db_path)
    update_office({"timezone": WEST}, get_office().version)
    assert clock.timezone == WEST
    window.restore_backup(copy)
    assert get_office().timezone == EAST
    assert clock.timezone == EAST
