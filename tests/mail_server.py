"""A real SMTP server for the mail tests (issue #16): aiosmtpd on 127.0.0.1, a free port.

``mail_server`` (fixture) is a factory: ``mail_server()`` starts a plain server that
collects what it receives; options require a login, STARTTLS or implicit SSL with a
certificate from a test CA (``smtp_ca``), or make the server stall after DATA or
hold its reply until released.
``server.stop()`` / ``server.start()`` take it down and bring it back on the same port.

The product verifies certificates with the system's trust store; a test trusts the
test CA by pointing ``SSL_CERT_FILE`` at it (``smtp_ca.trust()``), which OpenSSL reads
when b24desk makes its TLS context.  A test that does not call it sees an untrusted
certificate, as a desk would with a self-signed server.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    """One message as the server got it."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    login: str

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


class _Handler:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_MAIL(
        self, smtp: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        limit = self.server.messages_per_session
        if limit and getattr(session, "b24_count", 0) >= limit:
            return "421 4.7.0 Too many messages in this session, closing"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, smtp: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.server.rcpt_reply:
            return self.server.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp: Any, session: Any, envelope: Any) -> str:
        # Kept as soon as the text is in: a server may deliver a message whose sender
        # vanished before the reply (the case the outbox must not resend).
        with self.server.lock:
            self.server.received.append(
                Received(
                    mail_from=envelope.mail_from,
                    rcpt_tos=tuple(envelope.rcpt_tos),
                    data=bytes(envelope.original_content or envelope.content),
                    login=str(session.auth_data or ""),
                )
            )
        session.b24_count = getattr(session, "b24_count", 0) + 1
        self.server.data_started.set()
        if self.server.stall_seconds:
            await asyncio.sleep(self.server.stall_seconds)
        if self.server.hold_data:  # the reply waits for release (or the client's end)
            await asyncio.get_running_loop().run_in_executor(
                None, self.server.release.wait, 120
            )
        return "250 Message accepted for delivery"


class _Authenticator:
    def __init__(self, users: dict[str, str]) -> None:
        self.users = users

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user = auth_data.login.decode()
        ok = self.users.get(user) == auth_data.password.decode()
        return AuthResult(success=ok, handled=False, auth_data=user if ok else None)


class MailServer:
    """An aiosmtpd server in a thread; ``received`` is what it accepted, in order."""

    def __init__(
        self,
        *,
        users: dict[str, str] | None = None,
        security: str = "none",
        cert: trustme.LeafCert | None = None,
        stall_seconds: float = 0,
        rcpt_reply: str = "",
        hold_data: bool = False,
        messages_per_session: int = 0,
        port: int | None = None,
    ) -> None:
        self.users = users
        self.security = security
        self.cert = cert
        self.stall_seconds = stall_seconds
        #: A reply to every RCPT instead of accepting it ("451 4.3.0 Try later").
        self.rcpt_reply = rcpt_reply
        self.port = port or free_port()
        #: Hold the reply to DATA (the message text received) until ``release`` is set.
        self.hold_data = hold_data
        #: Answer MAIL with 421 after this many messages on one connection (0: never).
        self.messages_per_session = messages_per_session
        self.release = threading.Event()
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.data_started = threading.Event()
        self._controller: Controller | None = None

    def _tls_context(self) -> Any:
        import ssl

        assert self.cert is not None, "a TLS server needs a certificate"
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.cert.configure_cert(context)
        return context

    def start(self) -> MailServer:
        kwargs: dict[str, Any] = {}
        if self.users is not None:
            kwargs.update(
                authenticator=_Authenticator(self.users),
                auth_required=True,
                auth_require_tls=False,
            )
        if self.security == "starttls":
            kwargs.update(tls_context=self._tls_context(), require_starttls=True)
        elif self.security == "ssl":
            kwargs.update(ssl_context=self._tls_context())
        self._controller = Controller(
            _Handler(self), hostname=HOST, port=self.port, ready_timeout=10, **kwargs
        )
        self._controller.start()
        return self

    def wait_for(self, count: int, timeout: float = 10) -> None:
        """Until the server has accepted ``count`` messages."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"{len(self.received)} of {count} received"
            time.sleep(0.02)

    def stop(self) -> None:
        self.release.set()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def messages(self) -> list[EmailMessage]:
        with self.lock:
            return [r.message for r in self.received]

    def settings(self, **changes: object) -> dict[str, object]:
        """Office settings that send through this server (for ``update_office``)."""
        values: dict[str, object] = {
            "smtp_host": HOST,
            "smtp_port": self.port,
            "smtp_security": self.security,
            "smtp_user": next(iter(self.users)) if self.users else "",
            "sender_name": "Kiwi CRM Accounts",
            "sender_email": "accounts@kiwi-crm.co.nz",
            "reply_to": "help@kiwi-crm.co.nz",
        }
        values.update(changes)
        return values


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class TestCA:
    """A certificate authority made for one test, and its server certificate."""

    __test__ = False

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.ca = trustme.CA()
        self.cert = self.ca.issue_cert(HOST, "localhost")
        self.pem = folder / "smtp-test-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.pem))
        self._monkeypatch = monkeypatch

    def trust(self) -> None:
        """Make this CA the one the desk trusts (as an office would install theirs)."""
        self._monkeypatch.setenv("SSL_CERT_FILE", str(self.pem))
        self._monkeypatch.delenv("SSL_CERT_DIR", raising=False)


@pytest.fixture
def smtp_ca(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestCA:
    return TestCA(tmp_path, monkeypatch)


@pytest.fixture
def mail_server() -> Iterator[Callable[..., MailServer]]:
    """``mail_server(**options)`` starts a :class:`MailServer`; all are stopped after."""
    started: list[MailServer] = []

    def start(**options: Any) -> MailServer:
        server = MailServer(**options)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()
