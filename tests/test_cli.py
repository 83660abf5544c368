"""The command line as a person types it: b24desk … in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from b24desk import __version__
from b24desk.store import models as m
from b24desk.store.db import close_database, open_database


def b24desk(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "B24DESK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "b24desk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_version(tmp_path: Path) -> None:
    result = b24desk("--version", home=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"b24desk {__version__}"


def test_screenshot_writes_a_png_of_the_chosen_tab(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    result = b24desk(
        "--db",
        str(tmp_path / "demo.sqlite"),
        "--demo",
        "--screenshot",
        str(shot),
        "--tab",
        "coupons",
        home=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 800)
    open_database(tmp_path / "demo.sqlite")
    try:
        assert m.Client.select().count() > 0  # --demo filled the empty database
    finally:
        close_database()


def test_a_screenshot_leaves_the_remembered_tab_and_language(tmp_path: Path) -> None:
    """#15.9: a screenshot in Spanish of the Tickets tab is not the user's next start."""
    db = str(tmp_path / "demo.sqlite")
    shot = str(tmp_path / "shot.png")
    first = b24desk("--db", db, "--demo", "--screenshot", shot, home=tmp_path)
    assert first.returncode == 0, first.stderr
    settings = sorted((tmp_path / "settings").rglob("*.ini"))
    before = "".join(p.read_text() for p in settings)
    result = b24desk(
        "--db", db, "--lang", "es", "--screenshot", shot, "--tab", "tickets", home=tmp_path
    )
    assert result.returncode == 0, result.stderr
    after = "".join(p.read_text() for p in sorted((tmp_path / "settings").rglob("*.ini")))
    assert "tickets" not in after and "language=es" not in after
    assert after == before


