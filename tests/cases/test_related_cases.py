"""A step that opens the case of a related SOP and waits for it: SOP 1 step 7 asks for hosting
(SOP 2); the plan goes on only when the hosting case has ended, however it ended."""

from __future__ import annotations

import pytest
from casekit import (
    SOP2_DOCS,
    Desk,
    snapshot_of,
    sop1_at_decision,
    sop2_from_step_2,
)

from alur.cases import permissions, services
from alur.cases.models import Case, Event, Task

APPLICATION = {"nama_aplikasi": "SIANTRE", "url": "https://antre.batam.go.id", "server": "vm-07"}


@pytest.fixture
def plan(demo, desk: Desk) -> Case:
    """Disdukcapil's development plan at step 7, which has opened a hosting case."""
    case = sop1_at_decision(desk, demo.batam)
    return desk.act(case, 6, "subkoor.pa", decision="ya")


def test_deploying_on_kominfo_servers_opens_a_hosting_case_for_the_same_opd(demo, plan) -> None:
    hosting = Case.objects.get(parent=plan)

    assert (hosting.parent_step, hosting.status, hosting.office) == (7, "berjalan", demo.batam)
    assert hosting.sop_version.sop.code == "layanan-hosting-aplikasi"
    assert hosting.title == f"Penyediaan Layanan Hosting Aplikasi untuk {plan.number}"
    assert hosting.number == "002/LAYANAN-HOSTING-APLIKASI/KOMINFO/III/2026"
    assert (hosting.requester, hosting.requester_unit) == (plan.requester, plan.requester_unit)
    assert hosting.opened_at == Task.objects.get(case=plan, step=6).done_at
    assert [(t.step, t.status) for t in Task.objects.filter(case=hosting)] == [(1, "terbuka")]
    requested = Event.objects.get(case=plan, kind="related_case.opened")
    assert (requested.step, requested.data) == (7, {"case": hosting.number, "id": hosting.pk})


def test_the_hosting_case_is_seen_by_the_requesting_opd_and_not_by_another(demo, plan) -> None:
    hosting = Case.objects.get(parent=plan)

    assert permissions.can_view(demo.people["opd.disdukcapil"], hosting)
    assert not permissions.can_view(demo.people["opd.dinkes"], hosting)


def test_the_waiting_step_is_refused_until_the_hosting_case_ends(demo, desk, plan) -> None:
    before = snapshot_of(plan)

    with pytest.raises(services.Invalid) as refused:
        desk.act(plan, 7, "subkoor.pa")

    assert refused.value.message == (
        "Langkah 7 menunggu kasus SOP terkait 'layanan-hosting-aplikasi' berakhir. "
        "Selesaikan kasus terkait itu terlebih dahulu."
    )
    assert snapshot_of(plan) == before


def test_the_plan_goes_on_when_the_hosting_case_is_finished(demo, desk, plan) -> None:
    hosting = Case.objects.get(parent=plan)
    desk.act(hosting, 1, "opd.disdukcapil", docs=SOP2_DOCS[1])
    before = snapshot_of(plan)

    sop2_from_step_2(desk, hosting, capacity="ya", application=APPLICATION)

    ended = Event.objects.get(case=plan, kind="related_case.ended")
    assert (ended.seq, ended.step, ended.visit, ended.actor, ended.data) == (
        before.events + 1,
        7,
        1,
        None,
        {"outcome": "selesai", "case": hosting.number},
    )
    assert ended.at == Case.objects.get(pk=hosting.pk).closed_at
    assert snapshot_of(plan).version == before.version + 1
    assert snapshot_of(plan).tasks == before.tasks

    desk.act(plan, 7, "subkoor.pa")

    assert [(t.step, t.status) for t in Task.objects.filter(case=plan, step__gte=7)] == [
        (7, "selesai"),
        (8, "terbuka"),
    ]


def test_the_plan_goes_on_when_the_hosting_case_is_returned(demo, desk, plan) -> None:
    hosting = Case.objects.get(parent=plan)
    desk.act(hosting, 1, "opd.disdukcapil", docs=SOP2_DOCS[1])
    desk.act(hosting, 2, "kadis.batam", docs=SOP2_DOCS[2])

    desk.act(hosting, 3, "kabid.pe", decision="tidak", note="Petunjuk instalasi belum lengkap.")

    hosting.refresh_from_db()
    assert hosting.status == Case.Status.RETURNED
    assert Event.objects.get(case=plan, kind="related_case.ended").data == {
        "outcome": "dikembalikan",
        "case": hosting.number,
    }
    desk.act(plan, 7, "subkoor.pa")
    assert Task.objects.get(case=plan, step=7).status == Task.Status.DONE
