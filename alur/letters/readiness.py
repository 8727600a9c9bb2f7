"""What a version's letters need of its office before it comes into force: a numbered letter
(surat balasan, Berita Acara) is signed by the head named on the office's letterhead, so the
letter service refuses one while the name is empty. The readiness check says so first
(``catalog.lifecycle.readiness_register``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from alur.catalog.models import SopVersion
from alur.letters.selectors import letterhead_of
from alur.letters.services import NUMBERED
from alur.sop import Sop as SopDefinition


def letters_ready(version: SopVersion, definition: SopDefinition) -> list[str]:
    steps = [step.no for step in definition.langkah if step.surat in NUMBERED]
    if not steps:
        return []
    letterhead = letterhead_of(version.sop.office)
    if letterhead.head_name.strip():
        return []
    return [
        _(
            "Langkah %(steps)s menyusun surat bernomor yang ditandatangani Kepala Dinas, tetapi "
            "nama Kepala Dinas belum diisi pada Kop surat kantor (Pengaturan › Kop surat)."
        )
        % {"steps": ", ".join(str(no) for no in steps)}
    ]
