"""The rows of the global search: group headers, hits and "more…", and how they are
drawn (the words searched for in bold)."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from b24desk.i18n import N_, _, ngettext
from b24desk.store.search import Group, Hit, highlights

#: What a row is: "header" (a kind's title, never selectable), "hit" or "more".
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: The row's :class:`Hit` (hit rows) or kind (header and "more…" rows).
DATA_ROLE = Qt.ItemDataRole.UserRole + 2
#: The hit's title and detail as HTML, the words searched for in bold.
TITLE_HTML_ROLE = Qt.ItemDataRole.UserRole + 3
DETAIL_HTML_ROLE = Qt.ItemDataRole.UserRole + 4

#: The group titles, by kind (UI words: the store knows kinds, not their names).
GROUP_TITLES = {
    "client": N_("Clients"),
    "portal": N_("Portals"),
    "ticket": N_("Tickets"),
    "message": N_("Messages"),
    "invoice": N_("Invoices"),
    "coupon": N_("Coupons"),
    "quote": N_("Quotes"),
}

#: The tab that lists more of a kind (its search box gets the text), and its title.
MORE_TABS = {
    "client": ("clients", N_("Clients")),
    "portal": ("clients", N_("Clients")),
    "ticket": ("tickets", N_("Tickets")),
    "message": ("tickets", N_("Tickets")),
    "invoice": ("invoices", N_("Invoices")),
    "coupon": ("coupons", N_("Coupons")),
    "quote": ("quotes", N_("Quotes")),
}

#: Characters kept before the first match when a long detail is cut to show it.
LEAD_IN = 24


def group_title(kind: str) -> str:
    return _(GROUP_TITLES.get(kind, kind))


def count_text(group: Group) -> str:
    count = len(group.hits)
    if group.more:
        return ngettext("{count}+ match", "{count}+ matches", count).format(count=count)
    return ngettext("{count} match", "{count} matches", count).format(count=count)


def more_text(kind: str) -> str:
    return _("Show more in the {tab} tab…").format(tab=_(MORE_TABS[kind][1]))


def marked_html(shown: str, text: str) -> str:
    """``shown`` as HTML (escaped) with the parts matching a word of ``text`` in bold."""
    parts: list[str] = []
    at = 0
    for start, end in highlights(shown, text):
        if start < at:
            start = at
        if end <= start:
            continue
        parts.append(html.escape(shown[at:start]))
        parts.append(f"<b>{html.escape(shown[start:end])}</b>")
        at = end
    parts.append(html.escape(shown[at:]))
    return "".join(parts)


def fitted(shown: str, text: str, metrics: QFontMetrics, width: int) -> str:
    """``shown`` cut to ``width`` pixels; a long text whose first match would be cut
    off starts just before it instead (“…the words around it”)."""
    one_line = " ".join(shown.split())
    if metrics.horizontalAdvance(one_line) <= width:
        return one_line
    spans = highlights(one_line, text)
    cut = metrics.elidedText(one_line, Qt.TextElideMode.ElideRight, width)
    if spans and spans[0][1] > len(cut) - 1:  # the ellipsis takes the last character
        start = max(0, spans[0][0] - LEAD_IN)
        space = one_line.rfind(" ", 0, spans[0][0])
        if space >= start:
            start = space + 1
        one_line = "…" + one_line[start:]
        cut = metrics.elidedText(one_line, Qt.TextElideMode.ElideRight, width)
    return cut


def header_item(group: Group) -> QStandardItem:
    item = QStandardItem(f"{group_title(group.kind)}: {count_text(group)}")
    item.setData("header", ROW_ROLE)
    item.setData(group.kind, DATA_ROLE)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # never selectable: Up/Down step over it
    return item


def hit_item(hit: Hit, text: str) -> QStandardItem:
    shown = f"{hit.title} — {hit.detail}" if hit.detail else hit.title
    item = QStandardItem(shown)
    item.setData("hit", ROW_ROLE)
    item.setData(hit, DATA_ROLE)
    item.setData(marked_html(hit.title, text), TITLE_HTML_ROLE)
    item.setData(marked_html(hit.detail, text), DETAIL_HTML_ROLE)
    item.setToolTip(shown)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


def more_item(kind: str) -> QStandardItem:
    item = QStandardItem(more_text(kind))
    item.setData("more", ROW_ROLE)
    item.setData(kind, DATA_ROLE)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


def fill(model: QStandardItemModel, groups: list[Group], text: str) -> None:
    """The model's rows for ``groups`` found for ``text``."""
    model.clear()
    for group in groups:
        model.appendRow(header_item(group))
        for hit in group.hits:
            model.appendRow(hit_item(hit, text))
        if group.more and group.kind in MORE_TABS:
            model.appendRow(more_item(group.kind))


