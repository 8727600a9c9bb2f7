"""Reads for the office's pages, each scoped by ``alur.cases.permissions``.

A case the person may not see is never returned: callers get ``None`` and answer 404. Each
function decides its own ``select_related``/``prefetch_related`` so a page costs a fixed number
of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alur.cases import permissions
from alur.cases.due import DueState, Folded, Timed, case_due, due_state, latest_done_visits
from alur.cases.filled import FilledForm, filled_forms, forms_filled_at
from alur.cases.history import (
    DocumentGroup,
    History,
    changed_visit_rows,
    document_groups,
    event_rows,
    visit_rows,
    visit_times,
)
from alur.cases.models import Case, Document, Event, OpenLane, Task
from alur.cases.progress import Finish, finish_of
from alur.cases.search import cases_matching
from alur.catalog.lanes import chosen_roles_of
from alur.catalog.models import Sop, SopVersion, in_force_on
from alur.catalog.selectors import FlowRow, flow_rows
from alur.catalog.services import definition_of
from alur.common.errors import NotAllowed
from alur.common.reuse import answers_kept, remembered
from alur.offices.calendar import calendar_for, calendar_key
from alur.offices.models import Office, Role, User
from alur.sop import CaseState, Engine, OfficeCalendar, OpenTask, Step
from alur.sop import Sop as SopDefinition


def local_today(user: User, now: dt.datetime) -> dt.date:
    """The date in the person's office: delegations (Plh/Plt) are given in office dates."""
    if user.office is None:
        return now.date()
    return now.astimezone(calendar_for(user.office).zone).date()


