"""The engine: what each action does to a case, and what it refuses, on SOPs built in code."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alur.sop._definition.model import (
    FieldKind,
    FormField,
    JointPolicy,
    Outcome,
    Output,
    Requirement,
    Sop,
    Source,
    StepKind,
)
from alur.sop._runtime.engine import BranchOption, Engine, OpenTask
from alur.sop._runtime.errors import (
    MESSAGES,
    CaseAlreadyEnded,
    DataProblem,
    DecisionProblem,
    DefinitionError,
    DocumentsMissing,
    EngineError,
    LaneAlreadyConfirmed,
    LaneMayNotAct,
    NaiveTime,
    NoReturnBranch,
    ReasonRequired,
    Refused,
    RelatedCaseProblem,
    ScheduleProblem,
    StateFormatError,
    StepNotOpen,
)
from alur.sop._runtime.state import (
    STATE_VERSION,
    CaseEnd,
    CaseState,
    CaseStatus,
    Decision,
    Event,
    OpenStep,
    Transition,
)

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=WIB)


def minutes(n: int) -> datetime:
    return MONDAY + timedelta(minutes=n)


def trail(events: tuple[Event, ...] | list[Event]) -> list[tuple[str, int | None, int | None]]:
    return [(event.kind.value, event.step, event.visit) for event in events]


def as_json(state: CaseState) -> str:
    return json.dumps(state.to_json(), sort_keys=True)


# --- SOPs built in code --------------------------------------------------------------------------

LINEAR: list[dict[str, Any]] = [
    {
        "no": 1,
        "uraian": "Kirim surat permohonan",
        "jenis": "mulai",
        "pelaksana": "pemohon",
        "waktu": "1 hari",
    },
    {"no": 2, "uraian": "Disposisi kepada Kabid", "pelaksana": "kadis", "waktu": "3 jam"},
    {"no": 3, "uraian": "Kirim surat tanggapan", "jenis": "selesai", "pelaksana": "kadis"},
]

REVIEW: list[dict[str, Any]] = [
    {
        "no": 1,
        "uraian": "Kirim permohonan hosting",
        "jenis": "mulai",
        "pelaksana": "pemohon",
        "waktu": "1 hari",
        "kelengkapan": [
            "Rekomendasi hosting",
            {"nama": "Surat penunjukan admin", "sumber": "pemohon"},
            {"nama": "Laptop", "sumber": "sarana"},
            {"nama": "Catatan tambahan", "wajib": False},
        ],
        "output": ["Surat Permohonan", {"nama": "Nomor agenda", "berkas": False}],
        "isian": [
            {"id": "nama_aplikasi", "label": "Nama aplikasi", "wajib": True},
            {"id": "url", "label": "URL", "jenis": "url"},
        ],
    },
    {
        "no": 2,
        "uraian": "Periksa kelengkapan persyaratan",
        "jenis": "keputusan",
        "pelaksana": "kabid",
        "waktu": "1 hari",
        "ya": {"ke": 3, "label": "Lengkap"},
        "tidak": {"akhir": "dikembalikan", "alasan": "Persyaratan tidak lengkap"},
    },
    {
        "no": 3,
        "uraian": "Periksa ketersediaan kapasitas server",
        "jenis": "keputusan",
        "pelaksana": "kasi",
        "waktu": "3 jam",
        "ya": 4,
        "tidak": {"akhir": "dihentikan", "alasan": "Kapasitas tidak tersedia"},
    },
    {"no": 4, "uraian": "Pasang aplikasi", "pelaksana": "kasi", "waktu": "3 hari"},
]
REVIEW_DOCUMENTS = ["Rekomendasi hosting", "Surat penunjukan admin", "Surat Permohonan"]

LOOP: list[dict[str, Any]] = [
    {
        "no": 1,
        "uraian": "Susun rencana pengembangan",
        "jenis": "mulai",
        "pelaksana": "tim",
        "waktu": "1 hari",
        "isian": [
            {
                "id": "tanggal_selesai",
                "label": "Tanggal selesai pengembangan",
                "jenis": "tanggal",
                "wajib": True,
            }
        ],
    },
    {
        "no": 2,
        "uraian": "Setujui rencana",
        "jenis": "keputusan",
        "pelaksana": "opd",
        "ya": 3,
        "tidak": {"ke": 1, "label": "Susun ulang"},
    },
    {
        "no": 3,
        "uraian": "Kembangkan aplikasi",
        "pelaksana": "tim",
        "waktu": "Sesuai jadwal",
        "jadwal": "tanggal_selesai",
    },
    {
        "no": 4,
        "uraian": "Setujui hasil",
        "jenis": "keputusan",
        "pelaksana": "opd",
        "ya": 5,
        "tidak": 3,
    },
    {"no": 5, "uraian": "Buat berita acara", "jenis": "selesai", "pelaksana": "tim"},
]
PLAN = {"tanggal_selesai": "2026-04-30"}

RELATED: list[dict[str, Any]] = [
    {
        "no": 1,
        "uraian": "Ajukan pembuatan subdomain",
        "jenis": "mulai",
        "pelaksana": "kasi",
        "memulai": {"sop": "pembuatan-subdomain"},
    },
    {
        "no": 2,
        "uraian": "Ajukan layanan hosting",
        "pelaksana": "kasi",
        "memulai": {"sop": "layanan-hosting", "menunggu": False},
    },
    {"no": 3, "uraian": "Laporkan", "jenis": "selesai", "pelaksana": "kasi"},
]

CONNECTORS: list[dict[str, Any]] = [
    {"no": 1, "uraian": "Terima surat", "jenis": "mulai", "pelaksana": "kasi"},
    {"no": 2, "uraian": "Ke halaman 2", "jenis": "penghubung", "pelaksana": "kasi"},
    {"no": 3, "uraian": "Proses", "pelaksana": "kasi"},
    {"no": 4, "uraian": "Ke akhir", "jenis": "penghubung", "pelaksana": "kasi"},
]


def joint(policy: JointPolicy) -> list[dict[str, Any]]:
    return [
        {
            "no": 1,
            "uraian": "Identifikasi kebutuhan",
            "jenis": "mulai",
            "pelaksana": ["analis", "pemilik"],
            "konfirmasi": policy.value,
            "waktu": "3 hari",
        },
        {
            "no": 2,
            "uraian": "Tinjau prototipe bersama",
            "jenis": "keputusan",
            "pelaksana": ["kasi", "pemilik"],
            "konfirmasi": policy.value,
            "ya": 3,
            "tidak": 1,
        },
        {"no": 3, "uraian": "Implementasi", "jenis": "selesai", "pelaksana": "analis"},
    ]


@pytest.fixture
def engine_of(make_sop: Callable[..., Sop], calendar: Any) -> Callable[..., Engine]:
    def build(steps: list[dict[str, Any]], **kwargs: Any) -> Engine:
        return Engine(make_sop(steps, **kwargs), calendar)

    return build


# --- starting and moving on ----------------------------------------------------------------------


def test_start_opens_the_first_step_with_its_deadline(engine_of: Callable[..., Engine]) -> None:
    t = engine_of(LINEAR).start(at=MONDAY, data={"pemohon": "Dinas Pendidikan"})

    assert trail(t.events) == [("case.started", None, None), ("step.opened", 1, 1)]
    assert t.events[0].data == {"pemohon": "Dinas Pendidikan"}
    assert t.events[1].data == {"due": "2026-03-03T08:00:00+07:00"}
    assert t.state == CaseState(
        status=CaseStatus.BERJALAN,
        open_steps=(OpenStep(step=1, visit=1, opened=MONDAY, due=MONDAY + timedelta(days=1)),),
        visits={1: 1},
        data={"pemohon": "Dinas Pendidikan"},
        seq=2,
    )


def test_completing_a_step_opens_the_next_one(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(LINEAR)
    state = engine.start(at=MONDAY).state

    t = engine.complete(state, step=1, lane="pemohon", at=minutes(30), note="Surat No. 12")

    assert trail(t.events) == [("step.completed", 1, 1), ("step.opened", 2, 1)]
    assert t.events[0].lane == "pemohon"
    assert t.events[0].note == "Surat No. 12"
    assert t.state.open_steps == (
        OpenStep(step=2, visit=1, opened=minutes(30), due=minutes(30 + 180)),
    )
    assert t.state.visits == {1: 1, 2: 1}
    assert [event.seq for event in t.events] == [3, 4]


def test_completing_the_final_step_ends_the_case_as_finished(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(LINEAR)
    state = engine.start(at=MONDAY).state
    state = engine.complete(state, step=1, lane="pemohon", at=minutes(1)).state
    state = engine.complete(state, step=2, lane="kadis", at=minutes(2)).state

    t = engine.complete(state, step=3, lane="kadis", at=minutes(3))

    assert trail(t.events) == [("step.completed", 3, 1), ("case.ended", 3, 1)]
    assert t.events[1].data == {"outcome": "selesai"}
    assert t.state.status is CaseStatus.SELESAI
    assert t.state.open_steps == ()
    assert t.state.ended == CaseEnd(step=3, outcome=Outcome.SELESAI, reason=None, at=minutes(3))
    assert engine.open_steps(t.state) == []


def test_a_final_step_ends_the_case_with_its_own_outcome(
    engine_of: Callable[..., Engine],
) -> None:
    steps = [*LINEAR[:2], {**LINEAR[2], "akhir": "dihentikan"}]
    engine = engine_of(steps)
    state = engine.start(at=MONDAY).state
    state = engine.complete(state, step=1, lane="pemohon", at=minutes(1)).state
    state = engine.complete(state, step=2, lane="kadis", at=minutes(2)).state

    t = engine.complete(state, step=3, lane="kadis", at=minutes(3), note="Anggaran tidak ada")

    assert t.state.status is CaseStatus.DIHENTIKAN
    assert t.state.ended == CaseEnd(
        step=3, outcome=Outcome.DIHENTIKAN, reason="Anggaran tidak ada", at=minutes(3)
    )


def test_completing_the_last_process_step_finishes_the_case(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(REVIEW)
    state = engine.start(at=MONDAY).state
    state = engine.complete(
        state, step=1, lane="pemohon", at=minutes(1), data={"nama_aplikasi": "SIMPEG"}
    ).state
    state = engine.complete(state, step=2, lane="kabid", at=minutes(2), decision="ya").state
    state = engine.complete(state, step=3, lane="kasi", at=minutes(3), decision="ya").state

    t = engine.complete(state, step=4, lane="kasi", at=minutes(4))

    assert trail(t.events) == [("step.completed", 4, 1), ("case.ended", 4, 1)]
    assert t.state.ended == CaseEnd(step=4, outcome=Outcome.SELESAI, reason=None, at=minutes(4))


def test_events_are_numbered_without_gaps_across_actions(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(LINEAR)
    first = engine.start(at=MONDAY)
    second = engine.complete(first.state, step=1, lane="pemohon", at=minutes(1))
    third = engine.complete(second.state, step=2, lane="kadis", at=minutes(2))

    seqs = [event.seq for t in (first, second, third) for event in t.events]

    assert seqs == [1, 2, 3, 4, 5, 6]
    assert third.state.seq == 6


def test_the_same_actions_give_the_same_transitions(engine_of: Callable[..., Engine]) -> None:
    def run() -> list[Transition]:
        engine = engine_of(LOOP)
        first = engine.start(at=MONDAY)
        second = engine.complete(first.state, step=1, lane="tim", at=minutes(5), data=PLAN)
        return [
            first,
            second,
            engine.complete(second.state, step=2, lane="opd", at=minutes(9), decision="tidak"),
        ]

    assert run() == run()


# --- what the people acting see ------------------------------------------------------------------


def test_an_open_task_says_who_acts_and_what_is_needed(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(REVIEW)
    state = engine.start(at=MONDAY).state

    assert engine.open_steps(state) == [
        OpenTask(
            step=1,
            visit=1,
            kind=StepKind.MULAI,
            description="Kirim permohonan hosting",
            lanes=("pemohon",),
            confirmed_by=(),
            policy=None,
            requirements=(
                Requirement(nama="Rekomendasi hosting"),
                Requirement(nama="Surat penunjukan admin", sumber=Source.PEMOHON),
                Requirement(nama="Laptop", sumber=Source.SARANA),
                Requirement(nama="Catatan tambahan", wajib=False),
            ),
            outputs=(Output(nama="Surat Permohonan"), Output(nama="Nomor agenda", berkas=False)),
            fields=(
                FormField(id="nama_aplikasi", label="Nama aplikasi", wajib=True),
                FormField(id="url", label="URL", jenis=FieldKind.URL),
            ),
            options=(),
            opened=MONDAY,
            due=MONDAY + timedelta(days=1),
            waiting_for_related_case=False,
            related_sop=None,
            can_return_to_requester=False,
        )
    ]


def test_a_decision_task_lists_both_answers_and_where_they_lead(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(REVIEW)
    state = engine.start(at=MONDAY).state
    state = engine.complete(
        state, step=1, lane="pemohon", at=minutes(1), data={"nama_aplikasi": "SIMPEG"}
    ).state

    [task] = engine.open_steps(state)

    assert task.options == (
        BranchOption(
            decision=Decision.YA,
            label="Lengkap",
            goes_to=3,
            ends=None,
            reason=None,
            needs_note=False,
        ),
        BranchOption(
            decision=Decision.TIDAK,
            label=None,
            goes_to=None,
            ends=Outcome.DIKEMBALIKAN,
            reason="Persyaratan tidak lengkap",
            needs_note=True,
        ),
    )
    assert task.can_return_to_requester is True
    assert engine.options(3) == (
        BranchOption(Decision.YA, None, 4, None, None, False),
        BranchOption(
            Decision.TIDAK, None, None, Outcome.DIHENTIKAN, "Kapasitas tidak tersedia", True
        ),
    )


# --- decisions, returns and loops ----------------------------------------------------------------


def _review_at_step_2(engine: Engine) -> CaseState:
    state = engine.start(at=MONDAY).state
    return engine.complete(
        state, step=1, lane="pemohon", at=minutes(1), data={"nama_aplikasi": "SIMPEG"}
    ).state


def test_a_decision_follows_the_chosen_branch(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(REVIEW)
    state = _review_at_step_2(engine)

    t = engine.complete(state, step=2, lane="kabid", at=minutes(2), decision="ya")

    assert trail(t.events) == [("step.completed", 2, 1), ("step.opened", 3, 1)]
    assert t.events[0].decision is Decision.YA


def test_a_decision_that_returns_the_request_ends_the_case_with_the_reason(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(REVIEW)
    state = _review_at_step_2(engine)

    t = engine.complete(
        state, step=2, lane="kabid", at=minutes(2), decision=Decision.TIDAK, note="Tanpa surat"
    )

    assert trail(t.events) == [("step.completed", 2, 1), ("case.ended", 2, 1)]
    assert t.events[1].note == "Tanpa surat"
    assert t.events[1].data == {"outcome": "dikembalikan"}
    assert t.state.status is CaseStatus.DIKEMBALIKAN
    assert t.state.ended == CaseEnd(
        step=2, outcome=Outcome.DIKEMBALIKAN, reason="Tanpa surat", at=minutes(2)
    )


def test_return_to_requester_takes_the_returning_branch(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(REVIEW)
    state = _review_at_step_2(engine)

    t = engine.return_to_requester(
        state, step=2, lane="kabid", at=minutes(2), reason="Rekomendasi belum ada"
    )

    assert trail(t.events) == [("step.completed", 2, 1), ("case.ended", 2, 1)]
    assert t.events[0].decision is Decision.TIDAK
    assert t.state.ended == CaseEnd(
        step=2, outcome=Outcome.DIKEMBALIKAN, reason="Rekomendasi belum ada", at=minutes(2)
    )


def test_a_decision_that_stops_the_case_ends_it_as_stopped(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(REVIEW)
    state = _review_at_step_2(engine)
    state = engine.complete(state, step=2, lane="kabid", at=minutes(2), decision="ya").state

    t = engine.complete(
        state, step=3, lane="kasi", at=minutes(3), decision=" Tidak ", note="Server penuh"
    )

    assert t.state.ended == CaseEnd(
        step=3, outcome=Outcome.DIHENTIKAN, reason="Server penuh", at=minutes(3)
    )


REFUSING: list[dict[str, Any]] = [
    {"no": 1, "uraian": "Ajukan izin", "jenis": "mulai", "pelaksana": "pemohon"},
    {
        "no": 2,
        "uraian": "Periksa kesesuaian dengan ketentuan",
        "jenis": "keputusan",
        "pelaksana": "kabid",
        "ya": 3,
        "tidak": {"akhir": "ditolak", "alasan": "Tidak sesuai ketentuan"},
    },
    {"no": 3, "uraian": "Terbitkan izin", "jenis": "selesai", "pelaksana": "kabid"},
]


def test_a_decision_that_refuses_the_request_ends_it_as_refused_with_the_reason(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(REFUSING)
    state = engine.complete(engine.start(at=MONDAY).state, step=1, lane="pemohon", at=minutes(1))
    assert engine.options(2)[1] == BranchOption(
        Decision.TIDAK, None, None, Outcome.DITOLAK, "Tidak sesuai ketentuan", True
    )

    t = engine.complete(
        state.state, step=2, lane="kabid", at=minutes(2), decision="tidak", note="Zona hijau"
    )

    assert trail(t.events) == [("step.completed", 2, 1), ("case.ended", 2, 1)]
    assert t.events[1].data == {"outcome": "ditolak"}
    assert t.state.status is CaseStatus.DITOLAK
    assert t.state.ended == CaseEnd(
        step=2, outcome=Outcome.DITOLAK, reason="Zona hijau", at=minutes(2)
    )


def test_it_refuses_to_refuse_a_request_without_a_reason(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(REFUSING)
    state = engine.complete(
        engine.start(at=MONDAY).state, step=1, lane="pemohon", at=minutes(1)
    ).state

    error = assert_refused(
        lambda: engine.complete(state, step=2, lane="kabid", at=minutes(2), decision="tidak"),
        state,
        ReasonRequired,
        "reason_required",
        {"step": 2, "decision": Decision.TIDAK, "outcome": Outcome.DITOLAK},
    )
    assert error.message("id") == (
        "Pilihan 'tidak' pada langkah 2 mengakhiri kasus (ditolak). "
        "Tuliskan alasannya; alasan itu disampaikan kepada pemohon."
    )
    assert error.message("en") == (
        "Choosing 'tidak' at step 2 ends the case (refused). "
        "Write the reason; it is passed on to the requester."
    )


def test_a_loop_opens_a_new_visit_of_the_earlier_step(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(LOOP)
    state = engine.start(at=MONDAY).state
    state = engine.complete(state, step=1, lane="tim", at=minutes(1), data=PLAN).state

    looped = engine.complete(state, step=2, lane="opd", at=minutes(2), decision="tidak")
    again = engine.complete(looped.state, step=1, lane="tim", at=minutes(3), data=PLAN)

    assert trail(looped.events) == [("step.completed", 2, 1), ("step.opened", 1, 2)]
    assert looped.state.open_steps[0].visit == 2
    assert looped.state.visits == {1: 2, 2: 1}
    assert trail(again.events) == [("step.completed", 1, 2), ("step.opened", 2, 2)]
    assert again.state.visits == {1: 2, 2: 2}


def test_a_scheduled_step_is_due_at_the_recorded_date(
    engine_of: Callable[..., Engine], calendar: Any
) -> None:
    engine = engine_of(LOOP)
    state = engine.start(at=MONDAY).state
    state = engine.complete(state, step=1, lane="tim", at=minutes(1), data=PLAN).state

    t = engine.complete(state, step=2, lane="opd", at=minutes(2), decision="ya")

    assert t.state.open_steps[0].due == datetime(2026, 4, 30, 16, 0, tzinfo=WIB)
    assert calendar.calls[-1][2] == date(2026, 4, 30)


def test_a_scheduled_date_may_be_given_as_a_date(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(LOOP)
    state = engine.start(at=MONDAY).state
    state = engine.complete(
        state, step=1, lane="tim", at=minutes(1), data={"tanggal_selesai": date(2026, 5, 4)}
    ).state

    t = engine.complete(state, step=2, lane="opd", at=minutes(2), decision="ya")

    assert t.state.data == {"tanggal_selesai": "2026-05-04"}
    assert t.state.open_steps[0].due == datetime(2026, 5, 4, 16, 0, tzinfo=WIB)


def test_a_step_as_scheduled_with_no_date_field_has_no_deadline(
    engine_of: Callable[..., Engine], calendar: Any
) -> None:
    steps = [{**LINEAR[0], "waktu": "Sesuai jadwal"}, *LINEAR[1:]]

    t = engine_of(steps).start(at=MONDAY)

    assert t.state.open_steps[0].due is None
    assert calendar.calls == []


def test_recorded_data_is_merged_into_the_case_and_kept_in_the_event(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(REVIEW)
    state = engine.start(at=MONDAY, data={"pemohon": "Dinas Kesehatan", "url": "-"}).state

    t = engine.complete(
        state,
        step=1,
        lane="pemohon",
        at=minutes(1),
        data={
            "nama_aplikasi": "SIMPEG",
            "url": "https://simpeg.example.go.id",
            "diterima": datetime(2026, 3, 2, 9, 0, tzinfo=WIB),
            "modul": ["absensi", "cuti"],
            "kontak": {"nama": "Budi", "telepon": "0778-1"},
            "kapasitas_gb": 20.5,
        },
    )

    assert t.events[0].data == {
        "nama_aplikasi": "SIMPEG",
        "url": "https://simpeg.example.go.id",
        "diterima": "2026-03-02T09:00:00+07:00",
        "modul": ("absensi", "cuti"),
        "kontak": {"nama": "Budi", "telepon": "0778-1"},
        "kapasitas_gb": 20.5,
    }
    assert t.state.to_json()["data"] == {
        "pemohon": "Dinas Kesehatan",
        "nama_aplikasi": "SIMPEG",
        "url": "https://simpeg.example.go.id",
        "diterima": "2026-03-02T09:00:00+07:00",
        "modul": ["absensi", "cuti"],
        "kontak": {"nama": "Budi", "telepon": "0778-1"},
        "kapasitas_gb": 20.5,
    }


def test_no_one_can_change_a_state_after_the_fact(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(LINEAR)
    given_data: dict[str, Any] = {"modul": ["absensi"]}
    state = engine.start(at=MONDAY, data=given_data).state

    given_data["modul"].append("cuti")
    given_data["lain"] = 1

    assert state.data == {"modul": ("absensi",)}
    with pytest.raises(TypeError):
        state.data["lain"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        state.visits[1] = 5  # type: ignore[index]
    with pytest.raises(AttributeError):
        state.seq = 9  # type: ignore[misc]


def test_connectors_are_passed_without_anyone_acting(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(CONNECTORS)
    state = engine.start(at=MONDAY).state

    passed = engine.complete(state, step=1, lane="kasi", at=minutes(1))
    ended = engine.complete(passed.state, step=3, lane="kasi", at=minutes(2))

    assert trail(passed.events) == [
        ("step.completed", 1, 1),
        ("step.passed", 2, 1),
        ("step.opened", 3, 1),
    ]
    assert [task.step for task in engine.open_steps(passed.state)] == [3]
    assert trail(ended.events) == [
        ("step.completed", 3, 1),
        ("step.passed", 4, 1),
        ("case.ended", 4, 1),
    ]
    assert ended.state.ended == CaseEnd(step=4, outcome=Outcome.SELESAI, reason=None, at=minutes(2))


# --- joint steps ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lane", ["analis", "pemilik"])
def test_a_joint_step_for_either_lane_completes_on_the_first_confirmation(
    engine_of: Callable[..., Engine], lane: str
) -> None:
    engine = engine_of(joint(JointPolicy.SALAH_SATU))
    state = engine.start(at=MONDAY).state
    [task] = engine.open_steps(state)

    t = engine.complete(state, step=1, lane=lane, at=minutes(1))

    assert task.lanes == ("analis", "pemilik")
    assert task.policy is JointPolicy.SALAH_SATU
    assert trail(t.events) == [("step.completed", 1, 1), ("step.opened", 2, 1)]
    assert t.events[0].lane == lane


def test_a_joint_step_for_every_lane_waits_for_the_last_confirmation(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(joint(JointPolicy.SEMUA))
    state = engine.start(at=MONDAY).state

    first = engine.complete(state, step=1, lane="pemilik", at=minutes(1), note="Setuju")
    last = engine.complete(first.state, step=1, lane="analis", at=minutes(2))

    assert trail(first.events) == [("step.confirmed", 1, 1)]
    assert first.events[0].lane == "pemilik"
    assert first.state.open_steps == (
        OpenStep(
            step=1,
            visit=1,
            opened=MONDAY,
            due=MONDAY + timedelta(days=3),
            confirmed_by=("pemilik",),
        ),
    )
    [task] = engine.open_steps(first.state)
    assert task.lanes == ("analis",)
    assert task.confirmed_by == ("pemilik",)
    assert task.policy is JointPolicy.SEMUA
    assert trail(last.events) == [("step.completed", 1, 1), ("step.opened", 2, 1)]
    assert last.events[0].lane == "analis"


def test_a_joint_decision_for_every_lane_takes_ya_only_when_all_say_ya(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(joint(JointPolicy.SEMUA))
    state = engine.start(at=MONDAY).state
    state = engine.complete(state, step=1, lane="pemilik", at=minutes(1)).state
    state = engine.complete(state, step=1, lane="analis", at=minutes(2)).state

    first = engine.complete(state, step=2, lane="kasi", at=minutes(3), decision="ya")
    last = engine.complete(first.state, step=2, lane="pemilik", at=minutes(4), decision="ya")

    assert trail(first.events) == [("step.confirmed", 2, 1)]
    assert first.events[0].decision is Decision.YA
    assert trail(last.events) == [("step.completed", 2, 1), ("step.opened", 3, 1)]


def test_a_joint_decision_for_every_lane_is_settled_by_one_tidak(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(joint(JointPolicy.SEMUA))
    state = engine.start(at=MONDAY).state
    state = engine.complete(state, step=1, lane="pemilik", at=minutes(1)).state
    state = engine.complete(state, step=1, lane="analis", at=minutes(2)).state
    state = engine.complete(state, step=2, lane="kasi", at=minutes(3), decision="ya").state

    t = engine.complete(state, step=2, lane="pemilik", at=minutes(4), decision="tidak")

    assert trail(t.events) == [("step.completed", 2, 1), ("step.opened", 1, 2)]
    assert t.events[0].decision is Decision.TIDAK
    assert t.state.open_steps[0].confirmed_by == ()


# --- related SOPs --------------------------------------------------------------------------------


def test_a_step_that_starts_a_related_case_waits_until_it_ends(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(RELATED)
    started = engine.start(at=MONDAY)
    [task] = engine.open_steps(started.state)

    ended = engine.related_case_ended(
        started.state, step=1, at=minutes(60), outcome=Outcome.SELESAI
    )
    done = engine.complete(ended.state, step=1, lane="kasi", at=minutes(61))

    assert trail(started.events) == [
        ("case.started", None, None),
        ("step.opened", 1, 1),
        ("related_case.requested", 1, 1),
    ]
    assert started.events[2].data == {"sop": "pembuatan-subdomain", "menunggu": True}
    assert task.waiting_for_related_case is True
    assert task.related_sop == "pembuatan-subdomain"
    assert trail(ended.events) == [("related_case.ended", 1, 1)]
    assert ended.events[0].data == {"outcome": "selesai"}
    assert ended.state.open_steps[0].waiting is False
    assert trail(done.events) == [
        ("step.completed", 1, 1),
        ("step.opened", 2, 1),
        ("related_case.requested", 2, 1),
    ]
    assert done.events[2].data == {"sop": "layanan-hosting", "menunggu": False}
    assert done.state.open_steps[0].waiting is False


def test_a_step_that_does_not_wait_for_its_related_case_completes_at_once(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(RELATED)
    state = engine.start(at=MONDAY).state
    state = engine.related_case_ended(state, step=1, at=minutes(1), outcome=Outcome.SELESAI).state
    state = engine.complete(state, step=1, lane="kasi", at=minutes(2)).state

    t = engine.complete(state, step=2, lane="kasi", at=minutes(3))

    assert trail(t.events) == [("step.completed", 2, 1), ("step.opened", 3, 1)]


# --- refusals: each names the problem, and the state stays as it was -----------------------------


def assert_refused(
    action: Callable[[], object],
    state: CaseState,
    error: type[Refused],
    code: str,
    params: dict[str, object],
) -> Refused:
    before = as_json(state)
    with pytest.raises(error) as caught:
        action()
    assert caught.value.code == code
    assert dict(caught.value.params) == params
    assert as_json(state) == before
    assert caught.value.message("id") != caught.value.message("en")
    return caught.value


def _ended_linear(engine: Engine) -> CaseState:
    state = engine.start(at=MONDAY).state
    for step, lane in ((1, "pemohon"), (2, "kadis"), (3, "kadis")):
        state = engine.complete(state, step=step, lane=lane, at=minutes(step)).state
    return state


def test_it_refuses_to_act_on_an_ended_case(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(LINEAR)
    state = _ended_linear(engine)

    error = assert_refused(
        lambda: engine.complete(state, step=3, lane="kadis", at=minutes(9)),
        state,
        CaseAlreadyEnded,
        "case_ended",
        {"outcome": Outcome.SELESAI},
    )
    assert error.message("id") == (
        "Kasus ini sudah berakhir (selesai); tidak ada langkah yang dapat dikerjakan lagi."
    )
    assert error.message("en") == (
        "This case has already ended (finished); no step can be acted on any more."
    )


def test_it_refuses_a_step_that_is_not_open(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(LINEAR)
    state = engine.start(at=MONDAY).state

    error = assert_refused(
        lambda: engine.complete(state, step=2, lane="kadis", at=minutes(1)),
        state,
        StepNotOpen,
        "step_not_open",
        {"step": 2, "open": [1]},
    )
    assert (
        error.message("id") == "Langkah 2 tidak sedang terbuka. Kerjakan langkah yang terbuka: 1."
    )


def test_it_refuses_a_lane_that_does_not_act_on_the_step(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(LINEAR)
    state = engine.start(at=MONDAY).state

    error = assert_refused(
        lambda: engine.complete(state, step=1, lane="kadis", at=minutes(1)),
        state,
        LaneMayNotAct,
        "lane_not_allowed",
        {"lane": "kadis", "step": 1, "lanes": ["Pemohon"]},
    )
    assert error.message("id") == (
        "Pelaksana 'kadis' tidak bertindak pada langkah 1. Yang dapat bertindak sekarang: Pemohon."
    )


def test_it_refuses_a_lane_confirming_a_joint_step_twice(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(joint(JointPolicy.SEMUA))
    state = engine.start(at=MONDAY).state
    state = engine.complete(state, step=1, lane="pemilik", at=minutes(1)).state

    assert_refused(
        lambda: engine.complete(state, step=1, lane="pemilik", at=minutes(2)),
        state,
        LaneAlreadyConfirmed,
        "already_confirmed",
        {"lane": "pemilik", "step": 1, "waiting": ["Analis"]},
    )


def test_it_refuses_a_decision_step_without_a_decision(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(REVIEW)
    state = _review_at_step_2(engine)

    assert_refused(
        lambda: engine.complete(state, step=2, lane="kabid", at=minutes(2)),
        state,
        DecisionProblem,
        "decision_required",
        {"step": 2},
    )


def test_it_refuses_a_decision_on_a_step_that_is_not_one(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(LINEAR)
    state = engine.start(at=MONDAY).state

    assert_refused(
        lambda: engine.complete(state, step=1, lane="pemohon", at=minutes(1), decision="ya"),
        state,
        DecisionProblem,
        "decision_not_allowed",
        {"step": 1},
    )


def test_it_refuses_an_answer_other_than_ya_or_tidak(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(REVIEW)
    state = _review_at_step_2(engine)

    assert_refused(
        lambda: engine.complete(state, step=2, lane="kabid", at=minutes(2), decision="mungkin"),
        state,
        DecisionProblem,
        "decision_unknown",
        {"step": 2, "decision": "mungkin"},
    )


@pytest.mark.parametrize("note", [None, "", "   "])
def test_it_refuses_to_return_a_request_without_a_reason(
    engine_of: Callable[..., Engine], note: str | None
) -> None:
    engine = engine_of(REVIEW)
    state = _review_at_step_2(engine)

    error = assert_refused(
        lambda: engine.complete(
            state, step=2, lane="kabid", at=minutes(2), decision="tidak", note=note
        ),
        state,
        ReasonRequired,
        "reason_required",
        {"step": 2, "decision": Decision.TIDAK, "outcome": Outcome.DIKEMBALIKAN},
    )
    assert error.message("id") == (
        "Pilihan 'tidak' pada langkah 2 mengakhiri kasus (dikembalikan kepada pemohon). "
        "Tuliskan alasannya; alasan itu disampaikan kepada pemohon."
    )


def test_return_to_requester_also_needs_a_reason(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(REVIEW)
    state = _review_at_step_2(engine)

    assert_refused(
        lambda: engine.return_to_requester(state, step=2, lane="kabid", at=minutes(2), reason=" "),
        state,
        ReasonRequired,
        "reason_required",
        {"step": 2, "decision": Decision.TIDAK, "outcome": Outcome.DIKEMBALIKAN},
    )


def test_it_refuses_to_complete_a_step_waiting_for_its_related_case(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(RELATED)
    state = engine.start(at=MONDAY).state

    assert_refused(
        lambda: engine.complete(state, step=1, lane="kasi", at=minutes(1)),
        state,
        RelatedCaseProblem,
        "waiting_for_related_case",
        {"step": 1, "sop": "pembuatan-subdomain"},
    )


def test_it_refuses_a_related_case_end_for_a_step_not_waiting(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(RELATED)
    state = engine.start(at=MONDAY).state
    state = engine.related_case_ended(state, step=1, at=minutes(1), outcome=Outcome.SELESAI).state

    assert_refused(
        lambda: engine.related_case_ended(state, step=1, at=minutes(2), outcome=Outcome.DIHENTIKAN),
        state,
        RelatedCaseProblem,
        "not_waiting_for_related_case",
        {"step": 1},
    )


def test_it_refuses_missing_documents_and_names_them(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(REVIEW)
    state = engine.start(at=MONDAY).state

    error = assert_refused(
        lambda: engine.complete(
            state,
            step=1,
            lane="pemohon",
            at=minutes(1),
            data={"nama_aplikasi": "SIMPEG"},
            provided=["surat  permohonan", "Laptop"],
        ),
        state,
        DocumentsMissing,
        "missing_documents",
        {"step": 1, "missing": ["Rekomendasi hosting", "Surat penunjukan admin"]},
    )
    assert error.message("id") == (
        "Berkas untuk langkah 1 belum lengkap: Rekomendasi hosting, Surat penunjukan admin. "
        "Lampirkan berkas tersebut, lalu ulangi."
    )
    assert error.message("en") == (
        "Documents for step 1 are incomplete: Rekomendasi hosting, Surat penunjukan admin. "
        "Attach them and try again."
    )


def test_equipment_optional_inputs_and_non_file_outputs_are_not_asked_for(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(REVIEW)
    state = engine.start(at=MONDAY).state

    t = engine.complete(
        state,
        step=1,
        lane="pemohon",
        at=minutes(1),
        data={"nama_aplikasi": "SIMPEG"},
        provided=REVIEW_DOCUMENTS,
    )

    assert trail(t.events) == [("step.completed", 1, 1), ("step.opened", 2, 1)]


@pytest.mark.parametrize("data", [None, {"nama_aplikasi": "  "}, {"url": "https://x.go.id"}])
def test_it_refuses_missing_required_fields(
    engine_of: Callable[..., Engine], data: dict[str, Any] | None
) -> None:
    engine = engine_of(REVIEW)
    state = engine.start(at=MONDAY).state

    assert_refused(
        lambda: engine.complete(state, step=1, lane="pemohon", at=minutes(1), data=data),
        state,
        DataProblem,
        "missing_data",
        {"step": 1, "missing": ["Nama aplikasi"]},
    )


def test_a_required_field_recorded_earlier_in_the_case_counts(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(REVIEW)
    state = engine.start(at=MONDAY, data={"nama_aplikasi": "SIMPEG"}).state

    t = engine.complete(state, step=1, lane="pemohon", at=minutes(1))

    assert trail(t.events) == [("step.completed", 1, 1), ("step.opened", 2, 1)]


def test_it_refuses_a_field_name_that_is_not_text(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(LINEAR)
    state = engine.start(at=MONDAY).state

    assert_refused(
        lambda: engine.complete(
            state,
            step=1,
            lane="pemohon",
            at=minutes(1),
            data={7: "tujuh"},  # type: ignore[dict-item]
        ),
        state,
        DataProblem,
        "data_invalid",
        {"field": "7", "problem": "field names are text"},
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ({1, 2}, "unsupported set"),
        (math.nan, "not a finite number"),
        (datetime(2026, 3, 2, 9, 0), "datetime without a time zone"),  # noqa: DTZ001
    ],
)
def test_it_refuses_data_that_cannot_be_stored(
    engine_of: Callable[..., Engine], value: object, problem: str
) -> None:
    engine = engine_of(LINEAR)
    state = engine.start(at=MONDAY).state

    assert_refused(
        lambda: engine.complete(
            state,
            step=1,
            lane="pemohon",
            at=minutes(1),
            data={"nilai": value},  # type: ignore[dict-item]
        ),
        state,
        DataProblem,
        "data_invalid",
        {"field": "nilai", "problem": problem},
    )


def _scheduled_without_required_date() -> list[dict[str, Any]]:
    optional_date = {**LOOP[0]["isian"][0], "wajib": False}
    return [{**LOOP[0], "isian": [optional_date]}, *LOOP[1:]]


def test_it_refuses_to_open_a_scheduled_step_before_its_date_is_recorded(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(_scheduled_without_required_date())
    state = engine.start(at=MONDAY).state
    state = engine.complete(state, step=1, lane="tim", at=minutes(1)).state

    error = assert_refused(
        lambda: engine.complete(state, step=2, lane="opd", at=minutes(2), decision="ya"),
        state,
        ScheduleProblem,
        "schedule_date_missing",
        {"step": 3, "field": "Tanggal selesai pengembangan"},
    )
    assert error.message("en") == (
        "Step 3 is due as scheduled, but the date 'Tanggal selesai pengembangan' has not been "
        "recorded. Fill it in with this action."
    )


def test_the_schedule_date_may_come_with_the_action_that_opens_the_step(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(_scheduled_without_required_date())
    state = engine.start(at=MONDAY).state
    state = engine.complete(state, step=1, lane="tim", at=minutes(1)).state

    t = engine.complete(state, step=2, lane="opd", at=minutes(2), decision="ya", data=PLAN)

    assert t.state.open_steps[0].due == datetime(2026, 4, 30, 16, 0, tzinfo=WIB)


def test_it_refuses_a_schedule_date_that_is_not_a_date(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(LOOP)
    state = engine.start(at=MONDAY).state
    state = engine.complete(
        state, step=1, lane="tim", at=minutes(1), data={"tanggal_selesai": "akhir bulan"}
    ).state

    assert_refused(
        lambda: engine.complete(state, step=2, lane="opd", at=minutes(2), decision="ya"),
        state,
        ScheduleProblem,
        "schedule_date_invalid",
        {"step": 3, "field": "Tanggal selesai pengembangan", "value": "akhir bulan"},
    )


def test_it_refuses_to_return_a_request_from_a_step_that_is_not_a_decision(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(REVIEW)
    state = engine.start(at=MONDAY).state

    assert_refused(
        lambda: engine.return_to_requester(
            state, step=1, lane="pemohon", at=minutes(1), reason="Tidak lengkap"
        ),
        state,
        NoReturnBranch,
        "no_return_branch",
        {"step": 1},
    )


def test_it_refuses_to_return_a_request_from_a_decision_that_only_stops_the_case(
    engine_of: Callable[..., Engine],
) -> None:
    engine = engine_of(REVIEW)
    state = _review_at_step_2(engine)
    state = engine.complete(state, step=2, lane="kabid", at=minutes(2), decision="ya").state

    assert_refused(
        lambda: engine.return_to_requester(
            state, step=3, lane="kasi", at=minutes(3), reason="Tidak lengkap"
        ),
        state,
        NoReturnBranch,
        "no_return_branch",
        {"step": 3},
    )


def test_it_refuses_a_time_without_a_zone(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(LINEAR)
    state = engine.start(at=MONDAY).state
    naive = datetime(2026, 3, 2, 9, 0)  # noqa: DTZ001

    with pytest.raises(NaiveTime) as caught:
        engine.start(at=naive)
    assert_refused(
        lambda: engine.complete(state, step=1, lane="pemohon", at=naive),
        state,
        NaiveTime,
        "naive_datetime",
        {"at": "2026-03-02T09:00:00"},
    )
    assert caught.value.code == "naive_datetime"


# --- the definition must be runnable -------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "code", "params"),
    [
        ({"lanjut": 9}, "definition_unknown_step", {"step": 1, "target": 9}),
        ({"waktu": "sebentar"}, "definition_bad_duration", {"step": 1, "waktu": "sebentar"}),
        (
            {"jenis": "keputusan", "ya": 2},
            "definition_branch_missing",
            {"step": 1, "decision": "tidak"},
        ),
        (
            {"jenis": "keputusan", "ya": 2, "tidak": {"ke": 7}},
            "definition_unknown_step",
            {"step": 1, "target": 7},
        ),
        ({"jenis": "penghubung", "lanjut": 1}, "definition_connector_loop", {"step": 1}),
    ],
)
def test_an_sop_that_cannot_run_is_refused_when_the_engine_is_made(
    make_sop: Callable[..., Sop],
    calendar: Any,
    change: dict[str, Any],
    code: str,
    params: dict[str, object],
) -> None:
    sop = make_sop([{**LINEAR[0], **change}, *LINEAR[1:]])

    with pytest.raises(DefinitionError) as caught:
        Engine(sop, calendar)

    assert caught.value.code == code
    assert dict(caught.value.params) == params


def test_every_message_reads_in_both_languages() -> None:
    # str.format ignores parameters a template does not use, so one set serves every message
    every_parameter = dict.fromkeys(
        [
            "at",
            "decision",
            "field",
            "known",
            "lane",
            "lanes",
            "missing",
            "open",
            "outcome",
            "problem",
            "sop",
            "step",
            "steps",
            "target",
            "value",
            "version",
            "waiting",
            "waktu",
        ],
        "X",
    )
    for code in MESSAGES.codes():
        error = EngineError(code, **every_parameter)

        assert "{" not in error.message("id") + error.message("en")
        assert error.message("id") != error.message("en")


def test_an_event_reads_as_plain_json(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(REVIEW)
    state = _review_at_step_2(engine)

    t = engine.return_to_requester(state, step=2, lane="kabid", at=minutes(2), reason="Kurang")

    assert [event.to_json() for event in t.events] == [
        {
            "seq": 5,
            "kind": "step.completed",
            "at": "2026-03-02T08:02:00+07:00",
            "step": 2,
            "visit": 1,
            "lane": "kabid",
            "decision": "tidak",
            "note": "Kurang",
            "data": {},
        },
        {
            "seq": 6,
            "kind": "case.ended",
            "at": "2026-03-02T08:02:00+07:00",
            "step": 2,
            "visit": 1,
            "lane": None,
            "decision": None,
            "note": "Kurang",
            "data": {"outcome": "dikembalikan"},
        },
    ]


# --- the state as JSON ---------------------------------------------------------------------------


def _a_full_run(engine_of: Callable[..., Engine]) -> list[Transition]:
    """A run through loops, a joint step, a related case and a data-driven schedule."""
    loop = engine_of(LOOP)
    t = loop.start(at=MONDAY, data={"pemohon": "Dinas Pendidikan"})
    runs = [t]
    for step, lane, decision in [
        (1, "tim", None),
        (2, "opd", "tidak"),
        (1, "tim", None),
        (2, "opd", "ya"),
        (3, "tim", None),
        (4, "opd", "tidak"),
        (3, "tim", None),
        (4, "opd", "ya"),
        (5, "tim", None),
    ]:
        t = loop.complete(
            t.state, step=step, lane=lane, at=minutes(len(runs)), decision=decision, data=PLAN
        )
        runs.append(t)
    together = engine_of(joint(JointPolicy.SEMUA))
    t = together.start(at=MONDAY)
    runs.append(t)
    t = together.complete(t.state, step=1, lane="analis", at=minutes(1))
    runs.append(t)
    related = engine_of(RELATED)
    t = related.start(at=MONDAY)
    runs.append(t)
    t = related.related_case_ended(t.state, step=1, at=minutes(1), outcome=Outcome.DIHENTIKAN)
    runs.append(t)
    return runs


def test_the_state_survives_a_json_round_trip_at_every_step(
    engine_of: Callable[..., Engine],
) -> None:
    for t in _a_full_run(engine_of):
        written = json.loads(json.dumps(t.state.to_json()))
        read = CaseState.from_json(written)

        assert read == t.state
        assert read.to_json() == written
        assert written["version"] == STATE_VERSION == 2


def test_the_state_as_text_is_its_json_form_and_reads_back_at_every_step(
    engine_of: Callable[..., Engine],
) -> None:
    for t in _a_full_run(engine_of):
        text = t.state.dumps()

        assert json.loads(text) == t.state.to_json()
        assert CaseState.loads(text) == t.state
        assert CaseState.loads(text.decode("utf-8")) == t.state
        assert CaseState.loads(json.dumps(t.state.to_json())) == t.state


def test_a_version_1_state_reads_from_text_as_from_its_json() -> None:
    text = json.dumps(VERSION_1_LOOP_AT_STEP_2)

    assert CaseState.loads(text) == CaseState.from_json(VERSION_1_LOOP_AT_STEP_2)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"version": 3, "status": "berjalan"}', "state_version_unknown"),
        ('{"status": "berjalan"}', "state_version_unknown"),
        ("[1, 2]", "state_version_unknown"),
        ('{"version": 2, "status": "berjalan"}', "state_malformed"),
        ('{"version": 2, "status": "ber', "state_malformed"),
        ("", "state_malformed"),
    ],
)
def test_damaged_state_text_is_refused_with_a_reason(text: str, code: str) -> None:
    with pytest.raises(StateFormatError) as caught:
        CaseState.loads(text)

    assert caught.value.code == code


def test_events_survive_a_json_round_trip(engine_of: Callable[..., Engine]) -> None:
    events = [event for t in _a_full_run(engine_of) for event in t.events]

    for event in events:
        assert Event.from_json(json.loads(json.dumps(event.to_json()))) == event


def test_the_json_of_a_state_shows_its_parts(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(joint(JointPolicy.SEMUA))
    state = engine.start(at=MONDAY).state
    state = engine.complete(state, step=1, lane="analis", at=minutes(1)).state

    assert state.to_json() == {
        "version": 2,
        "status": "berjalan",
        "seq": 3,
        "open": [
            {
                "step": 1,
                "visit": 1,
                "opened": "2026-03-02T08:00:00+07:00",
                "due": "2026-03-05T08:00:00+07:00",
                "confirmed_by": ["analis"],
                "waiting": False,
            }
        ],
        "visits": {"1": 1},
        "data": {},
        "ended": None,
    }


VERSION_1_LOOP_AT_STEP_2 = {
    "version": 1,
    "status": "berjalan",
    "seq": 9,
    "open": [
        {
            "step": 2,
            "visit": 2,
            "opened": "2026-03-04T10:00:00+07:00",
            "due": None,
            "waiting": False,
        }
    ],
    "visits": [[1, 2], [2, 2]],
    "data": {"tanggal_selesai": "2026-04-30"},
    "closed": None,
}


def test_a_version_1_state_loads_and_runs_on(engine_of: Callable[..., Engine]) -> None:
    engine = engine_of(LOOP)

    state = CaseState.from_json(VERSION_1_LOOP_AT_STEP_2)
    t = engine.complete(state, step=2, lane="opd", at=minutes(10), decision="tidak")

    assert state == CaseState(
        status=CaseStatus.BERJALAN,
        open_steps=(
            OpenStep(step=2, visit=2, opened=datetime(2026, 3, 4, 10, 0, tzinfo=WIB), due=None),
        ),
        visits={1: 2, 2: 2},
        data={"tanggal_selesai": "2026-04-30"},
        seq=9,
    )
    assert trail(t.events) == [("step.completed", 2, 2), ("step.opened", 1, 3)]
    assert [event.seq for event in t.events] == [10, 11]
    assert t.state.to_json()["version"] == 2


def test_an_ended_version_1_state_loads_with_its_end() -> None:
    stored = {
        **VERSION_1_LOOP_AT_STEP_2,
        "status": "dikembalikan",
        "open": [],
        "closed": {
            "step": 2,
            "outcome": "dikembalikan",
            "reason": "Tidak lengkap",
            "at": "2026-03-04T10:00:00+07:00",
        },
    }

    state = CaseState.from_json(stored)

    assert state.ended == CaseEnd(
        step=2,
        outcome=Outcome.DIKEMBALIKAN,
        reason="Tidak lengkap",
        at=datetime(2026, 3, 4, 10, 0, tzinfo=WIB),
    )


def test_a_state_of_an_unknown_version_is_refused() -> None:
    with pytest.raises(StateFormatError) as caught:
        CaseState.from_json({**VERSION_1_LOOP_AT_STEP_2, "version": 3})

    assert caught.value.code == "state_version_unknown"
    assert dict(caught.value.params) == {"version": 3, "known": [1, 2]}


@pytest.mark.parametrize(
    "damage",
    [
        {"seq": "9"},
        {"visits": "1:2"},
        {"open": [{"step": 2}]},
        {"open": [{**VERSION_1_LOOP_AT_STEP_2["open"][0], "opened": "2026-03-04T10:00:00"}]},  # type: ignore[index]
        {"status": "ditunda"},
        {"open": [{**VERSION_1_LOOP_AT_STEP_2["open"][0], "opened": 20260304}]},  # type: ignore[index]
        {
            "closed": {
                "step": 2,
                "outcome": "dihentikan",
                "reason": 5,
                "at": "2026-03-04T10:00+07:00",
            }
        },
    ],
)
def test_a_damaged_state_is_refused_with_a_reason(damage: dict[str, Any]) -> None:
    with pytest.raises(StateFormatError) as caught:
        CaseState.from_json({**VERSION_1_LOOP_AT_STEP_2, **damage})

    assert caught.value.code == "state_malformed"


# --- size and cost do not grow with the history --------------------------------------------------


def _loop_sizes(engine: Engine, iterations: int) -> list[int]:
    """State JSON size after each re-plan loop (step 2 answered tidak)."""
    state = engine.start(at=MONDAY).state
    sizes = []
    for i in range(iterations):
        state = engine.complete(state, step=1, lane="tim", at=minutes(2 * i), data=PLAN).state
        state = engine.complete(
            state, step=2, lane="opd", at=minutes(2 * i + 1), decision="tidak"
        ).state
        sizes.append(len(as_json(state)))
    return sizes


def test_the_state_stays_the_same_size_however_often_a_loop_runs(
    engine_of: Callable[..., Engine],
) -> None:
    sizes = _loop_sizes(engine_of(LOOP), 50)

    # Only digits grow: the two visit counters and the open visit (2-3 -> 50-51), and the
    # sequence number (10 -> 202).
    assert sizes[49] - sizes[1] == 4


def _loops_run(engine: Engine, plans: int, builds: int) -> CaseState:
    """A whole case with ``plans`` re-plan loops at step 2 and ``builds`` rebuilds at step 4."""
    at = iter(minutes(n) for n in range(1_000))
    state = engine.start(at=next(at)).state
    state = engine.complete(state, step=1, lane="tim", at=next(at), data=PLAN).state
    for _ in range(plans):
        state = engine.complete(state, step=2, lane="opd", at=next(at), decision="tidak").state
        state = engine.complete(state, step=1, lane="tim", at=next(at)).state
    state = engine.complete(state, step=2, lane="opd", at=next(at), decision="ya").state
    state = engine.complete(state, step=3, lane="tim", at=next(at)).state
    for _ in range(builds):
        state = engine.complete(state, step=4, lane="opd", at=next(at), decision="tidak").state
        state = engine.complete(state, step=3, lane="tim", at=next(at)).state
    state = engine.complete(state, step=4, lane="opd", at=next(at), decision="ya").state
    return engine.complete(state, step=5, lane="tim", at=next(at)).state


@settings(
    max_examples=40,
    deadline=None,
    # the fixtures hold no state that one example could leave for the next
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(plans=st.integers(1, 150), builds=st.integers(1, 150))
def test_no_number_of_loops_makes_the_state_grow(
    engine_of: Callable[..., Engine], plans: int, builds: int
) -> None:
    engine = engine_of(LOOP)
    reference = len(as_json(_loops_run(engine, 1, 1)))

    state = _loops_run(engine, plans, builds)

    # Only digits grow: four visit counters from 1 digit to at most 3, the sequence number
    # from 2 digits to at most 4.
    assert len(as_json(state)) - reference <= 4 * 2 + 2
    assert state.visits == {1: plans + 1, 2: plans + 1, 3: builds + 1, 4: builds + 1, 5: 1}
    assert state.status is CaseStatus.SELESAI
