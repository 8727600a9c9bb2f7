"""A case's record: events appended to its hash chain, the rows derived from them (visits, the
case's state), and the apps that follow them.

    alur.cases.services ──▶ CaseWriter: append(kind) · apply(engine transition) · close(status)
                              · save()
                              │ Event rows, hash-chained per case (alur.cases.audit)
                              │ Task rows and the case's state, kept in line with the events
                              │ OpenLane rows: the lanes of open visits still to act (the inbox)
                              └─▶ subscribers of each event's kind, in the same transaction

Only the services build a ``CaseWriter``; another app writes an event of its own into a case's
record with ``services.event_record``, and follows the case's events by subscribing to their
kind from its ``AppConfig.ready``::

    recording.subscribe("step.completed", registry_follow)      # alur/registry/apps.py

A subscriber runs inside the transaction of the change, after the event and the rows it changes
are written: when it fails, the change is refused whole, so what follows a case (registry
records, the report's rollups) is never lost and never counted twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from alur.cases.acting import ACTED_AS
from alur.cases.audit import GENESIS, chain_hash, current_key_id
from alur.cases.due import Folded, fold, opens_within
from alur.cases.history import visit_times
from alur.cases.models import Case, Event, OpenLane, Task
from alur.catalog.lanes import acting_role, role_of
from alur.catalog.models import Sop
from alur.catalog.services import definition_of
from alur.offices.calendar import calendar_for, calendar_key
from alur.offices.models import Role, User
from alur.sop import CaseState, EventKind, Transition
from alur.sop import Sop as SopDefinition

LANE_ACTS = (EventKind.STEP_CONFIRMED, EventKind.STEP_COMPLETED)
"""The engine's events of one lane's work on a step: a person acted."""

FOLD_EVERY = 16
"""Visits a running case makes before the sum of its first visits is moved on over them: the
case's page reads at most about as many visits again, whatever the length of its history."""


@dataclass(frozen=True)
class Recorded:
    """What a subscriber hears: the event just written, its case as the change leaves it, and
    the visit the event is about (its row as the event left it), if any."""

    case: Case
    event: Event
    task: Task | None = None


Subscriber = Callable[[Recorded], None]

_SUBSCRIBERS: dict[str, list[Subscriber]] = {}


def subscribe(kind: str, subscriber: Subscriber) -> None:
    """Run ``subscriber`` after every event of ``kind`` (once, however often it is called)."""
    subscribers = _SUBSCRIBERS.setdefault(kind, [])
    if subscriber not in subscribers:
        subscribers.append(subscriber)


def subscribers() -> dict[str, tuple[Subscriber, ...]]:
    """Every kind with what follows it, for checks."""
    return {kind: tuple(found) for kind, found in _SUBSCRIBERS.items()}


