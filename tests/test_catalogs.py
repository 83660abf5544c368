"""The Spanish and Russian catalogs are complete and in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _key(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def code_messages() -> set[str]:
    found = extract_from_dir(
        str(ROOT / "b24desk"), method_map=[("**.py", "python")], keywords=KEYWORDS
    )
    return {_key(msgid) for _file, _line, msgid, _comments, _context in found}


def load(name: str, lang: str | None = None) -> Catalog:
    with (TRANSLATIONS / name).open("rb") as fh:
        return read_po(fh, locale=lang)


def test_template_holds_every_message_of_the_code() -> None:
    template = {_key(m.id) for m in load("b24desk.pot") if m.id}
    missing = code_messages() - template
    stale = template - code_messages()
    assert not missing, f"run the extract command of README.md; missing: {sorted(missing)[:10]}"
    assert not stale, f"messages no longer in the code: {sorted(stale)[:10]}"


@pytest.mark.parametrize("lang", ["es", "ru"])
def test_catalog_is_complete(lang: str) -> None:
    template = {_key(m.id) for m in load("b24desk.pot") if m.id}
    catalog = load(f"{lang}.po", lang)
    entries = {_key(m.id): m for m in catalog if m.id}
    assert set(entries) == template, "run pybabel update (README.md)"
    problems = []
    for key, message in entries.items():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(forms):
            problems.append(f"untranslated or fuzzy: {key!r}")
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = {tuple(sorted(PLACEHOLDER.findall(s))) for s in sources}
        for form in forms:
            if tuple(sorted(PLACEHOLDER.findall(form))) not in wanted:
                problems.append(f"placeholders differ: {key!r} → {form!r}")
            if form.count("&") != sources[0].count("&"):
                problems.append(f"accelerators differ: {key!r} → {form!r}")
    assert not problems, "\n".join(problems[:20])


def test_russian_has_three_plural_forms_everywhere() -> None:
    catalog = load("ru.po", "ru")
    assert catalog.num_plurals == 3
    for message in catalog:
        if message.id and isinstance(message.id, tuple):
            assert len(message.string) == 3 and all(message.string), message.id


def test_no_message_hides_inside_an_f_string() -> None:
    """Babel's extractor cannot see ``_()`` inside an f-string: such text is never
    translated.  Call ``_()`` first and put the result into the f-string."""
    import tokenize

    call = re.compile(r"\b(_|N_|ngettext)\(")
    offenders = []
    for path in sorted((ROOT / "b24desk").rglob("*.py")):
        with path.open("rb") as fh:
            tokens = list(tokenize.tokenize(fh.readline))
        depth = 0  # inside an f-string (Python 3.12+ tokenizes its parts)
        for n, token in enumerate(tokens):
            kind = tokenize.tok_name[token.type]
            if kind == "FSTRING_START":
                depth += 1
            elif kind == "FSTRING_END":
                depth -= 1
            elif (
                depth
                and token.type == tokenize.NAME
                and token.string in {"_", "N_", "ngettext"}
                and tokens[n + 1].string == "("
            ) or (
                token.type == tokenize.STRING
                and token.string[:2].lower() in {'f"', "f'", "rf", "fr"}
                and call.search(token.string)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert not offenders, "gettext call inside an f-string:\n" + "\n".join(offenders)
