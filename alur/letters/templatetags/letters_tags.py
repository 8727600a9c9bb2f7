"""``{% letter_tools %}``: the letter panel of an open step in the case page's action panel."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from alur.letters import selectors

register = template.Library()


@register.inclusion_tag("letters/panel.html", takes_context=True)
def letter_tools(context: template.Context, step: int) -> dict[str, Any]:
    request = context["request"]
    case = context["case"]
    tools = selectors.letter_tools(case, request.user, now=timezone.now())
    tool = next((t for t in tools if t.step == step), None)
    return {
        "case": case,
        "tool": tool,
        "errors": [],
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
