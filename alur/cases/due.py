"""Due states and the case's own due, in the office's working time. Pure computation over an
``OfficeCalendar``, the SOP and the case's visits: no queries.

A visit is held to ``Task.due``: its latest agreed change (an extension or a moved plan, kept
by ``alur.deadlines``), else the target the engine set when the step opened. It is due soon when
less than the office's share (``Office.due_soon_percent``) of its allowed time is left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import takewhile
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alur.cases.models import Case, Task
from alur.sop import Duration, OfficeCalendar, Step, Unit, target_step
from alur.sop import Sop as SopDefinition

SOON_FRACTION = 0.25
"""The default: a step is due soon when less than this part of its allowed time is left."""


class Timed(Protocol):
    """What the case's due reads of a visit: a ``Task``, or its columns read lean."""

    @property
    def step(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def due_at(self) -> dt.datetime | None: ...
    @property
    def due(self) -> dt.datetime | None: ...
    @property
    def sop_version_id(self) -> int:
        """The version the visit ran on: a case moved to another version keeps its visits'."""


class Placed(Timed, Protocol):
    """A visit with where it stands in the case's order of visits (opened, then id)."""

    @property
    def pk(self) -> int: ...
    @property
    def opened_at(self) -> dt.datetime: ...


class DueState(StrEnum):
    TEPAT = "tepat"
    SEGERA = "segera"
    TERLAMBAT = "terlambat"
    TANPA = "tanpa"


DUE_STATES: dict[str, Promise] = {
    DueState.TEPAT: _("Tepat waktu"),
    DueState.SEGERA: _("Segera jatuh tempo"),
    DueState.TERLAMBAT: _("Terlambat"),
    DueState.TANPA: _("Tanpa tenggat"),
}
"""What the pages call each due state."""


def due_state(
    calendar: OfficeCalendar,
    *,
    opened: dt.datetime,
    due: dt.datetime | None,
    now: dt.datetime,
    done: dt.datetime | None = None,
    soon_fraction: float = SOON_FRACTION,
) -> DueState:
    """On time, due soon, late or without a deadline, measured in the office's working time."""
    if due is None:
        return DueState.TANPA
    moment = done or now
    if moment > due:
        return DueState.TERLAMBAT
    if done is not None:
        return DueState.TEPAT
    allowed = calendar.elapsed_minutes(opened, due)
    left = calendar.elapsed_minutes(now, due)
    if allowed <= 0:  # a deadline outside office hours: measure the wall clock instead
        allowed = int((due - opened).total_seconds() // 60)
        left = int((due - now).total_seconds() // 60)
    return DueState.SEGERA if left < allowed * soon_fraction else DueState.TEPAT


def in_office_hours(calendar: OfficeCalendar, moment: dt.datetime) -> bool:
    """Whether the office is open at ``moment``: a working day, between opening and closing."""
    local = moment.astimezone(calendar.zone)
    return (
        calendar.is_working_day(local.date()) and calendar.opens <= local.time() < calendar.closes
    )


# --- the case's own due ---------------------------------------------------------------------


@dataclass(frozen=True)
class Folded:
    """The case's first visits added up, once none of them can change again: the case's due
    after them, and what its page reads of them. Kept on the case (``Case.due_fold``) and
    moved on as the case moves (``fold``), so that the due and the page read only the visits
    after them, however long the history.

    A visit that is no longer open never changes again: its due changes only while it is open
    (``alur.deadlines``), and a visit opens after every visit already opened. What the sum
    depends on besides the visits is part of it: the SOP version they were added up on and
    the office calendar's key (``alur.offices.calendar.calendar_key``); another version or
    another calendar and the sum is not used."""

    at: dt.datetime
    """The due after them (``case_due``'s cursor)."""
    timed: bool
    """Whether any of them had an allowed time."""
    visits: int
    """How many visits were added up, oldest first."""
    opened: dt.datetime
    pk: int
    """Where they end: the last one's opening and id."""
    seen: Mapping[int, int]
    """Each step's visits among them."""
    done: Mapping[int, int]
    """Each step's latest done visit among them, by number (``latest_done_visits``)."""
    version: int
    """The SOP version they were added up on."""
    calendar: str
    """The key of the calendar they were added up by."""

    def to_json(self) -> dict[str, object]:
        return {
            "at": self.at.isoformat(),
            "timed": self.timed,
            "visits": self.visits,
            "opened": self.opened.isoformat(),
            "pk": self.pk,
            "seen": {str(step): n for step, n in self.seen.items()},
            "done": {str(step): n for step, n in self.done.items()},
            "version": self.version,
            "calendar": self.calendar,
        }

    @classmethod
    def of(cls, case: Case, calendar: str) -> Folded | None:
        """The case's kept sum, when it holds for the case's version and ``calendar``."""
        folded = cls.kept(case)
        if folded is None or folded.version != case.sop_version_id or folded.calendar != calendar:
            return None
        return folded

    @classmethod
    def kept(cls, case: Case) -> Folded | None:
        """The case's kept sum as it was written, whatever it was counted by; ``None`` when
        the case keeps none, or one this release cannot read."""
        kept = case.due_fold
        if not isinstance(kept, dict):
            return None
        try:
            return cls(
                at=dt.datetime.fromisoformat(kept["at"]),
                timed=bool(kept["timed"]),
                visits=int(kept["visits"]),
                opened=dt.datetime.fromisoformat(kept["opened"]),
                pk=int(kept["pk"]),
                seen={int(step): int(n) for step, n in kept["seen"].items()},
                done={int(step): int(n) for step, n in kept["done"].items()},
                version=int(kept["version"]),
                calendar=str(kept["calendar"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # a sum written by another release: added up again


def opens_within(case: Case, at: dt.datetime) -> bool:
    """Whether a visit opened ``at`` would sort among the visits the case's kept sum holds
    (an event recorded at an earlier moment than theirs): the sum no longer holds then."""
    kept = Folded.kept(case)
    return kept is not None and at < kept.opened


def fold(
    case: Case,
    definition: SopDefinition,
    calendar: OfficeCalendar,
    key: str,
    folded: Folded | None,
    tasks: Sequence[Placed],
) -> Folded | None:
    """``folded`` moved on over the visits of ``tasks`` (those after it, oldest first) that
    can no longer change: all of them up to the first still open."""
    if folded is None:
        cursor, timed, visits = case.opened_at, False, 0
        seen: dict[int, int] = {}
        done: dict[int, int] = {}
    else:
        cursor, timed, visits = folded.at, folded.timed, folded.visits
        seen, done = dict(folded.seen), dict(folded.done)
    closed = list(takewhile(lambda task: task.status != Task.Status.OPEN, tasks))
    if not closed:
        return folded
    steps = definition.steps
    for task in closed:
        cursor, timed = _add(case, steps, calendar, task, cursor, timed)
    _number(seen, done, closed)
    return Folded(
        at=cursor,
        timed=timed,
        visits=visits + len(closed),
        opened=closed[-1].opened_at,
        pk=closed[-1].pk,
        seen=seen,
        done=done,
        version=case.sop_version_id,
        calendar=key,
    )


def latest_done_visits(tasks: Sequence[Timed], folded: Folded | None = None) -> dict[int, int]:
    """Each step's latest done visit, by number: visits of a step are numbered in the order
    they opened, the order ``tasks`` (the visits after ``folded``) are in."""
    latest = dict(folded.done) if folded else {}
    _number(dict(folded.seen) if folded else {}, latest, tasks)
    return latest


def _number(seen: dict[int, int], done: dict[int, int], tasks: Sequence[Timed]) -> None:
    """Count ``tasks`` (oldest first) into each step's visits ``seen`` and its latest done
    visit ``done``, by number."""
    for visit in tasks:
        seen[visit.step] = seen.get(visit.step, 0) + 1
        if visit.status == Task.Status.DONE:
            done[visit.step] = seen[visit.step]


def case_due(
    case: Case,
    definition: SopDefinition,
    calendar: OfficeCalendar,
    tasks: Sequence[Timed],
    folded: Folded | None = None,
) -> dt.datetime | None:
    """The case's due: from its opening, the allowed time of every visit so far (agreed
    extensions included), then the longest way from the open steps to an end. ``tasks``: its
    visits, oldest first; with ``folded``, only those after it.

    Loops back to an earlier step are not planned for: a visit made again adds its allowed time
    when it happens. ``None`` when no step on the way has a time.
    """
    cursor, timed = (folded.at, folded.timed) if folded else (case.opened_at, False)
    steps = definition.steps  # a dict built on each call of the property: once here
    for task in tasks:
        cursor, timed = _add(case, steps, calendar, task, cursor, timed)
    if case.status == Case.Status.RUNNING:
        open_steps = [t.step for t in tasks if t.status == Task.Status.OPEN]
        cursor, rest_timed = _rest(case, definition, calendar, open_steps, cursor)
        timed = timed or rest_timed
    return cursor if timed else None


def _add(
    case: Case,
    steps: Mapping[int, Step],
    calendar: OfficeCalendar,
    task: Timed,
    cursor: dt.datetime,
    timed: bool,
) -> tuple[dt.datetime, bool]:
    """``cursor`` moved by one visit's allowed time."""
    effective = task.due
    if task.sop_version_id != case.sop_version_id:
        # A visit made on the version the case has left: its own due stands for its time.
        return (max(cursor, effective), True) if effective is not None else (cursor, timed)
    duration = steps[task.step].duration
    if duration.unit is Unit.SCHEDULED:
        return (max(cursor, effective), True) if effective is not None else (cursor, timed)
    if not duration.has_deadline:
        return cursor, timed
    cursor = _after(calendar, cursor, duration)
    if effective is not None and task.due_at is not None and effective > task.due_at:
        cursor = calendar.add_office_minutes(
            cursor, calendar.elapsed_minutes(task.due_at, effective)
        )
    return cursor, True


def _rest(
    case: Case,
    definition: SopDefinition,
    calendar: OfficeCalendar,
    open_steps: Sequence[int],
    cursor: dt.datetime,
) -> tuple[dt.datetime, bool]:
    """``cursor`` moved by the allowed time of every step on the longest way from the open
    steps to an end (a scheduled step to its planned date), and whether any of them had one."""
    data = case.state.get("data", {}) if isinstance(case.state, dict) else {}
    longest = max((_longest_after(definition, no) for no in open_steps), key=len, default=())
    timed = False
    steps = definition.steps  # a dict built on each call of the property: once here
    for no in longest:
        step = steps[no]
        duration = step.duration
        if duration.unit is Unit.SCHEDULED:
            planned = data.get(step.jadwal) if step.jadwal else None
            if isinstance(planned, str):
                try:
                    day = dt.date.fromisoformat(planned[:10])
                except ValueError:
                    continue
                cursor, timed = max(cursor, calendar.end_of_day(day)), True
        elif duration.has_deadline:
            cursor, timed = _after(calendar, cursor, duration), True
    return cursor, timed


def _after(calendar: OfficeCalendar, start: dt.datetime, duration: Duration) -> dt.datetime:
    due = calendar.due(start, duration)
    return start if due is None else due


def _weight(duration: Duration, minutes_per_day: int = 480) -> int:
    if duration.unit in (Unit.WORKING_DAYS, Unit.CALENDAR_DAYS):
        return duration.amount * minutes_per_day
    return duration.office_minutes


def _longest_after(definition: SopDefinition, step_no: int) -> tuple[int, ...]:
    """The steps after ``step_no`` on the forward path with the most allowed time. Steps point
    forward to higher numbers except on loops, so going forward only is a DAG, walked once
    from the last step back."""
    steps = definition.steps
    weight = {no: _weight(step.duration) for no, step in steps.items()}
    best: dict[int, tuple[int, tuple[int, ...]]] = {}
    for no in sorted(steps, reverse=True):
        step = steps[no]
        if step.is_decision:
            targets = [target_step(b) for b in (step.ya, step.tidak) if b is not None]
        else:
            targets = [definition.next_of(step)]
        tails = [best[t] for t in targets if t is not None and t > no and t in best]
        length, tail = max(tails, default=(0, ()))
        best[no] = (weight[no] + length, (no, *tail))
    return best.get(step_no, (0, (step_no,)))[1][1:]


# --- what is left of a running case, from now -----------------------------------------------


def expected_finish(
    case: Case,
    definition: SopDefinition,
    calendar: OfficeCalendar,
    open_tasks: Sequence[Timed],
    now: dt.datetime,
) -> dt.datetime | None:
    """When a running case should end, by the SOP alone, counted from ``now`` on the office's
    calendar: the open steps' own dues (agreed extensions included; one past is counted as
    ``now``), then the allowed time of every step on the longest way from them to an end.
    ``None`` when none of that has a time. The service deadline, when the SOP sets one, is the
    caller's to prefer (``alur.cases.progress``)."""
    cursor, timed = now, False
    for task in open_tasks:
        if task.due is not None:
            cursor, timed = max(cursor, task.due), True
    cursor, rest_timed = _rest(case, definition, calendar, [t.step for t in open_tasks], cursor)
    return cursor if timed or rest_timed else None


def allowed_minutes(definition: SopDefinition, minutes_per_day: int) -> int | None:
    """The office time the SOP allows a request on its longest way from the first step to an
    end: its steps' allowed times added up (a day as ``minutes_per_day``). ``None`` when no
    step on the way has a time, or when a step waits for a scheduled date."""
    first = definition.first_step
    total, timed = 0, False
    for no in (first.no, *_longest_after(definition, first.no)):
        duration = definition.steps[no].duration
        if duration.unit is Unit.SCHEDULED:
            return None
        if duration.has_deadline:
            total, timed = total + _weight(duration, minutes_per_day), True
    return total if timed else None
