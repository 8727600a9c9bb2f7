"""What the public pages read: the services an office offers the public, and one request as
its requester sees it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from alur.cases import drafts
from alur.cases.forms import StepForm
from alur.cases.models import Case, Event, Task
from alur.cases.panels import step_form_for
from alur.cases.progress import Progress, progress_of
from alur.cases.selectors import held_names
from alur.catalog.models import SopVersion, in_force_on
from alur.catalog.services import definition_of, office_today
from alur.offices.models import Office
from alur.public.models import PublicRequest
from alur.sop import RequesterKind
from alur.sop import Sop as SopDefinition


def public_versions(office: Office, at: dt.datetime) -> list[SopVersion]:
    """The SOP versions in force at ``at`` that take requests of the public, by name."""
    versions = (
        SopVersion.objects.filter(in_force_on(office_today(office, at)), sop__office=office)
        .select_related("sop")
        .order_by("sop__name", "-number")
    )
    newest: dict[int, SopVersion] = {}
    for version in versions:
        newest.setdefault(version.sop_id, version)
    return [
        version
        for version in newest.values()
        if RequesterKind.PUBLIK in definition_of(version).requester_kinds
    ]


def public_version(office: Office, code: str, at: dt.datetime) -> SopVersion | None:
    return next((v for v in public_versions(office, at) if v.sop.code == code), None)


@dataclass(frozen=True)
class Visit:
    """One step of the request as its requester sees it: what, in whose lane, when."""

    step: int
    text: str
    lanes: str
    opened_at: dt.datetime
    done_at: dt.datetime | None
    status: str
    mine: bool


@dataclass(frozen=True)
class StatusPage:
    request: PublicRequest
    case: Case
    definition: SopDefinition
    visits: list[Visit]
    open_steps: list[int]
    """The requester's own open steps: what they may do from the page."""
    documents: list[str]
    note: str
    """The office's latest note on the request (why it was returned, what to complete)."""
    progress: Progress
    """Where the request stands, as the case page tells an OPD's requester; without the names
    of the office's people."""


def office_note(case: Case) -> str:
    """The latest note the office's staff wrote on a step of ``case``, if any."""
    event = (
        Event.objects.filter(case=case, kind="step.completed")
        .exclude(note="")
        .exclude(actor_id=case.requester_id)
        .order_by("-seq")
        .first()
    )
    return event.note if event is not None else ""


def status_page(request: PublicRequest, *, now: dt.datetime | None = None) -> StatusPage:
    case = Case.objects.select_related("sop_version__sop", "office").get(pk=request.case_id)
    definition = definition_of(case.sop_version)
    requester_lanes = {lane.id for lane in definition.pelaksana if lane.pemohon}
    tasks = Task.objects.filter(case=case).order_by("opened_at", "pk")
    visits = [
        Visit(
            step=task.step,
            text=definition.steps[task.step].uraian if task.step in definition.steps else "",
            lanes=", ".join(
                definition.lanes[lane].nama for lane in task.lanes if lane in definition.lanes
            ),
            opened_at=task.opened_at,
            done_at=task.done_at,
            status=task.get_status_display(),
            mine=bool(set(task.lanes) & requester_lanes),
        )
        for task in tasks
    ]
    open_steps = sorted(
        {
            task.step
            for task in tasks
            if task.status == Task.Status.OPEN and set(task.lanes) & requester_lanes
        }
    )
    if case.status != Case.Status.RUNNING:
        open_steps = []
    documents = sorted(
        {document.name for document in case.documents.filter(uploaded_by=request.person)}
    )
    note = office_note(case) if open_steps else ""
    open_tasks = [task for task in tasks if task.status == Task.Status.OPEN]
    progress = progress_of(case, now=now or timezone.now(), open_tasks=open_tasks, people=False)
    return StatusPage(request, case, definition, visits, open_steps, documents, note, progress)


def requester_form(
    page: StatusPage, step: int, data: object = None, files: object = None
) -> StepForm:
    """The form of the requester's own open ``step``, as on the staff's case page, with the
    files a refused sending of it kept (``alur.cases.drafts``)."""
    case = page.case
    form = step_form_for(
        case, page.definition, held_names(case, page.definition), step, data, files
    )
    form.drafts_attach(drafts.drafts_of(requester_drafts(page, step)))
    return form


def requester_drafts(page: StatusPage, step: int) -> drafts.Owner:
    """Whose drafts the requester's form of ``step`` keeps: the account their request made."""
    return drafts.Owner(person=page.request.person, step=step, case=page.case)
