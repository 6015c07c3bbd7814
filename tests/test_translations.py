"""The Vietnamese catalogue is complete and its compiled .mo matches the committed .po.

None of these tests touches the database. The ones that regenerate or compile the catalogue need GNU gettext
(``xgettext`` and ``msgfmt``): without it they are skipped, or fail when ``REQUIRE_SERVICES=1``.
"""

import gettext as gettext_module
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PROJECT_DIR / "locale" / "vi" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

# The command that produced the committed catalogue.
MAKEMESSAGES = [
    "makemessages",
    "-l",
    "vi",
    "--no-location",
    "--no-obsolete",
    "-i",
    ".venv/*",
    "-i",
    "var/*",
    "-i",
    "tests/*",
]

# Not copied: top-level local state, and caches or dependencies at any depth.
_SKIP_AT_TOP = {".venv", "var", ".git", ".ruff_cache", ".pytest_cache", "mutants"}
_SKIP_ANYWHERE = {"__pycache__", "node_modules"}


def _need_gettext() -> None:
    missing = [tool for tool in ("xgettext", "msgfmt") if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"GNU gettext is not installed ({', '.join(missing)} not on PATH)"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


# --- A small .po reader: enough for what makemessages writes (no dependency beyond the standard library) ---------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')


def _unquote(token: str) -> str:
    token = token.strip()
    if len(token) < 2 or not (token.startswith('"') and token.endswith('"')):
        raise ValueError(f"not a quoted PO string: {token!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), token[1:-1])


def parse_po(path: Path) -> list[dict]:
    """Return the entries of a .po file (the header included): each a dict of its fields, plus ``flags``.

    Fields are ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` or ``msgstr[N]``, unescaped and joined over
    continuation lines. Obsolete entries (``#~``) are left out.
    """
    entries: list[dict] = []
    entry: dict = {}
    field = None

    def finish():
        nonlocal entry, field
        if "msgid" in entry:
            entries.append(entry)
        entry, field = {}, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            if field is not None and field != "flags":
                finish()  # a comment after a msgstr starts the next entry
            entry.setdefault("flags", set()).update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            if field is not None:
                finish()
        elif match := _KEYWORD.match(line):
            keyword = match.group(1)
            if keyword in ("msgctxt", "msgid") and any(key.startswith("msgstr") for key in entry):
                finish()
            field = keyword
            entry[field] = _unquote(match.group(2))
        elif line.startswith('"') and field:
            entry[field] += _unquote(line)
        else:
            raise ValueError(f"{path}:{number}: cannot parse {raw!r}")
    finish()
    for item in entries:
        item.setdefault("flags", set())
    return entries


def _label(entry: dict) -> str:
    label = entry["msgid"]
    if "msgid_plural" in entry:
        label += f" | {entry['msgid_plural']}"
    if "msgctxt" in entry:
        label = f"[{entry['msgctxt']}] {label}"
    return repr(label)


def untranslated(entries: list[dict]) -> list[str]:
    """The msgids (header excluded) that are fuzzy or have an empty msgstr, plural forms included."""
    problems = []
    for entry in entries:
        if entry["msgid"] == "" and "msgctxt" not in entry:
            continue
        translations = [value for key, value in entry.items() if key.startswith("msgstr")]
        if "fuzzy" in entry["flags"]:
            problems.append(f"{_label(entry)} (fuzzy)")
        elif not translations or not all(translations):
            problems.append(_label(entry))
    return problems


def test_po_parser_reads_plurals_flags_and_continuations(tmp_path):
    po = tmp_path / "sample.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid ""\n"Long "\n"text \\"quoted\\""\nmsgstr "Dài"\n\n'
        '#, fuzzy, python-format\nmsgid "Hi %(name)s"\nmsgstr "Chào %(name)s"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] ""\n\n'
        'msgid "empty"\nmsgstr ""\n',
        encoding="utf-8",
    )
    entries = parse_po(po)
    assert [entry["msgid"] for entry in entries] == ["", 'Long text "quoted"', "Hi %(name)s", "one", "empty"]
    assert entries[2]["flags"] == {"fuzzy", "python-format"}
    assert untranslated(entries) == ["'Hi %(name)s' (fuzzy)", "'one | many'", "'empty'"]


# --- The catalogue ------------------------------------------------------------------------------------------------


def _copy_ignore(directory: str, names: list[str]) -> set[str]:
    skipped = {name for name in names if name in _SKIP_ANYWHERE}
    if Path(directory).resolve() == PROJECT_DIR:
        skipped |= {name for name in names if name in _SKIP_AT_TOP}
    return skipped


def test_every_message_is_translated(tmp_path):
    """Regenerate the catalogue from the current sources: no msgid may be new, empty or fuzzy."""
    _need_gettext()
    copy = tmp_path / "project"
    shutil.copytree(PROJECT_DIR, copy, ignore=_copy_ignore, symlinks=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"

    entries = parse_po(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    header = next(entry for entry in entries if entry["msgid"] == "")
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"]
    assert len(entries) > 1, "the regenerated catalogue has no messages"
    problems = untranslated(entries)
    assert not problems, (
        f"{len(problems)} message(s) not translated into Vietnamese; run makemessages (see this test), translate "
        "locale/vi/LC_MESSAGES/django.po and run compilemessages:\n  " + "\n  ".join(problems)
    )


def test_committed_catalogue_is_complete():
    entries = parse_po(PO_FILE)
    problems = untranslated(entries)
    assert not problems, "untranslated or fuzzy in the committed django.po:\n  " + "\n  ".join(problems)


def test_compiled_catalogue_matches_the_po(tmp_path):
    """The committed django.mo holds exactly what the committed django.po compiles to."""
    _need_gettext()
    assert MO_FILE.exists(), "locale/vi/LC_MESSAGES/django.mo is missing: run compilemessages"
    fresh = tmp_path / "tmp.mo"
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", str(fresh), str(PO_FILE)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"msgfmt rejected django.po:\n{result.stderr}"

    with MO_FILE.open("rb") as committed_file, fresh.open("rb") as fresh_file:
        committed = gettext_module.GNUTranslations(committed_file)._catalog
        expected = gettext_module.GNUTranslations(fresh_file)._catalog
    stale = sorted(str(key) for key in committed.keys() ^ expected.keys())
    stale += sorted(str(key) for key in committed.keys() & expected.keys() if committed[key] != expected[key])
    assert committed == expected, (
        "locale/vi/LC_MESSAGES/django.mo is stale: run compilemessages. Differing msgids:\n  " + "\n  ".join(stale)
    )


def test_django_uses_the_vietnamese_catalogue():
    """Needs no database: only the compiled catalogue, as Django loads it (no django_db mark, no db fixture)."""
    with translation.override("vi"):
        assert translation.gettext("Sign in") == "Đăng nhập"
    with translation.override("en"):
        assert translation.gettext("Sign in") == "Sign in"
