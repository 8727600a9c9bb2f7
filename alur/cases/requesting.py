"""The requester's own doors on a running request: withdrawing it, and writing to the office.

    case_withdraw   the request ends as withdrawn (ditarik): its own ending, with the reason
    case_comment    a comment to the office, kept in the record

Like every change of a case (``alur.cases.services``), each locks the case row, checks who
acts before anything else, checks the text, and writes its event into the case's hash-chained
record in one transaction. Only the person who filed the request acts here
(``permissions.is_requester``): with their account from the case page, or a member of the
public from the status page (``alur.public.services``). What follows (the office's people
told, the reports' count, webhooks) subscribes to the events ``case.withdrawn`` and
``case.commented``.

A withdrawn request keeps its record; its open visits close unworked, as when a case lapses.
A related request the request opened (``Case.parent``) is withdrawn with it, each with its own
event; a related request is not withdrawn on its own, as the request that opened it waits for
it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alur.cases import permissions
from alur.cases.models import Case, Event
from alur.cases.recording import CaseWriter
from alur.cases.services import Conflict, Invalid, NotAllowed, case_lock
from alur.catalog.services import definition_of
from alur.common.text import name_problem
from alur.offices.models import User
from alur.sop import CaseState

REASON_LIMIT = 1_000
"""The longest reason for withdrawing a request."""
COMMENT_LIMIT = 2_000
"""The longest comment of a requester to the office."""


def case_withdraw(*, case: Case, actor: User, reason: str, at: dt.datetime | None = None) -> Case:
    """Withdraw the running request ``case`` as its requester ``actor``, for ``reason``
    (required): the case ends as ``Case.Status.WITHDRAWN``, its open visits close unworked, and
    the event ``case.withdrawn`` (actor, reason as its note, the visits that were open) is
    recorded; so are the running related requests it opened. Returns the case as it is now."""
    at = at or timezone.now()
    reason = reason.strip()
    with transaction.atomic():
        locked = case_lock(case.pk)
        _require_requester(actor, locked)
        if locked.parent_id is not None:
            raise NotAllowed(
                _(
                    "Permohonan ini dibuka oleh permohonan %(number)s; tarik permohonan itu, "
                    "maka permohonan ini ikut ditarik."
                )
                % {"number": locked.parent.number if locked.parent else "-"}
            )
        _require_running(locked, _("Permohonan yang sudah berakhir tidak dapat ditarik."))
        if not reason:
            raise Invalid(_("Alasan penarikan wajib diisi."))
        if problem := name_problem(_("Alasan penarikan"), reason, REASON_LIMIT):
            raise Invalid(problem)
        _withdraw(locked, actor, reason, at, data={})
        running = Case.objects.filter(parent=locked, status=Case.Status.RUNNING).order_by("pk")
        for child_id in running.values_list("pk", flat=True):
            _withdraw(case_lock(child_id), actor, reason, at, data={"parent": locked.number})
    for field in CaseWriter.CASE_FIELDS:
        setattr(case, field, getattr(locked, field))
    return case


def case_comment(*, case: Case, actor: User, text: str, at: dt.datetime | None = None) -> Event:
    """Record the comment ``text`` of the requester ``actor`` to the office on the running
    ``case``: the event ``case.commented`` with the text as its note and the steps open at
    the time. The case's version stays as it is: a comment changes nothing the people working
    on it built their pages on."""
    at = at or timezone.now()
    text = text.strip()
    with transaction.atomic():
        locked = case_lock(case.pk)
        _require_requester(actor, locked)
        _require_running(locked, _("Permohonan ini sudah berakhir; komentar tidak dapat dikirim."))
        if not text:
            raise Invalid(_("Komentar wajib diisi."))
        if problem := name_problem(_("Komentar"), text, COMMENT_LIMIT):
            raise Invalid(problem)
        writer = CaseWriter(locked, definition_of(locked.sop_version))
        event = writer.append(
            "case.commented",
            at=at,
            actor=actor,
            note=text,
            data={"open_steps": _open_visits(locked)},
        )
        writer.save(keep_version=True)
    case.last_event_hash = locked.last_event_hash
    return event


def _require_requester(actor: User, case: Case) -> None:
    if not permissions.can_view(actor, case):
        raise NotAllowed(_("Anda tidak dapat melihat permohonan ini."))
    if not permissions.is_requester(actor, case):
        raise NotAllowed(_("Hanya pemohon yang mengajukan permohonan ini yang dapat melakukannya."))


def _require_running(case: Case, message: str) -> None:
    if case.status != Case.Status.RUNNING:
        raise Conflict(
            _("%(message)s Status: %(status)s.")
            % {"message": message, "status": case.get_status_display()}
        )


def _open_visits(case: Case) -> list[list[int]]:
    """The open visits of ``case`` as ``[step, visit]`` pairs, for the record."""
    state = CaseState.from_json(case.state)
    return [[opened.step, opened.visit] for opened in state.open_steps]


def _withdraw(
    case: Case, actor: User, reason: str, at: dt.datetime, *, data: dict[str, str]
) -> None:
    """End ``case`` (locked) as withdrawn and record it."""
    writer = CaseWriter(case, definition_of(case.sop_version))
    was_open = _open_visits(case)
    writer.close(Case.Status.WITHDRAWN, at=at, reason=reason)
    writer.append(
        "case.withdrawn",
        at=at,
        actor=actor,
        note=reason,
        data={**data, "open_steps": was_open},
    )
    writer.save()
