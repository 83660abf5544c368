"""Every tinted cell of the Clients, Coupons, Today and Partner targets tabs, and the
error lines of the form dialogs, stay readable on a dark theme.

Issue #14: "One palette module for row colours, taken from the style's palette so the
desk stays readable in a dark theme (today's fixed pastel backgrounds set no text colour)."
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

import peewee
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QTreeWidgetItem

from b24desk.store import models as m
from b24desk.store import tickets as ticket_store
from b24desk.store.demo import generate_demo
from b24desk.ui import palette
from b24desk.ui.clients.tab import ClientsTab
from b24desk.ui.context import DeskContext
from b24desk.ui.coupons.tab import build_tab as build_coupons_tab
from b24desk.ui.invoices.tab import InvoicesTab
from b24desk.ui.targets.dialogs import BonusDialog
from b24desk.ui.targets.tab import TargetsTab
from b24desk.ui.tickets.tab import TicketsTab, ticket_columns
from b24desk.ui.today import TodayTab

WCAG_AA = 4.5


@pytest.fixture
def office(db: peewee.Database) -> None:
    generate_demo("small", seed=3, today=date(2026, 11, 20))


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[QPalette]:
    old = QPalette(qapp.palette())
    pal = QPalette(old)
    for role, colour in (
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
    ):
        pal.setColor(role, QColor(colour))
    qapp.setPalette(pal)
    yield pal
    qapp.setPalette(old)


def _colour(value: object) -> QColor | None:
    if isinstance(value, QBrush):
        return value.color() if value.style() != Qt.BrushStyle.NoBrush else None
    if isinstance(value, QColor):
        return value
    return None


def _model_cells(model) -> Iterator[tuple[str, QColor | None, QColor | None]]:  # type: ignore[no-untyped-def]
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            yield (
                f"{row},{column}",
                _colour(model.data(index, Qt.ItemDataRole.ForegroundRole)),
                _colour(model.data(index, Qt.ItemDataRole.BackgroundRole)),
            )


def _tree_cells(item: QTreeWidgetItem) -> Iterator[tuple[str, QColor | None, QColor | None]]:
    for column in range(item.columnCount()):
        yield (
            f"{item.text(0)}:{column}",
            _colour(item.data(column, Qt.ItemDataRole.ForegroundRole)),
            _colour(item.data(column, Qt.ItemDataRole.BackgroundRole)),
        )
    for i in range(item.childCount()):
        yield from _tree_cells(item.child(i))


def _label_cells(labels: Iterable[QLabel]) -> Iterator[tuple[str, QColor, QColor]]:
    """The text and background colours a label is drawn with (its style sheet applied)."""
    for label in labels:
        label.ensurePolished()
        colours = label.palette()
        yield (
            label.objectName(),
            colours.color(label.foregroundRole()),
            colours.color(label.backgroundRole()),
        )


def _unreadable(cells, pal: QPalette) -> list[str]:  # type: ignore[no-untyped-def]
    bad = []
    tinted = 0
    for where, fg, bg in cells:
        if bg is not None:
            tinted += 1
        text = fg or pal.color(QPalette.ColorRole.Text)
        base = bg or pal.color(QPalette.ColorRole.Base)
        ratio = palette.contrast_ratio(text, base)
        if ratio < WCAG_AA:
            bad.append(f"{where}: {text.name()} on {base.name()} = {ratio:.2f}")
    assert tinted, "the demo office should give some tinted cells to check"
    return bad


def test_clients_coupons_and_today_read_well_on_a_dark_palette(
    qtbot, ctx: DeskContext, office: None, dark: QPalette
) -> None:
    clients = ClientsTab(ctx)
    qtbot.addWidget(clients)
    assert _unreadable(_model_cells(clients.model), dark) == []

    coupon_tab = build_coupons_tab(ctx)
    qtbot.addWidget(coupon_tab)
    assert _unreadable(_model_cells(coupon_tab.model), dark) == []

    today = TodayTab(ctx)
    qtbot.addWidget(today)
    today.refresh()
    root = today.tree.invisibleRootItem()
    assert _unreadable(_tree_cells(root), dark) == []


def _label_colours(style: str) -> tuple[QColor, QColor]:
    """The background and text colour a tinted label's style sheet sets."""
    found = re.search(r"background-color: (#[0-9a-f]{6});.*\bcolor: (#[0-9a-f]{6});", style)
    assert found, f"a tinted label sets both its background and its text colour: {style!r}"
    return QColor(found[1]), QColor(found[2])


def _ticket_with_longest_thread() -> int:
    """The demo ticket whose thread has the most kinds of entries."""
    ids = [ticket.id for ticket in m.Ticket.select()]
    return max(ids, key=lambda i: len({entry.kind for entry in ticket_store.ticket_thread(i)}))


