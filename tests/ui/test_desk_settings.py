"""What the desk reads back from its settings file is text, whatever was stored."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from b24desk.ui.desk_settings import text_setting


def test_text_setting_gives_the_default_when_nothing_is_stored() -> None:
    assert text_setting("window/tab", "today") == "today"
    assert text_setting("csv/last_folder") == ""


def test_text_setting_reads_back_text_and_numbers_as_text() -> None:
    QSettings().setValue("pdf/last_folder", "/home/ann/Invoices")
    QSettings().setValue("window/tab", 7)
    QSettings().setValue("ui/language", ["es", "ru"])
    assert text_setting("pdf/last_folder") == "/home/ann/Invoices"
    assert text_setting("window/tab", "today") == "7"
    assert text_setting("ui/language", "en") == ""
