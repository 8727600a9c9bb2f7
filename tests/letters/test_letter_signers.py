"""Who signs a letter when the head is away: a Plh or Plt signs with their own name, rank and NIP
under "Plh."/"Plt." and the title they stand in for, read back from the PDF; the head signs when
present, and the letter's event names the delegate who made it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from casekit import pdf_bytes
from letterkit import disposition, pdf_text, sop5_at_minutes, sop5_at_step_2
from test_letter_reply import hosting_at_step_9

from alur.cases import acting
from alur.cases.models import Case, Event
from alur.catalog.services import definition_of
from alur.letters import selectors, services, signers
from alur.offices.models import Delegation, Office, Role

SUMBAWA_HEAD = "Kepala Dinas Komunikasi Informatika Statistik dan Persandian"
BATAM_HEAD = "Kepala Dinas Komunikasi dan Informatika"
MONDAY = dt.date(2026, 11, 23)
"""The day the letters are dated."""


def _stand_in(
    office: Office,
    person,
    *,
    kind: str = "plh",
    code: str = "kadis",
    starts: dt.date = MONDAY,
    ends: dt.date = dt.date(2026, 11, 27),
) -> Delegation:
    return Delegation.objects.create(
        role=Role.objects.get(office=office, code=code),
        delegate=person,
        kind=kind,
        starts=starts,
        ends=ends,
        reason="Kepala Dinas cuti tahunan",
    )


def _letter_event(case: Case) -> Event:
    event = Event.objects.filter(case=case).order_by("-seq").first()
    assert event is not None and event.kind.startswith("letters.")
    return event


# --- the disposition: the person who disposes -----------------------------------------------


@pytest.mark.parametrize(("kind", "prefix"), [("plh", "Plh."), ("plt", "Plt.")])
def test_a_plh_of_the_kadis_signs_the_disposition_as_plh_with_their_own_name_and_nip(
    sumbawa_desk, letterheads, kind, prefix
) -> None:
    kabid = letterheads.people["kabid.ti"]
    _stand_in(letterheads.sumbawa, kabid, kind=kind)
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)

    letter = services.letter_generate(
        case=case,
        step=2,
        actor=kabid,
        fields=disposition(case),
        at=sumbawa_desk.tick(case.office),
    )

    text = pdf_text(letter.document)
    assert (
        f"Sumbawa Besar, 23 November 2026 {prefix} {SUMBAWA_HEAD} Kabid TI Sumbawa "
        "NIP 198003032005011003"
    ) in text, text
    assert "Kepala DKISP Sumbawa" not in text
    assert _letter_event(case).data[acting.ACTED_AS] == {
        "kind": kind,
        "role": "kadis",
        "role_name": SUMBAWA_HEAD,
        "starts": "2026-11-23",
        "ends": "2026-11-27",
        "reason": "Kepala Dinas cuti tahunan",
    }


def test_the_kadis_back_at_the_desk_signs_as_themselves_while_a_plh_is_named(
    sumbawa_desk, letterheads
) -> None:
    _stand_in(letterheads.sumbawa, letterheads.people["kabid.ti"])
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)

    letter = services.letter_generate(
        case=case,
        step=2,
        actor=letterheads.people["kadis.sumbawa"],
        fields=disposition(case),
        at=sumbawa_desk.tick(case.office),
    )

    text = pdf_text(letter.document)
    assert "23 November 2026 Kepala Dinas Kepala DKISP Sumbawa NIP 197105052001121002" in text
    assert "Plh." not in text
    assert acting.ACTED_AS not in _letter_event(case).data


def test_a_plh_of_the_kabid_disposes_step_3_as_plh_of_the_kabid(sumbawa_desk, letterheads) -> None:
    """A role below the head: the title is the role's name."""
    kasi = letterheads.people["kasi.aplikasi"]
    kasi.nip = "198506062010011006"
    kasi.save(update_fields=["nip"])
    _stand_in(letterheads.sumbawa, kasi, code="kabid-ti")
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)
    case = sumbawa_desk.act(case, 2, "kadis.sumbawa", docs=["Disposisi Dinas"])

    letter = services.letter_generate(
        case=case, step=3, actor=kasi, fields=disposition(case), at=sumbawa_desk.tick(case.office)
    )

    assert (
        "Plh. Kepala Bidang Teknologi Informasi Kasi Aplikasi Sumbawa NIP 198506062010011006"
    ) in pdf_text(letter.document)


# --- the reply: the head of office --------------------------------------------------------------


