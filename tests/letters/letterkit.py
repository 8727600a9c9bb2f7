"""Helpers for the letter tests: the fields a person fills in, a case driven to SOP 5's last
step, the text of a stored PDF, and a snapshot of what a refused letter must leave alone."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from casekit import SOP5_DOCS, Desk, sop5_at_availability, sop5_opened
from pypdf import PdfReader

from alur.cases.models import Case
from alur.letters.models import Letter, LetterSequence, SrikandiReference
from alur.offices.models import Office

DISPOSITION = {
    "nomor_surat": "050/123/BAPPEDA/2026",
    "tanggal_surat": "2026-11-20",
    "sifat": "segera",
    "instruksi": ["proses", "koordinasi"],
    "instruksi_lain": "Laporkan hasilnya",
    "catatan": "Mohon dipelajari bersama Kasi Aplikasi.",
    "tanggal_penyelesaian": "2026-11-27",
}


def disposition(case: Case, **changes: Any) -> dict[str, Any]:
    return {
        **DISPOSITION,
        "nomor_agenda": case.number,
        "diteruskan_kepada": "Kepala Bidang TI",
        **changes,
    }


def pdf_text(document: Any) -> str:
    """The text of a stored PDF, with every run of white space made one space."""
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def sop5_at_step_2(desk: Desk, office: Office) -> Case:
    return sop5_opened(desk, office)


def sop5_at_minutes(desk: Desk, office: Office) -> Case:
    """A Bappeda request developed, accepted and reported: step 17 (Berita Acara) is open."""
    case = sop5_at_availability(desk, office)
    desk.act(case, 6, "kabid.ti", decision="ya", docs=SOP5_DOCS[6])
    desk.act(case, 8, "kasi.aplikasi")
    desk.act(case, 9, "dev.sumbawa", docs=SOP5_DOCS[9])
    desk.act(case, 10, "dev.sumbawa", docs=SOP5_DOCS[10])
    desk.act(case, 11, "opd.bappeda", decision="ya")
    desk.act(case, 12, "dev.sumbawa", docs=SOP5_DOCS[12])
    desk.act(case, 13, "dev.sumbawa", docs=SOP5_DOCS[13])
    desk.act(case, 14, "opd.bappeda", decision="ya", docs=SOP5_DOCS[14])
    desk.act(case, 15, "dev.sumbawa", docs=SOP5_DOCS[15])
    return desk.act(case, 16, "kabid.ti")


@dataclass(frozen=True)
class LetterCounts:
    letters: int
    references: int
    sequences: tuple[tuple[int, int, int], ...]


def letter_counts() -> LetterCounts:
    return LetterCounts(
        letters=Letter.objects.count(),
        references=SrikandiReference.objects.count(),
        sequences=tuple(LetterSequence.objects.values_list("office_id", "year", "last")),
    )
