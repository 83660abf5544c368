"""The small dialogs of the Partner targets tab that record what the vendor
confirms: the status, the acceptance, a course, a bonus, points, a requirement
and an NFR license."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from b24desk.domain import vocabulary
from b24desk.domain.targets import STATUS_NAMES
from b24desk.i18n import N_, _, format_date
from b24desk.store import partner
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import FormDialog
from b24desk.ui.targets.common import date_edit, pydate, qdate, status_name


class _PartnerDialog(FormDialog):
    """A small form that records one fact of the partner profile."""

    title_text = N_("Partner profile")

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = ctx.clock.today()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_(self.title_text))


class ChangeStatusDialog(_PartnerDialog):
    title_text = N_("Change partner status")

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        profile = partner.partner_profile()
        self.version = profile.version
        self.status = QComboBox()
        for key in STATUS_NAMES:
            self.status.addItem("", key)
        self.status.setCurrentIndex(list(STATUS_NAMES).index(profile.status))
        self.confirmed_on = date_edit(self.today)
        self.note = QLineEdit()
        self.add_field("status", lambda: _("Status"), self.status)
        self.add_field("confirmed_on", lambda: _("Confirmed on"), self.confirmed_on)
        self.add_field("note", lambda: _("Note"), self.note)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        for i in range(self.status.count()):
            self.status.setItemText(i, status_name(self.status.itemData(i)))
        self.note.setPlaceholderText(_("e.g. confirmed by the partner manager"))

    def save(self) -> Any:
        return partner.change_status(
            self.status.currentData(),
            pydate(self.confirmed_on),
            self.note.text(),
            expected_version=self.version,
        )


class AcceptedOnDialog(_PartnerDialog):
    title_text = N_("Acceptance into the programme")

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        profile = partner.partner_profile()
        self.version = profile.version
        self.accepted_on = date_edit(profile.accepted_on or self.today)
        self.registered_on = date_edit(
            profile.registered_on or profile.accepted_on or self.today
        )
        self.add_field("accepted_on", lambda: _("Accepted on"), self.accepted_on)
        self.add_field("registered_on", lambda: _("Registered (applied) on"), self.registered_on)
        self.retranslate()

    def save(self) -> Any:
        return partner.set_accepted_on(
            pydate(self.accepted_on),
            registered_on=pydate(self.registered_on),
            expected_version=self.version,
        )


class CourseDialog(_PartnerDialog):
    title_text = N_("Course completed")

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.course = QComboBox()
        for key in vocabulary.COURSES:
            self.course.addItem("", key)
        self.completed_on = date_edit(self.today)
        self.add_field("course", lambda: _("Course"), self.course)
        self.add_field("completed_on", lambda: _("Completed on"), self.completed_on)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        for i in range(self.course.count()):
            self.course.setItemText(i, _(vocabulary.COURSES[self.course.itemData(i)]))

    def save(self) -> Any:
        return partner.complete_course(self.course.currentData(), pydate(self.completed_on))


class BonusDialog(_PartnerDialog):
    title_text = N_("Add bonus")

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.accepted_on = partner.partner_profile().accepted_on
        self.kind = QComboBox()
        for key in vocabulary.BONUS_KINDS:
            self.kind.addItem("", key)
        self.amount = QLineEdit("1000")
        self.currency = QComboBox()
        for code in partner.TARGET_CURRENCIES:
            self.currency.addItem(code, code)  # currency codes are not translated
        self.credited_on = date_edit(self.today)
        self.expiry = QLabel()
        self.expiry.setObjectName("bonusExpiry")
        self.expiry.setWordWrap(True)
        self.add_field("kind", lambda: _("Kind"), self.kind)
        self.add_field("amount", lambda: _("Amount"), self.amount)
        self.add_field("currency", lambda: _("Currency"), self.currency)
        self.add_field("credited_on", lambda: _("Credited on"), self.credited_on)
        self.form.addRow(self.expiry)
        self.kind.currentIndexChanged.connect(self._show_expiry)
        self.credited_on.dateChanged.connect(self._show_expiry)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        for i in range(self.kind.count()):
            self.kind.setItemText(i, _(vocabulary.BONUS_KINDS[self.kind.itemData(i)]))
        self._show_expiry()

    @Slot()
    def _show_expiry(self) -> None:
        expires = partner.bonus_expiry(
            self.kind.currentData(), pydate(self.credited_on), self.accepted_on
        )
        self.expiry.setText(_("Valid until {date}").format(date=format_date(expires)))

    def save(self) -> Any:
        return partner.add_bonus(
            self.kind.currentData(),
            self.amount.text(),
            self.currency.currentData(),
            pydate(self.credited_on),
        )


class PointsDialog(_PartnerDialog):
    title_text = N_("Add partner points")

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.allocated_on = date_edit(self.today)
        self.points = QSpinBox()
        self.points.setRange(0, 1_000_000)
        self.points.setValue(10)
        self.reason = QLineEdit()
        self.add_field("allocated_on", lambda: _("Allocated on"), self.allocated_on)
        self.add_field("points", lambda: _("Points"), self.points)
        self.add_field("reason", lambda: _("Reason"), self.reason)
        self.retranslate()

    def save(self) -> Any:
        return partner.add_points(
            pydate(self.allocated_on), self.points.value(), self.reason.text()
        )


class RequirementDialog(_PartnerDialog):
    title_text = N_("Mark requirement done")

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        items = partner.checklist(self.today)
        self.key = QComboBox()
        seen: set[str] = set()
        # Open items first, then the rest (a later date can replace an earlier one).
        for item in sorted(items, key=lambda i: i.done):
            if item.key in seen:
                continue
            seen.add(item.key)
            self.key.addItem("", item.key)
        self._labels = {item.key: item.label for item in items}
        self.done_on = date_edit(self.today)
        self.add_field("key", lambda: _("Requirement"), self.key)
        self.add_field("done_on", lambda: _("Done on"), self.done_on)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        for i in range(self.key.count()):
            self.key.setItemText(i, _(self._labels[self.key.itemData(i)]))

    def save(self) -> Any:
        return partner.set_requirement_done(self.key.currentData(), pydate(self.done_on))


class NfrDialog(_PartnerDialog):
    title_text = N_("Add NFR license")

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.kind = QComboBox()
        for key in vocabulary.NFR_KINDS:
            self.kind.addItem("", key)
        self.reference = QLineEdit()
        self.starts_on = date_edit(self.today)
        self.expires_on = date_edit(partner.nfr_default_expiry("cloud", self.today))
        self.add_field("kind", lambda: _("Kind"), self.kind)
        self.add_field("reference", lambda: _("Portal or key"), self.reference)
        self.add_field("starts_on", lambda: _("Starts on"), self.starts_on)
        self.add_field("expires_on", lambda: _("Expires on"), self.expires_on)
        self.kind.currentIndexChanged.connect(self._default_expiry)
        self.starts_on.dateChanged.connect(self._default_expiry)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        for i in range(self.kind.count()):
            self.kind.setItemText(i, _(vocabulary.NFR_KINDS[self.kind.itemData(i)]))
        self.reference.setPlaceholderText(
            _("https://yourcompany.bitrix24.com")
            if self.kind.currentData() == "cloud"
            else _("The NFR activation key")
        )

    @Slot()
    def _default_expiry(self) -> None:
        start = pydate(self.starts_on)
        self.expires_on.setDate(qdate(partner.nfr_default_expiry(self.kind.currentData(), start)))
        self.retranslate()

    def save(self) -> Any:
        return partner.add_nfr(
            self.kind.currentData(),
            self.reference.text(),
            pydate(self.starts_on),
            pydate(self.expires_on),
        )
