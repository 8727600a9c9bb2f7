"""Keep the report's rollups in step with the cases, inside the transaction of the change.

``rollups_follow`` hears every case that starts, every visit finished and every case that ends
(subscribed to those events at start-up, see ``apps.py``), in the transaction that records them.
Each change INSERTs its own rows (its contribution: ``done = 1``, its minutes, ...); no row is
ever updated in a change's transaction, so two completions of the same step on the same day
never wait on each other. Readers add the rows of a key up (``SUM``, ``MAX``), and
``alur.reports.compaction`` folds the rows of each key into one now and then.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models

from alur.cases.models import Case, Task
from alur.cases.recording import Recorded
from alur.reports.buckets import bucket_of
from alur.reports.models import CaseDay, PersonDay, StepDay, StepMinutes, StepMinutesMonth


def local_day(at: dt.datetime, zone: str) -> dt.date:
    return at.astimezone(ZoneInfo(zone)).date()


def _add(
    model: type[models.Model],
    key: dict[str, Any],
    counts: dict[str, int],
    longest: dict[str, int] | None = None,
) -> None:
    """Insert the change's contribution to the row of ``key``: its ``counts`` (and the maxima
    ``longest``); an insert takes no lock another change waits on."""
    model._default_manager.create(**key, **counts, **(longest or {}))


def visit_done(case: Case, task: Task) -> None:
    """A visit finished: its step's day, its minutes' bucket, its person's day, its requesting
    unit's day."""
    if task.done_at is None:
        raise ValueError("a visit counted as done has no done_at")
    day = local_day(task.done_at, case.office.zone)
    sop_id = case.sop_version.sop_id
    minutes = task.working_minutes or 0
    waiting = task.waiting_minutes or 0
    with_due = task.due_at is not None
    on_time = task.due_at is not None and task.done_at <= task.due_at
    base = {"office_id": case.office_id, "sop_id": sop_id}
    _add(
        StepDay,
        {**base, "step": task.step, "day": day},
        {
            "done": 1,
            "with_due": int(with_due),
            "on_time": int(on_time),
            "minutes": minutes,
            "repeats": int(task.visit > 1),
            "declined": int(task.decision == "tidak"),
            "waiting": waiting,
        },
        longest={"longest": minutes},
    )
    bucket = bucket_of(minutes)
    _add(StepMinutes, {**base, "step": task.step, "day": day, "bucket": bucket}, {"visits": 1})
    _add(
        StepMinutesMonth,
        {**base, "step": task.step, "month": day.replace(day=1), "bucket": bucket},
        {"visits": 1},
    )
    _add(
        PersonDay,
        {**base, "person_id": task.done_by_id, "day": day},
        {"done": 1, "with_due": int(with_due), "on_time": int(on_time), "minutes": minutes},
    )
    _add(
        CaseDay,
        {**base, "unit_id": case.requester_unit_id, "day": day},
        {"visits": 1, "visit_minutes": minutes, "waiting": waiting},
    )


def visit_returned(case: Case, task: Task) -> None:
    """The visit just counted by ``visit_done`` ended its case as returned to the requester."""
    if task.done_at is None:
        raise ValueError("a visit counted as returned has no done_at")
    day = local_day(task.done_at, case.office.zone)
    key = {
        "office_id": case.office_id,
        "sop_id": case.sop_version.sop_id,
        "step": task.step,
        "day": day,
    }
    _add(StepDay, key, {"returned": 1})


def case_opened(case: Case) -> None:
    _add(CaseDay, _case_key(case, case.opened_at), {"opened": 1})


def case_closed(case: Case) -> None:
    if case.closed_at is None:
        raise ValueError("a case counted as closed has no closed_at")
    column = {
        Case.Status.FINISHED: "finished",
        Case.Status.RETURNED: "returned",
        Case.Status.STOPPED: "stopped",
        Case.Status.REFUSED: "refused",
        Case.Status.LAPSED: "lapsed",
        Case.Status.WITHDRAWN: "withdrawn",
    }[Case.Status(case.status)]
    counts = {column: 1}
    if case.service_due is not None:
        met = case.closed_at <= case.service_due
        counts["service_met" if met else "service_missed"] = 1
    _add(CaseDay, _case_key(case, case.closed_at), counts)


def _case_key(case: Case, at: dt.datetime) -> dict[str, Any]:
    return {
        "office_id": case.office_id,
        "sop_id": case.sop_version.sop_id,
        "unit_id": case.requester_unit_id,
        "day": local_day(at, case.office.zone),
    }


def rollups_follow(recorded: Recorded) -> None:
    """Count what the event changes: a case opened, a visit done, a case ended (and the visit
    that returned it to the requester)."""
    case, task, kind = recorded.case, recorded.task, recorded.event.kind
    if kind == "case.started":
        case_opened(case)
    elif kind == "step.completed" and task is not None:
        visit_done(case, task)
    elif kind in ("case.lapsed", "case.withdrawn"):
        case_closed(case)
    elif kind == "case.ended":
        case_closed(case)
        returned_by_visit = (
            case.status == Case.Status.RETURNED
            and task is not None
            and task.status == Task.Status.DONE
            and task.done_at == case.closed_at
        )
        if returned_by_visit and task is not None:
            visit_returned(case, task)


FOLLOWED = (
    "case.started",
    "step.completed",
    "case.ended",
    "case.lapsed",
    "case.withdrawn",
)
"""The event kinds ``rollups_follow`` is subscribed to."""
