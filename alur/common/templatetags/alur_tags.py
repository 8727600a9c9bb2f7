"""Template helpers that only format: times in the office's zone, durations, sizes, links, the
address of another page of a list (``{% halaman_url %}``); and ``{% slot %}``, the places other
apps fill (``alur.common.slots``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.http import QueryDict
from django.utils.safestring import SafeString

from alur.common import formatting, slots

register = template.Library()

DASH = "—"


def _zone(context: template.Context) -> str:
    """The zone of the page's office: ``zone`` in the context, else the signed-in person's."""
    zone = context.get("zone")
    if zone:
        return str(zone)
    office = getattr(getattr(context.get("request"), "user", None), "office", None)
    return str(office.zone) if office is not None else "Asia/Jakarta"


@register.simple_tag(takes_context=True)
def waktu(context: template.Context, value: dt.datetime | None) -> str:
    """``18 Agustus 2026 10.00 WITA``."""
    return DASH if value is None else formatting.datetime_text(value, _zone(context))


@register.simple_tag(takes_context=True)
def waktu_singkat(context: template.Context, value: dt.datetime | None) -> str:
    """``18 Agu 2026 10.00 WITA``."""
    return DASH if value is None else formatting.datetime_text(value, _zone(context), short=True)


@register.filter
def tanggal(value: dt.date | None) -> str:
    """``23 November 2026``."""
    return DASH if value is None else formatting.date_text(value)


@register.simple_tag
def durasi(minutes: int | None, minutes_per_day: int) -> str:
    """``1 hari 2 jam`` of office time."""
    return DASH if minutes is None else formatting.duration_text(minutes, minutes_per_day)


@register.filter
def ukuran(size: int) -> str:
    return formatting.size_text(size)


@register.filter
def tautan(url: str) -> str:
    """``url`` if it is a web address to link to, else empty: never a ``javascript:`` link."""
    return url if url.lower().startswith(("https://", "http://")) else ""


@register.simple_tag(takes_context=True)
def slot(context: template.Context, name: str, **values: Any) -> SafeString:
    """What the apps built on this page show in the slot ``name``."""
    return slots.render(name, context, values)


@register.simple_tag(takes_context=True)
def halaman_url(context: template.Context, number: int, param: str = "") -> str:
    """``?status=berjalan&halaman=2``: the page's own query with another page number in
    ``param`` (``halaman`` unless a page holds two lists), so a list's filters and the other
    list's page stay as they were (``components/pager.html``)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[param or "halaman"] = str(number)
    return "?" + query.urlencode()
