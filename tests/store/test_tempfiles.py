"""Leftovers of killed backups, exports and restores are cleaned at the next start
(#13.12), and nothing else is."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from b24desk import paths
from b24desk.store import backup, tempfiles
from b24desk.store.db import opened_here

SOURCE_ROOT = Path(tempfiles.__file__).resolve().parents[2]


def killed_while_writing(folder: Path, name: str) -> Path:
    """What a backup killed mid-write leaves: its private temporary file, in a
    process that really died (SIGKILL: no clean-up ran)."""
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from b24desk.store.tempfiles import private_temp\n"
        "temp = private_temp(Path(sys.argv[1]), sys.argv[2])\n"
        "temp.write_bytes(b'half a backup' * 1000)\n"
        "print(temp, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(folder), name],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SOURCE_ROOT)},
        timeout=60,
    )
    assert result.returncode == -signal.SIGKILL
    return Path(result.stdout.strip())


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_leftovers_of_killed_work_go_at_the_next_start(_isolated_home: Path) -> None:
    database = _isolated_home / "b24desk.sqlite"
    with opened_here(str(database)):
        pass
    backups = paths.backups_dir()
    backups.mkdir()
    old_backup = killed_while_writing(backups, "b24desk-2026-11-20.sqlite")
    old_restore = killed_while_writing(_isolated_home, "b24desk.sqlite")
    recent = killed_while_writing(backups, "b24desk-2026-11-21.sqlite")
    for leftover in (old_backup, old_restore):
        age(leftover, 3600)
    theirs = backups / "notes.partial"  # not b24desk's pattern
    theirs.write_text("someone else's")
    age(theirs, 10 * 24 * 3600)

    backup.daily_backup(database, date(2026, 11, 22))  # what the desk does at start

    assert not old_backup.exists() and not old_restore.exists()
    assert recent.exists()  # a few minutes old: perhaps still being written
    assert theirs.exists()


def test_a_live_writers_file_is_kept_however_old(tmp_path: Path) -> None:
    temp = tempfiles.private_temp(tmp_path, "office.zip")  # this process: alive
    age(temp, 7 * 24 * 3600)
    assert tempfiles.clean_stale(tmp_path) == []
    assert temp.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_temporary_files_are_private(tmp_path: Path) -> None:
    temp = tempfiles.private_temp(tmp_path, "office.zip")
    assert temp.stat().st_mode & 0o777 == 0o600
    assert tempfiles.is_stale(temp, now=time.time() + 3600) is False  # alive


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_the_working_folder_of_a_killed_copy_goes_too(tmp_path: Path) -> None:
    """A copy to the server works in a folder of the system's temporary folder (a
    whole export in it); killed, the folder stays until the next start."""
    script = (
        "import os, signal, sys, tempfile\n"
        "tempfile.tempdir = sys.argv[1]\n"
        "from b24desk.store.tempfiles import private_temp_dir\n"
        "work = private_temp_dir('copy')\n"
        "folder = work.name\n"
        "open(os.path.join(folder, 'office.zip'), 'wb').write(b'x' * 10000)\n"
        "print(folder, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SOURCE_ROOT)},
        timeout=60,
    )
    left = Path(result.stdout.strip())
    assert left.is_dir() and left.parent == tmp_path
    alive = tempfiles.private_temp_dir("copy")  # this process's own: kept
    try:
        for path in (left, left / "office.zip"):
            age(path, 3600)
        mine = Path(alive.name)
        age(mine, 3600)
        assert tempfiles.clean_stale_folders(tmp_path) == [left]
        assert not left.exists()
    finally:
        alive.cleanup()
