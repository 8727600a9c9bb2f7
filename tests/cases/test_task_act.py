"""Acting on a step: who may, what it needs, and that every refusal leaves the case as it was.

Personas (Sumbawa): Kadis (kadis.sumbawa), Kabid TI (kabid.ti), Bappeda the requester
(opd.bappeda), Dikbud another OPD (opd.dikbud); Batam's Kadis is of another office.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from casekit import (
    SOP2_DOCS,
    SOP4,
    SOP4_DOCS,
    SOP5_DOCS,
    WIB,
    WITA,
    Desk,
    pdf_bytes,
    snapshot_of,
    sop2_opened,
    sop5_at_availability,
    sop5_opened,
)
from django.contrib.auth.models import AnonymousUser

from alur.cases import services
from alur.cases.models import Case, Document, Event, Task

DISPOSITION = "Disposisi Dinas"
NOT_THEIR_ROLE = "Langkah 2 dikerjakan oleh Kepala Dinas; Anda tidak memegang peran itu."
NOT_THEIR_CASE = "Anda tidak dapat melihat permohonan ini."
STALE = "Permohonan ini telah diubah orang lain sejak halaman dibuka. Muat ulang halaman."


def _disposition() -> dict[str, tuple[io.BytesIO, str]]:
    return {DISPOSITION: (io.BytesIO(pdf_bytes("disposisi")), "disposisi.pdf")}


@pytest.fixture
def request_case(demo, desk: Desk) -> Case:
    """Bappeda's SOP 5 request: step 2 waits for the Kadis."""
    return sop5_opened(desk, demo.sumbawa)


# --- who may act --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "refusal"),
    [
        ("anonymous", NOT_THEIR_CASE),
        ("kadis.batam", NOT_THEIR_CASE),  # another office's Kadis
        ("opd.dikbud", NOT_THEIR_CASE),  # another OPD
        ("opd.bappeda", NOT_THEIR_ROLE),  # the requester, on an office lane
        ("kabid.ti", NOT_THEIR_ROLE),  # the office, the wrong role
    ],
)
def test_it_refuses_anyone_but_the_kadis_and_changes_nothing(
    demo, request_case, who, refusal
) -> None:
    actor = AnonymousUser() if who == "anonymous" else demo.people[who]
    before = snapshot_of(request_case)

    with pytest.raises(services.NotAllowed) as refused:
        services.task_act(
            case=request_case,
            step=2,
            actor=actor,
            uploads=_disposition(),
            expected_version=request_case.version,
            at=dt.datetime(2026, 3, 2, 11, 0, tzinfo=WITA),
        )

    assert refused.value.message == refusal
    assert snapshot_of(request_case) == before


def test_the_kadis_completes_step_2_and_kabid_ti_gets_step_3(demo, request_case) -> None:
    kadis = demo.people["kadis.sumbawa"]
    at = dt.datetime(2026, 3, 2, 11, 0, tzinfo=WITA)
    before = snapshot_of(request_case)

    case = services.task_act(
        case=request_case,
        step=2,
        actor=kadis,
        note="Segera ditindaklanjuti.",
        uploads=_disposition(),
        expected_version=request_case.version,
        at=at,
    )

    step2 = Task.objects.get(case=case, step=2)
    assert (step2.status, step2.done_by, step2.done_at, step2.note, step2.confirmed_by) == (
        "selesai",
        kadis,
        at,
        "Segera ditindaklanjuti.",
        ["kadis"],
    )
    assert Task.objects.get(case=case, step=3, visit=1).status == Task.Status.OPEN
    assert case.version == before.version + 2  # the upload, then the completion
    assert list(
        Event.objects.filter(case=case, seq__gt=before.events).values_list("kind", "step", "lane")
    ) == [
        ("document.added", 2, ""),
        ("step.completed", 2, "kadis"),
        ("step.opened", 3, ""),
    ]


# --- what a step needs ----------------------------------------------------------------------------


def test_it_refuses_a_step_without_its_document_and_names_it(demo, request_case) -> None:
    before = snapshot_of(request_case)

    with pytest.raises(services.Invalid) as refused:
        services.task_act(
            case=request_case,
            step=2,
            actor=demo.people["kadis.sumbawa"],
            at=dt.datetime(2026, 3, 2, 11, 0, tzinfo=WITA),
        )

    assert refused.value.message == (
        "Berkas untuk langkah 2 belum lengkap: Disposisi Dinas. "
        "Lampirkan berkas tersebut, lalu ulangi."
    )
    assert snapshot_of(request_case) == before


