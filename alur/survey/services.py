"""The one door for the survey: offering it when a case ends, taking the one answer of a case,
and keeping the office's follow-up plan.

    survey_offer       subscriber of ``case.ended``: the invitation, a notification in the app
                       and an e-mail with a link that works once
    response_submit    the requester's answers, in the app or through the link; spends the link
    follow_up_add      an item of the office's follow-up plan (rencana tindak lanjut)
    follow_up_change   its status, target, responsible or note changed

Every change is recorded as the code around records it: the answer as an event in the case's
record (that it was answered and how, never the answers), the follow-up plan in the office's
log (``alur.offices.changes``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from alur.cases.models import Case, RequesterKind
from alur.cases.recording import Recorded
from alur.cases.services import case_lock, event_record
from alur.catalog.models import Sop
from alur.common.errors import Invalid, NotAllowed
from alur.common.text import length_problem
from alur.notifications.models import Kind, Preference
from alur.notifications.outbox import mail_queue
from alur.notifications.services import is_quiet, notify
from alur.offices.changes import record_change, snapshot
from alur.offices.models import Office, User
from alur.public.models import PublicRequest
from alur.survey.elements import AGES, CODES, EDUCATIONS, GENDERS, OCCUPATIONS
from alur.survey.models import FollowUp, Invitation, Response

LINK_LIFETIME = dt.timedelta(days=60)
"""How long the e-mailed link stays usable."""
NOT_OFFERED = (Case.Status.LAPSED, Case.Status.RUNNING)
"""A case that lapsed ended because its requester did not go on: nothing was served to rate."""
SUGGESTION_LONGEST = 2000
ANSWERED_EVENT = "survey.answered"


def link_digest(token: str) -> str:
    """The keyed digest kept for a link's token (the token itself is only in the e-mail)."""
    return salted_hmac("alur.survey.link", token, algorithm="sha256").hexdigest()


def is_offered(case: Case) -> bool:
    return bool(case.requester_kind) and case.status not in NOT_OFFERED


def survey_offer(recorded: Recorded) -> None:
    """A case ended: offer its requester the questionnaire, in the app and by e-mail. Runs in
    the transaction of the ending, so an ending rolled back offers nothing. History written
    after the fact (``notifications.services.quietly``, the demo's year) has its invitation
    and tells nobody."""
    case = recorded.case
    if not is_offered(case) or Invitation.objects.filter(case=case).exists():
        return
    at = recorded.event.at
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        case=case, digest=link_digest(token), offered_at=at, expires_at=at + LINK_LIFETIME
    )
    if is_quiet():
        return
    title = _("Survei kepuasan: permohonan %(number)s") % {"number": case.number}
    body = _(
        "Permohonan '%(title)s' telah berakhir. Bagaimana pelayanan kami? Isi survei kepuasan "
        "masyarakat (sembilan pertanyaan, sekitar dua menit); jawaban Anda tidak ditampilkan "
        "dengan nama Anda."
    ) % {"title": case.title}
    link = settings.ALUR_SITE_URL + reverse("survey_link", args=[token])
    mail_body = body + "\n\n" + _("Tautan ini hanya dapat dipakai sekali:") + f"\n{link}"
    if case.requester_kind == RequesterKind.PUBLIC:
        filed = PublicRequest.objects.filter(case=case).first()
        if filed is not None:
            mail_queue(to=[filed.email], subject=f"[Alur] {title}", body=mail_body)
        return
    requester = case.requester
    notify(
        recipients=[requester],
        kind=Kind.SURVEY,
        title=title,
        body=body,
        url=reverse("survey_case", args=[case.pk]),
        at=at,
        mail=False,
    )
    mail_off = Preference.objects.filter(user=requester, kind=Kind.SURVEY, email=False)
    if requester.is_active and requester.email and not mail_off.exists():
        mail_queue(to=[requester.email], subject=f"[Alur] {title}", body=mail_body)


def invitation_by_link(token: str, at: dt.datetime) -> Invitation | None:
    """The invitation a link opens: unused and not run out; ``None`` for anything else."""
    return (
        Invitation.objects.select_related("case__office", "case__sop_version__sop")
        .filter(digest=link_digest(token), used_at__isnull=True, expires_at__gt=at)
        .first()
    )


@dataclass(frozen=True)
class Answers:
    scores: Mapping[str, int]
    gender: str = ""
    education: str = ""
    occupation: str = ""
    age: str = ""
    suggestion: str = ""


_PROFILE = {"gender": GENDERS, "education": EDUCATIONS, "occupation": OCCUPATIONS, "age": AGES}


def answers_problems(answers: Answers) -> dict[str, str]:
    """What is wrong with ``answers``, by field."""
    problems: dict[str, str] = {}
    for code in CODES:
        value = answers.scores.get(code)
        if not isinstance(value, int) or not 1 <= value <= 4:
            problems[code] = _("Pilih salah satu dari empat jawaban.")
    for name, choices in _PROFILE.items():
        value = getattr(answers, name)
        if value and value not in {key for key, _label in choices}:
            problems[name] = _("Pilihan tidak dikenal.")
    if problem := length_problem(_("Saran"), answers.suggestion, SUGGESTION_LONGEST):
        problems["suggestion"] = problem
    return problems


