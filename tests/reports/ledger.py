"""A small hand-built history of Sumbawa's SOP 5, written straight into the tables the report
reads, so every expected number below is worked out by hand.

The period is January to March 2026 (WITA). Visits finished in it, working minutes:

    step 2   30, 60, 90, 120, 600      median 90, p90 408 (1 + 0.9 * 4 = 4.6: 120 + 0.6 * 480)
             on time: the first three  3 of 5 = 60 %
    step 9   100, 200, 300, 400        median 250, p90 370 (3.7: 300 + 0.7 * 100)
             one case visits it twice  1 revisit
    step 11  decisions tidak, ya, ya   1 "tidak"

Outside the count: a visit of step 1 finished in December 2025, one of Batam's cases, and an open
visit of step 12 (counted as open now, not as finished).
"""

from __future__ import annotations

import datetime as dt
from itertools import count
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from alur.cases.models import Case, Task
from alur.catalog.services import published_version
from alur.offices.models import Office, User

WITA = ZoneInfo("Asia/Makassar")
SOP5 = "permohonan-pembuatan-aplikasi"
SOP2 = "layanan-hosting-aplikasi"
FIRST = dt.date(2026, 1, 1)
LAST = dt.date(2026, 3, 31)

_numbers = count(1)


def at(month: int, day: int, hour: int = 10, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=WITA)


def case_of(
    office: Office,
    code: str,
    requester: User,
    opened: dt.datetime,
    *,
    status: str = Case.Status.RUNNING,
    closed: dt.datetime | None = None,
) -> Case:
    version = published_version(office, code)
    assert version is not None
    n = next(_numbers)
    return Case.objects.create(
        office=office,
        sop_version=version,
        number=f"T/{n:03d}",
        year=opened.year,
        sequence=n,
        title=f"Uji {n}",
        requester=requester,
        requester_unit=requester.unit,
        status=status,
        state={},
        opened_at=opened,
        closed_at=closed,
    )


def visit(
    case: Case,
    step: int,
    minutes: int,
    done: dt.datetime | None,
    *,
    on_time: bool = True,
    visit: int = 1,
    decision: str = "",
    by: User | None = None,
) -> Task:
    due = None if done is None else done + dt.timedelta(hours=1 if on_time else -1)
    return Task.objects.create(
        case=case,
        sop_version_id=case.sop_version_id,
        step=step,
        visit=visit,
        lanes=[],
        status=Task.Status.OPEN if done is None else Task.Status.DONE,
        opened_at=(done or at(3, 30)) - dt.timedelta(days=1),
        due_at=due,
        done_at=done,
        done_by=by if done is not None else None,
        decision=decision,
        working_minutes=None if done is None else minutes,
    )


def ledger_build(demo: SimpleNamespace) -> SimpleNamespace:
    sumbawa, batam = demo.sumbawa, demo.batam
    bappeda, dikbud = demo.people["opd.bappeda"], demo.people["opd.dikbud"]
    kadis, dev = demo.people["kadis.sumbawa"], demo.people["dev.sumbawa"]
    finished = [
        case_of(sumbawa, SOP5, bappeda, at(1, 5), status=Case.Status.FINISHED, closed=at(2, 20)),
        case_of(sumbawa, SOP5, bappeda, at(1, 6), status=Case.Status.RETURNED, closed=at(1, 9)),
        case_of(sumbawa, SOP5, dikbud, at(2, 2)),
        case_of(sumbawa, SOP5, dikbud, at(3, 3)),
    ]
    older = case_of(
        sumbawa, SOP5, dikbud, at(12, 1, year=2025), status=Case.Status.STOPPED, closed=at(1, 7)
    )
    for case, minutes, on_time in zip(
        [*finished, older], [30, 60, 90, 120, 600], [True, True, True, False, False], strict=True
    ):
        visit(case, 2, minutes, at(1, 15), on_time=on_time, by=kadis)
    visit(older, 1, 5, at(12, 2, year=2025), by=dikbud)  # December: outside the period
    first, second = finished[0], finished[2]
    visit(first, 9, 100, at(2, 3), by=dev)
    visit(first, 9, 300, at(2, 10), visit=2, by=dev)
    visit(second, 9, 200, at(2, 4), by=dev)
    visit(finished[3], 9, 400, at(3, 20), on_time=False, by=dev)
    visit(first, 11, 45, at(2, 5), decision="tidak", by=bappeda)
    visit(first, 11, 50, at(2, 12), visit=2, decision="ya", by=bappeda)
    visit(second, 11, 55, at(2, 6), decision="ya", by=dikbud)
    visit(second, 12, 0, None)
    batam_case = case_of(batam, SOP2, demo.people["opd.dinkes"], at(2, 2))
    visit(batam_case, 2, 999, at(2, 3), by=demo.people["kadis.batam"])
    return SimpleNamespace(cases=finished, older=older, batam_case=batam_case)
