"""A PostgreSQL server shared by the office's desks.

Each desk keeps the server's address (host, port, database, user) as a URL *without*
the password.  The password is never written in plain text: it goes into the
operating system's keyring (Windows Credential Manager, the macOS Keychain, the
Secret Service on Linux) when there is one and the person asks for it; otherwise the
desk asks for it when it starts.  :func:`check_server` is the "test connection"
button: it connects without touching anything and says what it found.

Qt-free: the dialogs of :mod:`b24desk.ui.database_dialog` and :mod:`b24desk.app`
sit on top of this module.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlparse

import peewee

from b24desk.domain.errors import ErrorCollector, ValidationError
from b24desk.i18n import _, ngettext
from b24desk.store.db import _postgres_database, describe, is_postgres_url, postgres_error
from b24desk.store.errors import DatabaseOpenError
from b24desk.store.migrations import LATEST_VERSION, current_version
from b24desk.store.models import Client, SchemaVersion

log = logging.getLogger(__name__)

#: The keyring's service name for b24desk's passwords.
KEYRING_SERVICE = "b24desk"
DEFAULT_PORT = 5432
DEFAULT_DATABASE = "b24desk"
#: Seconds the connection test waits for the server.
TEST_TIMEOUT_S = 5
_HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.\-]{0,252}[A-Za-z0-9])?")
_IPV6 = re.compile(r"[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*")


@dataclass(frozen=True)
class ServerAddress:
    """Where the office's PostgreSQL database is, and who connects (no password)."""

    host: str
    port: int = DEFAULT_PORT
    database: str = DEFAULT_DATABASE
    user: str = ""

    def url(self, password: str | None = None) -> str:
        """``postgresql://user[:password]@host:port/database``, each part quoted."""
        auth = quote(self.user, safe="")
        if password:
            auth += ":" + quote(password, safe="")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql://{auth}@{host}:{self.port}/{quote(self.database, safe='')}"

    @property
    def key(self) -> str:
        """The keyring entry's user name: one password per user, server and database."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


def parse_server_url(url: str) -> tuple[ServerAddress, str | None]:
    """The address in a ``postgresql://`` URL, and the password it carries (if any)."""
    if not is_postgres_url(url):
        raise ValueError(url)
    u = urlparse(url)
    address = ServerAddress(
        host=u.hostname or "localhost",
        port=u.port or DEFAULT_PORT,
        database=unquote(u.path.lstrip("/")) or DEFAULT_DATABASE,
        user=unquote(u.username or ""),
    )
    return address, (unquote(u.password) if u.password is not None else None)


def needs_password(target: str | None) -> bool:
    """A server URL that names a user but carries no password."""
    if not is_postgres_url(target):
        return False
    address, password = parse_server_url(str(target))
    return bool(address.user) and password is None


def with_password(url: str, password: str) -> str:
    address, _old = parse_server_url(url)
    query = urlparse(url).query
    return address.url(password) + (f"?{query}" if query else "")


def is_host_name(text: str) -> bool:
    """A server name of Latin letters, digits, dots and hyphens, or an IP address."""
    return bool(_HOST_NAME.fullmatch(text) or _IPV6.fullmatch(text))


def validate_server(host: str, port: object, database: str, user: str) -> ServerAddress:
    """The address typed in the connection dialog, or every problem by field."""
    errors = ErrorCollector()
    host = host.strip()
    database = database.strip()
    user = user.strip()
    if not host:
        errors.add(ValidationError("host", _("Type the server's name or address.")))
    elif not is_host_name(host):
        errors.add(
            ValidationError(
                "host",
                _(
                    "A server name has only Latin letters, digits, dots and hyphens, or "
                    "is an IP address."
                ),
            )
        )
    host = host.lower()  # names are case-insensitive: one spelling, one keyring entry
    number = 0
    with errors.check():
        text = str(port).strip()
        number = int(text) if text.isascii() and text.isdigit() else 0
        if not 1 <= number <= 65535:
            raise ValidationError("port", _("The port is a number from 1 to 65535 (usually 5432)."))
    if not database:
        errors.add(ValidationError("database", _("Type the name of the database on the server.")))
    if not user:
        errors.add(ValidationError("user", _("Type the user name b24desk connects as.")))
    errors.raise_if_any()
    return ServerAddress(host=host, port=number, database=database, user=user)


# -- the connection test ----------------------------------------------------------------


