"""The desk's catalogs (``translations/<lang>.po``) compiled in memory, without Babel.

Start-up needs the catalog of the desk language before the window paints, and Babel
is not imported before then (issue #18).  This reads the subset of the PO format
the catalogs use (comments, flags, ``msgctxt``, ``msgid``, ``msgid_plural``,
``msgstr``/``msgstr[n]``, continued strings, C escapes) and writes what Babel's
``write_mo(…, use_fuzzy=False)`` writes: untranslated and fuzzy messages left out,
an empty plural form filled with the English one.  A test compares the two.
"""

from __future__ import annotations

import array
import re
import struct
from pathlib import Path

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE = re.compile(r"\\(.)")


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


class _Entry:
    def __init__(self) -> None:
        self.context: str | None = None
        self.msgid = ""
        self.plural: str | None = None
        self.strings: dict[int, str] = {}
        self.fuzzy = False


def _entries(text: str) -> list[_Entry]:
    entries: list[_Entry] = []
    entry = _Entry()
    field: tuple[str, int] | None = None  # what continued strings add to
    started = False

    def close() -> None:
        nonlocal entry, started, field
        if started:
            entries.append(entry)
        entry, started, field = _Entry(), False, None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            close()
            continue
        if line.startswith("#"):
            if started and field is not None and field[0] == "msgstr":
                close()  # the comments of the next message
            if line.startswith("#,"):
                entry.fuzzy = entry.fuzzy or "fuzzy" in [f.strip() for f in line[2:].split(",")]
            continue  # obsolete (#~) messages and comments are not compiled
        if line.startswith('"'):
            if field is None:
                continue
            key, index = field
            value = _unquote(line)
            if key == "msgctxt":
                entry.context = (entry.context or "") + value
            elif key == "msgid":
                entry.msgid += value
            elif key == "msgid_plural":
                entry.plural = (entry.plural or "") + value
            else:
                entry.strings[index] = entry.strings.get(index, "") + value
            continue
        keyword, _space, rest = line.partition(" ")
        new_message = field is not None and (field[0] == "msgstr" or keyword == "msgctxt")
        if keyword in ("msgctxt", "msgid") and started and new_message:
            close()
        started = True
        if keyword == "msgctxt":
            entry.context, field = _unquote(rest), ("msgctxt", 0)
        elif keyword == "msgid":
            entry.msgid, field = _unquote(rest), ("msgid", 0)
        elif keyword == "msgid_plural":
            entry.plural, field = _unquote(rest), ("msgid_plural", 0)
        elif keyword == "msgstr":
            entry.strings[0], field = _unquote(rest), ("msgstr", 0)
        elif keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            entry.strings[index], field = _unquote(rest), ("msgstr", index)
    close()
    return entries


def compile_po(path: Path) -> bytes:
    """The ``.mo`` bytes of the PO file at ``path`` (UTF-8)."""
    pairs: list[tuple[bytes, bytes]] = []
    for entry in _entries(path.read_text(encoding="utf-8")):
        if entry.plural is not None:
            forms = [entry.strings.get(i, "") for i in range(max(entry.strings, default=0) + 1)]
            if entry.fuzzy:
                continue
            english = (entry.msgid, entry.plural)
            filled = [form or english[min(i, 1)] for i, form in enumerate(forms)]
            msgid = f"{entry.msgid}\0{entry.plural}".encode()
            msgstr = "\0".join(filled).encode()
        else:
            string = entry.strings.get(0, "")
            if entry.msgid and (not string or entry.fuzzy):
                continue
            msgid, msgstr = entry.msgid.encode(), string.encode()
        if entry.context is not None:
            msgid = entry.context.encode() + b"\x04" + msgid
        pairs.append((msgid, msgstr))
    pairs.sort()
    ids = bytearray()
    strs = bytearray()
    offsets: list[tuple[int, int, int, int]] = []
    for msgid, msgstr in pairs:
        offsets.append((len(ids), len(msgid), len(strs), len(msgstr)))
        ids += msgid + b"\0"
        strs += msgstr + b"\0"
    keystart = 7 * 4 + 16 * len(pairs)
    valuestart = keystart + len(ids)
    keys: list[int] = []
    values: list[int] = []
    for id_at, id_len, str_at, str_len in offsets:
        keys += [id_len, id_at + keystart]
        values += [str_len, str_at + valuestart]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(pairs), 7 * 4, 7 * 4 + len(pairs) * 8, 0, 0)
    return header + array.array("i", keys + values).tobytes() + bytes(ids) + bytes(strs)
