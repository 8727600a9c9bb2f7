"""Run an SOP from start to end with chosen answers, each step taking exactly its allowed time.

This is how an office checks its SOP file before publishing it: which steps a request visits
for a given set of answers, when each opens and falls due, and how much working time the whole
path allows. It drives the real engine; nothing here decides the flow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from alur.sop._definition.model import FieldKind, FormField, Outcome, Sop
from alur.sop._runtime.calendar import OfficeCalendar
from alur.sop._runtime.engine import Engine, OpenTask
from alur.sop._runtime.state import CaseState, Decision, InputValue

MAX_VISITS = 1_000
"""A bound on visited steps, so answers that loop for ever stop with a clear message."""

DEFAULT_SCHEDULE_DAYS = 30
"""A date field not given is set this many calendar days after the moment it is recorded."""


@dataclass(frozen=True)
class VisitedStep:
    step: int
    visit: int
    lanes: tuple[str, ...]
    lane_names: tuple[str, ...]
    opened: dt.datetime
    due: dt.datetime | None
    done: dt.datetime
    decision: Decision | None
    allowed_minutes: int
    """Working minutes between opening and due (0 when the step has no deadline)."""
    related_sop: str | None = None


@dataclass(frozen=True)
class Simulation:
    sop: Sop
    steps: tuple[VisitedStep, ...]
    end_step: int | None
    outcome: Outcome | None
    reason: str | None
    ended: dt.datetime | None
    minutes_per_day: int
    data: Mapping[str, object] = field(default_factory=dict)
    service_due: dt.datetime | None = None
    """When the whole service is due (``batas_waktu`` from the start), if the SOP sets one."""

    @property
    def fits_service_deadline(self) -> bool | None:
        """Whether this path ends by the service's due, every step taking its full time;
        ``None`` when the SOP sets no service deadline or the path reached no end."""
        if self.service_due is None or self.ended is None:
            return None
        return self.ended <= self.service_due

    @property
    def reached_end(self) -> bool:
        return self.outcome is not None

    @property
    def total_allowed_minutes(self) -> int:
        return sum(s.allowed_minutes for s in self.steps)


class EndlessSimulation(Exception):
    """The answers given keep the case looping; it never reaches an end."""

    def __init__(self, visited: int, last_step: int) -> None:
        super().__init__(f"more than {visited} visits, last at step {last_step}")
        self.visited = visited
        self.last_step = last_step


def simulate(
    sop: Sop,
    calendar: OfficeCalendar,
    *,
    start: dt.datetime,
    answers: Mapping[int, Sequence[Decision | str]] | None = None,
    data: Mapping[str, InputValue] | None = None,
) -> Simulation:
    """Walk ``sop`` from ``start``; decision N answers ``answers[N][k]`` on visit k (else ya)."""
    engine = Engine(sop, calendar)
    service = sop.service_duration
    given = dict(data or {})
    queued = {
        step: [Decision(str(a).strip().lower()) for a in seq]
        for step, seq in (answers or {}).items()
    }
    lane_names = {lane.id: lane.nama for lane in sop.pelaksana}
    state = engine.start(at=start).state
    visited: list[VisitedStep] = []
    while state.ended is None:
        tasks = engine.open_steps(state)
        if len(visited) >= MAX_VISITS:
            raise EndlessSimulation(MAX_VISITS, tasks[0].step)
        task = tasks[0]
        done = task.due or task.opened
        decision = _answer(queued, task) if task.options else None
        state = _act(engine, state, task, done, decision, _fields(task, given, done))
        allowed = calendar.elapsed_minutes(task.opened, task.due) if task.due else 0
        visited.append(
            VisitedStep(
                step=task.step,
                visit=task.visit,
                lanes=task.lanes,
                lane_names=tuple(lane_names[lane] for lane in task.lanes),
                opened=task.opened,
                due=task.due,
                done=done,
                decision=decision,
                allowed_minutes=allowed,
                related_sop=task.related_sop,
            )
        )
    ended = state.ended
    return Simulation(
        sop=sop,
        steps=tuple(visited),
        end_step=ended.step,
        outcome=ended.outcome,
        reason=ended.reason,
        ended=ended.at,
        minutes_per_day=calendar.minutes_per_day,
        data=dict(state.data),
        service_due=None if service is None else calendar.due(start, service),
    )


def _answer(queued: dict[int, list[Decision]], task: OpenTask) -> Decision:
    pending = queued.get(task.step)
    return pending.pop(0) if pending else Decision.YA


def _act(
    engine: Engine,
    state: CaseState,
    task: OpenTask,
    at: dt.datetime,
    decision: Decision | None,
    data: Mapping[str, InputValue],
) -> CaseState:
    if task.waiting_for_related_case:
        state = engine.related_case_ended(
            state, step=task.step, at=at, outcome=Outcome.SELESAI
        ).state
    option = next((o for o in task.options if o.decision is decision), None)
    note = option.reason or "simulasi" if option is not None and option.needs_note else None
    # Every lane of a joint step confirms at the same moment; the engine completes it when its
    # policy is met, after which the step is no longer open.
    for lane in task.lanes:
        state = engine.complete(
            state, step=task.step, lane=lane, at=at, decision=decision, note=note, data=data
        ).state
        if state.open_step(task.step) is None or state.ended is not None:
            break
    return state


def _fields(
    task: OpenTask, given: Mapping[str, InputValue], at: dt.datetime
) -> dict[str, InputValue]:
    """The step's fields: the values given, and a stand-in for each required one not given."""
    values: dict[str, InputValue] = {}
    for form_field in task.fields:
        if form_field.id in given:
            values[form_field.id] = given[form_field.id]
        elif form_field.wajib:
            values[form_field.id] = _stand_in(form_field, at)
    return values


def _stand_in(form_field: FormField, at: dt.datetime) -> InputValue:
    if form_field.jenis is FieldKind.TANGGAL:
        return (at + dt.timedelta(days=DEFAULT_SCHEDULE_DAYS)).date().isoformat()
    if form_field.jenis is FieldKind.PILIHAN and form_field.pilihan:
        return form_field.pilihan[0]
    if form_field.jenis is FieldKind.DAFTAR:
        return ["(simulasi)"]
    if form_field.jenis is FieldKind.URL:
        return "https://simulasi.invalid/"
    if form_field.jenis is FieldKind.EMAIL:
        return "simulasi@simulasi.invalid"
    return "(simulasi)"
