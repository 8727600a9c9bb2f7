"""Who may see a case and who may act on which lane of it. Checked in the services, not views.

- An officer of an office sees every case of that office; a person of a requesting OPD sees
  only the cases their own OPD requested; a member of the public (a requester with no office
  and no sign-in, ``alur.public``) only their own request; nobody sees another office's cases.
- A lane is acted on by the people holding its role in the case's office (the office's choice
  for the SOP's lane, else the definition's ``peran``: ``alur.catalog.lanes``), or
  standing in for it by a Plh/Plt delegation on that day. A requester lane (``pemohon: true``)
  is acted on by the people of the requesting OPD of the case; for an employee's or the
  public's request (``Case.requester_kind``), by the person who filed it only.
- The office's heads (pimpinan: who reads its performance report, assesses its SOPs and reads
  a case's timeline) hold, or stand in for on the day, a role at most ``HEAD_DEPTH`` levels
  below the top of the office's role tree (``Role.head``): the Kadis at the top, a Kabid under
  the Kadis, a Kasi or Sub Koordinator under a Kabid. The tree is the office's own setting, so
  an office with another structure adjusts its roles' heads, not code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Q, QuerySet

from alur.cases.models import Case
from alur.catalog.lanes import acting_role, role_of
from alur.common.reuse import remembered
from alur.offices.models import Delegation, Membership, Office, Role, User
from alur.sop import RequesterKind as SopRequesterKind
from alur.sop import Sop as SopDefinition


def role_codes(user: User, on: dt.date) -> set[str]:
    """The role codes ``user`` holds in their office on ``on``, delegations included: one
    query, asked once per request (``alur.common.reuse``)."""
    if user.office_id is None:
        return set()
    office_id = user.office_id

    def held() -> frozenset[str]:
        roles = Membership.objects.filter(user=user, role__office_id=office_id).values_list(
            "role__code", flat=True
        )
        delegated = Delegation.objects.filter(
            delegate=user, role__office_id=office_id, starts__lte=on, ends__gte=on
        ).values_list("role__code", flat=True)
        return frozenset(roles.union(delegated))

    return set(remembered(("cases.role_codes", user.pk, office_id, on), held))


HEAD_DEPTH = 2
"""Kadis 0, Kabid 1, Kasi / Sub Koordinator 2."""


def head_roles(office: Office) -> set[str]:
    """The codes of the office's roles within ``HEAD_DEPTH`` of the top of its role tree."""
    return set(remembered(("cases.head_roles", office.pk), lambda: _head_roles(office)))


def _head_roles(office: Office) -> frozenset[str]:
    heads = dict(Role.objects.filter(office=office).values_list("code", "head__code"))
    found: set[str] = set()
    for code in heads:
        current: str | None = heads[code]
        depth, seen = 0, {code}
        while current is not None and current not in seen and depth <= HEAD_DEPTH:
            seen.add(current)
            depth += 1
            current = heads.get(current)
        if depth <= HEAD_DEPTH and current is None:
            found.add(code)
    return frozenset(found)


def is_office_head(user: User | AnonymousUser, office: Office, on: dt.date) -> bool:
    """Whether ``user`` is one of ``office``'s heads on ``on`` (never a requesting OPD's person)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if user.office_id != office.pk or user.is_agency_person:
        return False
    return bool(role_codes(user, on) & head_roles(office))


def visible_cases(user: User) -> QuerySet[Case]:
    if not user.is_authenticated or user.office_id is None:
        return Case.objects.none()
    cases = Case.objects.filter(office_id=user.office_id)
    if user.is_agency_person:
        cases = cases.filter(requester_unit_id=user.unit_id)
    return cases


def can_view(user: User, case: Case) -> bool:
    if not user.is_authenticated:
        return False
    if user.office_id is None:
        # A member of the public (no office, no sign-in) sees their own request only.
        return user.pk == case.requester_id
    if user.office_id != case.office_id:
        return False
    return not user.is_agency_person or user.unit_id == case.requester_unit_id


def _in_requester_lane(user: User, case: Case) -> bool:
    """Whether ``user`` acts in the requester's lane of ``case``: anyone of the requesting OPD
    for an OPD's request, only the person who filed for an employee's or the public's."""
    if case.requester_acts_alone:
        return user.pk == case.requester_id
    return user.unit_id == case.requester_unit_id


