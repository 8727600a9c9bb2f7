"""Records that SOP steps write: the application list and electronic-system registrations.

``registry_follow`` follows every completed step of every case (subscribed at start-up, see
``apps.py``) and writes the record the step's ``registri`` names, in the step's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from alur.cases.models import Case
from alur.cases.recording import Recorded
from alur.catalog.services import definition_of
from alur.registry.models import Application, ElectronicSystem
from alur.sop import Registry


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def registry_record(
    *, case: Case, kind: Registry, data: Mapping[str, Any], at: dt.datetime
) -> None:
    """Create or update the record a completed step describes (by name, per office)."""
    if kind is Registry.SISTEM_ELEKTRONIK:
        name = _text(data, "nama_sistem_elektronik") or case.title
        registered = _text(data, "tanggal_pendataan")
        ElectronicSystem.objects.update_or_create(
            office=case.office,
            name=name,
            defaults={
                "owner": case.requester_unit,
                "registration_number": _text(data, "nomor_tdpse"),
                # the office's day, whatever zone ``at`` was given in (timezone.now() is UTC)
                "registered_on": dt.date.fromisoformat(registered)
                if registered
                else at.astimezone(ZoneInfo(case.office.zone)).date(),
                "url": _text(data, "url"),
                "case": case,
                "updated_at": at,
            },
        )
    elif kind is Registry.DAFTAR_APLIKASI:
        name = _text(data, "nama_aplikasi") or case.title
        Application.objects.update_or_create(
            office=case.office,
            name=name,
            defaults={
                "owner": case.requester_unit,
                "url": _text(data, "url"),
                "server": _text(data, "server"),
                "case": case,
                "updated_at": at,
                "status": Application.Status.ACTIVE,
            },
        )


def registry_follow(recorded: Recorded) -> None:
    """A step was completed: write the record its ``registri`` names, from the case's data."""
    case, event = recorded.case, recorded.event
    if event.step is None:
        return
    kind = definition_of(case.sop_version).steps[event.step].registri
    if kind is None:
        return
    data = {**dict(case.state.get("data", {})), **event.data}
    registry_record(case=case, kind=kind, data=data, at=event.at)
