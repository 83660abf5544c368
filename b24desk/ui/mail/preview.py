"""The preview of a message before it is queued: To, CC, subject and body to edit,
the attachments to look at, and Queue (Ctrl+Return)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from b24desk.domain import vocabulary
from b24desk.domain.errors import ValidationError
from b24desk.domain.mail import Draft
from b24desk.domain.vocabulary import label
from b24desk.i18n import LANGUAGES, _
from b24desk.store import outbox
from b24desk.ui.forms import FormDialog
from b24desk.ui.mail.attachments import AttachmentList

QUEUE_SHORTCUT = "Ctrl+Return"


class PreviewDialog(FormDialog):
    """Edit a :class:`~b24desk.domain.mail.Draft`, then queue it in the outbox.

    An address or subject the rules refuse is shown beside its field and everything
    typed stays.  After ``exec()`` returns Accepted, :attr:`queued_id` is the id of the
    message in the outbox.
    """

    def __init__(self, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mailPreview")
        self.draft = draft
        self.queued_id: int | None = None
        self.about = QLabel()
        self.about.setObjectName("mailAbout")
        self.about.setWordWrap(True)
        self.form.insertRow(0, self.about)
        self.to = QLineEdit(draft.to)
        self.cc = QLineEdit(draft.cc)
        self.subject = QLineEdit(draft.subject)
        self.body = QPlainTextEdit(draft.body)
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(self.fontMetrics().lineSpacing() * 14)
        self.add_field("to", lambda: _("To"), self.to)
        self.add_field("cc", lambda: _("CC"), self.cc)
        self.add_field("subject", lambda: _("Subject"), self.subject)
        self.add_field("body", lambda: _("Message"), self.body)
        self.attachment_list: AttachmentList | None = None
        if draft.attachments:
            self.attachment_list = AttachmentList(draft.attachments)
            self.add_field("attachments", lambda: _("Attachments"), self.attachment_list)
        self.queue_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.shortcut = QShortcut(QKeySequence(QUEUE_SHORTCUT), self)
        self.shortcut.activated.connect(self.try_accept)
        self.retranslate()
        # Wide enough for two addresses and a subject; an error shown later keeps it.
        self.setMinimumWidth(max(640, self.fontMetrics().averageCharWidth() * 90))
        self.resize(self.minimumWidth(), self.sizeHint().height())

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "queue_button"):
            return
        kind = label(vocabulary.MAIL_KINDS, self.draft.kind)
        language = LANGUAGES.get(self.draft.language, self.draft.language)
        self.setWindowTitle(_("E-mail: {kind}").format(kind=kind))
        self.about.setText(
            _("{kind}, written in {language}. Check it, then queue it: the desk sends it "
              "as soon as the mail server answers.").format(kind=kind, language=language)
        )
        self.to.setPlaceholderText(_("ana@example.com, billing@example.com"))
        self.cc.setPlaceholderText(_("Optional"))
        self.queue_button.setText(_("Queue"))
        shortcut = QKeySequence(QUEUE_SHORTCUT).toString(QKeySequence.SequenceFormat.NativeText)
        self.queue_button.setToolTip(
            _("Put the message in the outbox ({shortcut})").format(shortcut=shortcut)
        )
        if self.attachment_list is not None:
            self.attachment_list.retranslate()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        # Enter in a field does not queue (a person finishing the To line would send
        # the message unread): only the button or Ctrl+Return do.
        in_line = isinstance(self.focusWidget(), QLineEdit)
        if in_line and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def edited_draft(self) -> Draft:
        """The draft with what is typed in the dialog now."""
        return self.draft.edited(
            to=self.to.text(),
            cc=self.cc.text(),
            subject=self.subject.text(),
            body=self.body.toPlainText(),
        )

    def save(self) -> int:
        queued = outbox.queue(self.edited_draft())
        if queued is None:
            raise ValidationError(
                "", _("This reminder was queued before: it is in the Outbox already.")
            )
        self.queued_id = queued
        return queued


def queue_with_preview(draft: Draft, parent: QWidget | None = None) -> int | None:
    """Show ``draft`` in a :class:`PreviewDialog`; the id of the queued message, or
    ``None`` when the person closed it without queuing."""
    dialog = PreviewDialog(draft, parent)
    try:
        accepted = dialog.exec() == PreviewDialog.DialogCode.Accepted
        return dialog.queued_id if accepted else None
    finally:
        dialog.deleteLater()