class CaseWriter:
    """Writes one change of one case, whose row the caller has locked (``services.case_lock``)."""

    CASE_FIELDS = ("state", "status", "closed_at", "end_reason", "last_event_hash", "version")
    """The fields of the case's row a change writes."""

    def __init__(self, case: Case, definition: SopDefinition) -> None:
        self.case = case
        self.definition = definition
        self.related_requested: list[tuple[int, str]] = []
        self.ended = False
        self._seq: int | None = None
        self._changed = False
        self._fold_dropped = False

    def append(
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
        task: Task | None = None,
    ) -> Event:
        """Append an event to the chain and tell its subscribers (``task``: the visit it is
        about, when the caller has its row). A person's event about a visit (a letter drafted
        for it, a change of its due asked) is the visit's first touch if nothing came before."""
        if actor is not None and step is not None and visit is not None:
            Task.objects.filter(
                case=self.case, step=step, visit=visit, touched_at__isnull=True
            ).update(touched_at=at)
            if task is not None and task.touched_at is None:
                task.touched_at = at
        event = self._write(
            kind,
            at=at,
            actor=actor,
            step=step,
            visit=visit,
            lane=lane,
            decision=decision,
            note=note,
            data=data or {},
        )
        _publish(Recorded(self.case, event, task))
        return event

    def apply(
        self,
        transition: Transition,
        *,
        actor: User | None,
        extra: dict[str, Any] | None = None,
        acted_as: Mapping[str, str] | None = None,
    ) -> None:
        """Record the engine's events and bring the visits and the case in line with them.

        ``acted_as``: the Plh/Plt delegation the actor acted through (``acting.acted_as``),
        recorded with the completion or confirmation of the lane they acted in.

        The case's state is the transition's before any event is told, so subscribers see the
        case as the change leaves it."""
        state = transition.state
        self.case.state = state.to_json()
        self.case.status = state.status.value
        if state.ended is not None:
            self.case.closed_at = state.ended.at
            self.case.end_reason = state.ended.reason or ""
            self.ended = True
        for engine_event in transition.events:
            data: dict[str, Any] = dict(engine_event.to_json()["data"] or {})  # type: ignore[arg-type]
            if extra and engine_event.kind is EventKind.RELATED_CASE_ENDED:
                data.update(extra)
            if acted_as and engine_event.kind in LANE_ACTS:
                data[ACTED_AS] = dict(acted_as)
            decision = engine_event.decision.value if engine_event.decision else ""
            event = self._write(
                engine_event.kind.value,
                at=engine_event.at,
                actor=actor,
                step=engine_event.step,
                visit=engine_event.visit,
                lane=engine_event.lane or "",
                decision=decision,
                note=engine_event.note or "",
                data=data,
            )
            task = self._follow(event, actor)
            _publish(Recorded(self.case, event, task))

    def close(self, status: str, *, at: dt.datetime, reason: str) -> None:
        """End the case outside its flow (``Case.Status.LAPSED``, ``Case.Status.WITHDRAWN``):
        its open visits close unworked as at any ending, and the engine's state keeps no open
        step, so nothing is offered or done on it again. Append the event that says why
        afterwards."""
        state = CaseState.from_json(self.case.state)
        self.case.state = state._replace(open_steps=()).to_json()
        self.case.status = status
        self.case.closed_at = at
        self.case.end_reason = reason
        self.ended = True
        OpenLane.objects.filter(task__case=self.case).delete()
        Task.objects.filter(case=self.case, status=Task.Status.OPEN).update(
            status=Task.Status.CLOSED
        )
        self._changed = True

    def save(self, *, keep_version: bool = False) -> None:
        """Write the case's row: its state and the head of its chain. ``version`` (what people's
        pages were built on) goes up unless the change left the case as it was for them."""
        if not self._changed:
            return
        fields = [field for field in self.CASE_FIELDS if field != "version"]
        if self._fold() or self._fold_dropped:
            fields.append("due_fold")
        if not keep_version:
            self.case.version += 1
            fields.append("version")
        self.case.save(update_fields=fields)
        self._changed = self._fold_dropped = False

    def _fold(self) -> bool:
        """Move the case's sum of its first visits (``due.Folded``) on over the visits that can
        no longer change, once ``FOLD_EVERY`` visits came after it, and when the case ends:
        a query of the visits after it, that many changes apart. Whether it moved."""
        office = self.case.office
        key = calendar_key(office)
        folded = Folded.of(self.case, key)
        visits = self.case.state.get("visits", {}) if isinstance(self.case.state, dict) else {}
        since = sum(visits.values()) - (folded.visits if folded else 0)
        if not self.ended and since < FOLD_EVERY:
            return False
        tail = visit_times(self.case, folded)
        moved = fold(self.case, self.definition, calendar_for(office), key, folded, tail)
        if moved is None or moved is folded:
            return False
        self.case.due_fold = moved.to_json()
        return True

    def _write(self, kind: str, **values: Any) -> Event:
        if self._seq is None:
            self._seq = Event.objects.filter(case=self.case).aggregate(n=Max("seq"))["n"] or 0
        self._seq += 1
        event = Event(
            case=self.case,
            seq=self._seq,
            kind=kind,
            prev_hash=self.case.last_event_hash or GENESIS,
            key_id=current_key_id(),
            **values,
        )
        event.hash = chain_hash(event.prev_hash, event)
        event.save()
        self.case.last_event_hash = event.hash
        self._changed = True
        return event

    def _follow(self, event: Event, actor: User | None) -> Task | None:
        """The visit rows the engine's ``event`` changes; the visit it is about, if any."""
        kind, step, visit, at = EventKind(event.kind), event.step, event.visit, event.at
        if kind is EventKind.STEP_OPENED and step is not None and visit is not None:
            if opens_within(self.case, at):
                self.case.due_fold = None  # added up again as the change is saved
                self._fold_dropped = True
            due = event.data.get("due")
            opened = Task.objects.create(
                case=self.case,
                sop_version_id=self.case.sop_version_id,
                step=step,
                visit=visit,
                lanes=list(self.definition.steps[step].lanes),
                opened_at=at,
                due_at=dt.datetime.fromisoformat(due) if isinstance(due, str) else None,
            )
            OpenLane.objects.bulk_create(open_lanes(opened, self.case, self.definition))
            return opened
        confirmed = kind in LANE_ACTS
        if confirmed and step is not None and visit is not None:
            task = Task.objects.get(case=self.case, step=step, visit=visit)
            if task.touched_at is None:
                task.touched_at = at
            if event.lane:
                task.confirmed_by = [*task.confirmed_by, event.lane]
            if kind is EventKind.STEP_COMPLETED:
                OpenLane.objects.filter(task=task).delete()  # the lane's own row with the rest
                task.status = Task.Status.DONE
                task.done_at = at
                # Working time in the office's calendar, so reports aggregate it in the database;
                # the part of it before the first touch is the visit's waiting.
                calendar = calendar_for(self.case.office)
                task.working_minutes = calendar.elapsed_minutes(task.opened_at, at)
                task.waiting_minutes = min(
                    task.working_minutes,
                    calendar.elapsed_minutes(task.opened_at, task.touched_at or at),
                )
                task.done_by = actor
                task.done_as = event.data.get(ACTED_AS) or {}
                task.decision = event.decision
                task.note = event.note
            elif event.lane:
                OpenLane.objects.filter(task=task, lane=event.lane).delete()
            task.save()
            return task
        if kind is EventKind.RELATED_CASE_REQUESTED and step is not None:
            self.related_requested.append((step, str(event.data["sop"])))
        elif kind is EventKind.CASE_MOVED:
            # The visits open on the version the case leaves close unworked; the engine's next
            # events open their steps on the new one.
            OpenLane.objects.filter(task__case=self.case).delete()
            Task.objects.filter(case=self.case, status=Task.Status.OPEN).update(
                status=Task.Status.CLOSED
            )
        elif kind is EventKind.CASE_ENDED:
            OpenLane.objects.filter(task__case=self.case).delete()
            Task.objects.filter(case=self.case, status=Task.Status.OPEN).update(
                status=Task.Status.CLOSED
            )
            if step is not None and visit is not None:
                return Task.objects.filter(case=self.case, step=step, visit=visit).first()
        return None


