"""Where a request stands, as its requester asks it: what its status means, who holds it now,
what comes next by the SOP, and when it should finish. Reads only; the case page shows it to
the requester and the public status page to a member of the public.

    Progress
      status_text    the status in words (waiting for the requester, in the office, ended how)
      current        the open steps: what, in whose lane, held by whom, due when
      next_steps     what follows each open step by the SOP (both ways of a decision)
      finish         when it should end, and on what that rests (``Basis``)

The expected finish is a forecast learnt from the office's past requests when one is
registered (``forecast_register``) and has enough of them: the most likely moment and one it is
four times in five done by. Otherwise it is the service deadline (``Case.service_due``, the
SOP's ``batas_waktu`` as extended) when the case has one, else what the SOP allows the rest of
the way, from now on the office's calendar (``due.expected_finish``), with the forecast's word
on why it had nothing to say (too few past requests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alur.cases.due import expected_finish
from alur.cases.models import Case, Task
from alur.cases.permissions import people_for_lane
from alur.catalog.services import definition_of
from alur.offices.calendar import calendar_for
from alur.offices.models import User
from alur.sop import CaseState, OfficeCalendar, target_step
from alur.sop import Sop as SopDefinition

PEOPLE_SHOWN = 5
"""The most people named as holding a lane; the rest are counted."""


class Basis(StrEnum):
    """What an expected finish rests on."""

    SERVICE = "layanan"
    """The service deadline the case is held to."""
    SOP = "sop"
    """The allowed times of the SOP's remaining steps, from now."""
    FORECAST = "perkiraan"
    """A forecast registered with ``forecast_register``."""


@dataclass(frozen=True)
class Finish:
    at: dt.datetime
    basis: Basis
    latest: dt.datetime | None = None
    """A forecast's late end: four past requests in five would have ended by then."""
    note: str = ""
    """Why a forecast did not answer, when one was asked."""
    deadline: dt.datetime | None = None
    """The service deadline, beside a forecast."""


@dataclass(frozen=True)
class Forecasted:
    """What a forecast says: the most likely end and the late one, or why it cannot tell."""

    likely: dt.datetime | None
    late: dt.datetime | None = None
    note: str = ""


Forecast = Callable[
    [Case, SopDefinition, OfficeCalendar, Sequence[Task], dt.datetime], Forecasted | None
]
"""A forecast of when a running case will end: the case, its SOP, the office's calendar, its
open visits and now; ``None`` when it has nothing to say (the SOP's times answer then)."""

_FORECASTS: list[Forecast] = []


def forecast_register(forecast: Forecast) -> None:
    """Ask ``forecast`` for a running case's expected finish before the SOP's own times (from
    an app's ``ready``; once, however often it is called)."""
    if forecast not in _FORECASTS:
        _FORECASTS.append(forecast)


@dataclass(frozen=True)
class Holder:
    """An open step and who holds it."""

    step: int
    text: str
    lanes: list[str]
    people: list[str]
    """The names of the people who may act on it (an office's lane; none for the requester's)."""
    more: int
    """How many more people than those named."""
    requester: bool
    """Whether it waits for the requester."""
    due: dt.datetime | None
    waiting: bool
    """Whether it waits for a related request to end."""


@dataclass(frozen=True)
class NextStep:
    step: int | None
    """``None``: the request ends there."""
    text: str
    lanes: list[str]
    when: str
    """The decision that leads there (``ya``/``tidak``), or empty."""


@dataclass(frozen=True)
class Progress:
    status_text: str
    current: list[Holder]
    next_steps: list[NextStep]
    finish: Finish | None


def progress_of(
    case: Case, *, now: dt.datetime, open_tasks: Sequence[Task] | None = None, people: bool = True
) -> Progress:
    """Where ``case`` stands at ``now``. ``open_tasks``: its open visits when the caller has
    read them (else read here); ``people``: name the people who hold each office lane (one
    query per lane), which the public status page leaves out."""
    definition = definition_of(case.sop_version)
    calendar = calendar_for(case.office)
    running = case.status == Case.Status.RUNNING
    if open_tasks is None:
        open_tasks = (
            list(Task.objects.filter(case=case, status=Task.Status.OPEN).order_by("step"))
            if running
            else []
        )
    tasks = [task for task in open_tasks if task.status == Task.Status.OPEN] if running else []
    state = CaseState.from_json(case.state)
    on = now.astimezone(calendar.zone).date()
    current = [_holder(case, definition, state, task, on, people=people) for task in tasks]
    return Progress(
        status_text=_status_text(case, current),
        current=current,
        next_steps=_next_steps(definition, tasks),
        finish=finish_of(case, definition, calendar, tasks, now) if running else None,
    )


