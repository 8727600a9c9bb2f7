"""Reads of the office's records for the Inventaris page and the API: the same records for both,
the office's own, and for a person of a requesting OPD only that OPD's."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from alur.offices.models import User
from alur.registry.models import Application, ElectronicSystem

PER_PAGE = 50


@dataclass(frozen=True)
class Registry:
    applications: Page[Application]
    systems: Page[ElectronicSystem]


def applications(user: User) -> QuerySet[Application]:
    """The applications ``user`` may see, by name."""
    if user.office_id is None:
        return Application.objects.none()
    found = Application.objects.filter(office_id=user.office_id)
    if user.is_agency_person:
        found = found.filter(owner_id=user.unit_id)
    return found.select_related("owner", "case").order_by("name", "pk")


def systems(user: User) -> QuerySet[ElectronicSystem]:
    """The electronic systems ``user`` may see, by name."""
    if user.office_id is None:
        return ElectronicSystem.objects.none()
    found = ElectronicSystem.objects.filter(office_id=user.office_id)
    if user.is_agency_person:
        found = found.filter(owner_id=user.unit_id)
    return found.select_related("owner", "case").order_by("name", "pk")


def application(user: User, pk: int) -> Application | None:
    return applications(user).filter(pk=pk).first()


def system(user: User, pk: int) -> ElectronicSystem | None:
    return systems(user).filter(pk=pk).first()


def registry(
    user: User, *, applications_page: int | str | None = 1, systems_page: int | str | None = 1
) -> Registry:
    """One page of each of the office's records, by name; a person of a requesting OPD sees
    only that OPD's."""
    return Registry(
        Paginator(applications(user), PER_PAGE).get_page(applications_page),
        Paginator(systems(user), PER_PAGE).get_page(systems_page),
    )
