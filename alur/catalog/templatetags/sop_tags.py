"""Template helpers of an SOP's flow: its lanes, its decisions and their branches, and its flow
table made once per version."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from alur.catalog.models import SopVersion
from alur.catalog.selectors import FlowRow
from alur.catalog.words import DECISIONS, REFERENCE_KINDS, choice_text
from alur.sop import BranchOption, Decision, End, Goto, Step, target_step

register = template.Library()

DASH = "—"

FLOW_TABLES_KEPT = 512
_flow_tables: dict[tuple[str, tuple[int, ...], str, str], SafeString] = {}


@register.simple_tag
def tabel_alur(version: SopVersion, flow: list[FlowRow], table_id: str = "alur-langkah") -> str:
    """The flow table of ``version`` (``catalog/flow_table.html``) with its open steps marked.

    A version never changes, so its table is made once per set of open steps and language and
    kept in the process (by the definition's checksum): a case page does not lay out its SOP's
    steps again on every request."""
    current = tuple(row.step.no for row in flow if row.current)
    key = (version.checksum, current, get_language() or "", table_id)
    table = _flow_tables.get(key)
    if table is None:
        if len(_flow_tables) >= FLOW_TABLES_KEPT:
            _flow_tables.clear()
        table = render_to_string("catalog/flow_table.html", {"flow": flow, "table_id": table_id})
        _flow_tables[key] = table
    return table


@register.filter
def keputusan(decision: str) -> Any:
    return DECISIONS.get(decision, decision) if decision else DASH


@register.filter
def jenis_rujukan(kind: str) -> Any:
    """A reference document's kind (``peraturan``, ``daftar``, ...) in the person's language."""
    return REFERENCE_KINDS.get(kind, kind)


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
