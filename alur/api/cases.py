"""Cases the caller may see, their steps, visits, documents and record, the caller's tasks, and
acting on a step: the same selectors, forms, permission checks and services as the case pages
(``alur.cases.views``), so the API refuses exactly where the pages do."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import Field

from alur.api.auth import caller, require_act
from alur.api.schemas import (
    ActIn,
    CaseDetailOut,
    CaseOut,
    CasePageOut,
    DocumentOut,
    DueOut,
    EventOut,
    ProblemOut,
    StepOut,
    TaskOut,
    TaskPageOut,
    VisitOut,
)
from alur.cases import selectors
from alur.cases.due import due_state
from alur.cases.history import event_rows
from alur.cases.models import Case
from alur.cases.panels import step_form_for
from alur.catalog.services import definition_of
from alur.offices.calendar import calendar_for
from alur.offices.models import User

router = Router(tags=["permohonan"])

PER_PAGE = 25
DUE_SCAN_LIMIT = 1000
"""With a due filter, at most this many cases are read for one page; the cursor goes on from
the last one read."""


def _refused(message: str, field: str) -> ValidationError:
    return ValidationError([{"loc": ("query", field), "msg": message}])


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
    sop: str = Field("", description="An SOP's code")
    status: str = Field("", description="running, done, lapsed, …")
    due: Literal["tepat", "segera", "terlambat", "tanpa"] | None = Field(
        None, description="How the case stands against its service deadline"
    )
    cursor: str = ""
    limit: int = Field(PER_PAGE, ge=1, le=100)


@router.get("/cases", response=CasePageOut, summary="Cases the caller may see, newest first")
def case_list(request: HttpRequest, filters: Query[CaseFilters]) -> CasePageOut:
    user = caller(request)
    if filters.status and filters.status not in Case.Status.values:
        choices = ", ".join(Case.Status.values)
        raise _refused(
            _("Status tidak dikenal; pilih salah satu: %(c)s.") % {"c": choices}, "status"
        )
    cases = selectors.case_list(user, status=filters.status).select_related(
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


def _visible(request: HttpRequest, case_id: int) -> tuple[User, Case]:
    user = caller(request)
    case = selectors.case_for(user, case_id)
    if case is None:
        raise Http404
    return user, case


@router.get("/cases/{case_id}", response={200: CaseDetailOut, 404: ProblemOut})
def case_detail(request: HttpRequest, case_id: int) -> CaseDetailOut:
    user, case = _visible(request, case_id)
    return _detail(user, case)


def _detail(user: User, case: Case) -> CaseDetailOut:
    now = timezone.now()
    page = selectors.case_page(case, user, now=now, history=None)
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
    documents = [
        DocumentOut(
            id=document.pk,
            name=document.name,
            version=document.version,
            original_name=document.original_name,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            step=document.step,
            uploaded_at=document.uploaded_at,
            download=reverse("document_download", args=[case.pk, document.pk]),
        )
        for group in page.documents
        for document in group.versions
    ]
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
def case_events(request: HttpRequest, case_id: int) -> list[EventOut]:
    """The case's hash-chained record, oldest first (``alur audit verify`` checks the chain)."""
    _user, case = _visible(request, case_id)
    events, _older = event_rows(case, None, None)
    return [
        EventOut(
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
        for event in events
    ]


@router.get("/tasks", response=TaskPageOut, summary="The caller's open steps (Tugas saya)")
def task_list(request: HttpRequest, page: int = 1) -> TaskPageOut:
    rows = selectors.inbox(caller(request), now=timezone.now(), page=page)
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


def _form_data(payload: ActIn) -> QueryDict:
    """The JSON body as the step's form on the case page would post it."""
    data = QueryDict(mutable=True)
    data["version"] = str(payload.version)
    data["decision"] = payload.decision or ""
    data["note"] = payload.note
    values: dict[str, Any] = {f"field-{k}": v for k, v in payload.fields.items()}
    for form_id, fields in payload.forms.items():
        values |= {f"form-{form_id}-{k}": v for k, v in fields.items()}
    for name, value in values.items():
        if isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        elif isinstance(value, bool):
            data[name] = "on" if value else ""
        elif value is not None:
            data[name] = str(value)
    return data


def _api_name(name: str, sop_forms: Mapping[str, object]) -> str:
    """``fields.nama`` for the page's ``field-nama``, ``forms.f1.nama`` for ``form-f1-nama``."""
    if name.startswith("field-"):
        return f"body.fields.{name.removeprefix('field-')}"
    if name.startswith("form-"):
        rest = name.removeprefix("form-")
        for form_id in sop_forms:
            if rest.startswith(f"{form_id}-"):
                return f"body.forms.{form_id}.{rest.removeprefix(form_id + '-')}"
    return f"body.{name}"


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
)
def step_complete(request: HttpRequest, case_id: int, step: int, payload: ActIn) -> CaseDetailOut:
    user = require_act(request)
    _user, case = _visible(request, case_id)
    definition = definition_of(case.sop_version)
    if step not in definition.steps:
        raise Http404
    held = selectors.held_names(case, definition)
    form = step_form_for(case, definition, held, step, _form_data(payload))
    sop_forms = {sop_form.id: sop_form for sop_form in form.sop_forms}
    unknown = [
        name
        for name in _form_data(payload)
        if name not in form.fields and name not in {"version", "decision", "note"}
    ]
    errors = [
        {
            "loc": _api_name(name, sop_forms).split("."),
            "msg": _("Isian ini tidak ada di langkah ini."),
        }
        for name in unknown
    ]
    if form.is_valid() and not errors:
        return _detail(user, form.act(case, step, user))
    labels = form.error_labels
    for name, messages in form.errors.items():
        label = labels.get(name) or (form.fields[name].label if name in form.fields else None)
        for message in messages:
            text = f"{label}: {message}" if label else str(message)
            errors.append({"loc": _api_name(name, sop_forms).split("."), "msg": text})
    raise ValidationError(errors)
