"""Cases the caller may see, their steps, visits, documents and record, the caller's tasks and
a lane's, filing a request and acting on a step: the same selectors, forms, permission checks
and services as the case pages (``alur.cases.views``), so the API refuses exactly where the
pages do."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Literal

from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import Field

from alur.api import inputs
from alur.api.auth import caller, require_act
from alur.api.found import document_out, visible_case
from alur.api.schemas import (
    ActIn,
    CaseDetailOut,
    CaseIn,
    CaseOut,
    CasePageOut,
    Code,
    CommentIn,
    DueOut,
    EventOut,
    ProblemOut,
    RowId,
    StepNumber,
    StepOut,
    TaskOut,
    TaskPageOut,
    VisitOut,
    WithdrawIn,
)
from alur.cases import selectors
from alur.cases.due import due_state
from alur.cases.forms import request_form_for
from alur.cases.history import event_rows
from alur.cases.models import Case, Event
from alur.cases.panels import step_form_for
from alur.cases.requesting import case_comment, case_withdraw
from alur.cases.working import task_start
from alur.catalog.services import definition_of
from alur.common.errors import Invalid
from alur.common.http import found
from alur.offices.calendar import calendar_for
from alur.offices.models import User

router = Router(tags=["permohonan"])

PER_PAGE = 25
DUE_SCAN_LIMIT = 1000
"""With a due filter, at most this many cases are read for one page; the cursor goes on from
the last one read."""


def _refused(message: str, field: str) -> ValidationError:
    return ValidationError([{"loc": ("query", field), "msg": message}])


def _wrong_body(message: str, field: str) -> ValidationError:
    return ValidationError([{"loc": ("body", "body", field), "msg": message}])


def _cursor(case: Case) -> str:
    raw = f"{case.opened_at.isoformat()}|{case.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _after_cursor(cases: QuerySet[Case], cursor: str) -> QuerySet[Case]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        opened_text, pk_text = raw.split("|")
        opened, pk = dt.datetime.fromisoformat(opened_text), int(pk_text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise _refused(
            _("Kursor tidak sah; pakai next_cursor dari jawaban sebelumnya."), "cursor"
        ) from None
    return cases.filter(Q(opened_at__lt=opened) | Q(opened_at=opened, pk__lt=pk))


def _case(case: Case, now: dt.datetime) -> CaseOut:
    calendar = calendar_for(case.office)
    state = due_state(
        calendar,
        opened=case.opened_at,
        due=case.service_due,
        now=now,
        done=case.closed_at,
        soon_fraction=case.office.due_soon_fraction,
    )
    return CaseOut(
        id=case.pk,
        number=case.number,
        title=case.title,
        sop=case.sop_version.sop.code,
        sop_version=case.sop_version.number,
        status=case.status,
        version=case.version,
        opened_at=case.opened_at,
        closed_at=case.closed_at,
        requester_unit=case.requester_unit.name,
        service=DueOut(state=state.value, due=case.service_due),
        url=reverse("case_detail", args=[case.pk]),
    )


class CaseFilters(Schema):
    sop: Code = Field("", description="An SOP's code")
    status: Code = Field(
        "", description="berjalan, selesai, dikembalikan, dihentikan, ditolak, gugur, ditarik"
    )
    due: Literal["tepat", "segera", "terlambat", "tanpa"] | None = Field(
        None, description="How the case stands against its service deadline"
    )
    q: Code = Field(
        "",
        description="A search, as the request list's: the number or its beginning, words of the "
        "perihal, or the requester's name or OPD",
    )
    cursor: Code = ""
    limit: int = Field(PER_PAGE, ge=1, le=100)


@router.get("/cases", response=CasePageOut, summary="Cases the caller may see, newest first")
def case_list(request: HttpRequest, filters: Query[CaseFilters]) -> CasePageOut:
    user = caller(request)
    if filters.status and filters.status not in Case.Status.values:
        choices = ", ".join(Case.Status.values)
        raise _refused(
            _("Status tidak dikenal; pilih salah satu: %(c)s.") % {"c": choices}, "status"
        )
    cases = selectors.case_list(user, status=filters.status, search=filters.q).select_related(
        "office", "sop_version__sop", "requester_unit"
    )
    if filters.sop:
        cases = cases.filter(sop_version__sop__code=filters.sop)
    if filters.cursor:
        cases = _after_cursor(cases, filters.cursor)
    now = timezone.now()
    if filters.due is None:
        found = list(cases[: filters.limit + 1])
        more = len(found) > filters.limit
        found = found[: filters.limit]
        items = [_case(case, now) for case in found]
        return CasePageOut(items=items, next_cursor=_cursor(found[-1]) if more else None)
    items, last = [], None
    for scanned, case in enumerate(cases[: DUE_SCAN_LIMIT + 1]):
        if scanned == DUE_SCAN_LIMIT or len(items) == filters.limit:
            return CasePageOut(items=items, next_cursor=_cursor(last) if last else None)
        row = _case(case, now)
        last = case
        if row.service.state == filters.due:
            items.append(row)
    return CasePageOut(items=items, next_cursor=None)


@router.get(
    "/cases/{case_id}", response={200: CaseDetailOut, 404: ProblemOut}, url_name="case_detail"
)
def case_detail(request: HttpRequest, case_id: RowId) -> CaseDetailOut:
    user, case = visible_case(request, case_id)
    return _detail(user, case)


def _detail(user: User, case: Case) -> CaseDetailOut:
    now = timezone.now()
    page = selectors.case_page(case, user, now=now, history=None, record=False)
    open_steps = {task.step for task in page.open_tasks}
    mine = {task.step for task in page.actionable()}
    steps = [
        StepOut(
            no=row.step.no,
            name=row.step.uraian,
            lanes=row.lanes,
            open=row.step.no in open_steps,
            mine=row.step.no in mine,
        )
        for row in page.flow
    ]
    visits = [
        VisitOut(
            step=visit.task.step,
            visit=visit.task.visit,
            lanes=visit.lanes,
            status=visit.task.status,
            opened_at=visit.task.opened_at,
            done_at=visit.task.done_at,
            done_by=None if visit.task.done_by is None else str(visit.task.done_by),
            due=DueOut(state=visit.due_state.value, due=visit.due),
        )
        for visit in page.visits
    ]
    documents = [document_out(document) for group in page.documents for document in group.versions]
    summary = _case(case, now)
    return CaseDetailOut(
        **summary.model_dump(),
        data=page.data,
        steps=steps,
        visits=visits,
        documents=documents,
        due=page.due,
    )


@router.get("/cases/{case_id}/events", response={200: list[EventOut], 404: ProblemOut})
def case_events(request: HttpRequest, case_id: RowId) -> list[EventOut]:
    """The case's hash-chained record, oldest first (``alur audit verify`` checks the chain)."""
    _user, case = visible_case(request, case_id)
    events, _older = event_rows(case, None, "")
    return [_event(event) for event in events]


