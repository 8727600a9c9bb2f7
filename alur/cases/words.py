"""What the pages call the kinds of events in a case's record, in the person's language.

The kinds of events other apps write into a case's record (letters, deadlines) are named by
those apps at start-up (``event_kind_name``), so the record shows them without this app knowing
them.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EVENT_KINDS: dict[str, Promise] = {
    "case.opened": _("Permohonan diajukan"),
    "case.started": _("Proses dimulai"),
    "step.opened": _("Langkah dibuka"),
    "step.passed": _("Penghubung dilewati"),
    "step.started": _("Mulai dikerjakan"),
    "step.confirmed": _("Langkah dikonfirmasi"),
    "step.completed": _("Langkah diselesaikan"),
    "related_case.requested": _("Permohonan terkait diminta"),
    "related_case.opened": _("Permohonan terkait dibuka"),
    "related_case.ended": _("Permohonan terkait berakhir"),
    "case.ended": _("Permohonan berakhir"),
    "case.moved": _("Dipindahkan ke versi SOP lain"),
    "case.lapsed": _("Permohonan gugur"),
    "case.withdrawn": _("Permohonan ditarik pemohon"),
    "case.commented": _("Komentar pemohon"),
    "document.added": _("Dokumen ditambahkan"),
}


def event_kind_name(kind: str, name: Promise) -> None:
    """Name an event kind another app writes into cases' records (from its ``ready``)."""
    EVENT_KINDS[kind] = name


def event_kind_text(kind: str) -> str:
    """The name of ``kind`` in the person's language (the kind itself when it has none)."""
    name = EVENT_KINDS.get(kind)
    return kind if name is None else str(name)
