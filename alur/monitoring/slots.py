"""What monitoring shows on the pages of the apps below it (``alur.common.slots``): the link to
an SOP's monitoring forms on the SOP page, and to a case's timeline on the case page, both only
for the office's heads (``alur.cases.permissions.is_office_head``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template import Context
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from alur.monitoring.selectors import may_assess
from alur.offices.models import Office, User


def _link_for_heads(context: Context, office: Office, anchor: str, url: str, text: str) -> str:
    user = getattr(context.get("request"), "user", None)
    if not isinstance(user, User) or not may_assess(user, office, now=timezone.now()):
        return ""
    return format_html('<a id="{}" href="{}">{}</a>', anchor, url, text)


def sop_link(context: Context, values: Mapping[str, Any]) -> str:
    sop = values["sop"]
    url = reverse("monitoring_sop", args=[sop.pk])
    return _link_for_heads(context, sop.office, "tautan-monitoring", url, _("Monitoring SOP"))


def case_link(context: Context, values: Mapping[str, Any]) -> str:
    case = values["case"]
    url = reverse("case_timeline", args=[case.pk])
    text = _("Linimasa untuk pemeriksa")
    return _link_for_heads(context, case.office, "tautan-linimasa", url, text)
