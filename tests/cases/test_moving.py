"""Running cases moved to another version of their SOP: the dry run writes nothing, each case
moves wholly or stays with its reason, the record says so, and the case goes on by the new
version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from casekit import SOP5, WIB, Desk, sop5_at_availability, sop5_opened

from alur.cases import moving
from alur.cases.audit import verify_case
from alur.cases.models import Case, Event, OpenLane, Task, VersionMove
from alur.cases.selectors import inbox
from alur.cases.services import Invalid, NotAllowed
from alur.catalog.models import SopVersion
from alur.catalog.services import sop_version_create

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "sops" / "05-permohonan-pembuatan-aplikasi.yaml"
MOVED_AT = dt.datetime(2026, 3, 4, 9, 0, tzinfo=WIB)


def new_version(demo: SimpleNamespace) -> SopVersion:
    """SOP 5 again with step 2 worded anew: the same steps, another version."""
    text = SEED.read_text(encoding="utf-8").replace(
        "uraian: Kepala Dinas mendisposisikan surat ke Kepala Bidang TI.",
        "uraian: Kepala Dinas mendisposisikan surat permohonan ke Kepala Bidang TI.",
    )
    return sop_version_create(office=demo.sumbawa, text=text, filename="v2.yaml", publish=True)


def test_the_dry_run_shows_where_each_case_would_go_and_writes_nothing(
    demo: SimpleNamespace, desk: Desk
) -> None:
    early, later = sop5_opened(desk, demo.sumbawa), sop5_at_availability(desk, demo.sumbawa)
    target = new_version(demo)
    events = Event.objects.count()

    plan = moving.move_plan(target=target, steps=None, at=MOVED_AT)

    assert [(line.case.pk, line.problem) for line in plan] == [(early.pk, ""), (later.pk, "")]
    assert [(p.step, p.target) for p in plan[0].places] == [(2, 2)]
    assert plan[0].places[0].target_name.startswith("Kepala Dinas mendisposisikan surat permohonan")
    assert [(p.step, p.target) for p in plan[1].places] == [(6, 6)]
    assert Event.objects.count() == events
    assert set(Case.objects.values_list("sop_version", flat=True)) != {target.pk}


def test_a_moved_case_closes_its_visit_opens_the_mapped_step_and_goes_on(
    demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    old = case.sop_version
    before = Task.objects.get(case=case, status=Task.Status.OPEN)
    extended = before.due_at + dt.timedelta(days=2)  # type: ignore[operator]
    Task.objects.filter(pk=before.pk).update(changed_due_at=extended)
    target = new_version(demo)

    run = moving.cases_move(
        target=target, steps=None, actor=demo.people["admin.sumbawa"], at=MOVED_AT
    )

    assert run.report == [
        {
            "case": case.number,
            "id": case.pk,
            "from_version": old.number,
            "moved": True,
            "reason": "",
        }
    ]
    assert run.steps == {str(old.pk): {str(n): n for n in range(1, 18)}}
    case.refresh_from_db()
    assert case.sop_version == target
    closed = Task.objects.get(pk=before.pk)
    assert (closed.status, closed.sop_version) == (Task.Status.CLOSED, old)
    opened = Task.objects.get(case=case, status=Task.Status.OPEN)
    assert (opened.step, opened.visit, opened.sop_version) == (2, 2, target)
    assert (opened.due_at, opened.changed_due_at) == (before.due_at, extended)
    assert OpenLane.objects.filter(task=opened).exists()
    moved = Event.objects.get(case=case, kind="case.moved")
    assert moved.actor == demo.people["admin.sumbawa"]
    assert moved.data == {
        "from_version": old.number,
        "to_version": target.number,
        "from_version_id": old.pk,
        "to_version_id": target.pk,
        "steps": {"2": 2},
    }
    assert verify_case(case) is None
    # The Kadis finds it in the inbox and the case goes on by the new version.
    rows = inbox(demo.people["kadis.sumbawa"], now=MOVED_AT).object_list
    assert [(row.task.case_id, row.task.step) for row in rows] == [(case.pk, 2)]
    desk.now = MOVED_AT
    desk.act(case, 2, "kadis.sumbawa", docs=("Disposisi Dinas",))
    assert Task.objects.get(case=case, status=Task.Status.OPEN).sop_version == target


def test_a_case_that_cannot_move_stays_and_is_listed_with_the_reason(
    demo: SimpleNamespace, desk: Desk
) -> None:
    early, later = sop5_opened(desk, demo.sumbawa), sop5_at_availability(desk, demo.sumbawa)
    old = early.sop_version
    target = new_version(demo)
    # The administrator sends step 6 to step 99, which the new version does not have.
    steps = {old.pk: {2: 2, 6: 99}}

    run = moving.cases_move(
        target=target, steps=steps, actor=demo.people["admin.sumbawa"], at=MOVED_AT
    )

    assert [(line["id"], line["moved"]) for line in run.report] == [
        (early.pk, True),
        (later.pk, False),
    ]
    assert "Langkah 99 (tujuan langkah 6) tidak ada pada versi baru" in run.report[1]["reason"]
    later.refresh_from_db()
    assert later.sop_version == old
    assert not Event.objects.filter(case=later, kind="case.moved").exists()
    assert Task.objects.filter(case=later, status=Task.Status.OPEN, step=6).exists()
    assert VersionMove.objects.get() == run
    assert (run.moved, run.stayed) == (1, 1)


def test_only_the_office_administrator_moves_cases(demo: SimpleNamespace, desk: Desk) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    target = new_version(demo)
    for who in ("kadis.sumbawa", "admin.batam"):
        with pytest.raises(NotAllowed):
            moving.cases_move(target=target, steps=None, actor=demo.people[who], at=MOVED_AT)
    case.refresh_from_db()
    assert case.sop_version != target
    assert not VersionMove.objects.exists()


def test_a_case_already_on_the_version_is_refused(demo: SimpleNamespace, desk: Desk) -> None:
    target = new_version(demo)
    case = desk.open(
        demo.sumbawa, SOP5, "opd.bappeda", docs=("Surat Permohonan Pembuatan Aplikasi",)
    )
    assert case.sop_version == target
    with pytest.raises(Invalid, match="sudah berjalan pada versi"):
        moving.case_move(
            case=case, target=target, steps={2: 2}, actor=demo.people["admin.sumbawa"], at=MOVED_AT
        )
