"""Reads of an office's SOPs for its pages: only the person's own office's, else nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from alur.catalog.models import Sop, SopVersion, in_force_on
from alur.catalog.services import definition_of, office_today
from alur.common.formatting import DAYS_EN, DAYS_ID, datetime_text
from alur.offices.calendar import calendar_for
from alur.offices.models import User
from alur.sop import WEEKDAYS, Every, Step, slot_after
from alur.sop import Sop as SopDefinition


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


@dataclass(frozen=True)
class StartPlan:
    """What the SOP page says of a scheduled SOP: its rule in words and its next slot."""

    rule: str
    next_slot: str | None


def start_plan(version: SopVersion, now: dt.datetime) -> StartPlan | None:
    """The schedule of ``version`` (``jadwal_mulai``) in the reader's language, and the first
    slot after ``now`` in the office's time zone; None for an SOP started by a request."""
    schedule = definition_of(version).jadwal_mulai
    if schedule is None:
        return None
    office = version.sop.office
    calendar = calendar_for(office)
    english = (translation.get_language() or "id").startswith("en")
    time = schedule.time.strftime("%H:%M" if english else "%H.%M")
    if schedule.setiap is Every.HARI:
        rule = _("Tiap hari kerja pukul %(time)s") % {"time": time}
    elif schedule.setiap is Every.MINGGU:
        names = DAYS_EN if english else DAYS_ID
        rule = _("Tiap %(day)s pukul %(time)s; pada hari libur, hari kerja berikutnya") % {
            "day": names[WEEKDAYS.index(schedule.hari or WEEKDAYS[0])],
            "time": time,
        }
    elif schedule.hari == "hari-kerja-terakhir":
        rule = _("Hari kerja terakhir tiap bulan pukul %(time)s") % {"time": time}
    else:
        rule = _("Hari kerja pertama tiap bulan pukul %(time)s") % {"time": time}
    slot = slot_after(schedule, calendar, now)
    return StartPlan(rule, None if slot is None else datetime_text(slot, office.zone))
