"""SOP versions: upload a definition (checked like `alur sop check`), publish it, read it."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.db import transaction
from django.db.models import Max

from alur.catalog.models import Sop, SopVersion
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
            sop_version_publish(version=version)
    return version


def sop_version_publish(*, version: SopVersion) -> SopVersion:
    """Make ``version`` the one new cases start on; running cases keep theirs.

    The SOP's row is locked first, so two publications of one SOP at the same moment run one
    after the other and exactly one version ends up published.
    """
    with transaction.atomic():
        Sop.objects.select_for_update().filter(pk=version.sop_id).first()
        SopVersion.objects.filter(sop=version.sop, status=SopVersion.Status.PUBLISHED).exclude(
            pk=version.pk
        ).update(status=SopVersion.Status.RETIRED)
        version.status = SopVersion.Status.PUBLISHED
        version.save(update_fields=["status"])
    return version


def published_version(office: Office, code: str) -> SopVersion | None:
    return (
        SopVersion.objects.filter(
            sop__office=office, sop__code=code, status=SopVersion.Status.PUBLISHED
        )
        .select_related("sop")
        .order_by("-number")
        .first()
    )
