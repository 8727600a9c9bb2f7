"""deadlines/0002 moves what the case pages read out of the deadline tables: the office's
due-soon share onto the office, each visit's latest agreed due onto its row."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

WIB = ZoneInfo("Asia/Jakarta")
BEFORE = [
    ("deadlines", "0001_deadline_policy_due_changes_alerts"),
    ("cases", "0004_task_working_minutes"),
    ("offices", "0002_verbose_names"),
    ("catalog", "0003_verbose_names"),
]
AFTER = [("deadlines", "0002_due_on_the_task_and_soon_on_the_office")]


pytestmark = pytest.mark.usefixtures("migrated_again")


@pytest.mark.django_db(transaction=True)
def test_the_share_and_the_latest_due_move_and_nothing_else_changes() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    offices = old.get_model("offices", "Office").objects
    office = offices.create(code="uji", name="Uji", government="Pemda", city="Batam")
    offices.create(code="lain", name="Lain", government="Pemda", city="Batam")
    old.get_model("deadlines", "DeadlinePolicy").objects.create(office=office, soon_percent=40)
    unit = old.get_model("offices", "Unit").objects.create(
        office=office, code="opd", name="OPD", kind="opd"
    )
    user = old.get_model("offices", "User").objects.create(username="u", office=office, unit=unit)
    sop = old.get_model("catalog", "Sop").objects.create(office=office, code="s", name="S")
    version = old.get_model("catalog", "SopVersion").objects.create(
        sop=sop, number=1, definition="x", checksum="0" * 64, status="terbit"
    )
    opened = dt.datetime(2026, 8, 3, 8, 0, tzinfo=WIB)
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
        opened_at=opened,
    )
    tasks = old.get_model("cases", "Task").objects
    target = dt.datetime(2026, 8, 4, 8, 0, tzinfo=WIB)
    changed = tasks.create(case=case, step=2, visit=1, lanes=[], opened_at=opened, due_at=target)
    kept = tasks.create(case=case, step=3, visit=1, lanes=[], opened_at=opened, due_at=target)
    changes = old.get_model("deadlines", "DueChange").objects
    for day, at in ((6, 9), (10, 10), (7, 11)):  # the latest change (by when) is to the 7th
        changes.create(
            task=changed,
            kind="perpanjangan",
            previous_due=target,
            due_at=dt.datetime(2026, 8, day, 16, 0, tzinfo=WIB),
            reason="alasan",
            changed_by=user,
            changed_at=dt.datetime(2026, 8, 4, at, 0, tzinfo=WIB),
        )

    executor.loader.build_graph()
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps
    percents = dict(
        new.get_model("offices", "Office").objects.values_list("code", "due_soon_percent")
    )
    assert percents == {"uji": 40, "lain": 25}
    rows = new.get_model("cases", "Task").objects
    assert rows.get(pk=changed.pk).changed_due_at == dt.datetime(2026, 8, 7, 16, 0, tzinfo=WIB)
    assert rows.get(pk=changed.pk).due_at == target
    assert rows.get(pk=kept.pk).changed_due_at is None
    assert new.get_model("deadlines", "DueChange").objects.count() == 3
