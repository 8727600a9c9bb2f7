"""Numbers of the performance report as an Indonesian office writes them, and its menu link."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from alur.common.formatting import duration_text
from alur.offices.models import User
from alur.reports.charts import short_duration
from alur.reports.permissions import can_see_reports

register = template.Library()


@register.simple_tag
def lama(minutes: object, minutes_per_day: int) -> str:
    """Working time, rounded to the minute: ``1 hari 2 jam``; ``—`` when there is none (a step
    without finished visits has no times, which the template reads as an empty string)."""
    if not isinstance(minutes, int | float):
        return "—"
    return duration_text(round(minutes), minutes_per_day)


@register.simple_tag
def singkat(minutes: object, minutes_per_day: int) -> str:
    """A compact working time for narrow columns: ``45 mnt``, ``4,6 jam``, ``19,1 hari``."""
    if not isinstance(minutes, int | float):
        return "—"
    return short_duration(minutes, minutes_per_day)


@register.filter
def persen(rate: float | None) -> str:
    """``87,5%``; ``—`` when nothing had a target."""
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}".replace(".", ",").removesuffix(",0") + "%"


@register.filter
def bulan(day: dt.date) -> str:
    return f"{day:%m-%Y}"


@register.simple_tag(takes_context=True)
def reports_link(context: template.Context) -> str:
    """The menu link to the office's performance report, for the people allowed to see it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or user.office is None:
        return ""
    office = user.office
    if not can_see_reports(user, office, timezone.localdate(timezone=ZoneInfo(office.zone))):
        return ""
    url = reverse("reports_dashboard", kwargs={"office": office.code})
    match = getattr(request, "resolver_match", None)
    if (getattr(match, "url_name", "") or "").startswith("reports_"):
        return format_html(
            '<a id="nav-laporan" href="{}" aria-current="page">{}</a>', url, _("Kinerja")
        )
    return format_html('<a id="nav-laporan" href="{}">{}</a>', url, _("Kinerja"))


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key)
