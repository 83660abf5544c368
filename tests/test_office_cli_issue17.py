"""``b24desk office --set`` takes the settings of issue #17 through the same checks."""

from __future__ import annotations

from pathlib import Path

import peewee

from b24desk.store import office
from tests.test_mail_cli import b24desk


def test_office_sets_the_issue17_settings(
    db: peewee.Database, db_target: str, tmp_path: Path
) -> None:
    bad = b24desk(
        "office", "--db", db_target,
        "--set", "renewal_lead_days=400", "--set", "quote_prefix=INV",
        home=tmp_path,
    )  # fmt: skip
    assert bad.returncode == 1
    assert "renewal_lead_days: Renewal drafts ahead: a whole number of days" in bad.stderr
    assert "quote_prefix: Quotes need a prefix of their own" in bad.stderr
    good = b24desk(
        "office", "--db", db_target,
        "--set", "renewal_lead_days=45", "--set", "quote_prefix=EST",
        "--set", "quote_valid_days=14", "--set", "print_home_amount=yes",
        home=tmp_path,
    )  # fmt: skip
    assert good.returncode == 0, good.stderr
    saved = office.get_office()
    assert (saved.renewal_lead_days, saved.quote_prefix, saved.quote_valid_days) == (45, "EST", 14)
    assert saved.print_home_amount is True
    shown = b24desk("office", "--db", db_target, home=tmp_path)
    assert any(line.split() == ["print_home_amount", "yes"] for line in shown.stdout.splitlines())
