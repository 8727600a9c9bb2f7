"""The one door for deadline changes: agreed extensions and changed plans. Each runs in one
transaction with the case row locked, keeps the visit's due (``Task.changed_due_at``) and writes
its event in the case's hash-chained record (kinds ``deadlines.*``, through
``alur.cases.services.event_record``, which leaves ``Case.version`` alone: the version guards
what people's pages were built on, and a due change is not that).
"""

from __future__ import annotations

import datetime as dt
from typing import IO, NamedTuple

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alur.cases import permissions
from alur.cases.models import Case, Task
from alur.cases.services import case_lock, document_attach, event_record
from alur.catalog.services import definition_of
from alur.common.errors import Invalid, NotAllowed
from alur.common.formatting import day_text
from alur.deadlines import selectors
from alur.deadlines.models import DueChange, ServiceExtension
from alur.notifications.models import Kind
from alur.notifications.services import notify, requester_tell
from alur.offices.calendar import calendar_for
from alur.offices.models import User
from alur.sop import Extension, OfficeCalendar, Unit
from alur.sop import Sop as SopDefinition

REASON_MAX = 2000


def iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat()


class _Locked(NamedTuple):
    """A visit, its case locked for the change, the SOP, the office's calendar and day."""

    case: Case
    task: Task
    definition: SopDefinition
    calendar: OfficeCalendar
    today: dt.date


def _locked(task: Task, at: dt.datetime) -> _Locked:
    case = case_lock(task.case_id)
    calendar = calendar_for(case.office)
    return _Locked(
        case,
        Task.objects.get(pk=task.pk),
        definition_of(case.sop_version),
        calendar,
        at.astimezone(calendar.zone).date(),
    )


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
    *,
    task: Task,
    actor: User,
    due: dt.datetime,
    reason: str,
    notice: tuple[IO[bytes], str] | None = None,
    at: dt.datetime | None = None,
) -> DueChange:
    """An agreed extension of an open step, with a reason, within the step's ``perpanjangan``:
    granted by the lane it names (else the head of the step's lane), no more often and no
    further than it allows, with the written notice (``notice``: the file and its name) it may
    require, kept as a case document; the requester is then told.

    ``Task.due_at`` keeps the original target; due marks and reminders follow the new due.
    """
    at = at or timezone.now()
    with transaction.atomic():
        case, task, definition, calendar, today = _locked(task, at)
        rule = definition.steps[task.step].perpanjangan or Extension()
        if not permissions.can_view(actor, case) or not selectors.may_extend(
            actor, case, definition, task, today
        ):
            raise NotAllowed(_not_granter(definition, task, rule))
        _require_open(case, task)
        _require_allowed_again(task, rule)
        text = _reason(reason)
        current = task.due
        if current is None:
            raise Invalid(
                _("Langkah %(step)s tidak bertenggat ('—'); tidak ada yang diperpanjang.")
                % {"step": task.step}
            )
        _require_later_working_moment(calendar, current, due)
        _require_within_days(calendar, current, due, rule)
        if rule.pemberitahuan and notice is None:
            raise Invalid(
                _(
                    "SOP mewajibkan surat pemberitahuan perpanjangan pada langkah %(step)s; "
                    "lampirkan berkasnya."
                )
                % {"step": task.step}
            )
        data: dict[str, object] = {"from": iso(current), "to": iso(due), "target": iso(task.due_at)}
        if notice is not None:
            data["notice"] = _notice_store(
                case, notice, notice_name(task.step), actor, at, task.step, task.visit
            )
        change = _change(
            case,
            task,
            DueChange.Kind.EXTENSION,
            "deadlines.due.extended",
            actor=actor,
            at=at,
            previous=current,
            due=due,
            reason=text,
            data=data,
        )
        _tell_lane(case, definition, task, today, at, change)
        _tell_requester(case, task, at, change)
    return change


def notice_name(step: int) -> str:
    """The case document that holds the written notice of a step's extension."""
    return f"Surat Pemberitahuan Perpanjangan Langkah {step}"


SERVICE_NOTICE = "Surat Pemberitahuan Perpanjangan Layanan"
"""The case document that holds the written notice of an extension of the service deadline."""


