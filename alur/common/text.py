"""The rules for text people type, in one place: how long it may be, and no invisible
characters in what names or numbers something.

Invisible characters can make one name look like another: bidi controls (U+202A–U+202E,
U+2066–U+2069, U+200E, U+200F, U+061C) reorder what is shown, so ``Surat‮fdp.exe`` reads as
another file, and zero-width characters (U+200B–U+200D, U+2060, U+FEFF) make two titles,
names or letter numbers that look equal differ. They are refused in names, titles and numbers
(``name_problem``), with the field, the character and its position named; free text (a note, a
reason) may hold any character but has a length (``length_problem``).

The services call these (the one door): a page may also set ``maxlength``, but a caller that is
not a page is checked the same way. Each problem is a sentence in the person's language.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

INVISIBLE = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u200e", "\u200f", "\u061c"]
    + [chr(c) for c in range(0x200B, 0x200E)]
    + ["\u2060", "\ufeff"]
)
"""Bidi controls and zero-width characters: refused in names, titles and numbers."""

NOTE_LIMIT = 5_000
"""The longest note or reason a service keeps (a step's note, a due change's reason)."""
NAME_LIMIT = 300
"""The longest title (perihal) of a case, and of a document's name."""


def invisible_at(text: str) -> tuple[str, int] | None:
    """The first invisible character of ``text`` as its code point (e.g. ``U+202E``) and its
    position (from 1)."""
    for index, char in enumerate(text):
        if char in INVISIBLE:
            return f"U+{ord(char):04X}", index + 1
    return None


def name_problem(field: str, text: str, limit: int | None = None) -> str | None:
    """What is wrong with ``text`` as a name, title or number called ``field`` on the page:
    an invisible character, or more than ``limit`` characters; ``None`` when all is well."""
    found = invisible_at(text)
    if found is not None:
        return _(
            "%(field)s memuat karakter tak terlihat (%(char)s) pada posisi %(position)d; hapus "
            "lalu ulangi."
        ) % {"field": field, "char": found[0], "position": found[1]}
    return length_problem(field, text, limit) if limit is not None else None


def length_problem(field: str, text: str, limit: int) -> str | None:
    """``field`` named with its limit when ``text`` is longer than ``limit`` characters."""
    if len(text) <= limit:
        return None
    return _("%(field)s paling panjang %(limit)s karakter; yang dikirim %(length)s karakter.") % {
        "field": field,
        "limit": f"{limit:,}".replace(",", "."),
        "length": f"{len(text):,}".replace(",", "."),
    }
