"""Every branch of every seed SOP runs end to end on the engine, with the real office calendar.

Each walk acts the way the people on the steps would: every lane that must confirm confirms,
every required field is filled in, every document the step needs is handed over, a related
SOP's case ends before the step that waits for it is done, and each decision is the one the
branch under test takes. The walk records the steps visited and how the case ends.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from alur.sop import load
from alur.sop._calendar import OfficeCalendar
from alur.sop._engine import Engine, OpenTask
from alur.sop._model import FieldKind, FormField, JointPolicy, Outcome, Sop, Source
from alur.sop._state import CaseState, CaseStatus, Decision, Event, EventKind

SOPS = Path(__file__).resolve().parents[2] / "sops"
BATAM = ZoneInfo("Asia/Jakarta")
SUMBAWA = ZoneInfo("Asia/Makassar")
PLANNED_FINISH = date(2026, 6, 30)


@cache
def seed(kode: str) -> Sop:
    by_kode = {sop.kode: sop for sop in map(load, sorted(SOPS.glob("*.yaml")))}
    assert kode in by_kode, f"no seed SOP with kode {kode!r} in {SOPS}: {sorted(by_kode)}"
    return by_kode[kode]


def sample_value(field: FormField) -> Any:
    match field.jenis:
        case FieldKind.TANGGAL:
            return PLANNED_FINISH
        case FieldKind.URL:
            return "https://aplikasi.example.go.id"
        case FieldKind.EMAIL:
            return "admin@example.go.id"
        case FieldKind.PILIHAN:
            return field.pilihan[0]
        case FieldKind.DAFTAR:
            return ["/api/v1/data"]
        case _:
            return f"Contoh {field.label}"


def documents_for(task: OpenTask) -> list[str]:
    """What the acting officer hands over: every needed input document and file output."""
    inputs = [r.nama for r in task.requirements if r.sumber is not Source.SARANA]
    return inputs + [o.nama for o in task.outputs if o.berkas]


@dataclass
class Walk:
    visited: list[int]
    outcome: Outcome
    state: CaseState
    events: list[Event]

    def count(self, kind: EventKind, step: int) -> int:
        return sum(1 for e in self.events if e.kind is kind and e.step == step)


def walk(
    sop: Sop,
    answers: Mapping[int, Sequence[str]],
    zone: ZoneInfo = BATAM,
    returned_at: int | None = None,
) -> Walk:
    """Run a case of ``sop`` to its end, answering decision ``n`` with ``answers[n]`` in turn.

    ``returned_at``: use ``return_to_requester`` on that step instead of answering it.
    Every state on the way must survive a JSON round trip.
    """
    engine = Engine(sop, OfficeCalendar(zone=str(zone)))
    pending = {step: list(queue) for step, queue in answers.items()}
    clock: Iterator[datetime] = (
        datetime(2026, 3, 2, 8, 0, tzinfo=zone) + timedelta(hours=n) for n in range(10_000)
    )
    t = engine.start(at=next(clock))
    events = list(t.events)
    while t.state.status is CaseStatus.BERJALAN:
        assert CaseState.from_json(json.loads(json.dumps(t.state.to_json()))) == t.state
        [task] = engine.open_steps(t.state)
        if task.waiting_for_related_case:
            t = engine.related_case_ended(
                t.state, step=task.step, at=next(clock), outcome=Outcome.SELESAI
            )
        elif task.step == returned_at:
            t = engine.return_to_requester(
                t.state,
                step=task.step,
                lane=task.lanes[0],
                at=next(clock),
                reason="Surat penunjukan administrator belum dilampirkan",
            )
        else:
            decision = pending[task.step].pop(0) if task.options else None
            chosen = next((o for o in task.options if o.decision == decision), None)
            t = engine.complete(
                t.state,
                step=task.step,
                lane=task.lanes[0],
                at=next(clock),
                decision=decision,
                note="Alasan dicatat" if chosen is not None and chosen.needs_note else None,
                data={f.id: sample_value(f) for f in task.fields},
                provided=documents_for(task),
            )
        events += t.events
    assert t.state.ended is not None
    assert all(not queue for queue in pending.values()), f"answers left over: {pending}"
    visited = [
        e.step
        for e in events
        if e.kind in (EventKind.STEP_OPENED, EventKind.STEP_PASSED) and e.step is not None
    ]
    return Walk(visited, t.state.ended.outcome, t.state, events)


def with_policy(sop: Sop, policy: JointPolicy) -> Sop:
    """The same SOP with every joint step set to ``policy``."""
    steps = [
        step.model_copy(update={"konfirmasi": policy}) if len(step.lanes) > 1 else step
        for step in sop.langkah
    ]
    return sop.model_copy(update={"langkah": steps})


# --- SOP 1: Pengembangan Aplikasi oleh OPD -------------------------------------------------------


def test_sop_1_deployed_on_kominfo_servers_runs_the_installation_test() -> None:
    run = walk(seed("pengembangan-aplikasi-opd"), {6: ["ya"]})

    assert run.visited == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert run.outcome is Outcome.SELESAI
    assert run.count(EventKind.RELATED_CASE_REQUESTED, 7) == 1
    assert run.count(EventKind.RELATED_CASE_ENDED, 7) == 1


def test_sop_1_deployed_elsewhere_goes_straight_to_the_security_review() -> None:
    run = walk(seed("pengembangan-aplikasi-opd"), {6: ["tidak"]})

    assert run.visited == [1, 2, 3, 4, 5, 6, 8, 9]
    assert run.outcome is Outcome.SELESAI
    assert run.count(EventKind.RELATED_CASE_REQUESTED, 7) == 0


def test_sop_1_development_is_due_on_the_planned_date() -> None:
    run = walk(seed("pengembangan-aplikasi-opd"), {6: ["tidak"]})

    [opened] = [e for e in run.events if e.kind is EventKind.STEP_OPENED and e.step == 4]
    assert opened.data == {"due": "2026-06-30T16:00:00+07:00"}
    assert run.state.data["jadwal_selesai_pengembangan"] == "2026-06-30"


# --- SOP 2: Penyediaan Layanan Hosting Aplikasi --------------------------------------------------


def test_sop_2_with_server_capacity_installs_at_once() -> None:
    run = walk(seed("layanan-hosting-aplikasi"), {3: ["ya"], 4: ["ya"]})

    assert run.visited == [1, 2, 3, 4, 7, 8, 9, 10]
    assert run.outcome is Outcome.SELESAI


def test_sop_2_without_server_capacity_provides_a_server_first() -> None:
    run = walk(seed("layanan-hosting-aplikasi"), {3: ["ya"], 4: ["tidak"]})

    assert run.visited == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert run.outcome is Outcome.SELESAI


def test_sop_2_with_incomplete_requirements_returns_the_request_at_step_3() -> None:
    run = walk(seed("layanan-hosting-aplikasi"), {3: ["tidak"]})

    assert run.visited == [1, 2, 3]
    assert run.outcome is Outcome.DIKEMBALIKAN
    assert run.state.ended is not None
    assert run.state.ended.step == 3
    assert run.state.ended.reason == "Alasan dicatat"


def test_sop_2_step_3_can_return_the_request_to_the_requester() -> None:
    run = walk(seed("layanan-hosting-aplikasi"), {}, returned_at=3)

    assert run.visited == [1, 2, 3]
    assert run.outcome is Outcome.DIKEMBALIKAN
    assert run.state.ended is not None
    assert run.state.ended.reason == "Surat penunjukan administrator belum dilampirkan"
    [completed] = [e for e in run.events if e.kind is EventKind.STEP_COMPLETED and e.step == 3]
    assert completed.decision is Decision.TIDAK


# --- SOP 3: Pengajuan Integrasi Aplikasi dengan Bedelau ----------------------------------------


def test_sop_3_runs_from_request_to_integration() -> None:
    run = walk(seed("integrasi-bedelau"), {})

    assert run.visited == [1, 2, 3]
    assert run.outcome is Outcome.SELESAI


# --- SOP 4: Pengembangan Aplikasi E-Government ---------------------------------------------------

SOP_4_STEPS = list(range(1, 15))
SOP_4_JOINT_STEPS = [1, 3, 10, 12]


def test_sop_4_runs_with_the_policies_written_in_its_file() -> None:
    run = walk(seed("pengembangan-aplikasi-egov"), {})

    assert run.visited == SOP_4_STEPS
    assert run.outcome is Outcome.SELESAI
    # step 1 is salah_satu in the file; steps 3, 10 and 12 are semua
    assert [run.count(EventKind.STEP_CONFIRMED, n) for n in SOP_4_JOINT_STEPS] == [0, 1, 1, 1]


@pytest.mark.parametrize(
    ("policy", "confirmations"),
    [(JointPolicy.SALAH_SATU, [0, 0, 0, 0]), (JointPolicy.SEMUA, [1, 1, 1, 1])],
)
def test_sop_4_runs_with_either_policy_on_every_joint_step(
    policy: JointPolicy, confirmations: list[int]
) -> None:
    run = walk(with_policy(seed("pengembangan-aplikasi-egov"), policy), {})

    assert run.visited == SOP_4_STEPS
    assert run.outcome is Outcome.SELESAI
    assert [run.count(EventKind.STEP_CONFIRMED, n) for n in SOP_4_JOINT_STEPS] == confirmations
    assert [run.count(EventKind.STEP_COMPLETED, n) for n in SOP_4_JOINT_STEPS] == [1, 1, 1, 1]


# --- SOP 5: Layanan Permohonan Pembuatan Aplikasi -------------------------------------------------


def test_sop_5_without_infrastructure_staff_or_budget_stops_at_step_7() -> None:
    run = walk(seed("permohonan-pembuatan-aplikasi"), {6: ["tidak"]}, zone=SUMBAWA)

    assert run.visited == [1, 2, 3, 4, 5, 6, 7]
    assert run.outcome is Outcome.DIHENTIKAN
    assert run.state.ended is not None
    assert run.state.ended.step == 7


def test_sop_5_re_plans_twice_and_re_develops_once_before_the_berita_acara() -> None:
    run = walk(
        seed("permohonan-pembuatan-aplikasi"),
        {6: ["ya"], 11: ["tidak", "tidak", "ya"], 14: ["tidak", "ya"]},
        zone=SUMBAWA,
    )

    assert run.visited == [
        *[1, 2, 3, 4, 5, 6, 8],
        *[9, 10, 11],
        *[9, 10, 11],
        *[9, 10, 11],
        *[12, 13, 14],
        *[12, 13, 14],
        *[15, 16, 17],
    ]
    assert run.outcome is Outcome.SELESAI
    assert {step: run.state.visits[step] for step in (9, 10, 11, 12, 13, 14, 15)} == {
        9: 3,
        10: 3,
        11: 3,
        12: 2,
        13: 2,
        14: 2,
        15: 1,
    }


def test_sop_5_development_is_due_within_35_working_days_in_wita() -> None:
    run = walk(
        seed("permohonan-pembuatan-aplikasi"), {6: ["ya"], 11: ["ya"], 14: ["ya"]}, zone=SUMBAWA
    )

    [opened] = [e for e in run.events if e.kind is EventKind.STEP_OPENED and e.step == 12]
    # Opened after closing on Monday 2 March 2026, so counted from 08:00 on the 3rd; 35 working
    # days skip Nyepi, the cuti bersama of Nyepi and Idul Fitri, Good Friday and the weekends.
    assert opened.at == datetime(2026, 3, 2, 18, 0, tzinfo=SUMBAWA)
    assert opened.data == {"due": "2026-04-29T08:00:00+08:00"}
