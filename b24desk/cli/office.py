"""``b24desk office``: print the office settings, or change them (``--set KEY=VALUE``)
through the same checks as the settings dialog."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from b24desk.cli.common import add_common, fail, headless_setup, run_headless
from b24desk.i18n import _


def _shown(value: object) -> str:
    """One line per setting: line breaks of a multi-line text shown as ``\\n``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = value.isoformat(timespec="minutes") if hasattr(value, "isoformat") else str(value)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _pairs(items: Sequence[str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(item)
        pairs[key.strip()] = value
    return pairs


def cmd_office(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="b24desk office",
        description=_(
            "Print the office settings, or change them with --set (checked as in the "
            "settings dialog: nothing is saved when a value is refused)."
        ),
    )
    add_common(parser)
    parser.add_argument(
        "--set",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        dest="changes",
        help=_("change a setting (repeatable), e.g. --set smtp_host=mail.example.com"),
    )
    args = parser.parse_args(argv)
    try:
        changes = _pairs(args.changes)
    except ValueError as exc:
        parser.error(_("write --set KEY=VALUE, not \u201c{item}\u201d").format(item=exc))
    headless_setup(args.lang)

    def work() -> int:
        from b24desk.domain.errors import ValidationErrors
        from b24desk.store import office
        from b24desk.store.mail_account import PASSWORD_ENV, mail_account, smtp_password

        unknown = sorted(set(changes) - set(office.OFFICE_FIELDS))
        if unknown:
            return fail(
                _("{keys}: no such setting. The settings are: {all}.").format(
                    keys=", ".join(unknown), all=", ".join(office.OFFICE_FIELDS)
                ),
                1,
            )
        if changes:
            try:
                office.update_office(changes, office.get_office().version)
            except ValidationErrors as exc:
                for error in exc:
                    print(
                        _("Error: {key}: {message}").format(key=error.field, message=error.message),
                        file=sys.stderr,
                    )
                return 1
            print(_("Saved: {keys}.").format(keys=", ".join(changes)))
            return 0
        current = office.get_office()
        texts = office.office_texts()
        width = max(len(key) for key in office.OFFICE_FIELDS)
        for key in office.OFFICE_FIELDS:
            value = texts[key] if key in office.TEXT_KEYS else getattr(current, key)
            print(f"{key:<{width}}  {_shown(value)}")
        # Where the password comes from (never the password itself).
        if os.environ.get(PASSWORD_ENV):
            where = _("from {variable}").format(variable=PASSWORD_ENV)
        elif smtp_password(mail_account()):
            where = _("kept in the system keyring")
        else:
            where = _("not set")
        print(f"{'smtp_password':<{width}}  ({where})")
        return 0

    return run_headless(args.db, work)
