"""What the survey adds to the case page: to the case's requester, while the survey of an
ended case waits for their answer, a banner asking for it (slot ``case.links``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template import Context
from django.template.loader import render_to_string

from alur.survey.models import Invitation


def survey_banner(context: Context, values: Mapping[str, Any]) -> str:
    case = values["case"]
    request = context.get("request")
    user = getattr(request, "user", None)
    if case.closed_at is None or user is None or user.pk != case.requester_id:
        return ""  # no query for a running case or for anyone but its requester
    waiting = Invitation.objects.filter(case=case, used_at__isnull=True).exists()
    if not waiting:
        return ""
    return render_to_string("survey/banner.html", {"case": case}, request=request)
