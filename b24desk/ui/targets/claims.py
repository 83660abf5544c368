"""The claims part of the Partner targets tab: what the office may still claim and
what its standing risks (001 §3.4, §8, §9).

* **NFR licences to claim**: per kind, how many the status grants and how many are
  still free to claim, for how long, and whether they can be extended;
* **Kickstart bonus**: whether the office qualifies, its prerequisites as a
  checklist with the day each was met, and the last day the bonus can be used;
* **Deadlines**: the Bronze cancellation and the suspension for zero activity,
  with their dates.

Every figure comes from :func:`b24desk.store.partner_claims.claims`; the texts of
the deadlines are the Today tab's (:func:`~b24desk.store.partner_claims.deadline_texts`).
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from b24desk.domain import vocabulary
from b24desk.domain.errors import ValidationError
from b24desk.domain.partner_rules import Kickstart, NfrAllowance
from b24desk.i18n import _, format_date, format_decimal, ngettext
from b24desk.store import partner_claims
from b24desk.store.partner_claims import NfrView, PartnerClaims
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import FormDialog
from b24desk.ui.targets.common import (
    DONE,
    LATE,
    LATER,
    SOON,
    paint_row,
    tinted_label_style,
    wrapped_label,
)
from b24desk.ui.today import SEVERITY_TONES

NFR_KIND_NAMES = vocabulary.NFR_KINDS


# --------------------------------------------------------------------------- texts


def allowance_note(allowance: NfrAllowance) -> str:
    """What happens to this kind of NFR under the status (001 §8.1.2, §8.2.2)."""
    if allowance.allowed == 0:
        return _("Silver and Gold only")
    if not allowance.extendable:
        return _("Not extended; falls back to the free plan")
    if allowance.kind == "on_premise":
        return _("Extendable once, by 12 months")
    return _("Extendable")


def nfr_then(view: NfrView) -> str:
    """What follows for one licence: the rollback to free, its extension, or the end."""
    if view.falls_back_on is not None:
        if view.expired:
            return _("Back on the free plan since {date}").format(
                date=format_date(view.falls_back_on)
            )
        return _("Rolls back to the free plan on {date}").format(
            date=format_date(view.falls_back_on)
        )
    if view.extends_to is not None:
        return _("Extendable until {date}").format(date=format_date(view.extends_to))
    if view.expired:
        return _("Expired")
    return _("Ends on {date}").format(date=format_date(view.expires_on))


def kickstart_sentence(view: Kickstart, today: date) -> str:
    """The kickstart bonus in one sentence (001 §9)."""
    state = view.state(today)
    until = format_date(view.valid_until) if view.valid_until else ""
    if state == "credited":
        assert view.credited_on is not None
        return _("The kickstart bonus was credited on {date}").format(
            date=format_date(view.credited_on)
        )
    if state == "not_eligible":
        assert view.applied_on is not None
        return _(
            "Not eligible: only partners that applied after 31 Dec 2019 receive the "
            "kickstart bonus (applied on {date})."
        ).format(date=format_date(view.applied_on))
    if state == "unknown":
        return _("Record the registration date to know whether the kickstart bonus applies.")
    if state == "expired":
        return _(
            "The kickstart bonus could be used until {date}: the 90 days after the "
            "acceptance are over."
        ).format(date=until)
    if not until:
        return _("The kickstart bonus can be used for 90 days after the acceptance.")
    if state == "ready":
        return _(
            "Every prerequisite is met: apply for the kickstart bonus (usable until {date})."
        ).format(date=until)
    count = len(view.missing)
    return ngettext(
        "{count} prerequisite missing; the bonus can be used until {date}",
        "{count} prerequisites missing; the bonus can be used until {date}",
        count,
    ).format(count=count, date=until)


# --------------------------------------------------------------------------- widgets


class _Tree(QTreeWidget):
    """A list as tall as its rows (no scroll bar inside the scrolled tab)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        row = self.fontMetrics().height() + 6
        rows = max(1, self.topLevelItemCount())
        height = self.header().sizeHint().height() + row * rows + 2 * self.frameWidth() + 2
        return QSize(hint.width(), height)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


