"""The performance report of an office: the page, its XLSX workbook and its PDF, and the list
of the cases behind one of its figures."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.vary import vary_on_headers

from alur.catalog.services import definition_of
from alur.common.http import PDF, XLSX, HtmxHttpRequest, download
from alur.offices.auth import signed_in
from alur.offices.calendar import calendar_for
from alur.offices.models import Office
from alur.reports import behind, exports, selectors
from alur.reports.asked import NotAHead, office_today, report_asked, report_office
from alur.reports.context import dashboard_context
from alur.reports.period import PeriodForm
from alur.reports.permissions import can_see_reports

View = Callable[..., HttpResponse]
INVALID = 422
"""A period or SOP that cannot be used: the page says what and where (htmx swaps a 422 in)."""


def refusing(view: View) -> View:
    """Answer a person who may not see the report with a page saying who may (403)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotAHead:
            return render(request, "reports/refused.html", status=403)

    return wrapped


def _load(request: HttpRequest, code: str) -> tuple[Office, PeriodForm, selectors.Dashboard | None]:
    """The office (404 for another office, a refusal for a person of the office who is not one
    of its heads), the period form and the report; no report when the form has mistakes."""
    office = report_office(signed_in(request), code)
    if office is None:
        raise Http404
    form, board = report_asked(office, request.GET)
    return office, form, board


@login_required
@refusing
def reports_home(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    office = user.office
    if office is None or not can_see_reports(user, office, office_today(office)):
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


@login_required
@refusing
def cases_behind(request: HttpRequest, office: str) -> HttpResponse:
    """The cases behind a figure of the report: its SOP's visits finished in the period that
    match the figure's filters, a page at a time."""
    place = report_office(signed_in(request), office)
    if place is None:
        raise Http404
    form = behind.BehindForm(request.GET)
    if not form.is_valid():
        raise Http404
    code = form.cleaned_data["sop"]
    sops = [
        (sop, definition_of(version))
        for sop, version in selectors.office_sops(place)
        if not code or sop.code == code
    ]
    if code and not sops:
        raise Http404
    period = form.period(office_today(place), place.zone)
    visits = behind.visits_behind(place, period, sops, form.cleaned_data)
    page, rows = behind.cases_behind(visits, request.GET.get("halaman"))
    unit = form.cleaned_data.get("opd")
    context = {
        "office": place,
        "sop": sops[0][0] if code else None,
        "period": period,
        "asked": form.described([definition for _sop, definition in sops]),
        "unit": place.units.filter(pk=unit).first() if unit else None,
        "totals": behind.totals(visits),
        "page": page,
        "rows": rows,
        "minutes_per_day": calendar_for(place).minutes_per_day,
        "back": period.query() + (f"&sop={code}" if code else ""),
    }
    return render(request, "reports/cases_behind.html", context)
