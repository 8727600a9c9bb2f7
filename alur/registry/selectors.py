"""Reads of the office's records for the Inventaris page."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from alur.offices.models import User
from alur.registry.models import Application, ElectronicSystem

PER_PAGE = 50


@dataclass(frozen=True)
class Registry:
    applications: Page[Application]
    systems: Page[ElectronicSystem]


def registry(
    user: User, *, applications_page: int | str | None = 1, systems_page: int | str | None = 1
) -> Registry:
    """One page of each of the office's records, by name; a person of a requesting OPD sees
    only that OPD's."""
    if user.office_id is None:
        return Registry(
            Paginator(Application.objects.none(), PER_PAGE).get_page(1),
            Paginator(ElectronicSystem.objects.none(), PER_PAGE).get_page(1),
        )
    applications = Application.objects.filter(office_id=user.office_id)
    systems = ElectronicSystem.objects.filter(office_id=user.office_id)
    if user.is_agency_person:
        applications = applications.filter(owner_id=user.unit_id)
        systems = systems.filter(owner_id=user.unit_id)
    return Registry(
        Paginator(
            applications.select_related("owner", "case").order_by("name", "pk"), PER_PAGE
        ).get_page(applications_page),
        Paginator(
            systems.select_related("owner", "case").order_by("name", "pk"), PER_PAGE
        ).get_page(systems_page),
    )
