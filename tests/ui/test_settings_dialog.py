"""The office settings dialog saves to the database and explains what it refuses."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QDialog

from b24desk import i18n
from b24desk.store import events
from b24desk.store.office import business_calendar, get_office, update_office
from b24desk.ui import forms, palette
from b24desk.ui import settings_dialog as sd
from b24desk.ui.context import DeskContext

SUPPORT_PAGE = list(sd.SECTIONS).index("support")


@pytest.fixture
def dialog(qtbot, ctx: DeskContext) -> sd.SettingsDialog:
    widget = sd.SettingsDialog(ctx)
    qtbot.addWidget(widget)
    return widget


def fill_valid(qtbot, dialog: sd.SettingsDialog) -> None:
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Kiwi CRM Ltd")
    dialog.email.setText("desk@kiwicrm.co.nz")
    dialog.address.setPlainText("1 Queen St\nAuckland")
    dialog.bank_details.setPlainText("ANZ 01-0123-0456789-00")
    dialog.refund_policy.setPlainText("No refunds.")


def test_loads_the_office(dialog: sd.SettingsDialog) -> None:
    assert dialog.timezone.currentText() == "Pacific/Auckland"
    assert dialog.holiday_country.currentData() == "NZ"
    assert dialog.region.currentData() is None
    assert dialog.opens.time() == QTime(9, 0) and dialog.closes.time() == QTime(18, 0)
    assert dialog.workdays.days() == [0, 1, 2, 3, 4]
    assert dialog.tax_rate.text() == "15"
    assert dialog.currency.currentText() == "NZD"
    assert dialog.grace_days.value() == 15
    assert [b.text() for b in dialog.workdays.boxes][:2] == ["Monday", "Tuesday"]
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "Letterhead",
        "Invoicing",
        "Support hours",
        "Subscriptions",
        "Backups",
        "E-mail",
    ]


def test_saves_valid_input_and_the_calendar_follows(
    qtbot, dialog: sd.SettingsDialog, tmp_path: Path
) -> None:
    seen: list[str] = []
    events.subscribe(seen.append)
    try:
        fill_valid(qtbot, dialog)
        logo = tmp_path / "logo.png"
        logo.write_bytes(b"\x89PNG\r\n")
        dialog.logo.edit.setText(str(logo))
        dialog.tax_rate.setText("12,5")
        dialog.currency.setCurrentText("eur")
        dialog.invoice_prefix.setText("KIWI")
        dialog.due_days.setValue(30)
        dialog.timezone.setCurrentText("Europe/Madrid")
        dialog.holiday_country.setCurrentIndex(dialog.holiday_country.findData("ES"))
        dialog.region.setCurrentIndex(dialog.region.findData("MD"))
        dialog.opens.setTime(QTime(8, 30))
        dialog.closes.setTime(QTime(17, 0))
        dialog.workdays.boxes[5].setChecked(True)
        dialog.grace_days.setValue(30)
        dialog.try_accept()
    finally:
        events.unsubscribe(seen.append)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert seen == [events.OFFICE]
    office = get_office()
    assert (office.name, office.email, office.logo_path) == (
        "Kiwi CRM Ltd",
        "desk@kiwicrm.co.nz",
        str(logo),
    )
    assert office.address == "1 Queen St\nAuckland"
    assert (office.default_currency, office.default_tax_rate) == ("EUR", Decimal("0.125"))
    assert (office.invoice_prefix, office.invoice_due_days, office.grace_days) == ("KIWI", 30, 30)
    assert office.version == 2
    cal = business_calendar()
    assert (cal.timezone, cal.country, cal.subdivision) == ("Europe/Madrid", "ES", "MD")
    assert (cal.opens, cal.closes) == (time(8, 30), time(17))
    assert cal.workdays == frozenset(range(6))
    assert cal.is_business_day(date(2025, 5, 3))  # a Saturday, now a working day
    assert not cal.is_business_day(date(2025, 5, 2))  # Madrid's own holiday


def test_rejects_an_unknown_time_zone_and_keeps_the_input(qtbot, dialog: sd.SettingsDialog) -> None:
    fill_valid(qtbot, dialog)
    dialog.timezone.setEditText("Mars/Olympus_Mons")
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Mars/Olympus_Mons" in dialog.error_of("timezone")
    assert "not a known time zone" in dialog.error_of("timezone")
    assert not dialog.rows["timezone"].message.isHidden()
    assert dialog.tabs.currentIndex() == SUPPORT_PAGE
    assert dialog.tabs.tabBar().tabTextColor(SUPPORT_PAGE).name() == palette.error_text().name()
    assert dialog.timezone.currentText() == "Mars/Olympus_Mons"
    assert dialog.name.text() == "Kiwi CRM Ltd"
    assert get_office().timezone == "Pacific/Auckland"
    assert get_office().version == 1


def test_rejects_closing_before_opening(qtbot, dialog: sd.SettingsDialog) -> None:
    fill_valid(qtbot, dialog)
    dialog.opens.setTime(QTime(18, 0))
    dialog.closes.setTime(QTime(9, 0))
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_of("closes") == "Business hours must close after they open."
    assert dialog.opens.time() == QTime(18, 0)
    dialog.closes.setTime(QTime(18, 0))  # equal is no better
    dialog.try_accept()
    assert dialog.error_of("closes") == "Business hours must close after they open."
    assert get_office().closes in (time(18), "18:00:00")


def test_rejects_a_week_without_workdays(qtbot, dialog: sd.SettingsDialog) -> None:
    fill_valid(qtbot, dialog)
    dialog.workdays.set_days([])
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_of("workdays") == "Choose at least one working day of the week."
    assert dialog.workdays.days() == []
    dialog.workdays.boxes[2].setChecked(True)
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert business_calendar().workdays == frozenset({2})


def test_reports_every_problem_at_once(qtbot, dialog: sd.SettingsDialog) -> None:
    dialog.name.clear()
    dialog.email.setText("desk@")
    dialog.tax_rate.setText("abc")
    dialog.invoice_prefix.setText("INV 26")
    dialog.timezone.setEditText("Nowhere")
    dialog.try_accept()
    for key in ("name", "email", "default_tax_rate", "invoice_prefix", "timezone"):
        assert dialog.error_of(key), key
    assert dialog.tabs.currentIndex() == 0  # the first page with a problem
    dialog.tax_rate.setText("150")
    dialog.try_accept()
    assert "between 0 and 100" in dialog.error_of("default_tax_rate")


def test_regions_follow_the_holiday_country(dialog: sd.SettingsDialog) -> None:
    dialog.holiday_country.setCurrentIndex(dialog.holiday_country.findData("ES"))
    codes = [dialog.region.itemData(i) for i in range(dialog.region.count())]
    assert codes[0] is None and "CT" in codes and "AUK" not in codes
    assert dialog.region.itemText(dialog.region.findData("MD")) == "Madrid (MD)"


def test_a_stale_save_is_refused(
    qtbot, dialog: sd.SettingsDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(
        forms.QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text)
    )
    update_office({"name": "Saved on another desk"}, expected_version=1)
    fill_valid(qtbot, dialog)
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert len(warnings) == 1 and "another desk" in warnings[0]
    assert get_office().name == "Saved on another desk"


def test_day_names_follow_the_desk_language(dialog: sd.SettingsDialog) -> None:
    i18n.set_language("es")
    assert dialog.workdays.boxes[0].text() == "lunes"
    assert dialog.holiday_country.currentText() == "Nueva Zelanda (NZ)"
    i18n.set_language("ru")
    assert dialog.workdays.boxes[6].text() == "воскресенье"


def test_open_settings_reports_whether_it_saved(
    qtbot, ctx: DeskContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sd.SettingsDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert sd.open_settings(None, ctx) is False

    def accept(self: sd.SettingsDialog) -> int:
        self.name.setText("Via open_settings")
        self.try_accept()
        return self.result()

    monkeypatch.setattr(sd.SettingsDialog, "exec", accept)
    assert sd.open_settings(None, ctx) is True
    assert get_office().name == "Via open_settings"


def test_logo_picker_fills_the_path(
    qtbot, dialog: sd.SettingsDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        sd.QFileDialog, "getOpenFileName", lambda *args: ("/tmp/logo.png", "Images")
    )
    qtbot.mouseClick(dialog.logo.button, Qt.MouseButton.LeftButton)
    assert dialog.logo.edit.text() == "/tmp/logo.png"


def test_the_backups_kept_are_an_office_setting(qtbot, dialog: sd.SettingsDialog) -> None:
    assert (dialog.keep_daily.value(), dialog.keep_monthly.value()) == (14, 12)
    assert "once a day" in dialog.backup_note.text()
    fill_valid(qtbot, dialog)
    dialog.tabs.setCurrentIndex(list(sd.SECTIONS).index("backups"))
    dialog.keep_daily.clear()
    qtbot.keyClicks(dialog.keep_daily, "30")
    dialog.keep_monthly.setValue(0)  # no monthly copies
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    office = get_office()
    assert (office.backup_keep_daily, office.backup_keep_monthly) == (30, 0)


def test_bank_codes_and_texts_per_language_are_saved_and_shown_again(
    qtbot, ctx: DeskContext
) -> None:
    """Issue #15: IBAN and SWIFT/BIC, and the refund policy and bank details written
    per document language, so that a Spanish invoice has no English line."""
    from b24desk.store.office import office_text

    first = sd.SettingsDialog(ctx)
    qtbot.addWidget(first)
    fill_valid(qtbot, first)
    qtbot.keyClicks(first.iban, "de89 3704 0044 0532 0130 00")
    qtbot.keyClicks(first.swift, "anzbnz22")
    first.text_tabs.setCurrentIndex(2)  # Español
    qtbot.keyClicks(first.text_edits["refund_policy_es"], "Sin reembolsos.")
    qtbot.keyClicks(first.text_edits["bank_details_es"], "Banco Santander ES12")
    first.text_edits["bank_details_ru"].setPlainText("Сбербанк")
    first.try_accept()
    assert first.result() == QDialog.DialogCode.Accepted
    office = get_office()
    assert (office.iban, office.swift) == ("DE89370400440532013000", "ANZBNZ22")
    assert office.version == 2  # one save
    assert office_text("refund_policy", "es") == "Sin reembolsos."
    assert office_text("bank_details", "ru") == "Сбербанк"
    assert office_text("refund_policy", "ru") == "No refunds."  # the default text

    again = sd.SettingsDialog(ctx)
    qtbot.addWidget(again)
    assert (again.iban.text(), again.swift.text()) == ("DE89370400440532013000", "ANZBNZ22")
    assert again.refund_policy.toPlainText() == "No refunds."
    assert again.text_edits["refund_policy_es"].toPlainText() == "Sin reembolsos."
    assert again.text_edits["bank_details_es"].toPlainText() == "Banco Santander ES12"
    assert again.text_edits["bank_details_ru"].toPlainText() == "Сбербанк"
    assert again.text_edits["refund_policy_en"].toPlainText() == ""
    tabs = [again.text_tabs.tabText(i) for i in range(again.text_tabs.count())]
    assert tabs == ["Default", "English", "Español", "Русский"]
    assert "empty" in again.text_tabs.tabToolTip(0)

    again.text_edits["refund_policy_es"].clear()  # emptied: Spanish falls back again
    again.try_accept()
    assert again.result() == QDialog.DialogCode.Accepted
    assert office_text("refund_policy", "es") == "No refunds."


def test_a_wrong_iban_is_shown_beside_the_field_and_kept(qtbot, dialog: sd.SettingsDialog) -> None:
    fill_valid(qtbot, dialog)
    dialog.tabs.setCurrentIndex(SUPPORT_PAGE)
    qtbot.keyClicks(dialog.iban, "DE88 3704 0044 0532 0130 00")  # one digit off
    qtbot.keyClicks(dialog.swift, "ANZ")
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_of("iban") == "This IBAN's check digits are wrong: check for a typo."
    assert not dialog.rows["iban"].message.isHidden()
    assert "8 or 11" in dialog.error_of("swift")
    assert dialog.tabs.currentIndex() == 0  # the letterhead, where the fields are
    assert dialog.iban.text() == "DE88 3704 0044 0532 0130 00"
    assert dialog.swift.text() == "ANZ"
    assert (get_office().iban, get_office().version) == ("", 1)
    dialog.iban.setText("DE89 3704 0044 0532 0130 00")
    dialog.swift.setText("ANZBNZ22")
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_office().iban == "DE89370400440532013000"


def test_day_counts_read_as_plurals(qtbot, dialog: sd.SettingsDialog) -> None:
    """Issue #15: plurals by ngettext ("1 day", not "1 days")."""
    dialog.due_days.setValue(1)
    assert dialog.due_days.text() == "1 day"
    qtbot.keyClick(dialog.due_days, Qt.Key.Key_Up)
    assert dialog.due_days.text() == "2 days"
    dialog.grace_days.setValue(1)
    assert dialog.grace_days.text() == "1 day"


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_a_day_count_says_its_unit_once(
    qtbot, ctx: DeskContext, dialog: sd.SettingsDialog, lang: str
) -> None:
    """Issue #15, item 4: "Payment due in (days)" beside "14 days" said the unit twice;
    the label names the setting, the spin box's plural says the days."""
    ctx.language.set_language(lang)
    catalog = i18n.translation(lang)
    for key, spin in (("invoice_due_days", dialog.due_days), ("grace_days", dialog.grace_days)):
        spin.setValue(14)
        days = catalog.ngettext("day", "days", 14)
        assert spin.suffix() == f" {days}"
        label = dialog.rows[key].label.text().lower()
        assert days.lower() not in label and "(" not in label, (lang, label)


