"""Sending the outbox (issue #16): what goes on the wire, and how a message leaves once.

Qt-free; :func:`send_queued` runs in any thread (each thread uses its own database
connection) and on any number of desks sharing a PostgreSQL database at once.

What is guaranteed
------------------
* **A message is handed to the server at most once per claim, and claimed once.**
  A desk claims a due message with one conditional
  ``UPDATE … SET state='sending' WHERE id=? AND state='queued'`` and commits that
  claim *before* it talks to the server.  Only the desk whose UPDATE changed the row
  sends it; another desk (or thread) sees no ``queued`` row and moves on.
* **No message is lost.**  Every message stays in the outbox in every state; a
  failure leaves it ``queued`` (a temporary failure, tried again after a back-off) or
  ``failed`` with the server's reason (the Outbox can retry it).
* **A crash is never resent behind the person's back.**  If the desk stops between the
  claim and the commit of the result (killed, power cut, network lost while the
  server received the message), the message stays ``sending``: it may or may not have
  been delivered, and b24desk cannot know which.  It is not sent again automatically;
  after :data:`STALE_AFTER` it becomes ``failed`` with a reason that says so, and a
  person decides (check the recipient's mailbox or the server's log, then retry).
  The same holds when the connection breaks after the message text was sent.
* **A retry is recognisable.**  The ``Message-ID`` is fixed when the message is
  queued and is the same on every attempt, so the recipient's server or mail client
  can drop a duplicate a person's retry might create.

What is not guaranteed: exactly-once delivery across a crash (SMTP has no way to ask
a server whether it accepted a message), nor delivery itself (the recipient's server
may still bounce it later, to the sender's mailbox).
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
import socket
import ssl
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime

from b24desk.domain.mail import split_addresses
from b24desk.i18n import _
from b24desk.store import events
from b24desk.store.db import transaction
from b24desk.store.errors import NotFoundError
from b24desk.store.mail_account import (
    PASSWORD_ENV,
    MailAccount,
    mail_account,
    smtp_password,
)
from b24desk.store.models import OutboxAttachment, OutboxMessage, utcnow
from b24desk.store.outbox import OUTBOX, log_sent

__all__ = [
    "BACKOFF_MINUTES",
    "MAX_ATTEMPTS",
    "STALE_AFTER",
    "ConnectionCheck",
    "SendReport",
    "build_email",
    "fail_stale",
    "send_queued",
    "test_connection",
]

log = logging.getLogger(__name__)

#: Minutes before the next try after the 1st, 2nd, … temporary failure (the last repeats).
BACKOFF_MINUTES = (1, 5, 15, 60, 240)
#: Attempts after which a temporary failure is given up (the message becomes failed).
MAX_ATTEMPTS = 10
#: How long a claim may stay ``sending`` before the desk is taken to have stopped.
STALE_AFTER = timedelta(minutes=10)
#: Seconds the desk waits for the mail server at each step.
TIMEOUT_S = 30.0


def _stale_reason() -> str:
    return _(
        "the desk stopped while sending; it may have been delivered \u2014 check before retrying"
    )


def _lost_reason() -> str:
    return _(
        "the connection was lost while the server received the message; it may have been "
        "delivered \u2014 check before retrying"
    )


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str  # translated: what was found, or why it failed


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int
    waiting: int
    error: str = ""  # one translated line when the server could not be used


# -- the message on the wire ----------------------------------------------------------------


def _addresses(text: str) -> list[str]:
    return split_addresses(text)


def build_email(message_id: int) -> EmailMessage:
    """The outbox message ``message_id`` as it goes to the server (headers set through
    the ``email`` package, which refuses a header with a line break)."""
    message = OutboxMessage.get_or_none(OutboxMessage.id == message_id)
    if message is None:
        raise NotFoundError(_("The message no longer exists."))
    return _build(message, mail_account())


#: 7-bit clean on the wire (text quoted-printable, files base64), CRLF line ends: what
#: any SMTP server takes, with or without 8BITMIME.
WIRE_POLICY = SMTP_POLICY.clone(cte_type="7bit")


def _build(message: OutboxMessage, account: MailAccount) -> EmailMessage:
    email = EmailMessage(policy=WIRE_POLICY)
    sender = account.sender_email
    if "@" in sender:
        local, domain = sender.rsplit("@", 1)
        email["From"] = Address(display_name=account.sender_name, username=local, domain=domain)
    else:
        email["From"] = sender
    email["To"] = ", ".join(_addresses(message.to_addrs))
    if message.cc_addrs.strip():
        email["Cc"] = ", ".join(_addresses(message.cc_addrs))
    if account.reply_to:
        email["Reply-To"] = account.reply_to
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = message.message_id
    email.set_content(message.body)
    for attachment in (
        OutboxAttachment.select()
        .where(OutboxAttachment.message == message.id)
        .order_by(OutboxAttachment.id)
    ):
        maintype, _slash, subtype = (attachment.mime_type or "application/octet-stream").partition(
            "/"
        )
        email.add_attachment(
            bytes(attachment.data),
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    # Last: set_content and add_attachment rewrite the Content-* headers of the top part.
    email["Content-Language"] = message.language
    return email


def _recipients(message: OutboxMessage, account: MailAccount) -> list[str]:
    """Every envelope recipient: To, Cc, the stored Bcc and the office's blind copy
    (a Bcc never appears in the headers)."""
    out: list[str] = []
    for text in (message.to_addrs, message.cc_addrs, message.bcc_addrs):
        out.extend(_addresses(text))
    if account.bcc_office and account.sender_email:
        out.append(account.sender_email)
    seen: set[str] = set()
    unique = []
    for address in out:
        if address.lower() not in seen:
            seen.add(address.lower())
            unique.append(address)
    return unique


# -- talking to the server ------------------------------------------------------------------


class _Failure(Exception):
    """Why a step failed, sorted by what to do about it.

    ``kind``: "unreachable" (no server: stop, leave everything queued), "account" (the
    server refuses this account: login, certificate, TLS — every due message fails),
    "temporary" (4xx for this message: try again later), "permanent" (5xx for this
    message), "lost" (the connection broke while the server received the message)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def tls_context() -> ssl.SSLContext:
    """The TLS settings: the system's trusted certificates (``SSL_CERT_FILE`` and
    ``SSL_CERT_DIR`` name others), host names checked.  Never unverified."""
    return ssl.create_default_context()


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}".strip()


