"""Every input and every table has an accessible name (issue #15, item 7: "every input
and table has an accessible name (a test walks the widgets)").

A screen reader says a field's name when the focus reaches it: the walk opens the main
window on every tab and every dialog that can be built without a person's help, in
English and in Russian, and fails on any line edit, combo box, spin box, date field,
text box, check box or list/table without a name.  A check box's or button's own text
is its name.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from reportlab.pdfgen import canvas

from b24desk.store.demo import generate_demo
from b24desk.store.invoices import LineInput
from b24desk.store.models import Client
from b24desk.store.price_editing import PriceListRow
from b24desk.ui.backup_dialog import RestoreDialog
from b24desk.ui.context import DeskContext
from b24desk.ui.csv_dialogs import ExportDialog, ImportDialog
from b24desk.ui.database_dialog import PasswordDialog
from b24desk.ui.mail.outbox import MessageDialog, OutboxDialog
from b24desk.ui.mail.preview import PreviewDialog
from b24desk.ui.mail.templates import TemplatesDialog
from b24desk.ui.main_window import MainWindow
from b24desk.ui.pdfview import PdfPreviewDialog
from b24desk.ui.prices.client_prices import ClientPricesDialog
from b24desk.ui.prices.dialog import PriceListDialog
from b24desk.ui.prices.forms import ClientPriceDialog, PlanDialog, PriceEditDialog
from b24desk.ui.prices.importing import PriceImportDialog
from b24desk.ui.quotes.editor import QuoteEditor
from b24desk.ui.rates import RateForm, RatesDialog
from b24desk.ui.renewal_drafts import RenewalDraftsDialog
from b24desk.ui.search.dialog import GlobalSearchDialog
from tests.ui.mail.walks import fill_outbox, mail_draft
from tests.ui.test_language_walk import DIALOGS

INPUTS = (
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTextEdit,
    QAbstractButton,
    QAbstractItemView,
)


@pytest.fixture
def office(db: peewee.Database) -> None:
    generate_demo("small", seed=3, today=date(2026, 11, 20))


def _part_of_another_input(widget: QWidget, root: QWidget) -> bool:
    """A combo box's line edit and popup list, a spin box's line edit, a line edit's
    clear button, a completer's popup, a table's cell editor, Qt's own menu-bar
    button: named by (or part of) the input they belong to."""
    if widget.window() is not root.window() or widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def unnamed(root: QWidget) -> list[str]:
    """The inputs of ``root`` a screen reader could not name."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or _part_of_another_input(widget, root):
            continue
        if widget.accessibleName().strip():
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue  # its own text names it
        found.append(
            f"{type(widget).__name__} {widget.objectName() or '(no object name)'}"
            f" in {type(widget.parentWidget()).__name__}"
        )
    return found


def switch(window: MainWindow, lang: str) -> None:
    window.language_actions[lang].trigger()
    QApplication.processEvents()


def test_every_tab_names_its_inputs_and_tables(qtbot, ctx: DeskContext, office: None) -> None:
    window = MainWindow(ctx, "office.db")
    qtbot.addWidget(window)
    window.show()
    for lang in ("en", "ru"):
        switch(window, lang)
        problems: list[str] = []
        for spec in window.specs:
            window.show_tab(spec.key)
            qtbot.wait(10)
            problems += [f"[{spec.key}] {p}" for p in unnamed(window)]
        assert not sorted(set(problems)), f"{lang}:\n" + "\n".join(sorted(set(problems)))
    switch(window, "en")  # Qt's Russian translator leaves with the desk's language


def _one_page_pdf() -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, "Invoice INV-1")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _report_drill_dialog() -> QDialog:
    """The records behind the demo office's largest ageing figure."""
    from b24desk.store import reports
    from b24desk.store.report_shape import ReportSpan
    from b24desk.ui.reports.drill import DrillDialog

    day = date(2026, 11, 20)
    report = reports.build("aging", ReportSpan(day, day))
    assert report.total is not None
    drill = report.total.drills[report.columns[-1].key]
    return DrillDialog(report.title(), reports.drill_records(drill))


