"""The doors for an office administrator's changes: the office, its own days, its letterhead.

Each function takes what a valid form gave, writes it in one transaction with the row locked,
and logs the change (``alur.offices.changes.record_change``) in the same transaction, so a
change is saved and logged wholly or not at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from alur.administration.logo import logo_check
from alur.common.errors import Invalid
from alur.letters.models import Letterhead
from alur.letters.selectors import letterhead_of
from alur.offices.changes import record_change, snapshot
from alur.offices.models import Office, OfficeDay, User

OFFICE_FIELDS = (
    "name",
    "government",
    "city",
    "zone",
    "opens",
    "closes",
    "workdays",
    "case_number_pattern",
)
LETTERHEAD_FIELDS = (
    "government",
    "name",
    "address",
    "contact",
    "head_name",
    "head_position",
    "head_rank",
    "head_nip",
    "number_pattern",
    "unit_code",
    "reply_classification",
    "minutes_classification",
)
DAY_FIELDS = ("date", "kind", "name")


def office_update(*, office: Office, actor: User, values: Mapping[str, Any]) -> Office:
    """Set the office's names, place, zone, hours, workdays and case number pattern."""
    with transaction.atomic():
        locked = Office.objects.select_for_update().get(pk=office.pk)
        before = snapshot(locked, OFFICE_FIELDS)
        for name in OFFICE_FIELDS:
            setattr(locked, name, values[name])
        locked.full_clean()
        locked.save(update_fields=list(OFFICE_FIELDS))
        record_change(
            office=locked,
            actor=actor,
            subject="Kantor",
            action="diubah",
            before=before,
            after=snapshot(locked, OFFICE_FIELDS),
        )
        return locked


def office_day_add(*, office: Office, actor: User, values: Mapping[str, Any]) -> OfficeDay:
    """Add a day the office treats differently from the national calendar."""
    with transaction.atomic():
        Office.objects.select_for_update().filter(pk=office.pk).get()
        if OfficeDay.objects.filter(office=office, date=values["date"]).exists():
            raise Invalid(_("Tanggal ini sudah ada di daftar hari khusus."))
        day = OfficeDay.objects.create(
            office=office, date=values["date"], kind=values["kind"], name=values["name"]
        )
        record_change(
            office=office,
            actor=actor,
            subject=f"Hari khusus {day.date.isoformat()}",
            action="ditambahkan",
            after=snapshot(day, DAY_FIELDS),
        )
        return day


def office_day_remove(*, office: Office, actor: User, day_id: int) -> None:
    """Remove one of the office's own days; another office's day is not found."""
    with transaction.atomic():
        day = OfficeDay.objects.select_for_update().filter(office=office, pk=day_id).first()
        if day is None:
            raise Invalid(_("Hari khusus itu tidak ada (mungkin sudah dihapus)."))
        before = snapshot(day, DAY_FIELDS)
        day.delete()
        record_change(
            office=office,
            actor=actor,
            subject=f"Hari khusus {before['date']}",
            action="dihapus",
            before=before,
        )


def _logo_store(office: Office, data: bytes, content_type: str) -> tuple[str, str]:
    """Store the checked logo under its hash; the same logo is one file."""
    digest = hashlib.sha256(data).hexdigest()
    extension = "png" if content_type == "image/png" else "svg"
    path = f"kop/{office.pk}/{digest}.{extension}"
    if not default_storage.exists(path):
        saved = default_storage.save(path, ContentFile(data))
        if saved != path:  # pragma: no cover - the storage never renames a free name
            raise RuntimeError(f"logo stored as {saved}, not {path}")
    return path, digest


def letterhead_update(
    *,
    office: Office,
    actor: User,
    values: Mapping[str, Any],
    logo: bytes | None = None,
    logo_remove: bool = False,
) -> Letterhead:
    """Set the office's letterhead: its lines, its head of office, its numbering and its logo
    (checked first: a refused logo leaves the letterhead as it was)."""
    checked = logo_check(logo) if logo is not None else None
    with transaction.atomic():
        Office.objects.select_for_update().filter(pk=office.pk).get()
        letterhead = Letterhead.objects.filter(office=office).first() or letterhead_of(office)
        fields = (*LETTERHEAD_FIELDS, "logo_sha256")
        before = snapshot(letterhead, fields) if letterhead.pk else {}
        for name in LETTERHEAD_FIELDS:
            setattr(letterhead, name, values[name])
        if checked is not None:
            data, content_type = checked
            letterhead.logo.name, letterhead.logo_sha256 = _logo_store(office, data, content_type)
            letterhead.logo_type = content_type
        elif logo_remove:
            letterhead.logo.name = letterhead.logo_sha256 = letterhead.logo_type = ""
        created = letterhead.pk is None
        letterhead.save()
        record_change(
            office=office,
            actor=actor,
            subject="Kop surat",
            action="dibuat" if created else "diubah",
            before=None if created else before,
            after=snapshot(letterhead, fields),
        )
        return letterhead
