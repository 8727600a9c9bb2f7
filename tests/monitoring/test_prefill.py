"""What Alur proposes for each procedure of SOP 5's form, from the hand-built half-year in
``conftest``: exact Penilaian and Catatan per step."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from alur.cases.models import Document
from alur.monitoring import services
from alur.monitoring.models import MonitoringRecord
from tests.cases.casekit import WITA
from tests.monitoring.halfyear import OPENED_AT

BAIK = "baik"
TIDAK = "tidak_baik"
A, B, C, D = (f"555/00{n}/DKIST/2026" for n in (1, 2, 3, 4))
COMPLETE = "Kelengkapan dan output lengkap."

SEMESTER_I_2026 = [
    (1, BAIK, f"3 kunjungan selesai, tanpa batas waktu. {COMPLETE}"),
    (
        2,
        TIDAK,
        f"1 dari 2 kunjungan terlambat ({B}). 1 kunjungan belum selesai dan melewati tenggat "
        f"({C}). {COMPLETE}",
    ),
    (3, BAIK, f"2 kunjungan selesai, tanpa batas waktu. {COMPLETE}"),
    (4, BAIK, f"2 kunjungan selesai, tanpa batas waktu. {COMPLETE}"),
    (5, BAIK, f"2 kunjungan selesai, semuanya tepat waktu. {COMPLETE}"),
    (6, BAIK, f"2 kunjungan selesai, tanpa batas waktu. {COMPLETE} Keputusan: 1 ya, 1 tidak."),
    (
        7,
        BAIK,
        f"1 kunjungan selesai, tanpa batas waktu. {COMPLETE} 1 permohonan dihentikan ({B}).",
    ),
    (8, BAIK, "1 kunjungan selesai, tanpa batas waktu."),
    (9, BAIK, f"2 kunjungan selesai, semuanya tepat waktu. {COMPLETE} 1 kunjungan ulang ({A})."),
    (10, BAIK, f"2 kunjungan selesai, tanpa batas waktu. {COMPLETE} 1 kunjungan ulang ({A})."),
    (
        11,
        BAIK,
        f"2 kunjungan selesai, tanpa batas waktu. {COMPLETE} 1 kunjungan ulang ({A}). "
        "Keputusan: 1 ya, 1 tidak.",
    ),
    (12, BAIK, f"1 kunjungan selesai, semuanya tepat waktu. {COMPLETE}"),
    (13, BAIK, f"1 kunjungan selesai, semuanya tepat waktu. {COMPLETE}"),
    (
        14,
        BAIK,
        f"1 kunjungan selesai, semuanya tepat waktu. {COMPLETE} Keputusan: 1 ya, 0 tidak.",
    ),
    (15, BAIK, f"1 kunjungan selesai, tanpa batas waktu. {COMPLETE}"),
    (16, BAIK, f"1 kunjungan selesai, tanpa batas waktu. {COMPLETE}"),
    (17, BAIK, f"1 kunjungan selesai, tanpa batas waktu. {COMPLETE}"),
]


def _open(world: SimpleNamespace, year: int, half: int, at: dt.datetime) -> MonitoringRecord:
    return services.monitoring_open(
        sop=world.sop, year=year, half=half, actor=world.people["kadis.sumbawa"], at=at
    )


def _rows(record: MonitoringRecord) -> list[tuple[int, str, str]]:
    return [(row.step, row.assessment, row.note) for row in record.rows.order_by("no")]


def test_each_step_is_assessed_from_the_half_years_visits(half_year: SimpleNamespace) -> None:
    record = _open(half_year, 2026, 1, OPENED_AT)

    assert _rows(record) == SEMESTER_I_2026
    assert [(r.no, r.step) for r in record.rows.order_by("no")] == [(n, n) for n in range(1, 18)]
    assert [(r.proposed_assessment, r.proposed_note) for r in record.rows.order_by("no")] == [
        (assessment, note) for _, assessment, note in SEMESTER_I_2026
    ]
    assert (
        record.rows.get(no=2).procedure == "Kepala Dinas mendisposisikan surat ke Kepala Bidang TI."
    )


def test_a_document_missing_from_the_record_makes_the_steps_that_needed_it_not_good(
    half_year: SimpleNamespace,
) -> None:
    # A disposition whose file was removed from the database after the fact.
    Document.objects.filter(case=half_year.stopped, name="Disposisi Dinas").delete()

    rows = {
        step: (assessment, note)
        for step, assessment, note in _open(half_year, 2026, 1, OPENED_AT).rows.values_list(
            "step", "assessment", "note"
        )
    }

    missing = f"Kelengkapan/output tidak lengkap pada 1 kunjungan ({B}): Disposisi Dinas."
    assert rows[2] == (
        TIDAK,
        f"1 dari 2 kunjungan terlambat ({B}). 1 kunjungan belum selesai dan melewati tenggat "
        f"({C}). {missing}",
    )
    assert rows[3] == (TIDAK, f"2 kunjungan selesai, tanpa batas waktu. {missing}")
    assert rows[4] == (TIDAK, f"2 kunjungan selesai, tanpa batas waktu. {missing}")
    assert rows[5] == (BAIK, f"2 kunjungan selesai, semuanya tepat waktu. {COMPLETE}")


def test_a_period_without_requests_leaves_every_assessment_to_the_assessor(
    half_year: SimpleNamespace,
) -> None:
    record = _open(half_year, 2025, 2, OPENED_AT)

    assert _rows(record) == [
        (n, "", "Tidak ada kunjungan langkah ini pada periode ini.") for n in range(1, 18)
    ]


def test_a_visit_still_open_is_late_once_its_due_time_has_passed_in_a_running_period(
    half_year: SimpleNamespace,
) -> None:
    record = _open(half_year, 2026, 2, OPENED_AT)

    rows = _rows(record)
    assert rows[:3] == [
        (1, BAIK, f"1 kunjungan selesai, tanpa batas waktu. {COMPLETE}"),
        (2, TIDAK, f"1 kunjungan belum selesai dan melewati tenggat ({D})."),
        (3, "", "Tidak ada kunjungan langkah ini pada periode ini."),
    ]


def test_a_visit_still_open_before_its_due_time_is_running_and_not_assessed(
    half_year: SimpleNamespace,
) -> None:
    record = _open(half_year, 2026, 2, dt.datetime(2026, 7, 6, 9, 0, tzinfo=WITA))

    assert _rows(record)[1] == (2, "", "1 kunjungan masih berjalan.")


def test_more_than_ten_late_requests_are_named_up_to_ten_and_the_rest_counted() -> None:
    from alur.monitoring.prefill import _named

    numbers = [f"555/{n:03d}/DKIST/2026" for n in range(1, 14)]

    assert _named([*numbers, numbers[0]]) == (", ".join(numbers[:10]) + " dan 3 lainnya")