def test_tickets_and_invoices_read_well_on_a_dark_palette(
    qtbot, ctx: DeskContext, office: None, dark: QPalette
) -> None:
    """The SLA and urgency cells of the queue, the tinted lines of the ticket's detail
    and the invoice status cells (issue #14: "taken from the style's palette so the desk
    stays readable in a dark theme")."""
    tickets = TicketsTab(ctx)
    qtbot.addWidget(tickets)
    assert _unreadable(_model_cells(tickets.model), dark) == []
    urgency = [c.key for c in ticket_columns()].index("urgency")
    high = [
        row
        for row in range(tickets.model.rowCount())
        if tickets.model.data(tickets.model.index(row, urgency), Qt.ItemDataRole.BackgroundRole)
        is not None
    ]
    assert high, "the demo office should have an open ticket of high urgency"
    tickets.list.view.setCurrentIndex(tickets.model.index(high[0], 0))
    labels = [tickets.detail.info_values[name].styleSheet() for name in ("urgency", "sla")]
    for style in (s for s in labels if s):
        background, text = _label_colours(style)
        assert palette.contrast_ratio(text, background) >= WCAG_AA, style
    assert labels[0], "a high-urgency ticket tints its urgency line"
    # The thread: each entry's tinted block and the text written on it.
    tickets.detail.show_ticket(_ticket_with_longest_thread())
    shown = tickets.detail.thread_view.toHtml()
    blocks = re.findall(r'<table[^>]*bgcolor="(#[0-9a-f]{6})"[^>]*>(.*?)</table>', shown, re.S)
    assert len(blocks) >= 4, "the description and a client message, a reply and a note"
    for background, inside in blocks:
        colours = re.findall(r"[^-]color:(#[0-9a-f]{6})", inside)
        assert colours, "the text on a tinted block has the palette's text colour"
        for colour in colours:
            ratio = palette.contrast_ratio(QColor(colour), QColor(background))
            assert ratio >= WCAG_AA, f"{colour} on {background} = {ratio:.2f}"

    # The "still missing" line, on the pane's own background.
    window = dark.color(QPalette.ColorRole.Window)
    checked = 0
    for ticket in m.Ticket.select().limit(40):
        tickets.detail.show_ticket(ticket.id)
        for colour in re.findall(r"color:(#[0-9a-f]{6})", tickets.detail.checklist.text()):
            checked += 1
            ratio = palette.contrast_ratio(QColor(colour), window)
            assert ratio >= WCAG_AA, f"checklist {colour} on {window.name()} = {ratio:.2f}"
    assert checked, "the demo tickets show their checklists"

    invoices = InvoicesTab(ctx)
    qtbot.addWidget(invoices)
    assert _unreadable(_model_cells(invoices.model), dark) == []


def test_the_partner_targets_tab_reads_well_on_a_dark_palette(
    qtbot, ctx: DeskContext, office: None, dark: QPalette
) -> None:
    """The checklist, bonus and NFR rows, the claims (NFR allowances, kickstart) and the
    deadlines of the status, and the note on coupons in other currencies (shown for
    coupons in a currency without an exchange rate: the demo's rubles lose theirs)."""
    from b24desk.store.models import ExchangeRate

    ExchangeRate.delete().where(ExchangeRate.currency == "RUB").execute()
    tab = TargetsTab(ctx)
    qtbot.addWidget(tab)
    tab.reload()
    panel = tab.claims_panel
    trees = [tab.checklist_tree, tab.bonus_tree, tab.nfr_tree, panel.nfr_tree, panel.kickstart_tree]
    cells = [cell for tree in trees for cell in _tree_cells(tree.invisibleRootItem())]
    assert _unreadable(cells, dark) == []

    assert panel.deadline_labels, "the demo office should show the deadlines of its status"
    assert not tab.currency_note.isHidden()
    labels = [*panel.deadline_labels, tab.currency_note]
    assert _unreadable(_label_cells(labels), dark) == []


def test_a_field_error_in_a_form_dialog_reads_well_on_a_dark_palette(
    qtbot, ctx: DeskContext, db: peewee.Database, dark: QPalette
) -> None:
    """The line under a field (an error or a warning) and the dialog's general error
    are written in a colour that reads at 4.5:1 on the dialog's dark background."""
    dialog = BonusDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.amount.setText("abc")
    dialog.try_accept()
    error = dialog.rows["amount"].message
    assert not error.isHidden() and "abc" in error.text()
    dialog.rows["kind"].set_error("a warning", warning=True)
    dialog.general_error.setText("a general error")
    dialog.general_error.show()
    background = dialog.palette().color(QPalette.ColorRole.Window)
    assert palette.is_dark(dialog.palette())
    for line in (error, dialog.rows["kind"].message, dialog.general_error):
        line.ensurePolished()
        foreground = line.palette().color(line.foregroundRole())
        ratio = palette.contrast_ratio(foreground, background)
        assert ratio >= WCAG_AA, f"{line.objectName()}: {foreground.name()} = {ratio:.2f}"


def test_the_outbox_and_the_status_bar_read_well_on_a_dark_palette(
    qtbot, ctx: DeskContext, office: None, dark: QPalette
) -> None:
    """Each outbox state's tinted cell, and the failed count written in the error colour."""
    from b24desk.ui.mail.outbox import OutboxDialog
    from b24desk.ui.mail.status import OutboxStatusLabel
    from tests.ui.mail.walks import fill_outbox

    fill_outbox()
    dialog = OutboxDialog(ctx)
    qtbot.addWidget(dialog)
    assert _unreadable(_model_cells(dialog.list.model), dark) == []
    label = OutboxStatusLabel(ctx)
    qtbot.addWidget(label)
    assert palette.error_text(dark).name() in label.text()
    ratio = palette.contrast_ratio(
        palette.error_text(dark), dark.color(QPalette.ColorRole.Window)
    )
    assert ratio >= WCAG_AA
