"""Switch the running desk to Russian, then Spanish, and read every widget as a person
would: no text may still be the English source of a message that has a translation.

Two checks: (1) any visible text equal to an English message of the catalog whose
translation differs is a widget that did not re-translate; (2) in Russian, any
static text (labels, buttons, titles, headers, menus, tooltips) with two or more
Latin words is English that never went through ``_()``.  Product names, codes and
data are not flagged: they are not catalog messages, and (2) ignores all-caps codes
and the short allow-list below.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import peewee
import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from b24desk import i18n
from b24desk.store import models as m
from b24desk.store.demo import generate_demo
from b24desk.ui.clients.dialogs import ClientDialog, RenewDialog, SubscriptionDialog
from b24desk.ui.context import DeskContext
from b24desk.ui.coupons.dialogs import ActivateDialog, VoidDialog
from b24desk.ui.coupons.dialogs import AssignDialog as CouponAssignDialog
from b24desk.ui.coupons.purchase import PurchaseDialog
from b24desk.ui.database_dialog import DatabaseDialog
from b24desk.ui.invoices.dialogs import CreditNoteDialog, PaymentDialog
from b24desk.ui.invoices.editor import InvoiceEditor
from b24desk.ui.main_window import MainWindow
from b24desk.ui.settings_dialog import SettingsDialog
from b24desk.ui.targets.dialogs import (
    AcceptedOnDialog,
    BonusDialog,
    ChangeStatusDialog,
    CourseDialog,
    NfrDialog,
    PointsDialog,
    RequirementDialog,
)
from b24desk.ui.tickets.dialogs import AssignDialog as TicketAssignDialog
from b24desk.ui.tickets.dialogs import EscalateDialog, TicketDialog

ROOT = Path(__file__).resolve().parents[2]
LATIN_WORDS = re.compile(r"\b[A-Za-z][a-z]{2,}\b")
#: Latin words that Russian text legitimately contains, with the reason.
ALLOW = {
    "Bitrix24",  # the product
    "b24desk",  # our name
    "PayPal",  # payment brand
    "Visa",  # payment brand
    "Eftpos",  # payment brand
}


@pytest.fixture(scope="module")
def english_messages() -> set[str]:
    with (ROOT / "translations" / "b24desk.pot").open("rb") as fh:
        return {m.id for m in read_po(fh) if isinstance(m.id, str) and m.id}


@pytest.fixture
def office(db: peewee.Database) -> None:
    generate_demo("small", seed=3, today=date(2026, 11, 20))


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(kind, text) of everything a person can read in ``root`` and its children."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if widget.isWindow():
            yield "title", widget.windowTitle()
        if widget.toolTip():
            yield "tooltip", widget.toolTip()
        if isinstance(widget, QLabel | QAbstractButton):
            yield "static", widget.text()
        if isinstance(widget, QGroupBox):
            yield "static", widget.title()
        if isinstance(widget, QLineEdit):
            yield "static", widget.placeholderText()
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield "static", widget.tabText(i)
        if isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            for i in range(model.columnCount()):
                yield "static", str(model.headerData(i, Qt.Orientation.Horizontal) or "")
        if isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            for i in range(widget.columnCount()):
                yield "static", header.text(i)
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield "item", widget.itemText(i)
    for menu in root.findChildren(QMenu):
        yield "static", menu.title()
        for action in menu.actions():
            yield "static", action.text()


def data_names() -> list[str]:
    """Names that are data, not interface text: companies, plans, people."""
    names = [c.company for c in m.Client.select(m.Client.company)]
    names += [p.name for p in m.Plan.select(m.Plan.name)]
    return sorted(set(names), key=len, reverse=True)


def untranslated(root: QWidget, lang: str, english: set[str]) -> list[str]:
    catalog = i18n.translation(lang)
    data = data_names()
    found = []
    for kind, text in visible_texts(root):
        if not text:
            continue
        if text in english and catalog.gettext(text) != text:
            found.append(f"{kind}: {text!r} (not re-translated)")
        elif lang == "ru" and kind in ("static", "title", "tooltip"):
            if "@" in text or "://" in text:
                continue  # an e-mail or portal address (or an example of one)
            rest = text
            for name in data:
                rest = rest.replace(name, "")
            words = [w for w in LATIN_WORDS.findall(rest) if w not in ALLOW]
            if len(words) >= 2:
                found.append(f"{kind}: {text!r} (English in Russian)")
    return found


def switch(window: MainWindow, lang: str) -> None:
    window.language_actions[lang].trigger()
    QApplication.processEvents()


def test_every_tab_follows_the_language(
    qtbot, ctx: DeskContext, office: None, english_messages: set[str]
) -> None:
    window = MainWindow(ctx, "office.db")
    qtbot.addWidget(window)
    window.show()
    for lang in ("ru", "es"):
        switch(window, lang)
        problems = []
        for spec in window.specs:
            window.show_tab(spec.key)
            qtbot.wait(10)  # tabs refresh after they are shown
            problems += [f"[{spec.key}] {p}" for p in untranslated(window, lang, english_messages)]
        assert not sorted(set(problems)), f"{lang}:\n" + "\n".join(sorted(set(problems)))
        assert window.windowTitle() == i18n.translation(lang).gettext(
            "b24desk — Bitrix24 reseller desk"
        )


def _first(model: type[m.BaseModel], **where: object) -> m.BaseModel:
    query = model.select()
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return query.order_by(model.id).first()


DIALOGS: list[tuple[str, Callable[[DeskContext], QDialog]]] = [
    ("client", lambda ctx: ClientDialog(client_id=_first(m.Client).id)),
    ("subscription", lambda ctx: SubscriptionDialog(_first(m.Client).id, date.today())),
    ("renew", lambda ctx: RenewDialog(_first(m.Subscription).id, date.today())),
    ("purchase", lambda ctx: PurchaseDialog(ctx)),
    ("assign coupon", lambda ctx: CouponAssignDialog(ctx, _first(m.Coupon, state="in_stock"))),
    ("activate", lambda ctx: ActivateDialog(ctx, _first(m.Coupon, state="assigned"))),
    ("void", lambda ctx: VoidDialog(ctx, _first(m.Coupon, state="in_stock"))),
    ("ticket", lambda ctx: TicketDialog(ctx, _first(m.Ticket).id)),
    ("escalate", lambda ctx: EscalateDialog(ctx, _first(m.Ticket, status="new"))),
    ("assign ticket", lambda ctx: TicketAssignDialog(ctx, _first(m.Ticket))),
    ("status", lambda ctx: ChangeStatusDialog(ctx)),
    ("accepted", lambda ctx: AcceptedOnDialog(ctx)),
    ("course", lambda ctx: CourseDialog(ctx)),
    ("bonus", lambda ctx: BonusDialog(ctx)),
    ("points", lambda ctx: PointsDialog(ctx)),
    ("requirement", lambda ctx: RequirementDialog(ctx)),
    ("nfr", lambda ctx: NfrDialog(ctx)),
    ("settings", lambda ctx: SettingsDialog(ctx)),
    (
        "database",
        lambda ctx: DatabaseDialog("postgresql://desk@db.office.lan/b24desk", lambda _t: None),
    ),
    (
        "invoice editor",
        lambda ctx: InvoiceEditor(ctx, invoice_id=_first(m.Invoice, state="draft").id),
    ),
    (
        "payment",
        lambda ctx: PaymentDialog(
            ctx, _first(m.Invoice, state="issued", kind="invoice").id
        ),
    ),
    (
        "credit note",
        lambda ctx: CreditNoteDialog(
            ctx, _first(m.Invoice, state="issued", kind="invoice").id
        ),
    ),
]


@pytest.mark.parametrize(("name", "make"), DIALOGS, ids=[d[0] for d in DIALOGS])
def test_open_dialogs_follow_the_language(
    qtbot,
    ctx: DeskContext,
    office: None,
    english_messages: set[str],
    name: str,
    make: Callable[[DeskContext], QDialog],
) -> None:
    window = MainWindow(ctx, "office.db")
    qtbot.addWidget(window)
    dialog = make(ctx)
    qtbot.addWidget(dialog)
    dialog.show()  # open while the language changes
    for lang in ("ru", "es"):
        switch(window, lang)
        problems = untranslated(dialog, lang, english_messages)
        assert not problems, f"{name} in {lang}:\n" + "\n".join(problems)
