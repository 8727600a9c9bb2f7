"""Inventaris: the office's applications and electronic systems as the SOPs' steps wrote them,
with the Inventaris page's selectors (a person of a requesting OPD sees only that OPD's)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from ninja import Router

from alur.api.auth import caller
from alur.api.schemas import (
    ApplicationOut,
    ApplicationPageOut,
    CaseRefOut,
    ProblemOut,
    RowId,
    SystemOut,
    SystemPageOut,
)
from alur.cases.models import Case
from alur.common.http import found
from alur.registry import selectors
from alur.registry.models import Application, ElectronicSystem

router = Router(tags=["inventaris"])


def _case(case: Case | None) -> CaseRefOut | None:
    if case is None:
        return None
    return CaseRefOut(
        id=case.pk, number=case.number, url=reverse("api-v1:case_detail", args=[case.pk])
    )


def _application(record: Application) -> ApplicationOut:
    return ApplicationOut(
        id=record.pk,
        name=record.name,
        description=record.description,
        kind=record.kind,
        owner=None if record.owner is None else record.owner.name,
        url=record.url,
        server=record.server,
        status=record.status,
        case=_case(record.case),
        updated_at=record.updated_at,
    )


def _system(record: ElectronicSystem) -> SystemOut:
    return SystemOut(
        id=record.pk,
        name=record.name,
        owner=None if record.owner is None else record.owner.name,
        registration_number=record.registration_number,
        registered_on=record.registered_on,
        url=record.url,
        case=_case(record.case),
        updated_at=record.updated_at,
    )


@router.get(
    "/registry/applications",
    response=ApplicationPageOut,
    summary="The applications of the caller's office, by name",
)
def application_list(request: HttpRequest, page: int = 1) -> ApplicationPageOut:
    rows = Paginator(selectors.applications(caller(request)), selectors.PER_PAGE).get_page(page)
    return ApplicationPageOut(
        items=[_application(record) for record in rows],
        page=rows.number,
        pages=rows.paginator.num_pages,
    )


@router.get(
    "/registry/applications/{application_id}",
    response={200: ApplicationOut, 404: ProblemOut},
    summary="One application",
)
def application_detail(request: HttpRequest, application_id: RowId) -> ApplicationOut:
    return _application(found(selectors.application(caller(request), application_id)))


@router.get(
    "/registry/systems",
    response=SystemPageOut,
    summary="The electronic systems of the caller's office, by name",
)
def system_list(request: HttpRequest, page: int = 1) -> SystemPageOut:
    rows = Paginator(selectors.systems(caller(request)), selectors.PER_PAGE).get_page(page)
    return SystemPageOut(
        items=[_system(record) for record in rows], page=rows.number, pages=rows.paginator.num_pages
    )


@router.get(
    "/registry/systems/{system_id}",
    response={200: SystemOut, 404: ProblemOut},
    summary="One electronic system",
)
def system_detail(request: HttpRequest, system_id: RowId) -> SystemOut:
    return _system(found(selectors.system(caller(request), system_id)))