def test_it_keeps_the_uploads_sent_with_a_refused_completion_and_nothing_else(demo, desk) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])
    desk.act(case, 3, "kabid.ti", docs=SOP5_DOCS[3])
    desk.act(case, 4, "kasi.aplikasi")
    before = snapshot_of(case)
    sent, still_missing = SOP5_DOCS[5][:2], SOP5_DOCS[5][2:]

    with pytest.raises(services.Invalid) as refused:
        desk.act(case, 5, "kasi.aplikasi", docs=sent)

    assert refused.value.message == (
        "Berkas untuk langkah 5 belum lengkap: "
        "Laporan Ketersediaan Infrastruktur, SDM dan anggaran, Laporan Hasil Analisis. "
        "Lampirkan berkas tersebut, lalu ulangi."
    )
    after = snapshot_of(case)
    assert (after.version, after.tasks, after.events, after.documents) == (
        before.version + 1,
        before.tasks,
        before.events + 2,
        before.documents + 2,
    )
    assert list(
        Event.objects.filter(case=case, seq__gt=before.events).values_list("kind", flat=True)
    ) == ["document.added", "document.added"]
    assert set(Document.objects.filter(case=case, step=5).values_list("name", flat=True)) == set(
        sent
    )

    desk.act(case, 5, "kasi.aplikasi", docs=still_missing)

    assert Task.objects.get(case=case, step=5).status == Task.Status.DONE
    assert Document.objects.filter(case=case, step=5).count() == 4


def test_it_refuses_a_decision_step_without_a_decision(demo, desk) -> None:
    case = sop2_opened(desk, demo.batam)
    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])
    before = snapshot_of(case)

    with pytest.raises(services.Invalid) as refused:
        desk.act(case, 3, "kabid.pe")

    assert refused.value.message == "Langkah 3 adalah keputusan: pilih 'ya' atau 'tidak'."
    assert snapshot_of(case) == before


def test_it_refuses_a_decision_on_a_step_that_is_not_one(demo, request_case, desk) -> None:
    before = snapshot_of(request_case)

    with pytest.raises(services.Invalid) as refused:
        desk.act(request_case, 2, "kadis.sumbawa", decision="ya")

    assert refused.value.message == ("Langkah 2 bukan keputusan: kirim tanpa pilihan 'ya'/'tidak'.")
    assert snapshot_of(request_case) == before


@pytest.mark.parametrize("note", ["", "   "])
def test_it_refuses_to_return_a_request_without_a_reason(demo, desk, note) -> None:
    case = sop2_opened(desk, demo.batam)
    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])
    before = snapshot_of(case)

    with pytest.raises(services.Invalid) as refused:
        desk.act(case, 3, "kabid.pe", decision="tidak", note=note)

    assert refused.value.message == (
        "Pilihan 'tidak' pada langkah 3 mengakhiri kasus (dikembalikan kepada pemohon). "
        "Tuliskan alasannya; alasan itu disampaikan kepada pemohon."
    )
    assert snapshot_of(case) == before


def test_a_non_file_output_of_a_done_step_counts_as_handed_over(demo, desk) -> None:
    """SOP 5 step 13 needs "Aplikasi", which step 12 builds and nobody uploads."""
    case = sop5_at_availability(desk, demo.sumbawa)
    desk.act(case, 6, "kabid.ti", decision="ya", docs=SOP5_DOCS[6])
    desk.act(case, 8, "kasi.aplikasi")
    desk.act(case, 9, "dev.sumbawa", docs=SOP5_DOCS[9])
    desk.act(case, 10, "dev.sumbawa", docs=SOP5_DOCS[10])
    desk.act(case, 11, "opd.bappeda", decision="ya")
    desk.act(case, 12, "dev.sumbawa", docs=SOP5_DOCS[12])

    desk.act(case, 13, "dev.sumbawa", docs=SOP5_DOCS[13])

    assert Task.objects.get(case=case, step=13).status == Task.Status.DONE
    assert not Document.objects.filter(case=case, name="Aplikasi").exists()


# --- someone else was first ---------------------------------------------------------------------


def test_it_refuses_a_stale_page_and_keeps_nothing_it_sent(demo, request_case) -> None:
    seen = request_case.version
    services.document_add(
        case=request_case,
        name="Catatan",
        upload=io.BytesIO(b"Mohon diprioritaskan."),
        filename="catatan.txt",
        actor=demo.people["opd.bappeda"],
        at=dt.datetime(2026, 3, 2, 10, 0, tzinfo=WITA),
    )
    before = snapshot_of(request_case)

    with pytest.raises(services.Conflict) as refused:
        services.task_act(
            case=request_case,
            step=2,
            actor=demo.people["kadis.sumbawa"],
            uploads=_disposition(),
            expected_version=seen,
            at=dt.datetime(2026, 3, 2, 11, 0, tzinfo=WITA),
        )

    assert refused.value.message == STALE
    assert snapshot_of(request_case) == before


