"""What the new-request page says of each service a person may file: what it is for, what the
requester brings, and how long it takes. Read from the SOP's own fields: its identity (name,
the unit that owns it, its legal basis), its first step (what the requester does and brings),
and its times (the service deadline ``batas_waktu`` when set, else the allowed times of the
steps on the longest way from the first step to an end)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from alur.cases.due import allowed_minutes
from alur.catalog.models import SopVersion
from alur.catalog.services import definition_of
from alur.common.formatting import duration_text
from alur.offices.calendar import calendar_for
from alur.offices.models import Office
from alur.sop import Source, condition_text


@dataclass(frozen=True)
class Need:
    name: str
    required: bool
    condition: str
    """When it is required only under a condition, that condition in words; else empty."""


@dataclass(frozen=True)
class Offer:
    version: SopVersion
    unit: str
    legal_basis: list[str]
    first_step: str
    needs: list[Need]
    forms: list[str]
    """The forms the requester fills in with the request."""
    service_time: str
    """The service deadline as the SOP writes it (``batas_waktu``); empty without one."""
    steps_time: str
    """Without a service deadline: the steps' allowed times added up; empty when none has
    one."""


def _lang() -> str:
    return "en" if (translation.get_language() or "id").startswith("en") else "id"


def offers(office: Office, versions: list[SopVersion]) -> list[Offer]:
    """An ``Offer`` for each of ``versions`` (SOPs of ``office``), in their order."""
    minutes_per_day = calendar_for(office).minutes_per_day
    found = []
    for version in versions:
        definition = definition_of(version)
        first = definition.first_step
        needs = [
            Need(
                name=item.nama,
                required=item.wajib,
                condition=""
                if item.bila is None
                else str(getattr(condition_text(definition, item.bila), _lang())),
            )
            for item in first.requirements
            if item.sumber is not Source.SARANA
        ]
        steps_time = ""
        if definition.batas_waktu is None:
            minutes = allowed_minutes(definition, minutes_per_day)
            steps_time = "" if minutes is None else duration_text(minutes, minutes_per_day)
        found.append(
            Offer(
                version=version,
                unit=definition.identitas.unit or "",
                legal_basis=list(definition.identitas.dasar_hukum),
                first_step=first.uraian,
                needs=needs,
                forms=[form.nama for form in definition.forms_filled_at(first)],
                service_time=definition.batas_waktu or "",
                steps_time=steps_time,
            )
        )
    return found