def _holder(
    case: Case,
    definition: SopDefinition,
    state: CaseState,
    task: Task,
    on: dt.date,
    *,
    people: bool,
) -> Holder:
    step = definition.steps[task.step]
    lanes = [lane for lane in task.lanes if lane in definition.lanes]
    requester = any(definition.lanes[lane].pemohon for lane in lanes)
    names: list[str] = []
    more = 0
    office_lanes = [lane for lane in lanes if not definition.lanes[lane].pemohon]
    if people and office_lanes:
        found = people_for_lane(case, definition, office_lanes[0], on)
        for lane in office_lanes[1:]:
            found |= people_for_lane(case, definition, lane, on)
        holders = list(
            User.objects.filter(found, is_active=True)
            .distinct()
            .order_by("first_name", "last_name", "username")[: PEOPLE_SHOWN + 1]
        )
        names = [str(person) for person in holders[:PEOPLE_SHOWN]]
        more = len(holders) - len(names)
    opened = state.open_step(task.step)
    return Holder(
        step=task.step,
        text=step.uraian,
        lanes=[definition.lanes[lane].nama for lane in lanes],
        people=names,
        more=more,
        requester=requester,
        due=task.due,
        waiting=bool(opened is not None and opened.waiting),
    )


def _next_steps(definition: SopDefinition, tasks: Sequence[Task]) -> list[NextStep]:
    found: list[NextStep] = []
    seen: set[tuple[int | None, str]] = set()
    for task in tasks:
        step = definition.steps[task.step]
        if step.is_decision:
            ways = [(target_step(t), w) for w, t in (("ya", step.ya), ("tidak", step.tidak)) if t]
        else:
            ways = [(definition.next_of(step), "")]
        for no, when in ways:
            if (no, when) in seen:
                continue
            seen.add((no, when))
            if no is None or no not in definition.steps:
                found.append(NextStep(None, _("Permohonan berakhir"), [], when))
                continue
            target = definition.steps[no]
            lanes = [definition.lanes[lane].nama for lane in target.lanes]
            found.append(NextStep(no, target.uraian, lanes, when))
    return found


def finish_of(
    case: Case,
    definition: SopDefinition,
    calendar: OfficeCalendar,
    tasks: Sequence[Task],
    now: dt.datetime,
) -> Finish | None:
    """When the running ``case``, whose open visits are ``tasks``, should end (see above)."""
    note = ""
    for forecast in _FORECASTS:
        told = forecast(case, definition, calendar, tasks, now)
        if told is None:
            continue
        if told.likely is not None:
            return Finish(told.likely, Basis.FORECAST, told.late, deadline=case.service_due)
        note = note or told.note
    if case.service_due is not None:
        return Finish(case.service_due, Basis.SERVICE, note=note)
    at = expected_finish(case, definition, calendar, tasks, now)
    return None if at is None else Finish(at, Basis.SOP, note=note)


def _status_text(case: Case, current: Sequence[Holder]) -> str:
    if case.status != Case.Status.RUNNING:
        return str(ENDINGS.get(case.status, case.get_status_display()))
    if any(holder.requester for holder in current):
        return _("Menunggu tindakan pemohon")
    if any(holder.waiting for holder in current):
        return _("Menunggu permohonan terkait selesai")
    return _("Sedang diproses oleh kantor")


ENDINGS: dict[str, Promise] = {
    Case.Status.FINISHED: gettext_lazy("Selesai"),
    Case.Status.RETURNED: gettext_lazy("Dikembalikan kepada pemohon"),
    Case.Status.STOPPED: gettext_lazy("Dihentikan"),
    Case.Status.REFUSED: gettext_lazy("Ditolak"),
    Case.Status.LAPSED: gettext_lazy("Gugur: pemohon melewati batas waktunya"),
    Case.Status.WITHDRAWN: gettext_lazy("Ditarik oleh pemohon"),
}
"""An ended request's status in words."""
