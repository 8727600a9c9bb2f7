"""Which lanes of the office's published SOPs a role acts in, on the role's settings page (the
slot ``settings.role``).

The role page belongs to offices and the SOPs to catalog, a package of the same layer that
imports offices: offices may not import catalog back (the packages' imports form no cycle). The
page shell joins the apps, so it reads both and fills the slot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.template import Context
from django.template.loader import render_to_string

from alur.catalog.lanes import acting_role, chosen_roles_of
from alur.catalog.models import SopVersion, in_force_on
from alur.catalog.services import definition_of, office_today
from alur.offices.models import Role
from alur.sop import SopInvalid


@dataclass(frozen=True)
class LaneUse:
    sop_pk: int
    sop_name: str
    version: int
    lanes: list[str]


def role_lane_uses(role: Role) -> list[LaneUse]:
    """The office's SOPs in force today with a lane the role acts in (``catalog.lanes``)."""
    uses = []
    versions = list(
        SopVersion.objects.filter(
            in_force_on(office_today(role.office)), sop__office_id=role.office_id
        )
        .select_related("sop")
        .order_by("sop__name")
    )
    chosen = chosen_roles_of(version.pk for version in versions)
    for version in versions:
        try:
            definition = definition_of(version)
        except SopInvalid:
            continue  # published versions were checked; one that no longer reads names no lane
        lanes = [
            lane.nama
            for lane in definition.pelaksana
            if not lane.pemohon and acting_role(lane, chosen[version.pk]) == role.code
        ]
        if lanes:
            uses.append(LaneUse(version.sop_id, version.sop.name, version.number, lanes))
    return uses


def role_lanes(context: Context, values: Mapping[str, Any]) -> str:
    role = values["role"]
    return render_to_string(
        "web/role_lanes.html",
        {"role": role, "uses": role_lane_uses(role)},
        request=context.get("request"),
    )
