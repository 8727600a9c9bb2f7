"""Workers racing for one slot of a scheduled SOP open its case once: the ``ScheduledStart``
row's unique constraint lets one of them claim it, and the other waits on the first one's
insert and then skips.

Two threads and two worker processes run against PostgreSQL; SQLite's shared in-memory test
database cannot wait for a lock between connections (``test_two_workers.py`` says more).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from deadlinekit import WIB
from django.db import connection

from alur.cases.models import Case, Event
from alur.catalog.models import SopVersion
from alur.catalog.services import sop_version_create
from alur.deadlines.models import ScheduledStart
from alur.deadlines.starts import scheduled_starts_open

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database cannot wait for a lock between connections",
)

SOP = Path(__file__).parent / "sops" / "pemeriksaan-cadangan.yaml"
MONDAY = dt.datetime(2026, 12, 7, 8, 0, tzinfo=WIB)
MOMENTS = (MONDAY, MONDAY + dt.timedelta(minutes=1), dt.datetime(2026, 12, 14, 8, 0, tzinfo=WIB))
WORKERS = 2


@pytest.fixture
def backup_check(demo: SimpleNamespace) -> SopVersion:
    version = sop_version_create(
        office=demo.batam, text=SOP.read_text(encoding="utf-8"), publish=True
    )
    SopVersion.objects.filter(pk=version.pk).update(in_force_from=dt.date(2026, 12, 1))
    return version


def _at_once(action: Callable[[], int], n: int) -> list[int | BaseException]:
    barrier = threading.Barrier(n)
    results: list[int | BaseException] = [0] * n

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = action()
        except BaseException as error:  # reported by the assertion below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _one_case_per_slot(version: SopVersion) -> None:
    assert list(ScheduledStart.objects.order_by("slot").values_list("slot", flat=True)) == [
        MOMENTS[0],
        MOMENTS[2],
    ]
    assert Case.objects.filter(sop_version=version).count() == 2
    assert Event.objects.filter(case__sop_version=version, kind="case.opened").count() == 2


def test_two_threads_at_once_open_one_case_per_slot(
    transactional_db: None, backup_check: SopVersion
) -> None:
    results = [_at_once(lambda m=m: scheduled_starts_open(now=m), WORKERS) for m in MOMENTS]

    assert [sorted(r, key=repr) for r in results] == [[0, 1], [0, 0], [0, 1]]
    _one_case_per_slot(backup_check)


WORKER = """
import datetime as dt, pathlib, sys, time
from zoneinfo import ZoneInfo
import django
django.setup()
from alur.deadlines.starts import scheduled_starts_open

name, directory = sys.argv[1], pathlib.Path(sys.argv[2])
(directory / f"ready-{name}").touch()
while not (directory / "go").exists():
    time.sleep(0.01)
for moment in sys.argv[3:]:
    print("opened", scheduled_starts_open(now=dt.datetime.fromisoformat(moment)), flush=True)
"""


def _database_url() -> str:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "localhost"
    port = settings["PORT"] or 5432
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


def test_two_worker_processes_open_one_case_per_slot(
    transactional_db: None, backup_check: SopVersion, tmp_path: Path
) -> None:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": _database_url(),
            "ALUR_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "alur.settings",
            "ALUR_LOG_LEVEL": "WARNING",
        }
    )
    moments = [m.isoformat() for m in MOMENTS]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, name, str(tmp_path), *moments],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{n}").exists() for n in ("a", "b")):
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.05)
    (tmp_path / "go").touch()
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0]
    opened = [
        int(line.split()[1])
        for out in outputs
        for line in out.splitlines()
        if line.startswith("opened ")
    ]
    assert len(opened) == 2 * len(MOMENTS)
    assert sum(opened) == 2
    _one_case_per_slot(backup_check)