def service_extend(
    *,
    case: Case,
    actor: User,
    due: dt.datetime,
    reason: str,
    notice: tuple[IO[bytes], str] | None = None,
    at: dt.datetime | None = None,
) -> ServiceExtension:
    """An agreed extension of a running case's service deadline (the SOP's ``batas_waktu``),
    within the SOP's own ``perpanjangan``: granted by the lane it names, else by the office's
    default head (``DeadlinePolicy.default_head``), no more often and no further than it
    allows, with the written notice it may require. ``Case.service_due_at`` keeps the deadline
    set at receipt; the requester is told."""
    at = at or timezone.now()
    with transaction.atomic():
        case = case_lock(case.pk)
        calendar = calendar_for(case.office)
        today = at.astimezone(calendar.zone).date()
        definition = definition_of(case.sop_version)
        rule = definition.perpanjangan or Extension()
        if not permissions.can_view(actor, case) or not selectors.may_extend_service(
            actor, case, definition, today
        ):
            raise NotAllowed(_not_service_granter(definition, rule))
        current = case.service_due
        if case.status != Case.Status.RUNNING or current is None:
            raise Invalid(
                _(
                    "Permohonan ini tidak berjalan dengan batas waktu layanan; tidak ada yang "
                    "diperpanjang."
                )
            )
        _require_allowed_again_for_service(case, rule)
        text = _reason(reason)
        _require_later_working_moment(calendar, current, due)
        _require_within_days(calendar, current, due, rule)
        if rule.pemberitahuan and notice is None:
            raise Invalid(
                _("SOP mewajibkan surat pemberitahuan perpanjangan layanan; lampirkan berkasnya.")
            )
        data: dict[str, object] = {
            "from": iso(current),
            "to": iso(due),
            "target": iso(case.service_due_at),
        }
        if notice is not None:
            data["notice"] = _notice_store(case, notice, SERVICE_NOTICE, actor, at, None, None)
        change = ServiceExtension.objects.create(
            case=case,
            previous_due=current,
            due_at=due,
            reason=text,
            changed_by=actor,
            changed_at=at,
        )
        case.service_changed_due_at = due
        case.save(update_fields=["service_changed_due_at"])
        event_record(
            case=case,
            kind="deadlines.service.extended",
            at=at,
            actor=actor,
            note=text,
            data=data,
        )
        when = timezone.localtime(due, calendar.zone).strftime("%d-%m-%Y %H:%M")
        requester_tell(
            case,
            kind=Kind.DUE_CHANGED,
            title=_("Batas waktu layanan permohonan %(number)s diperpanjang sampai %(when)s")
            % {"number": case.number, "when": when},
            body=text,
            url=reverse("case_detail", args=[case.pk]),
            at=at,
        )
    return change


def _not_service_granter(definition: SopDefinition, rule: Extension) -> str:
    if rule.oleh is None:
        return _(
            "Batas waktu layanan hanya dapat diperpanjang oleh kepala bawaan kantor "
            "(kebijakan tenggat)."
        )
    return _("Menurut SOP, batas waktu layanan hanya dapat diperpanjang oleh %(lane)s.") % {
        "lane": definition.lanes[rule.oleh].nama
    }


def _require_allowed_again_for_service(case: Case, rule: Extension) -> None:
    if rule.kali is None:
        return
    if rule.kali == 0:
        raise Invalid(_("Menurut SOP, batas waktu layanan tidak dapat diperpanjang."))
    granted = selectors.service_extensions_granted(case)
    if granted >= rule.kali:
        raise Invalid(
            _(
                "Batas waktu layanan sudah diperpanjang %(granted)s kali; SOP membolehkan paling "
                "banyak %(most)s kali."
            )
            % {"granted": granted, "most": rule.kali}
        )


def _require_later_working_moment(
    calendar: OfficeCalendar, current: dt.datetime, due: dt.datetime
) -> None:
    """A new due is a moment the office works, later than the due now."""
    if due.tzinfo is None:
        raise Invalid(_("Tenggat baru harus memuat zona waktu."))
    _require_working_moment(calendar, due)
    if due <= current:
        raise Invalid(
            _("Tenggat baru harus sesudah tenggat sekarang (%(current)s).")
            % {"current": timezone.localtime(current, calendar.zone).strftime("%d-%m-%Y %H:%M")}
        )


