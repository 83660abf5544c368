"""Prepare renewal drafts… (issue #17.3): what would be drafted, per client, and one
click that makes the drafts.

The rules and the writing are the store's (:mod:`b24desk.store.renewals`); this
dialog shows its preview and asks it to make the checked clients' drafts.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from b24desk.i18n import _, format_date, format_money, ngettext
from b24desk.store.office import get_office
from b24desk.store.renewals import ClientRenewal, make_renewal_drafts, preview_renewal_drafts
from b24desk.ui.forms import set_accessible_name

CLIENT_ROLE = Qt.ItemDataRole.UserRole + 1


class RenewalDraftsDialog(QDialog):
    """The preview of the renewal drafts due on ``today``; "Make drafts" makes those
    of the checked clients; ``made`` holds the ids of the drafts made."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("renewalDraftsDialog")
        self.today = today
        self.made: list[int] = []
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("renewalPreview")
        self.tree.setColumnCount(3)
        self.tree.setRootIsDecorated(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.make_button = QPushButton()
        self.make_button.setObjectName("makeRenewalDrafts")
        self.buttons.addButton(self.make_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.make_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.make)
        self.buttons.rejected.connect(self.reject)
        self.tree.itemChanged.connect(self._update_button)
        self.renewals: list[ClientRenewal] = preview_renewal_drafts(today)
        self._fill()
        self.retranslate()
        self.resize(980, 460)

    def _fill(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        for renewal in self.renewals:
            top = QTreeWidgetItem(["", "", ""])
            top.setData(0, CLIENT_ROLE, renewal.client_id)
            if renewal.priced:
                top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                top.setCheckState(0, Qt.CheckState.Checked)
            else:
                top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            top.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for _item in renewal.lines:
                top.addChild(QTreeWidgetItem(["", "", ""]))
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.blockSignals(False)

    def _texts(self) -> None:
        for index, renewal in enumerate(self.renewals):
            top = self.tree.topLevelItem(index)
            if top is None:
                continue
            count = len(renewal.priced)
            top.setText(0, renewal.company)
            top.setText(
                1,
                ngettext("{count} subscription", "{count} subscriptions", count).format(
                    count=count
                )
                if count
                else _("Nothing can be drafted"),
            )
            top.setText(2, format_money(renewal.total, renewal.currency) if count else "")
            for row, item in enumerate(renewal.lines):
                child = top.child(row)
                if child is None:
                    continue
                child.setText(0, f"{item.plan_name} · {item.portal_url}".strip(" ·"))
                child.setText(
                    1,
                    ngettext(
                        "paid until {date}, renewed for {count} month",
                        "paid until {date}, renewed for {count} months",
                        item.term_months,
                    ).format(date=format_date(item.paid_until), count=item.term_months),
                )
                if item.line is None:
                    child.setText(
                        2,
                        _("no price in {currency}: not drafted").format(
                            currency=renewal.currency
                        ),
                    )
                    child.setToolTip(
                        2,
                        _("Add a {currency} price for this plan to the price list.").format(
                            currency=renewal.currency
                        ),
                    )
                else:
                    child.setText(2, "")

    def checked_clients(self) -> list[int]:
        out = []
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            if top is not None and top.checkState(0) == Qt.CheckState.Checked:
                out.append(int(top.data(0, CLIENT_ROLE)))
        return out

    @Slot()
    def _update_button(self) -> None:
        count = len(self.checked_clients())
        self.make_button.setText(
            ngettext("Make {count} draft", "Make {count} drafts", count).format(count=count)
        )
        self.make_button.setEnabled(count > 0)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Prepare renewal drafts"))
        lead = get_office().renewal_lead_days
        self.intro.setText(
            ngettext(
                "Subscriptions whose paid period ends within {count} day, or that are in "
                "their grace period, and have no renewal draft yet: one draft invoice per "
                "client at today's prices with the client's discount.",
                "Subscriptions whose paid period ends within {count} days, or that are in "
                "their grace period, and have no renewal draft yet: one draft invoice per "
                "client at today's prices with the client's discount.",
                lead,
            ).format(count=lead)
        )
        self.tree.setHeaderLabels([_("Client"), _("Subscriptions"), _("Total")])
        set_accessible_name(self.tree, _("Renewal drafts to make"))
        self.empty.setText(_("No renewal is due without a draft."))
        self.empty.setVisible(not self.renewals)
        self.tree.setVisible(bool(self.renewals))
        self._texts()
        self._update_button()
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), 460))

    @Slot()
    def make(self) -> None:
        """Make the checked clients' drafts (a period another desk drafted meanwhile
        is skipped by the store) and close."""
        self.made = make_renewal_drafts(self.today, self.checked_clients())
        self.accept()
