"""Who may see a case and who may act on which lane of it. Checked in the services, not views.

- An officer of an office sees every case of that office; a person of a requesting OPD sees
  only the cases their own OPD requested; a member of the public (a requester with no office
  and no sign-in, ``alur.public``) only their own request; nobody sees another office's cases.
- A lane is acted on by the people holding its role in the case's office (the office's choice
  for the SOP's lane, else the definition's ``peran``: ``alur.catalog.lanes``), or
  standing in for it by a Plh/Plt delegation on that day. A requester lane (``pemohon: true``)
  is acted on by the people of the requesting OPD of the case; for an employee's or the
  public's request (``Case.requester_kind``), by the person who filed it only.
- A request is withdrawn, and the office written to about it, by the person who filed it
  (``is_requester``) only: with their account, or a member of the public from the request's
  status page.
- The office's heads (pimpinan: who reads its performance report, assesses its SOPs and reads
  a case's timeline) hold, or stand in for on the day, a role at most ``HEAD_DEPTH`` levels
  below the top of the office's role tree (``Role.head``): the Kadis at the top, a Kabid under
  the Kadis, a Kasi or Sub Koordinator under a Kabid. The tree is the office's own setting, so
  an office with another structure adjusts its roles' heads, not code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Q, QuerySet, Value

from alur.cases.models import Case, RequesterKind
from alur.catalog.lanes import acting_role, role_of
from alur.common.reuse import remembered
from alur.offices.models import Delegation, Membership, Office, Role, User
from alur.sop import RequesterKind as SopRequesterKind
from alur.sop import Sop as SopDefinition


def role_codes(user: User, on: dt.date) -> set[str]:
    """The role codes ``user`` holds in their office on ``on``, delegations included: one
    query, asked once per request (``alur.common.reuse``)."""
    own, delegated = _held_roles(user, on)
    return set(own | delegated)


def _held_roles(user: User, on: dt.date) -> tuple[frozenset[str], frozenset[str]]:
    """The role codes ``user`` holds in their own right and those they stand in for by a
    delegation on ``on``: one query, asked once per request (``alur.common.reuse``)."""
    if user.office_id is None:
        return frozenset(), frozenset()
    office_id = user.office_id

    def held() -> tuple[frozenset[str], frozenset[str]]:
        roles = Membership.objects.filter(user=user, role__office_id=office_id).values_list(
            "role__code", Value(True)
        )
        delegated = Delegation.objects.filter(
            delegate=user, role__office_id=office_id, starts__lte=on, ends__gte=on
        ).values_list("role__code", Value(False))
        rows = list(roles.union(delegated))
        return (
            frozenset(code for code, own in rows if own),
            frozenset(code for code, own in rows if not own),
        )

    return remembered(("cases.held_roles", user.pk, office_id, on), held)


HEAD_DEPTH = 2
"""Kadis 0, Kabid 1, Kasi / Sub Koordinator 2."""


def role_heads(office_id: int) -> Mapping[str, str | None]:
    """The office's role tree: each role's code with the code of the role above it (``None``
    at the top), read once per request (``alur.common.reuse``)."""

    def read() -> Mapping[str, str | None]:
        return MappingProxyType(
            dict(Role.objects.filter(office_id=office_id).values_list("code", "head__code"))
        )

    return remembered(("cases.role_heads", office_id), read)


def head_roles(office: Office) -> set[str]:
    """The codes of the office's roles within ``HEAD_DEPTH`` of the top of its role tree."""
    return set(remembered(("cases.head_roles", office.pk), lambda: _head_roles(office)))


def _head_roles(office: Office) -> frozenset[str]:
    heads = role_heads(office.pk)
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


def overseen_roles(user: User, on: dt.date) -> set[str]:
    """The codes of the roles of ``user``'s office whose lanes they may watch on ``on``: those
    they hold (a Plh/Plt delegation of the day included) and every role below one of them in
    the office's role tree (``Role.head``, any depth). Never a requesting OPD's person."""
    if user.office_id is None or user.is_agency_person:
        return set()
    held = role_codes(user, on)
    if not held:
        return set()
    heads = role_heads(user.office_id)
    overseen = set()
    for code in heads:
        current: str | None = code
        seen: set[str] = set()
        while current is not None and current not in seen:
            if current in held:
                overseen.add(code)
                break
            seen.add(current)
            current = heads.get(current)
    return overseen


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


def is_requester(user: User, case: Case) -> bool:
    """Whether ``user`` is the person who filed ``case``: an OPD's person or an employee
    filing for themselves with their account, or the member of the public who filed it
    (``Case.requester_kind``). Not a case an officer opened in their own lane, nor a scheduled
    one; not another person of the requesting OPD."""
    if not (user.is_authenticated and user.pk == case.requester_id and can_view(user, case)):
        return False
    if case.requester_kind == RequesterKind.PUBLIC:
        # Their record has no sign-in (inactive, no office): ``alur.public`` acts for them
        # once the status page's access is proven, as it does for their returned steps.
        return user.office_id is None
    return user.is_active and case.requester_kind in (RequesterKind.OPD, RequesterKind.ASN)


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
    if role in _held_roles(user, on)[0]:
        return None  # their own role: no delegation to name, and no query to ask
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
    """A filter of the users who may act in ``lane_id`` of ``case`` on ``on`` (as
    ``lanes_of`` decides for one person)."""
    lane = definition.lanes[lane_id]
    if lane.pemohon:
        if case.requester_acts_alone:
            return Q(pk=case.requester_id)
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


def people_for_lanes(
    case: Case, definition: SopDefinition, lane_ids: Iterable[str], on: dt.date
) -> Q:
    """A filter of the users who may act in any of ``lane_ids`` of ``case`` on ``on``; it
    joins memberships and delegations, so read the users it finds by their ids
    (``pk__in``) to count each once."""
    found = Q(pk__in=[])
    for lane_id in lane_ids:
        found |= people_for_lane(case, definition, lane_id, on)
    return found
