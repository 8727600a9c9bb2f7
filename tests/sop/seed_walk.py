"""Walking a seed SOP on the engine, and the table of every branch of every seed.

Each walk acts the way the people on the steps would: every lane that must confirm confirms,
every required field is filled in, every document the step needs is handed over, a related
SOP's case ends before the step that waits for it is done, and each decision is the one the
branch under test takes. The walk records the steps visited and how the case ends.

``SEED_BRANCHES`` is the one table of those branches (answers, steps visited, how the case
ends): the engine tests and the BPMN tests (the same branches run in SpiffWorkflow) read it.
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

from alur.sop import load
from alur.sop._definition.model import FieldKind, FormField, JointPolicy, Outcome, Sop, Source
from alur.sop._runtime.calendar import OfficeCalendar
from alur.sop._runtime.engine import Engine, OpenTask
from alur.sop._runtime.state import CaseState, CaseStatus, Event, EventKind

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


@dataclass(frozen=True)
class Branch:
    """One branch of a seed: the answers given at its decisions and where they lead."""

    kode: str
    answers: Mapping[int, Sequence[str]]
    visited: list[int]
    outcome: Outcome
    zone: ZoneInfo = BATAM


SEED_BRANCHES: dict[str, Branch] = {
    "sop1-hosted-at-kominfo": Branch(
        "pengembangan-aplikasi-opd", {6: ["ya"]}, [1, 2, 3, 4, 5, 6, 7, 8, 9], Outcome.SELESAI
    ),
    "sop1-hosted-elsewhere": Branch(
        "pengembangan-aplikasi-opd", {6: ["tidak"]}, [1, 2, 3, 4, 5, 6, 8, 9], Outcome.SELESAI
    ),
    "sop2-with-capacity": Branch(
        "layanan-hosting-aplikasi",
        {3: ["ya"], 4: ["ya"]},
        [1, 2, 3, 4, 7, 8, 9, 10],
        Outcome.SELESAI,
    ),
    "sop2-without-capacity": Branch(
        "layanan-hosting-aplikasi",
        {3: ["ya"], 4: ["tidak"]},
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        Outcome.SELESAI,
    ),
    "sop2-requirements-incomplete": Branch(
        "layanan-hosting-aplikasi", {3: ["tidak"]}, [1, 2, 3], Outcome.DIKEMBALIKAN
    ),
    "sop3": Branch("integrasi-bedelau", {}, [1, 2, 3], Outcome.SELESAI),
    "sop4": Branch("pengembangan-aplikasi-egov", {}, list(range(1, 15)), Outcome.SELESAI),
    "sop5-not-available": Branch(
        "permohonan-pembuatan-aplikasi",
        {6: ["tidak"]},
        [1, 2, 3, 4, 5, 6, 7],
        Outcome.DIHENTIKAN,
        SUMBAWA,
    ),
    "sop5-re-plan-twice-re-develop-once": Branch(
        "permohonan-pembuatan-aplikasi",
        {6: ["ya"], 11: ["tidak", "tidak", "ya"], 14: ["tidak", "ya"]},
        [
            *[1, 2, 3, 4, 5, 6, 8],
            *[9, 10, 11],
            *[9, 10, 11],
            *[9, 10, 11],
            *[12, 13, 14],
            *[12, 13, 14],
            *[15, 16, 17],
        ],
        Outcome.SELESAI,
        SUMBAWA,
    ),
}


def walk_branch(name: str) -> Walk:
    branch = SEED_BRANCHES[name]
    return walk(seed(branch.kode), branch.answers, zone=branch.zone)
