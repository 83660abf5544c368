"""Search everything (Ctrl+K, issue #18): one box over the main window, like a
command palette; results grouped by kind appear as you type, Enter opens one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QKeyEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGraphicsDropShadowEffect,
    QLabel,
    QLineEdit,
    QListView,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from b24desk.i18n import _
from b24desk.store.search import Group, Hit, global_search
from b24desk.ui.context import DeskContext
from b24desk.ui.operation import Operation
from b24desk.ui.search import rows

#: How long typing pauses before the search runs.
DEBOUNCE_MS = 150
#: The palette's width at most, and its distance from the top of the window.
MAX_WIDTH = 760
TOP = 48


class GlobalSearchDialog(QFrame):
    """The search box and its results.

    With a parent (the main window) it floats over it, at the top centre, and hides
    on Escape or when the focus goes elsewhere; without one it is a window of its
    own.  :attr:`openRecord` asks for a hit's record (``MainWindow.open_record``),
    :attr:`searchTab` for a tab's search with the text ("more…").
    """

    openRecord = Signal(str, int)
    searchTab = Signal(str, str)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("globalSearch")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.query = QLineEdit()
        self.query.setObjectName("globalSearchText")
        self.query.setClearButtonEnabled(True)
        font = self.query.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.query.setFont(font)
        self.model = QStandardItemModel(self)
        #: The text the shown results were found for, and those results.
        self.shown_text = ""
        self.groups: list[Group] = []
        self.results = QListView()
        self.results.setObjectName("globalSearchResults")
        self.results.setModel(self.model)
        self.delegate = rows.RowDelegate(lambda: self.shown_text, self.results)
        self.results.setItemDelegate(self.delegate)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setFrameShape(QFrame.Shape.NoFrame)
        self.results.setUniformItemSizes(False)
        self.results.setMouseTracking(True)
        self.message = QLabel()
        self.message.setObjectName("globalSearchMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setContentsMargins(12, 16, 12, 16)
        area = QWidget()
        self.stack = QStackedLayout(area)
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.results)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.query)
        layout.addWidget(area, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        #: The search running in the background, and whether another must follow it.
        self._running: Operation | None = None
        self._again = False
        self._error = ""
        self._return_focus: QWidget | None = None

        if parent is not None:
            self.setWindowFlags(Qt.WindowType.Widget)
            shadow = QGraphicsDropShadowEffect(self)
            shadow.setBlurRadius(28)
            shadow.setOffset(0, 6)
            shadow.setColor(QColor(0, 0, 0, 110))
            self.setGraphicsEffect(shadow)
            parent.installEventFilter(self)
            self.hide()
        else:
            self.resize(MAX_WIDTH, 480)
        self.query.installEventFilter(self)
        self.results.installEventFilter(self)
        self.query.textChanged.connect(self._on_text_changed)
        self._timer.timeout.connect(self.search_now)
        self.results.doubleClicked.connect(self._on_clicked)
        self.results.clicked.connect(self._on_clicked)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        ctx.language.changed.connect(self.retranslate)
        self.retranslate()
        self._show_state()

    # -- showing -----------------------------------------------------------------------

    def popup(self, text: str | None = None) -> None:
        """Show the box (over the parent window), focused; ``text`` replaces what was
        typed before and is searched at once; else the last text is searched again."""
        focus = QApplication.focusWidget()
        if focus is not None and not self.isAncestorOf(focus):
            self._return_focus = focus
        if text is not None and text != self.query.text():
            self.query.setText(text)  # the debounce starts; search_now overtakes it
        self._place()
        self.show()
        self.raise_()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if text is None:
            self.query.selectAll()  # typing replaces the last search; arrows keep it
        else:
            self.query.end(False)
        if self.query.text().strip():
            self.search_now()  # the office may have changed since the last time

    @Slot()
    def dismiss(self) -> None:
        """Hide the box; the focus goes back where it was."""
        if not self.isVisible():
            return
        back = self._return_focus
        self._return_focus = None
        if self.parentWidget() is None:
            self.close()
            return
        self.hide()
        if back is not None:
            back.setFocus(Qt.FocusReason.PopupFocusReason)

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(MAX_WIDTH, max(420, parent.width() - 80))
        top = TOP
        central = getattr(parent, "centralWidget", None)
        if callable(central) and central() is not None:
            top = central().geometry().top() + TOP
        room = max(200, parent.height() - top - 40)
        height = min(room, self._wanted_height())
        self.setGeometry(QRect((parent.width() - width) // 2, top, width, height))

    def _wanted_height(self) -> int:
        """As tall as the rows (or the message) need, within reason."""
        margins = self.layout().contentsMargins()  # type: ignore[union-attr]
        chrome = self.query.sizeHint().height() + 6 + margins.top() + margins.bottom()
        if self.stack.currentWidget() is self.results:
            rows_height = sum(
                self.results.sizeHintForRow(row) for row in range(self.model.rowCount())
            )
            body = rows_height + 2 * self.results.frameWidth() + 4
        else:
            body = self.message.heightForWidth(min(MAX_WIDTH, self.width()) - 16) + 8
        return chrome + min(max(body, 60), 620)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            if self.isVisible():
                self._place()
        elif watched in (self.query, self.results) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._key(event)
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        steps = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: 5,
            Qt.Key.Key_PageUp: -5,
        }
        if key in steps:
            self.move_selection(steps[Qt.Key(key)])
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_current()
            return True
        if key == Qt.Key.Key_Escape:
            self.dismiss()
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
            return
        super().keyPressEvent(event)

    @Slot(object, object)
    def _on_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        """A palette over the window goes away when the focus leaves it."""
        if (
            now is not None
            and self.parentWidget() is not None
            and self.isVisible()
            and now is not self
            and not self.isAncestorOf(now)
            and now.window() is self.window()
        ):
            self._return_focus = None
            self.hide()

    # -- searching ---------------------------------------------------------------------

    @Slot(str)
    def _on_text_changed(self, _text: str) -> None:
        self._timer.start()
        self._show_state()

    @Slot()
    def search_now(self) -> None:
        """Search for the text in the box (in the background; a result for a text
        the box no longer holds is dropped)."""
        self._timer.stop()
        text = self.query.text().strip()
        if not text:
            self._show_results(text, [])
            return
        if self._running is not None:
            self._again = True
            return
        operation = Operation(lambda _progress: (text, global_search(text)), self)
        operation.succeeded.connect(self._on_found)
        operation.failed.connect(self._on_failed)
        operation.done.connect(self._on_done)
        self._running = operation
        self._again = False
        operation.start()

    @Slot(object)
    def _on_found(self, result: Any) -> None:
        text, groups = result
        if text == self.query.text().strip():
            self._error = ""
            self._show_results(text, list(groups))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._error = message
        self._show_state()

    @Slot()
    def _on_done(self) -> None:
        operation = self._running
        self._running = None
        if operation is not None:
            operation.deleteLater()
        if self._again:
            self.search_now()

    def busy(self) -> bool:
        """A search is waiting or running (a screenshot waits for its results)."""
        return self.isVisible() and (self._timer.isActive() or self._running is not None)

    def _show_results(self, text: str, groups: list[Group]) -> None:
        self.shown_text = text
        self.groups = groups
        self.delegate.set_groups(groups)
        rows.fill(self.model, groups, text)
        self._show_state()
        first = self._next_selectable(-1, 1)
        if first is not None:
            self.results.setCurrentIndex(self.model.index(first, 0))
        if self.isVisible():
            self._place()
        self.results.scrollToTop()  # the first group's title shows too

    def _show_state(self) -> None:
        """The list, or a line saying why there is none."""
        text = self.query.text().strip()
        if self._error:
            self.message.setText(_("The search failed: {error}").format(error=self._error))
        elif not text:
            self.message.setText(
                _(
                    "Type a name, a number, a portal, an e-mail or words of a message: "
                    "clients, tickets, invoices, coupons and quotes are searched at once."
                )
            )
        elif self.model.rowCount() == 0 and text == self.shown_text:
            self.message.setText(_("Nothing found for “{text}”").format(text=text))
        elif self.model.rowCount() == 0:
            self.message.setText(_("Searching…"))
        shows_results = not self._error and bool(text) and self.model.rowCount() > 0
        self.stack.setCurrentWidget(self.results if shows_results else self.message)

    # -- moving and opening ------------------------------------------------------------

    def _next_selectable(self, row: int, step: int) -> int | None:
        count = self.model.rowCount()
        row += step
        while 0 <= row < count:
            if self.model.item(row).isSelectable():
                return row
            row += 1 if step > 0 else -1
        return None

    def move_selection(self, steps: int) -> None:
        """Up/Down (PageUp/PageDown by ``steps``) from hit to hit, over the headers."""
        if self.stack.currentWidget() is not self.results:
            return
        current = self.results.currentIndex()
        row = current.row() if current.isValid() else -1
        direction = 1 if steps > 0 else -1
        for _step in range(abs(steps)):
            found = self._next_selectable(row, direction)
            if found is None:
                break
            row = found
        if row >= 0:
            index = self.model.index(row, 0)
            self.results.setCurrentIndex(index)
            self.results.scrollTo(index)

    def current_hit(self) -> Hit | None:
        index = self.results.currentIndex()
        data = index.data(rows.DATA_ROLE) if index.isValid() else None
        return data if isinstance(data, Hit) else None

    @Slot()
    def open_current(self) -> None:
        """Enter: the selected row (the first hit if none is), then the box hides."""
        if self._timer.isActive() or self._running is not None:
            self.search_now_and_wait()
        index = self.results.currentIndex()
        if not index.isValid() or not self.model.item(index.row()).isSelectable():
            first = self._next_selectable(-1, 1)
            if first is None:
                return
            index = self.model.index(first, 0)
        self._open(index)

    def search_now_and_wait(self) -> None:
        """Enter typed before the results came: search here, at once (a person who
        typed and pressed Enter wants what they typed)."""
        self._timer.stop()
        text = self.query.text().strip()
        if text and text != self.shown_text:
            self._show_results(text, global_search(text))

    @Slot(QModelIndex)
    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and self.model.item(index.row()).isSelectable():
            self._open(index)

    def _open(self, index: QModelIndex) -> None:
        kind = index.data(rows.ROW_ROLE)
        data = index.data(rows.DATA_ROLE)
        self._return_focus = None
        if kind == "hit" and isinstance(data, Hit):
            self.dismiss()
            self.openRecord.emit(data.open_kind, data.open_id)
        elif kind == "more":
            self.dismiss()
            self.searchTab.emit(rows.MORE_TABS[str(data)][0], self.shown_text)

    # -- language ----------------------------------------------------------------------

    @Slot()
    def retranslate(self) -> None:
        self.setWindowTitle(_("Search everything"))
        self.setAccessibleName(_("Search everything"))
        self.query.setPlaceholderText(
            _("Search clients, portals, tickets, messages, invoices, coupons, quotes…")
        )
        self.query.setAccessibleName(_("Search everything"))
        self.query.setToolTip(_("Up and Down choose a result, Enter opens it, Escape closes"))
        self.results.setAccessibleName(_("Search results"))
        self.message.setAccessibleName(_("Search results"))
        rows.retranslate(self.model, self.groups)
        self._show_state()
        self.results.viewport().update()
