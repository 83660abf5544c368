"""E-mail on the desk (issue #16), as a feature package.

- :mod:`.preview`: ``PreviewDialog``, a draft to check and edit before it is queued;
- :mod:`.outbox`: ``OutboxDialog`` (the Outbox view) and ``MessageDialog`` (one
  message, read-only);
- :mod:`.status`: ``OutboxStatusLabel``, the status bar's "2 messages waiting";
- :mod:`.sending`: ``MailPump``, the background sending (every minute, back-off);
- :mod:`.attachments`: the attachment list with Open;
- :mod:`.common`: what they share (a message's history line, state colours, sizes,
  opening an attachment).

The public names stay importable from the package but are imported on first use, so
the package's modules importing one another never loop through this ``__init__``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b24desk.ui.mail.common import history_line
    from b24desk.ui.mail.outbox import MessageDialog, OutboxDialog
    from b24desk.ui.mail.preview import PreviewDialog
    from b24desk.ui.mail.sending import MailPump
    from b24desk.ui.mail.status import OutboxStatusLabel

#: Each public name → the module of this package that defines it.
_HOMES: dict[str, str] = {
    "history_line": "common",
    "MessageDialog": "outbox",
    "OutboxDialog": "outbox",
    "PreviewDialog": "preview",
    "MailPump": "sending",
    "OutboxStatusLabel": "status",
}

__all__ = [
    "MailPump",
    "MessageDialog",
    "OutboxDialog",
    "OutboxStatusLabel",
    "PreviewDialog",
    "history_line",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