def test_an_error_goes_when_its_field_is_corrected(qtbot, dialog: sd.SettingsDialog) -> None:
    """Issue #15: a field's error disappears as soon as it is corrected; the others stay."""
    dialog.show()
    dialog.name.clear()
    dialog.tax_rate.setText("abc")
    dialog.opens.setTime(QTime(18, 0))
    dialog.closes.setTime(QTime(9, 0))
    dialog.try_accept()
    assert dialog.error_of("name") and dialog.error_of("default_tax_rate")
    assert dialog.error_of("closes")
    dialog.tax_rate.selectAll()
    qtbot.keyClicks(dialog.tax_rate, "15")
    assert dialog.error_of("default_tax_rate") == ""
    assert dialog.error_of("name")  # not corrected yet
    dialog.closes.setTime(QTime(19, 0))
    assert dialog.error_of("closes") == ""
    assert dialog.error_of("name")
    # The support page has no message left: its tab is no longer red.
    assert dialog.tabs.tabBar().tabTextColor(SUPPORT_PAGE).name() != palette.error_text().name()
    dialog.name.setFocus()
    qtbot.keyClicks(dialog.name, "Kiwi CRM Ltd")
    assert dialog.error_of("name") == ""
    assert dialog.tabs.tabBar().tabTextColor(0).name() != palette.error_text().name()


