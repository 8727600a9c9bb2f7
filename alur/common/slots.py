"""Named places on a page that the apps built on its app fill, registered at start-up.

A page of a lower app (the case page of ``cases``, the SOP page of ``catalog``) imports nothing
of the apps built on it (letters, deadlines, monitoring); it names a slot instead, and each app
with something to show there registers a renderer in its ``AppConfig.ready``::

    slots.register("case.step", letter_tools)       # alur/letters/apps.py
    {% slot "case.step" step=task.step %}           # the case page's template (alur_tags)

A renderer gets the template's context and the values the page passes, and returns HTML it has
escaped itself (``render_to_string``, ``format_html``); the page shows every renderer's output
in the order they were registered. Removing an app removes what it showed, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.template import Context
from django.utils.safestring import SafeString, mark_safe

Renderer = Callable[[Context, Mapping[str, Any]], str]

_RENDERERS: dict[str, list[Renderer]] = {}


def register(name: str, renderer: Renderer) -> None:
    """Show ``renderer``'s output in the slot ``name`` (once, however often it is called)."""
    renderers = _RENDERERS.setdefault(name, [])
    if renderer not in renderers:
        renderers.append(renderer)


def registered() -> dict[str, tuple[Renderer, ...]]:
    """Every slot with its renderers, for checks."""
    return {name: tuple(renderers) for name, renderers in _RENDERERS.items()}


def render(name: str, context: Context, values: Mapping[str, Any]) -> SafeString:
    """Every contribution to the slot ``name``, one after the other."""
    parts = [renderer(context, values) for renderer in _RENDERERS.get(name, ())]
    # Each renderer escapes what it writes (see the module's docstring).
    return mark_safe("".join(parts))  # noqa: S308
