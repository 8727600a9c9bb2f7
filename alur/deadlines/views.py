"""Changing a step's due: an agreed extension by the lane's head, or a changed plan."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alur.cases import selectors as case_selectors
from alur.cases.models import Task
from alur.catalog.services import definition_of
from alur.common.errors import ServiceError
from alur.common.http import error_lines, error_status, form_error_lines, found
from alur.deadlines import services
from alur.deadlines.forms import DueForm
from alur.offices.auth import signed_in
from alur.offices.calendar import calendar_for
from alur.sop import Unit


@login_required
def due_extend(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    user = signed_in(request)
    case = found(case_selectors.case_for(user, pk))
    task = found(Task.objects.filter(pk=task_pk, case=case).first())
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
        errors, status = form_error_lines(form), 422
    context = {
        "case": case,
        "task": task,
        "sop_step": sop_step,
        "due": task.due,
        "form": form,
        "errors": errors,
        "scheduled": scheduled,
        "zone": case.office.zone,
    }
    return render(request, "deadlines/due_form.html", context, status=status)
