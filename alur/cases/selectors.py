"""Reads for the office's pages, each scoped by ``alur.cases.permissions``.

A case the person may not see is never returned: callers get ``None`` and answer 404. Each
function decides its own ``select_related``/``prefetch_related`` so a page costs a fixed number
of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
)

from alur.cases import permissions
from alur.cases.due import DueState, Timed, case_due, due_state
from alur.cases.history import (
    DocumentGroup,
    History,
    document_groups,
    event_rows,
    visit_rows,
    visit_times,
)
from alur.cases.models import Case, Document, Event, OpenLane, Task
from alur.catalog.lanes import chosen_roles_of
from alur.catalog.models import SopVersion, in_force_on
from alur.catalog.selectors import FlowRow, flow_rows
from alur.catalog.services import definition_of
from alur.offices.calendar import calendar_for
from alur.offices.models import User
from alur.sop import CaseState, Engine, OfficeCalendar, OpenTask, Step
from alur.sop import Sop as SopDefinition


def local_today(user: User, now: dt.datetime) -> dt.date:
    """The date in the person's office: delegations (Plh/Plt) are given in office dates."""
    if user.office is None:
        return now.date()
    return now.astimezone(calendar_for(user.office).zone).date()


def case_for(user: User, pk: int) -> Case | None:
    """The case with ``pk`` if ``user`` may see it."""
    return (
        permissions.visible_cases(user)
        .select_related(
            "office", "sop_version__sop", "requester", "requester_unit", "parent__sop_version__sop"
        )
        .filter(pk=pk)
        .first()
    )


# --- Tugas saya -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxRow:
    task: Task
    step: Step
    lanes: list[str]
    """Names of the lanes the person acts in on this task."""
    due_state: DueState
    due: dt.datetime | None = None
    """The due the step is held to now: an agreed extension, else its original target."""
    service_state: DueState = DueState.TANPA
    """How the case stands against its service deadline, if its SOP sets one."""


INBOX_PER_PAGE = 25


def my_open_lanes(user: User, *, on: dt.date) -> QuerySet[OpenLane]:
    """The lanes of open visits ``user`` may act in on day ``on``: the rule of
    ``permissions.lanes_of``, asked of the ``OpenLane`` rows (``recording.open_lanes``)."""
    if not user.is_authenticated or user.office_id is None:
        return OpenLane.objects.none()
    mine = Q(role="", requester__isnull=True, requester_unit_id=user.unit_id)
    mine |= Q(role="", requester_id=user.pk)
    if not user.is_agency_person:
        roles = permissions.role_codes(user, on)
        if roles:
            mine |= Q(role__in=sorted(roles))
    return OpenLane.objects.filter(mine, office_id=user.office_id)


def inbox(user: User, *, now: dt.datetime, page: int | str | None = 1) -> Page[InboxRow]:
    """One page of the open steps the person may act on now, by role, a Plh/Plt delegation or
    as the requesting OPD; newest first. The database picks the steps (``my_open_lanes``); due
    states are computed for the page's rows only."""
    if user.office is None:
        return Paginator(list[InboxRow](), INBOX_PER_PAGE).get_page(1)
    calendar = calendar_for(user.office)
    lanes = my_open_lanes(user, on=now.astimezone(calendar.zone).date())
    tasks = (
        Task.objects.filter(pk__in=lanes.values("task_id"))
        .select_related("case__sop_version__sop", "case__requester_unit")
        .prefetch_related(Prefetch("open_lanes", queryset=lanes.order_by("pk"), to_attr="mine"))
        .order_by("-opened_at", "-pk")
    )
    found = Paginator(tasks, INBOX_PER_PAGE).get_page(page)
    fraction = user.office.due_soon_fraction
    rows: list[InboxRow] = []
    for task in found:
        definition = definition_of(task.case.sop_version)
        mine = {row.lane for row in task.mine}
        names = [definition.lanes[lane].nama for lane in task.lanes if lane in mine]
        due = task.due
        state = due_state(calendar, opened=task.opened_at, due=due, now=now, soon_fraction=fraction)
        service = due_state(
            calendar,
            opened=task.case.opened_at,
            due=task.case.service_due,
            now=now,
            soon_fraction=fraction,
        )
        rows.append(InboxRow(task, definition.steps[task.step], names, state, due, service))
    # The page of rows keeps the tasks' paginator: only its counts are read.
    return Page(rows, found.number, cast("Paginator[InboxRow]", found.paginator))


