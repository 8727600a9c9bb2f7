"""The door for the case's letters: drafting a letter as a PDF document of the case, and
recording a letter sent through SRIKANDI with its signed PDF.

Each function checks who is acting and on which step, locks the case row, and writes the
document, the letter row and the event in one transaction; a refusal raises the cases'
``ServiceError`` subclasses and leaves nothing changed.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alur.cases import acting, permissions
from alur.cases.documents import sniff_type
from alur.cases.models import Case, Document
from alur.cases.services import case_lock, document_attach, require_lane
from alur.catalog.services import definition_of
from alur.common.errors import Invalid, NotAllowed
from alur.common.http import form_error_lines
from alur.common.text import NOTE_LIMIT, length_problem, name_problem
from alur.letters import content, refusal, signers
from alur.letters.forms import FORMS, ReferenceForm
from alur.letters.models import Letter, Letterhead, SrikandiReference
from alur.letters.numbering import PatternInvalid, format_letter_number, next_letter_sequence
from alur.letters.pdf import render_pdf
from alur.letters.selectors import letterhead_of
from alur.offices.calendar import calendar_for
from alur.offices.models import Delegation, User
from alur.sop import CaseState, OpenStep
from alur.sop import Sop as SopDefinition

TEMPLATES = {
    "disposisi": "letters/pdf/disposisi.html",
    "balasan-draf": "letters/pdf/balasan.html",
    "balasan": "letters/pdf/balasan.html",
    "berita-acara": "letters/pdf/berita_acara.html",
    "penolakan": "letters/pdf/balasan.html",
}
NUMBERED = ("balasan", "berita-acara", "penolakan")
"""Letters that take a number: a disposition sheet carries the agenda number, a draft none."""


def _require_step(
    case: Case, definition: SopDefinition, step: int, actor: User, at: dt.datetime
) -> tuple[str, OpenStep]:
    """The letter kind of ``step`` and its open visit, if ``actor`` acts on it now."""
    if not permissions.can_view(actor, case):
        raise NotAllowed(_("Anda tidak dapat melihat permohonan ini."))
    if step not in definition.steps:
        raise Invalid(_("Langkah %(step)s tidak ada pada SOP ini.") % {"step": step})
    require_lane(case, step, actor, at)
    kind = definition.steps[step].surat
    if kind is None:
        raise Invalid(_("Langkah %(step)s tidak menghasilkan surat.") % {"step": step})
    opened = CaseState.from_json(case.state).open_step(step)
    if opened is None:
        raise Invalid(
            _("Langkah %(step)s tidak sedang terbuka; surat disusun pada langkah yang terbuka.")
            % {"step": step}
        )
    return kind, opened


def _locked_step(
    case: Case, step: int, actor: User, at: dt.datetime
) -> tuple[Case, SopDefinition, str, OpenStep, dt.date]:
    """The case locked for the change, its SOP, the letter kind of ``step`` and its open visit
    (refused as ``_require_step`` says), and the office's day."""
    locked = case_lock(case.pk, "requester", "requester_unit")
    definition = definition_of(locked.sop_version)
    kind, opened = _require_step(locked, definition, step, actor, at)
    return locked, definition, kind, opened, at.astimezone(calendar_for(locked.office).zone).date()


def letter_step_check(*, case: Case, step: int, actor: User, at: dt.datetime | None = None) -> str:
    """The letter kind ``actor`` may make at ``step`` now; raises as ``letter_generate`` would
    (a read: pages use it to say why there is no letter form)."""
    at = at if at is not None else timezone.now()
    kind, _opened = _require_step(case, definition_of(case.sop_version), step, actor, at)
    return kind


def _number(
    case: Case, letterhead: Letterhead, kind: str, visit: int, step: int, day: dt.date
) -> tuple[str, int | None]:
    """A numbered letter keeps its number when made again on the same visit of its step."""
    if kind not in NUMBERED:
        return "", None
    earlier = (
        Letter.objects.filter(case=case, step=step, visit=visit, kind=kind)
        .exclude(number="")
        .order_by("-made_at", "-pk")
        .first()
    )
    if earlier is not None:
        return earlier.number, earlier.sequence
    classification = (
        letterhead.minutes_classification
        if kind == "berita-acara"
        else letterhead.reply_classification  # the reply and the refusal
    )
    seq = next_letter_sequence(case.office, day.year)
    try:
        number = format_letter_number(letterhead, classification=classification, seq=seq, on=day)
    except PatternInvalid as error:
        raise Invalid(
            _("Pola nomor surat kantor tidak dapat dipakai (%(detail)s); perbaiki di Kop surat.")
            % {"detail": error}
        ) from None
    return number, seq