def _notice_store(
    case: Case,
    notice: tuple[IO[bytes], str],
    name: str,
    actor: User,
    at: dt.datetime,
    step: int | None,
    visit: int | None,
) -> dict[str, object]:
    """Keep the written notice as the next version of the case document ``name``."""
    upload, filename = notice
    document = document_attach(
        case=case,
        name=name,
        upload=upload,
        filename=filename,
        actor=actor,
        at=at,
        step=step,
        visit=visit,
        kind="document.added",
        data={},
    )
    return {"name": document.name, "version": document.version}


def _not_granter(definition: SopDefinition, task: Task, rule: Extension) -> str:
    if rule.oleh is None:
        return _("Tenggat langkah %(step)s hanya dapat diperpanjang oleh atasan pelaksananya.") % {
            "step": task.step
        }
    return _("Menurut SOP, tenggat langkah %(step)s hanya dapat diperpanjang oleh %(lane)s.") % {
        "step": task.step,
        "lane": definition.lanes[rule.oleh].nama,
    }


def _require_allowed_again(task: Task, rule: Extension) -> None:
    """No more extensions of this visit than the SOP allows."""
    if rule.kali is None:
        return
    if rule.kali == 0:
        raise Invalid(
            _("Menurut SOP, tenggat langkah %(step)s tidak dapat diperpanjang.")
            % {"step": task.step}
        )
    granted = selectors.extensions_granted(task)
    if granted >= rule.kali:
        raise Invalid(
            _(
                "Tenggat langkah %(step)s sudah diperpanjang %(granted)s kali; SOP membolehkan "
                "paling banyak %(most)s kali."
            )
            % {"step": task.step, "granted": granted, "most": rule.kali}
        )


def _require_within_days(
    calendar: OfficeCalendar, current: dt.datetime, due: dt.datetime, rule: Extension
) -> None:
    """No further than the SOP's working days after the due now."""
    if rule.hari_kerja is None:
        return
    latest = after_working_days(calendar, current, rule.hari_kerja)
    if due > latest:
        local = latest.astimezone(calendar.zone)
        raise Invalid(
            _(
                "Menurut SOP, satu perpanjangan paling lama %(days)s hari kerja: tenggat baru "
                "paling lambat %(day)s pukul %(time)s."
            )
            % {
                "days": rule.hari_kerja,
                "day": day_text(local.date()),
                "time": local.strftime("%H.%M"),
            }
        )


def schedule_change(
    *, task: Task, actor: User, day: dt.date, reason: str, at: dt.datetime | None = None
) -> DueChange:
    """A changed plan for an open "Sesuai jadwal" step: due at closing time of ``day``.

    Changed by the people of the lanes that recorded the plan, or by the step's lane head.
    """
    at = at or timezone.now()
    with transaction.atomic():
        case, task, definition, calendar, today = _locked(task, at)
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
        current = task.due
        _require_working_day(calendar, day)
        due = calendar.end_of_day(day)
        if current is not None and due == current:
            raise Invalid(_("Tanggal jadwal baru sama dengan jadwal sekarang."))
        change = _change(
            case,
            task,
            DueChange.Kind.SCHEDULE,
            "deadlines.schedule.changed",
            actor=actor,
            at=at,
            previous=current,
            due=due,
            reason=text,
            data={
                "field": step.jadwal,
                "date": day.isoformat(),
                "from": iso(current),
                "to": iso(due),
                "target": iso(task.due_at),
            },
        )
        _tell_lane(case, definition, task, today, at, change)
        _tell_requester(case, task, at, change)
    return change


def after_working_days(calendar: OfficeCalendar, due: dt.datetime, days: int) -> dt.datetime:
    """``due`` moved ``days`` working days on, at the same time of day: a step due at closing
    time on Friday and extended by one working day is due at closing time on Monday. A ``due``
    outside office hours moves to the office's closing time."""
    if days < 1:
        raise Invalid(_("Tambahan hari kerja paling sedikit 1."))
    local = due.astimezone(calendar.zone)
    start = dt.datetime.combine(local.date(), calendar.opens, tzinfo=calendar.zone)
    # from a day off, the first working day after it is the first day added
    ahead = days if calendar.is_working_day(local.date()) else days - 1
    day = calendar.add_working_days(start, ahead).date()
    clock = local.time() if calendar.opens <= local.time() <= calendar.closes else calendar.closes
    return dt.datetime.combine(day, clock, tzinfo=calendar.zone)


