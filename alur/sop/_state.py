"""A case's state and the events that change it: immutable values with a JSON form.

    CaseState                           everything needed to decide what happens next
    ├── status        berjalan | selesai | dikembalikan | dihentikan
    ├── open_steps    (OpenStep: step, visit, opened, due, confirmed_by, waiting), ...
    ├── visits        step -> how many times it has been opened (loop counts)
    ├── data          the case's recorded fields (JSON values, frozen)
    ├── seq           sequence number of the last event
    └── ended         CaseEnd(step, outcome, reason, at) once the case is over

The state holds no history: its size depends on the SOP, never on how long the case ran.
The events an action returns *are* the history; the host appends them to its own store.

JSON form (``CaseState.to_json``), version 2::

    {"version": 2, "status": "berjalan", "seq": 7,
     "open": [{"step": 3, "visit": 2, "opened": "2026-03-02T08:00:00+07:00",
               "due": "2026-03-03T08:00:00+07:00", "confirmed_by": ["kasi"], "waiting": false}],
     "visits": {"1": 1, "2": 1, "3": 2}, "data": {...}, "ended": null}

Version 1 (before joint steps) had no ``confirmed_by``, kept ``visits`` as ``[[step, count],
...]`` pairs and called the end ``closed``; ``CaseState.from_json`` upgrades it on reading.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple, TypeAlias

from alur.sop._engine_errors import DataProblem, StateFormatError
from alur.sop._model import Outcome

JsonValue: TypeAlias = "str | int | float | bool | list[JsonValue] | dict[str, JsonValue] | None"
FrozenValue: TypeAlias = (
    "str | int | float | bool | tuple[FrozenValue, ...] | Mapping[str, FrozenValue] | None"
)
InputValue: TypeAlias = (
    "str | int | float | bool | date | Sequence[InputValue] | Mapping[str, InputValue] | None"
)
"""What a caller may record: JSON values, plus dates and aware datetimes (stored as ISO text)."""

FrozenData: TypeAlias = Mapping[str, FrozenValue]

STATE_VERSION = 2
"""The version ``CaseState.to_json`` writes; older versions are upgraded on reading."""

_EMPTY: FrozenData = MappingProxyType({})


class CaseStatus(StrEnum):
    BERJALAN = "berjalan"
    """Running: some step is open."""
    SELESAI = "selesai"
    DIKEMBALIKAN = "dikembalikan"
    DIHENTIKAN = "dihentikan"


STATUS_OF_OUTCOME: Mapping[Outcome, CaseStatus] = MappingProxyType(
    {outcome: CaseStatus(outcome.value) for outcome in Outcome}
)


class Decision(StrEnum):
    YA = "ya"
    TIDAK = "tidak"


class EventKind(StrEnum):
    CASE_STARTED = "case.started"
    STEP_OPENED = "step.opened"
    STEP_PASSED = "step.passed"
    """A connector (penghubung) the flow went through; nobody acted."""
    STEP_CONFIRMED = "step.confirmed"
    """One lane confirmed a joint step that still waits for others."""
    STEP_COMPLETED = "step.completed"
    """The step is done; a decision step carries its decision."""
    RELATED_CASE_REQUESTED = "related_case.requested"
    """The host should open a case of the SOP named in ``data["sop"]``."""
    RELATED_CASE_ENDED = "related_case.ended"
    CASE_ENDED = "case.ended"


_STATUS: Mapping[str, CaseStatus] = MappingProxyType({s.value: s for s in CaseStatus})


# --- data: frozen on the way in, thawed on the way out ------------------------------------


def freeze_value(value: InputValue, name: str) -> FrozenValue:
    """An immutable copy of a caller's value, so no one can change a state after the fact."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise DataProblem("data_invalid", field=name, problem="not a finite number")
        return value
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise DataProblem("data_invalid", field=name, problem="datetime without a time zone")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return freeze_data(value)
    if isinstance(value, Sequence):
        return tuple(freeze_value(item, name) for item in value)
    raise DataProblem("data_invalid", field=name, problem=f"unsupported {type(value).__name__}")


def freeze_data(data: Mapping[str, InputValue]) -> FrozenData:
    if not data:
        return _EMPTY
    frozen: dict[str, FrozenValue] = {}
    for name, value in data.items():
        if not isinstance(name, str):
            raise DataProblem("data_invalid", field=str(name), problem="field names are text")
        frozen[name] = freeze_value(value, name)
    return MappingProxyType(frozen)


def thaw_value(value: FrozenValue) -> JsonValue:
    if isinstance(value, tuple):
        return [thaw_value(item) for item in value]
    if isinstance(value, Mapping):
        return thaw_data(value)
    return value


def thaw_data(data: FrozenData) -> dict[str, JsonValue]:
    if not data:
        return {}
    return {name: thaw_value(value) for name, value in data.items()}


# --- the state -----------------------------------------------------------------------------


# The state's parts are named tuples rather than frozen dataclasses: just as immutable, and
# several times cheaper to build, which matters because every action builds them anew
# (bench/bench_engine.py).
class OpenStep(NamedTuple):
    """One visit of a step that is waiting for someone to act."""

    step: int
    visit: int
    opened: datetime
    due: datetime | None
    confirmed_by: tuple[str, ...] = ()
    """Lanes that have confirmed a joint step that needs every lane."""
    waiting: bool = False
    """Waiting for the case of a related SOP to end."""


