"""The Today tab: what needs doing, each row a link to its record."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from b24desk.i18n import _, format_date, ngettext
from b24desk.store import events
from b24desk.store.coupons import activate_due_onprem_keys
from b24desk.store.office import business_calendar, get_office
from b24desk.store.outbox import OUTBOX
from b24desk.store.today import TodayItem, TodayReport, section_title, today_items
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.operation import Operation
from b24desk.ui.renewal_drafts import RenewalDraftsDialog

SEVERITY_TONES: dict[str, palette.Tone] = {"danger": "danger", "warning": "warning", "info": "info"}
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
#: A section longer than this starts collapsed to its first rows and a "show all" row.
COLLAPSED_ROWS = 20
#: KIND_ROLE of the "show all N" row (its ID_ROLE is the section).
SHOW_ALL = "show_all"


class WrappedDetails(QStyledItemDelegate):
    """The details column's cells: as tall as their text wrapped to the column."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        wrapped = QStyleOptionViewItem(option)
        # The view asks with an empty rectangle: the style then measures one long line.
        wrapped.rect = QRect(0, 0, self.tree.columnWidth(index.column()), 1 << 16)
        return super().sizeHint(wrapped, index)


class TodayTree(QTreeWidget):
    """Enter opens the current row, as a double-click does.

    The details wrap rather than elide: a row is a sentence to read, and the whole
    of it shows without hovering (its tooltip holds it too); a row's height follows
    the column's width.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setItemDelegateForColumn(1, WrappedDetails(self))
        self.header().sectionResized.connect(self._relayout)

    @Slot()
    def _relayout(self) -> None:
        # Wrapped rows are as tall as their text at the column's new width.
        self.scheduleDelayedItemsLayout()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.itemActivated.emit(self.currentItem(), 0)
            return
        super().keyPressEvent(event)


class TodayTab(QWidget):
    """Sections of due items; activating a row asks the window to open the record."""

    #: ``(kind, record_id)``: "client", "coupon", "ticket", "invoice", "partner" or
    #: "outbox" (a message the desk could not send).
    openRecord = Signal(str, int)

    def __init__(
        self,
        ctx: DeskContext,
        target_gap: Callable[[], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.target_gap = target_gap
        self.heading = QLabel()
        self.heading.setObjectName("todayHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.gap_label = QLabel()
        self.gap_label.setObjectName("todayTargetGap")
        self.gap_label.setWordWrap(True)
        self.tree = TodayTree()
        self.tree.setObjectName("todayTree")
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.header().setStretchLastSection(True)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.renewal_button = QPushButton()
        self.renewal_button.setObjectName("prepareRenewalDrafts")
        #: Replaced in tests: shows a dialog.
        self.run_dialog: Callable[[QDialog], object] = lambda d: d.exec()
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.renewal_button)
        layout.addLayout(top)
        layout.addWidget(self.gap_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label)
        self.report = TodayReport({}, {})
        #: Sections the user expanded with "Show all": they stay whole on refresh.
        self.expanded: set[str] = set()
        self._stale = True
        self._pending = self._again = False
        #: The partner-target sentence is worked out after the list (a year of sales:
        #: seconds with a big office), so the list never waits for it.
        self._gap_pending = self._gap_again = False
        self._connect_signals()
        self.retranslate()

    def _connect_signals(self) -> None:
        self.tree.itemActivated.connect(self._on_activated)
        self.renewal_button.clicked.connect(self.prepare_renewal_drafts)
        self.ctx.signals.changed.connect(self._on_data_changed)
        self.ctx.language.changed.connect(self.retranslate)

    @Slot(str)
    def _on_data_changed(self, entity: str) -> None:
        if entity in {
            events.CLIENTS,
            events.SUBSCRIPTIONS,
            events.COUPONS,
            events.TICKETS,
            events.INVOICES,
            events.OFFICE,
            events.PARTNER,
            OUTBOX,
        }:
            self._stale = True
            if self.isVisible():
                self.refresh_in_background()

    def on_shown(self) -> None:
        if self._stale:
            self.refresh_in_background()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._stale and not self._pending:
            # Once the tab is on screen: start-up does not wait for the queries.
            QTimer.singleShot(0, self.on_shown)

    @Slot()
    def retranslate(self) -> None:
        self.tree.setHeaderLabels([_("What"), _("Details")])
        self.renewal_button.setText(_("Prepare renewal drafts…"))
        self.renewal_button.setToolTip(
            _(
                "Draft the invoices of the subscriptions due for renewal, one per client, "
                "after a preview"
            )
        )
        self.empty_label.setText(_("Nothing is due today."))
        self._stale = True
        if self.isVisible():
            self.refresh_in_background()

    def _compute(self, _progress: object = None) -> TodayReport:
        """The queries and rules behind the list (safe on a worker thread: no widgets)."""
        office = get_office()
        # On-premise keys whose six months passed are activated first (002).
        activate_due_onprem_keys(self.ctx.clock.today())
        return today_items(
            self.ctx.clock.today(),
            self.ctx.clock.now(),
            business_calendar(office),
            office.grace_days,
        )

    def _compute_gap(self, _progress: object = None) -> str:
        return self.target_gap() if self.target_gap else ""

    def busy(self) -> bool:
        """Still looking: what the tab shows is not yet what is due (a screenshot waits,
        also for the partner-target sentence)."""
        return self.list_busy() or self._gap_pending

    def list_busy(self) -> bool:
        """The list is not yet what is due (launch to a filled Today list)."""
        return self._stale or self._pending

    def refresh(self) -> None:
        """Compute and show at once (tests; the desk uses the background version)."""
        self._show(self._compute())
        self._show_gap(self._compute_gap())

    def refresh_in_background(self) -> None:
        """Compute on a worker thread (a large office takes a second), then show."""
        if self._pending:
            self._again = True
            return
        self._pending, self._again = True, False
        self._stale = False
        if self.tree.topLevelItemCount() == 0:
            self.empty_label.setText(_("Looking for what is due…"))
            self.empty_label.show()
        operation = Operation(self._compute, self)
        operation.succeeded.connect(self._show)
        operation.failed.connect(self._on_failed)
        operation.done.connect(self._on_done)
        operation.start()
        self._refresh_gap()

    @Slot()
    def _on_done(self) -> None:
        self._pending = False
        if self._again:
            self.refresh_in_background()

    def _refresh_gap(self) -> None:
        """The partner-target sentence, on a worker of its own beside the list's."""
        if self.target_gap is None:
            return
        if self._gap_pending:
            self._gap_again = True
            return
        self._gap_pending, self._gap_again = True, False
        gap = Operation(self._compute_gap, self)
        gap.succeeded.connect(self._show_gap)
        gap.done.connect(self._on_gap_done)
        gap.start()

    @Slot(object)
    def _show_gap(self, gap: str) -> None:
        self.gap_label.setText(gap)
        self.gap_label.setVisible(bool(gap))

    @Slot()
    def _on_gap_done(self) -> None:
        self._gap_pending = False
        if self._gap_again:
            self._refresh_gap()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._stale = True
        self.empty_label.setText(message)
        self.empty_label.show()

    @Slot(object)
    def _show(self, report: TodayReport) -> None:
        self.report = report
        self._stale = False
        today = self.ctx.clock.today()
        self.heading.setText(_("Today, {date}").format(date=format_date(today, format="full")))
        self.empty_label.setText(_("Nothing is due today."))
        self.tree.clear()
        total = 0
        for section in self.report.sections():
            rows = self.report.items.get(section, [])
            count = self.report.counts.get(section, 0)
            total += count
            top = QTreeWidgetItem([section_title(section, count), ""])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFirstColumnSpanned(True)
            top.setData(0, KIND_ROLE, "section")
            top.setData(0, ID_ROLE, section)
            self.tree.addTopLevelItem(top)
            whole = len(rows) <= COLLAPSED_ROWS or section in self.expanded
            shown = rows if whole else rows[:COLLAPSED_ROWS]
            for item in shown:
                top.addChild(self._row(item))
            if len(shown) < len(rows):
                show_all = self._show_all_row(section, len(rows))
                top.addChild(show_all)
                show_all.setFirstColumnSpanned(True)  # only once in the tree
            if count > len(rows):
                top.addChild(self._more_row(count - len(rows)))
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0) + 24, 520))
        self.tree.setVisible(total > 0)
        self.empty_label.setVisible(total == 0)

    @staticmethod
    def _row(item: TodayItem) -> QTreeWidgetItem:
        child = QTreeWidgetItem([item.title, item.detail])
        child.setData(0, KIND_ROLE, item.kind)
        child.setData(0, ID_ROLE, item.record_id)
        hint = _("Press Enter or double-click to open")
        child.setToolTip(0, f"{item.title}\n{hint}")
        child.setToolTip(1, item.detail)
        tone = SEVERITY_TONES.get(item.severity)
        if tone:
            child.setBackground(0, palette.brush(tone))
            child.setForeground(0, QBrush(palette.text()))
        return child

    @staticmethod
    def _show_all_row(section: str, count: int) -> QTreeWidgetItem:
        row = QTreeWidgetItem(
            [ngettext("Show all {count}", "Show all {count}", count).format(count=count), ""]
        )
        row.setData(0, KIND_ROLE, SHOW_ALL)
        row.setData(0, ID_ROLE, section)
        row.setToolTip(0, _("Press Enter or double-click to list every row of this section"))
        font = row.font(0)
        font.setItalic(True)
        row.setFont(0, font)
        return row

    @staticmethod
    def _more_row(count: int) -> QTreeWidgetItem:
        return QTreeWidgetItem([_("… and {count} more").format(count=count), ""])

    def show_all(self, section: str) -> None:
        """Expand ``section`` in place: its "show all" row becomes the rest of its rows."""
        self.expanded.add(section)
        top = self._section_item(section)
        if top is None:
            return
        rows = self.report.items.get(section, [])
        for j in range(top.childCount()):
            marker = top.child(j)
            if marker is not None and marker.data(0, KIND_ROLE) == SHOW_ALL:
                top.removeChild(marker)
                rest = [self._row(item) for item in rows[j:]]
                top.insertChildren(j, rest)
                if rest:
                    self.tree.setCurrentItem(rest[0])
                return

    def _section_item(self, section: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is not None and top.data(0, ID_ROLE) == section:
                return top
        return None

    def section_rows(self, section: str) -> list[tuple[str, str]]:
        """The (title, details) texts shown under ``section`` (for tests and checks)."""
        # Qt gives None only for an index out of range.
        tops = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        for top in tops:
            if top is not None and top.data(0, ID_ROLE) == section:
                children = [top.child(j) for j in range(top.childCount())]
                return [(c.text(0), c.text(1)) for c in children if c is not None]
        return []

    @Slot(QTreeWidgetItem, int)
    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        kind = item.data(0, KIND_ROLE)
        record_id = item.data(0, ID_ROLE)
        if kind == SHOW_ALL:
            self.show_all(str(record_id))
            return
        known = {"client", "coupon", "ticket", "invoice", "partner", "outbox"}
        if kind in known and record_id is not None:
            self.openRecord.emit(kind, int(record_id))


    @Slot()
    def prepare_renewal_drafts(self) -> list[int]:
        """Preview the renewal drafts due today and make them on OK; one draft made
        opens at once.  Returns the ids of the drafts made."""
        dialog = RenewalDraftsDialog(self.ctx.clock.today(), self)
        try:
            self.run_dialog(dialog)
            made = list(dialog.made)
        finally:
            dialog.deleteLater()
        if len(made) == 1:
            self.openRecord.emit("invoice", made[0])
        return made


def build_tab(ctx: DeskContext) -> TodayTab:
    return TodayTab(ctx)
