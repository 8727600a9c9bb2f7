"""The demo's letterheads name their signer, so the demo's Berita Acara can be made as loaded;
and a logo the office administrator sets is printed on the letters."""

from __future__ import annotations

import datetime as dt
import io

from casekit import WITA, Desk
from letterkit import pdf_text, sop5_at_minutes
from pypdf import PdfReader

from alur.administration.services import LETTERHEAD_FIELDS, letterhead_update
from alur.letters import services
from alur.letters.selectors import letterhead_of
from tests.administration.images import png_bytes

MONDAY_WITA = dt.datetime(2026, 11, 23, 8, 0, tzinfo=WITA)


def test_the_demo_berita_acara_is_signed_by_the_demo_head_of_office(people) -> None:
    desk = Desk(people.people, MONDAY_WITA)
    case = sop5_at_minutes(desk, people.sumbawa)

    letter = services.letter_generate(
        case=case,
        step=17,
        actor=people.people["dev.sumbawa"],
        fields={"rangkap": 2},
        at=desk.tick(case.office),
    )

    text = pdf_text(letter.document)
    assert "PEMERINTAH KABUPATEN SUMBAWA" in text
    assert (
        "PIHAK PERTAMA Kepala Dinas Komunikasi Informatika Statistik dan Persandian "
        "Kepala DKISP Sumbawa NIP 197105052001121002"
    ) in text


def test_the_logo_set_by_the_office_administrator_is_printed(people) -> None:
    letterhead = letterhead_of(people.sumbawa)
    values = {name: getattr(letterhead, name) for name in LETTERHEAD_FIELDS}
    letterhead_update(
        office=people.sumbawa,
        actor=people.people["admin.sumbawa"],
        values=values,
        logo=png_bytes((40, 40)),
    )
    desk = Desk(people.people, MONDAY_WITA)
    case = sop5_at_minutes(desk, people.sumbawa)

    letter = services.letter_generate(
        case=case,
        step=17,
        actor=people.people["dev.sumbawa"],
        fields={"rangkap": 2},
        at=desk.tick(case.office),
    )

    with letter.document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages[0].images) == 1
