"""The Clients tab's dialogs: the client form, a new subscription and a renewal."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QSignalBlocker, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from b24desk.domain import vocabulary
from b24desk.domain.client_defaults import client_defaults
from b24desk.i18n import LANGUAGES, _, format_date, ngettext
from b24desk.store import clients as store
from b24desk.store.errors import NotFoundError
from b24desk.ui.clients.common import countries
from b24desk.ui.dates import date_field
from b24desk.ui.forms import FormDialog

#: Currencies offered first in the client dialog (any ISO code may be typed).
COMMON_CURRENCIES = (
    "NZD", "AUD", "USD", "EUR", "GBP", "RUB", "MXN", "BRL", "COP", "ARS", "CLP", "PEN",
    "KZT", "BYN", "UAH",
)  # fmt: skip


def _multiline(lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    height = edit.fontMetrics().lineSpacing() * lines + 2 * edit.frameWidth() + 8
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(height * 2)
    return edit


def _fill_combo(box: QComboBox, items: list[tuple[Any, str]]) -> None:
    """Replace ``box``'s items keeping the chosen value."""
    current = box.currentData()
    with QSignalBlocker(box):
        box.clear()
        for value, text in items:
            box.addItem(text, value)
        found = box.findData(current)
        box.setCurrentIndex(found if found >= 0 else 0)


def _select(box: QComboBox, value: Any) -> None:
    found = box.findData(value)
    if found >= 0:
        box.setCurrentIndex(found)


