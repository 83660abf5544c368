"""A message the desk is about to send, and the rules every message obeys (issue #16).

A :class:`Draft` is what a person sees in the preview before it is queued: who it goes
to, the subject and body in the client's language, and the files attached (their bytes,
so what is queued is what is sent and kept).  :func:`check_draft` is the rule a draft
must pass before the store queues it: valid addresses, no line breaks in a header, no
attachment over :data:`MAX_ATTACHMENT_BYTES`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from b24desk.domain.errors import ErrorCollector, ValidationError
from b24desk.domain.validation import validate_email
from b24desk.i18n import _

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "Attachment",
    "Draft",
    "check_draft",
    "split_addresses",
]

#: The largest file a message may carry; most mail servers refuse more.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    mime_type: str = "application/pdf"


@dataclass(frozen=True)
class Draft:
    """One message before it is queued.  ``kind`` is a code of
    ``vocabulary.MAIL_KINDS``; ``record_type``/``record_id`` name what it is about."""

    kind: str
    language: str
    to: str
    subject: str
    body: str
    cc: str = ""
    client_id: int | None = None
    record_type: str = ""
    record_id: int | None = None
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    #: The reminder stage this draft is ("30", "7", "grace", "14"…); "" for others.
    stage: str = ""
    #: Tells reminders of the same record and stage apart (a renewal's paid-until date).
    period: str = ""

    def edited(self, *, to: str, cc: str, subject: str, body: str) -> Draft:
        """The same draft with what the person changed in the preview."""
        return replace(self, to=to, cc=cc, subject=subject, body=body)


def split_addresses(text: str) -> list[str]:
    """The addresses in ``text``, separated by commas or semicolons, blanks dropped."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _check_addresses(text: str, field_name: str, required: bool) -> list[str]:
    addresses = split_addresses(text)
    if required and not addresses:
        raise ValidationError(field_name, _("Type at least one e-mail address."))
    return [validate_email(address, field_name) for address in addresses]


def _check_header(text: str, field_name: str, required: bool) -> str:
    if "\r" in text or "\n" in text:
        raise ValidationError(field_name, _("A subject is one line: remove the line breaks."))
    if required and not text.strip():
        raise ValidationError(field_name, _("Type a subject."))
    return text.strip()


def check_draft(draft: Draft) -> Draft:
    """``draft`` with its addresses and subject cleaned, or every problem at once
    (:class:`~b24desk.domain.errors.ValidationErrors`, fields ``to``, ``cc``,
    ``subject``, ``attachments``)."""
    errors = ErrorCollector()
    to: list[str] = []
    cc: list[str] = []
    subject = draft.subject
    with errors.check():
        to = _check_addresses(draft.to, "to", required=True)
    with errors.check():
        cc = _check_addresses(draft.cc, "cc", required=False)
    with errors.check():
        subject = _check_header(draft.subject, "subject", required=True)
    with errors.check():
        _check_attachments(draft.attachments)
    errors.raise_if_any()
    return replace(draft, to=", ".join(to), cc=", ".join(cc), subject=subject)


def _check_attachments(attachments: Iterable[Attachment]) -> None:
    for attachment in attachments:
        if "\r" in attachment.filename or "\n" in attachment.filename:
            raise ValidationError("attachments", _("A file name is one line."))
        if len(attachment.data) > MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                "attachments",
                _("{name} is larger than 10 MB: mail servers refuse files that big.").format(
                    name=attachment.filename
                ),
            )