def _event(event: Event) -> EventOut:
    return EventOut(
        seq=event.seq,
        kind=event.kind,
        at=event.at,
        actor=None if event.actor is None else str(event.actor),
        step=event.step,
        visit=event.visit,
        lane=event.lane,
        decision=event.decision,
        note=event.note,
        data=event.data,
        prev_hash=event.prev_hash,
        hash=event.hash,
    )


@router.post(
    "/cases/{case_id}/withdraw",
    response={200: CaseDetailOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut},
    summary="Withdraw a running request, as the person who filed it, with a reason",
    description='The page\'s "Tarik permohonan" (``alur.cases.requesting.case_withdraw``): '
    "the case ends as `ditarik`, its open steps close unworked, the office is told.",
)
def case_withdraw_api(request: HttpRequest, case_id: RowId, body: WithdrawIn) -> CaseDetailOut:
    user = require_act(request)
    _user, case = visible_case(request, case_id)
    try:
        withdrawn = case_withdraw(case=case, actor=user, reason=body.reason)
    except Invalid as error:  # the reason: missing, too long, or with characters refused
        raise _wrong_body(error.message, "reason") from None
    return _detail(user, withdrawn)


@router.post(
    "/cases/{case_id}/comments",
    response={201: EventOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut},
    summary="Write to the office about a running request, as the person who filed it",
    description="The page's comment to the office (``alur.cases.requesting.case_comment``): "
    "kept in the record as `case.commented`, the office is told. Answers the event.",
)
def case_comment_api(request: HttpRequest, case_id: RowId, body: CommentIn) -> Status[EventOut]:
    user = require_act(request)
    _user, case = visible_case(request, case_id)
    try:
        comment = case_comment(case=case, actor=user, text=body.text)
    except Invalid as error:  # the text: missing, too long, or with characters refused
        raise _wrong_body(error.message, "text") from None
    return Status(201, _event(comment))


