"""Reminders, escalations and SOP review reminders: found by a scan, each sent exactly once.

    scan (every minute, by any number of workers)
      └─ for each office open now (a working day, office hours):
           open step due soon ─▶ task_alert_send(REMINDER)   ─▶ the lane's people
           open step late     ─▶ task_alert_send(ESCALATION) ─▶ the head of the lane's role
           running case, service deadline due soon
                              ─▶ service_alert_send(SERVICE_REMINDER)   ─▶ the open steps' people
           running case, service deadline passed
                              ─▶ service_alert_send(SERVICE_ESCALATION) ─▶ the open steps' heads
                                                                          and the SOP owner
           SOP review near    ─▶ review_alert_send           ─▶ the office's admins, SOP owner
           requester's day    ─▶ requester_reminder_send     ─▶ the requester
      └─ for each office, open or not:
           requester's limit passed ─▶ requester_lapse       ─▶ the case lapses (gugur)

The send functions are the claim: in one transaction they lock the case, check again that the
message is due, and insert the ``Alert`` row; its unique constraint (per step visit, per case
for the service deadline, per SOP version for a review; each with the kind and the due) lets
one worker win and the others skip (healthchecks ``sendalerts``). An extension gives a new due,
so a new reminder and a new escalation. Outside office hours nothing is sent, so a step that
falls late on Saturday night is escalated when the office opens on the next working day.

An escalation always reaches someone. When the lanes have no head (a step in the top lane, the
Kadis's own, with no default head in the policy), it goes to the office's administrators
(``selectors.office_admins``) and its event says so (``"fallback": "admin"``). A message with
nobody to send it to is not sent: no ``Alert`` row, no event, so the next scan tries again
(once someone holds the role, or an administrator is named).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alur.cases.due import DueState, due_state, in_office_hours
from alur.cases.models import Case, Task
from alur.cases.services import case_lock, event_record
from alur.catalog.models import SopVersion, in_force_on
from alur.catalog.services import definition_of, office_today
from alur.deadlines import selectors
from alur.deadlines.models import Alert
from alur.deadlines.requester import (
    RequesterDeadline,
    requester_deadline,
    requester_lapse,
    requester_reminder_send,
)
from alur.deadlines.services import iso, lane_people
from alur.notifications.models import Kind
from alur.notifications.services import notify
from alur.offices.calendar import calendar_for
from alur.offices.models import Office, User
from alur.sop import OfficeCalendar

_WANTED = {DueState.SEGERA: Alert.Kind.REMINDER, DueState.TERLAMBAT: Alert.Kind.ESCALATION}
_SERVICE_WANTED = {
    DueState.SEGERA: Alert.Kind.SERVICE_REMINDER,
    DueState.TERLAMBAT: Alert.Kind.SERVICE_ESCALATION,
}


@dataclass(frozen=True)
class ScanResult:
    reminders: int = 0
    escalations: int = 0
    reviews: int = 0
    service_reminders: int = 0
    service_escalations: int = 0
    requester_reminders: int = 0
    lapsed: int = 0


def deadlines_scan(*, now: dt.datetime) -> ScanResult:
    """Send every reminder, escalation and review reminder due at ``now``, remind requesters
    of their time limit and lapse the cases whose limit has passed (at any hour); safe to run
    from several workers at once and as often as wanted."""
    reminders = escalations = reviews = service_reminders = service_escalations = 0
    requester_reminders = lapsed = 0
    for office in Office.objects.order_by("pk"):
        calendar = calendar_for(office)
        open_hours = in_office_hours(calendar, now)
        held = _requester_steps(office, calendar)
        reminded = set(
            Alert.objects.filter(
                task__in=[task for task, _deadline in held], kind=Alert.Kind.REQUESTER_REMINDER
            ).values_list("task_id", "days_before")
        )
        for task, deadline in held:
            if now >= deadline.ends:
                lapsed += requester_lapse(task_id=task.pk, now=now) is not None
            elif open_hours:
                # The latest reminder due only: one the office was closed for is not sent late.
                ready = [
                    d
                    for d in deadline.rule.pengingat
                    if deadline.reminder_from(d, calendar.zone) <= now
                ]
                if ready and (task.pk, min(ready)) not in reminded:
                    alert = requester_reminder_send(task_id=task.pk, days=min(ready), now=now)
                    requester_reminders += alert is not None
        if not open_hours:
            continue
        fraction = office.due_soon_fraction
        tasks = list(
            Task.objects.filter(
                case__office=office, case__status=Case.Status.RUNNING, status=Task.Status.OPEN
            ).order_by("pk")
        )
        sent = set(Alert.objects.filter(task__in=tasks).values_list("task_id", "kind", "due_at"))
        for task in tasks:
            due = task.due
            state = due_state(
                calendar, opened=task.opened_at, due=due, now=now, soon_fraction=fraction
            )
            kind = _WANTED.get(state)
            if kind is None or (task.pk, kind, due) in sent:
                continue
            if task_alert_send(task_id=task.pk, kind=kind, now=now) is not None:
                reminders += kind == Alert.Kind.REMINDER
                escalations += kind == Alert.Kind.ESCALATION
        for kind in _service_alerts_send(office, calendar, now):
            service_reminders += kind == Alert.Kind.SERVICE_REMINDER
            service_escalations += kind == Alert.Kind.SERVICE_ESCALATION
        versions = SopVersion.objects.filter(
            in_force_on(office_today(office, now)), sop__office=office
        ).order_by("pk")
        for version in versions:
            reviews += review_alert_send(sop_version_id=version.pk, now=now) is not None
    return ScanResult(
        reminders,
        escalations,
        reviews,
        service_reminders,
        service_escalations,
        requester_reminders,
        lapsed,
    )


def _service_alerts_send(
    office: Office, calendar: OfficeCalendar, now: dt.datetime
) -> list[Alert.Kind]:
    """Send the service-deadline messages due at ``now`` for the running cases of ``office``
    (open now, on its ``calendar``); the kinds of those this worker sent."""
    fraction = office.due_soon_fraction
    cases = list(
        Case.objects.filter(office=office, status=Case.Status.RUNNING)
        .filter(Q(service_due_at__isnull=False) | Q(service_changed_due_at__isnull=False))
        .order_by("pk")
    )
    sent = set(Alert.objects.filter(case__in=cases).values_list("case_id", "kind", "due_at"))
    kinds: list[Alert.Kind] = []
    for case in cases:
        due = case.service_due
        state = due_state(calendar, opened=case.opened_at, due=due, now=now, soon_fraction=fraction)
        kind = _SERVICE_WANTED.get(state)
        if kind is None or (case.pk, kind, due) in sent:
            continue
        if service_alert_send(case_id=case.pk, kind=kind, now=now) is not None:
            kinds.append(kind)
    return kinds


def _requester_steps(
    office: Office, calendar: OfficeCalendar
) -> list[tuple[Task, RequesterDeadline]]:
    """The open steps of the office's running cases held to a requester's limit: of those with
    a requester's lane still to act (an ``OpenLane`` with no role), so the scan does not read
    every open step of the office."""
    tasks = (
        Task.objects.filter(
            case__office=office,
            case__status=Case.Status.RUNNING,
            status=Task.Status.OPEN,
            open_lanes__role="",
        )
        .distinct()
        .select_related("sop_version")
    )
    found = []
    for task in tasks.order_by("pk"):
        deadline = requester_deadline(calendar, task)
        if deadline is not None:
            found.append((task, deadline))
    return found


def task_alert_send(*, task_id: int, kind: Alert.Kind, now: dt.datetime) -> Alert | None:
    """Send the reminder or the escalation of one open step, once per due it is held to.

    ``None`` when it is not due at ``now`` (outside office hours, not due soon or late, done,
    no time) or another worker has sent it.
    """
    case_id = Task.objects.filter(pk=task_id).values_list("case_id", flat=True).first()
    if case_id is None:
        return None
    with transaction.atomic():
        case = case_lock(case_id)
        task = Task.objects.get(pk=task_id)
        if case.status != Case.Status.RUNNING or task.status != Task.Status.OPEN:
            return None
        calendar = calendar_for(case.office)
        due = task.due
        state = due_state(
            calendar,
            opened=task.opened_at,
            due=due,
            now=now,
            soon_fraction=case.office.due_soon_fraction,
        )
        if due is None or _WANTED.get(state) != kind or not in_office_hours(calendar, now):
            return None
        if Alert.objects.filter(task=task, kind=kind, due_at=due).exists():
            return None  # sent by a worker that held the lock before us
        definition = definition_of(case.sop_version)
        today = now.astimezone(calendar.zone).date()
        when = timezone.localtime(due, calendar.zone).strftime("%d-%m-%Y %H:%M")
        step = definition.steps[task.step]
        params = {"step": task.step, "number": case.number, "when": when}
        fallback = False
        if kind == Alert.Kind.REMINDER:
            recipients = lane_people(case, definition, task, today)
            title = _("Langkah %(step)s permohonan %(number)s jatuh tempo %(when)s") % params
            notice = Kind.REMINDER
        else:
            waiting = [lane for lane in task.lanes if lane not in task.confirmed_by]
            recipients = selectors.heads_of_lanes(case, definition, waiting, today)
            if not recipients:
                recipients, fallback = selectors.office_admins(case.office), True
            title = _("Langkah %(step)s permohonan %(number)s terlambat sejak %(when)s") % params
            notice = Kind.ESCALATION
        if not recipients:
            return None  # nobody to tell: not sent, so the next scan tries again
        alert = _claim(
            kind=kind,
            due=due,
            now=now,
            recipients=recipients,
            task=task,
            case=None,
            fallback=fallback,
        )
        if alert is None:
            return None
        notify(
            recipients=recipients,
            kind=notice,
            title=title,
            body=f"{case.title}\n{task.step}. {step.uraian}",
            url=reverse("case_detail", args=[case.pk]),
            at=now,
        )
        event_record(
            case=case,
            kind="deadlines.reminder.sent"
            if kind == Alert.Kind.REMINDER
            else "deadlines.escalation.sent",
            at=now,
            actor=None,
            task=task,
            data=_sent_data(due, alert, fallback),
        )
    return alert


def _claim(
    *,
    kind: Alert.Kind,
    due: dt.datetime,
    now: dt.datetime,
    recipients: list[User],
    task: Task | None,
    case: Case | None,
    fallback: bool = False,
) -> Alert | None:
    """Insert the ``Alert`` row that marks the message sent; ``None`` when another worker's row
    is there already (its unique constraint). ``fallback``: an escalation that goes to the
    office's administrators because its lanes have no head."""
    try:
        with transaction.atomic():
            return Alert.objects.create(
                kind=kind,
                task=task,
                case=case,
                due_at=due,
                sent_at=now,
                recipients=[user.username for user in recipients],
                to_admins=fallback,
            )
    except IntegrityError:
        return None


