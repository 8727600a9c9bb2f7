"""Opening a request: its number, the requester's first step done with it, and the refusals
that leave no case, no number taken and no document behind."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from casekit import LETTER, SOP1, SOP3, SOP5, WIB, WITA, pdf_bytes

from alur.cases import services
from alur.cases.models import Case, CaseSequence, Document, Event, Task

MONDAY = dt.datetime(2026, 8, 17, 10, 0, tzinfo=WITA)  # Hari Kemerdekaan: a national holiday
FRIDAY = dt.datetime(2026, 8, 14, 10, 0, tzinfo=WITA)


def _letter() -> dict[str, tuple[io.BytesIO, str]]:
    return {LETTER: (io.BytesIO(pdf_bytes("surat")), "surat-permohonan.pdf")}


def _nothing_created() -> None:
    assert (Case.objects.count(), Task.objects.count(), Event.objects.count()) == (0, 0, 0)
    assert (Document.objects.count(), CaseSequence.objects.count()) == (0, 0)


def test_a_requester_opens_sop5_and_the_kadis_gets_step_2_due_the_next_working_day(demo) -> None:
    bappeda = demo.people["opd.bappeda"]

    case = services.case_open(
        office=demo.sumbawa,
        sop_code=SOP5,
        requester=bappeda,
        title="  Aplikasi e-Perencanaan ",
        uploads=_letter(),
        at=FRIDAY,
    )

    assert (case.number, case.year, case.sequence) == ("555/001/DKIST/2026", 2026, 1)
    assert (case.title, case.status) == ("Aplikasi e-Perencanaan", "berjalan")
    assert (case.requester, case.requester_unit.code, case.opened_at) == (
        bappeda,
        "bappeda",
        FRIDAY,
    )
    assert [
        (t.step, t.visit, t.status, t.done_by, t.due_at) for t in Task.objects.filter(case=case)
    ] == [
        (1, 1, "selesai", bappeda, None),  # "—": no deadline of its own
        # Monday 17 August is Independence Day: due Tuesday at the hour it opened
        (2, 1, "terbuka", None, dt.datetime(2026, 8, 18, 10, 0, tzinfo=WITA)),
    ]
    assert list(Event.objects.filter(case=case).values_list("kind", "step", "actor")) == [
        ("case.opened", None, bappeda.pk),
        ("case.started", None, bappeda.pk),
        ("step.opened", 1, bappeda.pk),
        ("document.added", 1, bappeda.pk),
        ("step.completed", 1, bappeda.pk),
        ("step.opened", 2, bappeda.pk),
    ]
    letter = Document.objects.get(case=case)
    assert (letter.name, letter.version, letter.step, letter.uploaded_by) == (
        LETTER,
        1,
        1,
        bappeda,
    )


def test_the_first_step_keeps_the_fields_sent_with_the_request(demo) -> None:
    case = services.case_open(
        office=demo.batam,
        sop_code=SOP1,
        requester=demo.people["opd.disdukcapil"],
        title="Aplikasi antrean",
        data={"jadwal_selesai_pengembangan": dt.date(2026, 6, 30)},
        uploads={"Rencana Pengembangan Aplikasi": (io.BytesIO(pdf_bytes("rencana")), "r.pdf")},
        note="Berdasarkan nota dinas Kepala Dinas.",
        at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=WIB),
    )

    assert case.state["data"] == {"jadwal_selesai_pengembangan": "2026-06-30"}
    first = Task.objects.get(case=case, step=1)
    assert (first.note, first.done_by.username) == (
        "Berdasarkan nota dinas Kepala Dinas.",
        "opd.disdukcapil",
    )


def test_it_refuses_a_request_without_the_letter_the_first_step_needs(demo) -> None:
    with pytest.raises(services.Invalid) as refused:
        services.case_open(
            office=demo.sumbawa,
            sop_code=SOP5,
            requester=demo.people["opd.bappeda"],
            title="Aplikasi e-Perencanaan",
            at=FRIDAY,
        )

    assert refused.value.message == (
        "Berkas untuk langkah 1 belum lengkap: Surat Permohonan Pembuatan Aplikasi. "
        "Lampirkan berkas tersebut, lalu ulangi."
    )
    _nothing_created()


def test_a_refused_request_takes_no_number_from_the_next_one(demo) -> None:
    with pytest.raises(services.Invalid):
        services.case_open(
            office=demo.sumbawa,
            sop_code=SOP5,
            requester=demo.people["opd.bappeda"],
            title="Aplikasi e-Perencanaan",
            at=FRIDAY,
        )

    case = services.case_open(
        office=demo.sumbawa,
        sop_code=SOP5,
        requester=demo.people["opd.dikbud"],
        title="Aplikasi PPDB",
        uploads=_letter(),
        at=FRIDAY,
    )

    assert case.number == "555/001/DKIST/2026"


def test_it_refuses_a_plan_without_its_required_schedule_field(demo) -> None:
    with pytest.raises(services.Invalid) as refused:
        services.case_open(
            office=demo.batam,
            sop_code=SOP1,
            requester=demo.people["opd.disdukcapil"],
            title="Aplikasi antrean",
            uploads={"Rencana Pengembangan Aplikasi": (io.BytesIO(pdf_bytes("r")), "r.pdf")},
            at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=WIB),
        )

    assert refused.value.message == (
        "Isian wajib langkah 1 belum diisi: Target selesai pengembangan."
    )
    _nothing_created()


def test_it_refuses_a_pa20_form_with_required_fields_missing_and_names_each(demo) -> None:
    with pytest.raises(services.Invalid) as refused:
        services.case_open(
            office=demo.batam,
            sop_code=SOP3,
            requester=demo.people["opd.dinkes"],
            title="Integrasi SIMPUS",
            data={"pa20": {"nama_sistem": "SIMPUS", "url": "https://simpus.batam.go.id"}},
            at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=WIB),
        )

    assert refused.value.message == "Isian wajib belum diisi."
    assert refused.value.details == [
        f"Formulir PA.20 Sistem Elektronik: {label}"
        for label in (
            "OPD pemilik",
            "Tujuan dan fungsi sistem",
            "Data yang dipertukarkan",
            "Nama narahubung",
            "E-mail narahubung",
            "Jenis sistem",
        )
    ]
    _nothing_created()


def test_it_refuses_a_person_of_another_office(demo) -> None:
    with pytest.raises(services.NotAllowed) as refused:
        services.case_open(
            office=demo.sumbawa,
            sop_code=SOP5,
            requester=demo.people["opd.disdukcapil"],
            title="Aplikasi antrean",
            uploads=_letter(),
            at=FRIDAY,
        )

    assert refused.value.message == "Anda tidak terdaftar pada kantor ini."
    _nothing_created()


def test_it_refuses_an_sop_the_office_has_not_published(demo) -> None:
    with pytest.raises(services.Invalid) as refused:
        services.case_open(
            office=demo.sumbawa,
            sop_code=SOP1,  # a Batam SOP
            requester=demo.people["opd.bappeda"],
            title="Aplikasi e-Perencanaan",
            uploads=_letter(),
            at=FRIDAY,
        )

    assert refused.value.message == "SOP ini belum diterbitkan; permohonan belum dapat diajukan."
    _nothing_created()


def test_it_refuses_a_request_without_a_title(demo) -> None:
    with pytest.raises(services.Invalid) as refused:
        services.case_open(
            office=demo.sumbawa,
            sop_code=SOP5,
            requester=demo.people["opd.bappeda"],
            title="   ",
            uploads=_letter(),
            at=FRIDAY,
        )

    assert refused.value.message == "Perihal permohonan wajib diisi."
    _nothing_created()


def test_a_holiday_request_is_due_from_the_next_working_morning(demo) -> None:
    case = services.case_open(
        office=demo.sumbawa,
        sop_code=SOP5,
        requester=demo.people["opd.bappeda"],
        title="Aplikasi e-Perencanaan",
        uploads=_letter(),
        at=MONDAY,
    )

    assert Task.objects.get(case=case, step=2).due_at == dt.datetime(2026, 8, 19, 8, 0, tzinfo=WITA)
