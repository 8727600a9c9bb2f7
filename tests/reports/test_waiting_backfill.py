"""Migrations cases/0020 and reports/0008: each visit's first touch and waiting, filled from the
record for the visits before them, and the waiting in the rollups."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrationkit import old_request_world

WITA = ZoneInfo("Asia/Makassar")
BEFORE_APPS = {"cases": "0019_step_draft", "reports": "0007_case_day_withdrawn"}

pytestmark = pytest.mark.usefixtures("migrated_again")


@pytest.mark.django_db(transaction=True)
def test_each_visit_gets_its_first_touch_and_waiting_from_the_record() -> None:
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before = [(app, BEFORE_APPS.get(app, name)) for app, name in leaves]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    world = old_request_world(old, city="Sumbawa", zone="Asia/Makassar")
    office, unit, user, version = world.office, world.unit, world.user, world.version
    friday = dt.datetime(2026, 3, 6, 15, 0, tzinfo=WITA)
    monday = dt.datetime(2026, 3, 9, 8, 30, tzinfo=WITA)
    done = dt.datetime(2026, 3, 9, 9, 30, tzinfo=WITA)
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
        opened_at=friday,
    )
    tasks = old.get_model("cases", "Task").objects
    common = {"case": case, "sop_version": version, "lanes": [], "opened_at": friday}
    tasks.create(**common, step=2, visit=1, status="selesai", done_at=done, working_minutes=150)
    tasks.create(**common, step=3, visit=1, status="selesai", done_at=done, working_minutes=150)
    tasks.create(**common, step=4, visit=1, status="terbuka")
    events = old.get_model("cases", "Event").objects
    for seq, (kind, step, at, actor) in enumerate(
        [
            ("step.opened", 2, friday, user),  # its opening: not a touch
            ("uji.dicatat", 2, friday + dt.timedelta(minutes=30), None),  # nobody's
            ("letters.letter.generated", 2, monday, user),  # the first touch
            ("step.completed", 2, done, user),
            ("step.completed", 3, done, user),  # untouched until done
            ("letters.letter.generated", 4, monday, user),  # open, touched
        ],
        start=1,
    ):
        events.create(
            case=case,
            seq=seq,
            kind=kind,
            at=at,
            actor=actor,
            step=step,
            visit=1,
            prev_hash="0" * 64,
            hash=f"{seq:064d}",
        )

    executor.loader.build_graph()
    executor.migrate(leaves)

    new = executor.loader.project_state(leaves).apps
    visits = new.get_model("cases", "Task").objects.order_by("step")
    # Friday 15.00-16.00 and Monday 08.00-08.30 untouched; step 3 waited all its 150 minutes.
    assert list(visits.values_list("step", "touched_at", "waiting_minutes")) == [
        (2, monday, 90),
        (3, done, 150),
        (4, monday, None),
    ]
    assert list(
        new.get_model("reports", "StepDay")
        .objects.order_by("step")
        .values_list("step", "minutes", "waiting")
    ) == [(2, 150, 90), (3, 150, 150)]
    assert list(
        new.get_model("reports", "CaseDay")
        .objects.filter(visits__gt=0)
        .values_list("unit_id", "visits", "visit_minutes", "waiting")
    ) == [(unit.pk, 2, 300, 240)]