# --- Permohonan -------------------------------------------------------------------------------


def case_list(user: User, *, status: str = "") -> QuerySet[Case]:
    cases = permissions.visible_cases(user).select_related("sop_version__sop", "requester_unit")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    return cases.order_by("-opened_at", "-pk")


def startable_versions(user: User, *, today: dt.date) -> list[SopVersion]:
    """Published SOPs of the person's office whose first step the person acts in.

    A person of a requesting OPD starts the SOPs that open in a requester lane (``pemohon``);
    an officer starts those that open in a lane whose role they hold (delegations included).
    The same rule ``services.case_open`` applies (``permissions.starting_lanes``).
    """
    if user.office_id is None or user.unit_id is None:
        return []
    versions = list(
        SopVersion.objects.filter(in_force_on(today), sop__office_id=user.office_id)
        .select_related("sop")
        .order_by("sop__name", "-number")
    )
    chosen = chosen_roles_of(version.pk for version in versions)
    return [
        version
        for version in versions
        if permissions.starting_lanes(user, definition_of(version), chosen[version.pk], today)
    ]


def startable_version(user: User, code: str, *, today: dt.date) -> SopVersion | None:
    return next((v for v in startable_versions(user, today=today) if v.sop.code == code), None)


# --- one case ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    task: Task
    lanes: list[str]
    taken_minutes: int
    allowed_minutes: int | None
    due_state: DueState
    due: dt.datetime | None = None
    """The due the visit is held to: an agreed extension, else its original target."""


def non_file_outputs(definition: SopDefinition, done_steps: Collection[int]) -> set[str]:
    """What the done steps produced that is not a file (a repository, a server, the application
    itself): it is there once its step is done, and nobody uploads it."""
    return {
        output.nama
        for step in definition.langkah
        if step.no in done_steps
        for output in step.outputs
        if not output.berkas and output.formulir is None
    }


@dataclass(frozen=True)
class CasePage:
    case: Case
    definition: SopDefinition
    calendar: OfficeCalendar
    flow: list[FlowRow]
    visits: list[Visit]
    documents: list[DocumentGroup]
    events: list[Event]
    """The case's record, oldest first: all of it, the page of it asked for in ``history``, or
    only its newest events when built with ``events_after``."""
    children: list[Case]
    open_tasks: list[OpenTask]
    lanes: set[str]
    """The lanes the person may act in on this case today."""
    today: dt.date
    """The day on the office's clock the page was built for."""
    due: dt.datetime | None = None
    """The case's own due (``alur.cases.due.case_due``)."""
    service_state: DueState = DueState.TANPA
    """How the case stands against its service deadline (``Case.service_due``)."""
    history: History | None = None
    """The part of the history shown; ``None``: all of it."""
    older_visits: int | None = None
    """Where the visits shown begin, when older ones exist: ``History.visits_before`` of the
    next part."""
    older_events: int | None = None
    """Where the events shown begin, when older ones exist: ``History.events_before``."""
    done_steps: frozenset[int] = frozenset()
    """The steps with a done visit, in all the case's history."""

    @property
    def document_names(self) -> set[str]:
        """What the case holds: its documents, and what done steps produced that is no file."""
        return {group.name for group in self.documents} | non_file_outputs(
            self.definition, self.done_steps
        )

    @property
    def data(self) -> dict[str, object]:
        return recorded_data(self.case)

    def actionable(self) -> list[OpenTask]:
        """Open steps the person may act on now (lanes not yet confirmed on a joint step)."""
        return [task for task in self.open_tasks if self.lanes & set(task.lanes)]


def held_names(case: Case, definition: SopDefinition) -> set[str]:
    """What ``case`` holds (``CasePage.document_names``) without building its page: enough to
    check a step's form before acting on it."""
    # One query: the documents' names (with no step) and the done steps (with no name).
    documents = (
        Document.objects.filter(case=case)
        .annotate(done_step=Value(None, output_field=IntegerField()))
        .values_list("name", "done_step")
        .order_by()
    )
    done = (
        Task.objects.filter(case=case, status=Task.Status.DONE)
        .annotate(document=Value("", output_field=CharField()))
        .values_list("document", "step")
        .order_by()
    )
    names: set[str] = set()
    steps: set[int] = set()
    for name, step in documents.union(done):
        if step is None:
            names.add(name)
        else:
            steps.add(step)
    return names | non_file_outputs(definition, steps)