def lanes_of(user: User, case: Case, definition: SopDefinition, on: dt.date) -> set[str]:
    """The lanes of ``definition`` that ``user`` may act in for ``case`` on day ``on``."""
    if not can_view(user, case):
        return set()
    roles = role_codes(user, on)
    lanes: set[str] = set()
    for lane in definition.pelaksana:
        if lane.pemohon:
            if _in_requester_lane(user, case):
                lanes.add(lane.id)
        elif role_of(case.sop_version_id, lane) in roles and not user.is_agency_person:
            lanes.add(lane.id)
    return lanes


def acting_delegation(
    user: User, case: Case, definition: SopDefinition, lane_id: str, on: dt.date
) -> Delegation | None:
    """The Plh/Plt delegation through which ``user`` acts in ``lane_id`` of ``case`` on ``on``,
    for the record: a lane ``lanes_of`` gives the person, whose role they do not hold
    themselves but stand in for by a delegation of that day (the delegations ``role_codes``
    counts). ``None`` for a lane they hold in their own right, a requester lane, or a lane they
    may not act in at all."""
    lane = definition.lanes[lane_id]
    if lane.pemohon or lane_id not in lanes_of(user, case, definition, on):
        return None
    office_id = case.office_id  # the person's own office: ``lanes_of`` gave them the lane
    role = role_of(case.sop_version_id, lane)
    own = Membership.objects.filter(user=user, role__office_id=office_id, role__code=role)
    return (
        Delegation.objects.filter(
            ~Exists(own),
            delegate=user,
            role__office_id=office_id,
            role__code=role,
            starts__lte=on,
            ends__gte=on,
        )
        .select_related("role")
        .order_by("-starts", "-pk")
        .first()
    )


def starting_lanes(
    user: User, definition: SopDefinition, chosen: Mapping[str, str], on: dt.date
) -> set[str]:
    """The lanes of the first step ``user`` would act in by opening a request of
    ``definition``, whose lanes' roles the office chose as ``chosen`` (``catalog.lanes``):
    a requester lane for a person of a requesting OPD (when the SOP takes requests of OPDs), or
    for an employee of the office when it takes theirs (``jenis_pemohon: [asn]``); a lane whose
    role the person holds for an officer. Empty when the person cannot open such a request."""
    if user.office_id is None or user.unit_id is None:
        return set()
    roles = role_codes(user, on)
    kinds = definition.requester_kinds
    lanes = set()
    for lane_id in definition.first_step.lanes:
        lane = definition.lanes[lane_id]
        if user.is_agency_person:
            acts = lane.pemohon and SopRequesterKind.OPD in kinds
        elif lane.pemohon:
            acts = SopRequesterKind.ASN in kinds
        else:
            acts = acting_role(lane, chosen) in roles
        if acts:
            lanes.add(lane_id)
    return lanes


def people_for_lane(case: Case, definition: SopDefinition, lane_id: str, on: dt.date) -> Q:
    """A filter of the users who may act in ``lane_id`` of ``case`` on ``on``."""
    lane = definition.lanes[lane_id]
    if lane.pemohon:
        return Q(unit_id=case.requester_unit_id)
    role = role_of(case.sop_version_id, lane)
    role_filter = Q(office_id=case.office_id) & (
        Q(memberships__role__office_id=case.office_id, memberships__role__code=role)
        | Q(
            delegations__role__office_id=case.office_id,
            delegations__role__code=role,
            delegations__starts__lte=on,
            delegations__ends__gte=on,
        )
    )
    return role_filter & ~Q(unit__kind="opd")