@router.post(
    "/cases/{case_id}/steps/{step}/start",
    response={201: EventOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut},
    url_name="step_start",
    summary="Say that the caller has started work on an open step (Mulai kerjakan)",
    description="The step panel's *Mulai kerjakan* (``alur.cases.working.task_start``): kept in "
    "the record as `step.started`, the visit's first touch (the report counts the step as "
    "waiting until then). Once per person and visit; it changes neither the case's state nor "
    "its `version`. Answers the event.",
)
def step_start(request: HttpRequest, case_id: RowId, step: StepNumber) -> Status[EventOut]:
    user = require_act(request)
    _user, case = visible_case(request, case_id)
    if step not in definition_of(case.sop_version).steps:
        raise Http404
    return Status(201, _event(task_start(case=case, step=step, actor=user)))


def _task_page(rows: Page[selectors.InboxRow]) -> TaskPageOut:
    items = [
        TaskOut(
            case=row.task.case_id,
            case_number=row.task.case.number,
            case_version=row.task.case.version,
            sop=row.task.case.sop_version.sop.code,
            step=row.task.step,
            step_name=row.step.uraian,
            visit=row.task.visit,
            lanes=row.lanes,
            opened_at=row.task.opened_at,
            due=DueOut(state=row.due_state.value, due=row.due),
            act=reverse("api-v1:step_complete", args=[row.task.case_id, row.task.step]),
        )
        for row in rows
    ]
    return TaskPageOut(items=items, page=rows.number, pages=rows.paginator.num_pages)


class TaskFilters(Schema):
    page: int = 1
    sop: Code = Field("", description="An SOP's code")
    due: Literal["terlambat", "belum", "tanpa"] | None = Field(
        None,
        description="Late (due before now), not yet due, or without a due: as the inbox's filter",
    )

    def chosen(self) -> selectors.InboxFilters:
        return selectors.InboxFilters(sop=self.sop, due=self.due or "")


@router.get(
    "/tasks",
    response=TaskPageOut,
    summary="The caller's open steps (Tugas saya), the most urgent first",
    description="Ordered as the inbox: by the due each step is held to, earliest first (the "
    "late ones first), steps without a due last, newest first.",
)
def task_list(request: HttpRequest, filters: Query[TaskFilters]) -> TaskPageOut:
    rows = selectors.inbox(
        caller(request), now=timezone.now(), page=filters.page, filters=filters.chosen()
    )
    return _task_page(rows)


@router.get(
    "/lanes/{role_code}/tasks",
    response={200: TaskPageOut, 403: ProblemOut, 404: ProblemOut},
    summary="The open steps in the lanes of a role the caller holds or heads",
)
def lane_task_list(
    request: HttpRequest, role_code: Code, filters: Query[TaskFilters]
) -> TaskPageOut:
    """The lanes of the role ``role_code`` of the caller's office, for one who holds it today
    (a Plh/Plt delegation included) or holds a role above it in the office's role tree; in the
    inbox's order."""
    rows = selectors.lane_inbox(
        caller(request),
        role_code,
        now=timezone.now(),
        page=filters.page,
        filters=filters.chosen(),
    )
    return _task_page(found(rows))


