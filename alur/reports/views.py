"""The performance report of an office: the page, its XLSX workbook and its PDF."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from alur.common.http import PDF, XLSX, HtmxHttpRequest, download
from alur.offices.auth import signed_in
from alur.offices.models import Office, User
from alur.reports import exports, selectors
from alur.reports.context import dashboard_context
from alur.reports.period import PeriodForm
from alur.reports.permissions import can_see_reports

View = Callable[..., HttpResponse]
INVALID = 422
"""A period or SOP that cannot be used: the page says what and where (htmx swaps a 422 in)."""


def _today(office: Office) -> dt.date:
    return timezone.localtime(timezone.now(), timezone=ZoneInfo(office.zone)).date()


class NotAHead(Exception):
    """The person is of the office but not one of its heads."""


def refusing(view: View) -> View:
    """Answer a person who may not see the report with a page saying who may (403)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotAHead:
            return render(request, "reports/refused.html", status=403)

    return wrapped


def _office_for(user: User, code: str) -> Office:
    """The office whose report ``user`` asked for: 404 for another office, a refusal for a
    person of the office who is not one of its heads."""
    office = Office.objects.filter(code=code, pk=user.office_id or 0).first()
    if office is None:
        raise Http404
    if not can_see_reports(user, office, _today(office)):
        raise NotAHead
    return office


def _load(request: HttpRequest, code: str) -> tuple[Office, PeriodForm, selectors.Dashboard | None]:
    """The office, the period form and the report; no report when the form has mistakes."""
    office = _office_for(signed_in(request), code)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return office, form, None
    sop = form.cleaned_data["sop"]
    if sop and sop not in {s.code for s, _version in selectors.office_sops(office)}:
        form.add_error("sop", _("SOP '%(code)s' tidak dijalankan kantor ini.") % {"code": sop})
        return office, form, None
    period = form.period(_today(office), office.zone)
    return office, form, selectors.dashboard(office, period, sop_code=sop)


@login_required
@refusing
def reports_home(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    office = user.office
    if office is None or not can_see_reports(user, office, _today(office)):
        raise NotAHead
    return redirect("reports_dashboard", office=office.code)


@login_required
@refusing
@vary_on_headers("HX-Request")
def dashboard(request: HtmxHttpRequest, office: str) -> HttpResponse:
    """The page; to htmx (the period form sent in place) only its part below the form."""
    place, form, board = _load(request, office)
    context = dashboard_context(place, form, board)
    template = "reports/dashboard.html#isi" if request.htmx else "reports/dashboard.html"
    return render(request, template, context, status=INVALID if board is None else 200)


@login_required
@refusing
def dashboard_xlsx(request: HttpRequest, office: str) -> HttpResponse:
    place, form, board = _load(request, office)
    if board is None:
        context = dashboard_context(place, form, None)
        return render(request, "reports/dashboard.html", context, status=INVALID)
    return download(exports.workbook(board), XLSX, exports.filename(board, "xlsx"))


@login_required
@refusing
def dashboard_pdf(request: HttpRequest, office: str) -> HttpResponse:
    place, form, board = _load(request, office)
    if board is None:
        context = dashboard_context(place, form, None)
        return render(request, "reports/dashboard.html", context, status=INVALID)
    return download(exports.pdf(board), PDF, exports.filename(board, "pdf"))
