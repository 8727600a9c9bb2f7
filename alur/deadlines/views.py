"""Changing a step's due: an agreed extension by the lane's head, or a changed plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alur.cases import selectors as case_selectors
from alur.cases.models import Task
from alur.catalog.services import definition_of
from alur.common.errors import Invalid, ServiceError
from alur.common.http import error_lines, error_status, form_error_lines, found
from alur.deadlines import selectors, services
from alur.deadlines.forms import DueForm
from alur.offices.auth import signed_in
from alur.offices.calendar import calendar_for
from alur.sop import OfficeCalendar, Unit


@login_required
def due_extend(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    user = signed_in(request)
    case = found(case_selectors.case_for(user, pk))
    task = found(Task.objects.filter(pk=task_pk, case=case).first())
    definition = definition_of(case.sop_version)
    sop_step = definition.steps[task.step]
    scheduled = sop_step.duration.unit is Unit.SCHEDULED
    rule = None if scheduled else sop_step.perpanjangan
    notice = rule is not None and rule.pemberitahuan
    form = DueForm(request.POST or None, request.FILES or None, scheduled=scheduled, notice=notice)
    errors: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        calendar = calendar_for(case.office)
        reason = form.cleaned_data["reason"]
        try:
            due = _asked_due(form.cleaned_data, calendar, task.due)
            if scheduled:
                services.schedule_change(task=task, actor=user, day=due.date(), reason=reason)
            else:
                upload = form.cleaned_data.get("notice")
                services.due_extend(
                    task=task,
                    actor=user,
                    due=due,
                    reason=reason,
                    notice=None if upload is None else (upload, upload.name),
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
        "rule": rule,
        "granted": selectors.extensions_granted(task),
        "granter": None if rule is None or rule.oleh is None else definition.lanes[rule.oleh].nama,
        "zone": case.office.zone,
    }
    return render(request, "deadlines/due_form.html", context, status=status)


def _asked_due(
    cleaned: dict[str, Any], calendar: OfficeCalendar, current: dt.datetime | None
) -> dt.datetime:
    """The due the form asks for: the date picked, at the time given or at closing time, or
    the due now (``current``, of a step or of the service) moved on by the working days given."""
    days: int | None = cleaned.get("days")
    if days is None:
        day: dt.date = cleaned["date"]
        clock = cleaned.get("time") or calendar.closes
        return dt.datetime.combine(day, clock, tzinfo=calendar.zone)
    if current is None:
        raise Invalid(_("Langkah ini belum bertenggat; pilih tanggalnya."))
    return services.after_working_days(calendar, current, days)


@login_required
def service_extend(request: HttpRequest, pk: int) -> HttpResponse:
    """Extending a case's service deadline (the SOP's ``batas_waktu``) within its rule."""
    user = signed_in(request)
    case = found(case_selectors.case_for(user, pk))
    definition = definition_of(case.sop_version)
    if case.service_due is None:
        raise Http404
    rule = definition.perpanjangan
    notice = rule is not None and rule.pemberitahuan
    form = DueForm(request.POST or None, request.FILES or None, notice=notice)
    errors: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        calendar = calendar_for(case.office)
        try:
            due = _asked_due(form.cleaned_data, calendar, case.service_due)
            upload = form.cleaned_data.get("notice")
            services.service_extend(
                case=case,
                actor=user,
                due=due,
                reason=form.cleaned_data["reason"],
                notice=None if upload is None else (upload, upload.name),
            )
        except ServiceError as error:
            errors, status = error_lines(error), error_status(error)
        else:
            messages.success(request, _("Batas waktu layanan diperpanjang."))
            return redirect("case_detail", pk=case.pk)
    elif request.method == "POST":
        errors, status = form_error_lines(form), 422
    context = {
        "case": case,
        "form": form,
        "errors": errors,
        "rule": rule,
        "granted": selectors.service_extensions_granted(case),
        "granter": None if rule is None or rule.oleh is None else definition.lanes[rule.oleh].nama,
        "extensions": selectors.service_extensions(case),
        "zone": case.office.zone,
    }
    return render(request, "deadlines/service_form.html", context, status=status)
