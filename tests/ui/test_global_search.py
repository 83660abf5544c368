"""Search everything (issue #18.3): Ctrl+K, and ``b24desk --search TEXT``, opens one
box over the window; results grouped by kind appear as you type, the words in bold;
Up/Down choose, Enter opens the record in its tab, Escape closes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import peewee
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from b24desk import app as desk_app
from b24desk.cli import build_gui_parser
from b24desk.store import models as m
from b24desk.store.clients import create_client
from b24desk.store.invoices import LineInput, create_draft
from b24desk.store.search import KINDS
from b24desk.store.tickets import add_message, create_ticket
from b24desk.ui.context import DeskContext
from b24desk.ui.main_window import RECORD_TABS, MainWindow
from b24desk.ui.search import rows
from b24desk.ui.search.dialog import GlobalSearchDialog

NOON = datetime(2026, 11, 18, 12, 0, tzinfo=ZoneInfo("Pacific/Auckland"))


@dataclass
class Office:
    cafe: int
    elka: int
    acme: int
    ticket: int
    invoice: int


@pytest.fixture
def office(db: peewee.Database) -> Office:
    def client(company: str, **more: str) -> int:
        return create_client({"company": company, "country": "NZ", **more}).id

    cafe = client("Café Zürich GmbH", contact_person="Renée Müller", email="renee@cafe.ch")
    elka = client("ООО «Ёлочка»", contact_person="Пётр Ильин", email="petr@elochka.ru")
    acme = client("Acme Ltd", email="ops@acme.co.nz", portal_url="https://acme.bitrix24.com")
    plan = m.Plan.create(code="standard", name="Standard", kind="cloud", seats=50)
    m.Subscription.create(
        client=acme, plan=plan, portal_url="https://acme.bitrix24.com", starts_on=date(2026, 1, 1)
    )
    ticket = create_ticket({"client_id": acme, "subject": "Webhooks stopped firing"}, NOON)
    add_message(ticket.id, "client", "The Zürich office sees no deals since Monday", "Ann", NOON)
    invoice = create_draft(cafe, [LineInput("Implementation, 8 hours", unit_price="960")])
    return Office(cafe, elka, acme, ticket.id, invoice.id)


@pytest.fixture
def window(qtbot: Any, ctx: DeskContext) -> Iterator[MainWindow]:
    win = MainWindow(ctx, "test.sqlite")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win


def palette(window: MainWindow) -> GlobalSearchDialog:
    box = window.global_search
    assert isinstance(box, GlobalSearchDialog)
    return box


def type_text(qtbot: Any, box: GlobalSearchDialog, text: str) -> None:
    """Typed key by key (QTest knows Latin keys only: other letters come as the
    key events of a keyboard in that script, with their text)."""
    box.query.clear()
    for char in text:
        if char.isascii():
            qtbot.keyClick(box.query, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(box.query, event)
    assert box.query.text() == text
    qtbot.waitUntil(lambda: not box.busy() and box.shown_text == text.strip())


def shown_rows(box: GlobalSearchDialog) -> list[tuple[str, str]]:
    """(kind of row, what it says) for every row: headers say their group and count."""
    return [
        (str(box.model.item(r).data(rows.ROW_ROLE)), box.model.item(r).text())
        for r in range(box.model.rowCount())
    ]


def hit_rows(box: GlobalSearchDialog) -> list[tuple[str, int, str]]:
    found = []
    for r in range(box.model.rowCount()):
        hit = box.model.item(r).data(rows.DATA_ROLE)
        if box.model.item(r).data(rows.ROW_ROLE) == "hit":
            found.append((hit.kind, hit.record_id, box.model.item(r).data(rows.TITLE_HTML_ROLE)))
    return found


def test_ctrl_k_opens_the_box_over_the_window_and_results_come_as_you_type(
    qtbot: Any, window: MainWindow, office: Office
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    box = palette(window)
    assert box.isVisible() and box.parentWidget() is window
    assert window.search_action.shortcut().toString() == "Ctrl+K"
    assert box.query.hasFocus()
    assert box.query.placeholderText()
    assert box.query.isClearButtonEnabled()
    # Over the window, at the top in the middle, wholly inside it.
    assert window.rect().contains(box.geometry())
    assert abs(box.geometry().center().x() - window.rect().center().x()) <= 1

    type_text(qtbot, box, "zurich")
    headers = [text for kind, text in shown_rows(box) if kind == "header"]
    assert headers[0] == "Clients: 1 match"
    assert any(text.startswith("Messages: ") for text in headers)
    hits = hit_rows(box)
    assert (hits[0][0], hits[0][1]) == ("client", office.cafe)
    assert "<b>Zürich</b>" in hits[0][2]  # the word in bold, as it is written
    kinds = [kind for kind, _r, _html in hits]
    assert "message" in kinds  # a message of a ticket says "Zürich"
    assert kinds == sorted(kinds, key=KINDS.index)  # grouped, in the store's order


def test_accents_case_and_cyrillic_do_not_matter(
    qtbot: Any, window: MainWindow, office: Office
) -> None:
    box = window.open_global_search()
    assert isinstance(box, GlobalSearchDialog)
    for typed, wanted, bold in [
        ("CAFE zurich", office.cafe, "<b>Café</b> <b>Zürich</b>"),
        ("renee", office.cafe, None),
        ("елочка", office.elka, "<b>Ёлочка</b>"),
        ("ёЛоЧкА", office.elka, "<b>Ёлочка</b>"),
    ]:
        type_text(qtbot, box, typed)
        hits = hit_rows(box)
        assert ("client", wanted) in [(kind, r) for kind, r, _html in hits], typed
        if bold is not None:
            title = next(html for kind, r, html in hits if (kind, r) == ("client", wanted))
            assert bold in title, title


def test_user_text_is_escaped_in_the_results(qtbot: Any, window: MainWindow, db: Any) -> None:
    create_client({"company": "<b>Tags</b> & Co", "country": "NZ"})
    box = window.open_global_search()
    assert isinstance(box, GlobalSearchDialog)
    type_text(qtbot, box, "tags")
    title = hit_rows(box)[0][2]
    assert title == "&lt;b&gt;<b>Tags</b>&lt;/b&gt; &amp; Co"


def test_nothing_found_says_so_in_the_list_area(
    qtbot: Any, window: MainWindow, office: Office
) -> None:
    box = window.open_global_search()
    assert isinstance(box, GlobalSearchDialog)
    type_text(qtbot, box, "xyzzy")
    assert box.stack.currentWidget() is box.message
    assert box.message.isVisible()
    assert box.message.text() == "Nothing found for “xyzzy”"


def test_up_down_skip_the_headers_and_enter_opens_the_record_in_its_tab(
    qtbot: Any, window: MainWindow, office: Office
) -> None:
    box = window.open_global_search()
    assert isinstance(box, GlobalSearchDialog)
    type_text(qtbot, box, "zurich")
    first = box.current_hit()
    assert first is not None and first.kind == "client"  # the first hit is chosen
    qtbot.keyClick(box.query, Qt.Key.Key_Down)  # over the next group's header
    second = box.current_hit()
    assert second is not None and second.kind != "client"
    assert box.results.currentIndex().row() == 3
    assert box.query.hasFocus()  # the arrows work from the box
    qtbot.keyClick(box.query, Qt.Key.Key_Up)
    assert box.current_hit() == first
    qtbot.keyClick(box.query, Qt.Key.Key_Up)  # nothing above the first hit
    assert box.current_hit() == first
    qtbot.keyClick(box.query, Qt.Key.Key_Down)
    qtbot.keyClick(box.query, Qt.Key.Key_Return)
    assert not box.isVisible()
    assert window.current_tab() == RECORD_TABS[second.open_kind]

    window.open_global_search()
    assert box.query.text() == "zurich"  # kept for the session
    qtbot.waitUntil(lambda: not box.busy())
    qtbot.keyClick(box.query, Qt.Key.Key_Enter)  # the first hit
    assert not box.isVisible()
    assert window.current_tab() == "clients"
    assert window.pages["clients"].current_id() == office.cafe


def test_a_message_opens_its_ticket(qtbot: Any, window: MainWindow, office: Office) -> None:
    box = window.open_global_search()
    assert isinstance(box, GlobalSearchDialog)
    type_text(qtbot, box, "no deals since")
    hit = box.current_hit()
    assert hit is not None and hit.kind == "message"
    assert "<b>deals</b>" in box.results.currentIndex().data(rows.DETAIL_HTML_ROLE) + (
        box.results.currentIndex().data(rows.TITLE_HTML_ROLE)
    )
    qtbot.keyClick(box.results, Qt.Key.Key_Return)  # from the list too
    assert window.current_tab() == "tickets"
    assert window.pages["tickets"].detail.ticket_id() == office.ticket
    assert window.pages["tickets"].list.current_id() == office.ticket


def test_an_invoice_opens_in_the_invoices_tab(
    qtbot: Any, window: MainWindow, office: Office
) -> None:
    box = window.open_global_search()
    assert isinstance(box, GlobalSearchDialog)
    type_text(qtbot, box, "cafe")  # a click opens, as in a command palette
    row = next(
        r
        for r in range(box.model.rowCount())
        if box.model.item(r).data(rows.ROW_ROLE) == "hit"
        and box.model.item(r).data(rows.DATA_ROLE).kind == "invoice"
    )
    where = box.results.visualRect(box.model.index(row, 0))
    qtbot.mouseClick(box.results.viewport(), Qt.MouseButton.LeftButton, pos=where.center())
    assert not box.isVisible()
    assert window.current_tab() == "invoices"
    assert window.pages["invoices"].current_id() == office.invoice


def test_a_portal_opens_its_client(qtbot: Any, window: MainWindow, office: Office) -> None:
    box = window.open_global_search()
    assert isinstance(box, GlobalSearchDialog)
    type_text(qtbot, box, "acme.bitrix24")
    row = next(
        r
        for r in range(box.model.rowCount())
        if box.model.item(r).data(rows.ROW_ROLE) == "hit"
        and box.model.item(r).data(rows.DATA_ROLE).kind == "portal"
    )
    box.results.setCurrentIndex(box.model.index(row, 0))
    qtbot.keyClick(box.query, Qt.Key.Key_Return)
    assert window.current_tab() == "clients"
    assert window.pages["clients"].current_id() == office.acme


def test_escape_closes_and_gives_the_focus_back(
    qtbot: Any, window: MainWindow, office: Office
) -> None:
    window.show_tab("clients")
    clients = window.pages["clients"]
    clients.focus_search()
    focused = QApplication.focusWidget()
    assert isinstance(focused, QLineEdit)
    box = window.open_global_search()
    assert isinstance(box, GlobalSearchDialog)
    type_text(qtbot, box, "acme")
    qtbot.keyClick(box.query, Qt.Key.Key_Escape)
    assert not box.isVisible()
    assert QApplication.focusWidget() is focused
    assert window.current_tab() == "clients"
    assert window.open_global_search() is box  # one box, reused


def test_the_box_goes_away_when_the_focus_leaves_it(
    qtbot: Any, window: MainWindow, office: Office
) -> None:
    box = window.open_global_search("acme")
    assert isinstance(box, GlobalSearchDialog)
    window.tabs.setFocus(Qt.FocusReason.MouseFocusReason)  # a click on the window
    assert not box.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert box.isVisible() and box.query.text() == "acme"
    assert box.query.selectedText() == "acme"  # typing starts a new search


def test_the_box_follows_the_language(qtbot: Any, window: MainWindow, office: Office) -> None:
    box = window.open_global_search()
    assert isinstance(box, GlobalSearchDialog)
    type_text(qtbot, box, "zurich")
    try:
        window.language_actions["ru"].trigger()
        assert box.model.item(0).text().startswith("Клиенты: ")
    finally:
        window.language_actions["en"].trigger()
    assert box.model.item(0).text() == "Clients: 1 match"


def test_the_screenshot_of_a_search_shows_its_results(
    qtbot: Any, ctx: DeskContext, office: Office, tmp_path: Path, monkeypatch: Any
) -> None:
    """What ``--search TEXT --screenshot FILE`` does after building the window."""
    window = MainWindow(ctx, "test.sqlite")
    qtbot.addWidget(window)
    window.open_global_search("zurich")
    seen: list[tuple[bool, str, int]] = []
    real_grab = window.grab

    def grab(*args: Any) -> Any:
        box = palette(window)
        seen.append((box.isVisible(), box.shown_text, len(hit_rows(box))))
        return real_grab(*args)

    monkeypatch.setattr(window, "grab", grab)
    assert desk_app._screenshot(window, tmp_path / "search.png") == 0
    assert len(seen) == 1
    visible, text, hits = seen[0]
    assert visible and text == "zurich" and hits > 0


def test_the_search_flag(tmp_path: Path) -> None:
    assert build_gui_parser().parse_args(["--search", "zenit"]).search == "zenit"
    shot = tmp_path / "search.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "B24DESK_HOME": str(tmp_path)}
    result = subprocess.run(
        [
            *(sys.executable, "-m", "b24desk", "--db", str(tmp_path / "demo.sqlite"), "--demo"),
            *("--screenshot", str(shot), "--search", "bitrix24"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