@dataclass(frozen=True)
class ServerCheck:
    """What :func:`check_server` found on the server."""

    server_version: str
    #: "empty" (set up on first use), "current", "older" (upgraded on first use),
    #: "newer" (made by a newer b24desk) or "foreign" (another program's tables).
    state: str
    schema_version: int | None = None
    clients: int | None = None

    @property
    def usable(self) -> bool:
        return self.state in ("empty", "current", "older")

    def summary(self) -> str:
        """What the test found, for the person who pressed the button."""
        first = _("Connected to PostgreSQL {version}.").format(version=self.server_version)
        if self.state == "empty":
            second = _("The database is empty: b24desk sets it up when it first opens it.")
        elif self.state in ("current", "older"):
            count = self.clients or 0
            second = ngettext(
                "It holds b24desk data ({count} client).",
                "It holds b24desk data ({count} clients).",
                count,
            ).format(count=count)
            if self.state == "older":
                second += " " + _("It is upgraded when b24desk first opens it.")
        elif self.state == "newer":
            second = _(
                "It was set up by a newer version of b24desk: update b24desk on this desk first."
            )
        else:
            second = _("It holds tables of another program: choose an empty database for b24desk.")
        return f"{first} {second}"


def _server_version(db: peewee.Database) -> str:
    raw = str(db.execute_sql("SHOW server_version").fetchone()[0])
    return raw.split()[0]


def check_server(url: str, timeout: int = TEST_TIMEOUT_S) -> ServerCheck:
    """Connect to the server of ``url`` (with its password), look, change nothing.

    Raises :class:`DatabaseOpenError` (:class:`DatabaseAuthError` for a refused
    password) with a message a person can act on.
    """
    where = describe(url)
    db = _postgres_database(url, connect_timeout=timeout)
    try:
        db.connect()
    except (peewee.OperationalError, peewee.DatabaseError) as exc:
        raise postgres_error(exc, url) from exc
    except peewee.ImproperlyConfigured as exc:
        raise DatabaseOpenError(
            _("PostgreSQL support is not installed: install b24desk[postgres].")
        ) from exc
    try:
        version = _server_version(db)
        # The models, bound to this connection for this thread only: what the desk
        # reads when it opens a database, without setting anything up.
        with db.bind_ctx((SchemaVersion, Client), bind_refs=False, bind_backrefs=False):
            try:
                schema = current_version(db)
            except DatabaseOpenError:  # tables, but none of b24desk's
                return ServerCheck(version, "foreign")
            if schema is None:
                return ServerCheck(version, "empty")
            if schema > LATEST_VERSION:
                return ServerCheck(version, "newer", schema)
            clients = Client.select().count()
        state = "current" if schema == LATEST_VERSION else "older"
        return ServerCheck(version, state, schema, clients)
    except (peewee.OperationalError, peewee.DatabaseError) as exc:
        raise DatabaseOpenError(
            _("The database {db} cannot be read: {reason}").format(db=where, reason=exc)
        ) from exc
    finally:
        db.close()


# -- the password in the system keyring -------------------------------------------------


def _keyring():
    """The keyring module with a usable backend, or None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration: as if there were none
        log.exception("the system keyring could not be loaded")
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def keyring_available() -> bool:
    """Whether this computer has a keyring to keep the password in."""
    return _keyring() is not None


def read_secret(key: str) -> str | None:
    """The password kept in the keyring under ``key`` (service :data:`KEYRING_SERVICE`);
    None when there is no keyring, nothing saved, or the keyring refused."""
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, key)
    except Exception:  # locked or refused keyring: ask the person instead
        log.exception("reading the password from the keyring failed")
        return None


def save_secret(key: str, password: str) -> bool:
    """Keep ``password`` in the keyring under ``key``; False when there is none or it refused."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, key, password)
    except Exception:
        log.exception("saving the password in the keyring failed")
        return False
    return True


def forget_secret(key: str) -> None:
    keyring = _keyring()
    if keyring is None:
        return
    try:
        keyring.delete_password(KEYRING_SERVICE, key)
    except Exception:  # nothing saved, or the keyring refused: nothing to forget
        log.debug("no password to forget for %s", key)


def saved_password(address: ServerAddress) -> str | None:
    return read_secret(address.key)


def save_password(address: ServerAddress, password: str) -> bool:
    """Keep ``password`` in the system keyring; False when there is none or it refused."""
    return save_secret(address.key, password)


def with_saved_password(target: str | None) -> str | None:
    """``target`` with the password this desk keeps for it, when it needs one and the
    keyring has it (otherwise unchanged: libpq still reads PGPASSWORD and ~/.pgpass)."""
    if target is None or not needs_password(target):
        return target
    address, _none = parse_server_url(target)
    password = saved_password(address)
    return with_password(target, password) if password is not None else target


def forget_password(address: ServerAddress) -> None:
    forget_secret(address.key)
