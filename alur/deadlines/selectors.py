"""Reads about deadlines: the office's policy, the due a step is held to now, who is told.

A step's due is its latest agreed change (``DueChange``) or else ``Task.due_at``, the target
the engine set when the step opened; that target is never rewritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from alur.cases import permissions
from alur.cases.models import Case, Task
from alur.deadlines.models import DeadlinePolicy, DueChange
from alur.offices.models import Office, Role, User
from alur.sop import Duration, OfficeCalendar, Unit, target_step
from alur.sop import Sop as SopDefinition


def policy_for(office: Office) -> DeadlinePolicy:
    """The office's policy, or the defaults (unsaved) when it has none."""
    policy = DeadlinePolicy.objects.filter(office=office).first()
    return policy if policy is not None else DeadlinePolicy(office=office)


def soon_fraction(office: Office) -> float:
    return policy_for(office).soon_percent / 100


def effective_dues(tasks: Iterable[Task]) -> dict[int, dt.datetime | None]:
    """Each task's due now: its latest change, else its original target. One query."""
    rows = list(tasks)
    latest: dict[int, dt.datetime] = {}
    changes = DueChange.objects.filter(task_id__in=[t.pk for t in rows]).order_by(
        "changed_at", "id"
    )
    for task_id, due in changes.values_list("task_id", "due_at"):
        latest[task_id] = due
    return {t.pk: latest.get(t.pk, t.due_at) for t in rows}


def effective_due(task: Task) -> dt.datetime | None:
    return effective_dues([task])[task.pk]


def due_changes(case: Case) -> QuerySet[DueChange]:
    return (
        DueChange.objects.filter(task__case=case)
        .select_related("task", "changed_by")
        .order_by("changed_at", "id")
    )


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
        role = head_role(case.office, None if lane.pemohon else lane.role, policy)
        if role is not None:
            heads.update({user.pk: user for user in people_of_role(role, on)})
    return list(heads.values())


def is_head_of(user: User, case: Case, definition: SopDefinition, task: Task, on: dt.date) -> bool:
    return any(u.pk == user.pk for u in heads_of_lanes(case, definition, task.lanes, on))


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
    """The head of the task's lane may extend it; a scheduled step's planners may move it."""
    scheduled = definition.steps[task.step].duration.unit is Unit.SCHEDULED
    if scheduled and is_planner_of(user, case, definition, task, on):
        return True
    return is_head_of(user, case, definition, task, on)


def review_owners(office: Office, on: dt.date) -> list[User]:
    """Who reviews the office's SOPs: its admins and the owner role (default: the top roles)."""
    policy = policy_for(office)
    roles = (
        [policy.review_role]
        if policy.review_role is not None
        else list(Role.objects.filter(office=office, head__isnull=True))
    )
    people = {u.pk: u for u in User.objects.filter(office=office, is_staff=True, is_active=True)}
    for role in roles:
        people.update({u.pk: u for u in people_of_role(role, on)})
    return [people[pk] for pk in sorted(people)]


# --- the case's own due ---------------------------------------------------------------------


def case_due(
    case: Case,
    definition: SopDefinition,
    calendar: OfficeCalendar,
    tasks: list[Task],
    dues: dict[int, dt.datetime | None],
) -> dt.datetime | None:
    """The case's due: from its opening, the allowed time of every visit so far (agreed
    extensions included), then the longest way from the open steps to an end.

    Loops back to an earlier step are not planned for: a visit made again adds its allowed time
    when it happens. ``None`` when no step on the way has a time.
    """
    cursor = case.opened_at
    timed = False
    for task in tasks:
        duration = definition.steps[task.step].duration
        effective = dues.get(task.pk, task.due_at)
        if duration.unit is Unit.SCHEDULED:
            if effective is not None:
                cursor, timed = max(cursor, effective), True
            continue
        if not duration.has_deadline:
            continue
        cursor, timed = _after(calendar, cursor, duration), True
        if effective is not None and task.due_at is not None and effective > task.due_at:
            cursor = calendar.add_office_minutes(
                cursor, calendar.elapsed_minutes(task.due_at, effective)
            )
    if case.status == Case.Status.RUNNING:
        open_steps = [t.step for t in tasks if t.status == Task.Status.OPEN]
        data = case.state.get("data", {}) if isinstance(case.state, dict) else {}
        longest = max((_longest_after(definition, no) for no in open_steps), key=len, default=())
        for no in longest:
            step = definition.steps[no]
            duration = step.duration
            if duration.unit is Unit.SCHEDULED:
                planned = data.get(step.jadwal) if step.jadwal else None
                if isinstance(planned, str):
                    try:
                        day = dt.date.fromisoformat(planned[:10])
                    except ValueError:
                        continue
                    cursor, timed = max(cursor, calendar.end_of_day(day)), True
            elif duration.has_deadline:
                cursor, timed = _after(calendar, cursor, duration), True
    return cursor if timed else None


def _after(calendar: OfficeCalendar, start: dt.datetime, duration: Duration) -> dt.datetime:
    due = calendar.due(start, duration)
    return start if due is None else due


def _weight(duration: Duration, minutes_per_day: int = 480) -> int:
    if duration.unit in (Unit.WORKING_DAYS, Unit.CALENDAR_DAYS):
        return duration.amount * minutes_per_day
    return duration.office_minutes


def _longest_after(definition: SopDefinition, step_no: int) -> tuple[int, ...]:
    """The steps after ``step_no`` on the forward path with the most allowed time. Steps point
    forward to higher numbers except on loops, so going forward only is a DAG, walked once
    from the last step back."""
    steps = definition.steps
    weight = {no: _weight(step.duration) for no, step in steps.items()}
    best: dict[int, tuple[int, tuple[int, ...]]] = {}
    for no in sorted(steps, reverse=True):
        step = steps[no]
        if step.is_decision:
            targets = [target_step(b) for b in (step.ya, step.tidak) if b is not None]
        else:
            targets = [definition.next_of(step)]
        tails = [best[t] for t in targets if t is not None and t > no and t in best]
        length, tail = max(tails, default=(0, ()))
        best[no] = (weight[no] + length, (no, *tail))
    return best.get(step_no, (0, (step_no,)))[1][1:]
