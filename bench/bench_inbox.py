"""A person's inbox (Tugas saya) with 300 and with 10,000 open steps of other people in the
office, on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres alur_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alur_bench .venv/bin/python bench/bench_inbox.py

The database is migrated and given the demo installation; earlier bench requests are removed.
Sumbawa's Kadis gets six open steps of SOP 5 (step 2); then requests of another OPD are added
with one open step each in the lanes of the Kabid, the Kasi, the developers and the OPD
(``bulk_create`` of the cases, their visits and the visits' ``OpenLane`` rows, as
``recording.CaseWriter`` writes them), up to 300 and then 10,000 open steps. After ANALYZE,
``alur.cases.selectors.inbox`` (the first page) runs for the Kadis, fastest of several rounds.

Prints both times, the queries of one page and the ratio; exits 1 when the ratio is 2 or more,
2 without PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alur.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402 - after django.setup()
from django.db import connection  # noqa: E402 - after django.setup()
from django.test.utils import CaptureQueriesContext  # noqa: E402 - after django.setup()

from alur.cases.models import Case, OpenLane, Task  # noqa: E402 - after django.setup()
from alur.cases.recording import open_lanes  # noqa: E402 - after django.setup()
from alur.cases.selectors import inbox  # noqa: E402 - after django.setup()
from alur.catalog.models import SopVersion  # noqa: E402 - after django.setup()
from alur.catalog.services import definition_of  # noqa: E402 - after django.setup()
from alur.demo import demo_load  # noqa: E402 - after django.setup()
from alur.offices.models import Office, User  # noqa: E402 - after django.setup()

SMALL, LARGE = 300, 10_000
OWN = 6
OTHER_STEPS = (3, 4, 5, 6, 9, 10, 11, 12)
TITLE = "Permohonan bench"
BOUND = 2.0
ROUNDS = 15
NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)


class Requests:
    """Adds open requests of SOP 5 to Sumbawa, each with one open visit and its lane rows."""

    def __init__(self) -> None:
        self.office = Office.objects.get(code="dkisp-sumbawa")
        self.version = (
            SopVersion.objects.filter(sop__office=self.office, status=SopVersion.Status.IN_FORCE)
            .filter(sop__code="permohonan-pembuatan-aplikasi")
            .latest("number")
        )
        self.definition = definition_of(self.version)
        self.sequence = 900_000

    def add(self, count: int, requester: User, step: int | None = None) -> None:
        cases = []
        for _ in range(count):
            self.sequence += 1
            cases.append(
                Case(
                    office=self.office,
                    sop_version=self.version,
                    number=f"BENCH/{self.sequence}",
                    year=2026,
                    sequence=self.sequence,
                    title=TITLE,
                    requester=requester,
                    requester_unit_id=requester.unit_id,
                    state={},
                    opened_at=NOW - dt.timedelta(minutes=self.sequence - 900_000),
                )
            )
        Case.objects.bulk_create(cases)
        tasks = [
            Task(
                case=case,
                sop_version_id=case.sop_version_id,
                step=step or OTHER_STEPS[i % len(OTHER_STEPS)],
                visit=1,
                lanes=list(self.definition.steps[step or OTHER_STEPS[i % len(OTHER_STEPS)]].lanes),
                opened_at=case.opened_at,
                due_at=case.opened_at + dt.timedelta(days=3),
            )
            for i, case in enumerate(cases)
        ]
        Task.objects.bulk_create(tasks)
        OpenLane.objects.bulk_create(
            [row for task in tasks for row in open_lanes(task, task.case, self.definition)]
        )


def _fastest(person: User) -> tuple[float, int, int]:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as queries:
        rows = len(inbox(person, now=NOW))
    best = float("inf")
    for _ in range(ROUNDS):
        start = perf_counter()
        list(inbox(person, now=NOW))
        best = min(best, perf_counter() - start)
    return best, rows, len(queries)


def main() -> int:
    if connection.vendor != "postgresql":
        print("bench_inbox: set DATABASE_URL to a PostgreSQL database (see the docstring)")
        return 2
    call_command("migrate", verbosity=0)
    demo_load()
    Task.objects.filter(case__title=TITLE).delete()
    Case.objects.filter(title=TITLE).delete()
    people = User.objects.select_related("office", "unit")
    kadis = people.get(username="kadis.sumbawa")
    requests = Requests()
    requests.add(OWN, people.get(username="opd.bappeda"), step=2)
    others = people.get(username="opd.dikbud")
    requests.add(SMALL - OWN, others)
    small, rows, queries = _fastest(kadis)
    requests.add(LARGE - SMALL, others)
    large, large_rows, large_queries = _fastest(kadis)
    assert (rows, queries) == (large_rows, large_queries) == (OWN, queries)
    ratio = large / small
    version = connection.cursor().connection.info.server_version
    print(f"PostgreSQL {version // 10000}.{version % 10000}, Python {platform.python_version()}")
    print(f"inbox, {SMALL:,} open steps:  {small * 1000:7.1f} ms ({OWN} rows, {queries} queries)")
    print(f"inbox, {LARGE:,} open steps: {large * 1000:7.1f} ms (fastest of {ROUNDS})")
    print(f"ratio: {ratio:.2f} (bound: under {BOUND:g})")
    return 0 if ratio < BOUND else 1


if __name__ == "__main__":
    sys.exit(main())
