"""Records that SOP steps write: the application list and electronic-system registrations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from alur.cases.models import Case
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
