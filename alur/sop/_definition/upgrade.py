"""``alur sop upgrade``: a version-1 definition rewritten to the newest format.

Format 2 only added rules (service deadline, extension limits, the ``ditolak`` ending,
conditional requirements, reference documents, scheduled starts); everything a version-1 file
says means the same under it. So the upgrade changes one token, the value of the top-level
``format`` key, and leaves every other byte as written: comments, key order, quoting, blank
lines and the ``(reading)`` notes an office keeps. A YAML round-trip library would keep most
comments too, but would still re-flow what it writes; an edit of the one value keeps all of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alur.sop._definition.messages import Lang
from alur.sop._definition.model import FORMAT_VERSION
from alur.sop._definition.source import YamlProblem, parse

_ONE = re.compile(r"1(?![0-9A-Za-z_.])")


@dataclass(frozen=True)
class NotUpgradable(Exception):
    """Why a text cannot be upgraded, in both languages, with the line it concerns."""

    line: int
    indonesian: str
    english: str

    def message(self, lang: Lang) -> str:
        return self.indonesian if lang == "id" else self.english


def upgrade_text(text: str) -> str:
    """``text`` with ``format: 1`` rewritten as ``format: 2`` and nothing else changed; a file
    already at the newest format comes back as it is. Raises ``NotUpgradable`` for text that is
    not a definition with a ``format`` of 1 or 2."""
    try:
        located = parse(text)
    except YamlProblem as problem:
        raise NotUpgradable(
            problem.position.line,
            "YAML tidak dapat dibaca; perbaiki dulu ('alur sop check').",
            "The YAML cannot be read; fix it first ('alur sop check').",
        ) from None
    data = located.data
    if not isinstance(data, dict) or "format" not in data:
        raise NotUpgradable(
            1,
            "Berkas tidak memuat kunci 'format' di tingkat teratas.",
            "The file has no top-level 'format' key.",
        )
    where = located.values[("format",)]
    if data["format"] == FORMAT_VERSION:
        return text
    if data["format"] == "1":
        raise NotUpgradable(
            where.line,
            "Tulis 'format: 1' sebagai angka tanpa tanda kutip, lalu ulangi.",
            "Write 'format: 1' as a number without quotes, then try again.",
        )
    if data["format"] != 1 or isinstance(data["format"], bool):
        raise NotUpgradable(
            where.line,
            f"'format: {data['format']}' bukan versi yang dapat dinaikkan (1).",
            f"'format: {data['format']}' is not a version that can be upgraded (1).",
        )
    lines = text.splitlines(keepends=True)
    line = lines[where.line - 1]
    start = where.column - 1
    if not _ONE.match(line, start):
        raise NotUpgradable(
            where.line,
            "Tulis 'format: 1' sebagai angka tanpa tanda kutip, lalu ulangi.",
            "Write 'format: 1' as a number without quotes, then try again.",
        )
    lines[where.line - 1] = line[:start] + str(FORMAT_VERSION) + line[start + 1 :]
    return "".join(lines)