def _tree(name: str, columns: int) -> QTreeWidget:
    tree = _Tree()
    tree.setObjectName(name)
    tree.setColumnCount(columns)
    tree.setRootIsDecorated(False)
    tree.setWordWrap(True)
    tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = tree.header()
    header.setStretchLastSection(True)
    for column in range(columns - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return tree


def _add(
    tree: QTreeWidget, texts: list[str], tone: palette.Tone | None = None
) -> QTreeWidgetItem:
    item = QTreeWidgetItem(texts)
    for column, text in enumerate(texts):
        item.setToolTip(column, text)
    paint_row(item, tone)
    tree.addTopLevelItem(item)
    return item


class ClaimsPanel:
    """The widgets of the claims: the deadlines box, the kickstart box, and the
    NFR allowance list (``nfr_claims``, laid out by the tab in its NFR box)."""

    def __init__(self) -> None:
        self.claims: PartnerClaims | None = None
        self.today: date | None = None

        self.nfr_claims = QWidget()
        self.nfr_claims.setObjectName("nfrClaimsPart")
        self.nfr_tree = _tree("nfrClaims", 4)
        self.nfr_note = wrapped_label("nfrClaimsNote")
        layout = QVBoxLayout(self.nfr_claims)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nfr_tree)
        layout.addWidget(self.nfr_note)

        self.kickstart_box = QGroupBox()
        self.kickstart_box.setObjectName("kickstartBox")
        self.kickstart_label = wrapped_label("kickstartState")
        self.kickstart_tree = _tree("kickstart", 2)
        layout = QVBoxLayout(self.kickstart_box)
        layout.addWidget(self.kickstart_label)
        layout.addWidget(self.kickstart_tree)

        self.deadline_box = QGroupBox()
        self.deadline_box.setObjectName("deadlineBox")
        # Labels, not a list: the details are sentences and must wrap, not be cut.
        self.deadline_labels: list[QLabel] = []
        self.deadline_rows: list[list[str]] = []  # [title, due, details] as shown
        self.deadline_empty = wrapped_label("deadlinesEmpty")
        self._deadline_layout = QVBoxLayout(self.deadline_box)
        self._deadline_layout.setSpacing(3)
        self._deadline_layout.addWidget(self.deadline_empty)
        self.retranslate()

    def set_data(self, claims: PartnerClaims, today: date) -> None:
        self.claims, self.today = claims, today
        self._render()

    def retranslate(self) -> None:
        self.kickstart_box.setTitle(_("Kickstart bonus"))
        self.deadline_box.setTitle(_("Deadlines of the partner status"))
        self.nfr_tree.setHeaderLabels([_("NFR license"), _("May claim"), _("Runs"), _("Then")])
        self.kickstart_tree.setHeaderLabels([_("Prerequisite"), _("Done")])
        self.nfr_note.setText(
            _(
                "A cloud NFR is activated only on a free Bitrix24 account that has never "
                "bought a commercial subscription."
            )
        )
        self.deadline_empty.setText(
            _("Record the acceptance and registration dates to see these deadlines.")
        )
        self._render()

    def _render(self) -> None:
        claims, today = self.claims, self.today
        if claims is None or today is None:
            return
        self.nfr_tree.clear()
        for allowance in claims.nfr_allowances:
            months = ngettext("{count} month", "{count} months", allowance.months).format(
                count=format_decimal(allowance.months)
            )
            may = _("{count} of {allowed}").format(
                count=format_decimal(allowance.may_claim),
                allowed=format_decimal(allowance.allowed),
            )
            item = _add(
                self.nfr_tree,
                [_(NFR_KIND_NAMES[allowance.kind]), may, months, allowance_note(allowance)],
                DONE if allowance.may_claim > 0 else None,
            )
            item.setData(0, Qt.ItemDataRole.UserRole, allowance.kind)

        kick = claims.kickstart
        state = kick.state(today)
        self.kickstart_label.setText(kickstart_sentence(kick, today))
        self.kickstart_tree.clear()
        for entry in kick.items:
            tone: palette.Tone | None
            if entry.done_on is not None:
                done, tone = "\u2713 " + format_date(entry.done_on), DONE
            elif state in ("open", "expired") and kick.valid_until is not None:
                done = _("by {date}").format(date=format_date(kick.valid_until))
                tone = LATE if state == "expired" else SOON
            else:
                done, tone = "", None
            item = _add(self.kickstart_tree, [_(entry.label), done], tone)
            item.setData(0, Qt.ItemDataRole.UserRole, entry.key)

        for old in self.deadline_labels:
            self._deadline_layout.removeWidget(old)
            old.deleteLater()
        self.deadline_labels, self.deadline_rows = [], []
        for deadline in claims.deadlines:
            title, detail = partner_claims.deadline_texts(deadline, today)
            due = format_date(deadline.due_on)
            shade = DONE if deadline.met else SEVERITY_TONES.get(
                deadline.severity(today) or "", LATER
            )
            label = wrapped_label(f"deadline_{deadline.kind}")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setText(
                "<b>{title}</b> \u00b7 {due}<br>{detail}".format(
                    title=escape(title),
                    due=escape(_("due {date}").format(date=due)),
                    detail=escape(detail),
                )
            )
            label.setStyleSheet(tinted_label_style(shade))
            label.setProperty("colour", palette.background(shade).name())
            self._deadline_layout.addWidget(label)
            self.deadline_labels.append(label)
            self.deadline_rows.append([title, due, detail])
        self.deadline_empty.setVisible(not claims.deadlines)
        for tree in (self.nfr_tree, self.kickstart_tree):
            tree.updateGeometry()

    def rows(self, tree: QTreeWidget) -> list[list[str]]:
        """The texts of a tree's rows (for tests and checks)."""
        found = []
        for i in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(i)
            assert item is not None  # i is below the count
            found.append([item.text(c) for c in range(tree.columnCount())])
        return found


