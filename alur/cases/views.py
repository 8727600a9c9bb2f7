"""The case pages: Tugas saya, the list of requests, a new request, one case's page, acting on
a step, downloading a document. Plain function views that authorise, load, call a service and
render; what other apps show on the case page comes through its slots (``alur.common.slots``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import retarget

from alur.cases import forms, selectors, services
from alur.cases.history import History, earlier_events
from alur.cases.models import Case, Event
from alur.cases.panels import action_panels, step_form, step_form_for
from alur.catalog.services import definition_of
from alur.common.downloads import stored_file_response
from alur.common.errors import ServiceError
from alur.common.http import HtmxHttpRequest, error_lines, error_status, form_error_lines, found
from alur.offices.auth import signed_in
from alur.offices.calendar import calendar_for
from alur.offices.models import User
from alur.sop import CaseState

CASES_PER_PAGE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = selectors.inbox(signed_in(request), now=timezone.now(), page=request.GET.get("halaman"))
    return render(request, "cases/inbox.html", {"rows": rows})


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    cases = selectors.case_list(signed_in(request), status=status)
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("halaman"))
    context = {"cases": page, "status": status, "statuses": Case.Status.choices}
    return render(request, "cases/case_list.html", context)


# --- Ajukan permohonan: choose an SOP the person can start, then fill in its first step -------


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    today = selectors.local_today(user, timezone.now())
    versions = selectors.startable_versions(user, today=today)
    return render(request, "cases/case_new.html", {"versions": versions})


@login_required
def case_new_form(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in(request)
    today = selectors.local_today(user, timezone.now())
    version = selectors.startable_version(user, code, today=today)
    if version is None or user.office is None:
        raise Http404
    definition = definition_of(version)
    first = definition.first_step
    form = forms.RequestForm(
        request.POST or None,
        request.FILES or None,
        definition=definition,
        step=first,
        documents=forms.request_documents(first),
    )
    errors: list[str] = []
    status = 200
    if form.is_bound and not form.is_valid():
        errors, status = form_error_lines(form), 422
    elif form.is_bound:
        try:
            case = services.case_open(
                office=user.office,
                sop_code=version.sop.code,
                requester=user,
                title=form.cleaned_data["title"],
                data=form.values(),
                uploads=form.uploads(),
                note=form.cleaned_data["note"],
            )
        except ServiceError as error:
            errors, status = error_lines(error), error_status(error)
        else:
            messages.success(
                request, _("Permohonan %(number)s telah diajukan.") % {"number": case.number}
            )
            return redirect("case_detail", pk=case.pk)
    context = {"version": version, "definition": definition, "form": form, "errors": errors}
    return render(request, "cases/case_new_form.html", context, status=status)


# --- one case -----------------------------------------------------------------------------------


@login_required
@vary_on_headers("HX-Request")
def case_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    case = found(selectors.case_for(user, pk))
    history = History.asked(request.GET)
    target = request.htmx.target if request.htmx else None
    if target == "kunjungan-baris" and history.visits_before:
        visits, older = selectors.earlier_visits(
            case, now=timezone.now(), before=history.visits_before
        )
        return _earlier_response(request, case, visits=visits, visits_older=older)
    if target == "catatan-baris" and history.events_before:
        events, older = earlier_events(case, before=history.events_before)
        return _earlier_response(request, case, events=events, events_older=older)
    return _case_response(request, user, case, history=history)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def case_act(request: HtmxHttpRequest, pk: int, step: int) -> HttpResponse:
    user = signed_in(request)
    case = found(selectors.case_for(user, pk))
    definition = definition_of(case.sop_version)
    if step not in definition.steps:
        raise Http404
    held = selectors.held_names(case, definition)
    form = step_form_for(case, definition, held, step, request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, user, case, step, form_error_lines(form), 422)
    before = _Seen(case)
    try:
        case = form.act(case, step, user)
    except ServiceError as error:
        case.refresh_from_db()
        return _refused(request, user, case, step, error_lines(error), error_status(error))
    messages.success(request, _done_message(case, step))
    if request.htmx:
        return _changed_response(request, user, case, before, documents=bool(request.FILES))
    return redirect("case_detail", pk=case.pk)


@login_required
def document_download(
    request: HttpRequest, pk: int, document_pk: int
) -> HttpResponse | FileResponse:
    document = found(
        selectors.document_for(signed_in(request), case_pk=pk, document_pk=document_pk)
    )
    return stored_file_response(
        request,
        name=document.file.name,
        sha256=document.sha256,
        filename=document.original_name,
        content_type=document.content_type,
    )


def _done_message(case: Case, step: int) -> str:
    if CaseState.from_json(case.state).open_step(step) is not None:
        return _("Konfirmasi Anda pada langkah %(step)s tercatat.") % {"step": step}
    return _("Langkah %(step)s telah diselesaikan.") % {"step": step}


def _case_response(
    request: HtmxHttpRequest,
    user: User,
    case: Case,
    *,
    history: History | None = None,
    sent: tuple[int, QueryDict] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page, or only its content for htmx; what was sent stays in the step's form."""
    page = selectors.case_page(case, user, now=timezone.now(), history=history or History())
    bound = None
    if sent is not None:
        step, data = sent
        data = data.copy()
        data["version"] = str(case.version)  # the page now shows this version of the case
        bound = step_form(page, step, data)
    context = {
        "page": page,
        "case": case,
        "panels": action_panels(page, bound),
        "errors": errors or [],
        **_page_context(page),
    }
    template = "cases/case_detail.html#isi" if request.htmx else "cases/case_detail.html"
    return render(request, template, context, status=status)


