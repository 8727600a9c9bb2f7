"""The one door for changes to an office's structure: units, roles and their members, Plh/Plt
delegations. Shaped as ``alur.offices.services``: check, write in one transaction, log; a
refusal is a ``FieldInvalid`` naming its field."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from alur.common.text import length_problem, name_problem
from alur.offices.changes import record_change, snapshot
from alur.offices.models import Delegation, Membership, Office, Role, Unit, User
from alur.offices.services import FieldInvalid

UNIT_FIELDS = ("code", "name", "kind", "parent")
ROLE_FIELDS = ("code", "name", "head")
DELEGATION_FIELDS = ("role", "delegate", "kind", "starts", "ends", "reason")

role_code_changed = Signal()
"""Sent in the transaction that renames a role's code, with ``role`` (renamed) and ``old`` (its
code before). SOP lanes and open steps name roles by code; the apps that keep such names
(catalog, cases) receive it and keep them pointing at the same role."""


# --- Units -------------------------------------------------------------------------------------


def _check_parent(unit: Unit, parent: Unit | None) -> None:
    seen = set()
    while parent is not None:
        if parent.pk == unit.pk or parent.pk in seen:
            raise FieldInvalid("parent", _("Induk ini membuat unit menjadi induk dirinya sendiri."))
        seen.add(parent.pk)
        parent = parent.parent


def unit_save(
    *,
    office: Office,
    actor: User,
    unit: Unit | None,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
) -> Unit:
    if problem := name_problem(_("Nama unit"), name.strip(), 200):
        raise FieldInvalid("name", problem)
    with transaction.atomic():
        same = Unit.objects.filter(office=office, code=code)
        if unit is not None:
            same = same.exclude(pk=unit.pk)
        if same.exists():
            raise FieldInvalid("code", _("Kode ini sudah dipakai unit lain di kantor ini."))
        if parent is not None and parent.office_id != office.pk:
            raise FieldInvalid("parent", _("Unit ini bukan unit kantor Anda."))
        target = unit or Unit(office=office)
        before = snapshot(target, UNIT_FIELDS) if unit is not None else None
        target.code, target.name, target.kind, target.parent = code, name.strip(), kind, parent
        if unit is not None:
            _check_parent(target, parent)
        target.save()
        record_change(
            office=office,
            actor=actor,
            subject=f"Unit {target.code}",
            action="diubah" if unit is not None else "dibuat",
            before=before,
            after=snapshot(target, UNIT_FIELDS),
        )
    return target


# --- Roles -------------------------------------------------------------------------------------


def _check_head(role: Role, head: Role | None) -> None:
    seen = set()
    while head is not None:
        if head.pk == role.pk or head.pk in seen:
            raise FieldInvalid(
                "head", _("Atasan ini membuat lingkaran: peran menjadi atasan dirinya sendiri.")
            )
        seen.add(head.pk)
        head = head.head


def role_save(
    *, office: Office, actor: User, role: Role | None, code: str, name: str, head: Role | None
) -> Role:
    if problem := name_problem(_("Nama peran"), name.strip(), 200):
        raise FieldInvalid("name", problem)
    with transaction.atomic():
        same = Role.objects.filter(office=office, code=code)
        if role is not None:
            same = same.exclude(pk=role.pk)
        if same.exists():
            raise FieldInvalid("code", _("Kode ini sudah dipakai peran lain di kantor ini."))
        if head is not None and head.office_id != office.pk:
            raise FieldInvalid("head", _("Peran ini bukan peran kantor Anda."))
        target = role or Role(office=office)
        before = snapshot(target, ROLE_FIELDS) if role is not None else None
        old_code = target.code
        target.code, target.name, target.head = code, name.strip(), head
        if role is not None:
            _check_head(target, head)
        target.save()
        if role is not None and old_code != code:
            role_code_changed.send(sender=Role, role=target, old=old_code)
        record_change(
            office=office,
            actor=actor,
            subject=f"Peran {target.code}",
            action="diubah" if role is not None else "dibuat",
            before=before,
            after=snapshot(target, ROLE_FIELDS),
        )
    return target


def role_member_add(*, role: Role, actor: User, person: User) -> None:
    if person.office_id != role.office_id:
        raise FieldInvalid("person", _("Pegawai ini bukan pegawai kantor Anda."))
    with transaction.atomic():
        _membership, created = Membership.objects.get_or_create(user=person, role=role)
        if not created:
            raise FieldInvalid("person", _("Pegawai ini sudah memegang peran ini."))
        record_change(
            office=role.office,
            actor=actor,
            subject=f"Peran {role.code}",
            action="anggota ditambah",
            after={"anggota": person},
        )


def role_member_remove(*, role: Role, actor: User, person: User) -> None:
    with transaction.atomic():
        deleted, _rows = Membership.objects.filter(user=person, role=role).delete()
        if deleted:
            record_change(
                office=role.office,
                actor=actor,
                subject=f"Peran {role.code}",
                action="anggota dihapus",
                before={"anggota": person},
            )


# --- Plh/Plt delegations -----------------------------------------------------------------------


def delegation_create(
    *,
    office: Office,
    actor: User,
    role: Role,
    delegate: User,
    kind: str,
    starts: dt.date,
    ends: dt.date,
    reason: str,
) -> Delegation:
    if role.office_id != office.pk:
        raise FieldInvalid("role", _("Peran ini bukan peran kantor Anda."))
    if delegate.office_id != office.pk or not delegate.is_active:
        raise FieldInvalid("delegate", _("Pelaksana harus pegawai aktif kantor Anda."))
    if ends < starts:
        raise FieldInvalid("ends", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if problem := length_problem(_("Dasar penugasan"), reason.strip(), 200):
        raise FieldInvalid("reason", problem)
    with transaction.atomic():
        delegation = Delegation.objects.create(
            role=role, delegate=delegate, kind=kind, starts=starts, ends=ends, reason=reason.strip()
        )
        record_change(
            office=office,
            actor=actor,
            subject=f"Pelimpahan {role.code}",
            action="dibuat",
            after=snapshot(delegation, DELEGATION_FIELDS),
        )
    return delegation


def delegation_cancel(*, delegation: Delegation, actor: User, today: dt.date) -> None:
    """Withdraw a delegation that has not started; one that has is part of who could act when."""
    if delegation.starts <= today:
        raise FieldInvalid("starts", _("Pelimpahan yang sudah mulai tidak dapat dibatalkan."))
    with transaction.atomic():
        before = snapshot(delegation, DELEGATION_FIELDS)
        office = delegation.role.office
        subject = f"Pelimpahan {delegation.role.code}"
        delegation.delete()
        record_change(
            office=office, actor=actor, subject=subject, action="dibatalkan", before=before
        )


def delegation_end(*, delegation: Delegation, actor: User, today: dt.date) -> None:
    """End a running delegation now (the holder is back early): from today the delegate no
    longer acts for the role. Its days so far stay as they were (its last day becomes
    yesterday); one that began today is withdrawn. What the delegate did stays in the cases'
    record; the settings log keeps the delegation as it was."""
    if delegation.starts > today:
        raise FieldInvalid("starts", _("Pelimpahan ini belum mulai: batalkan saja."))
    if delegation.ends < today:
        raise FieldInvalid("ends", _("Pelimpahan ini sudah berakhir."))
    with transaction.atomic():
        before = snapshot(delegation, DELEGATION_FIELDS)
        office = delegation.role.office
        subject = f"Pelimpahan {delegation.role.code}"
        if delegation.starts == today:
            delegation.delete()
            after = None
        else:
            delegation.ends = today - dt.timedelta(days=1)
            delegation.save(update_fields=["ends"])
            after = snapshot(delegation, DELEGATION_FIELDS)
        record_change(
            office=office,
            actor=actor,
            subject=subject,
            action="diakhiri",
            before=before,
            after=after,
        )
