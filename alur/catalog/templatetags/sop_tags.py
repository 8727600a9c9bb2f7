"""Template helpers of an SOP's flow: its lanes, its decisions and their branches."""

from __future__ import annotations

from typing import Any

from django import template

from alur.catalog.words import DECISIONS, choice_text
from alur.sop import BranchOption, Decision, End, Goto, Step, target_step

register = template.Library()

DASH = "—"


@register.filter
def keputusan(decision: str) -> Any:
    return DECISIONS.get(decision, decision) if decision else DASH


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
