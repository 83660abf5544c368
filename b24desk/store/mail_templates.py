"""The office's own wording of its messages (issue #16): one ``MailTemplate`` row per
kind and language the office changed; without a row the shipped text is used."""

from __future__ import annotations

from b24desk.domain.mail_templates import check_template, shipped_template
from b24desk.domain.vocabulary import LANGUAGES, MAIL_KINDS
from b24desk.store import events
from b24desk.store.db import transaction
from b24desk.store.models import MailTemplate

__all__ = ["is_customised", "reset_template", "save_template", "template"]


def _check_keys(kind: str, language: str) -> None:
    if kind not in MAIL_KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")


def _row(kind: str, language: str) -> MailTemplate | None:
    return MailTemplate.get_or_none(
        (MailTemplate.kind == kind) & (MailTemplate.language == language)
    )


def template(kind: str, language: str) -> tuple[str, str]:
    """``(subject, body)`` of ``kind`` in ``language``: the office's, else the shipped one."""
    _check_keys(kind, language)
    row = _row(kind, language)
    if row is None:
        return shipped_template(kind, language)
    return row.subject, row.body


def is_customised(kind: str, language: str) -> bool:
    """Whether the office has its own wording of ``kind`` in ``language``."""
    _check_keys(kind, language)
    return _row(kind, language) is not None


def save_template(kind: str, language: str, subject: str, body: str) -> None:
    """Keep the office's wording, checked first (``ValidationErrors`` on ``subject`` /
    ``body``: nothing is saved).  Saving the shipped text again removes the office's
    copy, so a later improvement of the shipped text reaches the office."""
    _check_keys(kind, language)
    check_template(kind, subject, body)
    with transaction():
        if (subject, body) == shipped_template(kind, language):
            MailTemplate.delete().where(
                (MailTemplate.kind == kind) & (MailTemplate.language == language)
            ).execute()
        else:  # one row per kind and language, also when two desks save at once
            MailTemplate.insert(
                kind=kind, language=language, subject=subject, body=body
            ).on_conflict(
                conflict_target=[MailTemplate.kind, MailTemplate.language],
                update={MailTemplate.subject: subject, MailTemplate.body: body},
            ).execute()
    events.notify(events.OFFICE)


def reset_template(kind: str, language: str) -> None:
    """Go back to the shipped wording of ``kind`` in ``language``."""
    _check_keys(kind, language)
    with transaction():
        MailTemplate.delete().where(
            (MailTemplate.kind == kind) & (MailTemplate.language == language)
        ).execute()
    events.notify(events.OFFICE)
