"""Tugas saya, Inventaris and the SOP pages: reads only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from alur.cases import selectors
from alur.catalog.services import definition_of
from alur.sop import chart_svg_pages, to_bpmn
from alur.web.views._common import signed_in


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = selectors.inbox(signed_in(request), now=timezone.now())
    return render(request, "web/inbox.html", {"rows": rows})


@login_required
def registry(request: HttpRequest) -> HttpResponse:
    records = selectors.registry(signed_in(request))
    return render(request, "web/registry.html", {"registry": records})


@login_required
def sop_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/sop_list.html", {"sops": selectors.office_sops(signed_in(request))})


@login_required
def sop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.published_sop_version(signed_in(request), pk)
    if version is None:
        raise Http404
    definition = definition_of(version)
    context = {
        "sop": version.sop,
        "version": version,
        "definition": definition,
        "flow": selectors.flow_rows(definition),
        "versions": selectors.sop_versions(version.sop),
        # Alur's own SVG, drawn from the definition with every text escaped.
        "chart_pages": [mark_safe(svg) for svg in chart_svg_pages(definition)],  # noqa: S308
    }
    return render(request, "web/sop_detail.html", context)


@login_required
def sop_bpmn(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One version of an SOP as a BPMN 2.0 file, for the same people as the SOP page."""
    version = selectors.sop_version(signed_in(request), pk, number)
    if version is None:
        raise Http404
    response = HttpResponse(to_bpmn(definition_of(version)), content_type="application/xml")
    filename = f"{version.sop.code}-v{version.number}.bpmn"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
