"""The office's SMTP account (issue #16): its settings and where its password is kept.

The settings (server, port, security, user, sender, reply-to, BCC to the office,
automatic reminders and the overdue stages) are columns of the office row, checked by
the helpers below when :func:`b24desk.store.office.update_office` saves them (the
dialog and ``b24desk office --set`` go through the same checks).

The password is never written into the database, the settings, a log or a backup:
:func:`smtp_password` reads ``B24DESK_SMTP_PASSWORD`` (headless runs) first, then the
system keyring (service ``b24desk``, user ``smtp:user@host:port``), through the keyring
helpers the database password uses (:mod:`b24desk.store.server`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from b24desk.domain.errors import ValidationError
from b24desk.domain.reminders import check_overdue_stages
from b24desk.domain.validation import validate_email
from b24desk.domain.vocabulary import SMTP_SECURITY
from b24desk.i18n import N_, _
from b24desk.store.models import Office
from b24desk.store.server import forget_secret, is_host_name, read_secret, save_secret

__all__ = [
    "PASSWORD_ENV",
    "SMTP_FIELDS",
    "SMTP_LABELS",
    "MailAccount",
    "forget_smtp_password",
    "mail_account",
    "mail_configured",
    "save_smtp_password",
    "smtp_password",
    "smtp_validators",
]

#: The environment variable a headless run gives the SMTP password in.
PASSWORD_ENV = "B24DESK_SMTP_PASSWORD"

#: The office settings of the mail account, in the order the dialog shows them.
SMTP_FIELDS = (
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_user",
    "sender_name",
    "sender_email",
    "reply_to",
    "bcc_office",
    "auto_reminders",
    "overdue_stages",
)

SMTP_LABELS: dict[str, str] = {
    "smtp_host": N_("Mail server (SMTP)"),
    "smtp_port": N_("Port"),
    "smtp_security": N_("Security"),
    "smtp_user": N_("User name"),
    "sender_name": N_("Sender name"),
    "sender_email": N_("Sender e-mail"),
    "reply_to": N_("Reply-to e-mail"),
    "bcc_office": N_("Blind copy to the office"),
    "auto_reminders": N_("Queue reminders automatically"),
    "overdue_stages": N_("Overdue reminders (days after the due date)"),
}


@dataclass(frozen=True)
class MailAccount:
    """The office's SMTP settings (never the password)."""

    host: str
    port: int
    security: str
    user: str
    sender_name: str
    sender_email: str
    reply_to: str
    bcc_office: bool

    @property
    def key(self) -> str:
        """The keyring entry's user name: one password per user, server and port."""
        return f"smtp:{self.user}@{self.host}:{self.port}"


def _account_of(office: Office) -> MailAccount:
    return MailAccount(
        host=office.smtp_host,
        port=int(office.smtp_port),
        security=office.smtp_security,
        user=office.smtp_user,
        sender_name=office.sender_name,
        sender_email=office.sender_email,
        reply_to=office.reply_to,
        bcc_office=bool(office.bcc_office),
    )


def mail_account() -> MailAccount:
    """The SMTP settings of the office row."""
    return _account_of(Office.get_by_id(1))


def mail_configured() -> bool:
    """Whether the desk can send: a server and a sender e-mail are set."""
    account = mail_account()
    return bool(account.host and account.sender_email)


def smtp_password(account: MailAccount) -> str | None:
    """``B24DESK_SMTP_PASSWORD`` when set, else the keyring's password for ``account``
    (None: no password known; a server that needs none is fine with that)."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not account.host:
        return None
    return read_secret(account.key)


def save_smtp_password(account: MailAccount, password: str) -> bool:
    """Keep the password in the system keyring; False when there is none (or it refused):
    then only ``B24DESK_SMTP_PASSWORD`` can give it."""
    return save_secret(account.key, password)


def forget_smtp_password(account: MailAccount) -> None:
    forget_secret(account.key)


# -- the settings' checks (used by store/office.validate_office) --------------------------


def _label(field: str) -> str:
    return _(SMTP_LABELS[field])


def _one_line(value: object, field: str) -> str:
    text = str(value if value is not None else "").strip()
    if any(ch in text for ch in "\r\n\x00"):
        raise ValidationError(
            field, _("{field} is one line: remove the line breaks.").format(field=_label(field))
        )
    return text


def _host(value: object) -> str:
    text = _one_line(value, "smtp_host")
    if text and not is_host_name(text):
        raise ValidationError(
            "smtp_host",
            _(
                "A server name has only Latin letters, digits, dots and hyphens, or "
                "is an IP address."
            ),
        )
    return text.lower()  # names are case-insensitive: one spelling, one keyring entry


def _port(value: object) -> int:
    text = str(value).strip() if not isinstance(value, bool) else ""
    number = int(text) if text.isascii() and text.isdigit() else 0
    if not 1 <= number <= 65535:
        raise ValidationError(
            "smtp_port",
            _("The port is a number from 1 to 65535 (usually 587, or 465 for SSL/TLS)."),
        )
    return number


def _security(value: object) -> str:
    text = str(value or "").strip().lower()
    if text not in SMTP_SECURITY:
        raise ValidationError(
            "smtp_security",
            _("{field}: choose one of {choices}.").format(
                field=_label("smtp_security"), choices=", ".join(SMTP_SECURITY)
            ),
        )
    return text


def _email(field: str, required: bool = False) -> Callable[[object], str]:
    def check(value: object) -> str:
        text = _one_line(value, field)
        if not text and not required:
            return ""
        try:
            return validate_email(text, field)
        except ValidationError:
            raise ValidationError(
                field,
                _("{field}: \u201c{value}\u201d is not a valid e-mail address.").format(
                    field=_label(field), value=text
                ),
            ) from None

    return check


_TRUE = {"1", "true", "yes", "on", "y"}
_FALSE = {"0", "false", "no", "off", "n", ""}


def _boolean(field: str) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValidationError(
            field, _("{field}: write yes or no.").format(field=_label(field))
        )

    return check


def smtp_validators() -> Mapping[str, Callable[[object], Any]]:
    """Setting → the check that returns its value to store or raises ValidationError."""
    return {
        "smtp_host": _host,
        "smtp_port": _port,
        "smtp_security": _security,
        "smtp_user": lambda v: _one_line(v, "smtp_user"),
        "sender_name": lambda v: _one_line(v, "sender_name"),
        "sender_email": _email("sender_email"),
        "reply_to": _email("reply_to"),
        "bcc_office": _boolean("bcc_office"),
        "auto_reminders": _boolean("auto_reminders"),
        "overdue_stages": lambda v: ",".join(
            str(d) for d in check_overdue_stages(_one_line(v, "overdue_stages"))
        ),
    }
