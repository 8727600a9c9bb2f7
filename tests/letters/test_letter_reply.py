"""SOP 2's reply letter: drafted at step 9 without a number, sent numbered at step 10."""

from __future__ import annotations

from casekit import SOP2_DOCS, Desk, sop2_opened
from letterkit import pdf_text

from alur.cases.models import Case, Document
from alur.catalog.services import definition_of
from alur.letters import selectors, services
from alur.letters.models import Letter, LetterSequence
from alur.offices.models import Office

APPLICATION = {
    "nama_aplikasi": "SiAntre",
    "url": "https://siantre.batam.go.id",
    "server": "vm-apps-03",
}


def hosting_at_step_9(desk: Desk, office: Office) -> Case:
    case = sop2_opened(desk, office)
    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])
    desk.act(case, 3, "kabid.pe", decision="ya")
    desk.act(case, 4, "kasi.pa", decision="ya")
    desk.act(case, 7, "kasi.pa")
    return desk.act(case, 8, "kasi.pa", docs=SOP2_DOCS[8], data=APPLICATION)


def test_the_draft_reply_is_written_from_the_record_and_has_no_number(
    batam_desk, letterheads
) -> None:
    case = hosting_at_step_9(batam_desk, letterheads.batam)
    definition = definition_of(case.sop_version)
    initial = selectors.initial_values(case, definition, 9, "balasan-draf")

    draft = services.letter_generate(
        case=case,
        step=9,
        actor=letterheads.people["kasi.pa"],
        fields=initial,
        at=batam_desk.tick(case.office),
    )

    text = pdf_text(draft.document)
    assert initial["kepada"] == "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Batam"
    for expected in (
        "PEMERINTAH KOTA BATAM DINAS KOMUNIKASI DAN INFORMATIKA",
        "Batam, 23 November 2026",
        "Nomor : (draf, belum bernomor)",
        "Sifat : Biasa",
        "Lampiran : -",
        "Hal : Tanggapan atas Permohonan Hosting aplikasi antrean",
        "Yth. Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Batam di tempat",
        "tanggal 23 November 2026 perihal Hosting aplikasi antrean, dengan hormat kami "
        "sampaikan bahwa permohonan tersebut telah kami tindak lanjuti.",
        "Aplikasi SiAntre telah dipasang pada server vm-apps-03 dan dapat diakses melalui "
        "https://siantre.batam.go.id.",
        "Kepala Dinas Komunikasi dan Informatika Rudi Sakyakirti Pembina Utama Muda (IV/c) "
        "NIP 197001012000031001",
        "DRAF",
    ):
        assert expected in text, (expected, text)
    # the case number is long and wraps after a hyphen: compare it without the spaces
    assert f"Menindaklanjutipermohonan Saudaranomor{case.number}tanggal".replace(" ", "") in (
        text.replace(" ", "")
    )
    assert draft.number == ""
    assert (draft.document.name, draft.document.version) == (
        "Draft Surat Tanggapan atas Permohonan Pembuatan Subdomain",
        1,
    )
    assert not LetterSequence.objects.exists()


def test_the_final_reply_starts_from_the_draft_takes_a_number_and_keeps_it_when_redone(
    batam_desk, letterheads
) -> None:
    case = hosting_at_step_9(batam_desk, letterheads.batam)
    definition = definition_of(case.sop_version)
    edited = {
        **selectors.initial_values(case, definition, 9, "balasan-draf"),
        "lampiran": "1 (satu) berkas",
        "tembusan": "Wali Kota Batam\nSekretaris Daerah Kota Batam",
    }
    services.letter_generate(
        case=case,
        step=9,
        actor=letterheads.people["kasi.pa"],
        fields=edited,
        at=batam_desk.tick(case.office),
    )
    case = batam_desk.act(case, 9, "kasi.pa")
    kadis = letterheads.people["kadis.batam"]

    initial = selectors.initial_values(case, definition, 10, "balasan")
    final = services.letter_generate(
        case=case, step=10, actor=kadis, fields=initial, at=batam_desk.tick(case.office)
    )
    again = services.letter_generate(
        case=case, step=10, actor=kadis, fields=initial, at=batam_desk.tick(case.office)
    )

    assert initial == edited
    assert final.number == again.number == "500.12.2.3/001/KOMINFO/XI/2026"
    assert list(LetterSequence.objects.values_list("year", "last")) == [(2026, 1)]
    text = pdf_text(again.document)
    assert "Nomor : 500.12.2.3/001/KOMINFO/XI/2026" in text
    assert "Lampiran : 1 (satu) berkas" in text
    assert "Tembusan: 1. Wali Kota Batam 2. Sekretaris Daerah Kota Batam" in text
    assert "DRAF" not in text
    name = "Surat Tanggapan atas Permohonan Pembuatan Subdomain"
    assert list(
        Document.objects.filter(case=case, name=name).values_list("version", "generated")
    ) == [(2, True), (1, True)]
    assert [letter.kind for letter in Letter.objects.filter(case=case).order_by("pk")] == [
        "balasan-draf",
        "balasan",
        "balasan",
    ]
    case = batam_desk.act(case, 10, "kadis.batam")
    assert case.status == Case.Status.FINISHED


def test_a_second_numbered_letter_of_the_office_takes_the_next_number(
    batam_desk, letterheads
) -> None:
    numbers = []
    for _request in range(2):
        case = hosting_at_step_9(batam_desk, letterheads.batam)
        batam_desk.act(case, 9, "kasi.pa", docs=SOP2_DOCS[9])
        definition = definition_of(case.sop_version)
        letter = services.letter_generate(
            case=case,
            step=10,
            actor=letterheads.people["kadis.batam"],
            fields=selectors.initial_values(case, definition, 10, "balasan"),
            at=batam_desk.tick(case.office),
        )
        numbers.append(letter.number)

    assert numbers == ["500.12.2.3/001/KOMINFO/XI/2026", "500.12.2.3/002/KOMINFO/XI/2026"]
