"""Write what an action produced: events in the hash chain, task rows, the case's state.

Used only by ``alur.cases.services`` inside its transaction, with the case row locked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max

from alur.cases.audit import GENESIS, chain_hash
from alur.cases.models import Case, Event, Task
from alur.offices.calendar import calendar_for
from alur.offices.models import User
from alur.registry.services import registry_record
from alur.reports import rollups
from alur.sop import EventKind, Transition
from alur.sop import Sop as SopDefinition


class Recorder:
    def __init__(self, case: Case, definition: SopDefinition) -> None:
        self.case = case
        self.definition = definition
        self.related_requested: list[tuple[int, str]] = []
        self.ended = False
        self._seq: int | None = None
        self._changed = False
        self._finished: list[Task] = []

    def record(
        self,
        kind: str,
        *,
        at: dt.datetime,
        actor: User | None = None,
        step: int | None = None,
        visit: int | None = None,
        lane: str = "",
        decision: str = "",
        note: str = "",
        data: dict[str, Any] | None = None,
    ) -> Event:
        if self._seq is None:
            self._seq = Event.objects.filter(case=self.case).aggregate(n=Max("seq"))["n"] or 0
        self._seq += 1
        event = Event(
            case=self.case,
            seq=self._seq,
            kind=kind,
            at=at,
            actor=actor,
            step=step,
            visit=visit,
            lane=lane,
            decision=decision,
            note=note,
            data=data or {},
            prev_hash=self.case.last_event_hash or GENESIS,
        )
        event.hash = chain_hash(event.prev_hash, event)
        event.save()
        self.case.last_event_hash = event.hash
        self._changed = True
        return event

    def apply(
        self, transition: Transition, *, actor: User | None, extra: dict[str, Any] | None = None
    ) -> None:
        """Record the engine's events and bring tasks and the case in line with them."""
        was_open = self.case.closed_at is None
        for engine_event in transition.events:
            raw = engine_event.to_json()
            data: dict[str, Any] = dict(raw["data"] or {})  # type: ignore[arg-type]
            if extra and engine_event.kind is EventKind.RELATED_CASE_ENDED:
                data.update(extra)
            self.record(
                engine_event.kind.value,
                at=engine_event.at,
                actor=actor,
                step=engine_event.step,
                visit=engine_event.visit,
                lane=engine_event.lane or "",
                decision=engine_event.decision.value if engine_event.decision else "",
                note=engine_event.note or "",
                data=data,
            )
            self._follow(
                engine_event.kind,
                engine_event.step,
                engine_event.visit,
                data,
                engine_event.at,
                actor,
                engine_event.lane,
                engine_event.decision.value if engine_event.decision else "",
                engine_event.note or "",
            )
        state = transition.state
        self.case.state = state.to_json()
        self.case.status = state.status.value
        if state.ended is not None:
            self.case.closed_at = state.ended.at
            self.case.end_reason = state.ended.reason or ""
            self.ended = True
        if state.ended is not None and was_open:
            # The report's rollups: the case's outcome, and the visit that returned it.
            rollups.case_closed(self.case)
            if self.case.status == Case.Status.RETURNED:
                for task in self._finished:
                    if task.done_at == state.ended.at:
                        rollups.visit_returned(self.case, task)
        self._finished = []

    def _follow(
        self,
        kind: EventKind,
        step: int | None,
        visit: int | None,
        data: dict[str, Any],
        at: dt.datetime,
        actor: User | None,
        lane: str | None,
        decision: str,
        note: str,
    ) -> None:
        if kind is EventKind.CASE_STARTED:
            rollups.case_opened(self.case)
        elif kind is EventKind.STEP_OPENED and step is not None and visit is not None:
            due = data.get("due")
            Task.objects.create(
                case=self.case,
                step=step,
                visit=visit,
                lanes=list(self.definition.steps[step].lanes),
                opened_at=at,
                due_at=dt.datetime.fromisoformat(due) if isinstance(due, str) else None,
            )
        elif (
            kind in (EventKind.STEP_CONFIRMED, EventKind.STEP_COMPLETED)
            and step is not None
            and visit is not None
        ):
            task = Task.objects.get(case=self.case, step=step, visit=visit)
            if lane:
                task.confirmed_by = [*task.confirmed_by, lane]
            if kind is EventKind.STEP_COMPLETED:
                task.status = Task.Status.DONE
                task.done_at = at
                # Working time in the office's calendar, so reports aggregate it in the database.
                task.working_minutes = calendar_for(self.case.office).elapsed_minutes(
                    task.opened_at, at
                )
                task.done_by = actor
                task.decision = decision
                task.note = note
                definition_step = self.definition.steps[step]
                if definition_step.registri is not None:
                    state_data = {**dict(self.case.state.get("data", {})), **data}
                    registry_record(
                        case=self.case, kind=definition_step.registri, data=state_data, at=at
                    )
            task.save()
            if kind is EventKind.STEP_COMPLETED:
                rollups.visit_done(self.case, task)
                self._finished.append(task)
        elif kind is EventKind.RELATED_CASE_REQUESTED and step is not None:
            self.related_requested.append((step, str(data["sop"])))
        elif kind is EventKind.CASE_ENDED:
            Task.objects.filter(case=self.case, status=Task.Status.OPEN).update(
                status=Task.Status.CLOSED
            )

    def save_case(self) -> None:
        if not self._changed:
            return
        self.case.version += 1
        self.case.save(
            update_fields=[
                "state",
                "status",
                "version",
                "closed_at",
                "end_reason",
                "last_event_hash",
            ]
        )
        self._changed = False
