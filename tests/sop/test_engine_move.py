"""A running case moved to another version of its SOP: its open visits close, the steps they map
to open, the history and the due times stay, and what cannot move is refused with the reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from alur.sop._definition.model import Sop
from alur.sop._runtime.engine import Engine
from alur.sop._runtime.errors import CannotMove, CaseAlreadyEnded
from alur.sop._runtime.state import CaseStatus, Event, OpenStep

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=WIB)
LATER = MONDAY + timedelta(hours=2)

OLD: list[dict[str, Any]] = [
    {"no": 1, "uraian": "Kirim surat", "jenis": "mulai", "pelaksana": "pemohon", "waktu": "1 hari"},
    {"no": 2, "uraian": "Disposisi", "pelaksana": "kadis", "waktu": "3 jam"},
    {"no": 3, "uraian": "Kirim tanggapan", "jenis": "selesai", "pelaksana": "kadis"},
]
NEW: list[dict[str, Any]] = [
    {"no": 1, "uraian": "Kirim surat", "jenis": "mulai", "pelaksana": "pemohon", "waktu": "1 hari"},
    {"no": 2, "uraian": "Ke halaman 2", "jenis": "penghubung", "pelaksana": "kadis"},
    {"no": 3, "uraian": "Verifikasi", "pelaksana": "kadis", "waktu": "1 jam"},
    {"no": 4, "uraian": "Disposisi", "pelaksana": "kadis", "waktu": "2 jam"},
    {"no": 5, "uraian": "Kirim tanggapan", "jenis": "selesai", "pelaksana": "kadis"},
]
WAITS: list[dict[str, Any]] = [
    {
        "no": 1,
        "uraian": "Ajukan subdomain",
        "jenis": "mulai",
        "pelaksana": "kasi",
        "memulai": {"sop": "pembuatan-subdomain"},
    },
    {"no": 2, "uraian": "Laporkan", "jenis": "selesai", "pelaksana": "kasi"},
]


def trail(events: tuple[Event, ...]) -> list[tuple[str, int | None, int | None]]:
    return [(event.kind.value, event.step, event.visit) for event in events]


@pytest.fixture
def engine_of(make_sop: Callable[..., Sop], calendar: Any) -> Callable[..., Engine]:
    def build(steps: list[dict[str, Any]]) -> Engine:
        return Engine(make_sop(steps), calendar)

    return build


def at_step_two(old: Engine) -> Any:
    state = old.start(at=MONDAY).state
    return old.complete(state, step=1, lane="pemohon", at=MONDAY + timedelta(minutes=30)).state


def test_the_open_visit_closes_and_its_mapped_step_opens_keeping_its_due(
    engine_of: Callable[..., Engine],
) -> None:
    old, new = engine_of(OLD), engine_of(NEW)
    state = at_step_two(old)
    due = state.open_steps[0].due
    assert due is not None

    moved = new.move_in(state, steps={2: 4}, at=LATER, details={"dari": 1, "ke": 2})

    assert trail(moved.events) == [("case.moved", None, None), ("step.opened", 4, 1)]
    assert moved.events[0].data == {"dari": 1, "ke": 2, "steps": {"2": 4}}
    assert moved.events[1].data == {"due": due.isoformat(), "moved_from": 2}
    assert [event.seq for event in moved.events] == [state.seq + 1, state.seq + 2]
    assert moved.state.open_steps == (OpenStep(step=4, visit=1, opened=LATER, due=due),)
    assert moved.state.visits == {1: 1, 2: 1, 4: 1}
    assert moved.state.status is CaseStatus.BERJALAN
    # The case goes on by the new version's flow.
    done = new.complete(moved.state, step=4, lane="kadis", at=LATER + timedelta(minutes=5))
    assert trail(done.events) == [("step.completed", 4, 1), ("step.opened", 5, 1)]


def test_a_moved_step_that_was_visited_before_opens_its_next_visit(
    engine_of: Callable[..., Engine],
) -> None:
    old, new = engine_of(OLD), engine_of(OLD)
    state = at_step_two(old)

    moved = new.move_in(state, steps={2: 1}, at=LATER)

    assert trail(moved.events)[1] == ("step.opened", 1, 2)
    assert moved.state.visits[1] == 2


@pytest.mark.parametrize(
    ("steps", "code", "params"),
    [
        ({}, "move_unmapped", {"step": 2}),
        ({2: 9}, "move_no_step", {"step": 2, "target": 9, "steps": [1, 2, 3, 4, 5]}),
        ({2: 2}, "move_connector", {"step": 2, "target": 2}),
    ],
)
def test_what_cannot_move_is_refused_with_the_reason(
    engine_of: Callable[..., Engine],
    steps: dict[int, int],
    code: str,
    params: dict[str, object],
) -> None:
    old, new = engine_of(OLD), engine_of(NEW)
    state = at_step_two(old)

    with pytest.raises(CannotMove) as refused:
        new.move_in(state, steps=steps, at=LATER)

    assert refused.value.code == code
    assert dict(refused.value.params) == params
    assert refused.value.message("id") != refused.value.message("en")


def test_two_open_steps_cannot_go_to_the_same_step(
    engine_of: Callable[..., Engine],
) -> None:
    old, new = engine_of(OLD), engine_of(NEW)
    state = at_step_two(old)
    both = state._replace(
        open_steps=(*state.open_steps, OpenStep(step=3, visit=1, opened=MONDAY, due=None))
    )

    with pytest.raises(CannotMove) as refused:
        new.move_in(both, steps={2: 4, 3: 4}, at=LATER)

    assert refused.value.code == "move_same_target"
    assert "Langkah terbuka 2, 3 dipetakan ke langkah yang sama (4)" in refused.value.message("id")


def test_a_step_waiting_for_its_related_case_cannot_move(
    engine_of: Callable[..., Engine],
) -> None:
    waits = engine_of(WAITS)
    state = waits.start(at=MONDAY).state
    assert state.open_steps[0].waiting

    with pytest.raises(CannotMove) as refused:
        waits.move_in(state, steps={1: 1}, at=LATER)

    assert refused.value.code == "move_waiting"


def test_an_ended_case_cannot_move(engine_of: Callable[..., Engine]) -> None:
    old = engine_of(OLD)
    state = at_step_two(old)
    state = old.complete(state, step=2, lane="kadis", at=LATER).state
    state = old.complete(state, step=3, lane="kadis", at=LATER).state
    assert state.ended is not None

    with pytest.raises(CaseAlreadyEnded):
        engine_of(NEW).move_in(state, steps={}, at=LATER)
