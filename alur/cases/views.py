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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import retarget

from alur.cases import drafts, forms, selectors
from alur.cases.history import History, earlier_events
from alur.cases.models import Case, Event
from alur.cases.offering import offers
from alur.cases.panels import ActionPanel, action_panels, step_form, step_form_for
from alur.cases.requester_panel import CommentForm, WithdrawForm, requester_context
from alur.cases.requesting import case_comment, case_withdraw
from alur.cases.search import SEARCH_MAX
from alur.cases.working import starts_of, task_start
from alur.catalog.services import definition_of
from alur.common.downloads import stored_file_response
from alur.common.errors import ServiceError
from alur.common.http import HtmxHttpRequest, error_lines, error_status, form_error_lines, found
from alur.offices.auth import signed_in
from alur.offices.calendar import calendar_for
from alur.offices.models import User
from alur.sop import CaseState
from alur.sop import Sop as SopDefinition

CASES_PER_PAGE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    filters = selectors.InboxFilters.asked(request.GET)
    rows = selectors.inbox(
        user, now=timezone.now(), page=request.GET.get("halaman"), filters=filters
    )
    context = {
        "rows": rows,
        "filters": filters,
        "sops": selectors.inbox_sops(user),
        "due_filters": selectors.DUE_FILTERS.items(),
    }
    return render(request, "cases/inbox.html", context)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    search = request.GET.get("cari", "")[:SEARCH_MAX]
    cases = selectors.case_list(signed_in(request), status=status, search=search)
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("halaman"))
    context = {
        "cases": page,
        "status": status,
        "search": search,
        "search_max": SEARCH_MAX,
        "statuses": Case.Status.choices,
    }
    return render(request, "cases/case_list.html", context)


# --- Ajukan permohonan: choose an SOP the person can start, then fill in its first step -------


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    today = selectors.local_today(user, timezone.now())
    versions = selectors.startable_versions(user, today=today)
    if not versions or user.office is None:
        return render(request, "cases/case_new_refused.html", status=403)
    return render(request, "cases/case_new.html", {"offers": offers(user.office, versions)})


