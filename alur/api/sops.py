"""SOPs in force of the caller's office: the same selectors as the SOP pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router

from alur.api.auth import caller
from alur.api.schemas import Links, ProblemOut, RowId, SopDetailOut, SopOut
from alur.catalog import selectors
from alur.catalog.models import Sop, SopVersion
from alur.catalog.services import definition_of
from alur.common.http import found
from alur.sop import chart_svg

router = Router(tags=["sop"])


def _links(sop: Sop, version: SopVersion | None) -> Links:
    if version is None:
        return Links(page=reverse("sop_detail", args=[sop.pk]))
    number = [sop.pk, version.number]
    return Links(
        page=reverse("sop_detail", args=[sop.pk]),
        print_html=reverse("sop_print", args=number),
        print_pdf=reverse("sop_print_pdf", args=number),
        bpmn=reverse("sop_bpmn", args=number),
        chart_svg=reverse("api-v1:sop_chart", args=[sop.pk]),
    )


def _sop(sop: Sop, version: SopVersion | None) -> SopOut:
    return SopOut(
        id=sop.pk,
        code=sop.code,
        name=sop.name,
        version=None if version is None else version.number,
        links=_links(sop, version),
    )


@router.get("/sop", response=list[SopOut], summary="SOPs in force of the caller's office")
def sop_list(request: HttpRequest) -> list[SopOut]:
    sops = selectors.office_sops(caller(request))
    return [_sop(sop, sop.published[0]) for sop in sops if sop.published]  # type: ignore[attr-defined]


@router.get("/sop/{sop_id}", response=SopDetailOut, summary="One SOP in force, with its definition")
def sop_detail(request: HttpRequest, sop_id: RowId) -> SopDetailOut:
    version = found(selectors.published_sop_version(caller(request), sop_id))
    summary = _sop(version.sop, version)
    return SopDetailOut(
        **summary.model_dump(),
        checksum=version.checksum,
        in_force_from=version.in_force_from,
        definition=definition_of(version).model_dump(mode="json", exclude_none=True),
    )


@router.get(
    "/sop/{sop_id}/chart.svg",
    response={404: ProblemOut},
    url_name="sop_chart",
    summary="The flow chart of one SOP in force, in its lanes, as SVG",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The chart as the printed SOP draws it",
                "content": {"image/svg+xml": {"schema": {"type": "string"}}},
            }
        }
    },
)
def sop_chart(request: HttpRequest, sop_id: RowId) -> HttpResponse:
    """The bagan alur of the version in force, drawn as the print draws it (one SVG; the print
    splits a long chart into pages)."""
    version = found(selectors.published_sop_version(caller(request), sop_id))
    response = HttpResponse(chart_svg(definition_of(version)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="{version.sop.code}.svg"'
    return response
