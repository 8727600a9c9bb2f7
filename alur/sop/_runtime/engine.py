"""The engine: given an SOP and a case's state, what is open, who may act, and what an action does.

Deterministic and side-effect free: no I/O and no clock; every action is told its time (``at``,
aware) and returns a ``Transition`` (new state + events). A refused action raises a ``Refused``
error and the state it was given stays as it was (states are immutable values).

    start ──▶ case.started, step.opened(first)
                                   │
        ┌──────────────────────────▼───────────────────────────┐
        │ open step (visit n)                                  │
        │   memulai ──▶ related_case.requested                 │
        │      menunggu: waiting ──related_case_ended──▶ ready │
        │   joint + semua: step.confirmed per lane until last  │
        └──────────────────────────┬───────────────────────────┘
                      complete ──▶ step.completed (decision, note, data)
                                   │
          ┌────────────────────────┼─────────────────────────┬──────────────────┐
          ▼                        ▼                         ▼                  ▼
     next step              earlier step (loop)         penghubung          end branch,
     step.opened            step.opened, visit n+1      step.passed ──▶     selesai step
                                                        (nobody acts)       or last step:
                                                                            case.ended
                                                        (selesai|dikembalikan|dihentikan|ditolak)

A decision on a joint step whose policy is ``semua`` reads as a joint approval: ``ya`` needs
every lane's ``ya``, and one lane's ``tidak`` decides ``tidak`` at once, so a split never
leaves the case stuck.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Protocol

from alur.sop._definition.duration import Duration, Unit
from alur.sop._definition.model import (
    End,
    FormField,
    JointPolicy,
    Outcome,
    Output,
    Requirement,
    Sop,
    Step,
    StepKind,
    target_step,
)
from alur.sop._runtime.errors import (
    CannotMove,
    CaseAlreadyEnded,
    LaneAlreadyConfirmed,
    LaneMayNotAct,
    NaiveTime,
    NoReturnBranch,
    ReasonRequired,
    RelatedCaseProblem,
    StepNotOpen,
)
from alur.sop._runtime.flow import (
    OUTCOMES_NEEDING_REASON,
    BranchOption,
    Flow,
    read_decision,
    require_documents,
    require_fields,
    schedule_date,
)
from alur.sop._runtime.state import (
    STATUS_OF_OUTCOME,
    CaseEnd,
    CaseState,
    CaseStatus,
    Decision,
    Event,
    EventKind,
    FrozenData,
    FrozenValue,
    InputValue,
    OpenStep,
    Transition,
    freeze_data,
)


class DueCalculator(Protocol):
    """What the engine needs of an office calendar (``OfficeCalendar`` has it)."""

    def due(
        self, start: datetime, duration: Duration, scheduled: date | None = None
    ) -> datetime | None: ...


@dataclass(frozen=True, slots=True)
class OpenTask:
    """An open step as the people who act on it see it."""

    step: int
    visit: int
    kind: StepKind
    description: str
    lanes: tuple[str, ...]
    """Lanes that may still act on this visit."""
    confirmed_by: tuple[str, ...]
    policy: JointPolicy | None
    """How a joint step completes; None for a single-lane step."""
    requirements: tuple[Requirement, ...]
    outputs: tuple[Output, ...]
    fields: tuple[FormField, ...]
    options: tuple[BranchOption, ...]
    opened: datetime
    due: datetime | None
    waiting_for_related_case: bool
    related_sop: str | None
    can_return_to_requester: bool


_NO_DATA: FrozenData = MappingProxyType({})

_NEW_CASE = CaseState(
    status=CaseStatus.BERJALAN, open_steps=(), visits=MappingProxyType({}), data=_NO_DATA, seq=0
)


class _Draft:
    """The state one action is building, with the events it has produced so far.

    It copies the state's small parts (open steps, visit counters, data), never a history, so
    building it costs the same on the 50th visit of a step as on the first.
    """

    __slots__ = ("at", "data", "ended", "events", "open", "seq", "status", "visits")

    def __init__(self, state: CaseState, at: datetime) -> None:
        self.at = at
        self.status = state.status
        self.open = list(state.open_steps)
        self.visits = dict(state.visits)
        self.data: dict[str, FrozenValue] = dict(state.data)
        self.seq = state.seq
        self.ended = state.ended
        self.events: list[Event] = []

    def emit(
        self,
        kind: EventKind,
        *,
        step: int | None = None,
        visit: int | None = None,
        lane: str | None = None,
        decision: Decision | None = None,
        note: str | None = None,
        data: FrozenData = _NO_DATA,
    ) -> None:
        self.seq += 1
        event = Event(self.seq, kind, self.at, step, visit, lane, decision, note, data)
        self.events.append(event)

    def finish(self) -> Transition:
        state = CaseState(
            status=self.status,
            open_steps=tuple(self.open),
            visits=MappingProxyType(self.visits),
            data=MappingProxyType(self.data),
            seq=self.seq,
            ended=self.ended,
        )
        return Transition(state, tuple(self.events))


class Engine:
    """Runs cases of one SOP. Holds no case: every method takes a state and returns a new one."""

    def __init__(self, sop: Sop, calendar: DueCalculator) -> None:
        """Raises ``DefinitionError`` if the SOP cannot run as written."""
        self.sop = sop
        self._flow = Flow(sop)
        self._calendar = calendar

    # --- reading ------------------------------------------------------------------------

    def open_steps(self, state: CaseState) -> list[OpenTask]:
        return [self._task(opened) for opened in state.open_steps]

    def options(self, step: int) -> tuple[BranchOption, ...]:
        """The answers of a decision step (empty for other steps)."""
        return self._flow.options(step)

    # --- actions ----------------------------------------------------------------------------

    def start(self, *, at: datetime, data: Mapping[str, InputValue] | None = None) -> Transition:
        _require_aware(at)
        draft = _Draft(_NEW_CASE, at)
        recorded = freeze_data(data or {})
        draft.data.update(recorded)
        draft.emit(EventKind.CASE_STARTED, data=recorded)
        self._enter(draft, self._flow.first)
        return draft.finish()

    def complete(
        self,
        state: CaseState,
        *,
        step: int,
        lane: str,
        at: datetime,
        decision: Decision | str | None = None,
        note: str | None = None,
        data: Mapping[str, InputValue] | None = None,
        provided: Collection[str] | None = None,
    ) -> Transition:
        """Record one lane's work on an open step; the step completes when its policy is met.

        ``provided``: names of the documents handed over; when given, every document the step
        needs must be among them. ``data`` is merged into the case's data.
        """
        _require_aware(at)
        opened = self._require_open(state, step)
        definition = self._flow.step(step)
        self._require_lane(opened, definition, lane)
        if opened.waiting:
            raise RelatedCaseProblem(
                "waiting_for_related_case", step=step, sop=_related_sop(definition)
            )
        choice = read_decision(definition, decision)
        note = (note or "").strip() or None
        ending = self._flow.ending(step, choice)
        if ending in OUTCOMES_NEEDING_REASON and note is None:
            raise ReasonRequired("reason_required", step=step, decision=choice, outcome=ending)
        recorded = freeze_data(data or {})
        if provided is not None:
            require_documents(self._flow.sop, definition, provided, {**state.data, **recorded})
        draft = _Draft(state, at)
        draft.data.update(recorded)
        completes = _completes(definition, self._flow.lanes(step), opened, lane, choice)
        if completes:
            if definition.isian:
                require_fields(self._flow.sop, definition, draft.data)
            draft.open.remove(opened)
        else:
            confirmed = opened._replace(confirmed_by=(*opened.confirmed_by, lane))
            draft.open[draft.open.index(opened)] = confirmed
        draft.emit(
            EventKind.STEP_COMPLETED if completes else EventKind.STEP_CONFIRMED,
            step=step,
            visit=opened.visit,
            lane=lane,
            decision=choice,
            note=note,
            data=recorded,
        )
        if completes:
            self._leave(draft, definition, opened.visit, choice, note)
        return draft.finish()

    def return_to_requester(
        self, state: CaseState, *, step: int, lane: str, at: datetime, reason: str
    ) -> Transition:
        """Take the branch of ``step`` that returns the request (e.g. requirements incomplete)."""
        _require_aware(at)
        self._require_open(state, step)
        choice = self._flow.return_choice(step)
        if choice is None:
            raise NoReturnBranch("no_return_branch", step=step)
        return self.complete(state, step=step, lane=lane, at=at, decision=choice, note=reason)

    def related_case_ended(
        self, state: CaseState, *, step: int, at: datetime, outcome: Outcome
    ) -> Transition:
        """The related SOP's case that ``step`` waits for has ended; the step may now complete."""
        _require_aware(at)
        opened = self._require_open(state, step)
        if not opened.waiting:
            raise RelatedCaseProblem("not_waiting_for_related_case", step=step)
        draft = _Draft(state, at)
        draft.open[draft.open.index(opened)] = opened._replace(waiting=False)
        draft.emit(
            EventKind.RELATED_CASE_ENDED,
            step=step,
            visit=opened.visit,
            data=freeze_data({"outcome": Outcome(outcome).value}),
        )
        return draft.finish()

    def move_in(
        self,
        state: CaseState,
        *,
        steps: Mapping[int, int],
        at: datetime,
        details: Mapping[str, InputValue] | None = None,
    ) -> Transition:
        """The case of ``state``, run so far on another version of this SOP, continues on this
        engine's version: each open visit is closed and the step ``steps`` maps it to is opened
        (a new visit of that step). The history stays as it was; the moved visit keeps the due
        time it had, so moving never hides lateness. Recorded as one ``case.moved`` event (with
        ``details``, e.g. the versions) followed by the steps it opens.

        Refused (``CannotMove``) when an open step is unmapped, waits for a related case, or
        maps to a missing step, a connector, or the same step as another open step."""
        _require_aware(at)
        if state.ended is not None or state.status is not CaseStatus.BERJALAN:
            outcome = state.ended.outcome if state.ended else Outcome(state.status.value)
            raise CaseAlreadyEnded("case_ended", outcome=outcome)
        known = [step.no for step in self.sop.langkah]
        targets: dict[int, list[int]] = {}
        for opened in state.open_steps:
            if opened.waiting:
                raise CannotMove("move_waiting", step=opened.step)
            target = steps.get(opened.step)
            if target is None:
                raise CannotMove("move_unmapped", step=opened.step)
            if target not in known:
                raise CannotMove("move_no_step", step=opened.step, target=target, steps=known)
            if self._flow.step(target).jenis is StepKind.PENGHUBUNG:
                raise CannotMove("move_connector", step=opened.step, target=target)
            targets.setdefault(target, []).append(opened.step)
        for target, sources in targets.items():
            if len(sources) > 1:
                raise CannotMove("move_same_target", steps=sources, target=target)
        draft = _Draft(state, at)
        moved = {str(o.step): steps[o.step] for o in state.open_steps}
        draft.emit(EventKind.CASE_MOVED, data=freeze_data({**(details or {}), "steps": moved}))
        draft.open.clear()
        for opened in state.open_steps:
            target = steps[opened.step]
            visit = draft.visits.get(target, 0) + 1
            draft.visits[target] = visit
            draft.open.append(OpenStep(target, visit, at, opened.due))
            due = None if opened.due is None else opened.due.isoformat()
            data = MappingProxyType({"due": due, "moved_from": opened.step})
            draft.emit(EventKind.STEP_OPENED, step=target, visit=visit, data=data)
        return draft.finish()

    # --- moving the flow ---------------------------------------------------------------------

    def _enter(self, draft: _Draft, step: int) -> None:
        """Open ``step`` (a new visit), passing through connectors to the next real step."""
        definition = self._flow.step(step)
        visit = draft.visits.get(step, 0) + 1
        draft.visits[step] = visit
        if definition.jenis is StepKind.PENGHUBUNG:
            draft.emit(EventKind.STEP_PASSED, step=step, visit=visit)
            following = self._flow.next_of(step)
            if following is None:
                self._end(draft, step, visit, Outcome.SELESAI, None)
            else:
                self._enter(draft, following)
            return
        due = self._due(definition, draft)
        related = definition.memulai
        waiting = related is not None and related.menunggu
        draft.open.append(OpenStep(step, visit, draft.at, due, waiting=waiting))
        opened_data = MappingProxyType({"due": None if due is None else due.isoformat()})
        draft.emit(EventKind.STEP_OPENED, step=step, visit=visit, data=opened_data)
        if related is not None:
            asked = freeze_data({"sop": related.sop, "menunggu": related.menunggu})
            draft.emit(EventKind.RELATED_CASE_REQUESTED, step=step, visit=visit, data=asked)

    def _leave(
        self, draft: _Draft, definition: Step, visit: int, choice: Decision | None, note: str | None
    ) -> None:
        if choice is not None:
            branch = self._flow.branch(definition.no, choice)
            if isinstance(branch, End):
                self._end(draft, definition.no, visit, branch.akhir, note)
                return
            following = target_step(branch)
        else:
            following = self._flow.next_of(definition.no)
        if following is None:
            outcome = definition.akhir if definition.is_end else Outcome.SELESAI
            self._end(draft, definition.no, visit, outcome, note)
        else:
            self._enter(draft, following)

    @staticmethod
    def _end(draft: _Draft, step: int, visit: int, outcome: Outcome, reason: str | None) -> None:
        draft.open.clear()
        draft.status = STATUS_OF_OUTCOME[outcome]
        draft.ended = CaseEnd(step=step, outcome=outcome, reason=reason, at=draft.at)
        draft.emit(
            EventKind.CASE_ENDED,
            step=step,
            visit=visit,
            note=reason,
            data=freeze_data({"outcome": outcome.value}),
        )

    def _due(self, definition: Step, draft: _Draft) -> datetime | None:
        duration = self._flow.duration(definition.no)
        if not duration.has_deadline:
            return None
        if duration.unit is not Unit.SCHEDULED:
            return self._calendar.due(draft.at, duration)
        if definition.jadwal is None:
            return None
        scheduled = schedule_date(
            draft.data.get(definition.jadwal),
            step=definition.no,
            field=self._flow.field_labels.get(definition.jadwal, definition.jadwal),
        )
        return self._calendar.due(draft.at, duration, scheduled)

    # --- the case's side of the checks -----------------------------------------------------------

    @staticmethod
    def _require_open(state: CaseState, step: int) -> OpenStep:
        if state.ended is not None or state.status is not CaseStatus.BERJALAN:
            outcome = state.ended.outcome if state.ended else Outcome(state.status.value)
            raise CaseAlreadyEnded("case_ended", outcome=outcome)
        opened = state.open_step(step)
        if opened is None:
            raise StepNotOpen("step_not_open", step=step, open=[o.step for o in state.open_steps])
        return opened

    def _require_lane(self, opened: OpenStep, definition: Step, lane: str) -> None:
        lanes = self._flow.lanes(definition.no)
        if lane in lanes and lane not in opened.confirmed_by:
            return
        still_to_act = [
            self._flow.lane_names.get(lane_id, lane_id)
            for lane_id in lanes
            if lane_id not in opened.confirmed_by
        ]
        if lane not in lanes:
            raise LaneMayNotAct(
                "lane_not_allowed", lane=lane, step=definition.no, lanes=still_to_act
            )
        raise LaneAlreadyConfirmed(
            "already_confirmed", lane=lane, step=definition.no, waiting=still_to_act
        )

    def _task(self, opened: OpenStep) -> OpenTask:
        definition = self._flow.step(opened.step)
        return OpenTask(
            step=opened.step,
            visit=opened.visit,
            kind=definition.jenis,
            description=definition.uraian,
            lanes=tuple(lane for lane in definition.lanes if lane not in opened.confirmed_by),
            confirmed_by=opened.confirmed_by,
            policy=definition.konfirmasi if len(definition.lanes) > 1 else None,
            requirements=definition.requirements,
            outputs=definition.outputs,
            fields=tuple(definition.isian),
            options=self._flow.options(opened.step),
            opened=opened.opened,
            due=opened.due,
            waiting_for_related_case=opened.waiting,
            related_sop=_related_sop(definition),
            can_return_to_requester=self._flow.return_choice(opened.step) is not None,
        )


def _completes(
    definition: Step, lanes: tuple[str, ...], opened: OpenStep, lane: str, choice: Decision | None
) -> bool:
    """Whether this lane's confirmation completes the step (see the joint decision rule above)."""
    if len(lanes) < 2 or definition.konfirmasi is JointPolicy.SALAH_SATU:
        return True
    if choice is Decision.TIDAK:
        return True
    return not set(lanes) - set(opened.confirmed_by) - {lane}


def _require_aware(at: datetime) -> None:
    if at.utcoffset() is None:
        raise NaiveTime("naive_datetime", at=at.isoformat())


def _related_sop(definition: Step) -> str | None:
    return None if definition.memulai is None else definition.memulai.sop


__all__ = ["BranchOption", "DueCalculator", "Engine", "OpenTask"]
