"""A letter sent through SRIKANDI is recorded as a reference with its signed PDF, which becomes
the step's output; a wrong reference changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from casekit import pdf_bytes, snapshot_of
from letterkit import letter_counts, sop5_at_step_2
from test_letter_reply import hosting_at_step_9

from alur.cases.models import Case, Document, Event
from alur.cases.services import Invalid, NotAllowed
from alur.catalog.services import definition_of
from alur.letters import selectors, services
from alur.letters.models import SrikandiReference

REPLY = "Surat Tanggapan atas Permohonan Pembuatan Subdomain"
LINK = "https://srikandi.arsip.go.id/naskah-keluar/7f3a9c"


def _record(desk, case, step, actor, **changes):
    values = {
        "number": "500.12.2.3/045/KOMINFO/XI/2026",
        "dated": dt.date(2026, 11, 23),
        "sender": "Kepala Dinas Komunikasi dan Informatika Kota Batam",
        "link": LINK,
        "upload": io.BytesIO(pdf_bytes("ditandatangani secara elektronik")),
        "filename": "surat-tanggapan-ttd.pdf",
        **changes,
    }
    return services.letter_reference_record(
        case=case, step=step, actor=actor, at=desk.tick(case.office), **values
    )


def test_the_kadis_records_the_srikandi_reply_after_the_draft_and_completes_the_step(
    batam_desk, letterheads
) -> None:
    case = hosting_at_step_9(batam_desk, letterheads.batam)
    definition = definition_of(case.sop_version)
    services.letter_generate(
        case=case,
        step=9,
        actor=letterheads.people["kasi.pa"],
        fields=selectors.initial_values(case, definition, 9, "balasan-draf"),
        at=batam_desk.tick(case.office),
    )
    case = batam_desk.act(case, 9, "kasi.pa")
    kadis = letterheads.people["kadis.batam"]
    services.letter_generate(
        case=case,
        step=10,
        actor=kadis,
        fields=selectors.initial_values(case, definition, 10, "balasan"),
        at=batam_desk.tick(case.office),
    )

    reference = _record(batam_desk, case, 10, kadis)

    assert (reference.step, reference.visit, reference.number, reference.dated) == (
        10,
        1,
        "500.12.2.3/045/KOMINFO/XI/2026",
        dt.date(2026, 11, 23),
    )
    assert (reference.sender, reference.link) == (
        "Kepala Dinas Komunikasi dan Informatika Kota Batam",
        LINK,
    )
    assert list(
        Document.objects.filter(case=case, name=REPLY).values_list(
            "version", "generated", "original_name"
        )
    ) == [(2, False, "surat-tanggapan-ttd.pdf"), (1, True, "balasan-langkah-10.pdf")]
    event = Event.objects.filter(case=case).order_by("-seq").first()
    assert event is not None
    assert (event.kind, event.step, event.actor) == ("letters.srikandi.recorded", 10, kadis)
    assert event.data == {
        "number": "500.12.2.3/045/KOMINFO/XI/2026",
        "date": "2026-11-23",
        "sender": "Kepala Dinas Komunikasi dan Informatika Kota Batam",
        "link": LINK,
        "name": REPLY,
        "version": 2,
        "sha256": reference.document.sha256,
    }
    case = batam_desk.act(case, 10, "kadis.batam")
    assert case.status == Case.Status.FINISHED


def test_a_srikandi_disposition_stands_for_the_sheet_alur_would_draft(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)
    kadis = letterheads.people["kadis.sumbawa"]

    reference = _record(sumbawa_desk, case, 2, kadis, link="SRK-2026-000123")

    assert (reference.document.name, reference.document.version) == ("Disposisi Dinas", 1)
    case = sumbawa_desk.act(case, 2, "kadis.sumbawa")
    assert list(case.tasks.filter(step=2).values_list("status", flat=True)) == ["selesai"]


@pytest.mark.parametrize(
    ("changes", "error", "message", "details"),
    [
        (
            {"upload": io.BytesIO(b"Surat ini bukan PDF.\n"), "filename": "surat.txt"},
            Invalid,
            "Surat bertanda tangan surat.txt bukan berkas PDF.",
            [],
        ),
        (
            {"link": "", "dated": dt.date(2026, 11, 24)},
            Invalid,
            "Rujukan SRIKANDI belum lengkap atau belum benar.",
            [
                "Tanggal surat: Tanggal surat tidak boleh sesudah hari ini (23-11-2026).",
                "Tautan atau ID SRIKANDI: Bidang ini tidak boleh kosong.",
            ],
        ),
        (
            {"number": "500/045\u202e/KOMINFO/2026", "sender": "Kepala\u200b Dinas"},
            Invalid,
            "Rujukan SRIKANDI belum benar.",
            [
                "Nomor surat memuat karakter tak terlihat (U+202E) pada posisi 8; hapus lalu "
                "ulangi.",
                "Pengirim memuat karakter tak terlihat (U+200B) pada posisi 7; hapus lalu ulangi.",
            ],
        ),
    ],
)
def test_a_wrong_reference_is_refused_and_changes_nothing(
    sumbawa_desk, letterheads, changes, error, message, details
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)
    before = (snapshot_of(case), letter_counts())

    with pytest.raises(error) as refused:
        _record(sumbawa_desk, case, 2, letterheads.people["kadis.sumbawa"], **changes)

    assert (refused.value.message, refused.value.details) == (message, details)
    assert (snapshot_of(case), letter_counts()) == before


def test_only_the_person_acting_on_the_step_records_its_reference(
    sumbawa_desk, letterheads
) -> None:
    case = sop5_at_step_2(sumbawa_desk, letterheads.sumbawa)
    before = (snapshot_of(case), letter_counts())

    with pytest.raises(NotAllowed) as refused:
        _record(sumbawa_desk, case, 2, letterheads.people["kabid.ti"])

    assert refused.value.message == (
        "Langkah 2 dikerjakan oleh Kepala Dinas; Anda tidak memegang peran itu."
    )
    assert (snapshot_of(case), letter_counts()) == before
    assert not SrikandiReference.objects.exists()
