"""Compaction folds the rollup rows of each key into one: every sum and every number of the
report stay as they were, and a change committed while it runs is neither lost nor counted
twice, nor kept waiting (the last three need PostgreSQL, where connections run side by side)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from alur.cases import services
from alur.cases.models import Case
from alur.reports import selectors
from alur.reports.compaction import FOLDS, rollups_compact
from alur.reports.models import StepDay
from alur.reports.period import Period
from alur.reports.rebuild import office_rebuild
from tests.cases.casekit import SOP2_DOCS, SOP5, SOP5_DOCS, WIB, WITA, Desk, sop2_opened
from tests.cases.heldkit import held_open, without_waiting
from tests.reports.rollupkit import kept_and_rebuilt, rollup_rows

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite lets one transaction write at a time, by design",
)

MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Jakarta")


def _rows() -> int:
    return sum(fold.model._default_manager.count() for fold in FOLDS)


def _unfolded() -> int:
    return sum(fold.model._default_manager.filter(folded=False).count() for fold in FOLDS)


def _busy_day(demo) -> None:
    """Three requests of one SOP on one day in Batam, one returned: many rows share a key."""
    desk = Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB))
    cases = [sop2_opened(desk, demo.batam) for _ in range(3)]
    for case in cases:
        desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])
    desk.act(cases[0], 3, "kabid.pe", decision="tidak", note="Surat belum ditandatangani.")


def test_compaction_keeps_every_sum_and_every_number_of_the_report(demo) -> None:
    _busy_day(demo)
    sums, report, rows = rollup_rows(demo.batam), selectors.dashboard(demo.batam, MARCH), _rows()

    removed = rollups_compact()

    assert rollup_rows(demo.batam) == sums
    assert selectors.dashboard(demo.batam, MARCH) == report
    assert _rows() == rows - sum(removed.values())
    # step 1: 3 rows into 1, step 2: 3 into 1, step 3 (done, and the request returned): 2 into 1
    assert removed["StepDay"] == 5
    # 3 openings, a return and the 7 visits finished (steps 1 and 2 thrice, step 3 once) into
    # 1 row (same OPD and day)
    assert removed["CaseDay"] == 10
    assert _unfolded() == 0
    assert rollups_compact() == dict.fromkeys(removed, 0)


def test_rows_written_after_a_compaction_are_folded_by_the_next(demo) -> None:
    _busy_day(demo)
    rollups_compact()
    desk = Desk(demo.people, dt.datetime(2026, 3, 2, 15, 0, tzinfo=WIB))
    sop2_opened(desk, demo.batam)
    sums = rollup_rows(demo.batam)

    rollups_compact()

    assert rollup_rows(demo.batam) == sums
    assert _unfolded() == 0
    assert StepDay.objects.filter(office=demo.batam, step=1).count() == 1


def test_the_compact_command_says_how_many_rows_it_folded(demo, capsys) -> None:
    _busy_day(demo)

    call_command("reports_compact")

    assert capsys.readouterr().out == (
        "Baris rekap yang digabung: StepDay 5, StepMinutes 4, StepMinutesMonth 4, "
        "PersonDay 4, CaseDay 10\n"
    )


def _dispose(demo, case: Case, at: dt.datetime) -> object:
    return services.task_act(
        case=Case(pk=case.pk),
        step=2,
        actor=demo.people["kadis.sumbawa"],
        uploads=Desk.uploads(SOP5_DOCS[2]),
        at=at,
    )


def _opened(demo, count: int) -> list[Case]:
    desk = Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA))
    return [desk.open(demo.sumbawa, SOP5, "opd.bappeda", docs=SOP5_DOCS[1]) for _ in range(count)]


AT = dt.datetime(2026, 3, 2, 13, 0, tzinfo=WITA)


@on_postgresql
def test_a_completion_held_open_keeps_its_rows_through_a_compaction(transactional_db, demo):
    first, second, third = _opened(demo, 3)
    _dispose(demo, first, AT)

    with held_open(lambda: _dispose(demo, second, AT)) as held:
        removed = without_waiting(rollups_compact)

    assert isinstance(removed, dict), removed
    assert [type(result) for result in held] == [Case]
    _dispose(demo, third, AT)
    kept, rebuilt = kept_and_rebuilt(demo.sumbawa)
    assert kept == rebuilt
    assert dict(StepDay.objects.filter(office=demo.sumbawa).values_list("step", "done")) == {
        1: 3,
        2: 3,
    }


@on_postgresql
def test_a_completion_during_a_compaction_neither_waits_nor_is_lost(transactional_db, demo):
    first, second = _opened(demo, 2)
    _dispose(demo, first, AT)

    with held_open(rollups_compact) as compacted:
        meanwhile = without_waiting(lambda: _dispose(demo, second, AT))
        # a second compaction leaves the tables to the one running
        skipped = without_waiting(rollups_compact)

    assert isinstance(meanwhile, Case), meanwhile
    assert skipped == dict.fromkeys(skipped, 0)  # type: ignore[arg-type]
    assert [type(result) for result in compacted] == [dict]
    kept, rebuilt = kept_and_rebuilt(demo.sumbawa)
    assert kept == rebuilt
    assert dict(StepDay.objects.filter(office=demo.sumbawa).values_list("step", "done")) == {
        1: 2,
        2: 2,
    }


@on_postgresql
def test_a_rebuild_waits_for_a_running_compaction(transactional_db, demo):
    (first,) = _opened(demo, 1)
    _dispose(demo, first, AT)

    with held_open(rollups_compact):
        waited = without_waiting(lambda: office_rebuild(office_id=demo.sumbawa.pk))

    assert "lock" in str(waited)
    kept, rebuilt = kept_and_rebuilt(demo.sumbawa)
    assert kept == rebuilt
