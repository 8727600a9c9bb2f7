"""The survey's pages: the questionnaire (by the e-mailed link, or in the app for the case's
requester) and the office's report with its follow-up plan, XLSX and PDF."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alur.common.errors import ServiceError
from alur.common.http import PDF, XLSX, download, error_status
from alur.offices.auth import signed_in
from alur.offices.models import Office
from alur.reports.period import PeriodForm
from alur.reports.selectors import office_sops
from alur.survey import exports, selectors, services
from alur.survey.elements import ELEMENTS
from alur.survey.forms import FollowUpForm, ResponseForm
from alur.survey.models import FollowUp, Invitation, Response
from alur.survey.permissions import NotAHead, survey_office

View = Callable[..., HttpResponse]
INVALID = 422


# --- the questionnaire ---------------------------------------------------------------------


def _questionnaire(
    request: HttpRequest, invitation: Invitation, channel: str, action: str
) -> HttpResponse:
    form = ResponseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.response_submit(
                    invitation=invitation,
                    answers=form.answers(),
                    channel=channel,
                    at=timezone.now(),
                )
            except ServiceError as error:
                form.add_error(None, error.message)
                status = error_status(error)
            else:
                return render(request, "survey/thanks.html", {"case": invitation.case})
        else:
            status = INVALID
    context = {"case": invitation.case, "form": form, "action": action, "elements": ELEMENTS}
    return render(request, "survey/questionnaire.html", context, status=status)


def survey_link(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire the e-mailed link opens, for anyone holding the link, once."""
    invitation = services.invitation_by_link(token, timezone.now())
    if invitation is None:
        return render(request, "survey/link_spent.html", status=404)
    return _questionnaire(
        request, invitation, Response.Channel.LINK, reverse("survey_link", args=[token])
    )


@login_required
def survey_case(request: HttpRequest, pk: int) -> HttpResponse:
    """The questionnaire of a case, in the app, for its requester only."""
    invitation = services.invitation_of_requester(signed_in(request), pk)
    if invitation is None:
        raise Http404
    if invitation.used_at is not None:
        return render(request, "survey/thanks.html", {"case": invitation.case, "again": True})
    return _questionnaire(
        request, invitation, Response.Channel.APP, reverse("survey_case", args=[pk])
    )


# --- the report ----------------------------------------------------------------------------


def refusing(view: View) -> View:
    """Answer a person of the office who may not see its reports with who may (403)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotAHead:
            return render(request, "reports/refused.html", status=403)

    return wrapped


def _today(office: Office) -> dt.date:
    return timezone.localtime(timezone.now(), timezone=ZoneInfo(office.zone)).date()


def _office(request: HttpRequest, code: str) -> Office:
    office = survey_office(signed_in(request), code)
    if office is None:
        raise Http404
    return office


def _report(
    office: Office, query: Any
) -> tuple[PeriodForm, selectors.SurveyReport | None, list[tuple[str, str]]]:
    form = PeriodForm(query)
    choices = [(sop.code, sop.name) for sop, _version in office_sops(office)]
    if not form.is_valid():
        return form, None, choices
    sop = form.cleaned_data["sop"]
    if sop and sop not in {code for code, _name in choices}:
        form.add_error("sop", _("SOP '%(code)s' tidak dijalankan kantor ini.") % {"code": sop})
        return form, None, choices
    period = form.period(_today(office), office.zone)
    return form, selectors.survey_report(office, period, sop_code=sop), choices


def _page(
    request: HttpRequest,
    office: Office,
    *,
    follow_form: FollowUpForm | None = None,
    status: int = 200,
) -> HttpResponse:
    form, report, choices = _report(office, request.GET)
    context = {
        "office": office,
        "form": form,
        "report": report,
        "choices": choices,
        "chosen": report.chosen if report else "",
        "query": (report.period.query() + (f"&sop={report.chosen}" if report.chosen else ""))
        if report
        else "",
        "follow_form": follow_form
        or FollowUpForm(initial={"sop": report.chosen if report else ""}),
        "statuses": FollowUp.Status.choices,
        "elements": ELEMENTS,
    }
    return render(
        request, "survey/report.html", context, status=INVALID if report is None else status
    )


@login_required
@refusing
def survey_report(request: HttpRequest, office: str) -> HttpResponse:
    return _page(request, _office(request, office))


@login_required
@refusing
def survey_report_xlsx(request: HttpRequest, office: str) -> HttpResponse:
    place = _office(request, office)
    _form, report, _choices = _report(place, request.GET)
    if report is None:
        return _page(request, place)
    return download(exports.workbook(report), XLSX, exports.filename(report, "xlsx"))


@login_required
@refusing
def survey_report_pdf(request: HttpRequest, office: str) -> HttpResponse:
    place = _office(request, office)
    _form, report, _choices = _report(place, request.GET)
    if report is None:
        return _page(request, place)
    return download(exports.pdf(report), PDF, exports.filename(report, "pdf"))


def _follow_input(office: Office, form: FollowUpForm) -> services.FollowUpInput | None:
    data = form.cleaned_data
    sop = None
    if data["sop"]:
        sop = office.sops.filter(code=data["sop"]).first()
        if sop is None:
            form.add_error("sop", _("SOP itu bukan SOP kantor ini."))
            return None
    return services.FollowUpInput(
        action=data["action"],
        responsible=data["responsible"],
        target=data["target"],
        sop=sop,
        element=data["element"],
        status=data["status"],
        note=data["note"],
    )


@login_required
@refusing
@require_POST
def follow_up_save(request: HttpRequest, office: str, pk: int | None = None) -> HttpResponse:
    """Add an item to the office's follow-up plan, or change one (``pk``)."""
    place = _office(request, office)
    form = FollowUpForm(request.POST)
    given = _follow_input(place, form) if form.is_valid() else None
    if given is None:
        return _page(request, place, follow_form=form, status=INVALID)
    actor, at = signed_in(request), timezone.now()
    try:
        if pk is None:
            services.follow_up_add(office=place, actor=actor, given=given, at=at)
        else:
            services.follow_up_change(office=place, actor=actor, item_id=pk, given=given, at=at)
    except ServiceError as error:
        form.add_error(None, error.message)
        for detail in error.details:
            form.add_error(None, detail)
        return _page(request, place, follow_form=form, status=error_status(error))
    query = request.GET.urlencode()
    url = reverse("survey_report", args=[place.code])
    return redirect(f"{url}?{query}#tindak-lanjut" if query else f"{url}#tindak-lanjut")