STEP_FILES = "A document of the step, in a part named as the SOP names it."
REQUEST_FILES = "A document of the request's first step, in a part named as the SOP names it."


@router.post(
    "/cases/{case_id}/steps/{step}/complete",
    response={
        200: CaseDetailOut,
        403: ProblemOut,
        404: ProblemOut,
        409: ProblemOut,
        422: ProblemOut,
    },
    url_name="step_complete",
    summary="Complete (or, on a joint step, confirm) an open step",
    description="The body is ActIn as JSON, or multipart/form-data with ActIn as JSON in its "
    "`payload` part and the step's documents as files, each part named as the SOP names the "
    "document.",
    openapi_extra=inputs.body_schema(ActIn, STEP_FILES),
)
def step_complete(request: HttpRequest, case_id: RowId, step: StepNumber) -> CaseDetailOut:
    user = require_act(request)
    _user, case = visible_case(request, case_id)
    definition = definition_of(case.sop_version)
    if step not in definition.steps:
        raise Http404
    payload = inputs.payload_of(request, ActIn)
    held = selectors.held_names(case, definition)
    files, refusals = inputs.form_files(request, step_form_for(case, definition, held, step))
    plain = {"version": payload.version, "decision": payload.decision, "note": payload.note}
    data = inputs.form_data(plain, payload.fields, payload.forms)
    form = step_form_for(case, definition, held, step, data, files)
    refusals += inputs.unknown_inputs(data, form, payload.forms)
    if form.is_valid() and not refusals:
        return _detail(user, form.act(case, step, user))
    raise inputs.refused(form, refusals)


@router.post(
    "/cases",
    response={201: CaseDetailOut, 403: ProblemOut, 409: ProblemOut, 422: ProblemOut},
    summary="File a new request with its first step's fields and documents",
    description="The body is CaseIn as JSON, or multipart/form-data with CaseIn as JSON in its "
    "`payload` part and the first step's documents as files, each part named as the SOP names "
    "the document. Filed wholly or not at all.",
    openapi_extra=inputs.body_schema(CaseIn, REQUEST_FILES),
)
def case_create(request: HttpRequest, response: HttpResponse) -> Status[CaseDetailOut]:
    """The page's new request (``alur.cases.views.case_new_form``): an SOP of the caller's
    office whose first step the caller acts in, its form, and ``services.case_open`` through
    ``RequestForm.file``."""
    user = require_act(request)
    payload = inputs.payload_of(request, CaseIn)
    today = selectors.local_today(user, timezone.now())
    version = selectors.startable_version(user, payload.sop, today=today)
    if version is None or user.office is None:
        raise ValidationError(
            [
                {
                    "loc": ("body", inputs.PAYLOAD, "sop"),
                    "msg": _(
                        "Tidak ada SOP berlaku dengan kode ini yang permohonannya dapat Anda "
                        "ajukan (lihat GET /api/v1/sop)."
                    ),
                }
            ]
        )
    definition = definition_of(version)
    files, refusals = inputs.form_files(request, request_form_for(definition))
    data = inputs.form_data(
        {"title": payload.title, "note": payload.note}, payload.fields, payload.forms
    )
    form = request_form_for(definition, data, files)
    refusals += inputs.unknown_inputs(data, form, payload.forms)
    if not form.is_valid() or refusals:
        raise inputs.refused(form, refusals)
    case = form.file(office=user.office, sop_code=version.sop.code, requester=user)
    response["Location"] = reverse("api-v1:case_detail", args=[case.pk])
    return Status(201, _detail(user, case))
