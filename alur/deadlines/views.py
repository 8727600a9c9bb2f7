"""Changing a step's due: an agreed extension by the lane's head, or a changed plan."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alur.cases import selectors as case_selectors
from alur.cases.models import Task
from alur.cases.services import ServiceError
from alur.catalog.services import definition_of
from alur.deadlines import selectors, services
from alur.deadlines.forms import DueForm
from alur.offices.calendar import calendar_for
from alur.sop import Unit
from alur.web.views._common import error_lines, error_status, signed_in


@login_required
def due_extend(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    user = signed_in(request)
    case = case_selectors.case_for(user, pk)
    task = None if case is None else Task.objects.filter(pk=task_pk, case=case).first()
    if case is None or task is None:
        raise Http404
    sop_step = definition_of(case.sop_version).steps[task.step]
    scheduled = sop_step.duration.unit is Unit.SCHEDULED
    form = DueForm(request.POST or None, scheduled=scheduled)
    errors: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        calendar = calendar_for(case.office)
        day: dt.date = form.cleaned_data["date"]
        try:
            if scheduled:
                services.schedule_change(
                    task=task, actor=user, day=day, reason=form.cleaned_data["reason"]
                )
            else:
                moment = dt.datetime.combine(
                    day, form.cleaned_data.get("time") or calendar.closes, tzinfo=calendar.zone
                )
                services.due_extend(
                    task=task, actor=user, due=moment, reason=form.cleaned_data["reason"]
                )
        except ServiceError as error:
            errors, status = error_lines(error), error_status(error)
        else:
            messages.success(request, _("Tenggat langkah %(step)s diubah.") % {"step": task.step})
            return redirect("case_detail", pk=case.pk)
    elif request.method == "POST":
        errors = [
            f"{form.fields[name].label}: {message}" if name in form.fields else str(message)
            for name, messages_ in form.errors.items()
            for message in messages_
        ]
        status = 422
    context = {
        "case": case,
        "task": task,
        "sop_step": sop_step,
        "due": selectors.effective_due(task),
        "form": form,
        "errors": errors,
        "scheduled": scheduled,
        "zone": case.office.zone,
    }
    return render(request, "deadlines/due_form.html", context, status=status)
