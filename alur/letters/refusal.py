"""The refusal letter (surat penolakan) of a case that ended ``ditolak``: who may make it, the
step it belongs to, and what it says before the person edits it.

A refusal is given with its reason and its letter. The letter is made on the ended case, so it
is the one change a closed case still takes, and only a refused one. It may be made by the
person who recorded the refusal (who acted on the step that ended the case) and by the office's
heads (``permissions.is_office_head``): the one knows the reason, the other signs for the
office. The letter belongs to the step and visit that ended the case, and is stored as the case
document "Surat Penolakan".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from alur.cases import permissions
from alur.cases.models import Case, Event, RequesterKind
from alur.catalog.services import definition_of
from alur.common.errors import Invalid, NotAllowed
from alur.letters import content, words
from alur.letters.models import Letter
from alur.offices.models import User
from alur.public.models import PublicRequest

DOCUMENT_NAME = "Surat Penolakan"


def refusal_event(case: Case) -> Event | None:
    """The event that ended ``case`` refused, if it did."""
    if case.status != Case.Status.REFUSED:
        return None
    return Event.objects.filter(case=case, kind="case.ended").order_by("-seq").first()


def may_make(user: User, case: Case, ended: Event, day: dt.date) -> bool:
    """Whether ``user`` may make the refusal letter: who recorded the refusal, or a head."""
    if not permissions.can_view(user, case):
        return False
    recorded = ended.actor_id is not None and ended.actor_id == user.pk
    return recorded or permissions.is_office_head(user, case.office, day)


def require_refusal(case: Case, actor: User, day: dt.date) -> tuple[int, int]:
    """The step and visit that ended ``case`` refused, if ``actor`` may make its letter on
    ``day``; raises ``NotAllowed`` or ``Invalid`` saying why not."""
    if not permissions.can_view(actor, case):
        raise NotAllowed(_("Anda tidak dapat melihat permohonan ini."))
    if case.status == Case.Status.RUNNING:
        raise Invalid(
            _("Permohonan ini masih berjalan; surat penolakan dibuat setelah permohonan ditolak.")
        )
    ended = refusal_event(case)
    if ended is None or ended.step is None or ended.visit is None:
        raise Invalid(
            _(
                "Permohonan ini berakhir %(status)s, tidak ditolak; surat penolakan hanya dibuat "
                "untuk permohonan yang ditolak."
            )
            % {"status": case.get_status_display()}
        )
    if not may_make(actor, case, ended, day):
        raise NotAllowed(
            _(
                "Surat penolakan dibuat oleh yang mencatat penolakan pada langkah %(step)s atau "
                "oleh kepala kantor."
            )
            % {"step": ended.step}
        )
    return ended.step, ended.visit


def recipient(case: Case) -> str:
    """Who the letter is addressed to: the person of a request of the public, else the head of
    the requesting OPD."""
    if case.requester_kind == RequesterKind.PUBLIC:
        public = PublicRequest.objects.filter(case=case).first()
        return public.name if public is not None else str(case.requester)
    return _("Kepala %(unit)s") % {"unit": case.requester_unit.name}


def _body(case: Case) -> str:
    identity = definition_of(case.sop_version).identitas
    basis = (
        _("%(name)s nomor %(number)s") % {"name": identity.nama, "number": identity.nomor}
        if identity.nomor
        else identity.nama
    )
    opened = content.local_date(case, case.opened_at)
    paragraphs = [
        _(
            "Menindaklanjuti permohonan Saudara nomor %(number)s tanggal %(date)s perihal "
            "%(title)s, dengan hormat kami sampaikan bahwa permohonan tersebut tidak dapat kami "
            "penuhi (ditolak) dengan alasan:"
        )
        % {"number": case.number, "date": words.date_text(opened), "title": case.title},
        f"\u201c{case.end_reason.strip()}\u201d",
        _(
            "Penolakan ini diputuskan berdasarkan Standar Operasional Prosedur %(basis)s. Saudara "
            "dapat mengajukan permohonan kembali setelah hal tersebut dipenuhi."
        )
        % {"basis": basis},
        _("Demikian kami sampaikan. Atas perhatian Saudara, kami ucapkan terima kasih."),
    ]
    return "\n\n".join(paragraphs)


def initial_values(case: Case) -> dict[str, Any]:
    """What the letter form starts with: the earlier refusal letter's fields, else the record,
    in Indonesian whatever language the person reads the pages in."""
    before = Letter.objects.filter(case=case, kind=Letter.Kind.REFUSAL).order_by("-made_at", "-pk")
    earlier = before.first()
    if earlier is not None:
        return dict(earlier.fields)
    with translation.override("id"):
        return {
            "kepada": recipient(case),
            "sifat": "biasa",
            "hal": _("Penolakan permohonan %(title)s") % {"title": case.title},
            "isi": _body(case),
        }
