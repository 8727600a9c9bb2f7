"""Drafting a step's letter and recording its SRIKANDI reference from the case page's action
panel, and making the refusal letter of a refused case from its panel. On success the case
page reloads (htmx) or is shown again; a refused or incomplete request answers with the letter
panel and its errors; a person who may see the case but not act on the step (or not make the
refusal letter) gets the refusal (403), one who may not see it 404."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alur.cases import selectors as case_selectors
from alur.cases.models import Case
from alur.common.errors import ServiceError
from alur.common.http import HtmxHttpRequest, error_lines, error_status, found
from alur.letters import selectors, services
from alur.letters.forms import FORMS, ReferenceForm, ReplyForm
from alur.offices.auth import signed_in
from alur.offices.models import User

LetterView = Callable[[HtmxHttpRequest, User, Case, selectors.LetterTool], HttpResponse]


def _with_tool(view: LetterView) -> Callable[[HtmxHttpRequest, int, int], HttpResponse]:
    """The case ``pk`` (404 for who may not see it) and the letter tool of its ``step``; without
    one, the service's refusal (403 for a person who holds no lane of the step, 422 for a step
    that is not open or has no letter)."""

    @functools.wraps(view)
    def wrapped(request: HtmxHttpRequest, pk: int, step: int) -> HttpResponse:
        user = signed_in(request)
        case = found(case_selectors.case_for(user, pk))
        tools = selectors.letter_tools(case, user, now=timezone.now())
        tool = next((t for t in tools if t.step == step), None)
        if tool is not None:
            return view(request, user, case, tool)
        try:
            services.letter_step_check(case=case, step=step, actor=user)
        except ServiceError as error:
            context = {"errors": error_lines(error)}
            return render(request, "components/errors.html", context, status=error_status(error))
        raise Http404

    return wrapped


def _done(request: HtmxHttpRequest, case: Case, message: str) -> HttpResponse:
    messages.success(request, message)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect("case_detail", pk=case.pk)


def _panel(
    request: HtmxHttpRequest,
    case: Case,
    tool: selectors.LetterTool,
    errors: list[str],
    status: int,
) -> HttpResponse:
    context = {"case": case, "tool": tool, "errors": errors}
    return render(request, "letters/panel.html", context, status=status)


@login_required
@require_POST
@_with_tool
def letter_generate(
    request: HtmxHttpRequest, user: User, case: Case, tool: selectors.LetterTool
) -> HttpResponse:
    step = tool.step
    form = FORMS[tool.kind](request.POST, today=tool.form.today, prefix=f"surat{step}")
    tool = dataclasses.replace(tool, form=form)
    if not form.is_valid():
        return _panel(request, case, tool, [], 422)
    try:
        letter = services.letter_generate(case=case, step=step, actor=user, fields=form.values())
    except ServiceError as error:
        return _panel(request, case, tool, error_lines(error), error_status(error))
    return _done(
        request,
        case,
        _("%(letter)s disusun dan disimpan sebagai %(name)s versi %(version)s.")
        % {
            "letter": letter.get_kind_display().capitalize(),
            "name": letter.document.name,
            "version": letter.document.version,
        },
    )


@login_required
@require_POST
@_with_tool
def letter_reference(
    request: HtmxHttpRequest, user: User, case: Case, tool: selectors.LetterTool
) -> HttpResponse:
    step = tool.step
    form = ReferenceForm(
        request.POST, request.FILES, today=tool.form.today, prefix=f"srikandi{step}"
    )
    tool = dataclasses.replace(tool, reference_form=form)
    if not form.is_valid():
        return _panel(request, case, tool, [], 422)
    upload = form.cleaned_data["berkas"]
    try:
        reference = services.letter_reference_record(
            case=case,
            step=step,
            actor=user,
            number=form.cleaned_data["nomor"],
            dated=form.cleaned_data["tanggal"],
            sender=form.cleaned_data["pengirim"],
            link=form.cleaned_data["tautan"],
            upload=upload,
            filename=upload.name or "surat.pdf",
        )
    except ServiceError as error:
        return _panel(request, case, tool, error_lines(error), error_status(error))
    return _done(
        request,
        case,
        _("Rujukan SRIKANDI %(number)s tercatat; surat bertanda tangan disimpan.")
        % {"number": reference.number},
    )


@login_required
@require_POST
def refusal_letter_generate(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    case = found(case_selectors.case_for(user, pk))
    tool = selectors.refusal_tool(case, user, now=timezone.now())
    if tool is None:
        try:
            services.refusal_letter_check(case=case, actor=user)
        except ServiceError as error:
            context = {"errors": error_lines(error)}
            return render(request, "components/errors.html", context, status=error_status(error))
        raise Http404
    form = ReplyForm(request.POST, today=tool.form.today, prefix="penolakan")
    tool = dataclasses.replace(tool, form=form)
    if not form.is_valid():
        return _refusal_panel(request, case, tool, [], 422)
    try:
        letter = services.refusal_letter_generate(case=case, actor=user, fields=form.values())
    except ServiceError as error:
        return _refusal_panel(request, case, tool, error_lines(error), error_status(error))
    return _done(
        request,
        case,
        _("Surat penolakan disusun dan disimpan sebagai %(name)s versi %(version)s.")
        % {"name": letter.document.name, "version": letter.document.version},
    )


def _refusal_panel(
    request: HtmxHttpRequest,
    case: Case,
    tool: selectors.RefusalTool,
    errors: list[str],
    status: int,
) -> HttpResponse:
    context = {"case": case, "tool": tool, "errors": errors}
    return render(request, "letters/refusal_panel.html", context, status=status)