class CaseEnd(NamedTuple):
    step: int | None
    outcome: Outcome
    reason: str | None
    at: datetime


class CaseState(NamedTuple):
    status: CaseStatus
    open_steps: tuple[OpenStep, ...]
    visits: Mapping[int, int]
    data: FrozenData
    seq: int
    ended: CaseEnd | None = None

    def open_step(self, step: int) -> OpenStep | None:
        for opened in self.open_steps:
            if opened.step == step:
                return opened
        return None

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "version": STATE_VERSION,
            "status": self.status.value,
            "seq": self.seq,
            "open": [
                {
                    "step": o.step,
                    "visit": o.visit,
                    "opened": o.opened.isoformat(),
                    "due": None if o.due is None else o.due.isoformat(),
                    "confirmed_by": list(o.confirmed_by),
                    "waiting": o.waiting,
                }
                for o in self.open_steps
            ],
            "visits": {str(step): count for step, count in self.visits.items()},
            "data": thaw_data(self.data),
            "ended": None
            if self.ended is None
            else {
                "step": self.ended.step,
                "outcome": self.ended.outcome.value,
                "reason": self.ended.reason,
                "at": self.ended.at.isoformat(),
            },
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> CaseState:
        """Read a state written by ``to_json`` of this or an older version."""
        version = raw.get("version") if isinstance(raw, dict | Mapping) else None
        if not isinstance(version, int) or version not in _READERS:
            raise StateFormatError("state_version_unknown", version=version, known=sorted(_READERS))
        try:
            return _READERS[version](raw)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StateFormatError("state_malformed", problem=repr(exc)) from exc


def _time(raw: object) -> datetime:
    if not isinstance(raw, str):
        raise TypeError(f"expected an ISO-8601 time, got {raw!r}")
    moment = datetime.fromisoformat(raw)
    if moment.utcoffset() is None:
        raise ValueError(f"time without an offset: {raw!r}")
    return moment


def _int(raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise TypeError(f"expected a whole number, got {raw!r}")
    return raw


def _optional_text(raw: object) -> str | None:
    if raw is not None and not isinstance(raw, str):
        raise TypeError(f"expected text, got {raw!r}")
    return raw


def _read_v2(raw: Mapping[str, Any]) -> CaseState:
    ended = raw["ended"]
    return CaseState(
        status=_STATUS[raw["status"]],
        seq=_int(raw["seq"]),
        open_steps=tuple(
            OpenStep(
                step=_int(o["step"]),
                visit=_int(o["visit"]),
                opened=_time(o["opened"]),
                due=None if o["due"] is None else _time(o["due"]),
                confirmed_by=tuple(str(lane) for lane in o["confirmed_by"]),
                waiting=bool(o["waiting"]),
            )
            for o in raw["open"]
        ),
        visits=MappingProxyType(_visits(raw["visits"])),
        data=freeze_data(raw["data"]) if raw["data"] else _EMPTY,
        ended=None
        if ended is None
        else CaseEnd(
            step=None if ended["step"] is None else _int(ended["step"]),
            outcome=Outcome(ended["outcome"]),
            reason=_optional_text(ended["reason"]),
            at=_time(ended["at"]),
        ),
    )


def _visits(raw: Mapping[str, object]) -> dict[int, int]:
    visits = {int(step): count for step, count in raw.items()}
    # one pass over the values instead of a checking call per entry: this runs on every load
    if any(type(count) is not int for count in visits.values()):
        raise TypeError(f"visit counts must be whole numbers: {raw!r}")
    return visits  # type: ignore[return-value]


def _upgrade_v1(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Version 1 predates joint steps: no confirmations, visits as pairs, end called closed."""
    return {
        "version": 2,
        "status": raw["status"],
        "seq": raw["seq"],
        "open": [{**o, "confirmed_by": []} for o in raw["open"]],
        "visits": {str(step): count for step, count in raw["visits"]},
        "data": raw["data"],
        "ended": raw["closed"],
    }


_READERS: Mapping[int, Callable[[Mapping[str, Any]], CaseState]] = MappingProxyType(
    {1: lambda raw: _read_v2(_upgrade_v1(raw)), 2: _read_v2}
)


# --- events and transitions ------------------------------------------------------------------


class Event(NamedTuple):
    """One thing that happened to a case, in order (``seq``). Append-only history."""

    seq: int
    kind: EventKind
    at: datetime
    step: int | None = None
    visit: int | None = None
    lane: str | None = None
    decision: Decision | None = None
    note: str | None = None
    data: FrozenData = _EMPTY
    """Fields recorded by the action, or the event's details (``due``, ``sop``, ``outcome``)."""

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "seq": self.seq,
            "kind": self.kind.value,
            "at": self.at.isoformat(),
            "step": self.step,
            "visit": self.visit,
            "lane": self.lane,
            "decision": None if self.decision is None else self.decision.value,
            "note": self.note,
            "data": thaw_data(self.data),
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Event:
        return cls(
            seq=raw["seq"],
            kind=EventKind(raw["kind"]),
            at=_time(raw["at"]),
            step=raw["step"],
            visit=raw["visit"],
            lane=raw["lane"],
            decision=None if raw["decision"] is None else Decision(raw["decision"]),
            note=raw["note"],
            data=freeze_data(raw["data"]),
        )


class Transition(NamedTuple):
    """What an action produced: the new state and the events to append, in order."""

    state: CaseState
    events: tuple[Event, ...]
