"""A case's state and the events that change it: immutable values with a JSON form.

    CaseState                           everything needed to decide what happens next
    ├── status        berjalan | selesai | dikembalikan | dihentikan | ditolak
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
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, NamedTuple, TypeAlias

import msgspec

from alur.sop._definition.model import Outcome
from alur.sop._runtime.errors import DataProblem, StateFormatError

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
    DITOLAK = "ditolak"


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
    CASE_MOVED = "case.moved"
    """The case continues on another version of its SOP; its open visits are closed and the
    steps they map to are opened (``data``: the versions and the ``steps`` mapping)."""


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
        try:
            return _from_wire(msgspec.convert(raw, _Wire, str_keys=True))
        except msgspec.ValidationError as exc:
            version = raw.get("version") if isinstance(raw, Mapping) else None
            raise _refusal(version, exc) from exc

    def dumps(self) -> bytes:
        """The JSON form as UTF-8 text: what ``json.dumps(state.to_json())`` writes, faster."""
        return _ENCODER.encode(_to_wire(self))

    @classmethod
    def loads(cls, text: bytes | str) -> CaseState:
        """Read JSON text written by ``dumps`` (or ``to_json``) of this or an older version."""
        try:
            return _from_wire(_DECODER.decode(text))
        except msgspec.ValidationError as exc:
            try:
                raw = msgspec.json.decode(text)
            except msgspec.DecodeError:
                raw = None
            version = raw.get("version") if isinstance(raw, dict) else None
            raise _refusal(version, exc) from exc
        except msgspec.DecodeError as exc:
            raise StateFormatError("state_malformed", problem=str(exc)) from exc


# --- reading and writing the JSON form -------------------------------------------------------
#
# The JSON form is read and written by msgspec against typed structs of each version (the wire
# form below), so type checks, time parsing and the text itself are handled in C in one pass:
# loading and saving a state is most of what a persisted step costs (bench/bench_engine.py).
# The structs mirror the JSON layout exactly; the state's own parts stay named tuples.

_AwareTime = Annotated[datetime, msgspec.Meta(tz=True)]


class _WireOpen(msgspec.Struct, frozen=True):
    step: int
    visit: int
    opened: _AwareTime
    due: _AwareTime | None
    confirmed_by: tuple[str, ...] = ()
    """Absent in version 1, which predates joint steps."""
    waiting: bool = False


class _WireEnd(msgspec.Struct, frozen=True):
    step: int | None
    outcome: Outcome
    reason: str | None
    at: _AwareTime


class _WireV2(msgspec.Struct, frozen=True, tag_field="version", tag=2):
    status: CaseStatus
    seq: int
    open: tuple[_WireOpen, ...]
    visits: dict[int, int]
    data: dict[str, Any]
    ended: _WireEnd | None


class _WireV1(msgspec.Struct, frozen=True, tag_field="version", tag=1):
    status: CaseStatus
    seq: int
    open: tuple[_WireOpen, ...]
    visits: tuple[tuple[int, int], ...]
    data: dict[str, Any]
    closed: _WireEnd | None


_Wire: TypeAlias = _WireV2 | _WireV1
_KNOWN_VERSIONS = (1, 2)
_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(_Wire)


def _to_wire(state: CaseState) -> _WireV2:
    ended = state.ended
    return _WireV2(
        status=state.status,
        seq=state.seq,
        open=tuple(_WireOpen(*opened) for opened in state.open_steps),
        visits=dict(state.visits),
        data=thaw_data(state.data),
        ended=None if ended is None else _WireEnd(*ended),
    )


def _from_wire(wire: _Wire) -> CaseState:
    if isinstance(wire, _WireV2):
        visits, ended = wire.visits, wire.ended
    else:
        visits, ended = dict(wire.visits), wire.closed
    return CaseState(
        status=wire.status,
        open_steps=tuple(
            OpenStep(o.step, o.visit, o.opened, o.due, o.confirmed_by, o.waiting) for o in wire.open
        ),
        visits=MappingProxyType(visits),
        data=freeze_data(wire.data) if wire.data else _EMPTY,
        seq=wire.seq,
        ended=None if ended is None else CaseEnd(ended.step, ended.outcome, ended.reason, ended.at),
    )


def _refusal(version: object, problem: msgspec.MsgspecError) -> StateFormatError:
    """Why a stored state could not be read: a version this Alur does not know, or damage."""
    if isinstance(version, bool) or version not in _KNOWN_VERSIONS:
        return StateFormatError(
            "state_version_unknown", version=version, known=list(_KNOWN_VERSIONS)
        )
    return StateFormatError("state_malformed", problem=str(problem))


def _time(raw: object) -> datetime:
    if not isinstance(raw, str):
        raise TypeError(f"expected an ISO-8601 time, got {raw!r}")
    moment = datetime.fromisoformat(raw)
    if moment.utcoffset() is None:
        raise ValueError(f"time without an offset: {raw!r}")
    return moment


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
