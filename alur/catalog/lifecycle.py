"""A version's moves: approve (disahkan), bring into force (berlaku) from a date, withdraw
(dicabut). Each move locks the SOP's row, checks the version's state under the lock and writes
the move to the office's settings log in the same transaction.

Before a version comes into force ``readiness`` must find nothing: the definition checks as
``alur sop check`` does, its code is the SOP's, and every lane names a role the office has with
at least one active person in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from alur.catalog.lanes import role_of
from alur.catalog.models import Sop, SopVersion, in_force_on
from alur.catalog.services import office_today
from alur.common.errors import Invalid
from alur.common.formatting import date_text
from alur.offices.changes import record_change
from alur.offices.models import Membership, Role, User
from alur.sop import Sop as SopDefinition
from alur.sop import check_text

Status = SopVersion.Status

LOGGED = ("status", "approved_by", "approved_on", "in_force_from", "in_force_until")


class MoveRefused(Invalid):
    """The version is not in a state this move starts from, or the date does not fit."""


class NotReady(Invalid):
    """The version may not come into force: ``details`` lists every reason."""


def check_problems(version: SopVersion, text: str | None = None) -> list[str]:
    """The problems of the text (the version's own when not given), as ``alur sop check`` prints
    them, and a code that is not the SOP's."""
    filename = f"{version.sop.code}.yaml"
    result = check_text(version.definition if text is None else text, filename)
    lines = [problem.format("id") for problem in result.problems]
    if result.sop is not None and result.sop.kode != version.sop.code:
        lines.append(
            _("Kode '%(written)s' di berkas bukan kode SOP ini ('%(code)s'); kode tidak diubah.")
            % {"written": result.sop.kode, "code": version.sop.code}
        )
    return lines


ReadinessCheck = Callable[[SopVersion, SopDefinition], list[str]]
_READINESS_CHECKS: list[ReadinessCheck] = []


def readiness_register(check: ReadinessCheck) -> None:
    """Have ``check(version, definition)`` add its problems to every readiness check: the apps
    above this layer know what else a version needs of its office (letters: the letterhead)."""
    if check not in _READINESS_CHECKS:
        _READINESS_CHECKS.append(check)


def readiness(version: SopVersion) -> list[str]:
    """Everything that keeps ``version`` from coming into force in its office; empty when ready."""
    problems = check_problems(version)
    result = check_text(version.definition)
    if result.sop is None:
        return problems
    office = version.sop.office_id
    acting = {lane.id: role_of(version.pk, lane) for lane in result.sop.pelaksana}
    codes = {code for code in acting.values() if code}
    roles = {role.code: role for role in Role.objects.filter(office_id=office, code__in=codes)}
    staffed = set(
        Membership.objects.filter(role__in=roles.values(), user__is_active=True).values_list(
            "role__code", flat=True
        )
    )
    for lane in result.sop.pelaksana:
        if lane.pemohon:
            continue
        code = acting[lane.id]
        if code not in roles:
            problems.append(
                _(
                    "Lajur '%(lane)s' (%(name)s): kantor tidak punya peran berkode '%(role)s'; "
                    "pilih perannya di Peran lajur."
                )
                % {"lane": lane.id, "name": lane.nama, "role": code}
            )
        elif code not in staffed:
            problems.append(
                _("Lajur '%(lane)s' (%(name)s): peran '%(role)s' belum punya pegawai aktif.")
                % {"lane": lane.id, "name": lane.nama, "role": roles[code].name}
            )
    for check in _READINESS_CHECKS:
        problems.extend(check(version, result.sop))
    return problems


def _locked(version: SopVersion) -> SopVersion:
    Sop.objects.select_for_update().filter(pk=version.sop_id).first()
    return SopVersion.objects.select_related("sop__office").get(pk=version.pk)


def _log(version: SopVersion, actor: User | None, action: str, before: dict[str, object]) -> None:
    record_change(
        office=version.sop.office,
        actor=actor,
        subject=version.log_subject,
        action=action,
        before=before,
        after={name: getattr(version, name) for name in LOGGED},
    )


def _state(version: SopVersion) -> dict[str, object]:
    return {name: getattr(version, name) for name in LOGGED}


def _refuse_unless(version: SopVersion, *allowed: str) -> None:
    if version.status not in allowed:
        raise MoveRefused(
            _("Versi %(version)s berstatus %(status)s; langkah ini tidak dapat dilakukan.")
            % {"version": version.number, "status": version.get_status_display()}
        )


def sop_version_approve(*, version: SopVersion, actor: User, on: dt.date) -> SopVersion:
    """Record that the draft was approved (disahkan) by ``actor`` on ``on``; its text is fixed
    from then on. A draft that does not check cannot be approved."""
    with transaction.atomic():
        current = _locked(version)
        _refuse_unless(current, Status.DRAFT)
        if problems := check_problems(current):
            raise NotReady(_("Draf masih bermasalah; perbaiki dulu."), details=problems)
        before = _state(current)
        current.status, current.approved_by, current.approved_on = Status.APPROVED, actor, on
        current.save(update_fields=["status", "approved_by", "approved_on"])
        _log(current, actor, "sop.version.approved", before)
    return current


def sop_version_bring_into_force(
    *, version: SopVersion, actor: User, start: dt.date, at: dt.datetime | None = None
) -> SopVersion:
    """Bring an approved version into force from ``start`` (today or later, in the office's
    zone). The version in force on that day stays in force until the day before."""
    with transaction.atomic():
        current = _locked(version)
        _refuse_unless(current, Status.APPROVED)
        today = office_today(current.sop.office, at)
        if start < today:
            raise MoveRefused(_("Tanggal mulai berlaku tidak boleh sebelum hari ini."))
        siblings = SopVersion.objects.filter(sop_id=current.sop_id).exclude(pk=current.pk)
        # A version scheduled from a later day, or from the same day still to come, is in the
        # way; one that came into force today is replaced from today like any version in force.
        later = (  # its start is a date: the filter leaves out a version with none
            siblings.filter(status=Status.IN_FORCE, in_force_from__gte=start)
            .exclude(in_force_from=today)
            .first()
        )
        if later is not None:
            raise MoveRefused(
                _(
                    "Versi %(number)s sudah dijadwalkan berlaku sejak %(date)s; cabut dulu "
                    "bila versi ini yang harus berlaku."
                )
                % {"number": later.number, "date": date_text(later.in_force_from or start)}
            )
        if problems := readiness(current):
            raise NotReady(_("Versi ini belum dapat diberlakukan."), details=problems)
        for previous in siblings.filter(in_force_on(start)):
            before = _state(previous)
            previous.in_force_until = start
            previous.save(update_fields=["in_force_until"])
            _log(previous, actor, "sop.version.superseded", before)
        before = _state(current)
        current.status, current.in_force_from, current.in_force_until = Status.IN_FORCE, start, None
        current.save(update_fields=["status", "in_force_from", "in_force_until"])
        _log(current, actor, "sop.version.in_force", before)
    return current


def sop_version_withdraw(
    *, version: SopVersion, actor: User, at: dt.datetime | None = None
) -> SopVersion:
    """Withdraw a version (dicabut). A version withdrawn before its start date gives the days
    back to the one it would have replaced; running cases keep the version they started on."""
    with transaction.atomic():
        current = _locked(version)
        _refuse_unless(current, Status.DRAFT, Status.APPROVED, Status.IN_FORCE)
        today = office_today(current.sop.office, at)
        start = current.in_force_from
        if current.status == Status.IN_FORCE and start is not None and start > today:
            for previous in SopVersion.objects.filter(
                sop_id=current.sop_id, status=Status.IN_FORCE, in_force_until=start
            ):
                before = _state(previous)
                previous.in_force_until = None
                previous.save(update_fields=["in_force_until"])
                _log(previous, actor, "sop.version.restored", before)
        before = _state(current)
        current.status = Status.WITHDRAWN
        current.save(update_fields=["status"])
        _log(current, actor, "sop.version.withdrawn", before)
    return current


def publish_now(*, version: SopVersion, actor: User | None) -> SopVersion:
    """Approve if needed and bring into force at once, with no start date, withdrawing every
    other version in force or scheduled (``services.sop_version_publish``). Logged in the
    office's settings log when a person did it; the installation's own loading of its seed
    SOPs (no actor) is no administrator's change and is not."""
    with transaction.atomic():
        current = _locked(version)
        others = SopVersion.objects.filter(sop_id=current.sop_id, status=Status.IN_FORCE).exclude(
            pk=current.pk
        )
        for other in others:
            before = _state(other)
            other.status = Status.WITHDRAWN
            other.save(update_fields=["status"])
            if actor is not None:
                _log(other, actor, "sop.version.withdrawn", before)
        before = _state(current)
        if current.approved_on is None:
            current.approved_by, current.approved_on = actor, office_today(current.sop.office)
        current.status, current.in_force_from, current.in_force_until = Status.IN_FORCE, None, None
        current.save(
            update_fields=[
                "status",
                "approved_by",
                "approved_on",
                "in_force_from",
                "in_force_until",
            ]
        )
        if actor is not None:
            _log(current, actor, "sop.version.in_force", before)
    version.refresh_from_db()
    return version
