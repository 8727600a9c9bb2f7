"""Reads of the office's people, units, roles and delegations, always within one office: a row
of another office is not found (the pages answer 404)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Concat

from alur.offices.models import Delegation, Office, Role, SettingChange, Unit, User


def office_today(office: Office, now: dt.datetime) -> dt.date:
    return now.astimezone(ZoneInfo(office.zone)).date()


def people(office: Office, query: str = "") -> QuerySet[User]:
    """The office's people, active first, by name; ``query`` matches name, NIP or username."""
    rows = User.objects.filter(office=office).select_related("unit")
    query = query.strip()
    if query:
        rows = rows.annotate(full=Concat("first_name", Value(" "), "last_name")).filter(
            Q(full__icontains=query) | Q(username__icontains=query) | Q(nip__icontains=query)
        )
    return rows.order_by("-is_active", "first_name", "last_name", "username")


def person(office: Office, pk: int) -> User | None:
    return User.objects.filter(office=office, pk=pk).select_related("unit").first()


def person_changes(office: Office, person: User, subject: str) -> QuerySet[SettingChange]:
    """The changes of the person's own record (``subject``), and those that gave them a role
    or a delegation or took it away."""
    about = (
        Q(subject=subject)
        | Q(after__anggota__id=person.pk)
        | Q(before__anggota__id=person.pk)
        | Q(after__delegate__id=person.pk)
        | Q(before__delegate__id=person.pk)
    )
    return SettingChange.objects.filter(about, office=office).select_related("actor")


def units(office: Office) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(office=office)
        .select_related("parent")
        .annotate(people_count=Count("people"))
    )


def unit(office: Office, pk: int) -> Unit | None:
    return Unit.objects.filter(office=office, pk=pk).first()


def roles(office: Office) -> QuerySet[Role]:
    return (
        Role.objects.filter(office=office)
        .select_related("head")
        .annotate(member_count=Count("memberships"))
        .order_by("name")
    )


def role(office: Office, pk: int) -> Role | None:
    return Role.objects.filter(office=office, pk=pk).select_related("head", "office").first()


def role_members(role: Role) -> QuerySet[User]:
    return role.members.select_related("unit").order_by("first_name", "last_name")


def delegations(office: Office) -> QuerySet[Delegation]:
    return (
        Delegation.objects.filter(role__office=office)
        .select_related("role", "delegate")
        .order_by("-starts", "-pk")
    )


def delegations_by_time(office: Office, today: dt.date) -> dict[str, list[Delegation]]:
    """The office's delegations as ``berlaku`` (covering today), ``akan`` and ``lalu``."""
    grouped: dict[str, list[Delegation]] = {"berlaku": [], "akan": [], "lalu": []}
    for row in delegations(office):
        if row.starts > today:
            grouped["akan"].append(row)
        elif row.ends < today:
            grouped["lalu"].append(row)
        else:
            grouped["berlaku"].append(row)
    return grouped


def delegation(office: Office, pk: int) -> Delegation | None:
    return Delegation.objects.filter(role__office=office, pk=pk).select_related("role").first()
