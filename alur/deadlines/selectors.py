"""Reads about deadlines: the office's policy, the changes of a case's dues, who is told and
who may change a due.

A step's due is its latest agreed change (``Task.changed_due_at``, kept with each ``DueChange``)
or else ``Task.due_at``, the target the engine set when the step opened; that target is never
rewritten. The due states themselves are the case's (``alur.cases.due``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from alur.cases import permissions
from alur.cases.models import Case, Task
from alur.catalog.lanes import role_of
from alur.deadlines.models import DeadlinePolicy, DueChange, ServiceExtension
from alur.offices.models import Office, Role, User
from alur.sop import Sop as SopDefinition
from alur.sop import Unit


def policy_for(office: Office) -> DeadlinePolicy:
    """The office's policy, or the defaults (unsaved) when it has none."""
    policy = DeadlinePolicy.objects.filter(office=office).first()
    return policy if policy is not None else DeadlinePolicy(office=office)


def due_changes(case: Case) -> QuerySet[DueChange]:
    return (
        DueChange.objects.filter(task__case=case)
        .select_related("task", "changed_by")
        .order_by("changed_at", "id")
    )


def extensions_granted(task: Task) -> int:
    """How many times the due of this visit has been extended."""
    return DueChange.objects.filter(task=task, kind=DueChange.Kind.EXTENSION).count()


def extensions_used_up(definition: SopDefinition, task: Task) -> bool:
    """Whether the SOP allows this visit no further extension (a scheduled step's plan may
    still change)."""
    step = definition.steps[task.step]
    rule = step.perpanjangan
    if rule is None or rule.kali is None or step.duration.unit is Unit.SCHEDULED:
        return False
    return extensions_granted(task) >= rule.kali


def service_extensions_granted(case: Case) -> int:
    """How many times the case's service deadline has been extended."""
    return ServiceExtension.objects.filter(case=case).count()


def service_extensions(case: Case) -> QuerySet[ServiceExtension]:
    return ServiceExtension.objects.filter(case=case).select_related("changed_by")


def may_extend_service(user: User, case: Case, definition: SopDefinition, on: dt.date) -> bool:
    """Whoever the SOP's ``perpanjangan`` names (a lane), else the office's default head."""
    rule = definition.perpanjangan
    if rule is not None and rule.oleh is not None:
        return rule.oleh in permissions.lanes_of(user, case, definition, on)
    head = policy_for(case.office).default_head
    return head is not None and people_of_role(head, on).filter(pk=user.pk).exists()


def service_extensions_used_up(definition: SopDefinition, case: Case) -> bool:
    rule = definition.perpanjangan
    if rule is None or rule.kali is None:
        return False
    return service_extensions_granted(case) >= rule.kali


# --- who is told ------------------------------------------------------------------------------


