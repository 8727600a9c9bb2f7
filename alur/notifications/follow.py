"""What people hear of a case as it moves, by the record's subscribers
(``alur.cases.recording.subscribe``), so every path that opens a step or moves a case (the
pages, the API, the worker, the public pages) tells them, in the transaction of the change:

    step.opened     the people who may act in its lanes: a new step in their inbox; the
                    requester's lane opened again: the request was returned to them
    step.completed  the requester: a step of their request was done
    case.ended      the requester: their request finished or ended, with the reason
    case.withdrawn  the office's people who held it: the requester withdrew it, with the reason
    case.commented  the office's people who hold it: the requester wrote to them

Nobody hears of what they did themselves (the event's actor). A member of the public has no
account: ``alur.public`` e-mails them of a return and an end (``alur.public.follow``). A
scheduled case's requester is the staff member it was opened in the name of, not someone who
asked for it, and hears nothing as a requester.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from alur.cases import permissions
from alur.cases.models import Case, Event, RequesterKind, Task
from alur.cases.recording import Recorded
from alur.catalog.services import definition_of
from alur.notifications.models import Kind
from alur.notifications.services import notify_people


def step_opened_tell(recorded: Recorded) -> None:
    """Tell the people of the step's lanes that it waits for them."""
    case, event, task = recorded.case, recorded.event, recorded.task
    if task is None or case.status != Case.Status.RUNNING:
        return
    definition = definition_of(case.sop_version)
    if task.visit == 1 and task.step == definition.first_step.no and event.actor_id is not None:
        return  # a request being filed: whoever filed it does the first step with it
    step = definition.steps[task.step]
    on = event.at.astimezone(ZoneInfo(case.office.zone)).date()  # the office's day
    lanes = [lane for lane in task.lanes if lane not in task.confirmed_by]
    returned = [lane for lane in lanes if definition.lanes[lane].pemohon and task.visit > 1]
    waiting = [lane for lane in lanes if lane not in returned]
    params = {"step": step.no, "number": case.number}
    body = f"{case.title}\n{step.no}. {step.uraian}"
    url = _case_url(case)
    if waiting:
        notify_people(
            people=permissions.people_for_lanes(case, definition, waiting, on),
            kind=Kind.STEP_OPENED,
            title=_("Langkah %(step)s permohonan %(number)s menunggu Anda") % params,
            body=body,
            url=url,
            at=event.at,
            actor=event.actor,
        )
    if returned and case.requester_kind:
        if note := _returning_note(case):
            body += "\n" + _("Catatan petugas: %(note)s") % {"note": note}
        notify_people(
            people=permissions.people_for_lanes(case, definition, returned, on),
            kind=Kind.RETURNED,
            title=_("Permohonan %(number)s dikembalikan kepada Anda") % params,
            body=body,
            url=url,
            at=event.at,
            actor=event.actor,
        )


def step_completed_tell(recorded: Recorded) -> None:
    """Tell the requester that a step of their request was done (its end tells them more)."""
    case, event = recorded.case, recorded.event
    if not case.requester_kind or case.status != Case.Status.RUNNING or event.step is None:
        return
    step = definition_of(case.sop_version).steps[event.step]
    body = f"{case.title}\n{step.no}. {step.uraian}"
    if event.note:
        body += "\n" + _("Catatan: %(note)s") % {"note": event.note}
    _requester_tell(
        case,
        event,
        kind=Kind.STEP_DONE,
        title=_("Langkah %(step)s permohonan %(number)s selesai")
        % {"step": step.no, "number": case.number},
        body=body,
    )


def case_ended_tell(recorded: Recorded) -> None:
    """Tell the requester how their request ended, and why when a reason was recorded."""
    case, event = recorded.case, recorded.event
    if not case.requester_kind:
        return
    status = case.get_status_display()
    body = _("Permohonan '%(title)s' berakhir: %(status)s.") % {
        "title": case.title,
        "status": status,
    }
    if case.end_reason:
        body += "\n" + _("Alasan: %(reason)s") % {"reason": case.end_reason}
    _requester_tell(
        case,
        event,
        kind=Kind.ENDED,
        title=_("Permohonan %(number)s %(status)s") % {"number": case.number, "status": status},
        body=body,
    )


def _requester_tell(case: Case, event: Event, *, kind: Kind, title: str, body: str) -> None:
    if case.requester_kind == RequesterKind.PUBLIC:
        return  # e-mailed by alur.public, of the return and the end
    notify_people(
        people=Q(pk=case.requester_id),
        kind=kind,
        title=title,
        body=body,
        url=_case_url(case),
        at=event.at,
        actor=event.actor,
    )


def _returning_note(case: Case) -> str:
    """The note of the step whose decision sent the request back, when it has one."""
    note = (
        Event.objects.filter(case=case, kind="step.completed")
        .order_by("-seq")
        .values_list("note", flat=True)
        .first()
    )
    return note or ""


def _office_people(recorded: Recorded) -> Q:
    case, event = recorded.case, recorded.event
    definition = definition_of(case.sop_version)
    on = event.at.astimezone(ZoneInfo(case.office.zone)).date()
    steps = {pair[0] for pair in event.data.get("open_steps", []) if pair}
    lanes = {
        lane
        for no in steps
        if no in definition.steps
        for lane in definition.steps[no].lanes
        if not definition.lanes[lane].pemohon
    }
    found = permissions.people_for_lanes(case, definition, sorted(lanes), on)
    if not lanes:
        worked = Task.objects.filter(case=case, done_by__isnull=False).values("done_by_id")
        found = Q(pk__in=worked, office_id=case.office_id) & ~Q(unit__kind="opd")
    return found & ~Q(pk=case.requester_id)


def _case_url(case: Case) -> str:
    return reverse("case_detail", args=[case.pk])


def withdrawn_tell(recorded: Recorded) -> None:
    """The requester withdrew the request: tell the office's people who held it."""
    case, event = recorded.case, recorded.event
    notify_people(
        people=_office_people(recorded),
        kind=Kind.WITHDRAWN,
        title=_("Permohonan %(number)s ditarik pemohon") % {"number": case.number},
        body=_("Permohonan '%(title)s' ditarik oleh pemohonnya.\nAlasan: %(reason)s")
        % {"title": case.title, "reason": event.note},
        url=_case_url(case),
        at=event.at,
        actor=event.actor,
    )


def comment_tell(recorded: Recorded) -> None:
    """The requester wrote to the office: tell the people of the step it waits on."""
    case, event = recorded.case, recorded.event
    notify_people(
        people=_office_people(recorded),
        kind=Kind.REQUESTER_COMMENT,
        title=_("Komentar pemohon pada %(number)s") % {"number": case.number},
        body=_("Pemohon '%(title)s' menulis:\n%(text)s")
        % {"title": case.title, "text": event.note},
        url=_case_url(case),
        at=event.at,
        actor=event.actor,
    )
