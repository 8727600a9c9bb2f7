"""The forecast's simulation on small hand-built histories: plain values, no database."""

from __future__ import annotations

import datetime as dt

from alur.reports.forecast import LOOP_GUARD, Chart, Forecaster, History, Visit
from alur.sop import OfficeCalendar, loads

CALENDAR = OfficeCalendar(zone="Asia/Makassar")

HEAD = """\
format: 1
kode: layanan-uji
identitas:
  pemerintah: Pemerintah Kabupaten Sumbawa
  instansi: Dinas Komunikasi, Informatika dan Persandian
  nama: Layanan Uji
  disahkan_oleh: {jabatan: Kepala Dinas}
pelaksana:
  - {id: opd, nama: Kepala OPD Pemohon, pemohon: true}
  - {id: kabid, nama: Kepala Bidang}
langkah:
  - {no: 1, jenis: mulai, uraian: OPD mengirim surat, pelaksana: opd, waktu: 1 jam}
"""
LINEAR = loads(
    HEAD
    + """\
  - {no: 2, jenis: proses, uraian: Kepala Bidang memeriksa, pelaksana: kabid, waktu: 1 jam}
  - {no: 3, jenis: selesai, uraian: Kepala Bidang menjawab, pelaksana: kabid, waktu: 2 jam}
"""
)
LOOPING = loads(
    HEAD
    + """\
  - no: 2
    jenis: keputusan
    uraian: Kepala Bidang memeriksa kelengkapan
    pelaksana: kabid
    waktu: 1 jam
    ya: 3
    tidak: 1
  - {no: 3, jenis: selesai, uraian: Kepala Bidang menjawab, pelaksana: kabid, waktu: 1 jam}
"""
)


def _history(cases: int, minutes: int, answers: list[str] | None = None) -> History:
    """``cases`` ended cases, each visiting steps 1, 2 and 3 once in ``minutes`` each; step 2
    answered with ``answers`` in turn (when given)."""
    visits = []
    for case in range(cases):
        answer = answers[case % len(answers)] if answers else ""
        visits += [
            Visit(case, 1, 1, minutes),
            Visit(case, 2, 1, minutes, answer),
            Visit(case, 3, 1, minutes),
        ]
    return History.of(visits)


def test_the_chart_is_the_sops_ways_from_each_step() -> None:
    assert Chart.of(LINEAR, CALENDAR).ways == {1: (("", 2),), 2: (("", 3),), 3: (("", None),)}
    assert Chart.of(LOOPING, CALENDAR).ways == {
        1: (("", 2),),
        2: (("ya", 3), ("tidak", 1)),
        3: (("", None),),
    }


def test_steps_that_always_took_an_hour_forecast_exactly_the_hours_left() -> None:
    forecaster = Forecaster(Chart.of(LINEAR, CALENDAR), _history(10, 60))

    at_start = forecaster.remaining([(1, 1, 0)], seed="a")
    halfway = forecaster.remaining([(2, 1, 20)], seed="b")

    assert (at_start.likely, at_start.late) == (180, 180)
    assert (halfway.likely, halfway.late) == (100, 100)
    monday = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CALENDAR.zone)
    assert CALENDAR.add_office_minutes(monday, halfway.likely) == monday.replace(hour=10, minute=40)


def test_a_step_open_longer_than_any_before_it_takes_one_more_of_its_past_times() -> None:
    forecaster = Forecaster(Chart.of(LINEAR, CALENDAR), _history(10, 60))

    late = forecaster.remaining([(2, 1, 500)], seed="c")

    assert (late.likely, late.late) == (120, 120)


def test_a_step_no_past_case_visited_takes_the_sops_allowed_time() -> None:
    history = History.of(
        [Visit(case, step, 1, 30) for case in range(10) for step in (1, 2)]  # never step 3
    )

    left = Forecaster(Chart.of(LINEAR, CALENDAR), history).remaining([(2, 1, 0)], seed="d")

    assert (left.likely, left.late) == (30 + 120, 30 + 120)


def test_a_decision_answered_half_each_way_has_its_p80_later_than_its_p50() -> None:
    forecaster = Forecaster(Chart.of(LOOPING, CALENDAR), _history(10, 60, ["ya", "tidak"]))

    left = forecaster.remaining([(1, 1, 0)], seed="e")

    # One pass is three hours; each "tidak" adds steps 1 and 2 again.
    assert left.likely in (180, 300)
    assert left.late > left.likely
    assert (left.late - 180) % 120 == 0


def test_a_decision_always_sent_back_goes_on_after_the_loop_guard() -> None:
    forecaster = Forecaster(Chart.of(LOOPING, CALENDAR), _history(10, 60, ["tidak"]))

    left = forecaster.remaining([(1, 1, 0)], seed="f")

    # Steps 1 and 2 once, then again for each of LOOP_GUARD answers "tidak", then step 3.
    passes = LOOP_GUARD + 1
    assert (left.likely, left.late) == (passes * 120 + 60, passes * 120 + 60)


def test_the_same_case_and_history_give_the_same_forecast() -> None:
    chart = Chart.of(LOOPING, CALENDAR)
    history = _history(12, 60, ["ya", "tidak", "ya"])

    first = Forecaster(chart, history).remaining([(2, 1, 10)], seed="case:7")
    again = Forecaster(chart, history).remaining([(2, 1, 10)], seed="case:7")

    assert first == again


def test_a_history_counts_its_cases_and_keeps_each_visits_answer_by_visit() -> None:
    history = History.of(
        [Visit(1, 2, 1, 30, "tidak"), Visit(1, 2, 2, 40, "ya"), Visit(2, 2, 1, 50, "ya")]
    )

    assert history.cases == 2
    assert history.minutes == {2: (30, 40, 50)}
    assert history.answers[2, 1] == ("tidak", "ya")
    assert history.answers[2, 2] == ("ya",)
    assert sorted(history.answers[2, 0]) == ["tidak", "ya", "ya"]


def test_a_later_visit_with_few_answers_draws_from_the_later_visits_only() -> None:
    # Six cases sent the request back at its first check; three of them came to a second
    # check, passed, and ended; the other three were withdrawn before it.
    visits = []
    for case in range(6):
        visits += [Visit(case, 1, 1, 60), Visit(case, 2, 1, 60, "tidak")]
        if case < 3:
            visits += [Visit(case, 1, 2, 60), Visit(case, 2, 2, 60, "ya"), Visit(case, 3, 1, 60)]
    forecaster = Forecaster(Chart.of(LOOPING, CALENDAR), History.of(visits))

    left = forecaster.remaining([(1, 1, 0)], seed="g")

    # Steps 1 and 2, sent back; steps 1 and 2 again, passed; step 3.
    assert (left.likely, left.late) == (300, 300)