def _require_working_day(calendar: OfficeCalendar, day: dt.date) -> None:
    """A new due falls on a day the office works, or is refused naming the day and the next
    working day."""
    if calendar.is_working_day(day):
        return
    holiday = calendar.holiday_name(day)
    start = dt.datetime.combine(day, calendar.opens, tzinfo=calendar.zone)
    following = calendar.next_opening(start).date()
    values = {"day": day_text(day), "holiday": holiday, "next": day_text(following)}
    if holiday:
        text = _("%(day)s bukan hari kerja kantor (%(holiday)s); pilih hari kerja, mis. %(next)s.")
    else:
        text = _("%(day)s bukan hari kerja kantor; pilih hari kerja, mis. %(next)s.")
    raise Invalid(text % values)


def _require_working_moment(calendar: OfficeCalendar, due: dt.datetime) -> None:
    """A new due is a moment the office works: a working day, within office hours."""
    local = due.astimezone(calendar.zone)
    _require_working_day(calendar, local.date())
    if not calendar.opens <= local.time() <= calendar.closes:
        raise Invalid(
            _("Pukul %(time)s di luar jam kantor (%(opens)s–%(closes)s); pilih jam kantor.")
            % {
                "time": local.strftime("%H.%M"),
                "opens": calendar.opens.strftime("%H.%M"),
                "closes": calendar.closes.strftime("%H.%M"),
            }
        )


def _change(
    case: Case,
    task: Task,
    kind: DueChange.Kind,
    event_kind: str,
    *,
    actor: User,
    at: dt.datetime,
    previous: dt.datetime | None,
    due: dt.datetime,
    reason: str,
    data: dict[str, object],
) -> DueChange:
    """Keep the change, hold the visit to its new due, and record it in the case's record."""
    change = DueChange.objects.create(
        task=task,
        kind=kind,
        previous_due=previous,
        due_at=due,
        reason=reason,
        changed_by=actor,
        changed_at=at,
    )
    task.changed_due_at = due
    task.save(update_fields=["changed_due_at"])
    event_record(case=case, kind=event_kind, at=at, actor=actor, task=task, note=reason, data=data)
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
    people = lane_people(case, definition, task, today)
    if case.requester_kind:
        # The requester hears of it as the requester (``_tell_requester``), not twice.
        people = [user for user in people if user.pk != case.requester_id]
    notify(
        recipients=people,
        actor=change.changed_by,
        kind=Kind.DUE_CHANGED,
        title=_("Tenggat langkah %(step)s permohonan %(number)s menjadi %(when)s")
        % {"step": task.step, "number": case.number, "when": when},
        body=change.reason,
        url=reverse("case_detail", args=[case.pk]),
        at=at,
    )


def _tell_requester(case: Case, task: Task, at: dt.datetime, change: DueChange) -> None:
    """The requester is told of every change of a step's due: an extension (with the written
    notice when the SOP asks for one) or a changed plan. A scheduled case has no one who asked
    for it: its lanes are told."""
    if not case.requester_kind:
        return
    calendar = calendar_for(case.office)
    when = timezone.localtime(change.due_at, calendar.zone).strftime("%d-%m-%Y %H:%M")
    params = {"step": task.step, "number": case.number, "when": when}
    if change.kind == DueChange.Kind.SCHEDULE:
        title = _("Jadwal langkah %(step)s permohonan %(number)s menjadi %(when)s") % params
    else:
        title = (
            _("Penyelesaian langkah %(step)s permohonan %(number)s diperpanjang sampai %(when)s")
            % params
        )
    requester_tell(
        case,
        actor=change.changed_by,
        kind=Kind.DUE_CHANGED,
        title=title,
        body=change.reason,
        url=reverse("case_detail", args=[case.pk]),
        at=at,
    )
