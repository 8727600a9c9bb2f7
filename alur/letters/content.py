"""What each letter says, taken from the case record and the few fields the person filled in.

Presentation data only: the service decides whether a letter may be made and stores it,
``signers`` who signs it; the templates under ``letters/pdf/`` lay it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from alur.cases.models import Case, Document
from alur.letters import words
from alur.letters.logo import logo_data_uri
from alur.letters.models import Letterhead
from alur.offices.calendar import calendar_for
from alur.offices.models import User
from alur.sop import Sop as SopDefinition
from alur.sop import Step, document_key, target_step

SIFAT = {
    "sangat-segera": "Sangat Segera",
    "segera": "Segera",
    "rahasia": "Rahasia",
    "biasa": "Biasa",
}
INSTRUCTIONS = {
    "tanggapan": "Tanggapan dan saran",
    "proses": "Proses lebih lanjut",
    "koordinasi": "Koordinasi/konfirmasikan",
}


@dataclass(frozen=True)
class Party:
    title: str
    name: str
    nip: str
    rank: str
    position: str
    unit: str


@dataclass(frozen=True)
class Deliverable:
    name: str
    detail: str


def document_name(step: Step, kind_label: str) -> str:
    """The case document a step's letter is stored under: the step's first file output (so the
    letter is that output), else the letter's own name."""
    for output in step.outputs:
        if output.berkas and output.formulir is None:
            return output.nama
    return kind_label


def recipients(definition: SopDefinition, step: Step) -> list[str]:
    """Who a disposition goes to by default: the lanes of the step(s) that come next."""
    names: list[str] = []
    for target in definition.successors(step):
        number = target_step(target)
        if number is None:
            continue
        for lane in definition.steps[number].lanes:
            name = definition.lanes[lane].nama
            if name not in names:
                names.append(name)
    return names


def local_date(case: Case, moment: dt.datetime) -> dt.date:
    return moment.astimezone(calendar_for(case.office).zone).date()


def deliverables(
    definition: SopDefinition, steps: list[int], documents: list[Document]
) -> list[Deliverable]:
    """The outputs of the handover steps: files with the version the case holds, and what is no
    file (the application itself)."""
    latest: dict[str, Document] = {}
    for document in documents:
        key = document_key(document.name)
        if key not in latest or document.version > latest[key].version:
            latest[key] = document
    rows: list[Deliverable] = []
    for number in steps:
        for output in definition.steps[number].outputs:
            held = latest.get(document_key(output.nama))
            if held is not None:
                detail = _("berkas %(file)s, versi %(version)s") % {
                    "file": held.original_name,
                    "version": held.version,
                }
            elif not output.berkas:
                detail = _("diserahkan, bukan berkas")
            else:
                detail = _("belum ada berkasnya")
            rows.append(Deliverable(output.nama, detail))
    return rows


def person_party(title: str, person: User, unit: str) -> Party:
    return Party(
        title=title,
        name=str(person),
        nip=person.nip or "-",
        rank=person.rank or "-",
        position=person.position or "-",
        unit=unit,
    )


def head_party(title: str, letterhead: Letterhead) -> Party:
    return Party(
        title=title,
        name=letterhead.head_name,
        nip=letterhead.head_nip or "-",
        rank=letterhead.head_rank or "-",
        position=letterhead.head_position or "-",
        unit=letterhead.name,
    )


def common(letterhead: Letterhead, day: dt.date, number: str) -> dict[str, Any]:
    return {
        "kop": letterhead,
        "logo": logo_data_uri(letterhead),
        "number": number,
        "date_line": words.place_and_date(letterhead.office.city, day),
        "date_text": words.date_text(day),
    }


def parse_date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def disposition(
    case: Case, fields: Mapping[str, Any], official: Party, day: dt.date
) -> dict[str, Any]:
    letter_date = parse_date(fields.get("tanggal_surat"))
    finish = parse_date(fields.get("tanggal_penyelesaian"))
    chosen = [INSTRUCTIONS[key] for key in fields.get("instruksi", []) if key in INSTRUCTIONS]
    other = str(fields.get("instruksi_lain") or "").strip()
    return {
        "sender": case.requester_unit.name,
        "letter_number": fields.get("nomor_surat", ""),
        "letter_date": words.date_text(letter_date) if letter_date else "-",
        "received": words.date_text(local_date(case, case.opened_at)),
        "agenda": fields.get("nomor_agenda", ""),
        "sifat": SIFAT.get(str(fields.get("sifat")), ""),
        "subject": case.title,
        "to": [line for line in str(fields.get("diteruskan_kepada", "")).splitlines() if line],
        "instructions": [*chosen, *([other] if other else [])],
        "note": fields.get("catatan", ""),
        "finish": words.date_text(finish) if finish else "-",
        "official": official,
        "signed_on": words.date_text(day),
    }


def reply(case: Case, fields: Mapping[str, Any], signer: Party) -> dict[str, Any]:
    return {
        "sifat": SIFAT.get(str(fields.get("sifat")), ""),
        "attachment": fields.get("lampiran") or "-",
        "subject": fields.get("hal", ""),
        "to": fields.get("kepada", ""),
        "body": [p.strip() for p in str(fields.get("isi", "")).split("\n\n") if p.strip()],
        "copies_to": [line for line in str(fields.get("tembusan", "")).splitlines() if line],
        "signer": signer,
    }


def minutes(
    case: Case,
    fields: Mapping[str, Any],
    letterhead: Letterhead,
    day: dt.date,
    items: list[Deliverable],
    first: Party,
    author: Party,
) -> dict[str, Any]:
    copies = int(fields.get("rangkap", 2))
    return {
        "opening": words.date_in_words(day),
        "place": letterhead.office.city,
        "parties": [
            first,
            person_party("PIHAK KEDUA", case.requester, case.requester_unit.name),
        ],
        "subject": case.title,
        "case_number": case.number,
        "deliverables": items,
        "remarks": fields.get("keterangan", ""),
        "copies": words.count_text(copies),
        "author": author,
    }
