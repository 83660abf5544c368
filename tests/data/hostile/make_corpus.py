"""Make the hostile-file corpus: archives and databases that must be refused cleanly.

    python tests/data/hostile/make_corpus.py [FOLDER]    (default: beside this script)

Every file is refused by every command that reads it with one line on stderr and a
non-zero exit, nothing created or changed (tests/test_hostile_files.py runs them,
after making the corpus afresh for this schema version; the copies committed here
are for reading and for trying by hand).  The zip bomb is not kept: the test makes
it, since it is large by design.

Archives (``import --from``):
  huge_id.zip          a client id of 10**30
  deep_json.zip        a row nested 100 000 levels deep
  bad_utf8.zip         a row with a byte that is not UTF-8
  deep_manifest.zip    a manifest nested 100 000 levels deep
  many_entries.zip     1 000 entries
  truncated.zip        the first half of an export
  not_a_zip.zip        text
Databases (``restore --from``, ``export``/``invoice``/``backup``/``demo-data --db``):
  damaged_page.sqlite  a b24desk database with one page overwritten
  missing_table.sqlite a b24desk database without its ticket table
  foreign.sqlite       another program's SQLite file (rollback journal, not WAL)
  truncated.sqlite     the first half of a b24desk database
  empty.sqlite         0 bytes
  not_sqlite.sqlite    text
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _office(path: Path) -> None:
    """A small b24desk database with a client and an issued invoice, closed."""
    from b24desk.store import invoices
    from b24desk.store import models as m
    from b24desk.store.db import close_database, open_database

    open_database(path)
    try:
        client = m.Client.create(company="Kea Ltd")
        draft = invoices.create_draft(client.id, [invoices.LineInput("Setup", unit_price="100")])
        invoices.issue_invoice(draft.id, date(2026, 11, 20), draft.version)
    finally:
        close_database()
    conn = sqlite3.connect(path)  # one self-contained file, as small as it gets
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("VACUUM")
    conn.close()


def _export(db: Path, target: Path) -> None:
    from b24desk.store.db import close_database, open_database
    from b24desk.store.portable import export_portable

    open_database(db)
    try:
        export_portable(target)
    finally:
        close_database()


def _rewrite(source: Path, target: Path, change: dict[str, bytes]) -> None:
    """``source`` with the entries of ``change`` replaced (others copied)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change.get(info.filename, zin.read(info.filename)))


def _deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


def build(folder: Path) -> dict[str, Path]:
    """Write the corpus into ``folder``; returns name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="b24desk-corpus-") as work:
        office = Path(work) / "office.sqlite"
        _office(office)
        export = Path(work) / "office.zip"
        _export(office, export)
        with zipfile.ZipFile(export) as zf:
            clients = zf.read("tables/client.jsonl").decode("utf-8").splitlines()
            manifest = zf.read("manifest.json")
        row = json.loads(clients[0])

        def zip_with(name: str, change: dict[str, bytes]) -> None:
            made[name] = folder / name
            _rewrite(export, made[name], change)

        zip_with("huge_id.zip", {"tables/client.jsonl": json.dumps({**row, "id": 10**30}).encode()})
        zip_with("deep_json.zip", {"tables/client.jsonl": _deep(100_000) + b"\n"})
        cafe = json.dumps({**row, "company": "Caf\u00e9"}, ensure_ascii=False).encode("utf-8")
        bad = cafe.replace(b"\xc3\xa9", b"\xe9")  # "é" in Latin-1 inside UTF-8 text
        assert bad != cafe
        zip_with("bad_utf8.zip", {"tables/client.jsonl": bad + b"\n"})
        zip_with("deep_manifest.zip", {"manifest.json": _deep(100_000)})
        made["many_entries.zip"] = folder / "many_entries.zip"
        with zipfile.ZipFile(made["many_entries.zip"], "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", manifest)
            for n in range(1000):
                zf.writestr(f"tables/extra{n}.jsonl", b"")
        data = export.read_bytes()
        made["truncated.zip"] = folder / "truncated.zip"
        made["truncated.zip"].write_bytes(data[: len(data) // 2])
        made["not_a_zip.zip"] = folder / "not_a_zip.zip"
        made["not_a_zip.zip"].write_text("This is not a zip file.\n")

        page = sqlite3.connect(office).execute("PRAGMA page_size").fetchone()[0]
        conn = sqlite3.connect(office)
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'client'").fetchone()
        conn.close()
        damaged = bytearray(office.read_bytes())
        start = (root[0] - 1) * page
        damaged[start : start + page] = b"\xde\xad\xbe\xef" * (page // 4)
        made["damaged_page.sqlite"] = folder / "damaged_page.sqlite"
        made["damaged_page.sqlite"].write_bytes(bytes(damaged))

        made["missing_table.sqlite"] = folder / "missing_table.sqlite"
        made["missing_table.sqlite"].write_bytes(office.read_bytes())
        conn = sqlite3.connect(made["missing_table.sqlite"])
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DROP TABLE ticket_message")
        conn.execute("DROP TABLE ticket")
        conn.commit()
        conn.execute("VACUUM")
        conn.close()

        made["truncated.sqlite"] = folder / "truncated.sqlite"
        whole = office.read_bytes()
        made["truncated.sqlite"].write_bytes(whole[: len(whole) // 2])

    made["foreign.sqlite"] = folder / "foreign.sqlite"
    made["foreign.sqlite"].unlink(missing_ok=True)
    conn = sqlite3.connect(made["foreign.sqlite"])
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('a shopping list')")
    conn.commit()
    conn.close()
    made["empty.sqlite"] = folder / "empty.sqlite"
    made["empty.sqlite"].write_bytes(b"")
    made["not_sqlite.sqlite"] = folder / "not_sqlite.sqlite"
    made["not_sqlite.sqlite"].write_text("Dear office, this is a letter.\n")
    return made


def zip_bomb(export: Path, target: Path, size: int = 256 * 1024 * 1024) -> Path:
    """``export`` whose client table inflates to ``size`` bytes of one endless line
    (about 250 kB compressed for 256 MB): a reader that takes lines whole is sunk."""
    with zipfile.ZipFile(export) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != "tables/client.jsonl":
                zout.writestr(info.filename, zin.read(info.filename))
        with zout.open("tables/client.jsonl", "w", force_zip64=True) as out:
            chunk = b"0" * (1024 * 1024)
            for _n in range(size // len(chunk)):
                out.write(chunk)
    return target


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[2]))  # this checkout's b24desk
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for name, path in sorted(build(out).items()):
        print(f"{name:<22} {path.stat().st_size:>8} bytes")
