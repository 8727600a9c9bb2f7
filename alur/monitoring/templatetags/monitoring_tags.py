"""The names of the monitoring form's events."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy

register = template.Library()

EVENT_KINDS = {
    "monitoring.record.opened": gettext_lazy("Formulir dibuat dan diisi dari catatan periode"),
    "monitoring.rows.saved": gettext_lazy("Penilaian disimpan"),
    "monitoring.record.signed": gettext_lazy("Formulir ditandatangani"),
    "monitoring.record.revised": gettext_lazy("Versi baru dibuat dari versi yang ditandatangani"),
}


@register.filter
def peristiwa_monitoring(kind: str) -> Any:
    return EVENT_KINDS.get(kind, kind)
