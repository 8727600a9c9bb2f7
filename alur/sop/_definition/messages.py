"""Messages in the user's language: Indonesian first, English second.

The SOP core runs without Django, so it carries its own small catalogue instead of gettext:
each module keeps a ``Catalog`` of ``code -> (Indonesian, English)`` templates with
``str.format`` fields. A message is stored as its code and parameters and rendered late, so the
same problem can be shown in either language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """A parameter that itself differs by language (e.g. "langkah 4" / "step 4")."""

    id: str
    en: str

    def __str__(self) -> str:
        return self.id


class Catalog:
    def __init__(self, templates: Mapping[str, tuple[str, str]]) -> None:
        self._templates = dict(templates)

    def __contains__(self, code: object) -> bool:
        return code in self._templates

    def codes(self) -> list[str]:
        return sorted(self._templates)

    def render(self, code: str, lang: Lang, params: Mapping[str, object]) -> str:
        indonesian, english = self._templates[code]
        template = indonesian if lang == "id" else english
        resolved = {
            key: (getattr(value, lang) if isinstance(value, Text) else value)
            for key, value in params.items()
        }
        return template.format(**resolved)
