"""The SOP pages: the office's SOPs, one SOP with its chart, and Cetak SOP (the official SOP-AP
document of one version, as a page and a PDF) and its BPMN file. Reads only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from alur.catalog import selectors
from alur.catalog.models import SopVersion
from alur.catalog.services import definition_of
from alur.common.http import PDF, download, found
from alur.offices.auth import signed_in
from alur.sop import SopInvalid, chart_svg_pages, render_document, render_pdf, to_bpmn

SOPS_PER_PAGE = 50


@login_required
def sop_list(request: HttpRequest) -> HttpResponse:
    sops = selectors.office_sops(signed_in(request))
    page = Paginator(sops, SOPS_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "catalog/sop_list.html", {"sops": page})


@login_required
def sop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = found(selectors.published_sop_version(signed_in(request), pk))
    definition = definition_of(version)
    context = {
        "sop": version.sop,
        "version": version,
        "definition": definition,
        "flow": selectors.flow_rows(definition),
        "versions": selectors.sop_versions(version.sop),
        "start_plan": selectors.start_plan(version, timezone.now()),
        # Alur's own SVG, drawn from the definition with every text escaped.
        "chart_pages": [mark_safe(svg) for svg in chart_svg_pages(definition)],  # noqa: S308
    }
    return render(request, "catalog/sop_detail.html", context)


def _version(request: HttpRequest, pk: int, number: int) -> SopVersion:
    """Any version, of any status, of one of the person's office's SOPs, as long as it checks:
    a draft still being written has no document to print yet."""
    version = found(selectors.sop_version(signed_in(request), pk, number))
    try:
        definition_of(version)
    except SopInvalid:
        raise Http404 from None
    return version


@login_required
def sop_bpmn(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One version of an SOP as a BPMN 2.0 file, for the same people as the SOP page."""
    version = _version(request, pk, number)
    filename = f"{version.sop.code}-v{version.number}.bpmn"
    return download(to_bpmn(definition_of(version)), "application/xml", filename)


@login_required
def sop_print(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _version(request, pk, number)
    document = render_document(definition_of(version))
    context = {
        "sop": version.sop,
        "version": version,
        # Alur's own markup, built from the definition with every value escaped.
        "document_css": mark_safe(document.css),  # noqa: S308
        "document_body": mark_safe(document.body),  # noqa: S308
    }
    return render(request, "catalog/sop_print.html", context)


@login_required
def sop_print_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _version(request, pk, number)
    name = f"sop-{version.sop.code}-v{version.number}.pdf"
    return download(render_pdf(definition_of(version)), PDF, name)