# --------------------------------------------------------------------------- dialog


class ExtendNfrDialog(FormDialog):
    """Extend one of the office's NFR licences (Silver and Gold, 001 §8)."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = ctx.clock.today()
        self.licence = QComboBox()
        self.licence.setObjectName("nfrToExtend")
        self._views = [v for v in partner_claims.nfr_licenses(self.today) if not v.expired]
        for view in self._views:
            self.licence.addItem("", view.id)
        self.result_label = wrapped_label("nfrExtension")
        self.add_field("extended", lambda: _("License"), self.licence)
        self.form.addRow(self.result_label)
        self.licence.currentIndexChanged.connect(self._show_result)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Extend NFR license"))
        for i, view in enumerate(self._views):
            self.licence.setItemText(
                i,
                _("{kind}: {reference} (until {date})").format(
                    kind=_(NFR_KIND_NAMES[view.kind]),
                    reference=view.reference,
                    date=format_date(view.expires_on),
                ),
            )
        self._show_result()

    @Slot()
    def _show_result(self) -> None:
        view = next((v for v in self._views if v.id == self.licence.currentData()), None)
        if view is None:
            self.result_label.setText(_("No NFR license runs today."))
        elif view.extends_to is not None:
            self.result_label.setText(
                _("Extended until {date}").format(date=format_date(view.extends_to))
            )
        else:
            self.result_label.setText(nfr_then(view))

    def selected(self) -> int | None:
        data = self.licence.currentData()
        return int(data) if data is not None else None

    def save(self) -> Any:
        nfr_id = self.selected()
        if nfr_id is None:
            raise ValidationError("extended", _("No NFR license runs today."))
        try:
            return partner_claims.extend_nfr(nfr_id, self.today)
        except ValidationError as error:  # shown beside the licence it is about
            raise ValidationError("extended", error.message) from error
