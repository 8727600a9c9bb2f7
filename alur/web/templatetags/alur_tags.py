"""Template helpers that only format: times in the office's zone, durations, sizes, words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from alur.sop import BranchOption, Decision, End, Goto, Step, target_step
from alur.web import formatting, words
from alur.web.panels import choice_text

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
def jenis_peristiwa(kind: str) -> Any:
    return words.EVENT_KINDS.get(kind, kind)


@register.filter
def keadaan_tenggat(state: str) -> Any:
    return words.DUE_STATES.get(str(state), state)


@register.filter
def keputusan(decision: str) -> Any:
    return words.DECISIONS.get(decision, decision) if decision else DASH


@register.filter
def nama_lajur(lanes: list[str], definition: Any) -> str:
    """Lane ids as the SOP prints their names."""
    return ", ".join(
        definition.lanes[lane].nama if lane in definition.lanes else lane for lane in lanes
    )


@register.filter
def cabang(step: Step) -> list[str]:
    """A decision's answers as ``ya → langkah 8``, ``tidak → permohonan dikembalikan: …``."""
    if not step.is_decision:
        return []
    texts = []
    for decision, target in ((Decision.YA, step.ya), (Decision.TIDAK, step.tidak)):
        if target is None:
            continue
        option = BranchOption(
            decision=decision,
            label=target.label if isinstance(target, Goto) else None,
            goes_to=target_step(target),
            ends=target.akhir if isinstance(target, End) else None,
            reason=target.alasan if isinstance(target, End) else None,
            needs_note=False,
        )
        texts.append(choice_text(option))
    return texts


@register.filter
def tautan(url: str) -> str:
    """``url`` if it is a web address to link to, else empty: never a ``javascript:`` link."""
    return url if url.lower().startswith(("https://", "http://")) else ""
