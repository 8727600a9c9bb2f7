"""Permohonan: the list, one case's page, acting on a step, downloading a document."""

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

from alur.cases import selectors, services
from alur.cases.models import Case
from alur.cases.services import ServiceError
from alur.offices.models import User
from alur.sop import CaseState
from alur.web import forms
from alur.web.panels import action_panels, step_form
from alur.web.views._common import HtmxHttpRequest, error_lines, error_status, signed_in

CASES_PER_PAGE = 50


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    cases = selectors.case_list(signed_in(request), status=status)
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("halaman"))
    context = {"cases": page, "status": status, "statuses": Case.Status.choices}
    return render(request, "web/case_list.html", context)


@login_required
@vary_on_headers("HX-Request")
def case_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    case = selectors.case_for(user, pk)
    if case is None:
        raise Http404
    return _case_response(request, user, case)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def case_act(request: HtmxHttpRequest, pk: int, step: int) -> HttpResponse:
    user = signed_in(request)
    case = selectors.case_for(user, pk)
    if case is None:
        raise Http404
    page = selectors.case_page(case, user, now=timezone.now())
    if step not in page.definition.steps:
        raise Http404
    form = step_form(page, step, request.POST, request.FILES)
    if not form.is_valid():
        return _case_response(
            request,
            user,
            case,
            sent=(step, request.POST),
            errors=forms.error_lines(form),
            status=422,
        )
    try:
        case = services.task_act(
            case=case,
            step=step,
            actor=user,
            decision=form.decision_value(),
            note=form.cleaned_data["note"],
            data=form.values(),
            uploads=form.uploads(),
            expected_version=form.cleaned_data["version"],
        )
    except ServiceError as error:
        case.refresh_from_db()
        return _case_response(
            request,
            user,
            case,
            sent=(step, request.POST),
            errors=error_lines(error),
            status=error_status(error),
        )
    messages.success(request, _done_message(case, step))
    if request.htmx:
        return _case_response(request, user, case)
    return redirect("case_detail", pk=case.pk)


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    document = selectors.document_for(signed_in(request), case_pk=pk, document_pk=document_pk)
    if document is None:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _done_message(case: Case, step: int) -> str:
    if CaseState.from_json(case.state).open_step(step) is not None:
        return _("Konfirmasi Anda pada langkah %(step)s tercatat.") % {"step": step}
    return _("Langkah %(step)s telah diselesaikan.") % {"step": step}


def _case_response(
    request: HtmxHttpRequest,
    user: User,
    case: Case,
    *,
    sent: tuple[int, QueryDict] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page, or only its content for htmx; what was sent stays in the step's form."""
    page = selectors.case_page(case, user, now=timezone.now())
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
        "zone": case.office.zone,
    }
    template = "web/case_detail.html#isi" if request.htmx else "web/case_detail.html"
    return render(request, template, context, status=status)
