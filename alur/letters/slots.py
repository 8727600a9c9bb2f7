"""What the letters show on the case page (``alur.common.slots``): the letter panel of an open
step that makes a letter, under the step's action panel, and the refusal letter's panel of a
refused case, among the case's sections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template import Context
from django.template.loader import render_to_string
from django.utils import timezone

from alur.letters import selectors


def letter_panel(context: Context, values: Mapping[str, Any]) -> str:
    request = context["request"]
    case = context["case"]
    step = values["step"]
    tools = selectors.letter_tools(case, request.user, now=timezone.now())
    tool = next((t for t in tools if t.step == step), None)
    if tool is None:
        return ""
    return render_to_string(
        "letters/panel.html", {"case": case, "tool": tool, "errors": []}, request=request
    )


def refusal_panel(context: Context, values: Mapping[str, Any]) -> str:
    request = context["request"]
    case = context["case"]
    tool = selectors.refusal_tool(case, request.user, now=timezone.now())
    if tool is None:
        return ""
    return render_to_string(
        "letters/refusal_panel.html", {"case": case, "tool": tool, "errors": []}, request=request
    )
