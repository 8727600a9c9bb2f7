"""What the public app adds to the staff's case page: who the public requester is and how to
reach them (slot ``case.requester``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template import Context
from django.template.loader import render_to_string

from alur.cases.models import RequesterKind
from alur.public.models import PublicRequest


def requester_details(context: Context, values: Mapping[str, Any]) -> str:
    case = values["case"]
    if case.requester_kind != RequesterKind.PUBLIC:
        return ""
    filed = PublicRequest.objects.filter(case=case).first()
    if filed is None:
        return ""
    return render_to_string("public/requester_details.html", {"filed": filed})