def response_submit(
    *, invitation: Invitation, answers: Answers, channel: str, at: dt.datetime
) -> Response:
    """Keep the answers about the invitation's case, once: the link is spent, a second answer
    (by the link or in the app) is refused and changes nothing."""
    problems = answers_problems(answers)
    if problems:
        raise Invalid(_("Jawaban belum lengkap atau tidak sah."), details=list(problems.values()))
    with transaction.atomic():
        case = case_lock(invitation.case_id)
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.used_at is not None or Response.objects.filter(case=case).exists():
            raise Invalid(_("Survei permohonan ini sudah dijawab; terima kasih."))
        if channel == Response.Channel.LINK and locked.expires_at <= at:
            raise Invalid(_("Tautan survei ini sudah habis berlaku."))
        response = Response.objects.create(
            case=case,
            office=case.office,
            sop=case.sop_version.sop,
            answered_at=at,
            channel=channel,
            gender=answers.gender,
            education=answers.education,
            occupation=answers.occupation,
            age=answers.age,
            suggestion=answers.suggestion.strip(),
            **{code: answers.scores[code] for code in CODES},
        )
        locked.used_at = at
        locked.save(update_fields=["used_at"])
        # That the survey was answered and how, never what: the record names no scores.
        event_record(case=case, kind=ANSWERED_EVENT, at=at, actor=None, data={"lewat": channel})
    return response


def invitation_of_requester(user: User, case_id: int) -> Invitation | None:
    """The invitation of a case ``user`` requested; ``None`` when it is not theirs."""
    return (
        Invitation.objects.select_related("case__office", "case__sop_version__sop")
        .filter(case_id=case_id, case__requester=user)
        .first()
    )


# --- the follow-up plan ------------------------------------------------------------------

FOLLOW_UP_FIELDS = ("sop", "element", "action", "responsible", "target", "status", "note")
FOLLOW_UP_SUBJECT = "Rencana tindak lanjut SKM"


@dataclass(frozen=True)
class FollowUpInput:
    action: str
    responsible: str
    target: dt.date
    sop: Sop | None = None
    element: str = ""
    status: str = FollowUp.Status.PLANNED
    note: str = ""


def follow_up_problems(office: Office, given: FollowUpInput) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not given.action.strip():
        problems["action"] = _("Tulis tindak lanjutnya.")
    elif problem := length_problem(_("Tindak lanjut"), given.action, 500):
        problems["action"] = problem
    if not given.responsible.strip():
        problems["responsible"] = _("Tulis penanggung jawabnya (jabatan atau nama).")
    elif problem := length_problem(_("Penanggung jawab"), given.responsible, 200):
        problems["responsible"] = problem
    if given.element and given.element not in CODES:
        problems["element"] = _("Unsur tidak dikenal.")
    if given.status not in FollowUp.Status.values:
        problems["status"] = _("Status tidak dikenal.")
    if given.sop is not None and given.sop.office_id != office.pk:
        problems["sop"] = _("SOP itu bukan SOP kantor ini.")
    if problem := length_problem(_("Catatan"), given.note, 2000):
        problems["note"] = problem
    return problems


def _refuse(problems: dict[str, str]) -> None:
    if problems:
        raise Invalid(
            _("Rencana tindak lanjut belum dapat disimpan."), details=list(problems.values())
        )


def follow_up_add(
    *, office: Office, actor: User, given: FollowUpInput, at: dt.datetime
) -> FollowUp:
    _refuse(follow_up_problems(office, given))
    with transaction.atomic():
        item = FollowUp.objects.create(
            office=office,
            sop=given.sop,
            element=given.element,
            action=given.action.strip(),
            responsible=given.responsible.strip(),
            target=given.target,
            status=given.status,
            note=given.note.strip(),
            created_by=actor,
            created_at=at,
            updated_at=at,
        )
        record_change(
            office=office,
            actor=actor,
            subject=FOLLOW_UP_SUBJECT,
            action="ditambahkan",
            after=snapshot(item, FOLLOW_UP_FIELDS),
            at=at,
        )
    return item


def follow_up_change(
    *, office: Office, actor: User, item_id: int, given: FollowUpInput, at: dt.datetime
) -> FollowUp:
    """Change an item of ``office``'s plan; an item of another office is not found."""
    _refuse(follow_up_problems(office, given))
    with transaction.atomic():
        item = FollowUp.objects.select_for_update().filter(pk=item_id, office=office).first()
        if item is None:
            raise NotAllowed(_("Rencana tindak lanjut itu tidak ada di kantor ini."))
        before = snapshot(item, FOLLOW_UP_FIELDS)
        item.sop = given.sop
        item.element = given.element
        item.action = given.action.strip()
        item.responsible = given.responsible.strip()
        item.target = given.target
        item.status = given.status
        item.note = given.note.strip()
        item.updated_at = at
        item.save()
        record_change(
            office=office,
            actor=actor,
            subject=FOLLOW_UP_SUBJECT,
            action="diubah",
            before=before,
            after=snapshot(item, FOLLOW_UP_FIELDS),
            at=at,
        )
    return item