def _context(
    case: Case,
    definition: SopDefinition,
    step: int,
    kind: str,
    values: Mapping[str, Any],
    letterhead: Letterhead,
    actor: User,
    delegation: Delegation | None,
    day: dt.date,
    number: str,
) -> dict[str, Any]:
    context = content.common(letterhead, day, number)
    person = signers.person_signer(actor, delegation, letterhead)
    if kind == "disposisi":
        context |= content.disposition(case, values, person, day)
    elif kind == "berita-acara":
        handed = definition.steps[step].serah_terima
        documents = list(Document.objects.filter(case=case))
        items = content.deliverables(definition, handed, documents)
        head = signers.head_signer("PIHAK PERTAMA", letterhead, actor, day)
        context |= content.minutes(case, values, letterhead, day, items, head, person)
    else:
        context |= content.reply(case, values, signers.head_signer("", letterhead, actor, day))
        context["draft"] = kind == "balasan-draf"
    return context


def _require_head_name(letterhead: Letterhead) -> None:
    """A numbered letter is signed by the head of office the letterhead names."""
    if not letterhead.head_name.strip():
        raise Invalid(
            _(
                "Nama Kepala Dinas belum diisi pada Kop surat kantor; admin kantor mengisinya "
                "di Pengaturan › Kop surat."
            )
        )


def _acted_as(delegation: Delegation | None) -> dict[str, object]:
    """What the letter's event says the person acted as: a Plh/Plt delegation, or nothing."""
    return {} if delegation is None else {acting.ACTED_AS: acting.acted_as(delegation)}


def letter_generate(
    *,
    case: Case,
    step: int,
    actor: User,
    fields: Mapping[str, Any],
    at: dt.datetime | None = None,
) -> Letter:
    """Draft the letter of ``step`` (its ``surat``) as a PDF and store it as the next version
    of the step's output document."""
    at = at if at is not None else timezone.now()
    with transaction.atomic():
        locked, definition, kind, opened, day = _locked_step(case, step, actor, at)
        form = FORMS[kind](data=dict(fields), today=day)
        if not form.is_valid():
            raise Invalid(
                _("Isian surat belum lengkap atau belum benar."), details=form_error_lines(form)
            )
        values = form.values()
        if problems := _text_problems(form, values):
            raise Invalid(_("Isian surat belum benar."), details=problems)
        letterhead = letterhead_of(locked.office)
        if kind in NUMBERED:
            _require_head_name(letterhead)
        number, seq = _number(locked, letterhead, kind, opened.visit, step, day)
        delegation = acting.step_delegation(actor, locked, definition, step, day)
        context = _context(
            locked, definition, step, kind, values, letterhead, actor, delegation, day, number
        )
        pdf = render_pdf(TEMPLATES[kind], context)
        name = content.document_name(definition.steps[step], str(Letter.Kind(kind).label))
        document = document_attach(
            case=locked,
            name=name,
            upload=io.BytesIO(pdf),
            filename=f"{kind}-langkah-{step}.pdf",
            actor=actor,
            at=at,
            step=step,
            visit=opened.visit,
            generated=True,
            kind="letters.letter.generated",
            data={"kind": kind, "number": number, **_acted_as(delegation)},
        )
        return Letter.objects.create(
            case=locked,
            step=step,
            visit=opened.visit,
            kind=kind,
            number=number,
            year=day.year if seq is not None else None,
            sequence=seq,
            dated=day,
            fields=values,
            document=document,
            made_by=actor,
            made_at=at,
        )


NAMING_FIELDS = {"nomor_surat", "nomor_agenda", "kepada", "hal", "lampiran"}
"""The letter's fields that name or number something: no invisible characters in them."""


def _text_problems(form: Any, values: Mapping[str, Any]) -> list[str]:
    """Invisible characters in a number, an addressee or a subject; free text too long."""
    problems = []
    for key, value in values.items():
        if not isinstance(value, str):
            continue
        label = str(form.fields[key].label)
        problem = (
            name_problem(label, value)
            if key in NAMING_FIELDS
            else length_problem(label, value, NOTE_LIMIT)
        )
        if problem is not None:
            problems.append(problem)
    return problems


def refusal_letter_check(*, case: Case, actor: User, at: dt.datetime | None = None) -> None:
    """Raises as ``refusal_letter_generate`` would before its fields are read (a read: pages use
    it to say why there is no refusal letter form)."""
    at = at if at is not None else timezone.now()
    refusal.require_refusal(case, actor, content.local_date(case, at))