def case_page(
    case: Case,
    user: User,
    *,
    now: dt.datetime,
    events_after: str | None = None,
    history: History | None = None,
    visits_also: Collection[tuple[int, int]] = (),
) -> CasePage:
    """Everything the case page shows, in a fixed number of queries.

    With ``history`` only that part of the visits, events and documents is read and shown (the
    open visits always, and the visits ``visits_also`` names by step and visit number); without
    it, all of them (the auditor's timeline). With ``events_after`` (the hash that ended the
    record when the person acted) only the events written since are read: the answer to an
    action appends them to the record the page already shows."""
    definition = definition_of(case.sop_version)
    calendar = calendar_for(case.office)
    open_tasks = Engine(definition, calendar).open_steps(CaseState.from_json(case.state))
    if history is None:
        shown = list(
            Task.objects.filter(case=case).select_related("done_by").order_by("opened_at", "pk")
        )
        timing: Sequence[Timed] = shown
        older_visits = None
    else:
        shown, older_visits = visit_rows(case, history.visits_before, visits_also)
        timing = visit_times(case)
    groups = document_groups(case, history)
    events, older_events = event_rows(case, history, events_after)
    children = case.children.select_related("sop_version__sop").order_by("opened_at", "pk")
    fraction = case.office.due_soon_fraction
    today = now.astimezone(calendar.zone).date()
    return CasePage(
        case=case,
        definition=definition,
        calendar=calendar,
        flow=flow_rows(definition, (task.step for task in open_tasks)),
        visits=[_visit(task, definition, calendar, now, fraction) for task in shown],
        documents=groups,
        events=events,
        children=list(children),
        open_tasks=open_tasks,
        lanes=permissions.lanes_of(user, case, definition, today),
        today=today,
        due=case_due(case, definition, calendar, timing),
        service_state=due_state(
            calendar,
            opened=case.opened_at,
            due=case.service_due,
            now=now,
            done=case.closed_at,
            soon_fraction=fraction,
        ),
        history=history,
        older_visits=older_visits,
        older_events=older_events,
        done_steps=frozenset(task.step for task in timing if task.status == Task.Status.DONE),
    )


def earlier_visits(case: Case, *, now: dt.datetime, before: int) -> tuple[list[Visit], int | None]:
    """The visits before the visit with id ``before``, for the page to add above those it
    shows; where they begin, when older ones exist."""
    definition = definition_of(case.sop_version)
    calendar = calendar_for(case.office)
    fraction = case.office.due_soon_fraction
    tasks, older = visit_rows(case, before)
    return [_visit(task, definition, calendar, now, fraction) for task in tasks], older


def _visit(
    task: Task,
    definition: SopDefinition,
    calendar: OfficeCalendar,
    now: dt.datetime,
    soon: float,
) -> Visit:
    due = task.due
    end = task.done_at or (now if task.status == Task.Status.OPEN else task.opened_at)
    return Visit(
        task=task,
        lanes=[definition.lanes[lane].nama for lane in task.lanes if lane in definition.lanes],
        taken_minutes=calendar.elapsed_minutes(task.opened_at, end),
        allowed_minutes=(
            None if task.due_at is None else calendar.elapsed_minutes(task.opened_at, task.due_at)
        ),
        due_state=due_state(
            calendar, opened=task.opened_at, due=due, now=now, done=task.done_at, soon_fraction=soon
        ),
        due=due,
    )


def document_for(user: User, *, case_pk: int, document_pk: int) -> Document | None:
    return (
        Document.objects.filter(
            pk=document_pk, case_id=case_pk, case__in=permissions.visible_cases(user)
        )
        .select_related("case")
        .first()
    )


def recorded_data(case: Case) -> dict[str, object]:
    """The case's recorded fields (its state's ``data``), read from the stored state."""
    raw = case.state.get("data")
    return dict(raw) if isinstance(raw, dict) else {}