def test_unopenable_database_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = b24desk(
        "--db",
        str(tmp_path / "missing" / "x.sqlite"),
        "--screenshot",
        str(tmp_path / "s.png"),
        home=tmp_path,
    )
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_data_fills_an_empty_database(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    result = b24desk("demo-data", "--db", str(db), "--seed", "7", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "client" in result.stdout
    open_database(db)
    try:
        assert 40 <= m.Client.select().count() <= 80
    finally:
        close_database()


def test_demo_data_refuses_a_database_with_data(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    open_database(db)
    m.Client.create(company="Real Client Ltd")
    close_database()
    result = b24desk("demo-data", "--db", str(db), home=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
    open_database(db)
    try:
        assert [c.company for c in m.Client.select()] == ["Real Client Ltd"]
    finally:
        close_database()


@pytest.mark.parametrize("lang", ["es", "ru"])
def test_help_is_translated(tmp_path: Path, lang: str) -> None:
    result = b24desk("--lang", lang, "--help", home=tmp_path)
    assert result.returncode == 0
    english = b24desk("--help", home=tmp_path).stdout
    assert result.stdout != english


COMMANDS = [
    "demo-data", "invoice", "backup", "restore", "export", "import", "office", "mail", "report",
]  # fmt: skip


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_option_has_help_text(tmp_path: Path, command: str | None) -> None:
    """#15.9: `b24desk [COMMAND] --help` explains every option it lists."""
    import re

    result = b24desk(*([command] if command else []), "--help", home=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    start = next(i for i, line in enumerate(lines) if line.endswith(":") and "option" in line)
    options = lines[start:]
    bare = []
    for index, line in enumerate(options):
        match = re.match(r"^  (-\S.*?)(?:\s{2,}(\S.*))?$", line)
        if match and not match.group(2):
            following = options[index + 1] if index + 1 < len(options) else ""
            if not re.match(r"^ {6,}\S", following):  # help text wrapped onto the next line
                bare.append(match.group(1))
    assert bare == []


def _office_with_invoices(db: Path) -> None:
    from b24desk.store import invoices

    open_database(db)
    try:
        client = m.Client.create(company="Соболь Логистика", currency="RUB", doc_language="ru")
        for price in ("1000", "2500.50"):
            draft = invoices.create_draft(
                client.id, [invoices.LineInput("Внедрение", unit_price=price)]
            )
            invoices.issue_invoice(draft.id, date(2026, 11, 20), draft.version)
    finally:
        close_database()


def test_invoice_command_writes_one_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader

    db = tmp_path / "office.sqlite"
    _office_with_invoices(db)
    pdf = tmp_path / "one.pdf"
    result = b24desk("invoice", "--db", str(db), "INV-2026-0002", "--pdf", str(pdf), home=tmp_path)
    assert result.returncode == 0, result.stderr
    text = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert "INV-2026-0002" in text and "Соболь Логистика" in text
    assert "2 500,50 ₽" in text.replace("\xa0", " ").replace("\u202f", " ")


def test_invoice_command_writes_all_with_progress(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    _office_with_invoices(db)
    out = tmp_path / "pdfs"
    result = b24desk("invoice", "--db", str(db), "--all", "--out", str(out), home=tmp_path)
    assert result.returncode == 0, result.stderr
    # Not a terminal: one line in all, no line per document (#15.9).
    assert result.stdout.splitlines() == [f"Wrote 2 documents to {out}"]
    assert sorted(p.name for p in out.iterdir()) == ["INV-2026-0001.pdf", "INV-2026-0002.pdf"]


def test_invoice_numbers_are_found_whatever_their_case(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    _office_with_invoices(db)
    pdf = tmp_path / "one.pdf"
    result = b24desk("invoice", "--db", str(db), "inv-2026-0002", "--pdf", str(pdf), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert pdf.stat().st_size > 0


def test_progress_is_one_line_rewritten_on_a_terminal() -> None:
    import io

    from b24desk.cli.common import ProgressLine

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    progress = ProgressLine(terminal)
    progress.show("1/12 INV-2026-0001")
    progress.show("12/12 INV-2026-0012")
    progress.clear()
    shown = terminal.getvalue()
    assert "\n" not in shown  # never a new line per document
    assert shown.split("\r")[1:3] == ["1/12 INV-2026-0001", "12/12 INV-2026-0012"]
    assert shown.endswith("\r")  # the line is cleared for the final message


def test_invoice_command_unknown_number(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    _office_with_invoices(db)
    result = b24desk(
        "invoice",
        "--db",
        str(db),
        "INV-1999-0001",
        "--pdf",
        str(tmp_path / "x.pdf"),
        home=tmp_path,
    )
    assert result.returncode == 1
    assert "INV-1999-0001" in result.stderr and "Traceback" not in result.stderr


# -- one line, never a traceback (#13.6) ------------------------------------------------


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


@pytest.mark.parametrize("command", ["export", "invoice", "demo-data", "import"])
def test_a_server_address_with_a_bad_port_is_one_line(tmp_path: Path, command: str) -> None:
    args = {
        "export": ("--to", str(tmp_path / "x.zip")),
        "invoice": ("--all", "--out", str(tmp_path / "pdfs")),
        "demo-data": (),
        "import": ("--from", str(tmp_path / "x.zip")),
    }[command]
    if command == "import":  # a valid export, so that the address is what fails
        db = tmp_path / "office.sqlite"
        open_database(db)
        close_database()
        assert b24desk("export", "--db", str(db), "--to", args[1], home=tmp_path).returncode == 0
    result = b24desk(command, "--db", "postgresql://u:s3cret@host:abc/db", *args, home=tmp_path)
    line = one_line_error(result)
    assert "port" in line and "s3cret" not in line
    assert result.returncode == 2


def test_an_unforeseen_failure_is_one_line_and_a_logged_traceback(tmp_path: Path) -> None:
    """The last resort: any exception a command did not foresee."""
    script = (
        "import sys\n"
        "import b24desk.store.demo.builder as demo\n"
        "def broken(*args, **kwargs):\n"
        "    raise ZeroDivisionError('the demo generator broke')\n"
        "demo.generate_demo = broken\n"
        "from b24desk.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = {**os.environ, "B24DESK_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script, "demo-data", "--db", str(tmp_path / "d.sqlite")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    line = one_line_error(result)
    assert result.returncode == 1
    assert "the demo generator broke" in line
    log = (tmp_path / "logs" / "b24desk.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "ZeroDivisionError" in log
    assert not (tmp_path / "d.sqlite").exists()  # the new file went with the failure


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_log_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """Issue #13.13: "PDFs and the log are world-readable (0644)"."""
    result = b24desk("demo-data", "--db", str(tmp_path / "d.sqlite"), home=tmp_path)
    assert result.returncode == 0, result.stderr
    log = tmp_path / "logs" / "b24desk.log"
    assert log.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "logs").stat().st_mode & 0o077 == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_logs_of_an_older_version_are_made_owner_only(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir(mode=0o755)
    for name in ("b24desk.log", "b24desk.log.1"):
        (logs / name).write_text("2026-11-20 INFO client Kea Ltd\n")
        (logs / name).chmod(0o644)
    logs.chmod(0o755)
    result = b24desk("demo-data", "--db", str(tmp_path / "d.sqlite"), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert logs.stat().st_mode & 0o777 == 0o700
    for name in ("b24desk.log", "b24desk.log.1"):
        assert (logs / name).stat().st_mode & 0o777 == 0o600
