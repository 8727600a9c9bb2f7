"""The English catalogue (alur/locale/en/LC_MESSAGES) is whole: every string of the source is
in it, none is empty or fuzzy, and the compiled django.mo says what django.po says.

``make messages`` reads the strings again and compiles; a string added to the source without
its English fails here until it is translated.
"""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = ROOT / "alur" / "locale" / "en" / "LC_MESSAGES"


def _catalogue(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def _key(message: Message) -> tuple[str | None, str]:
    first = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return message.context, first


def _entries(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def test_no_entry_is_empty_or_fuzzy() -> None:
    catalog = _catalogue(MESSAGES / "django.po")

    empty = [
        _key(m)
        for m in _entries(catalog)
        if not (all(m.string) if isinstance(m.string, tuple | list) else m.string)
    ]
    fuzzy = [_key(m) for m in _entries(catalog) if m.fuzzy]

    assert empty == []
    assert fuzzy == []
    assert not catalog.fuzzy, "the header is still marked fuzzy"
    assert len(_entries(catalog)) > 1000


def test_the_compiled_catalogue_says_what_the_po_says() -> None:
    catalog = _catalogue(MESSAGES / "django.po")
    with (MESSAGES / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = []
    for message in _entries(catalog):
        if isinstance(message.id, tuple | list):
            singular, plural = message.id[0], message.id[1]
            if message.context:
                got = [compiled.npgettext(message.context, singular, plural, n) for n in (1, 2)]
            else:
                got = [compiled.ngettext(singular, plural, n) for n in (1, 2)]
            expected = list(message.string)
        else:
            if message.context:
                got = [compiled.pgettext(message.context, message.id)]
            else:
                got = [compiled.gettext(message.id)]
            expected = [message.string]
        if got != expected:
            stale.append(_key(message))

    assert stale == [], "django.mo is behind django.po: run `make messages`"


def test_every_string_of_the_source_is_in_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # makemessages writes a ``.py`` twin beside every template while it reads it; it reads a
    # copy of the source, so that no other test walking ``alur/`` meets those files.
    tree = tmp_path / "tree"
    shutil.copytree(
        ROOT / "alur", tree / "alur", ignore=shutil.ignore_patterns("__pycache__", "locale")
    )
    monkeypatch.chdir(tree)
    with override_settings(LOCALE_PATHS=[str(tmp_path)]):
        call_command(
            "makemessages",
            locale=["en"],
            add_location="file",
            ignore_patterns=[".venv", "tests", "bench", "var", "build", "locale"],
            verbosity=0,
        )
    extracted = {_key(m) for m in _entries(_catalogue(tmp_path / "en/LC_MESSAGES/django.po"))}
    committed = {_key(m) for m in _entries(_catalogue(MESSAGES / "django.po"))}

    assert sorted(extracted - committed, key=str) == [], "run `make messages` and translate"
    assert sorted(committed - extracted, key=str) == [], "run `make messages` to drop these"
