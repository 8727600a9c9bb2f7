"""Template helpers of the case pages: the names of a case's event kinds and due states, what a
Plh/Plt acted as, and the column names its history's rows repeat."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from alur.cases import acting, words
from alur.cases.due import DUE_STATES
from alur.cases.models import Event, Task

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
