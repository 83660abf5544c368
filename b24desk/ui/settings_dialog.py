"""The office settings: letterhead, invoicing, support hours, subscriptions, backups
and e-mail.

The values live in the database (the ``Office`` row, domain.md §7), not in
QSettings: every desk on a shared database sees the same office.  Saving goes
through :func:`b24desk.store.office.update_office`, which validates everything and
refuses a save over someone else's newer one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.dates import get_day_names
from PySide6.QtCore import QTime, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from b24desk import paths
from b24desk.domain.errors import ErrorCollector, ValidationError
from b24desk.domain.validation import parse_decimal
from b24desk.i18n import LANGUAGES, N_, _, babel_locale, format_decimal, ngettext
from b24desk.store.office import (
    MAX_DAILY_BACKUPS,
    MAX_DUE_DAYS,
    MAX_GRACE_DAYS,
    MAX_MONTHLY_BACKUPS,
    MAX_QUOTE_VALID_DAYS,
    MAX_RENEWAL_LEAD_DAYS,
    TEXT_KEYS,
    get_office,
    holiday_countries,
    holiday_subdivisions,
    office_label,
    office_texts,
    text_key,
    time_zones,
    update_office,
    validate_office,
    workdays_of,
)
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import FormDialog, count_suffix
from b24desk.ui.mail.settings_section import MailSection
from b24desk.ui.pickers import PathPicker

if TYPE_CHECKING:  # a type only: widgets call store functions
    from b24desk.store.office import Office

#: The office texts written per document language ("bank_details", "refund_policy").
TEXT_KINDS = tuple(sorted({kind for kind, _language in TEXT_KEYS.values()}))

#: Currencies offered first (any ISO code can be typed).
COMMON_CURRENCIES = ("NZD", "AUD", "USD", "EUR", "GBP", "RUB", "MXN", "BRL", "COP", "ARS", "CLP")

#: Babel territory codes that are not countries (as domain.validation.validate_country).
NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})

SECTIONS: dict[str, str] = {
    "letterhead": N_("Letterhead"),
    "invoicing": N_("Invoicing"),
    "support": N_("Support hours"),
    "subscriptions": N_("Subscriptions"),
    "backups": N_("Backups"),
    "mail": N_("E-mail"),
}


def _qtime(value: object) -> QTime:
    t = value if isinstance(value, time) else time.fromisoformat(str(value))
    return QTime(t.hour, t.minute)


def _country_name(code: str) -> str:
    return babel_locale().territories.get(code, code)


def _ask_logo(parent: QWidget, current: str) -> str:
    start = str(Path(current).expanduser().parent) if current else ""
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose the logo"), start, _("Images (*.png *.jpg *.jpeg)")
    )
    return path


class WorkdayBoxes(QWidget):
    """Seven check boxes, Monday first, named by Babel in the desk language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes = [QCheckBox() for _day in range(7)]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for day, box in enumerate(self.boxes):
            box.setObjectName(f"workday_{day}")
            grid.addWidget(box, day // 4, day % 4)

    def retranslate(self) -> None:
        names = get_day_names("wide", context="stand-alone", locale=babel_locale())
        for day, box in enumerate(self.boxes):  # Babel's 0 is Monday, as weekday()
            box.setText(names[day])

    def days(self) -> list[int]:
        return [day for day, box in enumerate(self.boxes) if box.isChecked()]

    def set_days(self, days: tuple[int, ...] | list[int]) -> None:
        for day, box in enumerate(self.boxes):
            box.setChecked(day in days)


class SettingsDialog(FormDialog):
    """The office's settings in six tabs; OK saves them to the database."""

    def __init__(self, ctx: DeskContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.ctx = ctx
        self.office: Office = get_office()
        self.version = self.office.version
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(False)  # every section in sight, in every language
        self.pages: dict[str, QFormLayout] = {}
        self._row_section: dict[str, int] = {}
        for key in SECTIONS:
            page = QWidget()
            form = QFormLayout(page)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            self.pages[key] = form
            self.tabs.addTab(page, "")
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.tabs)
        self._build_fields()
        self._load(self.office)
        self._connect_signals()
        self.retranslate()
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()))

    # -- construction -------------------------------------------------------------

    def add_section_field(
        self, section: str, key: str, label: Callable[[], str], widget: QWidget
    ) -> QWidget:
        """Like :meth:`FormDialog.add_field`, on the page of ``section``."""
        row = self.register_field(key, label, widget)
        self.pages[section].addRow(row.label, row.container)
        self._row_section[key] = list(SECTIONS).index(section)
        return widget

    def office_field(self, section: str, key: str, widget: QWidget) -> Any:
        def label() -> str:
            return office_label(key)

        return self.add_section_field(section, key, label, widget)

    def _build_fields(self) -> None:
        self.name = self.office_field("letterhead", "name", QLineEdit())
        self.address = self.office_field("letterhead", "address", QPlainTextEdit())
        self.country = self.office_field("letterhead", "country", QComboBox())
        self.tax_number = self.office_field("letterhead", "tax_number", QLineEdit())
        self.email = self.office_field("letterhead", "email", QLineEdit())
        self.phone = self.office_field("letterhead", "phone", QLineEdit())
        self.website = self.office_field("letterhead", "website", QLineEdit())
        self.logo = PathPicker(
            _ask_logo, lambda: _("A PNG or JPEG image for the invoice letterhead")
        )
        self.office_field("letterhead", "logo_path", self.logo)
        self.iban = self.office_field("letterhead", "iban", QLineEdit())
        self.swift = self.office_field("letterhead", "swift", QLineEdit())
        self._build_text_tabs()
        for edit in (self.address, *self.text_edits.values()):
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(edit.fontMetrics().height() * 4 + 12)

        self.currency = self.office_field("invoicing", "default_currency", QComboBox())
        self.currency.setEditable(True)
        self.currency.addItems(list(COMMON_CURRENCIES))
        self.rates_button = QPushButton()
        self.rates_button.setObjectName("openRates")
        self.rates_button.setEnabled(self.ctx is not None)
        self.rates_button.clicked.connect(self._open_rates)
        self.pages["invoicing"].addRow("", self.rates_button)
        self.tax_rate = self.office_field("invoicing", "default_tax_rate", QLineEdit())
        self.invoice_prefix = self.office_field("invoicing", "invoice_prefix", QLineEdit())
        self.credit_note_prefix = self.office_field("invoicing", "credit_note_prefix", QLineEdit())
        self.due_days = self.office_field("invoicing", "invoice_due_days", QSpinBox())
        self.due_days.setRange(0, MAX_DUE_DAYS)
        self.print_home_amount = self.office_field("invoicing", "print_home_amount", QCheckBox())
        self.quote_prefix = self.office_field("invoicing", "quote_prefix", QLineEdit())
        self.quote_valid_days = self.office_field("invoicing", "quote_valid_days", QSpinBox())
        self.quote_valid_days.setRange(1, MAX_QUOTE_VALID_DAYS)

        self.timezone = self.office_field("support", "timezone", QComboBox())
        self.timezone.setEditable(True)
        self.timezone.addItems(list(time_zones()))
        self.timezone.setMaxVisibleItems(20)
        self.holiday_country = self.office_field("support", "holiday_country", QComboBox())
        self.region = self.office_field("support", "holiday_subdivision", QComboBox())
        self.opens = self.office_field("support", "opens", QTimeEdit())
        self.closes = self.office_field("support", "closes", QTimeEdit())
        for edit in (self.opens, self.closes):
            edit.setDisplayFormat("HH:mm")
        self.workdays = WorkdayBoxes()
        self.office_field("support", "workdays", self.workdays)

        self.grace_days = self.office_field("subscriptions", "grace_days", QSpinBox())
        self.grace_days.setRange(0, MAX_GRACE_DAYS)
        self.renewal_lead_days = self.office_field(
            "subscriptions", "renewal_lead_days", QSpinBox()
        )
        self.renewal_lead_days.setRange(0, MAX_RENEWAL_LEAD_DAYS)

        self.backup_note = QLabel()
        self.backup_note.setWordWrap(True)
        self.pages["backups"].addRow(self.backup_note)
        self.keep_daily = self.office_field("backups", "backup_keep_daily", QSpinBox())
        self.keep_daily.setRange(1, MAX_DAILY_BACKUPS)
        self.keep_monthly = self.office_field("backups", "backup_keep_monthly", QSpinBox())
        self.keep_monthly.setRange(0, MAX_MONTHLY_BACKUPS)

        self.mail = MailSection(self)

    def _build_text_tabs(self) -> None:
        """Bank details and refund policy: the office's own texts (the default) and
        one tab per document language, under the letterhead's fields."""
        self.text_tabs = QTabWidget()
        self.text_tabs.setObjectName("officeTexts")
        self.text_edits: dict[str, QPlainTextEdit] = {}
        self._row_text_tab: dict[str, int] = {}
        for index, language in enumerate((None, *LANGUAGES)):
            page = QWidget()
            form = QFormLayout(page)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for kind in TEXT_KINDS:
                key = kind if language is None else text_key(kind, language)
                edit = QPlainTextEdit()
                row = self.register_field(key, partial(office_label, kind), edit)
                form.addRow(row.label, row.container)
                self._row_section[key] = list(SECTIONS).index("letterhead")
                self._row_text_tab[key] = index
                self.text_edits[key] = edit
            self.text_tabs.addTab(page, "")
        self.pages["letterhead"].addRow(self.text_tabs)
        self.bank_details = self.text_edits["bank_details"]
        self.refund_policy = self.text_edits["refund_policy"]

    def _retranslate_text_tabs(self) -> None:
        self.text_tabs.setTabText(0, _("Default"))
        self.text_tabs.setTabToolTip(
            0,
            _(
                "Printed on documents in a language whose own text is empty "
                "(the other tabs)."
            ),
        )
        for index, (code, name) in enumerate(LANGUAGES.items(), start=1):
            self.text_tabs.setTabText(index, name)
            self.text_tabs.setTabToolTip(
                index,
                _(
                    "Printed on documents in {language}; left empty, the Default "
                    "text is printed instead."
                ).format(language=name),
            )
            for kind in TEXT_KINDS:
                self.text_edits[text_key(kind, code)].setToolTip(
                    _("Left empty, documents in {language} print the Default text.").format(
                        language=name
                    )
                )
        self.iban.setPlaceholderText(_("e.g. DE89 3704 0044 0532 0130 00"))
        self.swift.setPlaceholderText(_("e.g. ANZBNZ22"))

    def _fill_countries(self) -> None:
        current = self.country.currentData() or self.office.country
        self.country.blockSignals(True)
        self.country.clear()
        names = babel_locale().territories
        codes = [
            str(c)
            for c in names
            if len(str(c)) == 2 and str(c).isalpha() and c not in NOT_COUNTRIES
        ]
        for code in sorted(codes, key=lambda c: names[c].casefold()):
            self.country.addItem(f"{names[code]} ({code})", code)
        self.country.setCurrentIndex(max(0, self.country.findData(current)))
        self.country.blockSignals(False)

        current = self.holiday_country.currentData() or self.office.holiday_country
        self.holiday_country.blockSignals(True)
        self.holiday_country.clear()
        for code in sorted(holiday_countries(), key=lambda c: _country_name(c).casefold()):
            self.holiday_country.addItem(f"{_country_name(code)} ({code})", code)
        self.holiday_country.setCurrentIndex(max(0, self.holiday_country.findData(current)))
        self.holiday_country.blockSignals(False)

    def _fill_regions(self, selected: str | None) -> None:
        self.region.clear()
        self.region.addItem(_("The whole country"), None)
        for code, name in holiday_subdivisions(self.holiday_country.currentData() or ""):
            self.region.addItem(name if name == code else f"{name} ({code})", code)
        index = self.region.findData(selected) if selected else 0
        self.region.setCurrentIndex(max(0, index))

    def _load(self, office: Office) -> None:
        self.name.setText(office.name)
        self.address.setPlainText(office.address)
        self.tax_number.setText(office.tax_number)
        self.email.setText(office.email)
        self.phone.setText(office.phone)
        self.website.setText(office.website)
        self.logo.edit.setText(office.logo_path)
        self.bank_details.setPlainText(office.bank_details)
        self.refund_policy.setPlainText(office.refund_policy)
        self.iban.setText(office.iban)
        self.swift.setText(office.swift)
        for key, text in office_texts().items():
            if key in self.text_edits:
                self.text_edits[key].setPlainText(text)
        self.currency.setCurrentText(office.default_currency)
        self.tax_rate.setText(format_decimal(Decimal(office.default_tax_rate) * 100))
        self.invoice_prefix.setText(office.invoice_prefix)
        self.credit_note_prefix.setText(office.credit_note_prefix)
        self.due_days.setValue(office.invoice_due_days)
        self.print_home_amount.setChecked(bool(office.print_home_amount))
        self.quote_prefix.setText(office.quote_prefix)
        self.quote_valid_days.setValue(office.quote_valid_days)
        self.timezone.setCurrentText(office.timezone)
        self._fill_countries()
        self._fill_regions(office.holiday_subdivision)
        self.opens.setTime(_qtime(office.opens))
        self.closes.setTime(_qtime(office.closes))
        self.workdays.set_days(workdays_of(office))
        self.grace_days.setValue(office.grace_days)
        self.renewal_lead_days.setValue(office.renewal_lead_days)
        self.keep_daily.setValue(office.backup_keep_daily)
        self.keep_monthly.setValue(office.backup_keep_monthly)
        self.mail.load(office)

    def _connect_signals(self) -> None:
        self.holiday_country.currentIndexChanged.connect(self._on_holiday_country)
        if self.ctx is not None:
            self.ctx.language.changed.connect(self.retranslate)
            self.finished.connect(self._detach)

    @Slot()
    def _detach(self) -> None:
        if self.ctx is not None:
            self.ctx.language.changed.disconnect(self.retranslate)
            self.ctx = None

    @Slot()
    def _open_rates(self) -> None:
        if self.ctx is not None:
            from b24desk.ui.rates import open_rates

            open_rates(self, self.ctx)

    @Slot()
    def _on_holiday_country(self) -> None:
        self._fill_regions(None)

    @Slot()
    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Office settings"))
        for index, key in enumerate(SECTIONS):
            self.tabs.setTabText(index, _(SECTIONS[key]))
        self.logo.retranslate()
        self._retranslate_text_tabs()
        self.workdays.retranslate()
        self.mail.retranslate()
        self._fill_countries()
        self._fill_regions(self.region.currentData())
        self.tax_rate.setPlaceholderText(_("e.g. 15 for 15 %"))
        self.invoice_prefix.setPlaceholderText(_("e.g. INV"))
        self.credit_note_prefix.setPlaceholderText(_("e.g. CN"))
        self.quote_prefix.setPlaceholderText(_("e.g. QUO"))
        self.rates_button.setText(_("Exchange rates…"))
        self.rates_button.setToolTip(
            _("What other currencies were worth in the home currency, day by day")
        )
        self.print_home_amount.setText(
            _("Print the total in the home currency on invoices in another currency")
        )
        self.print_home_amount.setToolTip(
            _(
                "For clients whose tax law asks for it: the total is also printed in "
                "{currency} with the exchange rate of the issue date and its date "
                "(nothing is printed when no rate is known)."
            ).format(currency=self.currency.currentText() or "")
        )
        self.currency.setToolTip(
            _("The office's own currency: reports and partner figures are shown in it.")
        )
        self.renewal_lead_days.setToolTip(
            _(
                "Renewal drafts are prepared for subscriptions whose paid period ends "
                "within this many days."
            )
        )
        for spin in (self.due_days, self.grace_days, self.renewal_lead_days, self.quote_valid_days):
            count_suffix(spin, lambda n: ngettext("day", "days", n))
        self.backup_note.setText(
            _(
                "Each desk that works on a database file copies it into {folder} once a "
                "day when b24desk starts. A PostgreSQL server is backed up with "
                "\u201cb24desk export\u201d or the server's own tools."
            ).format(folder=paths.backups_dir())
        )
        self.keep_daily.setToolTip(_("The newest daily copies are kept"))
        self.keep_monthly.setToolTip(_("The first copy of each recent month is kept as well"))
        self.grace_days.setToolTip(
            _(
                "Days a cloud portal keeps working after its paid end date (15 in the "
                "reseller's terms, up to 30 by the vendor's)."
            )
        )

    # -- errors and saving -------------------------------------------------------

    def clear_errors(self) -> None:
        super().clear_errors()
        bar = self.tabs.tabBar()
        for index in range(self.tabs.count()):
            bar.setTabTextColor(index, QColor())
        for index in range(self.text_tabs.count()):
            self.text_tabs.tabBar().setTabTextColor(index, QColor())

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show the messages, mark the pages holding one and bring the first forward."""
        super().show_errors(errors)
        pages = [self._row_section[key] for key in errors if key in self._row_section]
        for index in set(pages):
            self.tabs.tabBar().setTabTextColor(index, palette.error_text())
        texts = [self._row_text_tab[key] for key in errors if key in self._row_text_tab]
        for index in set(texts):
            self.text_tabs.tabBar().setTabTextColor(index, palette.error_text())
        if pages:
            self.tabs.setCurrentIndex(min(pages))
            first = next(k for k in errors if self._row_section.get(k) == min(pages))
            if first in self._row_text_tab:
                self.text_tabs.setCurrentIndex(self._row_text_tab[first])
            self.rows[first].widget.setFocus()

    def field_edited(self, key: str) -> None:
        """A corrected field's message goes; its page is red only while one stays."""
        super().field_edited(key)
        section = self._row_section.get(key)
        if section is None:
            return
        still = any(
            self._row_section.get(k) == section and self.error_of(k) for k in self.rows
        )
        if not still:
            self.tabs.tabBar().setTabTextColor(section, QColor())

    def _tax_rate(self) -> Decimal:
        text = self.tax_rate.text().strip()
        if not text:
            raise ValidationError(
                "default_tax_rate",
                _("{field} is required.").format(field=office_label("default_tax_rate")),
            )
        percent = parse_decimal(text, "default_tax_rate")
        if not 0 <= percent <= 100:
            raise ValidationError(
                "default_tax_rate",
                _("{field} must be between 0 and 100 %.").format(
                    field=office_label("default_tax_rate")
                ),
            )
        return percent / 100

    def values(self) -> dict[str, Any]:
        """What the form holds, as :func:`update_office` takes it (the tax rate may
        be missing when it does not parse: :meth:`save` reports it)."""
        return {
            "name": self.name.text(),
            "address": self.address.toPlainText(),
            "country": self.country.currentData() or "",
            "tax_number": self.tax_number.text(),
            "email": self.email.text(),
            "phone": self.phone.text(),
            "website": self.website.text(),
            "logo_path": self.logo.edit.text(),
            "iban": self.iban.text(),
            "swift": self.swift.text(),
            **{key: edit.toPlainText() for key, edit in self.text_edits.items()},
            "default_currency": self.currency.currentText(),
            "invoice_prefix": self.invoice_prefix.text(),
            "credit_note_prefix": self.credit_note_prefix.text(),
            "invoice_due_days": self.due_days.value(),
            "print_home_amount": self.print_home_amount.isChecked(),
            "quote_prefix": self.quote_prefix.text(),
            "quote_valid_days": self.quote_valid_days.value(),
            "timezone": self.timezone.currentText(),
            "holiday_country": self.holiday_country.currentData() or "",
            "holiday_subdivision": self.region.currentData() or "",
            "opens": self.opens.time().toPython(),
            "closes": self.closes.time().toPython(),
            "workdays": self.workdays.days(),
            "grace_days": self.grace_days.value(),
            "renewal_lead_days": self.renewal_lead_days.value(),
            "backup_keep_daily": self.keep_daily.value(),
            "backup_keep_monthly": self.keep_monthly.value(),
            **self.mail.values(),
        }

    def save(self) -> Office:
        data = self.values()
        errors = ErrorCollector()
        with errors.check():
            data["default_tax_rate"] = self._tax_rate()
        with errors.check():
            validate_office(data, get_office())
        errors.raise_if_any()
        saved = update_office(data, self.version)
        self.version = saved.version
        self.mail.save_password()
        return saved


def open_settings(parent: QWidget | None, ctx: DeskContext) -> bool:
    """Show the settings dialog; ``True`` when the settings were saved."""
    dialog = SettingsDialog(ctx, parent)
    try:
        return bool(dialog.exec())
    finally:
        dialog.deleteLater()