def open_lanes(task: Task, case: Case, definition: SopDefinition) -> list[OpenLane]:
    """The rows of ``task``'s lanes not yet confirmed: a requester lane with no role (and, for
    an employee's or the public's request, the one person who acts in it), any other with the
    role code that acts in it (``permissions.lanes_of`` reads the same)."""
    rows = []
    for lane_id in task.lanes:
        if lane_id in task.confirmed_by:
            continue
        lane = definition.lanes[lane_id]
        rows.append(
            OpenLane(
                task=task,
                office_id=case.office_id,
                lane=lane_id,
                role=role_of(task.sop_version_id, lane),
                requester_unit_id=case.requester_unit_id,
                requester_id=(
                    case.requester_id if lane.pemohon and case.requester_acts_alone else None
                ),
            )
        )
    return rows


def open_lanes_hand_over(sop: Sop, chosen: Mapping[str, str]) -> int:
    """Give the open lanes of ``sop``'s running cases to the roles the office now chose for
    them (``catalog.lanes.lane_roles_save``); the number of lanes that changed role."""
    changed = []
    rows = OpenLane.objects.filter(task__sop_version__sop=sop).exclude(role="")
    for row in rows.select_related("task__sop_version"):
        role = acting_role(definition_of(row.task.sop_version).lanes[row.lane], chosen)
        if row.role != role:
            row.role = role
            changed.append(row)
    OpenLane.objects.bulk_update(changed, ["role"])
    return len(changed)


def open_lanes_follow_renamed_role(
    sender: object, *, role: Role, old: str, **_kwargs: object
) -> None:
    """A role's code changed (``offices.structure.role_code_changed``): its open lanes carry
    the new code, so its people's inboxes keep them."""
    OpenLane.objects.filter(office_id=role.office_id, role=old).update(role=role.code)


def _publish(recorded: Recorded) -> None:
    for subscriber in _SUBSCRIBERS.get(recorded.event.kind, ()):
        subscriber(recorded)