def retranslate(model: QStandardItemModel, groups: list[Group]) -> None:
    """Header and "more…" rows in the desk's current language."""
    by_kind = {group.kind: group for group in groups}
    for row in range(model.rowCount()):
        item = model.item(row)
        kind = str(item.data(DATA_ROLE)) if item.data(ROW_ROLE) != "hit" else ""
        if item.data(ROW_ROLE) == "header" and kind in by_kind:
            item.setText(f"{group_title(kind)}: {count_text(by_kind[kind])}")
        elif item.data(ROW_ROLE) == "more":
            item.setText(more_text(kind))


class RowDelegate(QStyledItemDelegate):
    """Headers as small bold titles with their count on the right; hits as a title
    line and a quieter detail line, the words searched for in bold."""

    PAD = 6

    def __init__(self, query: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: The text the shown results were found for (what is highlighted).
        self.query = query
        self._groups: dict[str, Group] = {}

    def set_groups(self, groups: list[Group]) -> None:
        self._groups = {group.kind: group for group in groups}

    # -- sizes -----------------------------------------------------------------------

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = option.fontMetrics.height()
        kind = index.data(ROW_ROLE)
        if kind == "hit":
            hit = index.data(DATA_ROLE)
            lines = 2 if isinstance(hit, Hit) and hit.detail else 1
            return QSize(200, lines * line + 2 * self.PAD + 2)
        if kind == "header":
            return QSize(200, line + self.PAD + 4)
        return QSize(200, line + 2 * self.PAD)

    # -- painting --------------------------------------------------------------------

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        kind = index.data(ROW_ROLE)
        painter.save()
        try:
            if kind == "header":
                self._paint_header(painter, opt, index)
            else:
                opt.text = ""
                style = opt.widget.style() if opt.widget is not None else QApplication.style()
                style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
                if kind == "hit":
                    self._paint_hit(painter, opt, index)
                else:
                    self._paint_more(painter, opt)
        finally:
            painter.restore()

    def _text_color(self, opt: QStyleOptionViewItem, quiet: bool = False) -> QColor:
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if selected:
            return opt.palette.color(QPalette.ColorRole.HighlightedText)
        if quiet:
            return opt.palette.color(QPalette.ColorRole.PlaceholderText)
        return opt.palette.color(QPalette.ColorRole.Text)

    def _paint_header(
        self,
        painter: QPainter,
        opt: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        group = self._groups.get(str(index.data(DATA_ROLE)))
        rect = opt.rect.adjusted(self.PAD + 2, 4, -self.PAD - 2, 0)
        font = QFont(opt.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(opt.palette.color(QPalette.ColorRole.PlaceholderText))
        title = group_title(str(index.data(DATA_ROLE)))
        count = count_text(group) if group is not None else ""
        count_width = opt.fontMetrics.horizontalAdvance(count) + 4
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(
            rect.adjusted(0, 0, -count_width, 0), int(align | Qt.AlignmentFlag.AlignLeft), title
        )
        painter.setFont(opt.font)
        painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignRight), count)
        painter.setPen(opt.palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(opt.rect.left(), opt.rect.top(), opt.rect.right(), opt.rect.top())

    def _paint_hit(
        self,
        painter: QPainter,
        opt: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        hit = index.data(DATA_ROLE)
        if not isinstance(hit, Hit):
            return
        text = self.query()
        line = opt.fontMetrics.height()
        inner = opt.rect.adjusted(self.PAD + 10, self.PAD, -self.PAD, -self.PAD)
        bold = QFont(opt.font)
        bold.setBold(True)
        # Room for the bold parts too: a bold word is wider than the measured one.
        title = fitted(hit.title, text, QFontMetrics(bold), inner.width())
        detail = fitted(hit.detail, text, QFontMetrics(bold), inner.width())
        self._draw_html(painter, opt, QRect(inner.left(), inner.top(), inner.width(), line), title)
        if detail:
            self._draw_html(
                painter,
                opt,
                QRect(inner.left(), inner.top() + line + 2, inner.width(), line),
                detail,
                quiet=True,
            )

    def _draw_html(
        self,
        painter: QPainter,
        opt: QStyleOptionViewItem,
        rect: QRect,
        shown: str,
        quiet: bool = False,
    ) -> None:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(opt.font)
        doc.setHtml(marked_html(shown, self.query()))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, self._text_color(opt, quiet))
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(QRect(0, 0, rect.width(), rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def _paint_more(self, painter: QPainter, opt: QStyleOptionViewItem) -> None:
        rect = opt.rect.adjusted(self.PAD + 10, 0, -self.PAD, 0)
        font = QFont(opt.font)
        font.setItalic(True)
        painter.setFont(font)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Link
        painter.setPen(opt.palette.color(role))
        shown = QFontMetrics(font).elidedText(
            opt.index.data(), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown
        )