def _reply_at_step_10(desk, letterheads) -> Case:
    case = hosting_at_step_9(desk, letterheads.batam)
    definition = definition_of(case.sop_version)
    services.letter_generate(
        case=case,
        step=9,
        actor=letterheads.people["kasi.pa"],
        fields=selectors.initial_values(case, definition, 9, "balasan-draf"),
        at=desk.tick(case.office),
    )
    return desk.act(case, 9, "kasi.pa")


def _kabid_pe(letterheads):
    kabid = letterheads.people["kabid.pe"]
    kabid.nip, kabid.rank = "197805052003121004", "Pembina (IV/a)"
    kabid.save(update_fields=["nip", "rank"])
    return kabid


def test_a_plh_of_the_kadis_signs_the_numbered_reply_in_the_heads_place(
    batam_desk, letterheads
) -> None:
    kabid = _kabid_pe(letterheads)
    case = _reply_at_step_10(batam_desk, letterheads)
    _stand_in(letterheads.batam, kabid)
    definition = definition_of(case.sop_version)

    letter = services.letter_generate(
        case=case,
        step=10,
        actor=kabid,
        fields=selectors.initial_values(case, definition, 10, "balasan"),
        at=batam_desk.tick(case.office),
    )

    text = pdf_text(letter.document)
    assert f"Plh. {BATAM_HEAD} Kabid PE Batam Pembina (IV/a) NIP 197805052003121004" in text, text
    assert "Rudi Sakyakirti" not in text
    assert letter.number == "500.12.2.3/001/KOMINFO/XI/2026"
    assert _letter_event(case).data[acting.ACTED_AS]["kind"] == "plh"


def test_the_kadis_signs_the_reply_themselves_though_a_plh_is_named(
    batam_desk, letterheads
) -> None:
    case = _reply_at_step_10(batam_desk, letterheads)
    _stand_in(letterheads.batam, _kabid_pe(letterheads))
    definition = definition_of(case.sop_version)

    letter = services.letter_generate(
        case=case,
        step=10,
        actor=letterheads.people["kadis.batam"],
        fields=selectors.initial_values(case, definition, 10, "balasan"),
        at=batam_desk.tick(case.office),
    )

    text = pdf_text(letter.document)
    assert f"{BATAM_HEAD} Rudi Sakyakirti Pembina Utama Muda (IV/c) NIP 197001012000031001" in text
    assert "Plh." not in text


def test_the_draft_made_while_the_kadis_is_away_carries_the_plh(batam_desk, letterheads) -> None:
    """The Kasi drafts the reply; the Kadis's Plt of the day is who will sign it."""
    _stand_in(letterheads.batam, _kabid_pe(letterheads), kind="plt")
    case = hosting_at_step_9(batam_desk, letterheads.batam)
    definition = definition_of(case.sop_version)

    draft = services.letter_generate(
        case=case,
        step=9,
        actor=letterheads.people["kasi.pa"],
        fields=selectors.initial_values(case, definition, 9, "balasan-draf"),
        at=batam_desk.tick(case.office),
    )

    text = pdf_text(draft.document)
    assert f"Plt. {BATAM_HEAD} Kabid PE Batam Pembina (IV/a) NIP 197805052003121004" in text
    assert acting.ACTED_AS not in _letter_event(case).data


def test_the_delegate_who_makes_the_letter_signs_it_before_another_of_the_day(
    batam_desk, letterheads
) -> None:
    kabid = _kabid_pe(letterheads)
    case = _reply_at_step_10(batam_desk, letterheads)
    kasi = letterheads.people["kasi.pa"]
    _stand_in(letterheads.batam, kabid, starts=dt.date(2026, 11, 20))
    _stand_in(letterheads.batam, kasi)
    definition = definition_of(case.sop_version)

    letter = services.letter_generate(
        case=case,
        step=10,
        actor=kabid,
        fields=selectors.initial_values(case, definition, 10, "balasan"),
        at=batam_desk.tick(case.office),
    )

    assert f"Plh. {BATAM_HEAD} Kabid PE Batam" in pdf_text(letter.document)


# --- the Berita Acara: PIHAK PERTAMA -------------------------------------------------------------


def _minutes(desk, letterheads) -> tuple[Case, str]:
    case = sop5_at_minutes(desk, letterheads.sumbawa)
    letter = services.letter_generate(
        case=case,
        step=17,
        actor=letterheads.people["dev.sumbawa"],
        fields={"rangkap": 2},
        at=desk.tick(case.office),
    )
    return case, pdf_text(letter.document)


