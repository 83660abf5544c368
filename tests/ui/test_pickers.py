"""The client picker (suggestions from the store, few rows at a time) and the path
field with its "Choose…" button, driven as a person would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from b24desk.domain.errors import ValidationError
from b24desk.store import models as m
from b24desk.ui.pickers import ClientPicker, PathPicker

popup_warnings = pytest.mark.qt_log_ignore(
    r"This plugin does not support raise\(\)",
    "This plugin does not support grabbing the keyboard",
)


@pytest.fixture
def picker(qtbot: Any, db: peewee.Database) -> ClientPicker:
    widget = ClientPicker()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def suggested(picker: ClientPicker) -> list[str]:
    return [picker.suggestions.item(r).text() for r in range(picker.suggestions.rowCount())]


@popup_warnings
def test_client_picker_asks_for_few_rows(qtbot: Any, db: peewee.Database) -> None:
    rows = [(f"Company {i:04d}", f"https://c{i}.bitrix24.com") for i in range(5000)]
    for batch in peewee.chunked(rows, 500):  # PostgreSQL takes at most 65 535 parameters
        m.Client.insert_many(batch, fields=[m.Client.company, m.Client.portal_url]).execute()
    picker = ClientPicker()
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker, "company 1")
    assert picker.suggestions.rowCount() == ClientPicker.LIMIT
    qtbot.keyClicks(picker, "23")
    expected = [
        f"Company {i:04d} \u2014 https://c{i}.bitrix24.com"
        for i in range(5000)
        if "123" in f"{i:04d}" or "123" in str(i)
    ]
    texts = [picker.suggestions.item(r).text() for r in range(picker.suggestions.rowCount())]
    assert texts == expected[: ClientPicker.LIMIT]


@popup_warnings
def test_choosing_a_suggestion_with_the_keyboard(qtbot: Any, picker: ClientPicker) -> None:
    m.Client.create(company="Kiwi CRM Ltd", portal_url="https://kiwi.bitrix24.com")
    wanted = m.Client.create(company="Kiwi Fruit Co", portal_url="")
    m.Client.create(company="Acme Ltd")
    picker.setFocus()
    with qtbot.waitSignal(picker.clientChanged) as chosen:
        qtbot.keyClicks(picker, "kiwi")
        assert suggested(picker) == [
            "Kiwi CRM Ltd \u2014 https://kiwi.bitrix24.com",
            "Kiwi Fruit Co",
        ]
        popup = picker.completer_.popup()
        assert popup is not None
        qtbot.waitUntil(popup.isVisible, timeout=2000)
        popup.setCurrentIndex(picker.completer_.completionModel().index(1, 0))
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert chosen.args[0].id == wanted.id
    assert picker.text() == "Kiwi Fruit Co"
    assert picker.client_id() == picker.checked_id() == wanted.id


@popup_warnings
def test_suggestions_filter_by_every_word_and_skip_archived_clients(
    qtbot: Any, picker: ClientPicker
) -> None:
    m.Client.create(company="Wellington Plumbing", email="office@plumb.nz")
    m.Client.create(company="Wellington Bakery", email="hello@bakery.nz")
    m.Client.create(company="Wellington Old Ltd", archived=True)
    qtbot.keyClicks(picker, "wellington")
    assert suggested(picker) == ["Wellington Bakery", "Wellington Plumbing"]  # by company
    qtbot.keyClicks(picker, " plumb")
    assert suggested(picker) == ["Wellington Plumbing"]
    picker.clear()
    qtbot.keyClicks(picker, "nothing like it")
    assert suggested(picker) == []
    with pytest.raises(ValidationError) as caught:
        picker.checked_id()
    assert (caught.value.field, caught.value.message) == (
        "client",
        "Choose the client from the suggestions.",
    )


@popup_warnings
def test_a_company_typed_in_full_is_the_choice_unless_two_share_it(
    qtbot: Any, picker: ClientPicker
) -> None:
    only = m.Client.create(company="Selfhost SA")
    m.Client.create(company="Twin Ltd")
    m.Client.create(company="Twin Ltd")
    qtbot.keyClicks(picker, "selfhost sa")
    assert picker.checked_id() == only.id  # what a form asks for on OK
    assert picker.text() == "Selfhost SA"
    picker.clear()
    assert picker.client_id() is None  # the text went: so did the choice
    qtbot.keyClicks(picker, "Twin Ltd")
    picker.resolve_typed()
    assert picker.client_id() is None  # which of the two? the person picks
    with pytest.raises(ValidationError):
        picker.checked_id("payer")


@popup_warnings
def test_editing_a_chosen_client_drops_the_choice(qtbot: Any, picker: ClientPicker) -> None:
    acme = m.Client.create(company="Acme Ltd")
    picker.set_client(acme.id)
    assert (picker.text(), picker.client_id()) == ("Acme Ltd", acme.id)
    with qtbot.waitSignal(picker.clientChanged) as changed:
        qtbot.keyClick(picker, Qt.Key.Key_Backspace)
    assert changed.args == [None]
    assert picker.current() is None and picker.text() == "Acme Lt"
    picker.clear()
    assert picker.checked_id() is None  # an empty field is no client, and no error
    picker.set_client(acme.id)
    picker.set_client(None)
    assert (picker.text(), picker.choice()) == ("", None)


def test_the_path_field_asks_and_keeps_what_was_there_on_cancel(
    qtbot: Any, tmp_path: Path
) -> None:
    asked: list[str] = []
    answers = [str(tmp_path / "logo.png"), ""]

    def ask(parent: QWidget, current: str) -> str:
        asked.append(current)
        return answers.pop(0)

    field = PathPicker(ask, lambda: "A PNG or JPEG file")
    qtbot.addWidget(field)
    assert field.edit.placeholderText() == "A PNG or JPEG file"
    assert field.button.text() == "Choose\u2026"
    field.edit.setText("  old.png ")
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    assert field.text() == str(tmp_path / "logo.png")
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)  # cancelled
    assert field.text() == str(tmp_path / "logo.png")
    assert asked == ["old.png", str(tmp_path / "logo.png")]
