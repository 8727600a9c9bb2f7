"""A letter refused, for the wrong person, the wrong step or wrong fields, changes nothing: no
document, no letter, no number taken, no event."""

from __future__ import annotations

import pytest
from casekit import snapshot_of, sop2_opened
from letterkit import disposition, letter_counts, sop5_at_step_2

from alur.cases.services import Invalid, NotAllowed, ServiceError
from alur.letters import services
from alur.letters.models import Letterhead


def _refused(desk, case, step, actor, fields, error):
    before = (snapshot_of(case), letter_counts())
    with pytest.raises(error) as refused:
        services.letter_generate(
            case=case, step=step, actor=actor, fields=fields, at=desk.tick(case.office)
        )
    assert (snapshot_of(case), letter_counts()) == before
    return refused.value


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("kabid.ti", "Langkah 2 dikerjakan oleh Kepala Dinas; Anda tidak memegang peran itu."),
        ("opd.bappeda", "Langkah 2 dikerjakan oleh Kepala Dinas; Anda tidak memegang peran itu."),
        ("opd.dikbud", "Anda tidak dapat melihat permohonan ini."),
        ("kadis.batam", "Anda tidak dapat melihat permohonan ini."),
    ],
)
def test_only_the_person_acting_on_the_step_drafts_its_letter(
    sumbawa_desk, letterheads, who, message
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)

    error = _refused(sumbawa_desk, case, 2, letterheads.people[who], disposition(case), NotAllowed)

    assert error.message == message


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (3, "Langkah 3 tidak sedang terbuka; surat disusun pada langkah yang terbuka."),
        (99, "Langkah 99 tidak ada pada SOP ini."),
    ],
)
def test_no_letter_for_a_step_that_is_not_open_or_does_not_exist(
    sumbawa_desk, letterheads, step, message
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)
    kabid = letterheads.people["kabid.ti"]

    error = _refused(sumbawa_desk, case, step, kabid, disposition(case), ServiceError)

    assert error.message == message


def test_no_letter_for_a_step_that_writes_none(batam_desk, letterheads) -> None:
    case = sop2_opened(batam_desk, letterheads.batam)
    case = batam_desk.act(case, 2, "kadis.batam", docs=("Surat Disposisi",))

    error = _refused(
        batam_desk, case, 3, letterheads.people["kabid.pe"], disposition(case), Invalid
    )

    assert error.message == "Langkah 3 tidak menghasilkan surat."


def test_fields_that_are_missing_or_wrong_are_named_in_indonesian(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)
    fields = disposition(
        case,
        nomor_surat="",
        tanggal_surat="2026-11-24",
        sifat="kilat",
        instruksi=[],
        instruksi_lain="",
        tanggal_penyelesaian="2026-11-20",
    )

    error = _refused(sumbawa_desk, case, 2, letterheads.people["kadis.sumbawa"], fields, Invalid)

    assert error.message == "Isian surat belum lengkap atau belum benar."
    assert error.details == [
        "Nomor surat yang didisposisikan: Bidang ini tidak boleh kosong.",
        "Tanggal surat: Tanggal surat tidak boleh sesudah hari ini (23-11-2026).",
        "Sifat: 'kilat' tidak dikenal; pilih salah satu: sangat-segera, segera, rahasia, biasa.",
        "Tanggal penyelesaian: Tanggal penyelesaian tidak boleh sebelum hari ini (23-11-2026).",
        "Instruksi: Pilih sekurang-kurangnya satu instruksi atau tulis instruksi lain.",
    ]


def test_an_invisible_character_in_a_number_and_a_long_note_are_named(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)
    fields = disposition(case, nomor_surat="050/123\u2067/BAPPEDA/2026", catatan="x" * 5_001)

    error = _refused(sumbawa_desk, case, 2, letterheads.people["kadis.sumbawa"], fields, Invalid)

    assert error.message == "Isian surat belum benar."
    assert error.details == [
        "Nomor surat yang didisposisikan memuat karakter tak terlihat (U+2067) pada posisi 8; "
        "hapus lalu ulangi.",
        "Catatan paling panjang 5.000 karakter; yang dikirim 5.001 karakter.",
    ]


def test_a_letter_number_pattern_that_cannot_be_used_is_reported(batam_desk, letterheads) -> None:
    from test_letter_reply import hosting_at_step_9

    case = hosting_at_step_9(batam_desk, letterheads.batam)
    case = batam_desk.act(
        case, 9, "kasi.pa", docs=("Draft Surat Tanggapan atas Permohonan Pembuatan Subdomain",)
    )
    Letterhead.objects.filter(office=letterheads.batam).update(
        number_pattern="{klasifikasi}/{nomor}/{year}"
    )
    fields = {"kepada": "Kepala Disdukcapil", "sifat": "biasa", "hal": "Tanggapan", "isi": "Isi."}

    error = _refused(batam_desk, case, 10, letterheads.people["kadis.batam"], fields, Invalid)

    assert error.message == (
        "Pola nomor surat kantor tidak dapat dipakai ('nomor'); perbaiki di Kop surat."
    )