def test_settings_open_on_their_first_field(qtbot, dialog: sd.SettingsDialog) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.name


def test_issue17_fields_load_and_save(qtbot, dialog: sd.SettingsDialog) -> None:
    """Renewal lead time, quote prefix and validity, the home-currency total."""
    assert dialog.rows["default_currency"].label.text() == "Home currency"
    assert dialog.renewal_lead_days.value() == 30
    assert (dialog.quote_prefix.text(), dialog.quote_valid_days.value()) == ("QUO", 30)
    assert not dialog.print_home_amount.isChecked()
    assert dialog.print_home_amount.text() == (
        "Print the total in the home currency on invoices in another currency"
    )
    fill_valid(qtbot, dialog)
    dialog.renewal_lead_days.setValue(21)
    dialog.quote_prefix.clear()
    qtbot.keyClicks(dialog.quote_prefix, "EST")
    dialog.quote_valid_days.setValue(10)
    qtbot.mouseClick(dialog.print_home_amount, Qt.MouseButton.LeftButton)
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    office = get_office()
    assert (office.renewal_lead_days, office.quote_prefix, office.quote_valid_days) == (
        21,
        "EST",
        10,
    )
    assert office.print_home_amount is True


def test_issue17_quote_prefix_clash_is_shown_on_its_page(qtbot, dialog: sd.SettingsDialog) -> None:
    fill_valid(qtbot, dialog)
    dialog.quote_prefix.setText("INV")
    dialog.try_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_of("quote_prefix") == (
        "Quotes need a prefix of their own, not that of invoices or credit notes."
    )
    assert dialog.tabs.currentIndex() == list(sd.SECTIONS).index("invoicing")
    assert get_office().quote_prefix == "QUO"
