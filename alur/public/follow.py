"""What a public requester hears of their request, by e-mail (they have no inbox): when a step
of theirs opens again (the request was returned to them) and when the request ends. The
record's subscribers (``alur.cases.recording.subscribe``), run in the transaction of the
change, so a change rolled back mails no one."""

from __future__ import annotations

from django.utils.translation import gettext as _

from alur.cases.models import RequesterKind
from alur.cases.recording import Recorded
from alur.catalog.services import definition_of
from alur.public.selectors import office_note
from alur.public.services import public_tell


def returned_tell(recorded: Recorded) -> None:
    """A requester's step opened on a later visit: tell them what waits for them."""
    case, task = recorded.case, recorded.task
    if case.requester_kind != RequesterKind.PUBLIC or task is None or task.visit < 2:
        return
    definition = definition_of(case.sop_version)
    if not any(definition.lanes[lane].pemohon for lane in task.lanes if lane in definition.lanes):
        return
    step = definition.steps[task.step]
    body = _("Permohonan '%(title)s' menunggu Anda: langkah %(step)s, %(text)s") % {
        "title": case.title,
        "step": step.no,
        "text": step.uraian,
    }
    if note := office_note(case):
        body += "\n" + _("Catatan petugas: %(note)s") % {"note": note}
    public_tell(
        case,
        title=_("Permohonan %(number)s dikembalikan kepada Anda") % {"number": case.number},
        body=body,
    )


def ended_tell(recorded: Recorded) -> None:
    """The request ended: tell the requester how, and why when a reason was recorded."""
    case = recorded.case
    if case.requester_kind != RequesterKind.PUBLIC:
        return
    body = _("Permohonan '%(title)s' berakhir: %(status)s.") % {
        "title": case.title,
        "status": case.get_status_display(),
    }
    if case.end_reason:
        body += "\n" + _("Alasan: %(reason)s") % {"reason": case.end_reason}
    public_tell(
        case,
        title=_("Permohonan %(number)s %(status)s")
        % {"number": case.number, "status": case.get_status_display()},
        body=body,
    )
