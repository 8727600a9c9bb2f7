"""SOP 5 step 17: the Berita Acara Pekerjaan, opening with its date in words and listing what
step 12 produced, between the Kepala Dinas and the requesting OPD."""

from __future__ import annotations

import io

import pytest
from casekit import pdf_bytes
from letterkit import letter_counts, pdf_text, sop5_at_minutes

from alur.cases import services as case_services
from alur.cases.models import Case
from alur.cases.services import Invalid
from alur.letters import services
from alur.letters.models import Letterhead


def test_the_team_drafts_the_berita_acara_with_the_deliverables_and_the_parties(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_minutes(sumbawa_desk, letterheads.sumbawa)

    letter = services.letter_generate(
        case=case,
        step=17,
        actor=letterheads.people["dev.sumbawa"],
        fields={"rangkap": 3, "keterangan": "Kode sumber tersimpan di repositori dinas."},
        at=sumbawa_desk.tick(case.office),
    )

    text = pdf_text(letter.document)
    for expected in (
        "PEMERINTAH KABUPATEN SUMBAWA",
        "BERITA ACARA PEKERJAAN Nomor: 000.5.2/001/DKIST/2026",
        "Pada hari ini Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh "
        "enam, bertempat di Sumbawa Besar, kami yang bertanda tangan di bawah ini:",
        "1. Nama : Lalu Suharmaji NIP : 197105052001121002 "
        "Pangkat/golongan : Pembina Utama Muda (IV/c) "
        "Jabatan : Kepala Dinas Komunikasi Informatika Statistik dan Persandian "
        "Instansi : Dinas Komunikasi Informatika Statistik dan Persandian "
        "selanjutnya disebut PIHAK PERTAMA.",
        "2. Nama : Tim Teknis Bappeda Sumbawa NIP : 198204042006042004 "
        "Pangkat/golongan : Penata Tingkat I (III/d) Jabatan : Kepala Bidang "
        "Instansi : Badan Perencanaan Pembangunan Daerah Kabupaten Sumbawa "
        "selanjutnya disebut PIHAK KEDUA.",
        "PIHAK PERTAMA telah menyelesaikan pekerjaan Aplikasi e-Perencanaan (permohonan "
        "555/001/DKIST/2026) dan menyerahkan hasilnya kepada PIHAK KEDUA, berupa:",
        "1. Aplikasi (diserahkan, bukan berkas) "
        "2. Dokumentasi dan hasil analisis (berkas berkas-0.pdf, versi 1) "
        "3. Dokumentasi pengembangan (berkas berkas-1.pdf, versi 1) "
        "4. Dokumentasi Pengujian (berkas berkas-2.pdf, versi 1) "
        "5. Petunjuk Instalasi (berkas berkas-3.pdf, versi 1) "
        "6. Petunjuk Penggunaan (berkas berkas-4.pdf, versi 1) "
        "7. Dokumentasi API (berkas berkas-5.pdf, versi 1)",
        "Kode sumber tersimpan di repositori dinas.",
        "Demikian Berita Acara ini dibuat dalam rangkap 3 (tiga) untuk dipergunakan "
        "sebagaimana mestinya.",
        "PIHAK PERTAMA Kepala Dinas Komunikasi Informatika Statistik dan Persandian "
        "Lalu Suharmaji NIP 197105052001121002 "
        "PIHAK KEDUA Kepala Bidang Tim Teknis Bappeda Sumbawa NIP 198204042006042004",
        "Disusun oleh: Pengembang Sumbawa (Programmer)",
    ):
        assert expected in text, (expected, text)
    assert (letter.document.name, letter.document.version) == ("Berita Acara Pekerjaan", 1)
    assert letter.number == "000.5.2/001/DKIST/2026"

    case = sumbawa_desk.act(case, 17, "dev.sumbawa")
    assert case.status == Case.Status.FINISHED


def test_the_berita_acara_lists_the_latest_version_of_a_redone_deliverable(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_minutes(sumbawa_desk, letterheads.sumbawa)
    case_services.document_add(
        case=case,
        name="Dokumentasi API",
        upload=io.BytesIO(pdf_bytes("API versi 2")),
        filename="api-v2.pdf",
        actor=letterheads.people["dev.sumbawa"],
        at=sumbawa_desk.tick(case.office),
    )

    letter = services.letter_generate(
        case=case,
        step=17,
        actor=letterheads.people["dev.sumbawa"],
        fields={"rangkap": 2},
        at=sumbawa_desk.tick(case.office),
    )

    text = pdf_text(letter.document)
    assert "7. Dokumentasi API (berkas api-v2.pdf, versi 2)" in text
    assert "dalam rangkap 2 (dua)" in text


def test_no_berita_acara_without_the_head_of_office_in_the_letterhead(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_minutes(sumbawa_desk, letterheads.sumbawa)
    Letterhead.objects.filter(office=letterheads.sumbawa).update(head_name="")
    before = letter_counts()

    with pytest.raises(Invalid) as refused:
        services.letter_generate(
            case=case,
            step=17,
            actor=letterheads.people["dev.sumbawa"],
            fields={"rangkap": 2},
            at=sumbawa_desk.tick(case.office),
        )

    assert refused.value.message == (
        "Nama Kepala Dinas belum diisi pada Kop surat kantor; admin kantor mengisinya di "
        "Pengaturan › Kop surat."
    )
    assert letter_counts() == before
