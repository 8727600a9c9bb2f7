"""Completions that touch different cases never wait on each other: the case is locked, not the
office, and the report's rollups are inserted, never updated, in the change's transaction.

One case's completion is held open (its case row locked, its visit and rollup rows written and
uncommitted) while another case of the same office, SOP and step completes, and while a new
request of the same office opens, each on a connection that gives up on a lock after 2 seconds.
Needs PostgreSQL, where the connections really run side by side."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from alur.cases import services
from alur.cases.models import Case, Task
from alur.reports.models import StepDay
from tests.cases.casekit import SOP5, SOP5_DOCS, WITA, Desk
from tests.cases.heldkit import held_open, without_waiting
from tests.reports.rollupkit import kept_and_rebuilt

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite lets one transaction write at a time, by design",
)

MORNING = dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA)


def _dispose(demo: object, case: Case, at: dt.datetime) -> object:
    return services.task_act(
        case=Case(pk=case.pk),
        step=2,
        actor=demo.people["kadis.sumbawa"],  # type: ignore[attr-defined]
        uploads=Desk.uploads(SOP5_DOCS[2]),
        at=at,
    )


def test_a_case_completes_while_another_case_of_its_office_and_step_is_held(
    transactional_db, demo
) -> None:
    desk = Desk(demo.people, MORNING)
    first = desk.open(demo.sumbawa, SOP5, "opd.bappeda", docs=SOP5_DOCS[1])
    second = desk.open(demo.sumbawa, SOP5, "opd.bappeda", docs=SOP5_DOCS[1])
    at = MORNING + dt.timedelta(hours=3)

    with held_open(lambda: _dispose(demo, first, at)) as held:
        meanwhile = without_waiting(lambda: _dispose(demo, second, at + dt.timedelta(minutes=1)))
        still_open = Task.objects.filter(case=first, step=2, status=Task.Status.OPEN).exists()

    assert isinstance(meanwhile, Case), meanwhile
    assert still_open  # the held completion was not committed when the other one finished
    assert [type(result) for result in held] == [Case]
    kept, rebuilt = kept_and_rebuilt(demo.sumbawa)
    assert kept == rebuilt
    assert dict(StepDay.objects.filter(office=demo.sumbawa).values_list("step", "done")) == {
        1: 2,
        2: 2,
    }


def test_a_request_opens_while_a_completion_of_its_office_is_held(transactional_db, demo) -> None:
    desk = Desk(demo.people, MORNING)
    first = desk.open(demo.sumbawa, SOP5, "opd.bappeda", docs=SOP5_DOCS[1])
    at = MORNING + dt.timedelta(hours=3)

    with held_open(lambda: _dispose(demo, first, at)) as held:
        opened = without_waiting(
            lambda: services.case_open(
                office=demo.sumbawa,
                sop_code=SOP5,
                requester=demo.people["opd.bappeda"],
                title="Aplikasi antrean",
                uploads=Desk.uploads(SOP5_DOCS[1]),
                at=at,
            )
        )

    assert isinstance(opened, Case), opened
    assert [type(result) for result in held] == [Case]
    kept, rebuilt = kept_and_rebuilt(demo.sumbawa)
    assert kept == rebuilt
