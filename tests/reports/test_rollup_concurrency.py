"""Many requests sent and many visits finished at the same moment, each on its own database
connection, bump the same rollup rows: none of the counts is lost (the rollups equal a rebuild
from the raw rows). Needs PostgreSQL, where the connections really run side by side.

The second test is the one that races: with the create-on-miss retry removed it fails with the
unique constraint's IntegrityError, and with a read-then-write count it loses counts."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.db.models import Sum

from alur.cases import services
from alur.cases.models import Case
from alur.reports import rollups
from alur.reports.models import CaseDay, PersonDay, StepDay, StepMinutes
from tests.cases.casekit import LETTER, SOP5, WITA, all_at_once, pdf_bytes
from tests.reports.ledger import at, case_of, visit
from tests.reports.rollupkit import kept_and_rebuilt

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite cannot run transactions of several connections at once",
)

THREADS = 24


def _upload(name: str, index: int) -> dict[str, tuple[io.BytesIO, str]]:
    return {name: (io.BytesIO(pdf_bytes(f"{name} {index}")), f"berkas-{index}.pdf")}


def test_requests_and_completions_at_once_lose_no_count(transactional_db, demo) -> None:
    office = demo.sumbawa
    sent = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)

    def send(index: int) -> Callable[[], object]:
        return lambda: services.case_open(
            office=office,
            sop_code=SOP5,
            requester=demo.people["opd.bappeda"],
            title=f"Aplikasi {index}",
            uploads=_upload(LETTER, index),
            at=sent,
        )

    opened = all_at_once([send(i) for i in range(THREADS)])
    assert [type(r) for r in opened] == [Case] * THREADS

    def dispose(index: int, case: Case) -> Callable[[], object]:
        return lambda: services.task_act(
            case=Case(pk=case.pk),
            step=2,
            actor=demo.people["kadis.sumbawa"],
            uploads=_upload("Disposisi Dinas", index),
            at=sent + dt.timedelta(minutes=90),
        )

    cases = [r for r in opened if isinstance(r, Case)]
    done = all_at_once([dispose(i, case) for i, case in enumerate(cases)])
    assert [type(r) for r in done] == [Case] * THREADS

    kept, rebuilt = kept_and_rebuilt(office)

    assert kept == rebuilt
    [day] = CaseDay.objects.filter(office=office)
    assert (day.day, day.opened) == (dt.date(2026, 3, 2), THREADS)
    steps = dict(StepDay.objects.filter(office=office).values_list("step", "done"))
    assert steps == {1: THREADS, 2: THREADS}
    # every disposition took 90 office minutes: one bucket holds them all
    assert list(
        StepMinutes.objects.filter(office=office, step=2).values_list("visits", flat=True)
    ) == [THREADS]
    kadis = demo.people["kadis.sumbawa"]
    assert PersonDay.objects.filter(office=office, person=kadis).aggregate(n=Sum("done")) == {
        "n": THREADS
    }


def test_rollup_rows_bumped_by_many_transactions_at_once_lose_no_count(
    transactional_db, demo
) -> None:
    """The service layer serialises much of its work per office (case numbers, row locks), so
    here the recorder's own calls race: each thread counts one request opened and its visit
    finished, all on the same day and step, in its own transaction."""
    office, by = demo.sumbawa, demo.people["kadis.sumbawa"]
    rows = []
    for index in range(THREADS):
        case = case_of(office, SOP5, demo.people["opd.bappeda"], at(3, 2))
        rows.append((case, visit(case, 2, 60 + index % 4, at(3, 3), by=by)))

    def count(case: Case, task: object) -> Callable[[], object]:
        def run() -> None:
            with transaction.atomic():
                rollups.case_opened(case)
                rollups.visit_done(case, task)  # type: ignore[arg-type]

        return run

    results = all_at_once([count(case, task) for case, task in rows])
    assert results == [None] * THREADS

    kept, rebuilt = kept_and_rebuilt(office)

    assert kept == rebuilt
    assert dict(StepDay.objects.filter(office=office).values_list("step", "done")) == {2: THREADS}
    # the requests opened on 2 March, their visits finished on 3 March
    assert sorted(CaseDay.objects.filter(office=office).values_list("day", "opened", "visits")) == [
        (dt.date(2026, 3, 2), THREADS, 0),
        (dt.date(2026, 3, 3), 0, THREADS),
    ]
