"""Reads of the office's records for the Inventaris page."""

from __future__ import annotations

from dataclasses import dataclass

from alur.offices.models import User
from alur.registry.models import Application, ElectronicSystem


@dataclass(frozen=True)
class Registry:
    applications: list[Application]
    systems: list[ElectronicSystem]


def registry(user: User) -> Registry:
    """The office's records; a person of a requesting OPD sees only that OPD's."""
    if user.office_id is None:
        return Registry([], [])
    applications = Application.objects.filter(office_id=user.office_id)
    systems = ElectronicSystem.objects.filter(office_id=user.office_id)
    if user.is_agency_person:
        applications = applications.filter(owner_id=user.unit_id)
        systems = systems.filter(owner_id=user.unit_id)
    return Registry(
        list(applications.select_related("owner", "case").order_by("name")),
        list(systems.select_related("owner", "case").order_by("name")),
    )
