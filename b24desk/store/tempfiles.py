"""b24desk's own temporary files, and cleaning up after interrupted work.

A backup, an export or a restore writes a private temporary file beside its target
(``.<target name>.<pid>.<random>.partial``) and renames it into place at the end.
When the process is killed on the way, the file stays behind.  :func:`clean_stale`
removes those leftovers: only names of this exact pattern, only when the process
that wrote one is gone (or, for a name without a process id, when it is old), and
only when the file has not been written to for a while.  Nothing else is touched.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

SUFFIX = ".partial"
#: A leftover is removed only when it was last written this long ago (seconds).
STALE_AFTER_S = 10 * 60
#: A leftover without a process id in its name (older b24desk) waits this long.
STALE_WITHOUT_PID_S = 24 * 3600

# ".office.zip.12345.k2j4h5.partial" (and the older ".office.zip.k2j4h5.partial")
_PATTERN = re.compile(r"\.(?P<name>.+?)\.(?:(?P<pid>\d+)\.)?(?P<rand>[a-z0-9_]{8})\.partial")


# "b24desk-copy-12345-k2j4h5ab": the working folder of a copy to another database
_DIR_PATTERN = re.compile(r"b24desk-(?P<label>[a-z]+)-(?P<pid>\d+)-[a-z0-9_]{8}")


def private_temp_dir(label: str) -> tempfile.TemporaryDirectory[str]:
    """A private working folder in the system's temporary folder (removed when the
    ``with`` block ends; :func:`clean_stale_folders` removes it after a kill)."""
    return tempfile.TemporaryDirectory(prefix=f"b24desk-{label}-{os.getpid()}-")


def clean_stale_folders(parent: Path | None = None) -> list[Path]:
    """Remove the working folders of killed processes from the temporary folder."""
    parent = parent if parent is not None else Path(tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = [e for e in parent.iterdir() if e.name.startswith("b24desk-")]
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _DIR_PATTERN.fullmatch(entry.name)
        if match is None or entry.is_symlink() or not entry.is_dir():
            continue
        try:
            newest = max(
                [entry.stat().st_mtime] + [f.stat().st_mtime for f in entry.rglob("*")]
            )
        except OSError:
            continue
        if now - newest >= STALE_AFTER_S and not _process_alive(int(match.group("pid"))):
            shutil.rmtree(entry, ignore_errors=True)
            if not entry.exists():
                removed.append(entry)
                log.info("removed the leftover working folder %s", entry)
    return removed


def private_temp(folder: Path, name: str) -> Path:
    """A new empty file in ``folder`` readable by its owner only (0600 on POSIX),
    named so that :func:`clean_stale` can tell whose it is."""
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.{os.getpid()}.", suffix=SUFFIX)
    os.close(fd)
    return Path(temp)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    except OSError:
        return False
    return True


def is_stale(path: Path, now: float | None = None) -> bool:
    """Whether ``path`` is a leftover of b24desk's that nobody is writing any more."""
    match = _PATTERN.fullmatch(path.name)
    if match is None:
        return False
    try:
        info = path.lstat()
    except OSError:
        return False
    if not path.is_file() or path.is_symlink():
        return False
    age = (now if now is not None else time.time()) - info.st_mtime
    pid = match.group("pid")
    if pid is None:
        return age >= STALE_WITHOUT_PID_S
    return age >= STALE_AFTER_S and not _process_alive(int(pid))


def clean_stale(*folders: Path | None) -> list[Path]:
    """Delete the stale temporary files of b24desk in ``folders`` (and the stale
    working folders in the system's temporary folder); returns them."""
    removed: list[Path] = clean_stale_folders()
    for folder in folders:
        if folder is None or not folder.is_dir():
            continue
        try:
            entries = [e for e in folder.iterdir() if e.name.endswith(SUFFIX)]
        except OSError:
            continue
        for entry in entries:
            if is_stale(entry):
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed.append(entry)
                    log.info("removed the leftover temporary file %s", entry)
    return removed
