"""The one door for deadline changes: agreed extensions, changed plans, reminders and
escalations. Each runs in one transaction with the case row locked and writes its event in the
case's hash-chained record (kinds ``deadlines.*``).

The record is written without raising ``Case.version``: the version guards the case's state
(what people's pages were built on), and none of these change it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alur.cases import permissions
from alur.cases.models import Case, Task
from alur.cases.recording import Recorder
from alur.cases.services import Invalid, NotAllowed, case_lock
from alur.catalog.services import definition_of
from alur.deadlines import selectors
from alur.deadlines.models import DueChange
from alur.notifications.models import Kind
from alur.notifications.services import notify
from alur.offices.calendar import calendar_for
from alur.offices.models import User
from alur.sop import Sop as SopDefinition
from alur.sop import Unit

REASON_MAX = 2000


def record(
    case: Case,
    kind: str,
    *,
    at: dt.datetime,
    actor: User | None,
    task: Task | None,
    note: str = "",
    data: dict[str, object],
) -> None:
    """Append an event to the locked case's record, leaving its state and version alone."""
    recorder = Recorder(case, definition_of(case.sop_version))
    recorder.record(
        kind,
        at=at,
        actor=actor,
        step=task.step if task else None,
        visit=task.visit if task else None,
        note=note,
        data=data,
    )
    case.save(update_fields=["last_event_hash"])


def iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat()


def _locked(task: Task) -> tuple[Case, Task]:
    case = case_lock(task.case_id)
    return case, Task.objects.get(pk=task.pk)


def _require_open(case: Case, task: Task) -> None:
    """Checked after who is acting, so a refusal tells an outsider nothing about the case."""
    if case.status != Case.Status.RUNNING or task.status != Task.Status.OPEN:
        raise Invalid(
            _("Langkah %(step)s sudah tidak terbuka; tenggatnya tidak dapat diubah.")
            % {"step": task.step}
        )


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise Invalid(_("Alasan perubahan tenggat wajib diisi."))
    if len(text) > REASON_MAX:
        raise Invalid(
            _("Alasan terlalu panjang: %(n)s karakter, paling banyak %(max)s.")
            % {"n": len(text), "max": REASON_MAX}
        )
    return text


def due_extend(
    *, task: Task, actor: User, due: dt.datetime, reason: str, at: dt.datetime | None = None
) -> DueChange:
    """An agreed extension of an open step, by the head of the step's lane, with a reason.

    ``Task.due_at`` keeps the original target; due marks and reminders follow the new due.
    """
    at = at or timezone.now()
    with transaction.atomic():
        case, task = _locked(task)
        definition = definition_of(case.sop_version)
        calendar = calendar_for(case.office)
        today = at.astimezone(calendar.zone).date()
        if not permissions.can_view(actor, case) or not selectors.is_head_of(
            actor, case, definition, task, today
        ):
            raise NotAllowed(
                _("Tenggat langkah %(step)s hanya dapat diperpanjang oleh atasan pelaksananya.")
                % {"step": task.step}
            )
        _require_open(case, task)
        text = _reason(reason)
        current = selectors.effective_due(task)
        if current is None:
            raise Invalid(
                _("Langkah %(step)s tidak bertenggat ('—'); tidak ada yang diperpanjang.")
                % {"step": task.step}
            )
        if due.tzinfo is None:
            raise Invalid(_("Tenggat baru harus memuat zona waktu."))
        if due <= current:
            raise Invalid(
                _("Tenggat baru harus sesudah tenggat sekarang (%(current)s).")
                % {"current": timezone.localtime(current, calendar.zone).strftime("%d-%m-%Y %H:%M")}
            )
        change = DueChange.objects.create(
            task=task,
            kind=DueChange.Kind.EXTENSION,
            previous_due=current,
            due_at=due,
            reason=text,
            changed_by=actor,
            changed_at=at,
        )
        record(
            case,
            "deadlines.due.extended",
            at=at,
            actor=actor,
            task=task,
            note=text,
            data={"from": iso(current), "to": iso(due), "target": iso(task.due_at)},
        )
        _tell_lane(case, definition, task, today, at, change)
    return change


def schedule_change(
    *, task: Task, actor: User, day: dt.date, reason: str, at: dt.datetime | None = None
) -> DueChange:
    """A changed plan for an open "Sesuai jadwal" step: due at closing time of ``day``.

    Changed by the people of the lanes that recorded the plan, or by the step's lane head.
    """
    at = at or timezone.now()
    with transaction.atomic():
        case, task = _locked(task)
        definition = definition_of(case.sop_version)
        calendar = calendar_for(case.office)
        today = at.astimezone(calendar.zone).date()
        step = definition.steps[task.step]
        if not permissions.can_view(actor, case):
            raise NotAllowed(_("Anda tidak dapat melihat permohonan ini."))
        if step.duration.unit is not Unit.SCHEDULED or step.jadwal is None:
            raise Invalid(
                _("Langkah %(step)s tidak 'Sesuai jadwal'; jadwalnya tidak dapat diubah.")
                % {"step": task.step}
            )
        if not selectors.may_change_due(actor, case, definition, task, today):
            raise NotAllowed(
                _(
                    "Jadwal langkah %(step)s hanya dapat diubah oleh penyusun rencana atau "
                    "atasan pelaksananya."
                )
                % {"step": task.step}
            )
        _require_open(case, task)
        text = _reason(reason)
        current = selectors.effective_due(task)
        due = calendar.end_of_day(day)
        if current is not None and due == current:
            raise Invalid(_("Tanggal jadwal baru sama dengan jadwal sekarang."))
        change = DueChange.objects.create(
            task=task,
            kind=DueChange.Kind.SCHEDULE,
            previous_due=current,
            due_at=due,
            reason=text,
            changed_by=actor,
            changed_at=at,
        )
        record(
            case,
            "deadlines.schedule.changed",
            at=at,
            actor=actor,
            task=task,
            note=text,
            data={
                "field": step.jadwal,
                "date": day.isoformat(),
                "from": iso(current),
                "to": iso(due),
                "target": iso(task.due_at),
            },
        )
        _tell_lane(case, definition, task, today, at, change)
    return change


def lane_people(case: Case, definition: SopDefinition, task: Task, today: dt.date) -> list[User]:
    """The people who act in the lanes of ``task`` that have not confirmed it yet."""
    people: dict[int, User] = {}
    for lane in task.lanes:
        if lane in task.confirmed_by:
            continue
        query = permissions.people_for_lane(case, definition, lane, today)
        people.update({u.pk: u for u in User.objects.filter(query, is_active=True).distinct()})
    return [people[pk] for pk in sorted(people)]


def _tell_lane(
    case: Case,
    definition: SopDefinition,
    task: Task,
    today: dt.date,
    at: dt.datetime,
    change: DueChange,
) -> None:
    calendar = calendar_for(case.office)
    when = timezone.localtime(change.due_at, calendar.zone).strftime("%d-%m-%Y %H:%M")
    notify(
        recipients=lane_people(case, definition, task, today),
        kind=Kind.DUE_CHANGED,
        title=_("Tenggat langkah %(step)s permohonan %(number)s menjadi %(when)s")
        % {"step": task.step, "number": case.number, "when": when},
        body=change.reason,
        url=reverse("case_detail", args=[case.pk]),
        at=at,
    )
