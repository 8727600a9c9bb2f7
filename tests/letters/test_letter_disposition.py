"""The disposition sheets of SOP 5 steps 2 and 3 (and SOP 2 step 2), drafted from the case."""

from __future__ import annotations

from casekit import snapshot_of, sop2_opened
from letterkit import disposition, letter_counts, pdf_text, sop5_at_step_2

from alur.cases.models import Document, Event
from alur.catalog.services import definition_of
from alur.letters import selectors, services
from alur.letters.models import Letter
from alur.sop import CaseState


def test_the_kadis_drafts_the_disposition_sheet_of_step_2_from_the_record(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)

    letter = services.letter_generate(
        case=case,
        step=2,
        actor=letterheads.people["kadis.sumbawa"],
        fields=disposition(case),
        at=sumbawa_desk.tick(case.office),
    )

    text = pdf_text(letter.document)
    for expected in (
        "PEMERINTAH KABUPATEN SUMBAWA",
        "DINAS KOMUNIKASI INFORMATIKA STATISTIK DAN PERSANDIAN",
        "LEMBAR DISPOSISI",
        "Surat dari Badan Perencanaan Pembangunan Daerah Kabupaten Sumbawa",
        "Nomor surat 050/123/BAPPEDA/2026",
        "Tanggal surat 20 November 2026",
        "Diterima tanggal 23 November 2026",
        f"Nomor agenda {case.number}",
        "Sifat Segera",
        "Perihal Aplikasi e-Perencanaan",
        "Diteruskan kepada 1. Kepala Bidang TI",
        "Instruksi - Proses lebih lanjut - Koordinasi/konfirmasikan - Laporkan hasilnya",
        "Catatan Mohon dipelajari bersama Kasi Aplikasi.",
        "Tanggal penyelesaian 27 November 2026",
        "Sumbawa Besar, 23 November 2026 Kepala Dinas Kepala DKISP Sumbawa NIP 197105052001121002",
    ):
        assert expected in text, (expected, text)
    assert case.number == "555/001/DKIST/2026"
    assert (letter.kind, letter.step, letter.visit, letter.number) == ("disposisi", 2, 1, "")
    document = letter.document
    assert (document.name, document.version, document.step, document.generated) == (
        "Disposisi Dinas",
        1,
        2,
        True,
    )
    assert document.content_type == "application/pdf"
    event = Event.objects.filter(case=case).order_by("-seq").first()
    assert event is not None
    assert (event.kind, event.step, event.visit, event.actor) == (
        "letters.letter.generated",
        2,
        1,
        letterheads.people["kadis.sumbawa"],
    )
    assert event.data == {
        "kind": "disposisi",
        "number": "",
        "name": "Disposisi Dinas",
        "version": 1,
        "sha256": document.sha256,
    }


def test_the_drafted_sheet_is_the_steps_output_so_the_step_completes_without_an_upload(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)
    kadis = letterheads.people["kadis.sumbawa"]
    services.letter_generate(
        case=case, step=2, actor=kadis, fields=disposition(case), at=sumbawa_desk.tick(case.office)
    )

    case = sumbawa_desk.act(case, 2, "kadis.sumbawa")

    assert [opened.step for opened in CaseState.from_json(case.state).open_steps] == [3]
    assert list(case.tasks.filter(step=2).values_list("status", flat=True)) == ["selesai"]


def test_drafting_again_makes_a_new_version_and_keeps_the_first(sumbawa_desk, letterheads) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)
    kadis = letterheads.people["kadis.sumbawa"]
    first = services.letter_generate(
        case=case, step=2, actor=kadis, fields=disposition(case), at=sumbawa_desk.tick(case.office)
    )
    second = services.letter_generate(
        case=case,
        step=2,
        actor=kadis,
        fields=disposition(case, sifat="sangat-segera"),
        at=sumbawa_desk.tick(case.office),
    )

    versions = Document.objects.filter(case=case, name="Disposisi Dinas").order_by("version")
    assert [(d.pk, d.version) for d in versions] == [
        (first.document.pk, 1),
        (second.document.pk, 2),
    ]
    assert "Sifat Segera" in pdf_text(versions[0])
    assert "Sifat Sangat Segera" in pdf_text(versions[1])
    assert Letter.objects.filter(case=case).count() == 2


def test_step_3_sends_the_sheet_to_the_kasi_and_starts_from_the_letter_of_step_2(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)
    services.letter_generate(
        case=case,
        step=2,
        actor=letterheads.people["kadis.sumbawa"],
        fields=disposition(case),
        at=sumbawa_desk.tick(case.office),
    )
    case = sumbawa_desk.act(case, 2, "kadis.sumbawa")
    definition = definition_of(case.sop_version)

    initial = selectors.initial_values(case, definition, 3, "disposisi")

    assert initial == {
        "nomor_agenda": case.number,
        "diteruskan_kepada": "Kepala Seksi Aplikasi & E-Government",
        "sifat": "segera",
        "nomor_surat": "050/123/BAPPEDA/2026",
        "tanggal_surat": "2026-11-20",
    }
    letter = services.letter_generate(
        case=case,
        step=3,
        actor=letterheads.people["kabid.ti"],
        fields={**initial, "instruksi": ["tanggapan"]},
        at=sumbawa_desk.tick(case.office),
    )
    text = pdf_text(letter.document)
    assert "Diteruskan kepada 1. Kepala Seksi Aplikasi & E-Government" in text
    assert "Instruksi - Tanggapan dan saran Catatan - Tanggal penyelesaian -" in text
    assert "Kepala Bidang TI Kabid TI Sumbawa NIP 198003032005011003" in text
    assert (letter.document.name, letter.document.version) == ("Disposisi Dinas", 2)


def test_sop_2_step_2_disposes_the_hosting_request_to_the_kabid(batam_desk, letterheads) -> None:
    case = sop2_opened(batam_desk, letterheads.batam)
    definition = definition_of(case.sop_version)
    initial = selectors.initial_values(case, definition, 2, "disposisi")

    letter = services.letter_generate(
        case=case,
        step=2,
        actor=letterheads.people["kadis.batam"],
        fields={
            **initial,
            **{k: v for k, v in disposition(case).items() if k != "diteruskan_kepada"},
        },
        at=batam_desk.tick(case.office),
    )

    text = pdf_text(letter.document)
    assert initial["diteruskan_kepada"] == "Kepala Bidang Penyelenggaraan E-Government"
    assert "Diteruskan kepada 1. Kepala Bidang Penyelenggaraan E-Government" in text
    assert "Surat dari Dinas Kependudukan dan Pencatatan Sipil Kota Batam" in text
    assert "Batam, 23 November 2026" in text
    assert (letter.document.name, letter.document.version) == ("Surat Disposisi", 1)
    assert snapshot_of(case).documents == 5
    assert letter_counts().letters == 1
