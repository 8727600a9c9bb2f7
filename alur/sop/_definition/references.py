"""Checks of the reference documents (rujukan): unique ids, web links, and the ids steps name.

Each check yields ``(code, path, params)`` like the flow checks; the caller turns paths into
lines and columns.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from urllib.parse import urlsplit

from alur.sop._definition.messages import Text
from alur.sop._definition.model import Sop
from alur.sop._definition.source import Path

Finding = tuple[str, Path, dict[str, object]]


def check_references(sop: Sop) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, reference in enumerate(sop.rujukan):
        if reference.id in seen:
            yield "reference.duplicate", ("rujukan", index, "id"), {"reference": reference.id}
        seen.add(reference.id)
        if reference.tautan is not None and not is_web_link(reference.tautan):
            params: dict[str, object] = {"reference": reference.id, "link": reference.tautan}
            yield "reference.link", ("rujukan", index, "tautan"), params
    known = list(dict.fromkeys(r.id for r in sop.rujukan))
    listed = ", ".join(known) or "—"
    for row, step in enumerate(sop.langkah):
        for index, name in enumerate(step.rujukan):
            if name in seen:
                continue
            yield (
                "reference.unknown",
                ("langkah", row, "rujukan", index),
                {
                    "step": step.no,
                    "reference": name,
                    "references": listed,
                    "suggestion": _suggestion(name, known),
                },
            )


def is_web_link(text: str) -> bool:
    """Whether ``text`` is an http(s) address with a host, as a reader's browser can open it
    (written in lowercase, as the schema's pattern has it)."""
    if not text.startswith(("http://", "https://")) or any(c.isspace() for c in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return bool(parts.hostname)


def _suggestion(name: str, known: list[str]) -> Text:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if not close:
        return Text("", "")
    return Text(f"Maksud Anda '{close[0]}'? ", f"Did you mean '{close[0]}'? ")
