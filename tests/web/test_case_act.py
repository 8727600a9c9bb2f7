import io

from alur.cases.models import Case, Document, Event, Task
from tests.conftest import PDF

DISPOSITION_INPUT = "doc-1"  # step 2's inputs: 0 the request letter, 1 its output Disposisi Dinas


def _pdf(name: str) -> io.BytesIO:
    upload = io.BytesIO(PDF)
    upload.name = name
    return upload


def _snapshot(case: Case) -> tuple[int, int, int, int]:
    case.refresh_from_db()
    return (
        case.version,
        Event.objects.filter(case=case).count(),
        Document.objects.filter(case=case).count(),
        Task.objects.filter(case=case, status=Task.Status.OPEN).count(),
    )


def test_step_2_without_the_disposition_shows_what_is_missing_and_changes_nothing(
    client_for, sop5_case
) -> None:
    before = _snapshot(sop5_case)

    response = client_for("kadis.sumbawa").post(
        f"/permohonan/{sop5_case.pk}/langkah/2/", {"version": sop5_case.version, "note": "Segera"}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert (
        "<li>Berkas untuk langkah 2 belum lengkap: Disposisi Dinas. "
        "Lampirkan berkas tersebut, lalu ulangi.</li>"
    ) in html
    assert ">Segera</textarea>" in html
    assert _snapshot(sop5_case) == before


def test_step_2_with_the_disposition_completes_and_opens_step_3(client_for, sop5_case) -> None:
    response = client_for("kadis.sumbawa").post(
        f"/permohonan/{sop5_case.pk}/langkah/2/",
        {"version": sop5_case.version, DISPOSITION_INPUT: _pdf("disposisi.pdf")},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/permohonan/{sop5_case.pk}/"
    done = Task.objects.get(case=sop5_case, step=2)
    assert (done.status, done.done_by.username) == (Task.Status.DONE, "kadis.sumbawa")
    assert Task.objects.get(case=sop5_case, status=Task.Status.OPEN).step == 3
    assert Document.objects.get(case=sop5_case, name="Disposisi Dinas").step == 2


def test_a_person_without_the_lane_role_is_refused_and_nothing_changes(
    client_for, sop5_case
) -> None:
    before = _snapshot(sop5_case)

    response = client_for("kabid.ti").post(
        f"/permohonan/{sop5_case.pk}/langkah/2/",
        {"version": sop5_case.version, DISPOSITION_INPUT: _pdf("disposisi.pdf")},
    )

    assert response.status_code == 403
    assert (
        "Langkah 2 dikerjakan oleh Kepala Dinas; Anda tidak memegang peran itu."
        in response.content.decode()
    )
    assert _snapshot(sop5_case) == before


def test_a_person_of_another_office_gets_not_found_and_nothing_changes(
    client_for, sop5_case
) -> None:
    before = _snapshot(sop5_case)

    response = client_for("kadis.batam").post(
        f"/permohonan/{sop5_case.pk}/langkah/2/", {"version": sop5_case.version}
    )

    assert response.status_code == 404
    assert _snapshot(sop5_case) == before


def test_a_stale_page_gets_a_conflict_naming_who_did_the_step(client_for, sop5_case) -> None:
    seen = sop5_case.version
    client = client_for("kadis.sumbawa")
    client.post(
        f"/permohonan/{sop5_case.pk}/langkah/2/",
        {"version": seen, DISPOSITION_INPUT: _pdf("disposisi.pdf")},
    )
    before = _snapshot(sop5_case)

    response = client.post(f"/permohonan/{sop5_case.pk}/langkah/2/", {"version": seen})

    assert response.status_code == 409
    assert "Langkah 2 sudah dikerjakan oleh Kepala DKISP Sumbawa pada" in response.content.decode()
    assert _snapshot(sop5_case) == before


def test_an_htmx_post_gets_back_what_the_step_changed_not_the_whole_page(
    client_for, sop5_case
) -> None:
    response = client_for("kadis.sumbawa").post(
        f"/permohonan/{sop5_case.pk}/langkah/2/",
        {"version": sop5_case.version, DISPOSITION_INPUT: _pdf("disposisi.pdf")},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="tindakan-permohonan">')
    assert 'id="isi-permohonan"' not in html
    assert "<html" not in html
    assert '<div id="pesan-permohonan" hx-swap-oob="true">' in html
    assert "Langkah 2 telah diselesaikan." in html
    assert '<header id="kepala-permohonan" class="case-head card" hx-swap-oob="true">' in html
    assert '<section id="langkah" class="section" hx-swap-oob="true">' in html
    assert '<tr data-step="3" class="kind-proses current">' in html
    # The visit done is replaced, the visit opened appended; step 1's row is not sent again.
    assert (
        '<tr data-step="2" data-visit="1" class="task-selesai" id="kunjungan-2-1" '
        'hx-swap-oob="true">'
    ) in html
    assert '<tbody hx-swap-oob="beforeend:#kunjungan-baris">' in html
    assert 'id="kunjungan-3-1"' in html
    assert 'id="kunjungan-1-1"' not in html
    # The record gets the new events only; the documents come again, as the step brought one.
    assert '<tbody hx-swap-oob="beforeend:#catatan-baris">' in html
    assert 'data-kind="step.completed"' in html
    assert 'data-seq="1"' not in html
    assert '<section id="dokumen" class="section" hx-swap-oob="true">' in html
    assert "HX-Request" in response.headers["Vary"].split(", ")


def test_the_answer_reads_only_what_changed_and_knows_what_the_case_holds(
    demo, sop5_case, pdf
) -> None:
    """The answer to an action reads the visits it opened or closed and, when no document came
    with it, only the names of what the case holds: the panels it sends judge the next step's
    inputs as the whole page would."""
    from django.utils import timezone

    from alur.cases import selectors, services
    from alur.cases.history import History

    kadis = demo.people["kadis.sumbawa"]
    seen = selectors.Changes(visits={(2, 1)}, documents=False)
    case = services.task_act(
        case=sop5_case, step=2, actor=kadis, uploads={"Disposisi Dinas": pdf("disposisi")}
    )
    now = timezone.now()

    whole = selectors.case_page(case, kadis, now=now, history=History())
    answer = selectors.case_page(case, kadis, now=now, history=History(), changes=seen)

    assert answer.documents == []
    assert answer.document_names == whole.document_names
    assert "Disposisi Dinas" in answer.document_names
    assert [(v.task.step, v.task.visit) for v in answer.visits] == [(2, 1), (3, 1)]
    assert [(v.task.step, v.task.visit) for v in whole.visits] == [(1, 1), (2, 1), (3, 1)]


def test_an_incomplete_htmx_post_gets_the_errors_with_422(client_for, sop5_case) -> None:
    response = client_for("kadis.sumbawa").post(
        f"/permohonan/{sop5_case.pk}/langkah/2/",
        {"version": sop5_case.version},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert html.lstrip().startswith('<div id="isi-permohonan"')
    assert '<ul id="galat">' in html
    # The form targets the panels; the errors come with the whole content, put in its place.
    assert response.headers["HX-Retarget"] == "#isi-permohonan"
    assert response.headers["HX-Reswap"] == "outerHTML show:top"


def test_a_decision_without_a_reason_for_returning_is_refused(client_for, demo, pdf) -> None:
    from alur.cases import services

    hosting = services.case_open(
        office=demo.batam,
        sop_code="layanan-hosting-aplikasi",
        requester=demo.people["opd.dinkes"],
        title="Hosting SIMPUS",
        uploads={
            "Rekomendasi penyediaan layanan hosting aplikasi yang dikeluarkan oleh Tim Teknis "
            "Diskominfo Batam": pdf("rekomendasi"),
            "Surat penunjukan pegawai OPD sebagai pengelola/administrator aplikasi": pdf("sk"),
            "Petunjuk Instalasi Aplikasi": pdf("petunjuk"),
            "Surat Permohonan": pdf("permohonan"),
        },
    )
    services.task_act(
        case=hosting,
        step=2,
        actor=demo.people["kadis.batam"],
        uploads={"Surat Disposisi": pdf("d")},
    )
    client = client_for("kabid.pe")
    page = client.get(f"/permohonan/{hosting.pk}/").content.decode()
    assert "Ya — lanjut ke langkah 4: " in page
    assert (
        "Tidak — permohonan dikembalikan: Persyaratan permohonan hosting tidak lengkap; "
        "permohonan dikembalikan kepada Kepala OPD pemohon untuk dilengkapi."
    ) in page
    hosting.refresh_from_db()

    response = client.post(
        f"/permohonan/{hosting.pk}/langkah/3/", {"version": hosting.version, "decision": "tidak"}
    )

    assert response.status_code == 422
    assert (
        "Jawaban ini mengakhiri permohonan (permohonan dikembalikan): tuliskan alasannya di "
        "Catatan; alasan itu disampaikan kepada pemohon."
    ) in response.content.decode()
    assert Case.objects.get(pk=hosting.pk).status == Case.Status.RUNNING
