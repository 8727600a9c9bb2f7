"""Migration cases/0004 fills in the working time of the visits finished before it existed."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

WITA = ZoneInfo("Asia/Makassar")
BEFORE = [("cases", "0003_verbose_names")]
AFTER = [("cases", "0004_task_working_minutes")]


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
