"""Django's one-line comment ``{# … #}`` ends at the end of its line: one that runs on to a
second line is not a comment at all, and the page shows it as text to whoever opens it."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = sorted((Path(__file__).parents[2] / "alur").glob("**/templates/**/*.html"))
OPENED = re.compile(r"\{#(?![^\n]*#\})")


def test_every_template_comment_closes_on_its_own_line() -> None:
    assert len(TEMPLATES) > 100
    unclosed = [
        f"{path.relative_to(Path(__file__).parents[2])}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OPENED.search(line)
    ]
    assert unclosed == []


def test_the_check_finds_a_comment_that_runs_on() -> None:
    assert OPENED.search("{# The documents of a request's first step: the staff's")
    assert not OPENED.search("{# one line #}<p>{# and another #}</p>")