def test_the_plh_of_the_day_is_pihak_pertama_of_the_berita_acara(sumbawa_desk, letterheads) -> None:
    _stand_in(letterheads.sumbawa, letterheads.people["kabid.ti"])

    case, text = _minutes(sumbawa_desk, letterheads)

    for expected in (
        "1. Nama : Kabid TI Sumbawa NIP : 198003032005011003 Pangkat/golongan : Pembina (IV/a) "
        f"Jabatan : Plh. {SUMBAWA_HEAD} "
        "Instansi : Dinas Komunikasi Informatika Statistik dan Persandian "
        "selanjutnya disebut PIHAK PERTAMA.",
        f"PIHAK PERTAMA Plh. {SUMBAWA_HEAD} Kabid TI Sumbawa NIP 198003032005011003 PIHAK KEDUA",
        "Disusun oleh: Pengembang Sumbawa (Programmer)",
    ):
        assert expected in text, (expected, text)
    assert "Lalu Suharmaji" not in text
    assert acting.ACTED_AS not in _letter_event(case).data


@pytest.mark.parametrize(
    ("starts", "ends"),
    [(dt.date(2026, 11, 16), dt.date(2026, 11, 22)), (dt.date(2026, 11, 24), dt.date(2026, 12, 4))],
)
def test_a_plh_not_in_force_on_the_letters_date_leaves_the_head(
    sumbawa_desk, letterheads, starts, ends
) -> None:
    _stand_in(letterheads.sumbawa, letterheads.people["kabid.ti"], starts=starts, ends=ends)

    _case, text = _minutes(sumbawa_desk, letterheads)

    assert "1. Nama : Lalu Suharmaji NIP : 197105052001121002" in text
    assert "Plh." not in text


def test_of_two_plh_of_the_day_the_one_named_last_signs(sumbawa_desk, letterheads) -> None:
    _stand_in(letterheads.sumbawa, letterheads.people["kasi.aplikasi"], starts=dt.date(2026, 11, 2))
    _stand_in(letterheads.sumbawa, letterheads.people["kabid.ti"], starts=dt.date(2026, 11, 16))

    _case, text = _minutes(sumbawa_desk, letterheads)

    assert "1. Nama : Kabid TI Sumbawa" in text


# --- the head's role ----------------------------------------------------------------------------


def test_the_heads_role_is_the_top_of_the_role_tree(letterheads) -> None:
    office = letterheads.sumbawa
    kadis = Role.objects.get(office=office, code="kadis")
    assert signers.head_role(office) == kadis

    # A role nobody reports to and that leads no one is not the head's.
    Role.objects.create(office=office, code="admin-layanan", name="Admin Layanan")
    assert signers.head_role(office) == kadis

    # Two tops leading roles of their own: Alur cannot tell.
    sekretaris = Role.objects.create(office=office, code="sekretaris", name="Sekretaris")
    Role.objects.create(office=office, code="kasubag", name="Kasubag Umum", head=sekretaris)
    assert signers.head_role(office) is None


def test_without_one_head_role_the_berita_acara_keeps_the_head_of_the_letterhead(
    sumbawa_desk, letterheads
) -> None:
    office = letterheads.sumbawa
    _stand_in(office, letterheads.people["kabid.ti"])
    sekretaris = Role.objects.create(office=office, code="sekretaris", name="Sekretaris")
    Role.objects.create(office=office, code="kasubag", name="Kasubag Umum", head=sekretaris)

    _case, text = _minutes(sumbawa_desk, letterheads)

    assert "1. Nama : Lalu Suharmaji" in text


# --- SRIKANDI ------------------------------------------------------------------------------------


def test_a_plh_recording_the_srikandi_letter_is_named_in_its_event(batam_desk, letterheads) -> None:
    kabid = _kabid_pe(letterheads)
    case = _reply_at_step_10(batam_desk, letterheads)
    _stand_in(letterheads.batam, kabid)

    services.letter_reference_record(
        case=case,
        step=10,
        actor=kabid,
        number="500.12.2.3/045/KOMINFO/XI/2026",
        dated=MONDAY,
        sender=f"Plh. {BATAM_HEAD}",
        link="https://srikandi.arsip.go.id/naskah-keluar/7f3a9c",
        upload=io.BytesIO(pdf_bytes("ditandatangani Plh")),
        filename="surat-tanggapan-ttd.pdf",
        at=batam_desk.tick(case.office),
    )

    event = _letter_event(case)
    assert event.kind == "letters.srikandi.recorded"
    assert acting.recorded_as(event) == f"Plh. {BATAM_HEAD}"
