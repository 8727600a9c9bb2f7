"""Links to the monitoring form and the timeline, shown only to the office's heads, and the
names of the forms' events. The rule itself is ``alur.cases.permissions.is_office_head``."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alur.cases.models import Case
from alur.catalog.models import Sop
from alur.monitoring.selectors import may_assess
from alur.offices.models import User

register = template.Library()

EVENT_KINDS = {
    "monitoring.record.opened": gettext_lazy("Formulir dibuat dan diisi dari catatan periode"),
    "monitoring.rows.saved": gettext_lazy("Penilaian disimpan"),
    "monitoring.record.signed": gettext_lazy("Formulir ditandatangani"),
    "monitoring.record.revised": gettext_lazy("Versi baru dibuat dari versi yang ditandatangani"),
}


def _head(context: template.Context, office: Any) -> bool:
    user = getattr(context.get("request"), "user", None)
    return isinstance(user, User) and may_assess(user, office, now=timezone.now())


@register.simple_tag(takes_context=True)
def sop_monitoring_link(context: template.Context, sop: Sop) -> SafeString | str:
    if not _head(context, sop.office):
        return ""
    return format_html(
        '<a id="tautan-monitoring" href="{}">{}</a>',
        reverse("monitoring_sop", args=[sop.pk]),
        _("Monitoring SOP"),
    )


@register.simple_tag(takes_context=True)
def case_timeline_link(context: template.Context, case: Case) -> SafeString | str:
    if not _head(context, case.office):
        return ""
    return format_html(
        '<a id="tautan-linimasa" href="{}">{}</a>',
        reverse("case_timeline", args=[case.pk]),
        _("Linimasa untuk pemeriksa"),
    )


@register.filter
def peristiwa_monitoring(kind: str) -> Any:
    return EVENT_KINDS.get(kind, kind)
