"""E-mail on the desk (issue #16): the preview before a message is queued, the Outbox
view, the status-bar count, the background pump that sends, and the history lines
the client and invoice panes show."""

from b24desk.ui.mail.outbox import MessageDialog, OutboxDialog
from b24desk.ui.mail.preview import PreviewDialog
from b24desk.ui.mail.sending import MailPump
from b24desk.ui.mail.status import OutboxStatusLabel

__all__ = ["MailPump", "MessageDialog", "OutboxDialog", "OutboxStatusLabel", "PreviewDialog"]
