"""Scheduled starts: the cases a scheduled SOP (``jadwal_mulai``) opens, one per slot.

    scan (every minute, by any number of workers)
      └─ for each SOP version in force with a ``jadwal_mulai``:
           the latest slot at or before now ─▶ scheduled_start_open ─▶ one case, first step open

``scheduled_start_open`` is the claim: in one transaction it inserts the ``ScheduledStart`` row
of (SOP, slot) and opens the case; the row's unique constraint lets one worker win, and a
second worker waits on the first one's insert and then skips. A failure leaves no row, so the
next scan tries the slot again.

Only the latest slot is opened: a worker that was down over several slots opens the last one
it missed, late, and not the earlier ones (a stack of stale routine checks helps nobody, and
the missing ones stay visible as gaps on the SOP's list of cases). A slot before the version
came into force is never opened, nor one in the future.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q

from alur.cases.models import Case
from alur.cases.services import case_open_scheduled
from alur.catalog.lanes import role_of
from alur.catalog.models import SopVersion, in_force_on
from alur.catalog.services import definition_of, office_today
from alur.deadlines.models import ScheduledStart
from alur.offices.calendar import calendar_for
from alur.offices.models import Office, Unit, User
from alur.sop import slot_at_or_before, slot_title

logger = logging.getLogger(__name__)


def scheduled_starts_open(*, now: dt.datetime) -> int:
    """Open the case of every scheduled SOP's latest slot at or before ``now`` that has none;
    how many were opened. Safe to run from several workers at once and as often as wanted."""
    opened = 0
    for office in Office.objects.order_by("pk"):
        versions = (
            SopVersion.objects.filter(in_force_on(office_today(office, now)), sop__office=office)
            .select_related("sop")
            .order_by("pk")
        )
        calendar = calendar_for(office)
        for version in versions:
            schedule = definition_of(version).jadwal_mulai
            if schedule is None:
                continue
            slot = slot_at_or_before(schedule, calendar, now)
            if slot is None or not version.in_force_on(slot.date()):
                continue
            if ScheduledStart.objects.filter(sop_id=version.sop_id, slot=slot).exists():
                continue
            opened += (
                scheduled_start_open(sop_version_id=version.pk, slot=slot, now=now) is not None
            )
    return opened


def scheduled_start_open(
    *, sop_version_id: int, slot: dt.datetime, now: dt.datetime
) -> Case | None:
    """Open the case of ``slot`` of the scheduled SOP of version ``sop_version_id`` at ``now``,
    once. ``None`` when another worker opened it, the slot is not due or not the version's, or
    nobody holds the first step's lane to open it in the name of."""
    if slot > now:
        return None
    version = SopVersion.objects.select_related("sop__office").get(pk=sop_version_id)
    office = version.sop.office
    definition = definition_of(version)
    schedule = definition.jadwal_mulai
    calendar = calendar_for(office)
    if schedule is None or slot_at_or_before(schedule, calendar, slot) != slot:
        return None
    local = slot.astimezone(calendar.zone)
    if not version.in_force_on(local.date()):
        return None
    requester = first_lane_holder(office, version, office_today(office, now))
    if requester is None:
        logger.warning(
            "Jadwal %s %s belum dapat dibuka: tidak ada pemegang peran langkah pertama",
            version.sop.code,
            local.isoformat(),
        )
        return None
    title = slot_title(schedule, definition.identitas.nama, local.date())
    try:
        with transaction.atomic():
            claim = ScheduledStart.objects.create(
                sop_id=version.sop_id, slot=slot, sop_version=version, case=None, opened_at=now
            )
            case = case_open_scheduled(
                version=version, requester=requester, title=title, slot=local, at=now
            )
            claim.case = case
            claim.save(update_fields=["case"])
    except IntegrityError:
        return None  # another worker claimed the slot first
    return case


def first_lane_holder(office: Office, version: SopVersion, on: dt.date) -> User | None:
    """The person a scheduled case is opened in the name of: an active officer (not of a
    requesting OPD) holding, or standing in on ``on`` for, the role of the first step's first
    lane; the longest registered first, so the choice is stable."""
    lane = definition_of(version).lanes[definition_of(version).first_step.lanes[0]]
    role = role_of(version.pk, lane)
    holds = Q(memberships__role__office=office, memberships__role__code=role) | Q(
        delegations__role__office=office,
        delegations__role__code=role,
        delegations__starts__lte=on,
        delegations__ends__gte=on,
    )
    return (
        User.objects.filter(holds, is_active=True, office=office, unit__isnull=False)
        .exclude(unit__kind=Unit.Kind.AGENCY)
        .order_by("pk")
        .distinct()
        .first()
    )
