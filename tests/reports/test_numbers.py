"""The report's numbers on the hand-built history of ``ledger`` (worked out there by hand)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection

from alur.cases.models import Task
from alur.reports import selectors
from alur.reports.buckets import bounds, bucket_of
from alur.reports.period import Period
from tests.reports.exact_percentiles import step_visits as exact_step_visits
from tests.reports.exact_percentiles import visits_sql
from tests.reports.ledger import FIRST, LAST

pytestmark = pytest.mark.django_db


def _board(demo: SimpleNamespace, sop: str = "") -> selectors.Dashboard:
    return selectors.dashboard(demo.sumbawa, Period(FIRST, LAST, "Asia/Makassar"), sop_code=sop)


def _steps(board: selectors.Dashboard) -> dict[int, selectors.StepRow]:
    [report] = board.sops
    return {row.step: row for row in report.steps}


def test_it_counts_cases_opened_closed_and_still_open_in_the_period(demo, ledger) -> None:
    board = _board(demo)

    assert board.counts == selectors.CaseCounts(
        opened=4, closed=3, finished=1, returned=1, stopped=1, open=2
    )


def test_it_gives_medians_and_90th_percentiles_from_buckets_and_exact_maxima(demo, ledger) -> None:
    steps = _steps(_board(demo))

    times = {n: (r.finished, r.times) for n, r in steps.items() if r.times is not None}
    # The middles of the buckets (bounds in brackets) of the ranks percentile_cont interpolates:
    # step 2, median: 90 [90, 93] -> 91.5; p90: 122.5 [120, 125] + 0.6 * (611.5 [597, 626] - 122.5)
    assert {
        n: (f, round(t.median, 9), round(t.p90, 9), t.longest) for n, (f, t) in times.items()
    } == {
        2: (5, 91.5, 415.9, 600),
        9: (4, 247.0, 364.15, 400),
        11: (3, 51.0, 55.0, 55),
    }


def test_bucket_percentiles_lie_within_the_buckets_of_the_exact_ones(demo, ledger) -> None:
    steps = _steps(_board(demo))
    exact = exact_step_visits(
        office_id=demo.sumbawa.pk,
        starts=Period(FIRST, LAST, "Asia/Makassar").starts,
        ends=Period(FIRST, LAST, "Asia/Makassar").ends,
    )
    checked = 0
    for (_sop, step), reference in exact.items():
        minutes = sorted(
            Task.objects.filter(
                case__office=demo.sumbawa,
                step=step,
                status=Task.Status.DONE,
                done_at__date__gte=FIRST,
                done_at__date__lte=LAST,
            ).values_list("working_minutes", flat=True)
        )
        for p, estimate, true in (
            (0.5, steps[step].times.median, reference.times.median),
            (0.9, steps[step].times.p90, reference.times.p90),
        ):
            position = p * (len(minutes) - 1)
            below = minutes[int(position)]
            above = minutes[min(int(position) + 1, len(minutes) - 1)]
            low, high = bounds(bucket_of(below))[0], bounds(bucket_of(above))[1]
            assert low <= true <= high
            assert low <= estimate <= high
            assert abs(estimate - true) <= 0.025 * true
            checked += 1

    assert checked == 6


def test_it_gives_on_time_rates_loops_and_no_answers_per_step(demo, ledger) -> None:
    steps = _steps(_board(demo))

    assert [
        (r.step, r.on_time, r.with_target, r.revisits, r.declined)
        for r in steps.values()
        if r.finished
    ] == [(2, 3, 5, 0, 0), (9, 3, 4, 1, 0), (11, 3, 3, 1, 1)]
    assert steps[2].on_time_rate == 0.6
    assert steps[9].on_time_rate == 0.75
    assert steps[12].open_now == 1
    assert steps[12].finished == 0
    assert steps[3].on_time_rate is None


def test_the_step_holding_cases_longest_is_the_one_with_the_highest_median(demo, ledger) -> None:
    [report] = _board(demo).sops

    assert report.slowest is not None
    assert report.slowest.step == 9
    assert report.revisits == 2


def test_targets_are_in_office_minutes_for_working_time_units(demo, ledger) -> None:
    steps = _steps(_board(demo))

    assert (steps[2].target_text, steps[2].target_minutes) == ("1 Hari Kerja", 480)
    assert (steps[12].target_text, steps[12].target_minutes) == ("Maksimal 35 Hari Kerja", 16800)
    assert (steps[3].target_text, steps[3].target_minutes) == ("—", None)


def test_workload_per_lane_and_per_person(demo, ledger) -> None:
    board = _board(demo)

    lanes = {r.name: (r.finished, r.working_minutes, r.on_time, r.open_now) for r in board.lanes}
    assert lanes["Kepala Dinas"] == (5, 900, 3, 0)
    assert lanes["Tim Pengembang Aplikasi"] == (4, 1000, 3, 1)
    people = [(r.name, r.finished, r.working_minutes) for r in board.people]
    assert people == [
        ("Kepala DKISP Sumbawa", 5, 900),
        ("Pengembang Sumbawa", 4, 1000),
        ("Tim Teknis Bappeda Sumbawa", 2, 95),
        ("Tim Teknis Dikbud Sumbawa", 1, 55),
    ]


def test_cases_per_requesting_agency_and_per_month(demo, ledger) -> None:
    board = _board(demo)

    agencies = {a.name: a.counts for a in board.agencies}
    assert agencies == {
        "Badan Perencanaan Pembangunan Daerah Kabupaten Sumbawa": selectors.CaseCounts(
            opened=2, closed=2, finished=1, returned=1, stopped=0, open=0
        ),
        "Dinas Pendidikan dan Kebudayaan Kabupaten Sumbawa": selectors.CaseCounts(
            opened=2, closed=1, finished=0, returned=0, stopped=1, open=2
        ),
    }
    assert [(m.month, m.opened, m.closed) for m in board.months] == [
        (dt.date(2026, 1, 1), 2, 2),
        (dt.date(2026, 2, 1), 1, 1),
        (dt.date(2026, 3, 1), 1, 0),
    ]


def test_another_office_sees_only_its_own_cases(demo, ledger) -> None:
    board = selectors.dashboard(demo.batam, Period(FIRST, LAST, "Asia/Jakarta"))

    assert board.counts.opened == 1
    hosting = next(r for r in board.sops if r.code == "layanan-hosting-aplikasi")
    assert [(r.step, r.finished) for r in hosting.steps if r.finished] == [(2, 1)]
    assert hosting.steps[1].times is not None
    # 999 minutes fall in the bucket of 973 to 1,020: its middle, 996.5
    assert bounds(bucket_of(999)) == (973, 1020)
    assert hosting.steps[1].times.median == 996.5


def test_choosing_one_sop_leaves_the_others_out(demo, ledger) -> None:
    board = selectors.dashboard(
        demo.batam, Period(FIRST, LAST, "Asia/Jakarta"), sop_code="integrasi-bedelau"
    )

    assert [r.code for r in board.sops] == ["integrasi-bedelau"]
    assert board.counts.opened == 0
    assert len(board.choices) == 4


def test_the_window_function_percentiles_equal_postgresqls_percentile_cont(demo, ledger) -> None:
    period = Period(FIRST, LAST, "Asia/Makassar")
    adapt = connection.ops.adapt_datetimefield_value
    params = [demo.sumbawa.pk, "selesai", adapt(period.starts), adapt(period.ends)]
    answers = {}
    variants = [True, False] if connection.vendor == "postgresql" else [True]
    for windows in variants:
        with connection.cursor() as cursor:
            cursor.execute(visits_sql(with_sop=False, windows=windows), params)
            # percentile_cont interpolates in floating point (408.00000000000006); ours is exact.
            answers[windows] = {
                row[1]: (round(row[3], 9), round(row[4], 9), *row[5:]) for row in cursor.fetchall()
            }

    assert answers[True] == {
        2: (90.0, 408.0, 600, 5, 3, 0, 0, 900),
        9: (250.0, 370.0, 400, 4, 3, 1, 0, 1000),
        11: (50.0, 54.0, 55, 3, 3, 1, 1, 150),
    }
    if connection.vendor == "postgresql":
        assert answers[False] == answers[True]