def case_for(user: User, pk: int) -> Case | None:
    """The case with ``pk`` if ``user`` may see it.

    Its office, SOP and requester come in the same query, and no more: with the joins of
    the case that opened it (and that one's SOP) PostgreSQL took 3.6 ms to plan the query,
    against 0.5 ms without them and 0.14 ms to run it; the page reads the opening case with
    the cases it opened (``case_page``)."""
    return (
        permissions.visible_cases(user)
        .select_related("office", "sop_version__sop", "requester", "requester_unit")
        .filter(pk=pk)
        .order_by()
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
    finish: Finish | None = None
    """When the case should end (``progress.finish_of``), from this open step."""


INBOX_PER_PAGE = 25


class DueFilter(StrEnum):
    """How the inbox may be narrowed by due: each a comparison of the visit's stored due
    (``Task.due``) with now, so the database answers it (``alur.cases.due`` measures "due
    soon" in the office's working time, which SQL cannot)."""

    LATE = "terlambat"
    NOT_YET = "belum"
    NONE = "tanpa"


DUE_FILTERS: dict[str, Promise] = {
    DueFilter.LATE: gettext_lazy("Terlambat"),
    DueFilter.NOT_YET: gettext_lazy("Belum lewat tenggat"),
    DueFilter.NONE: gettext_lazy("Tanpa tenggat"),
}


@dataclass(frozen=True)
class InboxFilters:
    """What the inbox is narrowed to: an SOP's code, a ``DueFilter``; empty is all. A value
    that is neither (a hand-edited address) narrows nothing."""

    sop: str = ""
    due: str = ""

    @classmethod
    def asked(cls, query: Mapping[str, str]) -> InboxFilters:
        """The filters of a page's address: ``?sop=<code>&tenggat=<DueFilter>``."""
        due = query.get("tenggat", "")
        known = due in {choice.value for choice in DueFilter}
        # No SOP code holds a NUL character, and PostgreSQL would refuse the query with one.
        sop = query.get("sop", "").replace("\x00", "")[:64]
        return cls(sop=sop, due=due if known else "")

    def __bool__(self) -> bool:
        return bool(self.sop or self.due)


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


def inbox(
    user: User,
    *,
    now: dt.datetime,
    page: int | str | None = 1,
    filters: InboxFilters = InboxFilters(),
) -> Page[InboxRow]:
    """One page of the open steps the person may act on now, by role, a Plh/Plt delegation or
    as the requesting OPD; the most urgent first (``_task_page``). The database picks, narrows
    and orders the steps (``my_open_lanes``); due states are computed for the page's rows
    only."""
    if user.office is None:
        return Paginator(list[InboxRow](), INBOX_PER_PAGE).get_page(1)
    calendar = calendar_for(user.office)
    lanes = my_open_lanes(user, on=now.astimezone(calendar.zone).date())
    return _task_page(user.office, lanes, now=now, page=page, filters=filters)


def lane_inbox(
    user: User,
    role_code: str,
    *,
    now: dt.datetime,
    page: int | str | None = 1,
    filters: InboxFilters = InboxFilters(),
) -> Page[InboxRow] | None:
    """One page of the open steps in the lanes of the role ``role_code`` of the person's office,
    the most urgent first, for one who holds or heads that role today
    (``permissions.overseen_roles``); each row names the lanes of that role. ``None`` when the
    office has no such role; refused (``NotAllowed``) to anyone else of the office."""
    if user.office is None:
        return None
    role = Role.objects.filter(office=user.office, code=role_code).first()
    if role is None:
        return None
    today = now.astimezone(calendar_for(user.office).zone).date()
    if role_code not in permissions.overseen_roles(user, today):
        raise NotAllowed(
            _("Anda tidak memegang atau membawahi peran %(role)s.") % {"role": role.name}
        )
    lanes = OpenLane.objects.filter(office=user.office, role=role_code)
    return _task_page(user.office, lanes, now=now, page=page, filters=filters)


def inbox_sops(user: User) -> list[tuple[str, str]]:
    """The SOPs of the person's office, as (code, name), for the inbox's filter."""
    if user.office_id is None:
        return []
    return list(Sop.objects.filter(office_id=user.office_id).values_list("code", "name"))


def _task_page(
    office: Office,
    lanes: QuerySet[OpenLane],
    *,
    now: dt.datetime,
    page: int | str | None,
    filters: InboxFilters,
) -> Page[InboxRow]:
    """The page of the open visits ``lanes`` name, each with the names of those lanes.

    Ordered by the due each visit is held to, earliest first: the late ones (due before now)
    come first, the longest late at the top, then those due next; visits without a due last.
    Of the same due, the one waiting longest first. The order is on the stored due
    (``Task.changed_due_at`` else ``due_at``), so it is SQL and pages like any other."""
    calendar = calendar_for(office)
    tasks = (
        Task.objects.filter(pk__in=lanes.values("task_id"))
        .annotate(held_due=Coalesce("changed_due_at", "due_at"))
        .select_related("case__sop_version__sop", "case__requester_unit")
        .prefetch_related(Prefetch("open_lanes", queryset=lanes.order_by("pk"), to_attr="mine"))
        .order_by(F("held_due").asc(nulls_last=True), "opened_at", "pk")
    )
    if filters.sop:
        tasks = tasks.filter(case__sop_version__sop__code=filters.sop)
    if filters.due == DueFilter.LATE:
        tasks = tasks.filter(held_due__lt=now)
    elif filters.due == DueFilter.NOT_YET:
        tasks = tasks.filter(held_due__gte=now)
    elif filters.due == DueFilter.NONE:
        tasks = tasks.filter(held_due__isnull=True)
    found = Paginator(tasks, INBOX_PER_PAGE).get_page(page)
    fraction = office.due_soon_fraction
    rows: list[InboxRow] = []
    with answers_kept():  # the forecasts' key, read once for the page's rows
        for task in found:
            mine = {row.lane for row in task.mine}
            rows.append(_inbox_row(task, mine, calendar, fraction, now))
    # The page of rows keeps the tasks' paginator: only its counts are read.
    return Page(rows, found.number, cast("Paginator[InboxRow]", found.paginator))


def _inbox_row(
    task: Task, mine: set[str], calendar: OfficeCalendar, fraction: float, now: dt.datetime
) -> InboxRow:
    """One open step of the page: ``mine`` the lanes of it the page is for."""
    definition = definition_of(task.case.sop_version)
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
    finish = finish_of(task.case, definition, calendar, [task], now)
    return InboxRow(task, definition.steps[task.step], names, state, due, service, finish)


# --- Permohonan -------------------------------------------------------------------------------


def case_list(user: User, *, status: str = "", search: str = "") -> QuerySet[Case]:
    """The cases the person may see, newest first; of a status, matching a search
    (``alur.cases.search``: the number, the perihal, the requester)."""
    cases = permissions.visible_cases(user).select_related("sop_version__sop", "requester_unit")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    return cases_matching(cases, search).order_by("-opened_at", "-pk")


def startable_versions(user: User, *, today: dt.date) -> list[SopVersion]:
    """Published SOPs of the person's office whose first step the person acts in.

    A person of a requesting OPD starts the SOPs that open in a requester lane (``pemohon``);
    an officer starts those that open in a lane whose role they hold (delegations included).
    The same rule ``services.case_open`` applies (``permissions.starting_lanes``).
    """
    office_id = user.office_id
    if office_id is None or user.unit_id is None:
        return []
    # Asked by the menu of every page and again by the new-request page: once per request.
    key = ("cases.startable", user.pk, today)
    return list(remembered(key, lambda: _startable(user, office_id, today)))


def _startable(user: User, office_id: int, today: dt.date) -> tuple[SopVersion, ...]:
    versions = list(
        SopVersion.objects.filter(in_force_on(today), sop__office_id=office_id)
        .select_related("sop")
        .order_by("sop__name", "-number")
    )
    chosen = chosen_roles_of(version.pk for version in versions)
    return tuple(
        version
        for version in versions
        if permissions.starting_lanes(user, definition_of(version), chosen[version.pk], today)
    )


def can_file(user: User, *, today: dt.date) -> bool:
    """Whether ``user`` may file any request today (``startable_versions``): the menu's
    "Ajukan permohonan" is shown to them only."""
    return user.is_authenticated and bool(startable_versions(user, today=today))


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
    forms: tuple[FilledForm, ...] = ()
    """The SOP forms as filled in at this visit: on the latest done visit of the step that
    fills them, with the answers the case holds."""


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
class Changes:
    """What an action may have changed on a case page the person has open: the visits that
    were open when they acted (by step and visit number; those open now are read too),
    whether documents came with it, and the hash that ended the record then (the events
    written since are read; none when empty). The answer to the action shows these alone."""

    visits: Collection[tuple[int, int]]
    documents: bool
    events_after: str = ""


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
    only the events an action wrote (``Changes.events_after``)."""
    children: list[Case]
    """The related requests this one opened."""
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
    finish: Finish | None = None
    """When the running case should end (``progress.finish_of``)."""
    parent: Case | None = None
    """The request that opened this one, if one did."""
    held: frozenset[str] | None = None
    """What the case holds (``held_names``) when its documents were not read for the page."""

    @property
    def document_names(self) -> set[str]:
        """What the case holds: its documents, and what done steps produced that is no file."""
        if self.held is not None:
            return set(self.held)
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
    check a step's form before acting on it.

    Asked once per request for each version of the case (``alur.common.reuse``): every change
    of its documents or of its done steps raises ``Case.version``, so the page's check and the
    service's check under the lock share one query when nothing changed in between."""
    names, done = remembered(("cases.held_names", case.pk, case.version), lambda: _held(case))
    return set(names) | non_file_outputs(definition, done)


def _held(case: Case) -> tuple[frozenset[str], frozenset[int]]:
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
    return frozenset(names), frozenset(steps)


def may_act_on(
    user: User, case: Case, definition: SopDefinition, step: int, *, now: dt.datetime
) -> bool:
    """Whether ``user`` acts in a lane of ``step`` of ``case`` today: whose refused form's
    files may be kept as drafts."""
    today = now.astimezone(calendar_for(case.office).zone).date()
    lanes = permissions.lanes_of(user, case, definition, today)
    return bool(lanes & set(definition.steps[step].lanes))


def case_page(
    case: Case,
    user: User,
    *,
    now: dt.datetime,
    history: History | None = None,
    record: bool = True,
    changes: Changes | None = None,
) -> CasePage:
    """Everything the case page shows, in a fixed number of queries.

    With ``history`` only that part of the visits, events and documents is read and shown (the
    open visits always); without it, all of them (the auditor's timeline). Without ``record``
    no event is read (the API's case detail shows none; ``/events`` gives them). With
    ``changes`` only what an action changed is read (``Changes``), for the answer that replaces
    it on the page and appends the events written since to the record the page shows."""
    definition = definition_of(case.sop_version)
    calendar = calendar_for(case.office)
    open_tasks = Engine(definition, calendar).open_steps(CaseState.from_json(case.state))
    older_visits = None
    folded = None
    if history is None:
        shown = list(
            Task.objects.filter(case=case).select_related("done_by").order_by("opened_at", "pk")
        )
        timing: Sequence[Timed] = shown
    else:
        # The visits the case's due and forms need: those after the kept sum of the first.
        folded = Folded.of(case, calendar_key(case.office))
        timing = visit_times(case, folded)
        if changes is not None:
            shown = changed_visit_rows(case, changes.visits)
        else:
            shown, older_visits = visit_rows(case, history.visits_before)
    held = None
    if changes is not None and not changes.documents:
        groups: list[DocumentGroup] = []
        held = frozenset(held_names(case, definition))
    else:
        groups = document_groups(case, history)
    filled_at = latest_done_visits(timing, folded)
    data = recorded_data(case)
    fraction = case.office.due_soon_fraction
    visits = []
    for task in shown:
        visit = _visit(task, definition, calendar, now, fraction)
        if task.status == Task.Status.DONE and filled_at.get(task.step) == task.visit:
            filled = forms_filled_at(definition, task.step)
            visit = replace(visit, forms=filled_forms(definition, filled, data))
        visits.append(visit)
    after = changes.events_after if changes is not None else ""
    events, older_events = event_rows(case, history, after) if record else ([], None)
    # The cases it opened, and the case that opened it, in one query.
    related = list(
        Case.objects.filter(
            Q(parent=case) | Q(pk=case.parent_id) if case.parent_id else Q(parent=case)
        )
        .select_related("sop_version__sop")
        .order_by("opened_at", "pk")
    )
    parent = next((other for other in related if other.pk == case.parent_id), None)
    children = [other for other in related if other.pk != case.parent_id]
    today = now.astimezone(calendar.zone).date()
    running = case.status == Case.Status.RUNNING
    open_rows = [task for task in shown if task.status == Task.Status.OPEN]
    return CasePage(
        case=case,
        definition=definition,
        calendar=calendar,
        flow=flow_rows(definition, (task.step for task in open_tasks)),
        visits=visits,
        documents=groups,
        events=events,
        children=children,
        parent=parent,
        open_tasks=open_tasks,
        lanes=permissions.lanes_of(user, case, definition, today),
        today=today,
        due=case_due(case, definition, calendar, timing, folded),
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
        done_steps=frozenset(filled_at),
        finish=finish_of(case, definition, calendar, open_rows, now) if running else None,
        held=held,
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
