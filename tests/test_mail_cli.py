"""``b24desk office`` and ``b24desk mail`` as a script runs them, against a real SMTP
server (issue #16.7): the settings through the dialog's checks, the outbox sent once,
a crash while sending, and the password nowhere but where it was given."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import peewee
import pytest

from b24desk.domain.mail import Attachment, Draft
from b24desk.store import mail_sender, office, outbox
from b24desk.store.models import Client, OutboxMessage
from tests.mail_server import MailServer

pytestmark = pytest.mark.filterwarnings(
    "ignore:Requiring AUTH while not requiring TLS:UserWarning"
)

PASSWORD = "Kea-7f3a-Tr0ub4dor&3"


def b24desk(
    *args: str, home: Path, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "b24desk", *args],
        capture_output=True,
        text=True,
        env=_env(home, password),
        timeout=120,
    )


def _env(home: Path, password: str | None) -> dict[str, str]:
    env = {**os.environ, "B24DESK_HOME": str(home)}
    env.pop("B24DESK_SMTP_PASSWORD", None)
    if password is not None:
        env["B24DESK_SMTP_PASSWORD"] = password
    return env


def _queue(n: int = 1) -> list[int]:
    client = Client.create(company="Kea Ltd", email="tama@kea.co.nz", country="NZ")
    ids = []
    for i in range(n):
        message_id = outbox.queue(
            Draft(
                kind="invoice",
                language="en",
                to="tama@kea.co.nz",
                subject=f"Invoice INV-2026-{i + 1:04d}",
                body="Kia ora Tama,\nyour invoice is attached.",
                client_id=client.id,
                record_type="invoice",
                record_id=i + 1,
                attachments=(Attachment(f"INV-2026-{i + 1:04d}.pdf", b"%PDF-1.4 kea"),),
            )
        )
        assert message_id is not None
        ids.append(message_id)
    return ids


def _set_args(server: MailServer, **changes: object) -> list[str]:
    args = []
    for key, value in server.settings(**changes).items():
        args += ["--set", f"{key}={value}"]
    return args


def test_office_prints_and_changes_the_settings_through_the_dialogs_checks(
    db: peewee.Database, db_target: str, tmp_path: Path
) -> None:
    before = office.get_office().version
    bad = b24desk(
        "office", "--db", db_target,
        "--set", "smtp_host=smtp.kea.co.nz",
        "--set", "smtp_port=70000",
        "--set", "sender_name=Kea\nBcc: all@evil.example",
        home=tmp_path,
    )  # fmt: skip
    assert bad.returncode == 1
    assert "smtp_port: The port is a number from 1 to 65535" in bad.stderr
    assert "sender_name: Sender name is one line" in bad.stderr
    assert office.get_office().version == before  # nothing saved, not even smtp_host
    assert office.get_office().smtp_host == ""

    good = b24desk(
        "office", "--db", db_target,
        "--set", "smtp_host=SMTP.Kea.co.nz", "--set", "smtp_port=465",
        "--set", "smtp_security=ssl", "--set", "smtp_user=desk",
        "--set", "sender_email=accounts@kea.co.nz", "--set", "bcc_office=yes",
        home=tmp_path,
    )  # fmt: skip
    assert good.returncode == 0, good.stderr
    shown = b24desk("office", "--db", db_target, home=tmp_path, password=PASSWORD)
    assert shown.returncode == 0, shown.stderr
    lines = {
        key: value.strip()
        for key, _space, value in (line.partition(" ") for line in shown.stdout.splitlines())
    }
    assert lines["smtp_host"] == "smtp.kea.co.nz"
    assert lines["smtp_port"] == "465"
    assert lines["smtp_security"] == "ssl"
    assert lines["bcc_office"] == "yes"
    assert lines["smtp_password"] == "(from B24DESK_SMTP_PASSWORD)"
    assert PASSWORD not in shown.stdout

    unknown = b24desk("office", "--db", db_target, "--set", "smtp_pasword=x", home=tmp_path)
    assert unknown.returncode == 1 and "smtp_pasword: no such setting" in unknown.stderr


def test_a_missing_database_is_said_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite"
    for args in (["office"], ["mail", "send"], ["mail", "list"]):
        result = b24desk(args[0], "--db", str(missing), *args[1:], home=tmp_path)
        assert result.returncode == 2
        assert "does not exist" in result.stderr
        assert not missing.exists()


def test_mail_send_with_the_server_down_keeps_everything_queued_then_sends_once(
    db: peewee.Database,
    db_target: str,
    tmp_path: Path,
    mail_server: Callable[..., MailServer],
) -> None:
    server = mail_server()
    assert b24desk("office", "--db", db_target, *_set_args(server), home=tmp_path).returncode == 0
    ids = _queue(3)
    server.stop()

    down = b24desk("mail", "--db", db_target, "send", home=tmp_path)
    assert down.returncode == 1
    assert down.stderr.strip().count("\n") == 0  # one line
    assert "connection refused" in down.stderr
    assert {OutboxMessage.get_by_id(i).state for i in ids} == {"queued"}

    server.start()
    up = b24desk("mail", "--db", db_target, "send", home=tmp_path)
    assert up.returncode == 0, up.stderr
    assert "Sent 3 messages." in up.stdout
    assert len(server.received) == 3
    again = b24desk("mail", "--db", db_target, "send", home=tmp_path)
    assert again.returncode == 0 and "Nothing to send." in again.stdout
    assert len(server.received) == 3

    listing = b24desk("mail", "--db", db_target, "list", home=tmp_path)
    assert listing.returncode == 0, listing.stderr
    header, *rows = listing.stdout.splitlines()
    assert header.split() == ["ID", "State", "To", "Subject", "Attempts", "Last", "error"]
    assert len(rows) == 3
    assert all(row.split()[1:3] == ["sent", "tama@kea.co.nz"] for row in rows)
    assert "Invoice INV-2026-0003" in rows[0]


def test_a_desk_killed_while_sending_loses_nothing_and_sends_nothing_twice(
    db: peewee.Database,
    db_target: str,
    tmp_path: Path,
    mail_server: Callable[..., MailServer],
) -> None:
    """SIGKILL after the server got the message text, before its reply: the message
    stays 'sending', is not sent again, and after the stale timeout it is 'failed'
    with a reason that says it may have been delivered."""
    server = mail_server(hold_data=True)
    assert b24desk("office", "--db", db_target, *_set_args(server), home=tmp_path).returncode == 0
    (message_id,) = _queue(1)
    desk = subprocess.Popen(
        [sys.executable, "-m", "b24desk", "mail", "--db", db_target, "send"],
        env=_env(tmp_path, None),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert server.data_started.wait(60), "the desk never sent the message text"
        desk.send_signal(signal.SIGKILL)
        assert desk.wait(30) == -signal.SIGKILL
    finally:
        if desk.poll() is None:
            desk.kill()
    row = OutboxMessage.get_by_id(message_id)
    assert (row.state, row.attempts) == ("sending", 1)
    claimed_at = row.claimed_at
    assert len(server.received) == 1  # the server has it (it may deliver it)
    server.release.set()

    rerun = b24desk("mail", "--db", db_target, "send", home=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert OutboxMessage.get_by_id(message_id).state == "sending"
    assert len(server.received) == 1  # not sent twice

    mail_sender.send_queued(now=claimed_at + mail_sender.STALE_AFTER + timedelta(seconds=1))
    row = OutboxMessage.get_by_id(message_id)
    assert row.state == "failed"
    assert "it may have been delivered" in row.last_error
    assert outbox.message_attachments(message_id)[0].data == b"%PDF-1.4 kea"  # kept
    assert len(server.received) == 1


def _zip_text(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return b"".join(zf.read(name) for name in zf.namelist())


def test_the_password_is_never_written_down(
    db: peewee.Database,
    db_target: str,
    tmp_path: Path,
    mail_server: Callable[..., MailServer],
) -> None:
    """#16.1: the password is "never in the database, settings, logs or backups"."""
    server = mail_server(users={"desk": PASSWORD})
    setup = b24desk("office", "--db", db_target, *_set_args(server), home=tmp_path)
    assert setup.returncode == 0, setup.stderr
    _queue(1)
    sent = b24desk("mail", "--db", db_target, "send", home=tmp_path, password=PASSWORD)
    assert sent.returncode == 0, sent.stderr
    assert server.received[0].login == "desk"
    listing = b24desk("mail", "--db", db_target, "list", home=tmp_path, password=PASSWORD)
    printed = b24desk("office", "--db", db_target, home=tmp_path, password=PASSWORD)

    export = tmp_path / "office.zip"
    exported = b24desk("export", "--db", db_target, "--to", str(export), home=tmp_path)
    assert exported.returncode == 0, exported.stderr
    written = [_zip_text(export)]
    if not db_target.startswith("postgresql://"):
        copy = tmp_path / "copy.sqlite"
        backup = b24desk("backup", "--db", db_target, "--to", str(copy), home=tmp_path)
        assert backup.returncode == 0, backup.stderr
        db.close()
        written += [copy.read_bytes(), Path(db_target).read_bytes()]
    logs = [p for p in (tmp_path / "logs").rglob("*") if p.is_file()]  # B24DESK_HOME/logs
    assert logs, "the commands wrote no log file"
    written += [p.read_bytes() for p in logs]
    written += [
        r.stdout.encode() + r.stderr.encode() for r in (setup, sent, listing, printed, exported)
    ]
    for blob in written:
        assert PASSWORD.encode() not in blob
    assert b"sent outbox message" in b"".join(p.read_bytes() for p in logs)
