"""Cetak SOP: the official SOP-AP document of one SOP version, as a page and as a PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from alur.cases import selectors
from alur.catalog.models import SopVersion
from alur.catalog.services import definition_of
from alur.sop import render_document, render_pdf
from alur.web.views._common import signed_in


def _version(request: HttpRequest, pk: int, number: int) -> SopVersion:
    version = selectors.office_sop_version(signed_in(request), pk, number)
    if version is None:
        raise Http404
    return version


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
    return render(request, "web/sop_print.html", context)


@login_required
def sop_print_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _version(request, pk, number)
    response = HttpResponse(render_pdf(definition_of(version)), content_type="application/pdf")
    name = f"sop-{version.sop.code}-v{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