EXTRA_DIALOGS: list[tuple[str, Callable[[DeskContext], QDialog]]] = [
    ("restore", lambda ctx: RestoreDialog(lambda _path: None, folder=Path("/nonexistent"))),
    ("csv export", lambda ctx: ExportDialog("clients.csv", 12)),
    ("csv import", lambda ctx: ImportDialog(ctx, "clients")),
    ("password", lambda ctx: PasswordDialog("desk@db.office.lan/b24desk")),
    ("pdf preview", lambda ctx: PdfPreviewDialog(_one_page_pdf(), "x.pdf", "Preview")),
    ("mail preview", lambda ctx: PreviewDialog(mail_draft())),
    ("outbox", lambda ctx: (fill_outbox(), OutboxDialog(ctx))[1]),
    ("outbox message", lambda ctx: MessageDialog(fill_outbox()["failed"])),
    ("mail templates", lambda ctx: TemplatesDialog()),
    ("price list", lambda ctx: PriceListDialog(ctx)),
    ("price edit", lambda ctx: PriceEditDialog(_a_price(ctx), ctx.clock.today())),
    ("plan", lambda ctx: PlanDialog(ctx.clock.today(), "NZD")),
    ("price import", lambda ctx: PriceImportDialog(_price_file(), ctx.clock.today())),
    ("client prices", lambda ctx: ClientPricesDialog(ctx, _a_client())),
    ("client price", lambda ctx: ClientPriceDialog(_a_client(), "NZD", ctx.clock.today())),
    ("report drill-down", lambda ctx: _report_drill_dialog()),
    (
        "quote editor",
        lambda ctx: QuoteEditor(
            ctx,
            client_id=Client.select().order_by(Client.id).first().id,
            lines=[LineInput("Implementation, 8 hours", unit_price="960")],
        ),
    ),
    ("renewal drafts", lambda ctx: RenewalDraftsDialog(ctx.clock.today())),
    ("exchange rates", lambda ctx: RatesDialog(ctx)),
    ("exchange rate form", lambda ctx: RateForm(ctx.clock.today())),
    ("global search", lambda ctx: _global_search(ctx)),
]


def _global_search(ctx: DeskContext) -> GlobalSearchDialog:
    """Search everything, on its own, showing what the demo office has for "bitrix"."""
    dialog = GlobalSearchDialog(ctx)
    dialog.query.setText("bitrix")
    dialog.search_now_and_wait()
    return dialog


def _a_price(ctx: DeskContext) -> PriceListRow:
    from b24desk.store.price_editing import price_list

    return price_list(ctx.clock.today())[1]


def _a_client() -> int:
    from b24desk.store.models import Client

    return int(Client.select(Client.id).order_by(Client.id).scalar())


def _price_file() -> str:
    import tempfile

    from b24desk.store.price_csv import export_price_list

    path = Path(tempfile.mkdtemp(prefix="b24desk-prices-")) / "prices.csv"
    export_price_list(path)
    return str(path)


@pytest.mark.parametrize(
    ("name", "make"), DIALOGS + EXTRA_DIALOGS, ids=[d[0] for d in DIALOGS + EXTRA_DIALOGS]
)
def test_every_dialog_names_its_inputs(
    qtbot,
    ctx: DeskContext,
    office: None,
    name: str,
    make: Callable[[DeskContext], QDialog],
) -> None:
    window = MainWindow(ctx, "office.db")
    qtbot.addWidget(window)
    for lang in ("en", "ru"):
        switch(window, lang)
        dialog = make(ctx)
        try:
            dialog.show()
            problems = unnamed(dialog)
            assert not problems, f"{name} in {lang}:\n" + "\n".join(problems)
        finally:
            # Gone now: a dialog left for later would re-translate itself (and ask the
            # database) when a later test changes the language.
            dialog.close()
            dialog.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    switch(window, "en")  # Qt's Russian translator leaves with the desk's language
