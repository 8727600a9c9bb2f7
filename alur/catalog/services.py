"""SOP versions: upload a definition (checked like `alur sop check`), publish it, read it."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from alur.catalog.models import Sop, SopVersion, in_force_on
from alur.offices.models import Office, User
from alur.sop import Sop as SopDefinition
from alur.sop import SopInvalid, check_text


class WrongOffice(Exception):
    """The definition's code belongs to another SOP than the one it is uploaded to."""


def definition_of(version: SopVersion) -> SopDefinition:
    """The parsed definition of a version (cached by checksum: versions never change)."""
    return _parse(version.checksum, version.definition)


@lru_cache(maxsize=256)
def _parse(checksum: str, text: str) -> SopDefinition:
    result = check_text(text, f"sha256:{checksum[:12]}")
    if result.sop is None:
        raise SopInvalid(result.problems)
    return result.sop


def sop_version_create(
    *,
    office: Office,
    text: str,
    filename: str = "definisi.yaml",
    actor: User | None = None,
    publish: bool = False,
) -> SopVersion:
    """Check ``text`` and store it as the next version of its SOP (by ``kode``) in ``office``.

    Raises ``SopInvalid`` with every problem, positioned in ``filename``, when it does not check.
    """
    result = check_text(text, filename)
    if result.sop is None:
        raise SopInvalid(result.problems)
    definition = result.sop
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with transaction.atomic():
        sop, _ = Sop.objects.select_for_update().get_or_create(
            office=office, code=definition.kode, defaults={"name": definition.identitas.nama}
        )
        if sop.name != definition.identitas.nama:
            sop.name = definition.identitas.nama
            sop.save(update_fields=["name"])
        latest = sop.versions.aggregate(n=Max("number"))["n"] or 0
        version = SopVersion.objects.create(
            sop=sop,
            number=latest + 1,
            definition=text,
            checksum=checksum,
            effective=definition.identitas.tanggal_efektif,
            uploaded_by=actor,
            status=SopVersion.Status.DRAFT,
        )
        if publish:
            sop_version_publish(version=version, actor=actor)
    return version


def office_today(office: Office, at: dt.datetime | None = None) -> dt.date:
    """The office's own date at ``at`` (now when not given): a version comes into force at the
    start of a day in the office's zone."""
    return (at or timezone.now()).astimezone(ZoneInfo(office.zone)).date()


def sop_version_publish(*, version: SopVersion, actor: User | None = None) -> SopVersion:
    """Approve ``version`` if it is a draft and bring it into force at once, with no start date:
    new cases start on it, running cases keep theirs, and the version in force before it is
    withdrawn. The admin's and the demo's way; the SOP pages approve and bring into force in
    two moves (``alur.catalog.lifecycle``), from a chosen date and after the readiness check.

    The SOP's row is locked first, so two publications of one SOP at the same moment run one
    after the other and exactly one version ends up in force.
    """
    from alur.catalog import lifecycle

    return lifecycle.publish_now(version=version, actor=actor)


def published_version(
    office: Office, code: str, at: dt.datetime | None = None
) -> SopVersion | None:
    """The version new cases of the SOP ``code`` start on at the moment ``at`` (now when not
    given): the one in force on the office's date then. A version brought into force from a
    later date is not used before it; the one before stays in force until that day."""
    return (
        SopVersion.objects.filter(
            in_force_on(office_today(office, at)), sop__office=office, sop__code=code
        )
        .select_related("sop")
        .order_by("-number")
        .first()
    )
