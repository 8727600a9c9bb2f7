"""The service layer notes each visit's first touch and, when it finishes, its waiting: the
office minutes from its opening to that touch (the rest of its working time is its work)."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from alur.cases import services
from alur.cases.models import Case, Task
from alur.reports.models import CaseDay, StepDay
from tests.conftest import PDF

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
FRIDAY = dt.datetime(2026, 3, 6, 15, 0, tzinfo=WITA)
MONDAY = dt.datetime(2026, 3, 9, 8, 30, tzinfo=WITA)
DONE = dt.datetime(2026, 3, 9, 9, 30, tzinfo=WITA)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _pdf() -> tuple[io.BytesIO, str]:
    return io.BytesIO(PDF), "berkas.pdf"


def _opened(demo) -> Case:
    return services.case_open(
        office=demo.sumbawa,
        sop_code="permohonan-pembuatan-aplikasi",
        requester=demo.people["opd.bappeda"],
        title="Aplikasi e-Perencanaan",
        uploads={"Surat Permohonan Pembuatan Aplikasi": _pdf()},
        at=FRIDAY,
    )


def _noted(case: Case, at: dt.datetime, actor: object) -> None:
    """An event of another app about step 2's visit (as a letter drafted for it is)."""
    with transaction.atomic():
        locked = services.case_lock(case.pk)
        task = Task.objects.get(case=locked, step=2, visit=1)
        services.event_record(
            case=locked, kind="uji.langkah.dicatat", at=at, actor=actor, task=task, data={}
        )


def _complete(demo, case: Case) -> Task:
    services.task_act(
        case=case,
        step=2,
        actor=demo.people["kadis.sumbawa"],
        uploads={"Disposisi Dinas": _pdf()},
        at=DONE,
    )
    return Task.objects.get(case=case, step=2, visit=1)


def test_a_persons_first_event_on_a_visit_ends_its_waiting(demo) -> None:
    case = _opened(demo)
    _noted(case, MONDAY, demo.people["kadis.sumbawa"])
    _noted(case, DONE - dt.timedelta(minutes=10), demo.people["kabid.ti"])

    visit = _complete(demo, case)

    # Friday 15.00-16.00 and Monday 08.00-08.30 untouched; 08.30-09.30 worked on.
    assert (visit.touched_at, visit.waiting_minutes, visit.working_minutes) == (MONDAY, 90, 150)
    step_day = StepDay.objects.get(office=demo.sumbawa, step=2)
    assert (step_day.minutes, step_day.waiting) == (150, 90)
    unit_day = CaseDay.objects.get(office=demo.sumbawa, visits=1, visit_minutes=150)
    assert (unit_day.unit_id, unit_day.waiting) == (case.requester_unit_id, 90)


def test_an_event_of_nobody_does_not_touch_a_visit(demo) -> None:
    case = _opened(demo)
    _noted(case, MONDAY, None)

    visit = _complete(demo, case)

    # Untouched until its completion: all of its working time was waiting.
    assert (visit.touched_at, visit.waiting_minutes, visit.working_minutes) == (DONE, 150, 150)