class ClientDialog(FormDialog):
    """New or edit client: identity, portal, document language and currency, flags."""

    def __init__(self, parent: QWidget | None = None, client_id: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ClientDialog")
        self.client_id = client_id
        self.version: int | None = None
        # Chosen by hand: the country no longer picks them (see _on_country_changed).
        self.language_by_hand = False
        self.currency_by_hand = False
        self.company = QLineEdit()
        self.add_field("company", lambda: _("Company"), self.company)
        self.contact_person = QLineEdit()
        self.add_field("contact_person", lambda: _("Contact person"), self.contact_person)
        self.email = QLineEdit()
        self.add_field("email", lambda: _("E-mail"), self.email)
        self.billing_email = QLineEdit()
        self.add_field("billing_email", lambda: _("Billing e-mail"), self.billing_email)
        self.phone = QLineEdit()
        self.add_field("phone", lambda: _("Phone"), self.phone)
        self.country = QComboBox()
        self.add_field("country", lambda: _("Country"), self.country)
        self.address = _multiline(2)
        self.add_field("address", lambda: _("Address"), self.address)
        self.tax_id = QLineEdit()
        self.add_field("tax_id", lambda: _("Tax id"), self.tax_id)
        self.portal_url = QLineEdit()
        self.add_field("portal_url", lambda: _("Portal address"), self.portal_url)
        self.doc_language = QComboBox()
        self.add_field("doc_language", lambda: _("Document language"), self.doc_language)
        for code, name in LANGUAGES.items():
            self.doc_language.addItem(name, code)  # each language in its own name
        self.currency = QComboBox()
        self.add_field("currency", lambda: _("Currency"), self.currency)
        self.currency.setEditable(True)
        self.currency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.currency.addItems(list(COMMON_CURRENCIES))

        flags = QWidget()
        flags_box = QVBoxLayout(flags)
        flags_box.setContentsMargins(0, 0, 0, 0)
        self.non_profit = QCheckBox()
        self.non_profit.setObjectName("field_non_profit")
        self.affiliated = QCheckBox()
        self.affiliated.setObjectName("field_affiliated")
        self.new_client = QCheckBox()
        self.new_client.setObjectName("field_new_client")
        self.do_not_remind = QCheckBox()
        self.do_not_remind.setObjectName("field_do_not_remind")
        for box in (self.non_profit, self.affiliated, self.new_client, self.do_not_remind):
            flags_box.addWidget(box)
        self.add_field("flags", lambda: _("Flags"), flags)
        self.linked_via = QComboBox()
        self.add_field("linked_via", lambda: _("Linked via"), self.linked_via)

        support = QWidget()
        support_box = QHBoxLayout(support)
        support_box.setContentsMargins(0, 0, 0, 0)
        self.support_commercial = QCheckBox()
        self.support_commercial.setObjectName("field_support_commercial")
        self.hosting = QComboBox()
        self.hosting.setObjectName("field_hosting_combo")
        support_box.addWidget(self.support_commercial)
        support_box.addWidget(self.hosting, 1)
        self.add_field("hosting", lambda: _("Support category"), support)
        self.notes = _multiline(3)
        self.add_field("notes", lambda: _("Notes"), self.notes)

        self.retranslate()
        self._load()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.email.textChanged.connect(self._on_email_changed)
        self.country.currentIndexChanged.connect(self._on_country_changed)
        self.doc_language.activated.connect(self._on_language_chosen)
        self.currency.activated.connect(self._on_currency_chosen)
        line = self.currency.lineEdit()
        if line is not None:
            line.textEdited.connect(self._on_currency_chosen)

    @Slot()
    def _on_language_chosen(self) -> None:
        self.language_by_hand = True

    @Slot()
    def _on_currency_chosen(self) -> None:
        self.currency_by_hand = True

    @Slot()
    def _on_country_changed(self) -> None:
        """The country picks the document language and currency (Spain: Spanish and
        euros) unless the person chose them by hand."""
        defaults = client_defaults(self.country.currentData() or "")
        if defaults is None:
            return
        if not self.language_by_hand:
            _select(self.doc_language, defaults.doc_language)
        if not self.currency_by_hand and defaults.currency:
            self.currency.setCurrentText(defaults.currency)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Edit client") if self.client_id else _("New client"))
        self.portal_url.setPlaceholderText(_("https://company.bitrix24.com"))
        self.portal_url.setToolTip(
            _("The client's Bitrix24 cloud portal, or its own domain for on-premise")
        )
        self.email.setPlaceholderText(_("name@client-company.com"))
        self.country.setToolTip(_("Type the first letters to jump to a country"))
        self.currency.setToolTip(_("Invoices and reminders for this client use this currency"))
        self.doc_language.setToolTip(
            _("Invoices and reminders for this client are written in this language")
        )
        self.non_profit.setText(_("Non-profit organisation (15 % off 6- and 12-month plans)"))
        self.affiliated.setText(_("Affiliated / own entity (never counts toward targets)"))
        self.new_client.setText(_("New client (never held a paid Bitrix24 subscription)"))
        self.support_commercial.setText(_("Commercial client"))
        self.do_not_remind.setText(_("No automatic reminders"))
        self.do_not_remind.setToolTip(
            _("The desk never queues a renewal or overdue reminder for this client by itself")
        )
        self.billing_email.setPlaceholderText(_("Invoices and statements go here (empty: E-mail)"))
        _fill_combo(self.linked_via, [(k, _(v)) for k, v in vocabulary.LINKED_VIA.items()])
        _fill_combo(self.hosting, [(k, _(v)) for k, v in vocabulary.HOSTINGS.items()])
        _fill_combo(self.country, [(code, f"{name} ({code})") for code, name in countries()])

    def _load(self) -> None:
        values = dict(store.CLIENT_FIELDS)
        if self.client_id is not None:
            client = store.get_client(self.client_id)
            self.version = client.version
            values = {key: getattr(client, key) for key in store.CLIENT_FIELDS}
        self.company.setText(values["company"])
        self.contact_person.setText(values["contact_person"])
        self.email.setText(values["email"])
        self.billing_email.setText(values["billing_email"])
        self.phone.setText(values["phone"])
        if self.country.findData(values["country"]) < 0:
            self.country.addItem(values["country"], values["country"])
        _select(self.country, values["country"])
        self.address.setPlainText(values["address"])
        self.tax_id.setText(values["tax_id"])
        self.portal_url.setText(values["portal_url"])
        _select(self.doc_language, values["doc_language"])
        self.currency.setCurrentText(values["currency"])
        self.non_profit.setChecked(values["non_profit"])
        self.affiliated.setChecked(values["affiliated"])
        self.new_client.setChecked(values["new_client"])
        self.do_not_remind.setChecked(values["do_not_remind"])
        _select(self.linked_via, values["linked_via"])
        self.support_commercial.setChecked(values["support_commercial"])
        _select(self.hosting, values["hosting"])
        self.notes.setPlainText(values["notes"])
        self._on_email_changed(values["email"])
        # A saved client's language and currency that differ from its country's
        # defaults were chosen by hand: a new country keeps them.
        defaults = client_defaults(values["country"])
        self.language_by_hand = self.client_id is not None and (
            defaults is None or values["doc_language"] != defaults.doc_language
        )
        self.currency_by_hand = self.client_id is not None and (
            defaults is None or values["currency"] != defaults.currency
        )
        self.opened = self.data()  # what another desk's save is compared with

    def conflict_values(self) -> tuple[dict[str, Any], dict[str, Any], int] | None:
        if self.client_id is None:
            return None
        client = store.get_client(self.client_id)
        saved = {key: getattr(client, key) for key in self.data()}
        return self.opened, saved, client.version

    def form_values(self) -> dict[str, Any]:
        return self.data()

    def reload(self) -> None:
        self._load()

    def take_version(self, version: int) -> None:
        self.version = version

    def data(self) -> dict[str, Any]:
        """What the form holds, as the store's client fields."""
        return {
            "company": self.company.text(),
            "contact_person": self.contact_person.text(),
            "email": self.email.text(),
            "billing_email": self.billing_email.text(),
            "phone": self.phone.text(),
            "country": self.country.currentData() or "",
            "address": self.address.toPlainText(),
            "tax_id": self.tax_id.text(),
            "portal_url": self.portal_url.text(),
            "doc_language": self.doc_language.currentData(),
            "currency": self.currency.currentText(),
            "non_profit": self.non_profit.isChecked(),
            "affiliated": self.affiliated.isChecked(),
            "new_client": self.new_client.isChecked(),
            "do_not_remind": self.do_not_remind.isChecked(),
            "linked_via": self.linked_via.currentData(),
            "support_commercial": self.support_commercial.isChecked(),
            "hosting": self.hosting.currentData(),
            "notes": self.notes.toPlainText(),
        }

    def email_warning(self) -> str:
        """The orange warning beside the e-mail field ("" when none)."""
        row = self.rows["email"]
        if row.message.isHidden() or row.widget.property("invalid"):
            return ""
        return row.message.text()

    @Slot(str)
    def _on_email_changed(self, text: str) -> None:
        warning = store.office_domain_warning(text)
        self.rows["email"].set_error(warning, warning=True)
        self._fit_height()

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors(errors)
        if "email" not in errors:
            self._on_email_changed(self.email.text())
        self._fit_height()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to fit word-wrapped messages: a window's size ignores height-for-width,
        so a long warning (Russian, Spanish) would be cut."""
        layout = self.layout()
        if not self.isVisible() or layout is None or not layout.hasHeightForWidth():
            return
        need = layout.totalHeightForWidth(self.width())
        screen = self.screen()
        if screen is not None:
            need = min(need, screen.availableGeometry().height() - 40)
        if need > self.height():
            self.resize(self.width(), need)

    def save(self) -> Any:
        if self.client_id is None:
            client = store.create_client(self.data())
            self.client_id = client.id
            return client
        assert self.version is not None
        client = store.update_client(self.client_id, self.data(), self.version)
        self.version = client.version
        return client


class SubscriptionDialog(FormDialog):
    """New subscription: plan from the price list, term, seats, start date, portal."""

    def __init__(self, client_id: int, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SubscriptionDialog")
        self.client_id = client_id
        self.plans = {p.id: p for p in store.subscription_plans()}
        client = store.get_client(client_id)
        self.client_label = QLabel(client.company)
        self.client_label.setWordWrap(True)
        self.add_field("client", lambda: _("Client"), self.client_label)
        self.plan = QComboBox()
        self.add_field("plan", lambda: _("Plan"), self.plan)
        self.term = QComboBox()
        self.add_field("term_months", lambda: _("Term"), self.term)
        self.seats = QSpinBox()
        self.add_field("seats", lambda: _("Seats"), self.seats)
        self.seats.setRange(0, 1_000_000)
        self.starts_on = date_field(today)
        self.add_field("starts_on", lambda: _("Start date"), self.starts_on)
        self.portal_url = QLineEdit()
        self.add_field("portal_url", lambda: _("Portal address"), self.portal_url)
        self.portal_url.setText(client.portal_url)
        self.paid_until = QLabel()
        self.add_field("paid_until", lambda: _("Paid until"), self.paid_until)
        self.retranslate()
        paid = [p.id for p in self.plans.values() if p.paid and p.kind == "cloud"]
        if paid:
            _select(self.plan, paid[0])
        self._connect_signals()
        self._on_plan_changed()

    def _connect_signals(self) -> None:
        self.plan.currentIndexChanged.connect(self._on_plan_changed)
        self.term.currentIndexChanged.connect(self._update_preview)
        self.starts_on.dateChanged.connect(self._update_preview)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New subscription"))
        self.portal_url.setPlaceholderText(_("https://company.bitrix24.com"))
        kinds = {"cloud": _("cloud"), "on_premise": _("on-premise")}
        _fill_combo(
            self.plan,
            [(p.id, f"{p.name} ({kinds.get(p.kind, p.kind)})") for p in self.plans.values()],
        )
        _fill_combo(
            self.term,
            [(t, ngettext("{n} month", "{n} months", t).format(n=t)) for t in store.TERMS],
        )
        if self.term.currentData() is None or self.term.currentIndex() == 0:
            _select(self.term, 12)
        self._update_preview()

    def starts(self) -> date:
        day = self.starts_on.date()
        return date(day.year(), day.month(), day.day())

    @Slot()
    def _on_plan_changed(self) -> None:
        plan = self.plans.get(self.plan.currentData())
        if plan is not None:
            self.seats.setValue(plan.seats or 0)
            self.portal_url.setEnabled(plan.kind == "cloud")
        self._update_preview()

    @Slot()
    def _update_preview(self) -> None:
        plan = self.plans.get(self.plan.currentData())
        term = self.term.currentData()
        if plan is None or term is None:
            self.paid_until.setText("")
        elif not plan.paid:
            self.paid_until.setText(_("Free plan: no paid period"))
        else:
            self.paid_until.setText(format_date(store.term_end(self.starts(), term)))

    def save(self) -> Any:
        plan = self.plans.get(self.plan.currentData())
        portal = self.portal_url.text() if plan is None or plan.kind == "cloud" else None
        return store.add_subscription(
            self.client_id,
            self.plan.currentData() or 0,
            int(self.term.currentData() or 0),
            self.seats.value(),
            self.starts(),
            portal_url=portal or None,
        )


class RenewDialog(FormDialog):
    """Renew a subscription for a term; shows the new paid period first."""

    def __init__(self, subscription_id: int, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RenewDialog")
        self.subscription_id = subscription_id
        self.today = today
        self.sub = store.get_subscription(subscription_id)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.add_field("current", lambda: _("Subscription"), self.current)
        self.term = QComboBox()
        self.add_field("term_months", lambda: _("Term"), self.term)
        self.period = QLabel()
        self.period.setWordWrap(True)
        self.add_field("period", lambda: _("New paid period"), self.period)
        self.retranslate()
        self.term.currentIndexChanged.connect(self._update_preview)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Renew subscription"))
        paid = format_date(self.sub.paid_until) if self.sub.paid_until else "\u2014"
        self.current.setText(
            _("{plan} — paid until {date}").format(plan=self.sub.plan.name, date=paid)
        )
        _fill_combo(
            self.term,
            [(t, ngettext("{n} month", "{n} months", t).format(n=t)) for t in store.TERMS],
        )
        if self.term.currentIndex() == 0:
            _select(self.term, self.sub.term_months if self.sub.term_months in store.TERMS else 12)
        self._update_preview()

    @Slot()
    def _update_preview(self) -> None:
        try:
            start, end = store.renewal_preview(
                self.subscription_id, self.term.currentData(), self.today
            )
        except NotFoundError as exc:  # another desk removed it while the dialog was open
            self.period.setText(str(exc))
            return
        self.period.setText(
            _("{start} to {end}").format(start=format_date(start), end=format_date(end))
        )

    def save(self) -> Any:
        return store.renew_subscription(
            self.subscription_id, int(self.term.currentData()), self.today
        )
