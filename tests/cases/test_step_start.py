"""Mulai kerjakan: a person of a step's lane records that they have started on its open visit.
The start is an event of the record and the visit's first touch, so the report counts the
visit as waiting up to it and working after; the case's version stays, so nobody's page goes
stale. Only a holder of the lane may start, once per visit, while the step is open; a refusal
writes nothing."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from casekit import WITA, Desk, snapshot_of, sop5_opened

from alur.cases.audit import verify_case, verify_rows
from alur.cases.models import Case, Event, Task
from alur.cases.services import Conflict, NotAllowed, task_act
from alur.cases.working import STARTED, starts_of, task_start
from alur.offices.models import Membership, Role, User
from alur.reports.models import StepDay
from tests.conftest import PDF

pytestmark = pytest.mark.django_db

OPENED = dt.datetime(2026, 3, 6, 15, 0, tzinfo=WITA)  # a Friday, an hour before closing
STARTED_AT = dt.datetime(2026, 3, 9, 8, 30, tzinfo=WITA)  # Monday
DONE = dt.datetime(2026, 3, 9, 9, 30, tzinfo=WITA)


@pytest.fixture
def case(demo: SimpleNamespace, settings, tmp_path) -> Case:
    """SOP 5 filed by the Bappeda's person on Friday afternoon: step 2 waits for the Kadis."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return sop5_opened(Desk(demo.people, OPENED - dt.timedelta(minutes=30)), demo.sumbawa)


def _second_kadis(demo: SimpleNamespace) -> User:
    """Another holder of the role of step 2's lane."""
    kadis = demo.people["kadis.sumbawa"]
    role = Role.objects.filter(office=demo.sumbawa, memberships__user=kadis).first()
    assert role is not None
    other = User.objects.create(username="sekretaris.sumbawa", office=demo.sumbawa, unit=kadis.unit)
    Membership.objects.create(user=other, role=role)
    return other


def test_a_start_is_recorded_and_splits_the_visit_into_waiting_and_working(demo, case) -> None:
    assert case.opened_at == OPENED
    version = Case.objects.get(pk=case.pk).version
    kadis = demo.people["kadis.sumbawa"]

    event = task_start(case=case, step=2, actor=kadis, at=STARTED_AT)

    assert (event.kind, event.step, event.visit, event.actor_id, event.at) == (
        STARTED,
        2,
        1,
        kadis.pk,
        STARTED_AT,
    )
    row = Case.objects.get(pk=case.pk)
    assert row.version == version  # nobody's open page is made stale by it
    assert Task.objects.get(case=case, step=2, visit=1).touched_at == STARTED_AT
    assert verify_case(row) is None
    assert verify_rows(row) == []

    task_act(case=row, step=2, actor=kadis, uploads={"Disposisi Dinas": (_pdf(), "d.pdf")}, at=DONE)

    visit = Task.objects.get(case=case, step=2, visit=1)
    # Friday 15.00-16.00 and Monday 08.00-08.30 untouched; 08.30-09.30 worked on.
    assert (visit.waiting_minutes, visit.working_minutes) == (90, 150)
    assert StepDay.objects.get(office=demo.sumbawa, step=2).waiting == 90


def test_each_holder_of_the_lane_starts_once_and_the_panel_lists_them_in_order(demo, case) -> None:
    kadis, other = demo.people["kadis.sumbawa"], _second_kadis(demo)
    task_start(case=case, step=2, actor=kadis, at=STARTED_AT)
    later = STARTED_AT + dt.timedelta(minutes=20)
    task_start(case=case, step=2, actor=other, at=later)
    before = snapshot_of(case)

    with pytest.raises(Conflict, match="Anda sudah mulai mengerjakan langkah 2"):
        task_start(case=case, step=2, actor=kadis, at=later)

    assert snapshot_of(case) == before
    starts = starts_of(case, {(2, 1)})
    assert [(s.step, s.visit, s.actor_id, s.at) for s in starts] == [
        (2, 1, kadis.pk, STARTED_AT),
        (2, 1, other.pk, later),
    ]
    assert Task.objects.get(case=case, step=2, visit=1).touched_at == STARTED_AT  # the first
    assert starts_of(case, set()) == []
    assert starts_of(case, {(3, 1)}) == []


def test_someone_outside_the_lane_may_not_start_and_nothing_is_written(demo, case) -> None:
    before = snapshot_of(case)

    with pytest.raises(NotAllowed, match="Langkah 2 dikerjakan oleh"):
        task_start(case=case, step=2, actor=demo.people["kabid.ti"], at=STARTED_AT)
    with pytest.raises(NotAllowed, match="tidak dapat melihat"):
        task_start(case=case, step=2, actor=demo.people["kadis.batam"], at=STARTED_AT)

    assert snapshot_of(case) == before
    assert Task.objects.get(case=case, step=2, visit=1).touched_at is None


def test_a_step_that_is_not_open_cannot_be_started(demo, case) -> None:
    kadis = demo.people["kadis.sumbawa"]
    task_act(
        case=case, step=2, actor=kadis, uploads={"Disposisi Dinas": (_pdf(), "d.pdf")}, at=DONE
    )
    before = snapshot_of(case)

    with pytest.raises(Conflict, match="Langkah 2 tidak sedang terbuka"):
        task_start(case=case, step=2, actor=kadis, at=DONE + dt.timedelta(minutes=5))

    assert snapshot_of(case) == before
    assert not Event.objects.filter(case=case, kind=STARTED).exists()


def _pdf() -> io.BytesIO:
    return io.BytesIO(PDF)
