"""Which of an office's roles acts in which lane of its SOPs.

A definition names each lane's role by a code (``peran``, or the lane's id). The office may
choose another of its roles for a lane (``LaneRole``); the choice holds for every version of
the SOP, running cases included. Everything that asks who acts in a lane (the permission
check, a person's inbox, the readiness check, the deadlines' heads) asks ``role_of``::

    role_of(case.sop_version_id, lane)   # the office's choice, else the definition's code

The choices of an SOP are read in one query, once per request (``alur.common.reuse``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from django.db import transaction
from django.utils.translation import gettext as _

from alur.catalog.models import LaneRole, Sop, SopVersion
from alur.catalog.services import definition_of
from alur.common.errors import Invalid
from alur.common.reuse import remembered
from alur.offices.changes import record_change
from alur.offices.models import Membership, Role, User
from alur.sop import Lane


def chosen_roles(version_id: int) -> Mapping[str, str]:
    """The office's choices for the lanes of the SOP of version ``version_id``: lane id → role
    code, for the lanes that have one."""

    def read() -> Mapping[str, str]:
        rows = LaneRole.objects.filter(sop__versions=version_id).values_list("lane", "role__code")
        return MappingProxyType(dict(rows))

    return remembered(("catalog.lane_roles", version_id), read)


def chosen_roles_of(version_ids: Iterable[int]) -> dict[int, Mapping[str, str]]:
    """``chosen_roles`` of many versions in one query: version id → lane id → role code."""
    found: dict[int, dict[str, str]] = {pk: {} for pk in version_ids}
    rows = LaneRole.objects.filter(sop__versions__in=found).values_list(
        "sop__versions", "lane", "role__code"
    )
    for version_id, lane, code in rows:
        found[version_id][lane] = code
    return {pk: MappingProxyType(choices) for pk, choices in found.items()}


def acting_role(lane: Lane, chosen: Mapping[str, str]) -> str:
    """The code of the role that acts in ``lane`` when the office chose ``chosen`` for its
    SOP's lanes: the choice, else the definition's code; empty for a requester lane, which the
    requesting OPD's people act in."""
    if lane.pemohon:
        return ""
    return chosen.get(lane.id, lane.role)


def role_of(version_id: int, lane: Lane) -> str:
    """``acting_role`` of ``lane`` of the SOP of version ``version_id``."""
    return acting_role(lane, chosen_roles(version_id))


@dataclass
class LaneRow:
    """One lane of an SOP on the mapping page: as its versions write it and as the office
    chose."""

    id: str
    name: str
    written: str
    """The role code the newest version that has the lane names."""
    versions: list[int] = field(default_factory=list)
    chosen: Role | None = None
    written_role: Role | None = None
    people: int = 0
    """Active people holding the role that acts (chosen, else written)."""

    @property
    def acting(self) -> Role | None:
        return self.chosen or self.written_role


def _staff_lanes(sop: Sop) -> dict[str, LaneRow]:
    """The staff lanes of ``sop``'s versions that are not withdrawn, newest version's order
    first, as the versions write them."""
    rows: dict[str, LaneRow] = {}
    versions = sop.versions.exclude(status=SopVersion.Status.WITHDRAWN).order_by("-number")
    for version in versions:
        for lane in definition_of(version).pelaksana:
            if lane.pemohon:
                continue
            row = rows.setdefault(lane.id, LaneRow(id=lane.id, name=lane.nama, written=lane.role))
            row.versions.append(version.number)
    return rows


def lane_rows(sop: Sop) -> list[LaneRow]:
    """The staff lanes of ``sop``'s versions that are not withdrawn (newest version's order
    first), each with the role that acts in it and how many active people hold that role."""
    rows = _staff_lanes(sop)
    roles = {role.code: role for role in Role.objects.filter(office_id=sop.office_id)}
    by_pk = {role.pk: role for role in roles.values()}
    for choice in LaneRole.objects.filter(sop=sop):
        if choice.lane in rows:
            rows[choice.lane].chosen = by_pk.get(choice.role_id)
    staffed: dict[int, int] = {}
    for role_id in Membership.objects.filter(
        role__office_id=sop.office_id, user__is_active=True
    ).values_list("role_id", flat=True):
        staffed[role_id] = staffed.get(role_id, 0) + 1
    for row in rows.values():
        row.written_role = roles.get(row.written)
        acting = row.acting
        row.people = staffed.get(acting.pk, 0) if acting is not None else 0
    return list(rows.values())


@transaction.atomic
def lane_roles_save(*, sop: Sop, chosen: Mapping[str, Role | None], actor: User) -> int:
    """Set the role of each lane in ``chosen`` (None: the definition's own code) and move the
    open steps of ``sop``'s running cases to the people of the new roles at once. Recorded in
    the office's settings log. Gives the number of open lanes of running cases that changed
    hands."""
    Sop.objects.select_for_update().filter(pk=sop.pk).first()
    known = _staff_lanes(sop)
    for lane_id, role in chosen.items():
        if lane_id not in known:
            raise Invalid(_("SOP ini tidak punya lajur '%(lane)s'.") % {"lane": lane_id})
        if role is not None and role.office_id != sop.office_id:
            raise Invalid(_("Peran '%(role)s' bukan peran kantor ini.") % {"role": role.code})
    current = {row.lane: row for row in LaneRole.objects.filter(sop=sop).select_related("role")}
    before = {lane: row.role.code for lane, row in current.items()}
    for lane_id, role in chosen.items():
        if role is None:
            LaneRole.objects.filter(sop=sop, lane=lane_id).delete()
        else:
            LaneRole.objects.update_or_create(sop=sop, lane=lane_id, defaults={"role": role})
    after = dict(LaneRole.objects.filter(sop=sop).values_list("lane", "role__code"))
    if before == after:
        return 0
    record_change(
        office=sop.office,
        actor=actor,
        subject=f"SOP {sop.code}: peran lajur",
        action="diubah",
        before={"peran lajur": before},
        after={"peran lajur": after},
    )
    return sum(hand_over(sop, MappingProxyType(after)) for hand_over in _HAND_OVERS)


def lanes_follow_renamed_role(sender: object, *, role: Role, old: str, **_kwargs: object) -> None:
    """A role's code changed (``offices.structure.role_code_changed``): every lane of the
    office's SOPs that named the old code and had no choice of its own now chooses the role
    itself, so it keeps acting there whatever its code."""
    for sop in Sop.objects.filter(office_id=role.office_id):
        for row in lane_rows(sop):
            if row.written == old and row.chosen is None:
                LaneRole.objects.create(sop=sop, lane=row.id, role=role)


HandOver = Callable[[Sop, Mapping[str, str]], int]
_HAND_OVERS: list[HandOver] = []


def hand_over_register(hand_over: HandOver) -> None:
    """Have ``hand_over(sop, chosen)`` called in the transaction that changes the roles of
    ``sop``'s lanes to ``chosen``; it gives the number of open lanes it gave to other people.
    The cases app registers the rewrite of its running cases' open lanes (the rows a person's
    inbox reads): this layer does not reach the cases."""
    if hand_over not in _HAND_OVERS:
        _HAND_OVERS.append(hand_over)