@login_required
def case_new_form(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in(request)
    today = selectors.local_today(user, timezone.now())
    version = selectors.startable_version(user, code, today=today)
    if version is None or user.office is None:
        raise Http404
    definition = definition_of(version)
    form = forms.request_form_for(definition, request.POST or None, request.FILES or None)
    owner = drafts.Owner(person=user, step=definition.first_step.no, sop_version=version)
    kept = form.drafts_take(owner)
    errors: list[str] = []
    status = 200
    if form.is_bound and not form.is_valid():
        errors, status = form_error_lines(form), 422
    elif form.is_bound:
        try:
            case = form.file(office=user.office, sop_code=version.sop.code, requester=user)
        except ServiceError as error:
            errors, status = error_lines(error), error_status(error)
        else:
            if kept:
                drafts.drafts_drop(owner)
            messages.success(
                request, _("Permohonan %(number)s telah diajukan.") % {"number": case.number}
            )
            return redirect("case_detail", pk=case.pk)
    if errors:
        form.drafts_keep_sent(owner, at=timezone.now())
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
    owner = drafts.Owner(person=user, step=step, case=case)
    kept = form.drafts_take(owner)
    if not form.is_valid():
        _keep_files(owner, form, definition)
        return _refused(request, user, case, step, form_error_lines(form), 422)
    before = _Seen(case)
    try:
        case = form.act(case, step, user)
    except ServiceError as error:
        case.refresh_from_db()
        _keep_files(owner, form, definition)
        errors = error_lines(error) + _letter_hint(definition, step, held | set(kept), form)
        return _refused(request, user, case, step, errors, error_status(error))
    if kept:
        drafts.drafts_drop(owner)
    messages.success(request, _done_message(case, step))
    if request.htmx:
        return _changed_response(request, user, case, before, documents=bool(request.FILES or kept))
    return redirect("case_detail", pk=case.pk)


def _letter_hint(
    definition: SopDefinition, step: int, held: set[str], form: forms.StepForm
) -> list[str]:
    """Where the step's letter is composed on the page (an SOP step with ``surat``: its first
    file output is the letter) and is still missing: say which button makes it."""
    spec = definition.steps[step]
    if spec.surat is None:
        return []
    letter = next((o.nama for o in spec.outputs if o.berkas and o.formulir is None), None)
    if letter is None or letter in held or letter in form.sent_files():
        return []
    return [
        _(
            '%(name)s dapat disusun dengan tombol "Susun PDF" pada panel surat langkah ini, '
            "lalu selesaikan langkah."
        )
        % {"name": letter}
    ]


def _keep_files(owner: drafts.Owner, form: forms.StepForm, definition: SopDefinition) -> None:
    """Keep the files of a refused form as the person's drafts, if they act on the step."""
    # a step's owner is always a person with the case
    assert owner.case is not None and owner.person is not None  # noqa: S101
    sent = form.sent_files()
    now = timezone.now()
    if sent and selectors.may_act_on(owner.person, owner.case, definition, owner.step, now=now):
        drafts.drafts_keep(owner, sent, at=now)


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


@login_required
@require_POST
def case_start_view(request: HtmxHttpRequest, pk: int, step: int) -> HttpResponse:
    """Mulai kerjakan: a person of the step's lane says they have started work on it."""
    user = signed_in(request)
    case = found(selectors.case_for(user, pk))
    if step not in definition_of(case.sop_version).steps:
        raise Http404
    try:
        task_start(case=case, step=step, actor=user)
    except ServiceError as error:
        return _action_refused(request, user, case, error)
    messages.success(
        request, _("Tercatat: Anda mulai mengerjakan langkah %(step)s.") % {"step": step}
    )
    return redirect(f"{reverse('case_detail', args=[case.pk])}#aksi-{step}")


@login_required
@require_POST
def case_withdraw_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Tarik permohonan: the person who filed the request withdraws it, with a reason."""
    user = signed_in(request)
    case = found(selectors.case_for(user, pk))
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            case_withdraw(case=case, actor=user, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            return _action_refused(request, user, case, error, withdraw=form)
        messages.success(
            request, _("Permohonan %(number)s telah ditarik.") % {"number": case.number}
        )
        return redirect("case_detail", pk=case.pk)
    return _case_response(request, user, case, requester_forms=(form, None), status=422)


@login_required
@require_POST
def case_comment_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The person who filed the request writes to the office about it."""
    user = signed_in(request)
    case = found(selectors.case_for(user, pk))
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            case_comment(case=case, actor=user, text=form.cleaned_data["text"])
        except ServiceError as error:
            return _action_refused(request, user, case, error, comment=form)
        messages.success(request, _("Komentar Anda telah dikirim kepada petugas."))
        return redirect("case_detail", pk=case.pk)
    return _case_response(request, user, case, requester_forms=(None, form), status=422)


def _action_refused(
    request: HtmxHttpRequest,
    user: User,
    case: Case,
    error: ServiceError,
    *,
    withdraw: WithdrawForm | None = None,
    comment: CommentForm | None = None,
) -> HttpResponse:
    """The page again with the refusal of an action without a step's form (a start on a step,
    the requester's withdrawal or comment): next to the requester's field when it is about the
    text (422), at the top when the person may not do it or the case has moved on."""
    status = error_status(error)
    errors: list[str] = []
    form = withdraw or comment
    if status == 422 and form is not None:
        form.add_error("reason" if withdraw is not None else "text", error.message)
    else:
        errors = error_lines(error)
        case.refresh_from_db()
    return _case_response(
        request, user, case, requester_forms=(withdraw, comment), errors=errors, status=status
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
    requester_forms: tuple[WithdrawForm | None, CommentForm | None] = (None, None),
) -> HttpResponse:
    """The case page, or only its content for htmx; what was sent stays in the step's form."""
    now = timezone.now()
    page = selectors.case_page(case, user, now=now, history=history or History())
    bound = None
    if sent is not None:
        step, data = sent
        data = data.copy()
        data["version"] = str(case.version)  # the page now shows this version of the case
        bound = step_form(page, step, data)
    context = {
        "page": page,
        "case": case,
        "panels": _panels(page, user, bound),
        "errors": errors or [],
        **_page_context(page),
        **requester_context(
            user,
            page,
            now=now,
            withdraw_form=requester_forms[0],
            comment_form=requester_forms[1],
        ),
    }
    template = "cases/case_detail.html#isi" if request.htmx else "cases/case_detail.html"
    return render(request, template, context, status=status)


def _panels(
    page: selectors.CasePage, user: User, bound: forms.StepForm | None = None
) -> list[ActionPanel]:
    """The panels of the steps the person may act on, with their kept files and who has
    started on each (no query when there are none)."""
    actionable = page.actionable()
    if not actionable:
        return []
    return action_panels(
        page,
        bound,
        drafts=drafts.drafts_by_step(user, page.case),
        starts=starts_of(page.case, {(task.step, task.visit) for task in actionable}),
        person_id=user.pk,
    )


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
    now = timezone.now()
    page = selectors.case_page(
        case,
        user,
        now=now,
        history=History(),
        changes=selectors.Changes(
            visits=before.open_visits, documents=documents, events_after=before.last_event
        ),
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
        "panels": _panels(page, user),
        "errors": [],
        **_page_context(page),
        "changed_visits": changed,
        "new_visits": new,
        "documents_changed": documents,
        **requester_context(user, page, now=now),
    }
    return render(request, "cases/case_changed.html", context)
