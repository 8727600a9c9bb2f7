"""Template helpers of the case pages: the names of a case's event kinds and due states, what a
Plh/Plt acted as, and the column names its history's rows repeat."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from alur.cases import acting, selectors, words
from alur.cases.due import DUE_STATES
from alur.cases.models import Event, Task
from alur.offices.models import User

register = template.Library()


@register.filter
def jenis_peristiwa(kind: str) -> str:
    return words.event_kind_text(kind)


@register.filter
def sebagai(item: Event | Task) -> str:
    """What the actor of an event, or whoever completed a visit, acted as: ``Plh. Kepala
    Dinas``, or nothing."""
    return acting.recorded_as(item)


@register.filter
def keadaan_tenggat(state: str) -> Any:
    return DUE_STATES.get(str(state), state)


@register.simple_tag
def kolom_riwayat() -> dict[str, str]:
    """The column names each row of the visits, events and documents repeats (``data-label``,
    shown beside the value on a narrow screen), translated once per page rather than per row:
    ``{% kolom_riwayat as kolom %}`` and then ``{{ kolom.langkah }}``."""
    return {
        "berkas": _("Berkas"),
        "catatan": _("Catatan"),
        "dibuka": _("Dibuka"),
        "jenis": _("Jenis"),
        "keputusan": _("Keputusan"),
        "kunjungan": _("Kunjungan"),
        "langkah": _("Langkah"),
        "oleh": _("Oleh"),
        "pelaksana": _("Pelaksana"),
        "peristiwa": _("Peristiwa"),
        "selesai": _("Selesai"),
        "tenggat": _("Tenggat"),
        "ukuran": _("Ukuran"),
        "versi": _("Versi"),
        "waktu_kerja": _("Waktu kerja"),
        "waktu": _("Waktu"),
    }


@register.simple_tag(takes_context=True)
def ajukan_link(context: template.Context) -> str:
    """The menu link to file a request, for the people who may file one today."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or user.office is None:
        return ""
    if not selectors.can_file(user, today=selectors.local_today(user, timezone.now())):
        return ""
    match = getattr(request, "resolver_match", None)
    url, text = reverse("case_new"), _("Ajukan permohonan")
    if getattr(match, "url_name", "") in ("case_new", "case_new_form"):
        return format_html('<a id="nav-ajukan" href="{}" aria-current="page">{}</a>', url, text)
    return format_html('<a id="nav-ajukan" href="{}">{}</a>', url, text)
