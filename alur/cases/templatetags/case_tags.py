"""Template helpers of the case pages: the names of a case's event kinds and due states."""

from __future__ import annotations

from typing import Any

from django import template

from alur.cases import words
from alur.cases.due import DUE_STATES

register = template.Library()


@register.filter
def jenis_peristiwa(kind: str) -> str:
    return words.event_kind_text(kind)


@register.filter
def keadaan_tenggat(state: str) -> Any:
    return DUE_STATES.get(str(state), state)
