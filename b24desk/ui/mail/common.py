"""What the mail screens share: a message's history line, its state's colour, an
attachment's size, and opening an attachment in the system's viewer."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QDesktopServices

from b24desk.domain import vocabulary
from b24desk.domain.mail import Attachment
from b24desk.domain.vocabulary import label
from b24desk.i18n import _, format_datetime, ngettext
from b24desk.store.outbox import OutboxRow
from b24desk.store.tempfiles import private_temp_dir
from b24desk.ui import palette

#: The palette tone of each outbox state (the state cell's background).
STATE_TONES: dict[str, palette.Tone] = {
    "queued": "info",
    "sending": "info",
    "sent": "ok",
    "failed": "danger",
    "cancelled": "muted",
}


def state_text(state: str) -> str:
    """The name people see for an outbox state ("Queued", "En cola"…)."""
    return label(vocabulary.OUTBOX_STATES, state)


def state_background(state: str) -> QColor | None:
    tone = STATE_TONES.get(state)
    return palette.background(tone) if tone else None


def history_line(row: OutboxRow, zone: tzinfo | None = None) -> str:
    """What became of a message, in one line: "Sent to ana@zenit.es on 3 Dec 2026,
    10:14", "Queued", "Failed: <the server's reason>", "Cancelled" (times in ``zone``,
    the office's)."""
    if row.state == "sent":
        when = format_datetime(row.sent_at, tzinfo=zone) if row.sent_at else ""
        if not when:
            return _("Sent to {to}").format(to=row.to)
        return _("Sent to {to} on {when}").format(to=row.to, when=when)
    if row.state == "failed":
        if row.last_error:
            return _("Failed: {reason}").format(reason=row.last_error)
        return state_text("failed")
    if row.state == "queued" and row.attempts:
        return ngettext(
            "Queued (tried {count} time)", "Queued (tried {count} times)", row.attempts
        ).format(count=row.attempts)
    return state_text(row.state)


def size_text(size: int) -> str:
    """A file's size in the desk language: "512 bytes", "340 kB", "1,2 МБ"."""
    from b24desk.ui.backup_dialog import format_size

    if size < 1000:
        return ngettext("{count} byte", "{count} bytes", size).format(count=size)
    return format_size(size)


_folder: tempfile.TemporaryDirectory[str] | None = None
_UNSAFE = re.compile(r"[^\w.\- ]+")


def attachment_path(attachment: Attachment) -> Path:
    """Write ``attachment`` into the desk's private temporary folder (removed when the
    desk closes, or by :func:`~b24desk.store.tempfiles.clean_stale_folders` after a
    crash) and return the file's path."""
    global _folder
    if _folder is None:
        _folder = private_temp_dir("mail")
    name = _UNSAFE.sub("_", Path(attachment.filename).name).strip(". ") or "attachment"
    folder = Path(tempfile.mkdtemp(dir=_folder.name))  # two files of one name never clash
    path = folder / name
    path.write_bytes(attachment.data)
    path.chmod(0o600)
    return path


def _open_url(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


#: How a file is shown (replaced in tests, where no viewer may start).
open_url: Callable[[QUrl], bool] = _open_url


def open_attachment(attachment: Attachment) -> Path:
    """Show ``attachment`` in the system's viewer (a copy in a private temporary file)."""
    path = attachment_path(attachment)
    open_url(QUrl.fromLocalFile(str(path)))
    return path
