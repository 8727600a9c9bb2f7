"""Reads for the letters: the office's letterhead, the letter tools of the open steps a person
may act on (the form with its starting values, what was made before), and the refusal letter's
tool on a refused case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from alur.cases import permissions
from alur.cases.models import Case
from alur.catalog.services import definition_of
from alur.letters import content, refusal, words
from alur.letters.forms import FORMS, LetterForm, ReferenceForm, ReplyForm
from alur.letters.models import Letter, Letterhead, SrikandiReference
from alur.offices.calendar import calendar_for
from alur.offices.models import Office, User
from alur.sop import CaseState
from alur.sop import Sop as SopDefinition


def letterhead_of(office: Office) -> Letterhead:
    """The office's letterhead; until the office sets one, one made from the office's record
    (not saved)."""
    found = Letterhead.objects.filter(office=office).select_related("office").first()
    if found is not None:
        return found
    return Letterhead(
        office=office,
        government=office.government,
        name=office.name,
        unit_code=office.code.upper(),
    )


@dataclass(frozen=True)
class LetterTool:
    step: int
    kind: str
    label: str
    document_name: str
    form: LetterForm
    reference_form: ReferenceForm
    letters: list[Letter]
    references: list[SrikandiReference]


def _reply_body(case: Case, data: dict[str, Any]) -> str:
    opened = content.local_date(case, case.opened_at)
    paragraphs = [
        _(
            "Menindaklanjuti permohonan Saudara nomor %(number)s tanggal %(date)s perihal "
            "%(title)s, dengan hormat kami sampaikan bahwa permohonan tersebut telah kami "
            "tindak lanjuti."
        )
        % {"number": case.number, "date": words.date_text(opened), "title": case.title}
    ]
    application = data.get("nama_aplikasi")
    if application:
        sentence = _("Aplikasi %(name)s telah dipasang") % {"name": application}
        if data.get("server"):
            sentence += _(" pada server %(server)s") % {"server": data["server"]}
        if data.get("url"):
            sentence += _(" dan dapat diakses melalui %(url)s") % {"url": data["url"]}
        paragraphs.append(sentence + ".")
    paragraphs.append(
        _(
            "Demikian kami sampaikan. Atas perhatian dan kerja sama Saudara, kami ucapkan "
            "terima kasih."
        )
    )
    return "\n\n".join(paragraphs)


def initial_values(case: Case, definition: SopDefinition, step: int, kind: str) -> dict[str, Any]:
    """What the letter form starts with, taken from the record and the case's earlier letters."""
    earlier = Letter.objects.filter(case=case).order_by("-made_at", "-pk")
    if kind == "disposisi":
        values: dict[str, Any] = {
            "nomor_agenda": case.number,
            "diteruskan_kepada": "\n".join(content.recipients(definition, definition.steps[step])),
            "sifat": "biasa",
        }
        before = earlier.filter(kind="disposisi").first()
        if before is not None:
            for key in ("nomor_surat", "tanggal_surat", "nomor_agenda", "sifat"):
                if key in before.fields:
                    values[key] = before.fields[key]
        return values
    if kind in ("balasan-draf", "balasan"):
        before = earlier.filter(kind__in=("balasan-draf", "balasan")).first()
        if before is not None:
            return dict(before.fields)
        data = case.state.get("data")
        return {
            "kepada": _("Kepala %(unit)s") % {"unit": case.requester_unit.name},
            "sifat": "biasa",
            "hal": _("Tanggapan atas Permohonan %(title)s") % {"title": case.title},
            "isi": _reply_body(case, data if isinstance(data, dict) else {}),
        }
    return {"rangkap": 2}


def letter_tools(case: Case, user: User, *, now: dt.datetime) -> list[LetterTool]:
    """A tool for each open step with a letter that ``user`` may act on now."""
    definition = definition_of(case.sop_version)
    today = now.astimezone(calendar_for(case.office).zone).date()
    lanes = permissions.lanes_of(user, case, definition, today)
    state = CaseState.from_json(case.state)
    tools: list[LetterTool] = []
    for opened in state.open_steps:
        step = definition.steps[opened.step]
        if step.surat is None or not lanes & set(step.lanes):
            continue
        kind = step.surat
        label = str(Letter.Kind(kind).label)
        tools.append(
            LetterTool(
                step=step.no,
                kind=kind,
                label=label,
                document_name=content.document_name(step, label),
                form=FORMS[kind](
                    initial=initial_values(case, definition, step.no, kind),
                    today=today,
                    prefix=f"surat{step.no}",
                ),
                reference_form=ReferenceForm(today=today, prefix=f"srikandi{step.no}"),
                letters=list(
                    Letter.objects.filter(case=case, step=step.no)
                    .select_related("document")
                    .order_by("-made_at", "-pk")
                ),
                references=list(
                    SrikandiReference.objects.filter(case=case, step=step.no)
                    .select_related("document")
                    .order_by("-recorded_at", "-pk")
                ),
            )
        )
    return tools


@dataclass(frozen=True)
class RefusalTool:
    form: LetterForm
    letters: list[Letter]


def refusal_tool(case: Case, user: User, *, now: dt.datetime) -> RefusalTool | None:
    """The refusal letter's form and the versions made, when ``case`` ended refused and ``user``
    may make its letter (``refusal.may_make``)."""
    ended = refusal.refusal_event(case)
    today = content.local_date(case, now)
    if ended is None or ended.step is None or not refusal.may_make(user, case, ended, today):
        return None
    return RefusalTool(
        form=ReplyForm(initial=refusal.initial_values(case), today=today, prefix="penolakan"),
        letters=list(
            Letter.objects.filter(case=case, kind=Letter.Kind.REFUSAL)
            .select_related("document")
            .order_by("-made_at", "-pk")
        ),
    )