def test_it_refuses_a_stale_page_without_uploads_too(demo, request_case) -> None:
    seen = request_case.version
    services.document_add(
        case=request_case,
        name=DISPOSITION,
        upload=io.BytesIO(pdf_bytes("disposisi")),
        filename="disposisi.pdf",
        actor=demo.people["kadis.sumbawa"],
        at=dt.datetime(2026, 3, 2, 10, 0, tzinfo=WITA),
    )
    before = snapshot_of(request_case)

    with pytest.raises(services.Conflict) as refused:
        services.task_act(
            case=request_case,
            step=2,
            actor=demo.people["kadis.sumbawa"],
            expected_version=seen,
            at=dt.datetime(2026, 3, 2, 11, 0, tzinfo=WITA),
        )

    assert refused.value.message == STALE
    assert snapshot_of(request_case) == before


@pytest.mark.parametrize("with_uploads", [False, True])
def test_it_refuses_a_step_already_done_and_says_by_whom(demo, request_case, with_uploads) -> None:
    kadis = demo.people["kadis.sumbawa"]
    services.task_act(
        case=request_case,
        step=2,
        actor=kadis,
        uploads=_disposition(),
        at=dt.datetime(2026, 3, 2, 10, 5, tzinfo=WITA),
    )
    before = snapshot_of(request_case)

    with pytest.raises(services.Conflict) as refused:
        services.task_act(
            case=request_case,
            step=2,
            actor=kadis,
            uploads=_disposition() if with_uploads else None,
            at=dt.datetime(2026, 3, 2, 10, 6, tzinfo=WITA),
        )

    assert refused.value.message == (
        "Langkah 2 sudah dikerjakan oleh Kepala DKISP Sumbawa pada 02-03-2026 10:05."
    )
    assert snapshot_of(request_case) == before


def test_it_refuses_any_step_of_an_ended_case(demo, desk) -> None:
    case = sop2_opened(desk, demo.batam)
    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])
    desk.act(case, 3, "kabid.pe", decision="tidak", note="Rekomendasi belum ada.")
    before = snapshot_of(case)

    with pytest.raises(services.Conflict) as refused:
        desk.act(case, 3, "kabid.pe", decision="ya")

    returned_at = Task.objects.get(case=case, step=3).done_at.astimezone(WIB)
    assert refused.value.message == (
        f"Langkah 3 sudah dikerjakan oleh Kabid PE Batam pada {returned_at:%d-%m-%Y %H:%M}."
    )
    assert snapshot_of(case) == before


# --- joint steps ----------------------------------------------------------------------------------


@pytest.fixture
def review(demo, desk: Desk) -> Case:
    """SOP 4 at step 3, the review that the Kasi and the owner agency both confirm."""
    case = desk.open(demo.batam, SOP4, "opd.disdukcapil", docs=SOP4_DOCS[1], title="SIAK")
    return desk.act(case, 2, "analis.batam", docs=SOP4_DOCS[2])


def test_a_joint_step_waits_for_every_lane_before_it_completes(demo, desk, review) -> None:
    desk.act(review, 3, "opd.disdukcapil", docs=SOP4_DOCS[3])

    step3 = Task.objects.get(case=review, step=3)
    assert (step3.status, step3.confirmed_by, step3.done_by) == (
        "terbuka",
        ["instansi-pemilik"],
        None,
    )
    assert review.state["open"][0]["confirmed_by"] == ["instansi-pemilik"]

    desk.act(review, 3, "kasi.pa")

    step3.refresh_from_db()
    assert (step3.status, step3.confirmed_by, step3.done_by.username) == (
        "selesai",
        ["instansi-pemilik", "kasi"],
        "kasi.pa",
    )
    assert list(
        Event.objects.filter(case=review, step=3).values_list("kind", "lane", "actor__username")
    ) == [
        ("step.opened", "", "analis.batam"),
        ("document.added", "", "opd.disdukcapil"),
        ("step.confirmed", "instansi-pemilik", "opd.disdukcapil"),
        ("step.completed", "kasi", "kasi.pa"),
    ]


def test_a_lane_cannot_confirm_a_joint_step_twice(demo, desk, review) -> None:
    desk.act(review, 3, "kasi.pa", docs=SOP4_DOCS[3])
    before = snapshot_of(review)

    with pytest.raises(services.Conflict) as refused:
        desk.act(review, 3, "kasi.pa")

    assert refused.value.message == "Anda sudah mengonfirmasi langkah 3."
    assert snapshot_of(review) == before


def test_another_opd_cannot_confirm_the_owner_lane_of_a_joint_step(demo, desk, review) -> None:
    before = snapshot_of(review)

    with pytest.raises(services.NotAllowed) as refused:
        desk.act(review, 3, "opd.dinkes", docs=SOP4_DOCS[3])

    assert refused.value.message == NOT_THEIR_CASE
    assert snapshot_of(review) == before