def _sent_data(due: dt.datetime, alert: Alert, fallback: bool) -> dict[str, object]:
    data: dict[str, object] = {"due": iso(due), "to": alert.recipients}
    if fallback:
        data["fallback"] = "admin"
    return data


def service_alert_send(*, case_id: int, kind: Alert.Kind, now: dt.datetime) -> Alert | None:
    """Send the reminder (due soon) or the escalation (passed) of a running case's service
    deadline (``Case.service_due``, measured from the case's opening), once per due it is held
    to: the reminder to the people of the lanes still to act on its open steps, the escalation
    to their heads and the SOP's owner (``selectors.service_heads``).

    ``None`` when it is not due at ``now`` (outside office hours, not due soon or passed, the
    case ended, no service deadline) or another worker has sent it.
    """
    with transaction.atomic():
        case = case_lock(case_id)
        if case.status != Case.Status.RUNNING:
            return None
        calendar = calendar_for(case.office)
        due = case.service_due
        state = due_state(
            calendar,
            opened=case.opened_at,
            due=due,
            now=now,
            soon_fraction=case.office.due_soon_fraction,
        )
        if due is None or _SERVICE_WANTED.get(state) != kind or not in_office_hours(calendar, now):
            return None
        if Alert.objects.filter(case=case, kind=kind, due_at=due).exists():
            return None  # sent by a worker that held the lock before us
        definition = definition_of(case.sop_version)
        today = now.astimezone(calendar.zone).date()
        tasks = list(Task.objects.filter(case=case, status=Task.Status.OPEN).order_by("step", "pk"))
        when = timezone.localtime(due, calendar.zone).strftime("%d-%m-%Y %H:%M")
        params = {"number": case.number, "when": when}
        fallback = False
        if kind == Alert.Kind.SERVICE_REMINDER:
            people = {
                user.pk: user
                for task in tasks
                for user in lane_people(case, definition, task, today)
            }
            recipients = [people[pk] for pk in sorted(people)]
            title = _("Batas waktu layanan permohonan %(number)s jatuh tempo %(when)s") % params
            notice = Kind.SERVICE_REMINDER
        else:
            recipients = selectors.service_heads(case, definition, tasks, today)
            if not recipients:
                recipients, fallback = selectors.office_admins(case.office), True
            title = _("Batas waktu layanan permohonan %(number)s terlewati sejak %(when)s") % params
            notice = Kind.SERVICE_ESCALATION
        if not recipients:
            return None  # nobody to tell: not sent, so the next scan tries again
        alert = _claim(
            kind=kind,
            due=due,
            now=now,
            recipients=recipients,
            task=None,
            case=case,
            fallback=fallback,
        )
        if alert is None:
            return None
        steps = [f"{task.step}. {definition.steps[task.step].uraian}" for task in tasks]
        notify(
            recipients=recipients,
            kind=notice,
            title=title,
            body="\n".join([case.title, *steps]),
            url=reverse("case_detail", args=[case.pk]),
            at=now,
        )
        event_record(
            case=case,
            kind="deadlines.service.reminder.sent"
            if kind == Alert.Kind.SERVICE_REMINDER
            else "deadlines.service.escalation.sent",
            at=now,
            actor=None,
            data=_sent_data(due, alert, fallback) | {"steps": [task.step for task in tasks]},
        )
    return alert