def refusal_letter_generate(
    *,
    case: Case,
    actor: User,
    fields: Mapping[str, Any],
    at: dt.datetime | None = None,
) -> Letter:
    """Make the refusal letter of ``case``, which ended ``ditolak``: the one change a closed case
    takes (``refusal`` says who may make it). Numbered as the reply is, signed by the head of
    office or the Plh/Plt of the day, stored as the next version of "Surat Penolakan" under
    the step that refused the case."""
    at = at if at is not None else timezone.now()
    with transaction.atomic():
        locked = case_lock(case.pk, "requester", "requester_unit")
        day = content.local_date(locked, at)
        step, visit = refusal.require_refusal(locked, actor, day)
        form = FORMS["penolakan"](data=dict(fields), today=day)
        if not form.is_valid():
            raise Invalid(
                _("Isian surat belum lengkap atau belum benar."), details=form_error_lines(form)
            )
        values = form.values()
        if problems := _text_problems(form, values):
            raise Invalid(_("Isian surat belum benar."), details=problems)
        letterhead = letterhead_of(locked.office)
        _require_head_name(letterhead)
        number, seq = _number(locked, letterhead, "penolakan", visit, step, day)
        definition = definition_of(locked.sop_version)
        delegation = acting.step_delegation(actor, locked, definition, step, day)
        context = content.common(letterhead, day, number) | content.reply(
            locked, values, signers.head_signer("", letterhead, actor, day)
        )
        pdf = render_pdf(TEMPLATES["penolakan"], context)
        document = document_attach(
            case=locked,
            name=refusal.DOCUMENT_NAME,
            upload=io.BytesIO(pdf),
            filename=f"penolakan-langkah-{step}.pdf",
            actor=actor,
            at=at,
            step=step,
            visit=visit,
            generated=True,
            kind="letters.letter.generated",
            data={"kind": "penolakan", "number": number, **_acted_as(delegation)},
        )
        return Letter.objects.create(
            case=locked,
            step=step,
            visit=visit,
            kind=Letter.Kind.REFUSAL,
            number=number,
            year=day.year,
            sequence=seq,
            dated=day,
            fields=values,
            document=document,
            made_by=actor,
            made_at=at,
        )


def letter_reference_record(
    *,
    case: Case,
    step: int,
    actor: User,
    number: str,
    dated: dt.date,
    sender: str,
    link: str,
    upload: IO[bytes],
    filename: str,
    at: dt.datetime | None = None,
) -> SrikandiReference:
    """Record that the letter of ``step`` went out through SRIKANDI: its number, date, sender
    and SRIKANDI link or identifier, with the signed PDF as the next version of the step's
    output document."""
    at = at if at is not None else timezone.now()
    with transaction.atomic():
        locked, definition, kind, opened, day = _locked_step(case, step, actor, at)
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        fields = {"nomor": number, "tanggal": dated, "pengirim": sender, "tautan": link}
        form = ReferenceForm(data=fields, files={"berkas": File(upload, name=filename)}, today=day)
        if not form.is_valid():
            raise Invalid(
                _("Rujukan SRIKANDI belum lengkap atau belum benar."),
                details=form_error_lines(form),
            )
        problems = [
            problem
            for problem in (
                name_problem(_("Nomor surat"), form.cleaned_data["nomor"]),
                name_problem(_("Pengirim"), form.cleaned_data["pengirim"]),
            )
            if problem is not None
        ]
        if problems:
            raise Invalid(_("Rujukan SRIKANDI belum benar."), details=problems)
        if sniff_type(head) != "application/pdf":
            raise Invalid(
                _("Surat bertanda tangan %(file)s bukan berkas PDF.") % {"file": filename}
            )
        name = content.document_name(definition.steps[step], str(Letter.Kind(kind).label))
        delegation = acting.step_delegation(actor, locked, definition, step, day)
        document = document_attach(
            case=locked,
            name=name,
            upload=upload,
            filename=filename,
            actor=actor,
            at=at,
            step=step,
            visit=opened.visit,
            kind="letters.srikandi.recorded",
            data={
                "number": form.cleaned_data["nomor"],
                "date": form.cleaned_data["tanggal"].isoformat(),
                "sender": form.cleaned_data["pengirim"],
                "link": form.cleaned_data["tautan"],
                **_acted_as(delegation),
            },
        )
        return SrikandiReference.objects.create(
            case=locked,
            step=step,
            visit=opened.visit,
            number=form.cleaned_data["nomor"],
            dated=form.cleaned_data["tanggal"],
            sender=form.cleaned_data["pengirim"],
            link=form.cleaned_data["tautan"],
            document=document,
            recorded_by=actor,
            recorded_at=at,
        )
