"""The office's SMTP account: its settings are checked like every other office setting,
and its password lives in the keyring or the environment, never in the database (#16)."""

from __future__ import annotations

import peewee
import pytest

from b24desk.domain.errors import ValidationErrors
from b24desk.domain.reminders import check_overdue_stages
from b24desk.store import mail_account, office
from b24desk.store.mail_account import MailAccount


def _save(**values: object) -> office.Office:
    return office.update_office(values, office.get_office().version)


def test_the_smtp_settings_are_saved_normalised(db: peewee.Database) -> None:
    _save(
        smtp_host=" Mail.Kiwi-CRM.co.nz ",
        smtp_port="465",
        smtp_security="SSL",
        smtp_user=" desk@kiwi-crm.co.nz ",
        sender_name="Kiwi CRM — Accounts",
        sender_email="Accounts@Kiwi-CRM.co.nz",
        reply_to="help@kiwi-crm.co.nz",
        bcc_office="yes",
        auto_reminders=True,
        overdue_stages=" 3 ,14, 30 ",
    )
    account = mail_account.mail_account()
    assert account == MailAccount(
        host="mail.kiwi-crm.co.nz",
        port=465,
        security="ssl",
        user="desk@kiwi-crm.co.nz",
        sender_name="Kiwi CRM — Accounts",
        sender_email="Accounts@kiwi-crm.co.nz",
        reply_to="help@kiwi-crm.co.nz",
        bcc_office=True,
    )
    saved = office.get_office()
    assert (saved.auto_reminders, saved.overdue_stages) == (True, "3,14,30")
    assert mail_account.mail_configured()


def test_an_office_without_server_or_sender_is_not_configured(db: peewee.Database) -> None:
    assert not mail_account.mail_configured()
    _save(smtp_host="127.0.0.1")
    assert not mail_account.mail_configured()  # no sender e-mail yet
    _save(sender_email="desk@kiwi-crm.co.nz")
    assert mail_account.mail_configured()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("smtp_host", "smtp server.example"),
        ("smtp_host", "smtp.exämple.com"),
        ("smtp_port", "0"),
        ("smtp_port", "65536"),
        ("smtp_port", "٥٨٧"),  # Arabic-Indic digits: not ASCII
        ("smtp_port", "587.0"),
        ("smtp_security", "tls"),
        ("sender_email", "accounts@@kiwi"),
        ("reply_to", "nobody"),
        ("sender_name", "Kiwi\r\nBcc: everyone@evil.example"),
        ("smtp_user", "desk\nuser"),
        ("bcc_office", "maybe"),
        ("overdue_stages", "14,3"),
        ("overdue_stages", "3,3"),
        ("overdue_stages", "0,14"),
        ("overdue_stages", "3,x"),
        ("overdue_stages", "366"),
    ],
)
def test_bad_smtp_settings_are_refused_and_nothing_is_saved(
    db: peewee.Database, key: str, value: str
) -> None:
    before = office.get_office()
    with pytest.raises(ValidationErrors) as caught:
        _save(**{"smtp_host": "smtp.kiwi-crm.co.nz", key: value})
    assert key in caught.value.by_field
    after = office.get_office()
    assert (after.version, after.smtp_host) == (before.version, before.smtp_host)


def test_the_port_bounds(db: peewee.Database) -> None:
    for port in ("1", "65535"):
        assert _save(smtp_port=port).smtp_port == int(port)


def test_a_blind_copy_needs_the_sender_address(db: peewee.Database) -> None:
    with pytest.raises(ValidationErrors) as caught:
        _save(bcc_office=True)
    assert "bcc_office" in caught.value.by_field
    assert _save(bcc_office=True, sender_email="desk@kiwi-crm.co.nz").bcc_office


def test_empty_overdue_stages_mean_no_overdue_reminders(db: peewee.Database) -> None:
    assert _save(overdue_stages="").overdue_stages == ""
    assert check_overdue_stages("") == ()
    assert check_overdue_stages("1,365") == (1, 365)


def test_the_password_comes_from_the_environment_first(
    db: peewee.Database,
    memory_keyring: dict[tuple[str, str], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(mail_account.PASSWORD_ENV, raising=False)
    _save(smtp_host="smtp.kiwi-crm.co.nz", smtp_port=587, smtp_user="desk")
    account = mail_account.mail_account()
    assert mail_account.smtp_password(account) is None
    assert mail_account.save_smtp_password(account, "kept-in-keyring")
    assert memory_keyring == {("b24desk", "smtp:desk@smtp.kiwi-crm.co.nz:587"): "kept-in-keyring"}
    assert mail_account.smtp_password(account) == "kept-in-keyring"
    monkeypatch.setenv(mail_account.PASSWORD_ENV, "from-env")
    assert mail_account.smtp_password(account) == "from-env"
    monkeypatch.delenv(mail_account.PASSWORD_ENV)
    mail_account.forget_smtp_password(account)
    assert mail_account.smtp_password(account) is None
    mail_account.forget_smtp_password(account)  # nothing to forget: no error


def test_without_a_keyring_the_password_is_not_saved(db: peewee.Database) -> None:
    account = mail_account.mail_account()
    assert not mail_account.save_smtp_password(account, "secret")
    assert mail_account.smtp_password(account) is None
