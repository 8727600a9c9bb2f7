"""SOPs in force of the caller's office: the same selectors as the SOP pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router

from alur.api.auth import caller
from alur.api.schemas import Links, SopDetailOut, SopOut
from alur.catalog import selectors
from alur.catalog.models import Sop, SopVersion
from alur.catalog.services import definition_of

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
def sop_detail(request: HttpRequest, sop_id: int) -> SopDetailOut:
    version = selectors.published_sop_version(caller(request), sop_id)
    if version is None:
        raise Http404
    summary = _sop(version.sop, version)
    return SopDetailOut(
        **summary.model_dump(),
        checksum=version.checksum,
        in_force_from=version.in_force_from,
        definition=definition_of(version).model_dump(mode="json", exclude_none=True),
    )
