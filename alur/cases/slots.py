"""What cases shows on the SOP pages of catalog, the layer below it (``alur.common.slots``): on
an SOP version's settings page, the way to move the SOP's running cases when some run on
another version than the one in force."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template import Context
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from alur.cases.models import Case
from alur.catalog.services import published_version


def move_link(context: Context, values: Mapping[str, Any]) -> str:
    sop = values["sop"]
    in_force = published_version(sop.office, sop.code)
    if in_force is None:
        return ""
    elsewhere = (
        Case.objects.filter(sop_version__sop=sop, status=Case.Status.RUNNING)
        .exclude(sop_version=in_force)
        .count()
    )
    if not elsewhere:
        return ""
    text = ngettext(
        "%(n)s permohonan berjalan pada versi lain dari versi %(version)s yang berlaku.",
        "%(n)s permohonan berjalan pada versi lain dari versi %(version)s yang berlaku.",
        elsewhere,
    ) % {"n": elsewhere, "version": in_force.number}
    return format_html(
        '<p id="permohonan-versi-lain">{} <a id="pindahkan-permohonan" href="{}">{}</a></p>',
        text,
        reverse("move_cases", kwargs={"sop_pk": sop.pk}),
        ngettext("Pindahkan permohonan itu", "Pindahkan permohonan itu", elsewhere),
    )