def _page_context(page: selectors.CasePage) -> dict[str, object]:
    """What the rows of the visits and events and the links to older ones read."""
    return {
        "zone": page.case.office.zone,
        "minutes_per_day": page.calendar.minutes_per_day,
        "visits_older": page.older_visits,
        "events_older": page.older_events,
    }


def _earlier_response(
    request: HtmxHttpRequest,
    case: Case,
    *,
    visits: list[selectors.Visit] | None = None,
    visits_older: int | None = None,
    events: list[Event] | None = None,
    events_older: int | None = None,
) -> HttpResponse:
    """Older visits or events for the page to add above those it shows (htmx), with the link to
    the ones before them in place of the link followed (``cases/case_earlier.html``)."""
    context = {
        "case": case,
        "visits": visits,
        "events": events,
        "zone": case.office.zone,
        "minutes_per_day": calendar_for(case.office).minutes_per_day,
        "visits_older": visits_older,
        "events_older": events_older,
    }
    return render(request, "cases/case_earlier.html", context)


def _refused(
    request: HtmxHttpRequest, user: User, case: Case, step: int, errors: list[str], status: int
) -> HttpResponse:
    """The page again with the errors, the step's form keeping what was sent; for htmx the
    whole content, in place of the panels the form targets."""
    response = _case_response(
        request, user, case, sent=(step, request.POST), errors=errors, status=status
    )
    if request.htmx:
        response = retarget(response, "#isi-permohonan")
        response["HX-Reswap"] = "outerHTML show:top"  # reswap() takes no modifiers
    return response


class _Seen:
    """What the page showed when the person acted: the end of the record, the open visits."""

    def __init__(self, case: Case) -> None:
        self.last_event = case.last_event_hash
        state = CaseState.from_json(case.state)
        self.open_visits = {(opened.step, opened.visit) for opened in state.open_steps}


def _changed_response(
    request: HtmxHttpRequest, user: User, case: Case, before: _Seen, *, documents: bool
) -> HttpResponse:
    """What a completed step changed, for htmx (``cases/case_changed.html``): the panels, and
    out of band the head, the flow, the visits that were or are open, the new events."""
    page = selectors.case_page(
        case,
        user,
        now=timezone.now(),
        events_after=before.last_event,
        history=History(),
        visits_also=before.open_visits,
    )
    now_open = {(task.step, task.visit) for task in page.open_tasks}
    changed, new = [], []
    for visit in page.visits:
        key = (visit.task.step, visit.task.visit)
        if key in before.open_visits:
            changed.append(visit)
        elif key in now_open:
            new.append(visit)
    context = {
        "page": page,
        "case": case,
        "panels": action_panels(page),
        "errors": [],
        **_page_context(page),
        "changed_visits": changed,
        "new_visits": new,
        "documents_changed": documents,
    }
    return render(request, "cases/case_changed.html", context)
