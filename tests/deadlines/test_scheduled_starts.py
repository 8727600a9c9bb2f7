"""Scheduled starts: the worker's scan opens one case per slot of a scheduled SOP, never twice,
never for a slot in the future or before the version came into force."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from deadlinekit import WIB, uploads
from django.test import Client
from django.urls import reverse

from alur.cases import permissions, services
from alur.cases.audit import verify_case
from alur.cases.models import Case, Event, Task
from alur.catalog.models import LaneRole, SopVersion
from alur.catalog.services import sop_version_create
from alur.deadlines.models import ScheduledStart
from alur.deadlines.starts import scheduled_start_open, scheduled_starts_open
from alur.offices.models import Membership

SOP = Path(__file__).parent / "sops" / "pemeriksaan-cadangan.yaml"
MONDAY = dt.datetime(2026, 12, 7, 8, 0, tzinfo=WIB)
NEXT_MONDAY = dt.datetime(2026, 12, 14, 8, 0, tzinfo=WIB)


@pytest.fixture
def backup_check(demo: SimpleNamespace) -> SopVersion:
    """The weekly backup check, in force in Batam since 1 December 2026."""
    version = sop_version_create(
        office=demo.batam, text=SOP.read_text(encoding="utf-8"), publish=True
    )
    SopVersion.objects.filter(pk=version.pk).update(in_force_from=dt.date(2026, 12, 1))
    version.refresh_from_db()
    return version


def test_the_slot_opens_one_case_with_its_first_step_open_for_its_lane(
    demo: SimpleNamespace, backup_check: SopVersion
) -> None:
    at = MONDAY + dt.timedelta(minutes=1)

    assert scheduled_starts_open(now=at) == 1

    case = Case.objects.get(sop_version=backup_check)
    assert (case.title, case.status, case.opened_at) == (
        "Pemeriksaan cadangan data 7 Desember 2026",
        Case.Status.RUNNING,
        at,
    )
    # Opened in the name of the holder of the first step's lane, in their unit.
    infratek = demo.people["kasi.infratek"]
    assert (case.requester, case.requester_unit_id) == (infratek, infratek.unit_id)
    assert list(Task.objects.filter(case=case).values_list("step", "status")) == [
        (1, Task.Status.OPEN)
    ]
    opened = Event.objects.get(case=case, kind="case.opened")
    assert opened.actor is None
    assert opened.data["jadwal"] == {
        "slot": "2026-12-07T08:00:00+07:00",
        "setiap": "minggu",
        "hari": "senin",
        "pukul": "08:00",
    }
    assert verify_case(case) is None
    claim = ScheduledStart.objects.get()
    assert (claim.sop_id, claim.slot, claim.case, claim.opened_at) == (
        backup_check.sop_id,
        MONDAY,
        case,
        at,
    )


def test_a_second_scan_of_the_same_slot_opens_nothing(backup_check: SopVersion) -> None:
    assert scheduled_starts_open(now=MONDAY) == 1
    assert scheduled_starts_open(now=MONDAY + dt.timedelta(minutes=1)) == 0
    assert scheduled_starts_open(now=MONDAY + dt.timedelta(days=2)) == 0
    assert Case.objects.filter(sop_version=backup_check).count() == 1


def test_opening_a_claimed_slot_again_opens_nothing(backup_check: SopVersion) -> None:
    first = scheduled_start_open(sop_version_id=backup_check.pk, slot=MONDAY, now=MONDAY)
    again = scheduled_start_open(sop_version_id=backup_check.pk, slot=MONDAY, now=MONDAY)
    assert first is not None
    assert again is None
    assert list(Case.objects.values_list("pk", flat=True)) == [first.pk]


def test_nothing_opens_before_the_slot(backup_check: SopVersion) -> None:
    assert scheduled_starts_open(now=MONDAY - dt.timedelta(minutes=1)) == 0
    assert not Case.objects.filter(sop_version=backup_check).exists()
    early = scheduled_start_open(
        sop_version_id=backup_check.pk, slot=NEXT_MONDAY, now=MONDAY + dt.timedelta(days=1)
    )
    assert early is None
    assert not ScheduledStart.objects.exists()


def test_a_moment_that_is_no_slot_is_not_opened(backup_check: SopVersion) -> None:
    tuesday = MONDAY + dt.timedelta(days=1)
    assert scheduled_start_open(sop_version_id=backup_check.pk, slot=tuesday, now=tuesday) is None
    assert not ScheduledStart.objects.exists()


def test_each_week_has_its_own_case(backup_check: SopVersion) -> None:
    assert scheduled_starts_open(now=MONDAY) == 1
    assert scheduled_starts_open(now=NEXT_MONDAY) == 1
    assert list(ScheduledStart.objects.order_by("slot").values_list("slot", flat=True)) == [
        MONDAY,
        NEXT_MONDAY,
    ]
    assert sorted(Case.objects.values_list("title", flat=True)) == [
        "Pemeriksaan cadangan data 14 Desember 2026",
        "Pemeriksaan cadangan data 7 Desember 2026",
    ]


def test_a_worker_down_over_several_slots_opens_only_the_latest(
    backup_check: SopVersion,
) -> None:
    wednesday_after = dt.datetime(2026, 12, 16, 13, 0, tzinfo=WIB)
    assert scheduled_starts_open(now=wednesday_after) == 1
    assert list(ScheduledStart.objects.values_list("slot", flat=True)) == [NEXT_MONDAY]
    case = Case.objects.get()
    assert case.opened_at == wednesday_after
    assert Event.objects.get(case=case, kind="case.opened").data["jadwal"]["slot"] == (
        "2026-12-14T08:00:00+07:00"
    )


def test_no_slot_before_the_version_came_into_force(backup_check: SopVersion) -> None:
    SopVersion.objects.filter(pk=backup_check.pk).update(in_force_from=dt.date(2026, 12, 8))
    assert scheduled_starts_open(now=dt.datetime(2026, 12, 9, 9, 0, tzinfo=WIB)) == 0
    assert scheduled_start_open(sop_version_id=backup_check.pk, slot=MONDAY, now=MONDAY) is None
    assert scheduled_starts_open(now=NEXT_MONDAY) == 1


def test_a_withdrawn_version_opens_nothing(backup_check: SopVersion) -> None:
    SopVersion.objects.filter(pk=backup_check.pk).update(status=SopVersion.Status.WITHDRAWN)
    assert scheduled_starts_open(now=MONDAY) == 0
    assert not ScheduledStart.objects.exists()


def test_without_anyone_in_the_first_lane_the_slot_waits(
    demo: SimpleNamespace, backup_check: SopVersion
) -> None:
    held = list(Membership.objects.filter(role__code="kasi-infratek", role__office=demo.batam))
    Membership.objects.filter(pk__in=[m.pk for m in held]).delete()
    assert scheduled_starts_open(now=MONDAY) == 0
    assert not ScheduledStart.objects.exists()
    Membership.objects.bulk_create(held)
    assert scheduled_starts_open(now=MONDAY + dt.timedelta(minutes=1)) == 1


def test_the_office_s_choice_of_role_for_the_lane_names_the_requester(
    demo: SimpleNamespace, backup_check: SopVersion
) -> None:
    role = Membership.objects.get(user=demo.people["kasi.pa"], role__code="kasi-pa").role
    LaneRole.objects.create(sop=backup_check.sop, lane="kasi-infratek", role=role)
    assert scheduled_starts_open(now=MONDAY) == 1
    assert Case.objects.get().requester == demo.people["kasi.pa"]


def test_the_lane_s_staff_act_on_the_case_and_no_opd_sees_it(
    demo: SimpleNamespace, backup_check: SopVersion
) -> None:
    scheduled_starts_open(now=MONDAY)
    case = Case.objects.get()
    assert not permissions.can_view(demo.people["opd.disdukcapil"], case)
    services.task_act(
        case=case,
        step=1,
        actor=demo.people["kasi.infratek"],
        uploads=uploads(("Laporan Pemeriksaan Cadangan",)),
        at=MONDAY + dt.timedelta(hours=2),
    )
    assert list(Task.objects.filter(case=case).values_list("step", "status")) == [
        (1, Task.Status.DONE),
        (2, Task.Status.OPEN),
    ]


def test_the_case_page_of_a_scheduled_case_opens(
    demo: SimpleNamespace, backup_check: SopVersion
) -> None:
    scheduled_starts_open(now=MONDAY)
    case = Case.objects.get()
    client = Client()
    client.force_login(demo.people["kasi.infratek"])
    page = client.get(reverse("case_detail", args=[case.pk]))
    assert page.status_code == 200
    assert "Pemeriksaan cadangan data 7 Desember 2026" in page.content.decode()
