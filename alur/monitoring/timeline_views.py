"""The auditor's timeline of one case: a printable page, its PDF and its XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from alur.cases import selectors as case_selectors
from alur.common.http import PDF, XLSX, download, found
from alur.monitoring import documents, exports, selectors
from alur.monitoring.selectors import Timeline
from alur.monitoring.views import refused
from alur.offices.auth import signed_in


def _timeline(request: HttpRequest, pk: int) -> Timeline | HttpResponse:
    user = signed_in(request)
    case = found(case_selectors.case_for(user, pk))
    now = timezone.now()
    if not selectors.may_assess(user, case.office, now=now):
        return refused(request, case.office.name)
    return selectors.timeline(case, user, now=now)


def _context(timeline: Timeline) -> dict[str, object]:
    return {
        "timeline": timeline,
        "page": timeline.page,
        "case": timeline.case,
        "zone": timeline.case.office.zone,
        "printed_at": timezone.now(),
    }


def _filename(timeline: Timeline, extension: str) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in timeline.case.number).strip("-")
    return f"linimasa-{safe}.{extension}"


@login_required
def case_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    timeline = _timeline(request, pk)
    if isinstance(timeline, HttpResponse):
        return timeline
    return render(request, "monitoring/timeline.html", _context(timeline))


@login_required
def case_timeline_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    timeline = _timeline(request, pk)
    if isinstance(timeline, HttpResponse):
        return timeline
    content = documents.html_pdf("monitoring/timeline_pdf.html", _context(timeline))
    return download(content, PDF, _filename(timeline, "pdf"))


@login_required
def case_timeline_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    timeline = _timeline(request, pk)
    if isinstance(timeline, HttpResponse):
        return timeline
    return download(exports.timeline_xlsx(timeline), XLSX, _filename(timeline, "xlsx"))
