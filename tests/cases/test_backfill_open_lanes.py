"""cases/0006 writes the ``OpenLane`` rows of the visits open before the table existed: one per
lane still to act, with its role (none for a requester lane), for running cases only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrationkit import old_request_world

WIB = ZoneInfo("Asia/Jakarta")
SOP4 = Path(__file__).resolve().parents[2] / "sops" / "04-pengembangan-aplikasi-e-government.yaml"
# The offices and SOP versions as they were then too: later migrations of theirs add columns
# the old models lack.
BEFORE = [
    ("cases", "0005_task_changed_due_at"),
    ("offices", "0002_verbose_names"),
    ("catalog", "0003_verbose_names"),
]
AFTER = [("cases", "0006_open_lanes")]


pytestmark = pytest.mark.usefixtures("migrated_again")


@pytest.mark.django_db(transaction=True)
def test_open_visits_of_running_cases_get_a_row_per_lane_still_to_act() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    world = old_request_world(old, city="Batam", zone="Asia/Jakarta", definition=SOP4.read_text())
    office, unit, user, version = world.office, world.unit, world.user, world.version
    opened = dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB)

    def case(number: int, status: str) -> object:
        return old.get_model("cases", "Case").objects.create(
            office=office,
            sop_version=version,
            number=str(number),
            year=2026,
            sequence=number,
            title="Uji",
            requester=user,
            requester_unit=unit,
            state={},
            status=status,
            opened_at=opened,
        )

    running, returned = case(1, "berjalan"), case(2, "dikembalikan")
    tasks = old.get_model("cases", "Task").objects
    tasks.create(
        case=running,
        step=2,
        visit=1,
        lanes=["system-analyst"],
        status="selesai",
        opened_at=opened,
        done_at=opened,
    )
    # The joint review: the owner agency has confirmed, the Kasi has yet to.
    review = tasks.create(
        case=running,
        step=3,
        visit=1,
        lanes=["kasi", "instansi-pemilik"],
        confirmed_by=["instansi-pemilik"],
        opened_at=opened,
    )
    first = tasks.create(
        case=running, step=1, visit=2, lanes=["instansi-pemilik"], opened_at=opened
    )
    tasks.create(
        case=returned,
        step=3,
        visit=1,
        lanes=["kasi", "instansi-pemilik"],
        status="ditutup",
        opened_at=opened,
    )

    executor.loader.build_graph()
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps.get_model("cases", "OpenLane")
    assert sorted(
        new.objects.values_list("task_id", "lane", "role", "office_id", "requester_unit_id")
    ) == sorted(
        [
            (review.pk, "kasi", "kasi", office.pk, unit.pk),
            (first.pk, "instansi-pemilik", "", office.pk, unit.pk),
        ]
    )
