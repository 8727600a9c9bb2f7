"""The requester's time limit (``batas_pemohon``): when an open step of the requester's lane
must be done by, its reminders, and the case lapsing (gugur) once the limit has passed.

    step of the requester's lane opens (local day D), batas_pemohon {hari: N, pengingat: [...]}
      last day  = D + N calendar days; the limit ends at the end of that day, office's zone
      reminder  = from the start of (last day - p), at the first scan in office hours, once per p
      lapse     = at the first scan after the limit, at any hour, once

Calendar days, not working days: a service standard's "lengkapi dalam 14 hari" counts the
requester's days, and the requester is not bound to the office's hours. Each send function
locks the case, checks again, then acts: a reminder is claimed by its ``Alert`` row (unique
per visit, limit and days before), a lapse by the case's status, so several workers send and
lapse each once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from alur.cases.models import Case, Task
from alur.cases.services import case_lapse, case_lock, event_record
from alur.catalog.services import definition_of
from alur.common.formatting import day_text
from alur.deadlines.models import Alert
from alur.deadlines.services import iso
from alur.notifications.models import Kind
from alur.notifications.services import requester_tell
from alur.offices.calendar import calendar_for
from alur.sop import OfficeCalendar, RequesterLimit
from alur.sop import Sop as SopDefinition


@dataclass(frozen=True)
class RequesterDeadline:
    """The limit of one visit of a requester's step."""

    rule: RequesterLimit
    last_day: dt.date
    ends: dt.datetime
    """The end of ``last_day`` in the office's zone: from this moment the case lapses."""

    def reminder_from(self, days: int, zone: dt.tzinfo) -> dt.datetime:
        """From when the reminder ``days`` before the last day is due."""
        return dt.datetime.combine(self.last_day - dt.timedelta(days=days), dt.time(), zone)


def requester_limit(task: Task) -> RequesterLimit | None:
    """The ``batas_pemohon`` of the step ``task`` visits, read from the version it runs."""
    return definition_of(task.sop_version).steps[task.step].batas_pemohon


def requester_deadline(
    calendar: OfficeCalendar, task: Task, definition: SopDefinition | None = None
) -> RequesterDeadline | None:
    """When the requester must have done ``task``, or None for a step without a limit
    (``definition``: the SOP of the version the visit runs, when the caller has it)."""
    if definition is None:
        rule = requester_limit(task)
    else:
        rule = definition.steps[task.step].batas_pemohon
    if rule is None:
        return None
    opened = task.opened_at.astimezone(calendar.zone).date()
    last_day = opened + dt.timedelta(days=rule.hari)
    ends = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), calendar.zone)
    return RequesterDeadline(rule, last_day, ends)


def requester_reminder_send(*, task_id: int, days: int, now: dt.datetime) -> Alert | None:
    """Remind the requester ``days`` before the last day of their step's limit, once.

    ``None`` when it is not due at ``now`` (before its day, the limit passed, the step done or
    the case ended, a number the step's rule does not name), or another worker has sent it.
    Office hours are the caller's to choose (``alerts.deadlines_scan``)."""
    case_id = Task.objects.filter(pk=task_id).values_list("case_id", flat=True).first()
    if case_id is None:
        return None
    with transaction.atomic():
        case = case_lock(case_id)
        task = Task.objects.select_related("sop_version").get(pk=task_id)
        if case.status != Case.Status.RUNNING or task.status != Task.Status.OPEN:
            return None
        calendar = calendar_for(case.office)
        deadline = requester_deadline(calendar, task)
        if deadline is None or days not in deadline.rule.pengingat:
            return None
        if not deadline.reminder_from(days, calendar.zone) <= now < deadline.ends:
            return None
        try:
            with transaction.atomic():
                alert = Alert.objects.create(
                    kind=Alert.Kind.REQUESTER_REMINDER,
                    task=task,
                    due_at=deadline.ends,
                    days_before=days,
                    sent_at=now,
                    recipients=[case.requester.username],
                )
        except IntegrityError:
            return None
        step = definition_of(task.sop_version).steps[task.step]
        requester_tell(
            case,
            kind=Kind.REMINDER,
            title=_("Lengkapi permohonan %(number)s paling lambat %(day)s")
            % {"number": case.number, "day": day_text(deadline.last_day)},
            body=_("%(title)s\n%(step)s. %(what)s\nLewat batas itu, permohonan gugur.")
            % {"title": case.title, "step": task.step, "what": step.uraian},
            url=reverse("case_detail", args=[case.pk]),
            at=now,
        )
        event_record(
            case=case,
            kind="deadlines.requester_reminder.sent",
            at=now,
            actor=None,
            task=task,
            data={
                "limit": iso(deadline.ends),
                "days_before": days,
                "to": alert.recipients,
            },
        )
    return alert


def requester_lapse(*, task_id: int, now: dt.datetime) -> Case | None:
    """Close the case as lapsed when the requester's limit on ``task`` has passed at ``now``;
    ``None`` when it has not, the step was done, or the case ended (by another worker too)."""
    case_id = Task.objects.filter(pk=task_id).values_list("case_id", flat=True).first()
    if case_id is None:
        return None
    with transaction.atomic():
        case = case_lock(case_id, "requester")
        task = Task.objects.select_related("sop_version").get(pk=task_id)
        if case.status != Case.Status.RUNNING or task.status != Task.Status.OPEN:
            return None
        calendar = calendar_for(case.office)
        deadline = requester_deadline(calendar, task)
        if deadline is None or now < deadline.ends:
            return None
        params = {"days": deadline.rule.hari, "day": day_text(deadline.last_day)}
        reason = _("Pemohon tidak melengkapi dalam %(days)s hari (sampai %(day)s).") % params
        case_lapse(
            case=case,
            task=task,
            at=now,
            reason=reason,
            data={
                "step": task.step,
                "visit": task.visit,
                "days": deadline.rule.hari,
                "last_day": deadline.last_day.isoformat(),
                "limit": iso(deadline.ends),
            },
        )
        requester_tell(
            case,
            kind=Kind.LAPSED,
            title=_("Permohonan %(number)s gugur") % {"number": case.number},
            body=f"{case.title}\n{reason}",
            url=reverse("case_detail", args=[case.pk]),
            at=now,
        )
    return case
