"""The detail pane of the Tickets tab: the ticket, what it still lacks (003 §4.2), its
thread, a reply box and the status actions.  Every change goes through
:mod:`b24desk.store.tickets`."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QResizeEvent, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.domain.sla import SLA_LEVELS, BusinessCalendar
from b24desk.i18n import _, format_datetime, format_decimal, ngettext
from b24desk.store import events
from b24desk.store import tickets as store
from b24desk.store.errors import NotFoundError, StaleRecordError, StoreError
from b24desk.store.office import business_calendar
from b24desk.ui import palette
from b24desk.ui.context import DeskContext
from b24desk.ui.flow import FlowLayout
from b24desk.ui.tickets import common
from b24desk.ui.tickets.common import HIGH_URGENCY_TONE, SLA_TONES, tinted_style
from b24desk.ui.tickets.dialogs import AssignDialog, EscalateDialog, TicketDialog

if TYPE_CHECKING:  # a type only: widgets call store functions
    from b24desk.store.tickets import Ticket

#: The palette tone of the thread's entries: client, reply, internal note, description.
THREAD_TONES: dict[str, palette.Tone] = {
    "client": "info",
    "reply": "ok",
    "note": "note",
    "description": "muted",
}


def thread_background(kind: str) -> str:
    """The background of a thread entry of ``kind`` (an HTML colour), from the palette."""
    return palette.background(THREAD_TONES[kind]).name()


def thread_html(
    ticket: Ticket, entries: list[store.ThreadEntry], calendar: BusinessCalendar
) -> str:
    """The description and thread as escaped HTML blocks, one colour per kind."""
    text_colour = palette.text().name()  # readable on every tint, light or dark

    def block(kind: str, heading: str, body: str, files: tuple[str, ...] = ()) -> str:
        text = html.escape(body).replace("\n", "<br>")
        links = ""
        attachment = html.escape(_("Attachment:"))
        for path in files:
            url = html.escape(QUrl.fromLocalFile(path).toString(), quote=True)
            name = html.escape(Path(path).name or path)
            links += f'<br>{attachment} <a href="{url}">{name}</a>'
        style = "font-style:italic;" if kind == "note" else ""
        return (
            f'<table width="100%" cellpadding="6" cellspacing="0" '
            f'style="background-color:{thread_background(kind)}; margin-bottom:6px;">'
            f'<tr><td><span style="color:{text_colour};"><b>{html.escape(heading)}</b><br>'
            f'<span style="{style}">{text}</span>{links}</span></td></tr></table>'
        )

    def when(moment: datetime) -> str:
        return format_datetime(moment, tzinfo=calendar.tz)

    parts = [
        block(
            "description",
            _("Description — {when}").format(when=when(ticket.created_at)),
            ticket.description or _("(no description)"),
        )
    ]
    headings = {
        "client": _("Client — {author} — {when}"),
        "reply": _("Reply — {author} — {when}"),
        "note": _("Internal note — {author} — {when}"),
    }
    for entry in entries:
        heading = headings[entry.kind].format(
            author=entry.author or _("office"), when=when(entry.created_at)
        )
        parts.append(block(entry.kind, heading, entry.body, entry.attachments))
    return "".join(parts)


#: The ticket facts whose values are sentences: shown across the pane's width.
WIDE_INFO = frozenset({"level", "sla"})


class TicketDetail(QWidget):
    """One ticket: header, missing information, thread, reply box, status actions."""

    #: The page's margin on the left (beside the list's splitter handle).
    PAGE_MARGIN = 4

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketDetail")
        self.ctx = ctx
        self.ticket: Ticket | None = None
        self.entries: list[store.ThreadEntry] = []
        self.pending_attachments: list[str] = []

        self.stack = QStackedWidget()
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page = QWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.title = QLabel()
        self.title.setObjectName("ticketTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)

        self.info_names = (
            "client",
            "status",
            "level",
            "urgency",
            "vendor",
            "assignee",
            "target",
            "due",
            "sla",
            "rating",
        )
        self.info_labels: dict[str, QLabel] = {}
        self.info_values: dict[str, QLabel] = {}
        self.info = info = QGridLayout()
        info.setHorizontalSpacing(8)
        info.setVerticalSpacing(2)
        for name in self.info_names:
            label = QLabel()
            value = QLabel()
            value.setObjectName(f"ticketInfo_{name}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.info_labels[name] = label
            self.info_values[name] = value
        #: Label/value pairs a row: two where the pane is wide enough, else one.
        self.info_pairs = 0
        self._place_info(2)
        info.setColumnStretch(1, 1)
        info.setColumnStretch(3, 1)

        self.checklist = QLabel()
        self.checklist.setObjectName("ticketChecklist")
        self.checklist.setWordWrap(True)
        self.checklist.setTextFormat(Qt.TextFormat.RichText)

        self.thread_view = QTextBrowser()
        self.thread_view.setObjectName("ticketThread")
        self.thread_view.setOpenLinks(False)
        # Read top to bottom, never sideways: long words and pasted URLs wrap too.
        self.thread_view.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        self.thread_view.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.thread_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.thread_view.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)

        self.reply_edit = QPlainTextEdit()
        self.reply_edit.setObjectName("ticketReply")
        self.reply_edit.setTabChangesFocus(True)
        self.reply_edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 4)
        self.attach_button = QPushButton()
        self.attachments_label = QLabel()
        self.attachments_label.setWordWrap(True)
        self.wait_check = QCheckBox()
        self.client_button = QPushButton()
        self.note_button = QPushButton()
        self.reply_button = QPushButton()
        self.reply_button.setDefault(False)

        self.status_buttons: dict[str, QPushButton] = {
            s: QPushButton() for s in ("in_progress", "waiting", "resolved", "closed", "reopened")
        }
        self.escalate_button = QPushButton()
        self.assign_button = QPushButton()
        self.edit_button = QPushButton()
        self.rating_label = QLabel()
        self.rating_box = QComboBox()
        self.rating_box.setObjectName("ticketRating")
        for n in range(1, 6):
            self.rating_box.addItem(f"{n} " + "★" * n, n)
        self.rating_label.setBuddy(self.rating_box)
        self.rate_button = QPushButton()

        page = QVBoxLayout(self.page)
        page.setContentsMargins(self.PAGE_MARGIN, 0, 0, 0)
        page.addWidget(self.title)
        page.addLayout(info)
        page.addWidget(self.checklist)
        page.addWidget(self.thread_view, 1)
        page.addWidget(self.reply_edit)
        attach_row = QHBoxLayout()
        attach_row.addWidget(self.attach_button)
        attach_row.addWidget(self.attachments_label, 1)
        page.addLayout(attach_row)
        # The rows of buttons wrap in a narrow pane instead of scrolling sideways.
        send_row = FlowLayout(align_right=True)
        send_row.addWidget(self.wait_check)
        send_row.addWidget(self.client_button)
        send_row.addWidget(self.note_button)
        send_row.addWidget(self.reply_button)
        page.addLayout(send_row)
        self.actions_box = QGroupBox()
        actions = FlowLayout(self.actions_box)
        action_buttons = [
            self.status_buttons["in_progress"],
            self.status_buttons["waiting"],
            self.status_buttons["resolved"],
            self.status_buttons["closed"],
            self.status_buttons["reopened"],
            self.escalate_button,
            self.assign_button,
            self.edit_button,
        ]
        for button in action_buttons:
            actions.addWidget(button)
        rating = QWidget()  # the rating's label, stars and button stay together
        rating_row = QHBoxLayout(rating)
        rating_row.setContentsMargins(0, 0, 0, 0)
        rating_row.addWidget(self.rating_label)
        rating_row.addWidget(self.rating_box)
        rating_row.addWidget(self.rate_button)
        actions.addWidget(rating)
        page.addWidget(self.actions_box)

        self._connect_signals()
        self.retranslate()
        self.stack.setCurrentWidget(self.empty_label)

    def _info_places(self, pairs: int) -> list[tuple[str, int, int, bool]]:
        """(name, row, pair, wide) of each fact with ``pairs`` label/value pairs a row;
        the long values (the level, the SLA sentence) get a row of their own."""
        places = []
        row = col = 0
        for name in self.info_names:
            wide = name in WIDE_INFO or pairs == 1
            if wide and col:
                row, col = row + 1, 0
            places.append((name, row, col, wide))
            row, col = (row + 1, 0) if wide or col else (row, 1)
        return places

    def _place_info(self, pairs: int) -> None:
        if pairs == self.info_pairs:
            return
        self.info_pairs = pairs
        for name in self.info_names:
            self.info.removeWidget(self.info_labels[name])
            self.info.removeWidget(self.info_values[name])
        for name, row, col, wide in self._info_places(pairs):
            self.info.addWidget(self.info_labels[name], row, col * 2, Qt.AlignmentFlag.AlignTop)
            self.info.addWidget(self.info_values[name], row, col * 2 + 1, 1, 3 if wide else 1)

    def _two_pairs_width(self) -> int:
        """The width two label/value pairs a row need so that no value's word is cut."""
        label = [0, 0]
        word = [0, 0]
        for name, _row, col, wide in self._info_places(2):
            label[col] = max(label[col], self.info_labels[name].sizeHint().width())
            if wide:
                continue
            value = self.info_values[name]
            margins = value.contentsMargins()
            chrome = margins.left() + margins.right() + 2 * value.margin() + 2
            widest = max(
                (value.fontMetrics().horizontalAdvance(w) for w in value.text().split()),
                default=0,
            )
            word[col] = max(word[col], widest + chrome)
        spacing = 3 * self.info.horizontalSpacing()
        return sum(label) + sum(word) + spacing + self.PAGE_MARGIN

    def _fit_info(self) -> None:
        """Two pairs a row where they fit whole, else one (a narrow pane)."""
        self._place_info(2 if self.width() >= self._two_pairs_width() else 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        self._fit_info()

    def _connect_signals(self) -> None:
        for status, button in self.status_buttons.items():
            button.clicked.connect(lambda _c=False, s=status: self.change_status(s))
        self.escalate_button.clicked.connect(self.escalate)
        self.assign_button.clicked.connect(self.assign)
        self.edit_button.clicked.connect(self.edit)
        self.rate_button.clicked.connect(self.rate)
        self.reply_button.clicked.connect(lambda: self.send("reply"))
        self.note_button.clicked.connect(lambda: self.send("note"))
        self.client_button.clicked.connect(lambda: self.send("client"))
        self.attach_button.clicked.connect(self.choose_attachments)
        self.thread_view.anchorClicked.connect(self._open_link)
        self.ctx.signals.changed.connect(self._on_data_changed)

    # -- texts ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.empty_label.setText(_("Choose a ticket to see its details and thread."))
        names = {
            "client": _("Client:"),
            "status": _("Status:"),
            "level": _("SLA level:"),
            "urgency": _("Urgency:"),
            "vendor": _("Vendor ticket:"),
            "assignee": _("Assignee:"),
            "target": _("Target:"),
            "due": _("Due:"),
            "sla": _("SLA:"),
            "rating": _("Rating:"),
        }
        for name, text in names.items():
            self.info_labels[name].setText(text)
        self.reply_edit.setPlaceholderText(_("Write a reply to the client, or an internal note…"))
        self.thread_view.setAccessibleName(_("Ticket thread"))
        self.attach_button.setText(_("Attach files…"))
        self.wait_check.setText(_("Then wait for the client"))
        self.wait_check.setToolTip(
            _("After the reply the ticket waits for the client and its clock is paused")
        )
        self.client_button.setText(_("Client message"))
        self.client_button.setToolTip(
            _("Record a message the client sent: the response clock restarts")
        )
        self.note_button.setText(_("Internal note"))
        self.note_button.setToolTip(_("A note for the office only; the client never sees it"))
        self.reply_button.setText(_("Reply"))
        self.actions_box.setTitle(_("Ticket"))
        self.status_buttons["in_progress"].setText(_("In progress"))
        self.status_buttons["waiting"].setText(_("Waiting for client"))
        self.status_buttons["resolved"].setText(_("Resolve"))
        self.status_buttons["closed"].setText(_("Close"))
        self.status_buttons["reopened"].setText(_("Reopen"))
        self.escalate_button.setText(_("Escalate to vendor…"))
        self.assign_button.setText(_("Assign…"))
        self.edit_button.setText(_("Edit…"))
        self.rating_label.setText(_("Quality rating:"))
        self.rate_button.setText(_("Rate"))
        self.rate_button.setToolTip(_("The client's rating, once the ticket is resolved"))
        self._update_attachments_label()
        self._show()

    # -- loading ----------------------------------------------------------------------

    def ticket_id(self) -> int | None:
        return self.ticket.id if self.ticket is not None else None

    def show_ticket(self, ticket_id: int | None) -> None:
        """Show ``ticket_id`` (None keeps the ticket shown: the list only lost it)."""
        if ticket_id is None:
            return
        if ticket_id != self.ticket_id():
            self.reply_edit.clear()
            self.pending_attachments = []
            self.wait_check.setChecked(False)
            self._update_attachments_label()
        self._load(ticket_id)

    def clear(self) -> None:
        self.ticket = None
        self.entries = []
        self._show()

    def reload(self) -> None:
        if self.ticket is not None:
            self._load(self.ticket.id)

    def _load(self, ticket_id: int) -> None:
        try:
            self.ticket = store.get_ticket(ticket_id)
            self.entries = store.ticket_thread(ticket_id)
        except NotFoundError:
            self.ticket = None
            self.entries = []
        self._show()

    @Slot(str)
    def _on_data_changed(self, entity: str) -> None:
        if entity in (events.TICKETS, events.CLIENTS, events.OFFICE):
            self.reload()

    def refresh_clock(self) -> None:
        """Recompute the SLA line at the desk clock's new "now"."""
        self._show()

    def _show(self) -> None:
        ticket = self.ticket
        if ticket is None:
            self.stack.setCurrentWidget(self.empty_label)
            return
        self.stack.setCurrentWidget(self.page)
        calendar = business_calendar()
        now = self.ctx.clock.now()
        sla = store.ticket_sla(ticket, now, calendar)
        self.title.setText(f"{ticket.tid} · {ticket.subject}")
        values = {
            "client": ticket.client.company,
            "status": store.status_label(ticket.status),
            "level": self._level_text(ticket),
            "urgency": store.urgency_label(ticket.urgency),
            "vendor": ticket.vendor_ticket_id or "—",
            "assignee": ticket.assignee or _("nobody"),
            "target": format_datetime(sla.target_at, tzinfo=calendar.tz),
            "due": format_datetime(sla.due_at, tzinfo=calendar.tz),
            "sla": self._sla_text(ticket, sla, calendar),
            "rating": "★" * ticket.rating if ticket.rating else "—",
        }
        for name, text in values.items():
            self.info_values[name].setText(text)
        tone = SLA_TONES.get(sla.state)
        self.info_values["sla"].setStyleSheet(tinted_style(tone) if tone else "")
        self.info_values["urgency"].setStyleSheet(
            tinted_style(HIGH_URGENCY_TONE) if ticket.urgency == "high" else ""
        )
        self._fit_info()
        self.checklist.setText(self._checklist_html(ticket))
        self.thread_view.setHtml(thread_html(ticket, self.entries, calendar))
        self.thread_view.verticalScrollBar().setValue(
            self.thread_view.verticalScrollBar().maximum()
        )
        self._enable_actions(ticket)

    @staticmethod
    def _level_text(ticket: Ticket) -> str:
        label = store.level_label(ticket.sla_level)
        if not ticket.sla_override_reason:
            return label
        return _("{level} (chosen instead of the computed level: {reason})").format(
            level=label, reason=ticket.sla_override_reason
        )

    def _sla_text(self, ticket: Ticket, sla: store.TicketSla, calendar: BusinessCalendar) -> str:
        label = store.sla_state_label(sla.state)
        spec = SLA_LEVELS[ticket.sla_level]
        if sla.state in ("on_track", "due_soon", "overdue") and spec.unit == "business_hours":
            used = _("{hours} business h elapsed, maximum {maximum} h").format(
                hours=format_decimal(Decimal(f"{sla.elapsed_hours:.1f}")), maximum=spec.maximum
            )
            return _("{state} — {used}").format(state=label, used=used)
        if sla.state == "answered" and ticket.first_reply_at is not None:
            return _("{state} on {when}").format(
                state=label, when=format_datetime(ticket.first_reply_at, tzinfo=calendar.tz)
            )
        return label

    def _checklist_html(self, ticket: Ticket) -> str:
        """What the ticket still lacks (003 §4.2): only the missing items, so the
        line reads as a to-ask list; what is given is in the ticket already."""
        missing = store.missing_information(ticket)
        if not missing:
            done = html.escape(_("Nothing missing (SLA §4.2)"))
            ok = palette.ok_text(self.palette()).name()  # readable on a dark theme too
            return f'<span style="color:{ok};">✔ {done}</span>'
        marks = " &nbsp; ".join("✘ " + html.escape(label) for label in missing)
        heading = html.escape(_("Still missing (SLA §4.2):"))
        caution = palette.warning_text(self.palette()).name()
        return f'<span style="color:{caution};"><b>{heading}</b> {marks}</span>'

    def _enable_actions(self, ticket: Ticket) -> None:
        allowed = store.allowed_transitions(ticket.status)
        for status, button in self.status_buttons.items():
            button.setEnabled(status in allowed)
        self.escalate_button.setEnabled("escalated" in allowed or ticket.status == "escalated")
        done = ticket.status in store.DONE_STATUSES
        self.rate_button.setEnabled(done)
        self.rating_box.setEnabled(done)
        if ticket.rating:
            self.rating_box.setCurrentIndex(self.rating_box.findData(ticket.rating))
        self.wait_check.setEnabled(not done)

    # -- actions ----------------------------------------------------------------------

    def _run(self, action: Callable[[], object]) -> bool:
        """Run a store change; tell the user why when it is refused."""
        try:
            action()
        except ValidationErrors as errors:
            common.show_warning(self, _("Not possible"), str(errors))
            return False
        except ValidationError as error:
            common.show_warning(self, _("Not possible"), error.message)
            return False
        except StaleRecordError as exc:
            common.show_warning(self, _("Changed by someone else"), str(exc))
            self.reload()
            return False
        except StoreError as exc:
            common.show_warning(self, _("Not saved"), str(exc))
            self.reload()
            return False
        self.reload()
        return True

    def change_status(self, status: str) -> bool:
        ticket = self.ticket
        if ticket is None:
            return False
        return self._run(
            lambda: store.set_status(ticket.id, status, self.ctx.clock.now(), ticket.version)
        )

    def send(self, kind: str) -> bool:
        """Add the reply box's text to the thread as a reply, note or client message."""
        ticket = self.ticket
        if ticket is None:
            return False
        if kind == "client":
            author = ticket.client.contact_person or ticket.client.company
        else:
            author = ticket.assignee
        status = "waiting" if kind == "reply" and self.wait_check.isChecked() else None
        done = self._run(
            lambda: store.add_message(
                ticket.id,
                kind,
                self.reply_edit.toPlainText(),
                author,
                self.ctx.clock.now(),
                self.pending_attachments,
                status=status,
            )
        )
        if done:
            self.reply_edit.clear()
            self.pending_attachments = []
            self.wait_check.setChecked(False)
            self._update_attachments_label()
        return done

    @Slot()
    def choose_attachments(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, _("Attach files"))
        if paths:
            self.set_pending_attachments([*self.pending_attachments, *paths])

    def set_pending_attachments(self, paths: list[str]) -> None:
        self.pending_attachments = list(dict.fromkeys(paths))
        self._update_attachments_label()

    def _update_attachments_label(self) -> None:
        n = len(self.pending_attachments)
        if not n:
            self.attachments_label.clear()
            return
        names = ", ".join(Path(p).name for p in self.pending_attachments)
        self.attachments_label.setText(
            ngettext("{count} file: {names}", "{count} files: {names}", n).format(
                count=n, names=names
            )
        )

    @Slot()
    def escalate(self) -> bool:
        if self.ticket is None:
            return False
        dialog = EscalateDialog(self.ctx, self.ticket, self)
        accepted = common.run_dialog(dialog) == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        self.reload()
        return accepted

    @Slot()
    def assign(self) -> bool:
        if self.ticket is None:
            return False
        dialog = AssignDialog(self.ctx, self.ticket, self)
        accepted = common.run_dialog(dialog) == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        self.reload()
        return accepted

    @Slot()
    def edit(self) -> bool:
        if self.ticket is None:
            return False
        dialog = TicketDialog(self.ctx, self.ticket.id, self)
        accepted = common.run_dialog(dialog) == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        self.reload()
        return accepted

    @Slot()
    def rate(self) -> bool:
        ticket = self.ticket
        if ticket is None:
            return False
        rating = int(self.rating_box.currentData())
        return self._run(lambda: store.rate(ticket.id, rating, ticket.version))

    @Slot(QUrl)
    def _open_link(self, url: QUrl) -> None:
        QDesktopServices.openUrl(url)

