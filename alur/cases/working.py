"""Mulai kerjakan: a person of a step's lane says they have started work on the open step.

The event ``step.started`` goes into the case's record with the visit's step and number. It is
the visit's first touch when nothing came before (``CaseWriter.append`` sets
``Task.touched_at``), so the Kinerja report counts the visit as waiting up to it and as
working after it (docs/reports.md, "Where the time goes"). The panel of the step shows who
has started on it, so two holders of one role see each other's work. Starting changes nothing
the people working on the case built their pages on: the case's version stays.

    a holder of the lane ──▶ task_start ──▶ event step.started ──▶ Task.touched_at (first)
                                                                └─▶ panel: "Mulai dikerjakan"
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alur.cases.models import Case, Event
from alur.cases.recording import CaseWriter
from alur.cases.services import Conflict, case_lock, require_lane
from alur.catalog.services import definition_of
from alur.offices.models import User
from alur.sop import CaseState

STARTED = "step.started"


@dataclass(frozen=True)
class Start:
    """Who started work on an open visit, and when."""

    step: int
    visit: int
    actor_id: int
    actor: str
    at: dt.datetime


def task_start(*, case: Case, step: int, actor: User, at: dt.datetime | None = None) -> Event:
    """Record that ``actor``, who holds a lane of ``step`` yet to act, has started on its open
    visit. Refused when the step is not open, when the person's lanes have all confirmed it
    already, or when they started on this visit before."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = case_lock(case.pk)
        lanes = require_lane(locked, step, actor, at)
        opened = CaseState.from_json(locked.state).open_step(step)
        if opened is None:  # an ended case has no open step either
            raise Conflict(
                _("Langkah %(step)s tidak sedang terbuka; tidak ada yang dapat dimulai.")
                % {"step": step}
            )
        definition = definition_of(locked.sop_version)
        pending = [
            lane
            for lane in definition.steps[step].lanes
            if lane in lanes and lane not in opened.confirmed_by
        ]
        if not pending:
            raise Conflict(
                _("Anda sudah mengonfirmasi langkah %(step)s; tidak ada yang perlu dimulai.")
                % {"step": step}
            )
        if Event.objects.filter(
            case=locked, kind=STARTED, step=step, visit=opened.visit, actor=actor
        ).exists():
            raise Conflict(_("Anda sudah mulai mengerjakan langkah %(step)s.") % {"step": step})
        writer = CaseWriter(locked, definition)
        event = writer.append(
            STARTED, at=at, actor=actor, step=step, visit=opened.visit, lane=pending[0]
        )
        writer.save(keep_version=True)
    case.last_event_hash = locked.last_event_hash
    return event


def starts_of(case: Case, open_visits: set[tuple[int, int]]) -> list[Start]:
    """Who started on each of ``open_visits`` (step, visit) of ``case``, the earliest first:
    one query, none when nothing is open."""
    if not open_visits:
        return []
    events = (
        Event.objects.filter(case=case, kind=STARTED, step__in={step for step, _ in open_visits})
        .select_related("actor")
        .order_by("at", "seq")
    )
    return [
        Start(event.step, event.visit, event.actor.pk, str(event.actor), event.at)
        for event in events
        if event.actor is not None
        and event.step is not None
        and event.visit is not None
        and (event.step, event.visit) in open_visits
    ]
