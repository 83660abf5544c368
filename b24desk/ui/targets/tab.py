"""The Partner targets tab: the office's status year at a glance (domain.md §4).

Every figure comes from :func:`b24desk.store.partner.overview`, that is from
:func:`b24desk.domain.targets.target_progress` and the status rules; this module
only lays them out: progress bars to the thresholds, the gap in one sentence, a
monthly sales chart drawn with ``QPainter``, the forecast, the checklist, bonuses,
NFR licenses and partner points; the small dialogs that record what the vendor
confirms are in :mod:`b24desk.ui.targets.dialogs`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from b24desk.domain import vocabulary
from b24desk.domain.targets import Target, TargetProgress
from b24desk.i18n import (
    _,
    format_date,
    format_decimal,
    format_money,
    format_percent,
    ngettext,
)
from b24desk.store import events, partner
from b24desk.store.partner import PartnerOverview
from b24desk.ui.context import DeskContext
from b24desk.ui.forms import FormDialog, warning_style
from b24desk.ui.targets.chart import SalesChart
from b24desk.ui.targets.claims import ClaimsPanel, ExtendNfrDialog, nfr_then
from b24desk.ui.targets.common import (
    DONE,
    EXPIRED,
    LATE,
    SOON,
    money,
    paint_row,
    status_name,
    wrapped_label,
)
from b24desk.ui.targets.dialogs import (
    AcceptedOnDialog,
    BonusDialog,
    ChangeStatusDialog,
    CourseDialog,
    NfrDialog,
    PointsDialog,
    RequirementDialog,
)
from b24desk.ui.targets.texts import checklist_title, gap_sentence

#: Days before a due date from which an open checklist item turns amber.
DUE_SOON_DAYS = 30
#: The entities whose changes move the figures of this tab.
WATCHED = frozenset(
    {events.PARTNER, events.COUPONS, events.SUBSCRIPTIONS, events.CLIENTS, events.PRICES}
)


# --------------------------------------------------------------------------- the tab


def _heading(text_size: float = 1.4) -> QLabel:
    label = QLabel()
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * text_size)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def _bar(name: str) -> QProgressBar:
    bar = QProgressBar()
    bar.setObjectName(name)
    bar.setTextVisible(True)
    bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return bar


class CompactTree(QTreeWidget):
    """A list that asks for the height of a few rows, not Qt's default 192 px."""

    def __init__(self, rows: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = rows

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        row = self.fontMetrics().height() + 4
        header = self.header().sizeHint().height()
        return QSize(hint.width(), header + row * self._rows + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


def _tree(name: str, columns: int, rows: int = 3) -> QTreeWidget:
    tree = CompactTree(rows)
    tree.setObjectName(name)
    tree.setColumnCount(columns)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(False)
    tree.setWordWrap(True)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, columns):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return tree


class TargetsTab(QWidget):
    """The status year: progress, gap, chart, forecast, checklist, bonuses, NFR."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("targetsTab")
        self.ctx = ctx
        self.data: PartnerOverview | None = None
        self._build()
        self._connect_signals()
        self.data = partner.overview(ctx.clock.today())
        self.retranslate()

    # -- construction -------------------------------------------------------------

    def _build(self) -> None:
        self.status_title = _heading(1.5)
        self.status_title.setObjectName("statusTitle")
        self.year_label = wrapped_label("statusYear")
        self.discount_label = wrapped_label("discount")
        self.accepted_label = wrapped_label("accepted")
        self.held_label = wrapped_label("heldBefore")

        self.gap_label = _heading(1.15)
        self.gap_label.setObjectName("gapSentence")

        self.keep_caption = wrapped_label("keepCaption")
        self.keep_bar = _bar("keepSalesBar")
        self.next_caption = wrapped_label("nextCaption")
        self.next_bar = _bar("nextSalesBar")
        self.seats_caption = wrapped_label("seatsCaption")
        self.seats_bar = _bar("seatsBar")
        self.pending_label = wrapped_label("seatsPending")
        self.clients_label = wrapped_label("clients")
        self.currency_note = wrapped_label("otherCurrency")

        self.chart = SalesChart()
        self.forecast_label = wrapped_label("forecast")

        self.checklist_tree = _tree("checklist", 3, rows=6)
        self.bonus_tree = _tree("bonuses", 5)
        self.nfr_tree = _tree("nfr", 4)
        self.nfr_tree.setWordWrap(False)
        self.nfr_tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        # Keys and portal addresses are short texts: never cut (#15.1).  Every column
        # takes its content's width; the last one takes what is left.
        nfr_header = self.nfr_tree.header()
        for column in range(self.nfr_tree.columnCount()):
            nfr_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        nfr_header.setStretchLastSection(True)
        self.claims_panel = ClaimsPanel()
        self.points_label = wrapped_label("points")

        self.status_button = QPushButton()
        self.accepted_button = QPushButton()
        self.course_button = QPushButton()
        self.bonus_button = QPushButton()
        self.points_button = QPushButton()
        self.requirement_button = QPushButton()
        self.nfr_button = QPushButton()
        self.extend_button = QPushButton()
        self.extend_button.setObjectName("extendNfr")

        # Left column: status, targets, chart, forecast.
        self.status_box = QGroupBox()
        status_layout = QVBoxLayout(self.status_box)
        for widget in (
            self.status_title,
            self.year_label,
            self.discount_label,
            self.accepted_label,
            self.held_label,
        ):
            status_layout.addWidget(widget)

        self.targets_box = QGroupBox()
        targets_layout = QVBoxLayout(self.targets_box)
        targets_layout.addWidget(self.gap_label)
        for part in (
            self.keep_caption,
            self.keep_bar,
            self.seats_caption,
            self.seats_bar,
            self.pending_label,
            self.next_caption,
            self.next_bar,
            self.clients_label,
            self.currency_note,
        ):
            targets_layout.addWidget(part)

        self.chart_box = QGroupBox()
        chart_layout = QVBoxLayout(self.chart_box)
        chart_layout.addWidget(self.chart, 1)
        chart_layout.addWidget(self.forecast_label)

        left = QVBoxLayout()
        left.addWidget(self.status_box)
        left.addWidget(self.claims_panel.deadline_box)
        left.addWidget(self.targets_box)
        left.addWidget(self.chart_box, 1)

        # Right column: checklist, bonuses, NFR, points, buttons.
        self.checklist_box = QGroupBox()
        QVBoxLayout(self.checklist_box).addWidget(self.checklist_tree)
        self.bonus_box = QGroupBox()
        QVBoxLayout(self.bonus_box).addWidget(self.bonus_tree)
        self.nfr_box = QGroupBox()
        nfr_layout = QVBoxLayout(self.nfr_box)
        nfr_layout.addWidget(self.claims_panel.nfr_claims)
        nfr_layout.addWidget(self.nfr_tree)

        self.actions_box = QGroupBox()
        grid = QGridLayout(self.actions_box)
        buttons = [
            self.status_button,
            self.accepted_button,
            self.course_button,
            self.requirement_button,
            self.bonus_button,
            self.nfr_button,
            self.extend_button,
            self.points_button,
        ]
        for index, button in enumerate(buttons):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            grid.addWidget(button, index // 2, index % 2)

        right = QVBoxLayout()
        right.addWidget(self.checklist_box, 3)
        right.addWidget(self.bonus_box, 2)
        right.addWidget(self.nfr_box, 2)
        right.addWidget(self.claims_panel.kickstart_box)
        right.addWidget(self.points_label)
        right.addWidget(self.actions_box)

        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(6, 6, 6, 6)
        left.setSpacing(4)
        right.setSpacing(4)
        columns.addLayout(left, 9)
        columns.addLayout(right, 11)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _connect_signals(self) -> None:
        self.ctx.signals.changed.connect(self._on_data_changed)
        self.ctx.language.changed.connect(self.retranslate)
        self.status_button.clicked.connect(
            lambda _c=False: self._run(ChangeStatusDialog(self.ctx, self))
        )
        self.accepted_button.clicked.connect(
            lambda _c=False: self._run(AcceptedOnDialog(self.ctx, self))
        )
        self.course_button.clicked.connect(lambda _c=False: self._run(CourseDialog(self.ctx, self)))
        self.bonus_button.clicked.connect(lambda _c=False: self._run(BonusDialog(self.ctx, self)))
        self.points_button.clicked.connect(lambda _c=False: self._run(PointsDialog(self.ctx, self)))
        self.requirement_button.clicked.connect(
            lambda _c=False: self._run(RequirementDialog(self.ctx, self))
        )
        self.nfr_button.clicked.connect(lambda _c=False: self._run(NfrDialog(self.ctx, self)))
        self.extend_button.clicked.connect(
            lambda _c=False: self._run(ExtendNfrDialog(self.ctx, self))
        )

    def _run(self, dialog: FormDialog) -> bool:
        self.ctx.language.changed.connect(dialog.retranslate)
        try:
            return bool(dialog.exec())
        finally:
            self.ctx.language.changed.disconnect(dialog.retranslate)
            dialog.deleteLater()

    # -- behaviour -------------------------------------------------------------------

    @Slot(str)
    def _on_data_changed(self, entity: str) -> None:
        if entity in WATCHED:
            self.reload()

    def on_shown(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.data = partner.overview(self.ctx.clock.today())
        self._render()

    @Slot()
    def retranslate(self) -> None:
        self.status_box.setTitle(_("Partner status"))
        self.targets_box.setTitle(_("Targets of the status year"))
        self.chart_box.setTitle(_("Sales per month"))
        self.checklist_box.setTitle(_("Checklist"))
        self.bonus_box.setTitle(_("Bonuses"))
        self.nfr_box.setTitle(_("NFR licenses"))
        self.actions_box.setTitle(_("Record"))
        self.checklist_tree.setHeaderLabels([_("Requirement"), _("Due"), _("Done")])
        self.bonus_tree.setHeaderLabels(
            [_("Bonus"), _("Amount"), _("Balance"), _("Credited"), _("Valid until")]
        )
        self.nfr_tree.setHeaderLabels([_("License"), _("Portal or key"), _("Expires"), _("Then")])
        self.status_button.setText(_("Change status\u2026"))
        self.accepted_button.setText(_("Acceptance date\u2026"))
        self.course_button.setText(_("Course completed\u2026"))
        self.bonus_button.setText(_("Add bonus\u2026"))
        self.points_button.setText(_("Add points\u2026"))
        self.requirement_button.setText(_("Mark requirement done\u2026"))
        self.nfr_button.setText(_("Add NFR\u2026"))
        self.extend_button.setText(_("Extend NFR\u2026"))
        self.claims_panel.retranslate()
        self._render()

    # -- rendering -------------------------------------------------------------------

    def _render(self) -> None:
        data = self.data
        if data is None:
            return
        prog = data.progress
        self._render_status(data, prog)
        self._render_targets(data, prog)
        self._render_chart(data, prog)
        self._render_checklist(data, prog.today)
        self._render_bonuses(data)
        self._render_nfr(data)
        if data.claims is not None:
            self.claims_panel.set_data(data.claims, prog.today)
        self.points_label.setText(
            ngettext(
                "{count} active partner point (each valid for one year from its allocation)",
                "{count} active partner points (each valid for one year from its allocation)",
                data.points,
            ).format(count=format_decimal(data.points))
        )

    def _render_status(self, data: PartnerOverview, prog: TargetProgress) -> None:
        self.status_title.setText(status_name(data.status))
        days = prog.days_left
        self.year_label.setText(
            ngettext(
                "Status year {start} \u2013 {end}: {count} day left",
                "Status year {start} \u2013 {end}: {count} days left",
                days,
            ).format(
                start=format_date(prog.year_start),
                end=format_date(prog.due_on),
                count=format_decimal(days),
            )
        )
        discount = _("Partner discount: {percent}").format(percent=format_percent(data.discount))
        if data.status == "bronze" and not data.tutorial_done:
            discount += " " + _("(20 % once the Partner Program Tutorial is completed)")
        self.discount_label.setText(discount)
        if data.accepted_on is None:
            self.accepted_label.setText(_("The acceptance into the programme is not recorded."))
        else:
            self.accepted_label.setText(
                _("Accepted into the programme on {date}").format(
                    date=format_date(data.accepted_on)
                )
            )
        self.held_label.setVisible(bool(data.held_before))
        if data.held_before:
            self.held_label.setText(
                _(
                    "{status} was held before a downgrade: re-qualifying needs its keep "
                    "targets (001 \u00a73.5)."
                ).format(status=status_name(data.held_before))
            )

    def _render_targets(self, data: PartnerOverview, prog: TargetProgress) -> None:
        self.gap_label.setText(gap_sentence(data))
        keep = next((t for t in data.targets if t.kind == "keep"), None)
        nxt = next((t for t in data.targets if t.kind == "next"), None)

        self._set_sales_bar(self.keep_caption, self.keep_bar, keep, prog)
        self._set_sales_bar(self.next_caption, self.next_bar, nxt, prog)

        seats_target = keep if keep is not None and keep.seats else None
        if seats_target is None and nxt is not None and nxt.seats:
            seats_target = nxt
        visible = seats_target is not None
        for widget in (self.seats_caption, self.seats_bar):
            widget.setVisible(visible)
        if seats_target is not None and seats_target.seats:
            caption = (
                _("New client seats to keep {status}")
                if seats_target.kind == "keep"
                else _("New client seats to re-qualify for {status}")
            )
            self.seats_caption.setText(caption.format(status=status_name(seats_target.status)))
            self.seats_bar.setRange(0, seats_target.seats)
            self.seats_bar.setValue(min(prog.seats_counted, seats_target.seats))
            self.seats_bar.setFormat(
                _("{counted} of {needed} counted").format(
                    counted=format_decimal(prog.seats_counted),
                    needed=format_decimal(seats_target.seats),
                )
            )
        self.pending_label.setText(
            ngettext(
                "{count} new client seat pending, not counted yet (not paid for 6 "
                "consecutive months so far)",
                "{count} new client seats pending, not counted yet (not paid for 6 "
                "consecutive months so far)",
                prog.seats_pending,
            ).format(count=format_decimal(prog.seats_pending))
        )
        self.clients_label.setText(
            _("{sales} to {clients} in the status year").format(
                sales=ngettext("{count} sale", "{count} sales", prog.sales_count).format(
                    count=format_decimal(prog.sales_count)
                ),
                clients=ngettext(
                    "{count} different client", "{count} different clients", prog.distinct_clients
                ).format(count=format_decimal(prog.distinct_clients)),
            )
        )
        others = data.other_currency_coupons
        self.currency_note.setVisible(others > 0)
        self.currency_note.setStyleSheet(warning_style())
        self.currency_note.setText(
            ngettext(
                "{count} coupon of the status year was bought in a currency other than "
                "USD or EUR with no exchange rate to USD on its purchase date and is not "
                "counted.",
                "{count} coupons of the status year were bought in a currency other than "
                "USD or EUR with no exchange rate to USD on their purchase dates and are "
                "not counted.",
                others,
            ).format(count=format_decimal(others))
        )

    def _set_sales_bar(
        self,
        caption: QLabel,
        bar: QProgressBar,
        target: Target | None,
        prog: TargetProgress,
    ) -> None:
        visible = target is not None and target.sales is not None
        caption.setVisible(visible)
        bar.setVisible(visible)
        if target is None or target.sales is None:
            return
        status = status_name(target.status)
        if target.kind == "keep":
            text = _("Sales to keep {status}").format(status=status)
        elif target.seats:
            text = _("Sales to re-qualify for {status}").format(status=status)
        else:
            text = _("Sales to qualify for {status}").format(status=status)
        if target.clients:
            text += " \u00b7 " + ngettext(
                "{count} of {needed} different client",
                "{count} of {needed} different clients",
                target.clients,
            ).format(count=prog.distinct_clients, needed=target.clients)
        caption.setText(text)
        maximum = int(target.sales)
        bar.setRange(0, maximum)
        bar.setValue(min(int(prog.sales_total), maximum))
        bar.setFormat(
            _("{total} of {target}").format(
                total=money(prog.sales_total), target=money(target.sales)
            )
        )

    def _render_chart(self, data: PartnerOverview, prog: TargetProgress) -> None:
        months = list(data.monthly)
        current = max((d for d, _v in months if d <= prog.today), default=None)
        target = data.forecast.target
        pace = target.sales / 12 if target is not None and target.sales else None
        self.chart.set_data(months, current, pace)
        self.chart.setToolTip(
            _("Counted sales per month of the status year; the dashed line is an even pace.")
        )
        fc = data.forecast
        text = _("Sales so far {so_far} + planned {planned} = projected {projected}").format(
            so_far=money(fc.sales_so_far),
            planned=money(fc.planned_total),
            projected=money(fc.projected),
        )
        if fc.target is not None and fc.target.sales is not None:
            text += " " + (
                _("(target {target} to keep {status})")
                if fc.target.kind == "keep"
                else _("(target {target} for {status})")
            ).format(target=money(fc.target.sales), status=status_name(fc.target.status))
        text += "\n" + _("Planned: {renewals} and {coupons}.").format(
            renewals=ngettext("{count} renewal", "{count} renewals", fc.renewals).format(
                count=fc.renewals
            ),
            coupons=ngettext(
                "{count} coupon bought ahead", "{count} coupons bought ahead", fc.coupons
            ).format(count=fc.coupons),
        )
        self.forecast_label.setText(text)

    def _render_checklist(self, data: PartnerOverview, today: date) -> None:
        self.checklist_tree.clear()
        for item in data.checklist:
            due = format_date(item.due_on) if item.due_on else "\u2014"
            if item.done_on is not None:
                done = "\u2713 " + format_date(item.done_on)
            elif item.overdue(today):
                done = _("Overdue")
            else:
                done = ""
            row = QTreeWidgetItem([checklist_title(item), due, done])
            row.setData(0, Qt.ItemDataRole.UserRole, item.key)
            row.setToolTip(0, checklist_title(item))
            if item.done:
                paint_row(row, DONE)
            elif item.overdue(today):
                paint_row(row, LATE)
            elif item.due_on is not None and (item.due_on - today).days <= DUE_SOON_DAYS:
                paint_row(row, SOON)
            self.checklist_tree.addTopLevelItem(row)

    def _render_bonuses(self, data: PartnerOverview) -> None:
        self.bonus_tree.clear()
        for bonus in data.bonuses:
            row = QTreeWidgetItem(
                [
                    _(vocabulary.BONUS_KINDS[bonus.kind]),
                    format_money(bonus.amount, bonus.currency),
                    format_money(bonus.balance, bonus.currency),
                    format_date(bonus.credited_on),
                    format_date(bonus.expires_on),
                ]
            )
            for column in (1, 2):
                row.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            if bonus.expired:
                paint_row(row, EXPIRED)
                row.setToolTip(0, _("Expired"))
            self.bonus_tree.addTopLevelItem(row)

    def _render_nfr(self, data: PartnerOverview) -> None:
        self.nfr_tree.clear()
        for nfr in data.nfr:
            then = nfr_then(nfr)
            row = QTreeWidgetItem(
                [
                    _(vocabulary.NFR_KINDS[nfr.kind]),
                    nfr.reference.removeprefix("https://"),
                    format_date(nfr.expires_on),
                    then,
                ]
            )
            row.setToolTip(
                1,
                _("{reference}, from {start} to {end}").format(
                    reference=nfr.reference,
                    start=format_date(nfr.starts_on),
                    end=format_date(nfr.expires_on),
                ),
            )
            row.setToolTip(3, then)
            if nfr.expired:
                paint_row(row, EXPIRED)
                row.setToolTip(0, _("Expired"))
            self.nfr_tree.addTopLevelItem(row)


def build_tab(ctx: DeskContext) -> TargetsTab:
    """The Partner targets tab (mounted by the main window)."""
    return TargetsTab(ctx)
