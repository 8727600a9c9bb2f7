"""What the pages call things: event kinds, due states, case statuses, in the user's language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EVENT_KINDS: dict[str, Promise] = {
    "case.opened": _("Permohonan diajukan"),
    "case.started": _("Proses dimulai"),
    "step.opened": _("Langkah dibuka"),
    "step.passed": _("Penghubung dilewati"),
    "step.confirmed": _("Langkah dikonfirmasi"),
    "step.completed": _("Langkah diselesaikan"),
    "related_case.requested": _("Permohonan terkait diminta"),
    "related_case.opened": _("Permohonan terkait dibuka"),
    "related_case.ended": _("Permohonan terkait berakhir"),
    "case.ended": _("Permohonan berakhir"),
    "document.added": _("Dokumen ditambahkan"),
    "letters.letter.generated": _("Surat disusun"),
    "letters.srikandi.recorded": _("Rujukan SRIKANDI dicatat"),
    "deadlines.due.extended": _("Tenggat diperpanjang"),
    "deadlines.schedule.changed": _("Jadwal diubah"),
    "deadlines.reminder.sent": _("Pengingat tenggat dikirim"),
    "deadlines.escalation.sent": _("Keterlambatan dilaporkan ke atasan"),
}

DUE_STATES: dict[str, Promise] = {
    "tepat": _("Tepat waktu"),
    "segera": _("Segera jatuh tempo"),
    "terlambat": _("Terlambat"),
    "tanpa": _("Tanpa tenggat"),
}

DECISIONS: dict[str, Promise] = {"ya": _("ya"), "tidak": _("tidak")}

OUTCOMES: dict[str, Promise] = {
    "selesai": _("permohonan selesai"),
    "dikembalikan": _("permohonan dikembalikan"),
    "dihentikan": _("permohonan dihentikan"),
}
