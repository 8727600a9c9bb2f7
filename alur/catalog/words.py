"""What the pages call an SOP's decisions, endings and kinds of reference document, in the
person's language."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alur.sop import BranchOption

DECISIONS: dict[str, Promise] = {"ya": gettext_lazy("ya"), "tidak": gettext_lazy("tidak")}

OUTCOMES: dict[str, Promise] = {
    "selesai": gettext_lazy("permohonan selesai"),
    "dikembalikan": gettext_lazy("permohonan dikembalikan"),
    "dihentikan": gettext_lazy("permohonan dihentikan"),
    "ditolak": gettext_lazy("permohonan ditolak"),
}

REFERENCE_KINDS: dict[str, Promise] = {
    "peraturan": gettext_lazy("Peraturan"),
    "daftar": gettext_lazy("Daftar periksa"),
    "formulir": gettext_lazy("Templat formulir"),
    "lainnya": gettext_lazy("Dokumen lainnya"),
}
"""The kinds of a reference document (``rujukan``) of an SOP."""


ANSWERS: dict[str, Promise] = {"ya": gettext_lazy("Ya"), "tidak": gettext_lazy("Tidak")}


def answer_text(option: BranchOption, *, at: int, steps: Mapping[int, str]) -> str:
    """What an answer of the decision at step ``at`` does, in the SOP's words: "Ya — lanjut
    ke langkah 8: Menandatangani surat", "Tidak — dikembalikan ke langkah 7: …", "Tidak —
    permohonan dikembalikan: <alasan>"; ``steps``: each step's uraian by number."""
    answer = str(ANSWERS[option.decision.value])
    if option.label:
        answer = f"{answer} ({option.label})"
    if option.goes_to is not None:
        parts = {"answer": answer, "step": option.goes_to, "name": steps.get(option.goes_to, "")}
        if option.goes_to <= at:
            return _("%(answer)s — dikembalikan ke langkah %(step)s: %(name)s") % parts
        return _("%(answer)s — lanjut ke langkah %(step)s: %(name)s") % parts
    outcome = str(OUTCOMES[option.ends.value]) if option.ends else ""
    if option.reason:
        return _("%(answer)s — %(outcome)s: %(reason)s") % {
            "answer": answer,
            "outcome": outcome,
            "reason": option.reason,
        }
    return _("%(answer)s — %(outcome)s") % {"answer": answer, "outcome": outcome}


def choice_text(option: BranchOption) -> str:
    """``ya → langkah 7`` or ``tidak → permohonan dikembalikan: <alasan>``."""
    answer = str(DECISIONS[option.decision.value])
    if option.label:
        answer = f"{answer} ({option.label})"
    if option.goes_to is not None:
        return _("%(answer)s → langkah %(step)s") % {"answer": answer, "step": option.goes_to}
    outcome = str(OUTCOMES[option.ends.value]) if option.ends else ""
    if option.reason:
        return _("%(answer)s → %(outcome)s: %(reason)s") % {
            "answer": answer,
            "outcome": outcome,
            "reason": option.reason,
        }
    return _("%(answer)s → %(outcome)s") % {"answer": answer, "outcome": outcome}