def _where(account: MailAccount) -> str:
    return f"{account.host}:{account.port}"


def _connection_failure(exc: BaseException, account: MailAccount, timeout: float) -> _Failure:
    where = _where(account)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return _Failure(
            "account",
            _("The mail server refused the login: {reply}").format(
                reply=_reply(exc.smtp_code, exc.smtp_error)
            ),
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return _Failure(
            "account",
            _("The mail server's certificate is not trusted ({reason}).").format(
                reason=exc.verify_message or exc.reason or exc
            ),
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return _Failure(
            "account",
            _(
                "The mail server {server} does not offer STARTTLS: choose SSL/TLS or ask "
                "the provider for the right port."
            ).format(server=where),
        )
    if isinstance(exc, ssl.SSLError):
        return _Failure(
            "account",
            _("The secure connection to {server} failed ({reason}): check the security and port.")
            .format(server=where, reason=exc.reason or exc),
        )
    if isinstance(exc, smtplib.SMTPResponseException):  # the greeting, EHLO, STARTTLS
        code = exc.smtp_code
        reply = _reply(code, exc.smtp_error)
        if 400 <= code < 500:
            return _Failure(
                "unreachable",
                _("The mail server {server} is busy: {reply}").format(server=where, reply=reply),
            )
        return _Failure(
            "account",
            _("The mail server {server} refused the connection: {reply}").format(
                server=where, reply=reply
            ),
        )
    if isinstance(exc, socket.gaierror):
        return _Failure(
            "unreachable",
            _("There is no mail server named {host} (or no network).").format(host=account.host),
        )
    if isinstance(exc, TimeoutError | socket.timeout):
        return _Failure(
            "unreachable",
            _("The mail server {server} did not answer within {seconds} seconds.").format(
                server=where, seconds=int(timeout)
            ),
        )
    if isinstance(exc, ConnectionRefusedError):
        return _Failure(
            "unreachable",
            _("No mail server answers at {server} (connection refused).").format(server=where),
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
        return _Failure(
            "unreachable",
            _("The mail server {server} cannot be reached ({reason}).").format(
                server=where, reason=getattr(exc, "strerror", None) or exc
            ),
        )
    return _Failure("account", str(exc))


def _connect(account: MailAccount, password: str | None, timeout: float) -> smtplib.SMTP:
    """A logged-in SMTP session, or :class:`_Failure`."""
    smtp: smtplib.SMTP | None = None
    try:
        if account.security == "ssl":
            smtp = smtplib.SMTP_SSL(
                account.host, account.port, timeout=timeout, context=tls_context()
            )
        else:
            smtp = smtplib.SMTP(account.host, account.port, timeout=timeout)
        smtp.ehlo()
        if account.security == "starttls":
            smtp.starttls(context=tls_context())
            smtp.ehlo()
        if account.user:
            smtp.login(account.user, password or "")
        return smtp
    except (smtplib.SMTPException, OSError) as exc:
        if smtp is not None:
            smtp.close()
        raise _connection_failure(exc, account, timeout) from exc


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def _transmit(smtp: smtplib.SMTP, sender: str, recipients: list[str], payload: bytes) -> None:
    """MAIL, RCPT and DATA, step by step, so that a failure before the message text
    went out (safe to try again) is told apart from one after (it may have arrived)."""

    def refused(code: int, reply: bytes | str) -> _Failure:
        # 421: the server closes the session (not this message's fault).
        kind = "unreachable" if code == 421 else "temporary" if 400 <= code < 500 else "permanent"
        return _Failure(kind, _("The mail server refused the message: {reply}").format(
            reply=_reply(code, reply)
        ))

    try:
        code, reply = smtp.mail(sender)
        if code != 250:
            raise refused(code, reply)
        accepted = 0
        last: tuple[int, bytes] = (0, b"")
        for address in recipients:
            code, reply = smtp.rcpt(address)
            if code in (250, 251):
                accepted += 1
            else:
                last = (code, reply)
        if accepted == 0 or last[0]:
            # A refused recipient: the message goes to nobody rather than to some.
            smtp.rset()
            raise refused(*last)
        code, reply = smtp.docmd("DATA")
        if code != 354:
            raise refused(code, reply)
    except _Failure:
        raise
    except (smtplib.SMTPException, OSError) as exc:
        raise _Failure(
            "unreachable",
            _("The connection to the mail server was lost ({reason}).").format(reason=exc),
        ) from exc
    # From here on the server may have the message: a broken connection is "lost".
    try:
        data = re.sub(rb"(?m)^\.", b"..", payload)
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        smtp.send(data + b".\r\n")
        code, reply = smtp.getreply()
    except (smtplib.SMTPException, OSError) as exc:
        raise _Failure("lost", _lost_reason()) from exc
    if code != 250:
        raise refused(code, reply)


def _wire_bytes(email: EmailMessage) -> bytes:
    return email.as_bytes(policy=WIRE_POLICY)


# -- the outbox's state changes -------------------------------------------------------------


def _backoff(attempts: int) -> timedelta:
    index = min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1
    return timedelta(minutes=BACKOFF_MINUTES[index])


def fail_stale(now: datetime | None = None) -> int:
    """Mark failed every message claimed longer than :data:`STALE_AFTER` ago (its desk
    stopped while sending: it may have been delivered, so it is not resent)."""
    now = now or utcnow()
    stale = (OutboxMessage.state == "sending") & (OutboxMessage.claimed_at < now - STALE_AFTER)
    if not OutboxMessage.select().where(stale).exists():
        return 0  # the usual case: no write (a desk sends every few minutes)
    with transaction():
        count = (
            OutboxMessage.update(
                state="failed",
                last_error=_stale_reason(),
                version=OutboxMessage.version + 1,
            )
            .where(stale)
            .execute()
        )
    if count:
        log.warning("%d outbox message(s) left in 'sending' marked failed", count)
        events.notify(OUTBOX)
    return int(count)


def _due_ids(now: datetime, limit: int | None) -> list[int]:
    query = (
        OutboxMessage.select(OutboxMessage.id)
        .where((OutboxMessage.state == "queued") & (OutboxMessage.next_attempt_at <= now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [row.id for row in query]


def _claim(message_id: int, desk: str, now: datetime) -> bool:
    """queued → sending for this desk, in one conditional UPDATE, committed."""
    with transaction():
        claimed = (
            OutboxMessage.update(
                state="sending",
                claimed_by=desk,
                claimed_at=now,
                attempts=OutboxMessage.attempts + 1,
                version=OutboxMessage.version + 1,
            )
            .where(
                (OutboxMessage.id == message_id)
                & (OutboxMessage.state == "queued")
                & (OutboxMessage.next_attempt_at <= now)
            )
            .execute()
        )
    return claimed == 1


def _finish(message_id: int, desk: str, values: Mapping[str, object]) -> None:
    """The outcome of this desk's claim (a stale sweep meanwhile does not hide a send)."""
    with transaction():
        changed = OutboxMessage.update(**values, version=OutboxMessage.version + 1).where(
            (OutboxMessage.id == message_id)
            & (OutboxMessage.claimed_by == desk)
            & OutboxMessage.state.in_(("sending", "failed"))
        ).execute()
        if changed and values.get("state") == "sent":
            log_sent(message_id)  # the client's activity log, in the same transaction


def _no_password(account: MailAccount) -> str:
    return _(
        "No password for {user} on {server}: save it in the office settings or set "
        "{variable}."
    ).format(user=account.user, server=_where(account), variable=PASSWORD_ENV)


def _requeued(reason: str, at: datetime) -> dict[str, object]:
    return {"state": "queued", "last_error": reason, "next_attempt_at": at}


class _Session:
    """The SMTP session of one run, opened again once when the server closed it
    (a 421, a dropped idle connection) before a message's text went out."""

    def __init__(self, account: MailAccount, password: str | None, timeout: float) -> None:
        self.account = account
        self.password = password
        self.timeout = timeout
        self.smtp: smtplib.SMTP | None = None

    def open(self) -> smtplib.SMTP:
        if self.smtp is None:
            self.smtp = _connect(self.account, self.password, self.timeout)
        return self.smtp

    def close(self) -> None:
        if self.smtp is not None:
            _quit(self.smtp)
            self.smtp = None

    def transmit(self, sender: str, recipients: list[str], payload: bytes) -> None:
        for last_try in (False, True):
            smtp = self.open()
            try:
                _transmit(smtp, sender, recipients, payload)
                return
            except _Failure as failure:
                if failure.kind != "unreachable" or last_try:
                    raise
                smtp.close()  # closed by the server: once more on a new connection
                self.smtp = None


def _waiting() -> int:
    return OutboxMessage.select().where(OutboxMessage.state.in_(("queued", "sending"))).count()


def _default_desk() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def send_queued(
    desk: str | None = None,
    limit: int | None = None,
    password: str | None = None,
    now: datetime | None = None,
) -> SendReport:
    """Send the due queued messages (queued, ``next_attempt_at`` reached), oldest first.

    ``desk`` names this sender in ``claimed_by``; ``password`` overrides
    :func:`~b24desk.store.mail_account.smtp_password`; ``now`` is the time the run
    counts as now.  When the server cannot be reached the run stops at once, every
    message stays queued (no attempt counted) and the report says why in one line.
    """
    now = now or utcnow()
    desk = desk or _default_desk()
    fail_stale(now)
    due = _due_ids(now, limit)
    if not due:
        return SendReport(0, 0, _waiting())
    account = mail_account()
    if not (account.host and account.sender_email):
        return SendReport(
            0,
            0,
            _waiting(),
            _("No mail server is set up: fill in the mail account in the office settings."),
        )
    secret = password if password is not None else smtp_password(account)
    if account.user and not secret:
        return SendReport(0, 0, _waiting(), _no_password(account))
    sent = failed = 0
    error = ""
    session = _Session(account, secret, TIMEOUT_S)
    try:
        session.open()  # before any claim: a server that is down costs no attempt
    except _Failure as failure:
        if failure.kind == "unreachable":
            log.info("mail server unreachable: %s", failure.message)
            return SendReport(0, 0, _waiting(), failure.message)
        # The server refuses this account: each due message fails with its reason.
        for message_id in due:
            if _claim(message_id, desk, now):
                _finish(message_id, desk, {"state": "failed", "last_error": failure.message})
                failed += 1
        events.notify(OUTBOX)
        return SendReport(0, failed, _waiting(), failure.message)
    try:
        for message_id in due:
            if not _claim(message_id, desk, now):
                continue  # another desk has it
            message = OutboxMessage.get_by_id(message_id)
            try:
                payload = _wire_bytes(_build(message, account))
            except (ValueError, TypeError) as exc:  # a header the email package refuses
                _finish(message_id, desk, {"state": "failed", "last_error": str(exc)})
                failed += 1
                continue
            try:
                session.transmit(account.sender_email, _recipients(message, account), payload)
            except _Failure as failure:
                if failure.kind == "temporary" and message.attempts < MAX_ATTEMPTS:
                    later = now + _backoff(message.attempts)
                    _finish(message_id, desk, _requeued(failure.message, later))
                elif failure.kind == "unreachable":
                    # Lost before the text went out: not the message's fault, it keeps
                    # its place; the run stops (the next one connects afresh).
                    _finish(message_id, desk, _requeued(failure.message, now))
                else:
                    _finish(message_id, desk, {"state": "failed", "last_error": failure.message})
                    failed += 1
                if failure.kind in ("unreachable", "lost", "account"):
                    error = failure.message
                    break
                continue
            _finish(message_id, desk, {"state": "sent", "sent_at": now, "last_error": ""})
            sent += 1
            log.info("sent outbox message %s (%s)", message_id, message.message_id)
            events.notify(OUTBOX)
    finally:
        session.close()
    events.notify(OUTBOX)
    return SendReport(sent, failed, _waiting(), error)


def test_connection(
    account: MailAccount, password: str | None, timeout: float = 10
) -> ConnectionCheck:
    """Connect, log in and quit: whether the account works, and if not, why."""
    if not account.host:
        return ConnectionCheck(False, _("Type the mail server's name or address."))
    if account.user and not password:
        return ConnectionCheck(False, _no_password(account))
    try:
        smtp = _connect(account, password, timeout)
    except _Failure as failure:
        return ConnectionCheck(False, failure.message)
    _quit(smtp)
    if account.user:
        return ConnectionCheck(
            True,
            _("Connected to {server} and logged in as {user}.").format(
                server=_where(account), user=account.user
            ),
        )
    return ConnectionCheck(True, _("Connected to {server}.").format(server=_where(account)))


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test

