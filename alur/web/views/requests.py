"""Ajukan permohonan: choose an SOP the person can start, then fill in its first step."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from alur.cases import selectors, services
from alur.cases.services import ServiceError
from alur.catalog.services import definition_of
from alur.web import forms
from alur.web.views._common import error_lines, error_status, signed_in


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    today = selectors.local_today(user, timezone.now())
    versions = selectors.startable_versions(user, today=today)
    return render(request, "web/case_new.html", {"versions": versions})


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
        errors, status = forms.error_lines(form), 422
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
    return render(request, "web/case_new_form.html", context, status=status)