def people_of_role(role: Role, on: dt.date) -> QuerySet[User]:
    """The holders of ``role`` and those standing in for it (Plh/Plt) on ``on``."""
    return (
        User.objects.filter(
            Q(memberships__role=role)
            | Q(delegations__role=role, delegations__starts__lte=on, delegations__ends__gte=on),
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


def head_role(office: Office, lane_role: str | None, policy: DeadlinePolicy) -> Role | None:
    """The role above a lane's role (``Role.head``), else the office's default head."""
    if lane_role:
        role = Role.objects.filter(office=office, code=lane_role).select_related("head").first()
        if role is not None and role.head is not None:
            return role.head
    return policy.default_head


def heads_of_lanes(
    case: Case, definition: SopDefinition, lanes: Iterable[str], on: dt.date
) -> list[User]:
    """The people above the given lanes of ``case``: whoever holds each lane's head role."""
    policy = policy_for(case.office)
    heads: dict[int, User] = {}
    for lane_id in lanes:
        lane = definition.lanes[lane_id]
        role = head_role(case.office, role_of(case.sop_version_id, lane) or None, policy)
        if role is not None:
            heads.update({user.pk: user for user in people_of_role(role, on)})
    return list(heads.values())


def is_head_of(user: User, case: Case, definition: SopDefinition, task: Task, on: dt.date) -> bool:
    """Whether ``user`` is among ``heads_of_lanes`` of ``task``'s lanes, asked of the person's
    own roles (read once per request) rather than by listing every holder of each head role."""
    if not user.is_active or user.office_id != case.office_id:
        return False
    held = permissions.role_codes(user, on)
    if not held:
        return False
    # The rule of ``head_role``, on the office's role tree read once per request; the policy's
    # default head is asked for only when a lane's role has no head of its own.
    heads = permissions.role_heads(case.office_id)
    default: list[str | None] = []
    for lane_id in task.lanes:
        lane_role = role_of(case.sop_version_id, definition.lanes[lane_id]) or None
        head = heads.get(lane_role) if lane_role else None
        if head is None:
            if not default:
                default.append(_default_head_code(case.office))
            head = default[0]
        if head is not None and head in held:
            return True
    return False


def _default_head_code(office: Office) -> str | None:
    """The code of the office's default head role (``DeadlinePolicy.default_head``), if set."""
    code: str | None = (
        DeadlinePolicy.objects.filter(office=office).values_list("default_head__code", flat=True)
    ).first()
    return code


def may_extend(user: User, case: Case, definition: SopDefinition, task: Task, on: dt.date) -> bool:
    """Whoever the step's ``perpanjangan`` names (a lane), else the head of the step's lane."""
    rule = definition.steps[task.step].perpanjangan
    if rule is not None and rule.oleh is not None:
        return rule.oleh in permissions.lanes_of(user, case, definition, on)
    return is_head_of(user, case, definition, task, on)


def planner_lanes(definition: SopDefinition, step_no: int) -> set[str]:
    """The lanes of the steps that record the date a "Sesuai jadwal" step is due at."""
    field = definition.steps[step_no].jadwal
    if field is None:
        return set()
    return {
        lane
        for planning in definition.langkah
        if any(f.id == field for f in planning.isian)
        for lane in planning.lanes
    }


def is_planner_of(
    user: User, case: Case, definition: SopDefinition, task: Task, on: dt.date
) -> bool:
    lanes = permissions.lanes_of(user, case, definition, on)
    return bool(lanes & planner_lanes(definition, task.step))


def may_change_due(
    user: User, case: Case, definition: SopDefinition, task: Task, on: dt.date
) -> bool:
    """Whoever may extend the task (``may_extend``); a scheduled step's planners may move it,
    as may the head of its lane."""
    scheduled = definition.steps[task.step].duration.unit is Unit.SCHEDULED
    if scheduled:
        return is_planner_of(user, case, definition, task, on) or is_head_of(
            user, case, definition, task, on
        )
    return may_extend(user, case, definition, task, on)


def owner_roles(office: Office) -> list[Role]:
    """The roles that own the office's SOPs: ``DeadlinePolicy.review_role``, else the office's
    top roles (those without a head, the Kadis)."""
    policy = policy_for(office)
    if policy.review_role is not None:
        return [policy.review_role]
    return list(Role.objects.filter(office=office, head__isnull=True).order_by("pk"))


def office_admins(office: Office) -> list[User]:
    """The office's administrators who can sign in: who hears an escalation no head hears."""
    return list(
        User.objects.filter(office=office, is_office_admin=True, is_active=True).order_by("pk")
    )


def review_owners(office: Office, on: dt.date) -> list[User]:
    """Who reviews the office's SOPs: its admins and the owner role (default: the top roles)."""
    people = {u.pk: u for u in office_admins(office)}
    for role in owner_roles(office):
        people.update({u.pk: u for u in people_of_role(role, on)})
    return [people[pk] for pk in sorted(people)]


def service_heads(
    case: Case, definition: SopDefinition, tasks: Iterable[Task], on: dt.date
) -> list[User]:
    """Who hears that a case's service deadline has passed: the heads of the lanes still to act
    on its open steps (as a late step is escalated) and the SOP's owner (``owner_roles``), who
    answers for the whole service."""
    waiting = [lane for task in tasks for lane in task.lanes if lane not in task.confirmed_by]
    people = {u.pk: u for u in heads_of_lanes(case, definition, waiting, on)}
    for role in owner_roles(case.office):
        people.update({u.pk: u for u in people_of_role(role, on)})
    return [people[pk] for pk in sorted(people)]
