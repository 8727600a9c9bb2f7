"""Mulai kerjakan on the case page: the step's panel offers it to the person who may act, says
who has started and since when, and takes the offer away from whoever has; the record lists the
start. Someone outside the lane is refused with the reason, and nothing is written."""

from __future__ import annotations

import re

from alur.cases.models import Case, Event, Task


def _started(case: Case) -> list[tuple[int, int | None]]:
    return list(
        Event.objects.filter(case=case, kind="step.started").values_list("step", "actor_id")
    )


def test_the_kadis_starts_step_2_and_the_panel_says_so(client_for, demo, sop5_case) -> None:
    kadis = client_for("kadis.sumbawa")
    page = kadis.get(f"/permohonan/{sop5_case.pk}/").content.decode()
    action = f'action="/permohonan/{sop5_case.pk}/langkah/2/mulai/"'
    assert action in page
    assert 'id="mulai-kerjakan-2"' in page
    assert "Mulai dikerjakan:" not in page
    version = Case.objects.get(pk=sop5_case.pk).version

    response = kadis.post(f"/permohonan/{sop5_case.pk}/langkah/2/mulai/")

    assert response.status_code == 302
    assert response["Location"] == f"/permohonan/{sop5_case.pk}/#aksi-2"
    page = kadis.get(response["Location"]).content.decode()
    assert "Tercatat: Anda mulai mengerjakan langkah 2." in page
    started = re.search(r'<p class="small" data-started>(.*?)</p>', page, re.S)
    assert started is not None
    assert "Mulai dikerjakan:" in started.group(1)
    assert str(demo.people["kadis.sumbawa"]) in started.group(1)
    assert action not in page  # started once: the offer is gone
    assert "Mulai dikerjakan</" in page  # the record's row of the event
    assert _started(sop5_case) == [(2, demo.people["kadis.sumbawa"].pk)]
    assert Task.objects.get(case=sop5_case, step=2, visit=1).touched_at is not None
    assert Case.objects.get(pk=sop5_case.pk).version == version


def test_the_inbox_says_since_when_a_step_is_worked_on(client_for, sop5_case) -> None:
    kadis = client_for("kadis.sumbawa")
    assert "data-touched" not in kadis.get("/tugas/").content.decode()

    kadis.post(f"/permohonan/{sop5_case.pk}/langkah/2/mulai/")

    row = re.search(
        rf'<tr data-case="{re.escape(sop5_case.number)}" data-step="2">(.*?)</tr>',
        kadis.get("/tugas/").content.decode(),
        re.S,
    )
    assert row is not None
    assert '<div class="muted small" data-touched>mulai dikerjakan ' in row.group(1)


def test_a_second_start_is_refused_with_the_reason(client_for, demo, sop5_case) -> None:
    kadis = client_for("kadis.sumbawa")
    kadis.post(f"/permohonan/{sop5_case.pk}/langkah/2/mulai/")

    response = kadis.post(f"/permohonan/{sop5_case.pk}/langkah/2/mulai/")

    assert response.status_code == 409
    assert "Anda sudah mulai mengerjakan langkah 2." in response.content.decode()
    assert len(_started(sop5_case)) == 1
    # A step the SOP does not have is no page at all, as for completing one.
    assert kadis.post(f"/permohonan/{sop5_case.pk}/langkah/99/mulai/").status_code == 404


def test_someone_outside_the_lane_is_refused_and_nothing_is_written(client_for, sop5_case) -> None:
    kabid = client_for("kabid.ti")
    assert "mulai-kerjakan-2" not in kabid.get(f"/permohonan/{sop5_case.pk}/").content.decode()

    response = kabid.post(f"/permohonan/{sop5_case.pk}/langkah/2/mulai/")

    assert response.status_code == 403
    assert "Langkah 2 dikerjakan oleh Kepala Dinas" in response.content.decode()
    assert _started(sop5_case) == []
    assert (
        client_for("kadis.batam").post(f"/permohonan/{sop5_case.pk}/langkah/2/mulai/").status_code
        == 404
    )


def test_the_offer_speaks_english_to_who_reads_english(client_for, sop5_case) -> None:
    kadis = client_for("kadis.sumbawa")
    kadis.post("/bahasa/setlang/", {"language": "en", "next": "/tugas/"})
    page = kadis.get(f"/permohonan/{sop5_case.pk}/").content.decode()
    assert ">Start work</button>" in page
    kadis.post(f"/permohonan/{sop5_case.pk}/langkah/2/mulai/")
    page = kadis.get(f"/permohonan/{sop5_case.pk}/").content.decode()
    assert "Recorded: you started work on step 2." in page
    assert "Work started:" in page
