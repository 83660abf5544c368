"""Reading a zip someone handed over, without letting it take the machine.

A portable export is a few JSON Lines files and a manifest.  Before anything is
decompressed, :func:`check_archive` looks at the zip's directory: how many entries,
how large they say they are once decompressed, in all and each, and how much
smaller they are compressed (a "zip bomb" is a few hundred kilobytes that inflate to
gigabytes).  The declared sizes are then binding: :mod:`zipfile` stops at an entry's
declared size, and :func:`read_member` and :func:`limited_lines` stop at their own
caps too, so memory stays bounded by one line, whatever the file claims.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from b24desk.i18n import _
from b24desk.store.errors import StoreError

#: An export holds one file per table and a manifest: far fewer than this.
MAX_ENTRIES = 200
#: Decompressed bytes of one entry, and of all of them (a large office is ~0.5 GB).
MAX_ENTRY_BYTES = 8 * 1024**3
MAX_TOTAL_BYTES = 16 * 1024**3
#: Decompressed / compressed size of an entry; JSON Lines of an office is ~5-20.
MAX_RATIO = 200
#: Entries smaller than this are not held to the ratio (tiny files compress oddly).
RATIO_FROM_BYTES = 1024 * 1024
#: The manifest, and one row (one line of JSON).
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_LINE_BYTES = 4 * 1024 * 1024


class UnsafeArchiveError(StoreError):
    """The zip is refused before reading: too many entries, too large, too compressed."""


def check_archive(zf: zipfile.ZipFile, source: Path) -> None:
    """Refuse ``zf`` (read from ``source``) when its directory exceeds the limits."""
    entries = zf.infolist()
    if len(entries) > MAX_ENTRIES:
        raise UnsafeArchiveError(
            _("{file} has {count} entries: a b24desk export has a few dozen.").format(
                file=source, count=len(entries)
            )
        )
    total = 0
    for info in entries:
        total += info.file_size
        ratio_too_high = (
            info.file_size >= RATIO_FROM_BYTES
            and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        )
        if info.file_size > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES or ratio_too_high:
            raise UnsafeArchiveError(
                _(
                    "{file} is refused: {entry} would grow from {packed} to {size} bytes "
                    "when unpacked, more than a b24desk export ever does."
                ).format(
                    file=source,
                    entry=info.filename,
                    packed=info.compress_size,
                    size=info.file_size,
                )
            )


def read_member(zf: zipfile.ZipFile, name: str, limit: int, source: Path) -> bytes:
    """The bytes of entry ``name``, refused when more than ``limit`` (KeyError if none)."""
    info = zf.getinfo(name)
    if info.file_size > limit:
        raise UnsafeArchiveError(
            _("{file}: {entry} is larger than a b24desk export writes.").format(
                file=source, entry=name
            )
        )
    with zf.open(info) as raw:
        data = raw.read(limit + 1)
    if len(data) > limit:
        raise UnsafeArchiveError(
            _("{file}: {entry} is larger than a b24desk export writes.").format(
                file=source, entry=name
            )
        )
    return data


def limited_lines(raw: IO[bytes], source: Path, entry: str) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each line of ``raw``, no line longer than the cap."""
    number = 0
    while True:
        line = raw.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES:
            raise UnsafeArchiveError(
                _("{file}: {entry}, line {line} is longer than any row b24desk writes.").format(
                    file=source, entry=entry, line=number
                )
            )
        yield number, line


def parse_json(data: bytes) -> Any:
    """JSON from UTF-8 bytes; ValueError (with the reason) for anything else: bad
    UTF-8, bad JSON, nesting too deep for the parser."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            _("not UTF-8 text (byte {position})").format(position=exc.start + 1)
        ) from exc
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise ValueError(_("JSON nested too deeply")) from exc
