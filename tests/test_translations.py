"""The German catalogue is complete, current with the source, and used by the pages.

English is the source language, so only locale/de must translate every msgid. A new UI string
without a German translation fails `test_catalogue_matches_source` (it is not in the committed
catalogue yet) or `test_every_german_string_is_translated` (it is there with an empty msgstr).
"""

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
GERMAN_PO = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"
# What makemessages reads: the same sources the committed catalogue was made from.
SOURCES = ["manage.py", "newsroom", "articles", "templates"]
IGNORE = [".venv", "var", "tests", "node_modules"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


@dataclass
class Entry:
    """One message of a .po file; `msgstr` holds every plural form in index order."""

    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    def label(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return f"line {self.line}: {context}{self.msgid!r}"


def _unquote(text: str, path: Path, number: int) -> str:
    text = text.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"{path}:{number}: expected a quoted string, got {text!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


class _Parser:
    """Reads a .po file line by line into entries; see parse_po."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: list[Entry] = []
        self.entry = Entry()
        self.target: tuple[str, int | None] | None = None  # what a continuation extends
        self.started = False  # the current entry has a msgctxt/msgid/msgstr line

    def finish(self) -> None:
        if self.started:
            self.entries.append(self.entry)
        self.entry, self.target, self.started = Entry(), None, False

    def comment(self, line: str) -> None:
        if self.started:  # a comment after the strings starts the next entry
            self.finish()
        if line.startswith("#,"):
            self.entry.flags.update(flag.strip() for flag in line[2:].split(","))

    def continuation(self, text: str, number: int) -> None:
        if self.target is None:
            raise ValueError(f"{self.path}:{number}: string continuation outside a message")
        name, index = self.target
        if name == "msgstr":
            self.entry.msgstr[index] += text
        else:
            setattr(self.entry, name, getattr(self.entry, name) + text)

    def keyword(self, keyword: str, text: str, number: int) -> None:
        after_context = self.target == ("msgctxt", None)
        if self.started and (keyword == "msgctxt" or (keyword == "msgid" and not after_context)):
            self.finish()  # a new message without a blank line in between
        if not self.started:
            self.entry.line, self.started = number, True
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(self.entry, keyword, text)
            self.target = (keyword, None)
        elif match := re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword):
            index = int(match.group(1) or 0)
            self.entry.msgstr[index] = text
            self.target = ("msgstr", index)
        else:
            raise ValueError(f"{self.path}:{number}: unknown keyword {keyword!r}")

    def parse(self) -> list[Entry]:
        for number, raw in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line:
                self.finish()
            elif line.startswith("#~"):
                continue  # obsolete
            elif line.startswith("#"):
                self.comment(line)
            elif line.startswith('"'):
                self.continuation(_unquote(line, self.path, number), number)
            else:
                keyword, _, rest = line.partition(" ")
                self.keyword(keyword, _unquote(rest, self.path, number), number)
        self.finish()
        return self.entries


def parse_po(path: Path) -> list[Entry]:
    """Every active entry of a .po file, header included (its msgid is "").

    Handles comments and flags, msgctxt, multi-line strings, msgid_plural and msgstr[n];
    obsolete entries (#~) are skipped.
    """
    return _Parser(path).parse()


def messages(path: Path) -> list[Entry]:
    """The entries of a catalogue without its header."""
    return [entry for entry in parse_po(path) if entry.msgid or entry.msgctxt is not None]


def header(path: Path) -> Entry:
    return next(entry for entry in parse_po(path) if not entry.msgid and entry.msgctxt is None)


# The committed German catalogue ---------------------------------------------------------


def test_parser_reads_multiline_context_and_plurals(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        '#, fuzzy, python-format\nmsgid ""\n"Long %(n)s "\n"text"\nmsgstr "Langer %(n)s Text"\n\n'
        'msgctxt "URL"\nmsgid "search/"\nmsgstr "suche/"\n\n'
        'msgid "%(c)s story"\nmsgid_plural "%(c)s stories"\nmsgstr[0] "%(c)s Artikel"\n'
        'msgstr[1] ""\n\n#~ msgid "old"\n#~ msgstr "alt"\n',
        encoding="utf-8",
    )
    entries = messages(po)
    assert [e.key for e in entries] == [
        (None, "Long %(n)s text"),
        ("URL", "search/"),
        (None, "%(c)s story"),
    ]
    assert entries[0].flags == {"fuzzy", "python-format"}
    assert entries[1].msgstr == {0: "suche/"}
    assert entries[2].msgid_plural == "%(c)s stories"
    assert entries[2].msgstr == {0: "%(c)s Artikel", 1: ""}
    assert header(po).msgstr[0] == "Language: de\n"


def test_german_header():
    text = header(GERMAN_PO)
    assert "fuzzy" not in text.flags, "remove the '#, fuzzy' flag from the catalogue header"
    assert "Language: de\n" in text.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in text.msgstr[0]


def test_every_german_string_is_translated():
    entries = messages(GERMAN_PO)
    assert len(entries) > 100, "the German catalogue looks truncated"
    missing = [
        entry.label()
        for entry in entries
        if not entry.msgstr
        or (entry.msgid_plural is not None and sorted(entry.msgstr) != [0, 1])
        or not all(text.strip() for text in entry.msgstr.values())
    ]
    assert not missing, "German translation missing for:\n" + "\n".join(missing)


def test_no_german_string_is_fuzzy():
    fuzzy = [entry.label() for entry in messages(GERMAN_PO) if "fuzzy" in entry.flags]
    assert not fuzzy, "fuzzy (unchecked) German translations:\n" + "\n".join(fuzzy)


def test_german_translations_keep_placeholders():
    wrong = []
    for entry in messages(GERMAN_PO):
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        expected = sorted(set().union(*(PLACEHOLDER.findall(s) for s in sources)))
        for index, text in entry.msgstr.items():
            if text and sorted(set(PLACEHOLDER.findall(text))) != expected:
                wrong.append(f"{entry.label()} msgstr[{index}] = {text!r}")
    assert not wrong, "placeholders differ from the msgid:\n" + "\n".join(wrong)


def test_url_translations_keep_converters():
    urls = [entry for entry in messages(GERMAN_PO) if entry.msgctxt == "URL"]
    assert urls
    for entry in urls:
        assert re.findall(r"<[^>]+>", entry.msgstr[0]) == re.findall(r"<[^>]+>", entry.msgid)
        assert entry.msgstr[0].endswith("/"), entry.label()


# The catalogue against the source -------------------------------------------------------


def _copy_sources(destination: Path) -> None:
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        else:
            shutil.copy2(source, destination / name)
    (destination / "locale").mkdir()


def test_catalogue_matches_source(tmp_path):
    """makemessages on a fresh copy finds exactly the strings of the committed catalogue."""
    _copy_sources(tmp_path)
    env = os.environ | {
        "DEBUG": "1",
        "DATABASE_URL": "postgres://unused/unused",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    command = [sys.executable, "manage.py", "makemessages", "-l", "de", "--no-obsolete"]
    command += [f"--ignore={pattern}" for pattern in IGNORE]
    result = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    fresh_po = tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po"
    assert fresh_po.exists(), f"makemessages wrote no catalogue: {result.stdout}{result.stderr}"

    fresh = {entry.key: entry for entry in messages(fresh_po)}
    committed = {entry.key: entry for entry in messages(GERMAN_PO)}
    new = sorted(fresh.keys() - committed.keys(), key=str)
    gone = sorted(committed.keys() - fresh.keys(), key=str)

    def show(keys):
        return "\n".join(f"  {ctx + ': ' if ctx else ''}{msgid!r}" for ctx, msgid in keys)

    assert not new and not gone, (
        "locale/de/LC_MESSAGES/django.po is out of date; run makemessages (see README) "
        "and translate.\n"
        + (f"Strings in the source without a German translation:\n{show(new)}\n" if new else "")
        + (f"Strings in the catalogue no longer in the source:\n{show(gone)}\n" if gone else "")
    )
    plural_mismatch = [
        fresh[key].label()
        for key in fresh
        if fresh[key].msgid_plural != committed[key].msgid_plural
    ]
    assert not plural_mismatch, "plural msgids changed:\n" + "\n".join(plural_mismatch)


# The pages ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_front_page_speaks_german_at_root_and_english_under_en():
    client = Client()
    with translation.override("de"):
        german = client.get("/")
    assert german.status_code == 200
    assert german.headers["Content-Language"] == "de"
    html = german.content.decode()
    assert '<html lang="de">' in html
    assert "Zum Inhalt springen" in html
    assert "Skip to content" not in html
    assert "Neueste Nachrichten" in html

    english = Client().get("/en/")
    assert english.status_code == 200
    assert english.headers["Content-Language"] == "en"
    html = english.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert "Zum Inhalt springen" not in html
    assert "Latest news" in html


@pytest.mark.django_db
def test_german_search_page_uses_translated_url_and_text():
    response = Client().get("/suche/", {"q": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte geben Sie einen Suchbegriff ein." in html
    assert "Alle Ressorts" in html
