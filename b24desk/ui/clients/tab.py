"""The Clients tab: the office's clients, their portals' lifecycle and history.

The table comes from :func:`b24desk.store.clients.client_listing` (sorted, searched
and filtered in SQL); the detail pane shows one client's details with its
subscriptions, coupons, invoices, tickets and activity log.  Dialogs edit clients
and add or renew subscriptions; the renewal reminder opens the mail program with a
text written in the client's document language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from b24desk.domain import vocabulary
from b24desk.domain.vocabulary import label
from b24desk.i18n import (
    LANGUAGES,
    _,
    babel_locale,
    format_date,
    format_datetime,
    format_money,
    ngettext,
)
from b24desk.store import clients as store
from b24desk.store import events
from b24desk.store.clients import ClientRow
from b24desk.store.errors import NotFoundError
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import WARNING_STYLE, FormDialog, confirm
from b24desk.ui.listtab import FilterSpec, ListTab
from b24desk.ui.table import Column

# --------------------------------------------------------------------------- words

#: The palette tone of each lifecycle state (tinted into the style's base colour).
STATE_TONES: dict[str, palette.Tone] = {
    "active": "ok",
    "grace": "warning",
    "free": "muted",
    "frozen": "cold",
    "deleted": "danger",
}


def state_background(state: str | None) -> QColor | None:
    """The background of a lifecycle state, taken from the current palette."""
    tone = STATE_TONES.get(state or "")
    return palette.background(tone) if tone else None







#: Currencies offered first in the client dialog (any ISO code may be typed).
COMMON_CURRENCIES = (
    "NZD", "AUD", "USD", "EUR", "GBP", "RUB", "MXN", "BRL", "COP", "ARS", "CLP", "PEN",
    "KZT", "BYN", "UAH",
)  # fmt: skip

_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})

OpenUrl = Callable[[str], Any]
DialogRunner = Callable[[QDialog], bool]


def state_name(state: str | None) -> str:
    return label(vocabulary.LIFECYCLE_STATES, state) if state else ""


def country_name(code: str) -> str:
    return babel_locale().territories.get(code, code)


def countries() -> list[tuple[str, str]]:
    """``(code, name)`` of every country, sorted by name in the desk language."""
    names = babel_locale().territories
    pairs = [
        (code, name)
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    ]
    return sorted(pairs, key=lambda p: p[1].casefold())


def reminder_text(stage: int | None) -> str:
    if stage is None:
        return ""
    if stage == 0:
        return _("Last-day reminder due")
    return ngettext("{days}-day reminder due", "{days}-day reminder due", stage).format(days=stage)


def _open_url(url: str) -> None:
    QDesktopServices.openUrl(QUrl(url))


def _run_dialog(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


# --------------------------------------------------------------------------- table


def _state_display(row: ClientRow) -> str:
    if row.state is not None:
        return state_name(row.state)
    if row.subscription_kind == "on_premise":
        return _("On-premise")
    return ""


def state_until_text(state: str | None, until: date | None) -> str | None:
    """What the state means for the portal, with the date it lasts to."""
    if state is None:
        return None
    if until is None:
        return {
            "free": _("Free plan, with no known date of freezing"),
            "deleted": _("The portal has been deleted"),
        }.get(state)
    texts = {
        "active": _("Paid until {date}"),
        "grace": _("Grace period until {date}, then the free plan"),
        "free": _("Free plan; frozen after {date} unless someone logs in"),
        "frozen": _("Frozen; deleted after {date} unless an administrator logs in"),
    }
    return texts[state].format(date=format_date(until)) if state in texts else None


def _state_tooltip(row: ClientRow) -> str | None:
    return state_until_text(row.state, row.state_until)


def _state_until_text(sub: dict[str, Any]) -> str:
    return state_until_text(sub["state"], sub["state_until"]) or ""


def client_columns() -> list[Column]:
    return [
        Column("company", lambda: _("Company"), lambda r: r.company),
        Column(
            "country",
            lambda: _("Country"),
            lambda r: r.country,
            tooltip=lambda r: country_name(r.country),
        ),
        Column("plan", lambda: _("Plan"), lambda r: r.plan_name or ""),
        Column(
            "seats",
            lambda: _("Seats"),
            lambda r: "" if r.seats is None else str(r.seats),
            align_right=True,
        ),
        Column(
            "paid_until",
            lambda: _("Paid until"),
            lambda r: format_date(r.paid_until) if r.paid_until else "",
        ),
        Column(
            "state",
            lambda: _("State"),
            _state_display,
            tooltip=_state_tooltip,
            background=lambda r: state_background(r.state),
            foreground=lambda r: palette.text() if r.state in STATE_TONES else None,
            header_tooltip=lambda: _("Lifecycle of the current cloud subscription"),
        ),
        Column(
            "doc_language",
            lambda: _("Language"),
            lambda r: LANGUAGES.get(r.doc_language, r.doc_language),
            header_tooltip=lambda: _("The client's document language: invoices and reminders"),
        ),
        Column("currency", lambda: _("Currency"), lambda r: r.currency),
        Column(
            "open_tickets",
            lambda: _("Open tickets"),
            lambda r: str(r.open_tickets),
            align_right=True,
        ),
        Column(
            "amount_due",
            lambda: _("Amount due"),
            lambda r: format_money(r.amount_due, r.currency),
            align_right=True,
            header_tooltip=lambda: _("Unpaid issued invoices in the client's currency"),
        ),
    ]


def client_filters() -> list[FilterSpec]:
    return [
        FilterSpec(
            "archived",
            lambda: _("Show:"),
            lambda: [
                ("active", _("Active clients")),
                ("archived", _("Archived clients")),
                ("all", _("All clients")),
            ],
        ),
        FilterSpec(
            "state",
            lambda: _("State:"),
            lambda: [(None, _("Any state"))] + [(s, state_name(s)) for s in store.LIFECYCLE_STATES],
        ),
        FilterSpec(
            "country",
            lambda: _("Country:"),
            lambda: (
                [(None, _("All countries"))]
                + [(c, f"{country_name(c)} ({c})") for c in store.client_countries()]
            ),
        ),
    ]


# --------------------------------------------------------------------------- dialogs


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
        self.company = self.add_field("company", lambda: _("Company"), QLineEdit())
        self.contact_person = self.add_field(
            "contact_person", lambda: _("Contact person"), QLineEdit()
        )
        self.email = self.add_field("email", lambda: _("E-mail"), QLineEdit())
        self.phone = self.add_field("phone", lambda: _("Phone"), QLineEdit())
        self.country = self.add_field("country", lambda: _("Country"), QComboBox())
        self.address = self.add_field("address", lambda: _("Address"), _multiline(2))
        self.tax_id = self.add_field("tax_id", lambda: _("Tax id"), QLineEdit())
        self.portal_url = self.add_field("portal_url", lambda: _("Portal address"), QLineEdit())
        self.doc_language = self.add_field(
            "doc_language", lambda: _("Document language"), QComboBox()
        )
        for code, name in LANGUAGES.items():
            self.doc_language.addItem(name, code)  # each language in its own name
        self.currency = self.add_field("currency", lambda: _("Currency"), QComboBox())
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
        for box in (self.non_profit, self.affiliated, self.new_client):
            flags_box.addWidget(box)
        self.add_field("flags", lambda: _("Flags"), flags)
        self.linked_via = self.add_field("linked_via", lambda: _("Linked via"), QComboBox())

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
        self.notes = self.add_field("notes", lambda: _("Notes"), _multiline(3))

        self.retranslate()
        self._load()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.email.textChanged.connect(self._on_email_changed)

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
        _select(self.linked_via, values["linked_via"])
        self.support_commercial.setChecked(values["support_commercial"])
        _select(self.hosting, values["hosting"])
        self.notes.setPlainText(values["notes"])
        self._on_email_changed(values["email"])
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
        self.plan = self.add_field("plan", lambda: _("Plan"), QComboBox())
        self.term = self.add_field("term_months", lambda: _("Term"), QComboBox())
        self.seats = self.add_field("seats", lambda: _("Seats"), QSpinBox())
        self.seats.setRange(0, 1_000_000)
        self.starts_on = self.add_field("starts_on", lambda: _("Start date"), QDateEdit())
        self.starts_on.setCalendarPopup(True)
        self.starts_on.setDate(QDate(today.year, today.month, today.day))
        self.portal_url = self.add_field("portal_url", lambda: _("Portal address"), QLineEdit())
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
        return self.starts_on.date().toPython()

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
        self.term = self.add_field("term_months", lambda: _("Term"), QComboBox())
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
        start, end = store.renewal_preview(
            self.subscription_id, self.term.currentData(), self.today
        )
        self.period.setText(
            _("{start} to {end}").format(start=format_date(start), end=format_date(end))
        )

    def save(self) -> Any:
        return store.renew_subscription(
            self.subscription_id, int(self.term.currentData()), self.today
        )


# --------------------------------------------------------------------------- detail pane


def _table(object_name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(object_name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def _fill_table(
    table: QTableWidget,
    headers: list[str],
    rows: list[list[str]],
    ids: list[int] | None = None,
    backgrounds: dict[tuple[int, int], QColor] | None = None,
    right: tuple[int, ...] = (),
    tooltips: dict[tuple[int, int], str] | None = None,
) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            if ids is not None:
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            if backgrounds and (r, c) in backgrounds:
                item.setBackground(QBrush(backgrounds[(r, c)]))
                item.setForeground(QBrush(palette.text()))
            if tooltips and tooltips.get((r, c)):
                item.setToolTip(tooltips[(r, c)])
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


class ClientDetailPane(QWidget):
    """One client's details, with tabs for its history."""

    renewRequested = Signal(int)
    reminderRequested = Signal(int)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientDetail")
        self.ctx = ctx
        self.client_id: int | None = None
        self.detail: store.ClientDetail | None = None

        self.stack = QStackedWidget()
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.empty)

        content = QWidget()
        self.title = QLabel()
        self.title.setObjectName("clientTitle")
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        self.warning = QLabel()
        self.warning.setObjectName("clientDomainWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()

        info = QWidget()
        self.info_form = QFormLayout(info)
        self.info_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.info_keys = (
            "contact_person", "email", "phone", "country", "address", "tax_id", "portal_url",
            "doc_language", "currency", "flags", "support", "notes",
        )  # fmt: skip
        self.info_labels: dict[str, QLabel] = {}
        self.info_values: dict[str, QLabel] = {}
        for key in self.info_keys:
            label, value = QLabel(), QLabel()
            value.setObjectName(f"detail_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.info_labels[key], self.info_values[key] = label, value
            self.info_form.addRow(label, value)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(info)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("clientHistory")
        self.subscriptions = _table("clientSubscriptions")
        self.renew_button = QPushButton()
        self.renew_button.setObjectName("detailRenew")
        self.reminder_button = QPushButton()
        self.reminder_button.setObjectName("detailReminder")
        subs_page = QWidget()
        subs_box = QVBoxLayout(subs_page)
        subs_box.setContentsMargins(0, 0, 0, 0)
        subs_box.addWidget(self.subscriptions, 1)
        subs_buttons = QHBoxLayout()
        subs_buttons.addStretch(1)
        subs_buttons.addWidget(self.renew_button)
        subs_buttons.addWidget(self.reminder_button)
        subs_box.addLayout(subs_buttons)
        self.coupons = _table("clientCoupons")
        self.invoices = _table("clientInvoices")
        self.tickets = _table("clientTickets")
        self.activity = _table("clientActivity")
        for page in (subs_page, self.coupons, self.invoices, self.tickets, self.activity):
            self.tabs.addTab(page, "")

        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(scroll)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        box = QVBoxLayout(content)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self.warning)
        box.addWidget(split, 1)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._connect_signals()
        self.retranslate()

    def _connect_signals(self) -> None:
        self.renew_button.clicked.connect(self._on_renew)
        self.reminder_button.clicked.connect(self._on_reminder)
        self.subscriptions.itemSelectionChanged.connect(self._update_buttons)
        self.subscriptions.itemDoubleClicked.connect(self._on_renew)
        self.ctx.language.changed.connect(self.retranslate)

    def selected_subscription(self) -> dict[str, Any] | None:
        if self.detail is None:
            return None
        row = self.subscriptions.currentRow()
        if not 0 <= row < len(self.detail.subscriptions):
            return None
        return self.detail.subscriptions[row]

    @Slot()
    def _update_buttons(self) -> None:
        sub = self.selected_subscription()
        self.renew_button.setEnabled(sub is not None and not sub["archived"])
        self.reminder_button.setEnabled(
            sub is not None and sub["paid_until"] is not None and not sub["archived"]
        )

    @Slot()
    def _on_renew(self, *_args: object) -> None:
        sub = self.selected_subscription()
        if sub is not None and not sub["archived"]:
            self.renewRequested.emit(sub["id"])

    @Slot()
    def _on_reminder(self) -> None:
        sub = self.selected_subscription()
        if sub is not None and sub["paid_until"] is not None:
            self.reminderRequested.emit(sub["id"])

    def show_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self.detail = None
        if client_id is not None:
            try:
                self.detail = store.client_detail(client_id, today=self.ctx.clock.today())
            except NotFoundError:
                self.detail = None
        self._render()

    def _render(self) -> None:
        detail = self.detail
        if detail is None:
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        c = detail.client
        title = c.company + (" " + _("(archived)") if c.archived else "")
        self.title.setText(title)
        warning = store.office_domain_warning(c.email)
        self.warning.setText(warning or "")
        self.warning.setVisible(bool(warning))
        flags = [
            text
            for on, text in (
                (c.non_profit, _("Non-profit")),
                (c.affiliated, _("Affiliated / own entity")),
                (c.new_client, _("New client")),
            )
            if on
        ]
        if c.linked_via != "none":
            flags.append(label(vocabulary.LINKED_VIA, c.linked_via))
        support = (_("Commercial") if c.support_commercial else _("Non-commercial")) + ", "
        support += label(vocabulary.HOSTINGS, c.hosting)
        values = {
            "contact_person": c.contact_person,
            "email": c.email,
            "phone": c.phone,
            "country": f"{country_name(c.country)} ({c.country})",
            "address": c.address,
            "tax_id": c.tax_id,
            "portal_url": c.portal_url,
            "doc_language": LANGUAGES.get(c.doc_language, c.doc_language),
            "currency": c.currency,
            "flags": ", ".join(flags),
            "support": support,
            "notes": c.notes,
        }
        for key, value in values.items():
            self.info_values[key].setText(value or "\u2014")
        self._render_history(detail)

    def _render_history(self, detail: store.ClientDetail) -> None:
        def d(value: date | None) -> str:
            return format_date(value) if value else ""

        subs = detail.subscriptions
        colours = {
            (r, 1): state_background(s["state"])
            for r, s in enumerate(subs)
            if s["state"] in STATE_TONES
        }
        kinds = {"cloud": _("cloud"), "on_premise": _("on-premise")}
        _fill_table(
            self.subscriptions,
            [
                _("Plan"), _("State"), _("Paid until"), _("Reminder"), _("Seats"), _("Term"),
                _("Portal"),
            ],
            [
                [
                    s["plan"] + (" (" + _("archived") + ")" if s["archived"] else ""),
                    state_name(s["state"]),
                    d(s["paid_until"]),
                    reminder_text(s["reminder"]),
                    str(s["seats"]),
                    ngettext("{n} month", "{n} months", s["term_months"]).format(
                        n=s["term_months"]
                    ),
                    s["portal_url"] or kinds.get(s["kind"], s["kind"]),
                ]
                for s in subs
            ],
            ids=[s["id"] for s in subs],
            backgrounds=colours,
            tooltips={(r, 1): _state_until_text(s) for r, s in enumerate(subs) if s["state"]},
            right=(4,),
        )  # fmt: skip
        if subs:
            self.subscriptions.selectRow(0)
        self._update_buttons()
        _fill_table(
            self.coupons,
            [_("Code"), _("Plan"), _("State"), _("Purchased"), _("Activated")],
            [
                [
                    c["code"],
                    c["plan"],
                    label(vocabulary.COUPON_STATES, c["state"]),
                    d(c["purchased_on"]),
                    d(c["activated_on"]),
                ]
                for c in detail.coupons
            ],
        )
        _fill_table(
            self.invoices,
            [_("Number"), _("State"), _("Issued"), _("Due date"), _("Total"), _("Due")],
            [
                [
                    i["number"] or (_("Credit note") if i["kind"] == "credit_note" else _("Draft")),
                    label(vocabulary.INVOICE_STATES, i["state"]),
                    d(i["issue_date"]),
                    d(i["due_date"]),
                    format_money(i["total"], i["currency"]),
                    format_money(i["due"], i["currency"]) if i["due"] else "",
                ]
                for i in detail.invoices
            ],
            right=(4, 5),
        )
        _fill_table(
            self.tickets,
            [_("Ticket"), _("Subject"), _("Status"), _("Created")],
            [
                [
                    t["tid"],
                    t["subject"],
                    label(vocabulary.TICKET_STATUSES, t["status"]),
                    format_datetime(t["created_at"]),
                ]
                for t in detail.tickets
            ],
        )
        _fill_table(
            self.activity,
            [_("When"), _("What")],
            [[format_datetime(a["at"]), a["message"]] for a in detail.activity],
        )
        counts = (
            len(subs),
            len(detail.coupons),
            len(detail.invoices),
            sum(1 for t in detail.tickets if t["open"]),
            len(detail.activity),
        )
        self._retitle_tabs(counts)

    def _retitle_tabs(self, counts: tuple[int, ...] | None = None) -> None:
        titles = [
            _("Subscriptions"), _("Coupons"), _("Invoices"), _("Tickets"), _("Activity"),
        ]  # fmt: skip
        for i, title in enumerate(titles):
            if counts is not None and i < 4 and counts[i]:
                if i == 3:
                    title = _("{title} ({count} open)").format(title=title, count=counts[i])
                else:
                    title = f"{title} ({counts[i]})"
            self.tabs.setTabText(i, title)

    @Slot()
    def retranslate(self) -> None:
        self.empty.setText(_("Choose a client to see its details and history."))
        names = {
            "contact_person": _("Contact"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "country": _("Country"),
            "address": _("Address"),
            "tax_id": _("Tax id"),
            "portal_url": _("Portal"),
            "doc_language": _("Document language"),
            "currency": _("Currency"),
            "flags": _("Flags"),
            "support": _("Support"),
            "notes": _("Notes"),
        }
        for key, widget in self.info_labels.items():
            widget.setText(names[key])
        self.renew_button.setText(_("Renew…"))
        self.renew_button.setToolTip(_("Renew the chosen subscription"))
        self.reminder_button.setText(_("Renewal reminder…"))
        if hasattr(self, "invoice_button"):
            self.invoice_button.setText(_("Invoice…"))
            self.invoice_button.setToolTip(_("Write an invoice for this client"))
        self.reminder_button.setToolTip(
            _("Write a renewal reminder e-mail in the client's language")
        )
        self._retitle_tabs()
        self._render()


# --------------------------------------------------------------------------- the tab


class ClientsTab(ListTab):
    """The Clients tab (``build_tab``): table, filters, actions and detail pane."""

    #: ``(client_id, lines)``: write an invoice (the main window opens the editor).
    invoiceRequested = Signal(int, object)

    def __init__(
        self,
        ctx: DeskContext,
        open_url: OpenUrl | None = None,
        run_dialog: DialogRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        detail = ClientDetailPane(ctx)
        super().__init__(
            "clients",
            ctx,
            store.client_listing(ctx.clock.today),
            client_columns(),
            entities=[
                events.CLIENTS,
                events.SUBSCRIPTIONS,
                events.TICKETS,
                events.INVOICES,
                events.COUPONS,
                events.OFFICE,
                events.PRICES,
            ],
            filters=client_filters(),
            detail=detail,
            parent=parent,
        )
        self.detail_pane = detail
        #: Opens a URL (the mail program for reminders); tests capture it instead.
        self.open_url: OpenUrl = open_url or _open_url
        #: Shows a dialog modally and says whether it was accepted; tests replace it.
        self.run_dialog: DialogRunner = run_dialog or _run_dialog

        self.new_button = QPushButton()
        self.new_button.setObjectName("clientsNew")
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("clientsEdit")
        self.archive_button = QPushButton()
        self.archive_button.setObjectName("clientsArchive")
        self.subscription_button = QPushButton()
        self.subscription_button.setObjectName("clientsNewSubscription")
        self.renew_button = QPushButton()
        self.renew_button.setObjectName("clientsRenew")
        self.reminder_button = QPushButton()
        self.reminder_button.setObjectName("clientsReminder")
        self.invoice_button = QPushButton()
        self.invoice_button.setObjectName("clientsInvoice")
        for button in (
            self.new_button,
            self.edit_button,
            self.archive_button,
            self.subscription_button,
            self.renew_button,
            self.reminder_button,
            self.invoice_button,
        ):
            self.add_button(button)
        self.set_open_handler(self.edit_client)
        self.reveal_text = lambda client_id: store.get_client(client_id).company
        self._built = True
        self._connect_tab_signals()
        # ListTab starts its model unfiltered; the "archived" filter's first choice
        # ("active clients") is a value, not "all", so apply the boxes' values now.
        self._apply_filter_boxes()
        # The table has ten columns: give it more of the width than ListTab's 3:2.
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        header = self.view.horizontalHeader()
        if header.sortIndicatorSection() < 0:
            # setSortingEnabled() left the model sorted by column 0 *descending*
            # while no indicator shows (LazyTableModel.sort ignores -1): sort the
            # way it looks, by company.
            self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.retranslate()

    def _connect_tab_signals(self) -> None:
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_current)
        self.archive_button.clicked.connect(self.archive_or_restore)
        self.subscription_button.clicked.connect(self.new_subscription)
        self.renew_button.clicked.connect(self.renew_current)
        self.reminder_button.clicked.connect(self.send_reminder)
        self.invoice_button.clicked.connect(self._request_invoice)
        self.currentChanged.connect(self._on_current_client)
        self.detail_pane.renewRequested.connect(self.renew_subscription)
        self.detail_pane.reminderRequested.connect(self._on_detail_reminder)
        self.ctx.signals.changed.connect(self._on_entities_changed)
        self.ctx.language.changed.connect(self.retranslate)

    # -- state ------------------------------------------------------------------------

    def _apply_filter_boxes(self) -> None:
        self.model.set_filters({k: box.currentData() for k, box in self.filter_boxes.items()})

    def current_row(self) -> ClientRow | None:
        index = self.view.currentIndex()
        return self.model.row_object(index.row()) if index.isValid() else None

    def _request_invoice(self) -> None:
        client_id = self.current_id()
        if client_id is not None:
            self.invoiceRequested.emit(client_id, [])

    def _update_buttons(self) -> None:
        row = self.current_row()
        has = row is not None
        self.edit_button.setEnabled(has)
        self.archive_button.setEnabled(has)
        self.subscription_button.setEnabled(has and not row.archived)
        self.renew_button.setEnabled(has and row.subscription_id is not None)
        self.reminder_button.setEnabled(has and row.paid_until is not None)
        self.invoice_button.setEnabled(has and not row.archived)
        archived = has and row.archived
        self.archive_button.setText(_("Restore") if archived else _("Archive…"))
        self.archive_button.setToolTip(
            _("Bring the client back to the everyday lists")
            if archived
            else _("Hide the client from the everyday lists; its history stays")
        )

    @Slot(object)
    def _on_current_client(self, client_id: int | None) -> None:
        self.detail_pane.show_client(client_id)
        self._update_buttons()

    @Slot(str)
    def _on_entities_changed(self, entity: str) -> None:
        if entity in self.entities:
            self._fill_filters()  # a new country may have appeared
            self._apply_filter_boxes()

    def retranslate(self) -> None:
        super().retranslate()
        if not getattr(self, "_built", False):
            return  # called by ListTab.__init__ before the buttons exist
        self.new_button.setText(_("New client…"))
        self.new_button.setToolTip(_("Add a client (Ctrl+N)"))
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(_("Edit the chosen client (Enter)"))
        self.subscription_button.setText(_("New subscription…"))
        self.subscription_button.setToolTip(_("Add a cloud plan or an on-premise license"))
        self.renew_button.setText(_("Renew…"))
        self.renew_button.setToolTip(_("Renew the client's current subscription"))
        self.reminder_button.setText(_("Renewal reminder…"))
        if hasattr(self, "invoice_button"):
            self.invoice_button.setText(_("Invoice…"))
            self.invoice_button.setToolTip(_("Write an invoice for this client"))
        self.reminder_button.setToolTip(
            _("Write a renewal reminder e-mail in the client's document language")
        )
        self._update_buttons()
        self.detail_pane.retranslate()

    # -- actions ----------------------------------------------------------------------

    def _select_after_save(self, client_id: int) -> None:
        if self.model.rowCount():
            self.model.row_object(0)
        self.select_id(client_id)

    @Slot()
    def new_record(self) -> None:
        dialog = ClientDialog(self)
        if self.run_dialog(dialog):
            self._select_after_save(dialog.result_value.id)

    @Slot()
    def edit_current(self) -> None:
        client_id = self.current_id()
        if client_id is not None:
            self.edit_client(client_id)

    def edit_client(self, client_id: int) -> None:
        dialog = ClientDialog(self, client_id=client_id)
        if self.run_dialog(dialog):
            self._select_after_save(client_id)

    @Slot()
    def archive_or_restore(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if row.archived:
            store.restore_client(row.id)
            return
        if confirm(
            self,
            _("Archive client"),
            _(
                "Archive {company}? The client disappears from the everyday lists; its "
                "subscriptions, invoices and tickets stay, and it can be restored."
            ).format(company=row.company),
            _("Archive"),
        ):
            store.archive_client(row.id)

    @Slot()
    def new_subscription(self) -> None:
        client_id = self.current_id()
        if client_id is None:
            return
        dialog = SubscriptionDialog(client_id, self.ctx.clock.today(), self)
        if self.run_dialog(dialog):
            self._select_after_save(client_id)

    @Slot()
    def renew_current(self) -> None:
        row = self.current_row()
        if row is not None and row.subscription_id is not None:
            self.renew_subscription(row.subscription_id)

    @Slot(int)
    def renew_subscription(self, subscription_id: int) -> None:
        keep = self.current_id()
        dialog = RenewDialog(subscription_id, self.ctx.clock.today(), self)
        if self.run_dialog(dialog) and keep is not None:
            self._select_after_save(keep)

    @Slot()
    def send_reminder(self) -> None:
        client_id = self.current_id()
        if client_id is not None:
            self.reminder(client_id)

    @Slot(int)
    def _on_detail_reminder(self, subscription_id: int) -> None:
        if self.detail_pane.client_id is not None:
            self.reminder(self.detail_pane.client_id, subscription_id)

    def reminder(self, client_id: int, subscription_id: int | None = None) -> str | None:
        """Open the mail program with a renewal reminder; returns the mailto: URL."""
        mail = store.renewal_reminder_mail(client_id, self.ctx.clock.today(), subscription_id)
        if mail is None:
            QMessageBox.information(
                self,
                _("Renewal reminder"),
                _("This client has no paid subscription to renew."),
            )
            return None
        to, subject, body = mail
        url = store.mailto_url(to, subject, body)
        self.open_url(url)
        store.log_activity(
            client_id,
            "reminder",
            _("Renewal reminder written: {subject}").format(subject=subject),
        )
        return url


def build_tab(ctx: DeskContext) -> ClientsTab:
    """The Clients tab for the main window."""
    return ClientsTab(ctx)
