"""Migrations that fill in what existed before them: cases/0004 the working time of finished
visits, reports/0002 the rollups of the report."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrationkit import old_request_world

WITA = ZoneInfo("Asia/Makassar")
# The offices and SOP versions as they were then too: later migrations of theirs add columns
# the old models lack.
BEFORE = [
    ("cases", "0003_verbose_names"),
    ("offices", "0002_verbose_names"),
    ("catalog", "0003_verbose_names"),
]
AFTER = [("cases", "0004_task_working_minutes")]


pytestmark = pytest.mark.usefixtures("migrated_again")


@pytest.mark.django_db(transaction=True)
def test_finished_visits_get_their_working_time_and_open_ones_stay_empty() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    office = old.get_model("offices", "Office").objects.create(
        code="uji",
        name="Kantor Uji",
        government="Pemda",
        city="Sumbawa Besar",
        zone="Asia/Makassar",
    )
    old.get_model("offices", "OfficeDay").objects.create(
        office=office, date=dt.date(2026, 3, 9), kind="libur", name="Libur daerah"
    )
    unit = old.get_model("offices", "Unit").objects.create(
        office=office, code="opd", name="OPD", kind="opd"
    )
    user = old.get_model("offices", "User").objects.create(
        username="pemohon", office=office, unit=unit
    )
    sop = old.get_model("catalog", "Sop").objects.create(office=office, code="s", name="S")
    version = old.get_model("catalog", "SopVersion").objects.create(
        sop=sop, number=1, definition="x", checksum="0" * 64, status="terbit"
    )
    case = old.get_model("cases", "Case").objects.create(
        office=office,
        sop_version=version,
        number="1",
        year=2026,
        sequence=1,
        title="Uji",
        requester=user,
        requester_unit=unit,
        state={},
        opened_at=dt.datetime(2026, 3, 6, 15, 0, tzinfo=WITA),
    )
    tasks = old.get_model("cases", "Task").objects
    friday = dt.datetime(2026, 3, 6, 15, 0, tzinfo=WITA)
    # Friday 15.00 to Tuesday 09.30, Monday being the office's own day off: 60 + 90 minutes.
    tasks.create(
        case=case,
        step=1,
        visit=1,
        lanes=[],
        status="selesai",
        opened_at=friday,
        done_at=dt.datetime(2026, 3, 10, 9, 30, tzinfo=WITA),
    )
    tasks.create(case=case, step=2, visit=1, lanes=[], status="terbuka", opened_at=friday)

    executor.loader.build_graph()
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps.get_model("cases", "Task")
    assert sorted(new.objects.values_list("step", "working_minutes")) == [(1, 150), (2, None)]


@pytest.mark.django_db(transaction=True)
def test_the_rollups_are_filled_for_the_requests_written_before_them() -> None:
    before = [
        ("reports", "0001_rollups"),
        ("cases", "0004_task_working_minutes"),
        ("offices", "0002_verbose_names"),
        ("catalog", "0003_verbose_names"),
    ]
    after = [("reports", "0002_fill_rollups")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    world = old_request_world(old, city="Sumbawa", zone="Asia/Makassar")
    office, unit, user, version = world.office, world.unit, world.user, world.version
    # Opened at 07.00 on 7 March WITA (6 March UTC), closed at 00.30 on 10 March (9 March UTC):
    # the rollups count the office's days.
    case = old.get_model("cases", "Case").objects.create(
        office=office,
        sop_version=version,
        number="1",
        year=2026,
        sequence=1,
        title="Uji",
        requester=user,
        requester_unit=unit,
        state={},
        status="dikembalikan",
        opened_at=dt.datetime(2026, 3, 7, 7, 0, tzinfo=WITA),
        closed_at=dt.datetime(2026, 3, 10, 0, 30, tzinfo=WITA),
    )
    old.get_model("cases", "Task").objects.create(
        case=case,
        step=3,
        visit=2,
        lanes=[],
        status="selesai",
        opened_at=dt.datetime(2026, 3, 6, 23, 0, tzinfo=WITA),
        due_at=dt.datetime(2026, 3, 9, 0, 0, tzinfo=WITA),
        done_at=dt.datetime(2026, 3, 10, 0, 30, tzinfo=WITA),
        done_by=user,
        decision="tidak",
        working_minutes=150,
    )

    executor.loader.build_graph()
    executor.migrate(after)

    new = executor.loader.project_state(after).apps
    assert list(
        new.get_model("reports", "StepDay").objects.values_list(
            "step",
            "day",
            "done",
            "with_due",
            "on_time",
            "minutes",
            "longest",
            "repeats",
            "declined",
            "returned",
        )
    ) == [(3, dt.date(2026, 3, 10), 1, 1, 0, 150, 150, 1, 1, 1)]
    # 150 minutes: floor(ln 150 / ln 1.05) + 1 = 103
    assert list(
        new.get_model("reports", "StepMinutes").objects.values_list("day", "bucket", "visits")
    ) == [(dt.date(2026, 3, 10), 103, 1)]
    assert list(
        new.get_model("reports", "StepMinutesMonth").objects.values_list("month", "visits")
    ) == [(dt.date(2026, 3, 1), 1)]
    assert list(
        new.get_model("reports", "PersonDay").objects.values_list("person_id", "done", "minutes")
    ) == [(user.pk, 1, 150)]
    assert sorted(
        new.get_model("reports", "CaseDay").objects.values_list(
            "day", "opened", "finished", "returned", "stopped"
        )
    ) == [(dt.date(2026, 3, 7), 1, 0, 0, 0), (dt.date(2026, 3, 10), 0, 0, 1, 0)]