def review_alert_send(*, sop_version_id: int, now: dt.datetime) -> Alert | None:
    """Remind the office's admins and the SOP's owner that a published SOP is due for review
    (its Tanggal Revisi, or planned review date), once per review date."""
    with transaction.atomic():
        version = (
            SopVersion.objects.select_related("sop__office")
            .filter(pk=sop_version_id, status=SopVersion.Status.IN_FORCE)
            .first()
        )
        if version is None:
            return None
        office = version.sop.office
        calendar = calendar_for(office)
        review = definition_of(version).identitas.tanggal_revisi
        if review is None or not in_office_hours(calendar, now):
            return None
        today = now.astimezone(calendar.zone).date()
        if not version.in_force_on(today):
            return None
        notice_days = selectors.policy_for(office).review_notice_days
        if today < review - dt.timedelta(days=notice_days):
            return None
        recipients = selectors.review_owners(office, today)
        if not recipients:
            return None  # nobody to tell: not sent, so the next scan tries again
        try:
            with transaction.atomic():
                alert = Alert.objects.create(
                    kind=Alert.Kind.REVIEW,
                    sop_version=version,
                    due_at=calendar.end_of_day(review),
                    sent_at=now,
                    recipients=[user.username for user in recipients],
                )
        except IntegrityError:
            return None
        notify(
            recipients=recipients,
            kind=Kind.REVIEW,
            title=_("SOP %(name)s perlu ditinjau paling lambat %(date)s")
            % {"name": version.sop.name, "date": review.strftime("%d-%m-%Y")},
            body=_("Tanggal revisi pada identitas SOP: %(date)s.")
            % {"date": review.strftime("%d-%m-%Y")},
            url=reverse("sop_detail", args=[version.sop_id]),
            at=now,
        )
    return alert
