"""CSV export of what a table shows and the CSV import dialog, driven like a user
(dialogs are never exec()'d: their runner is injected, confirm() is replaced)."""

from __future__ import annotations

import codecs
import csv
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt, QThreadPool
from PySide6.QtWidgets import QDialog

from b24desk import i18n
from b24desk.store import events
from b24desk.store import models as m
from b24desk.store.csvio.files import SEMICOLON, neutralize
from b24desk.ui import csv_dialogs as ui
from b24desk.ui.clients.tab import ClientsTab
from b24desk.ui.context import DeskContext
from b24desk.ui.csv_dialogs import ExportDialog, ImportDialog, TableExport, export_table
from b24desk.ui.operation import Cancelled, Operation

BOM = codecs.BOM_UTF8


def read_back(path: Path, delimiter: str = ";") -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=delimiter))


def shown(tab: ClientsTab) -> list[list[str]]:
    """Every row of the table as the person sees it (scrolling through it all)."""
    model = tab.model
    return [
        [model.data(model.index(r, c)) or "" for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def titles(tab: ClientsTab) -> list[str]:
    model = tab.model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


@pytest.fixture
def tab(qtbot, ctx: DeskContext) -> ClientsTab:
    m.Client.create(company="Acme Ltd", country="NZ", currency="NZD")
    m.Client.create(company='=HYPERLINK("http://x")', country="ES", currency="EUR")
    m.Client.create(company="Ромашка", country="RU", currency="RUB", doc_language="ru")
    m.Client.create(company="Panadería Núñez", country="ES", currency="EUR", doc_language="es")
    acme = m.Client.get(m.Client.company == "Acme Ltd")
    m.Invoice.create(client=acme, currency="NZD", state="issued", total=Decimal("1234.5"))
    widget = ClientsTab(ctx)
    qtbot.addWidget(widget)
    return widget


# =========================================================================== export


def test_export_writes_the_visible_columns_as_shown(tab: ClientsTab, tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    assert export_table(tab, path, SEMICOLON) == 4
    rows = read_back(path)
    assert rows[0] == titles(tab)
    expected = [[neutralize(cell) for cell in row] for row in shown(tab)]
    assert rows[1:] == expected
    companies = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in companies  # neutralised
    acme = next(row for row in rows[1:] if row[0] == "Acme Ltd")
    assert "$1,234.50" in acme  # money as the table shows it


def test_export_of_a_searched_filtered_sorted_table_has_exactly_its_rows(
    qtbot, tab: ClientsTab, tmp_path: Path
) -> None:
    tab.filter_boxes["country"].setCurrentIndex(tab.filter_boxes["country"].findData("ES"))
    tab.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert tab.model.rowCount() == 2
    path = tmp_path / "es.csv"
    export_table(tab, path, "comma")
    rows = read_back(path, ",")
    assert [r[0] for r in rows[1:]] == ["Panadería Núñez", '\'=HYPERLINK("http://x")']

    tab.search.setText("núñez")  # non-ASCII: setText, never keyClicks
    tab.apply_search()
    export_table(tab, path, "comma")
    assert [r[0] for r in read_back(path, ",")[1:]] == ["Panadería Núñez"]


def test_export_follows_hidden_and_moved_columns(tab: ClientsTab, tmp_path: Path) -> None:
    header = tab.view.horizontalHeader()
    header.moveSection(1, 0)  # country first
    header.hideSection(2)  # plan hidden
    path = tmp_path / "out.csv"
    export_table(tab, path)
    first = read_back(path)[0]
    all_titles = titles(tab)
    assert first[0] == all_titles[1] and first[1] == all_titles[0]
    assert all_titles[2] not in first and len(first) == len(all_titles) - 1


def test_export_pages_through_every_row(
    tab: ClientsTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(2500):
        m.Client.create(company=f"Company {i:05d}")
    tab.model.reload()
    monkeypatch.setattr(ui, "EXPORT_PAGE", 1000)
    pages: list[tuple[int, int]] = []
    listing = tab.model.listing
    real_page = listing.page

    def page(offset: int, limit: int, *args: Any) -> list[Any]:
        pages.append((offset, limit))
        return real_page(offset, limit, *args)

    monkeypatch.setattr(listing, "page", page)
    path = tmp_path / "all.csv"
    assert export_table(tab, path) == 2504
    assert pages == [(0, 1000), (1000, 1000), (2000, 1000)]
    companies = [row[0] for row in read_back(path)[1:]]
    assert len(set(companies)) == 2504


def test_a_cancelled_export_leaves_no_file(tab: ClientsTab, tmp_path: Path) -> None:
    operation = Operation(lambda progress: None)
    progress = operation.progress_handle
    progress.cancel()
    folder = tmp_path / "export"
    folder.mkdir()
    with pytest.raises(Cancelled):
        TableExport.of(tab).write(folder / "out.csv", SEMICOLON, progress)
    assert list(folder.iterdir()) == []


def test_open_export_runs_in_the_background(qtbot, ctx: DeskContext, tab: ClientsTab, tmp_path):
    path = tmp_path / "exported"
    seen: dict[str, Any] = {}

    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, ExportDialog)
        seen["dialect"] = dialog.dialect().key
        dialog.path_edit.setText(str(path))
        dialog.try_accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    written = path.with_suffix(".csv")
    # The export may finish before a signal could be connected after open_export
    # returns, so wait for what the user sees: the file, written whole (temp + rename).
    operation = ui.open_export(tab, ctx, tab, run_dialog=run)
    assert operation is not None
    qtbot.waitUntil(written.exists, timeout=20000)
    assert QThreadPool.globalInstance().waitForDone(20000)  # its connection closed
    assert seen["dialect"] == "comma"  # an English desk
    assert len(read_back(written, ",")) == 5


def test_export_dialog_defaults_by_language_and_checks_the_folder(qtbot, tmp_path: Path) -> None:
    i18n.set_language("es")
    dialog = ExportDialog("clients.csv", 12)
    qtbot.addWidget(dialog)
    assert dialog.dialect().key == "semicolon"
    assert "12" in dialog.info.text()
    dialog.path_edit.setText(str(tmp_path / "missing" / "x.csv"))
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.isVisibleTo(dialog) and "missing" in dialog.error.text()
    i18n.set_language("ru")
    assert ExportDialog("c.csv", 1).dialect().key == "semicolon"
    i18n.set_language("en")
    assert ExportDialog("c.csv", 1).dialect().key == "comma"


def test_open_export_cancelled_dialog_does_nothing(ctx: DeskContext, tab: ClientsTab) -> None:
    assert ui.open_export(tab, ctx, tab, run_dialog=lambda dialog: False) is None


# =========================================================================== import


SPANISH = (
    "Empresa;Correo;País;Moneda\r\n"
    "Panadería Núñez S.L.;pan@nunez.es;España;EUR\r\n"
    "Talleres Ruiz;ruiz@@talleres;ES;EUR\r\n"
    "Fundación Sol;info@sol.org;ES;EUR\r\n"
)


@pytest.fixture
def spanish_file(tmp_path: Path) -> Path:
    path = tmp_path / "clientes.csv"
    path.write_bytes(BOM + SPANISH.encode())
    return path


@pytest.fixture
def confirmed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    asked: list[tuple[str, str, str]] = []

    def confirm(parent: Any, title: str, text: str, action: str) -> bool:
        asked.append((title, text, action))
        return True

    monkeypatch.setattr(ui, "confirm", confirm)
    return asked


def make_dialog(qtbot, ctx: DeskContext, entity: str | None = "clients") -> ImportDialog:
    dialog = ImportDialog(ctx, entity)
    qtbot.addWidget(dialog)
    return dialog


def load(qtbot, dialog: ImportDialog, path: Path) -> bool:
    """Choose ``path`` and wait for the check of its rows (it runs on a worker)."""
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        readable = dialog.set_file(path)
    return readable


def press_import(qtbot, dialog: ImportDialog) -> None:
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)


def error_lines(dialog: ImportDialog) -> list[str]:
    return [dialog.errors_list.item(i).text() for i in range(dialog.errors_list.count())]


def test_import_dialog_previews_maps_lists_errors_then_imports(
    qtbot, ctx: DeskContext, spanish_file: Path, confirmed: list[Any]
) -> None:
    heard: list[str] = []
    events.subscribe(heard.append)
    try:
        dialog = make_dialog(qtbot, ctx)
        assert not dialog.import_button.isEnabled()
        assert load(qtbot, dialog, spanish_file)
        assert [box.currentData() for box in dialog.combos] == [
            "company",
            "email",
            "country",
            "currency",
        ]
        assert dialog.mapping_table.rowCount() == 4
        assert dialog.mapping_table.item(1, 0).text() == "Correo"
        assert dialog.mapping_table.item(1, 1).text() == "pan@nunez.es"
        assert dialog.preview_table.rowCount() == 3
        assert dialog.preview_table.item(1, 0).text() == "3"  # line numbers
        [error] = error_lines(dialog)
        assert error.startswith("Line 3 · Correo: ") and "ruiz@@talleres" in error
        assert dialog.errors_list.item(0).data(Qt.ItemDataRole.UserRole) == 3
        assert "2 rows can be imported" in dialog.summary.text()
        assert "1 row has errors and will be skipped" in dialog.summary.text()
        assert dialog.import_button.isEnabled()
        assert dialog.import_button.text() == "Import 2 rows"
        assert m.Client.select().count() == 0 and heard == []

        press_import(qtbot, dialog)
        [(_title, text, action)] = confirmed
        assert "2 rows" in text and "1 row with errors will be skipped" in text
        assert action == "Import 2 rows"
        assert dialog.result() == QDialog.DialogCode.Accepted and dialog.imported == 2
        assert sorted(c.company for c in m.Client.select()) == [
            "Fundación Sol",
            "Panadería Núñez S.L.",
        ]
        qtbot.waitUntil(lambda: heard == ["clients"])  # one notice, from the worker
    finally:
        events.unsubscribe(heard.append)


def test_changing_the_mapping_follows_in_the_preview(
    qtbot, ctx: DeskContext, spanish_file: Path
) -> None:
    dialog = make_dialog(qtbot, ctx)
    load(qtbot, dialog, spanish_file)
    email_box = dialog.combos[1]
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        email_box.setCurrentIndex(email_box.findData(None))  # ignore the e-mail column
        assert not dialog.import_button.isEnabled()  # until the check follows
    assert dialog.import_button.text() == "Import 3 rows"
    assert error_lines(dialog) == []
    assert dialog.preview_table.horizontalHeaderItem(2).text() == "Correo"

    # A field chosen for a second column leaves the first one.
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.combos[3].setCurrentIndex(dialog.combos[3].findData("country"))
        assert dialog.combos[2].currentData() is None
    assert dialog.preview is not None and dialog.preview.mapping[3] == "country"
    assert [e.field for e in dialog.preview.errors] == ["country"] * 3
    assert not dialog.import_button.isEnabled()


def test_nothing_is_written_when_the_user_says_no(
    qtbot, ctx: DeskContext, spanish_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui, "confirm", lambda *args: False)
    dialog = make_dialog(qtbot, ctx)
    load(qtbot, dialog, spanish_file)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert not dialog.busy()
    assert m.Client.select().count() == 0
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_an_unreadable_file_is_explained(qtbot, ctx: DeskContext, tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" * 10)
    dialog = make_dialog(qtbot, ctx)
    assert not load(qtbot, dialog, path)
    assert dialog.file_error.isVisibleTo(dialog)
    assert "not a text" in dialog.file_error.text()
    assert dialog.combos == [] and not dialog.import_button.isEnabled()


def test_coupons_and_tickets_by_client_name(
    qtbot, ctx: DeskContext, tmp_path: Path, confirmed: list[Any]
) -> None:
    acme = m.Client.create(company="Acme Ltd", portal_url="https://acme.bitrix24.com")
    plan = m.Plan.create(code="standard", name="Bitrix24 Standard", kind="cloud", seats=50)
    path = tmp_path / "cupones.csv"
    path.write_text(
        "Código,Plan,Plazo,Fecha de compra,Precio,Moneda,Cliente\n"
        'B24-ABCD-0001,Standard,12,18/11/2026,"1.990,00 €",EUR,ACME LTD\n'
        "B24-ABCD-0002,Standard,12,18/11/2026,100,EUR,Nadie\n",
        encoding="utf-8",
    )
    dialog = make_dialog(qtbot, ctx, None)
    dialog.entity_box.setCurrentIndex(dialog.entity_box.findData("coupons"))
    load(qtbot, dialog, path)
    assert dialog.mapping() == [
        "code",
        "plan",
        "term_months",
        "purchased_on",
        "list_price",
        "currency",
        "client",
    ]
    [error] = error_lines(dialog)
    assert error.startswith("Line 3 · Cliente: ") and "Nadie" in error
    press_import(qtbot, dialog)
    coupon = m.Coupon.get()
    assert (coupon.code, coupon.client_id, coupon.plan_id) == ("B24-ABCD-0001", acme.id, plan.id)
    assert coupon.list_price == Decimal("1990.00") and coupon.purchased_on == date(2026, 11, 18)

    # Tickets: their own fields and suggestions.
    tickets = tmp_path / "tickets.csv"
    tickets.write_text("Client;Subject;Urgency\nAcme Ltd;Portal down;High\n", encoding="utf-8")
    second = make_dialog(qtbot, ctx, "tickets")
    load(qtbot, second, tickets)
    assert second.mapping() == ["client", "subject", "urgency"]
    press_import(qtbot, second)
    ticket = m.Ticket.get()
    assert (ticket.client_id, ticket.urgency, ticket.tid) == (acme.id, "high", "T-000001")


def test_switching_the_entity_maps_the_columns_again(
    qtbot, ctx: DeskContext, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text("Client,Subject,Code\nAcme,Help,B24-XXXX-0001\n", encoding="utf-8")
    dialog = make_dialog(qtbot, ctx, "tickets")
    load(qtbot, dialog, path)
    assert dialog.mapping() == ["client", "subject", None]
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.entity_box.setCurrentIndex(dialog.entity_box.findData("coupons"))
        assert dialog.mapping() == ["client", None, "code"]
    assert dialog.preview is not None and dialog.preview.entity == "coupons"


def test_import_dialog_follows_the_language(qtbot, ctx: DeskContext, spanish_file: Path) -> None:
    dialog = make_dialog(qtbot, ctx)
    load(qtbot, dialog, spanish_file)
    i18n.set_language("ru")
    dialog.changeEvent(QEvent(QEvent.Type.LanguageChange))
    assert dialog.entity_box.itemText(0) == "Клиенты"
    assert dialog.combos[0].currentData() == "company"
    assert dialog.combos[0].currentText().startswith("Компания")


def test_open_import_returns_the_rows_imported(
    qtbot, ctx: DeskContext, spanish_file: Path, confirmed: list[Any]
) -> None:
    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, ImportDialog) and dialog.entity() == "clients"
        load(qtbot, dialog, spanish_file)
        with qtbot.waitSignal(dialog.accepted, timeout=20000):
            dialog.import_rows()
        return dialog.result() == QDialog.DialogCode.Accepted

    assert ui.open_import(None, ctx, "clients", run_dialog=run) == 2
    assert ui.open_import(None, ctx, "clients", run_dialog=lambda dialog: False) == 0


def test_a_changed_database_is_reported_and_the_preview_redone(
    qtbot, ctx: DeskContext, spanish_file: Path, confirmed: list[Any], monkeypatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(ui, "warn", lambda parent, title, text: warnings.append(text))
    dialog = make_dialog(qtbot, ctx)
    load(qtbot, dialog, spanish_file)
    m.Client.create(company="Fundación Sol")  # someone else, meanwhile
    with qtbot.waitSignal(dialog.checked, timeout=20000):  # the check done again
        dialog.import_rows()
    assert warnings and "Line 4" in warnings[0]
    assert m.Client.select().count() == 1
    assert dialog.import_button.text() == "Import 1 row"


def wait_for_cancel(progress: Any) -> None:
    """A check or import that only ends when it is cancelled."""
    for _round in range(2000):
        progress(0, 10)
        time.sleep(0.005)
    raise AssertionError("never cancelled")


def test_a_large_file_is_checked_on_request_and_can_be_cancelled(
    qtbot, ctx: DeskContext, tmp_path: Path, confirmed: list[Any], monkeypatch
) -> None:
    monkeypatch.setattr(ui, "AUTO_CHECK_ROWS", 5)
    path = tmp_path / "many.csv"
    path.write_text(
        "Company,E-mail\n" + "".join(f"Client {i},c{i}@example.org\n" for i in range(60)),
        encoding="utf-8",
    )
    dialog = make_dialog(qtbot, ctx)
    load(qtbot, dialog, path)  # the first check runs by itself
    assert dialog.import_button.text() == "Import 60 rows"
    assert not dialog.check_button.isVisibleTo(dialog)

    dialog.combos[1].setCurrentIndex(0)  # ignore the e-mail: no check by itself now
    assert dialog.preview is None and not dialog.import_button.isEnabled()
    assert dialog.check_button.isVisibleTo(dialog) and not dialog.busy()
    assert "Check the rows" in dialog.summary.text()

    with monkeypatch.context() as patch:
        patch.setattr(
            ui.csv_import, "preview_import", lambda *args, progress, **kw: wait_for_cancel(progress)
        )
        with qtbot.waitSignal(dialog.checked, timeout=20000):
            qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
            assert dialog.busy() and "Checking" in dialog.summary.text()
            dialog._operation.cancel()  # the progress dialog's Cancel
    assert dialog.preview is None and "cancelled" in dialog.summary.text()
    assert dialog.check_button.isVisibleTo(dialog)

    with qtbot.waitSignal(dialog.checked, timeout=20000):
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.preview is not None and dialog.import_button.isEnabled()
    assert not dialog.check_button.isVisibleTo(dialog)

    warnings: list[str] = []
    monkeypatch.setattr(ui, "warn", lambda parent, title, text: warnings.append(text))
    with monkeypatch.context() as patch:
        patch.setattr(
            ui.csv_import, "apply_import", lambda p, progress, **_how: wait_for_cancel(progress)
        )
        closed: list[int] = []
        dialog.finished.connect(closed.append)
        dialog.import_rows()
        dialog.reject()  # Escape while importing: the import goes on
        assert dialog.busy() and closed == []
        dialog._operation.cancel()
        qtbot.waitUntil(lambda: not dialog.busy(), timeout=20000)
    assert warnings == ["The import was cancelled."] and m.Client.select().count() == 0

    press_import(qtbot, dialog)
    assert dialog.imported == 60 and m.Client.select().count() == 60


def test_lines_the_file_gets_wrong_are_listed_and_imported_only_when_skipped(
    qtbot, ctx: DeskContext, tmp_path: Path, confirmed: list[Any]
) -> None:
    """Issue #13.10: "Say which line is wrong and import nothing until it is fixed or
    skipped" — a bad byte in a UTF-8 file, a quote that merges two rows."""
    path = tmp_path / "damaged.csv"
    path.write_bytes(
        "Company;Email\nCafé Uno;uno@cafe.nz\n".encode()
        + b"Caf\xe9 Dos;dos@cafe.nz\n"
        + b'Tres;"tres@cafe.nz\nCuatro;cuatro@cafe.nz\n'
    )
    dialog = make_dialog(qtbot, ctx)
    assert load(qtbot, dialog, path)
    lines = error_lines(dialog)
    assert lines[0].startswith("Line 3: The byte 0xE9 at character 4 of line 3 is not UTF-8")
    assert any(
        text.startswith("Line 4: A quoted field starts on line 4") for text in lines[1:]
    )
    assert "2 lines of the file cannot be read as they are" in dialog.summary.text()
    assert not dialog.skip_check.isHidden() and not dialog.skip_check.isChecked()
    assert not dialog.import_button.isEnabled()  # nothing until fixed or skipped
    dialog.skip_check.setChecked(True)
    assert dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "Import 1 row"
    press_import(qtbot, dialog)
    assert [c.company for c in m.Client.select()] == ["Café Uno"]
