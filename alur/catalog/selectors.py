"""Reads of an office's SOPs for its pages: only the person's own office's, else nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from alur.catalog.models import Sop, SopVersion, in_force_on
from alur.catalog.services import office_today
from alur.offices.models import User
from alur.sop import Sop as SopDefinition
from alur.sop import Step


@dataclass(frozen=True)
class FlowRow:
    """One step of an SOP's flow table, with its lanes' names; ``current`` when it is open."""

    step: Step
    lanes: list[str]
    current: bool
    references: list[str] = field(default_factory=list)
    """The names of the reference documents the step uses (the printed form's Ket.)."""


def flow_rows(definition: SopDefinition, current: Iterable[int] = ()) -> list[FlowRow]:
    now_open = set(current)
    return [
        FlowRow(
            step,
            [definition.lanes[lane].nama for lane in step.lanes],
            step.no in now_open,
            [reference.nama for reference in definition.references_of(step)],
        )
        for step in definition.langkah
    ]


def office_sops(user: User) -> QuerySet[Sop]:
    """The office's SOPs, each with ``published``: a list of its version in force, or empty."""
    if user.office is None:
        return Sop.objects.none()
    today = office_today(user.office)
    published = SopVersion.objects.filter(in_force_on(today)).order_by("-number")
    return (
        Sop.objects.filter(office=user.office)
        .prefetch_related(Prefetch("versions", queryset=published, to_attr="published"))
        .order_by("name", "pk")
    )


def sop_version(user: User, sop_pk: int, number: int) -> SopVersion | None:
    """Any version (draft, published or retired) of one of the person's office's SOPs."""
    if user.office_id is None:
        return None
    return (
        SopVersion.objects.filter(sop_id=sop_pk, sop__office_id=user.office_id, number=number)
        .select_related("sop")
        .first()
    )


def published_sop_version(user: User, sop_pk: int) -> SopVersion | None:
    """The version in force today of one of the person's office's SOPs."""
    if user.office is None:
        return None
    return (
        SopVersion.objects.filter(
            in_force_on(office_today(user.office)), sop_id=sop_pk, sop__office=user.office
        )
        .select_related("sop")
        .order_by("-number")
        .first()
    )


def sop_versions(sop: Sop) -> QuerySet[SopVersion]:
    """Every version of an SOP, newest first."""
    return SopVersion.objects.filter(sop=sop).order_by("-number")
