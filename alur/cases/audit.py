"""The case record as a keyed hash chain: each event's hash is an HMAC-SHA256, under a key held
outside the database, over the previous hash and the event.

Changing, removing or reordering any event breaks every hash after it; ``verify`` names the
first broken link. Without the key nobody can write a chain that verifies, even with the
database in hand. Each event names the key it was hashed with (``Event.key_id``), so keys
rotate and old events verify with their old key. Events written before the chain was keyed
(``key_id`` empty) verify as plain SHA-256 and are counted as unkeyed; one may never follow a
keyed event. The chain is per case so cases are written concurrently without contention.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any, Protocol

from django.conf import settings
from django.core.files.storage import default_storage

from alur.cases.models import Case, Document, Event, Task

GENESIS = "0" * 64


def canonical(event: Event) -> bytes:
    body: dict[str, Any] = {
        "case": event.case_id,
        "seq": event.seq,
        "kind": event.kind,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "step": event.step,
        "visit": event.visit,
        "lane": event.lane,
        "decision": event.decision,
        "note": event.note,
        "data": event.data,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


class UnknownKey(Exception):
    """An event names a key id the settings do not hold."""


def current_key_id() -> str:
    """The id of the key new events are hashed with (``ALUR_RECORD_KEY_ID``)."""
    key_id: str = settings.RECORD_KEY_ID
    return key_id


def key_fingerprint(key_id: str) -> str | None:
    """A short name of the key ``key_id`` that does not reveal it (HMAC of a fixed text under
    the key, 16 hex digits); None when the settings do not hold the id. Two installations
    verify each other's events only when their fingerprints for every id agree."""
    key = settings.RECORD_KEYS.get(key_id)
    if key is None:
        return None
    return hmac.new(key, b"alur record key fingerprint", hashlib.sha256).hexdigest()[:16]


def chain_hash(prev_hash: str, event: Event) -> str:
    """HMAC-SHA256 with the key ``event.key_id`` names; plain SHA-256 for an unkeyed event."""
    return keyed_hash(prev_hash, canonical(event), event.key_id)


def keyed_hash(prev_hash: str, body: bytes, key_id: str) -> str:
    """The link of a chain: HMAC-SHA256 under the record key ``key_id`` over the previous hash
    and ``body``; plain SHA-256 when ``key_id`` is empty. Every chain of Alur's records (a
    case's, a monitoring form's) is hashed so."""
    message = prev_hash.encode("ascii") + b"\n" + body
    if not key_id:
        return hashlib.sha256(message).hexdigest()
    key = settings.RECORD_KEYS.get(key_id)
    if key is None:
        raise UnknownKey(key_id)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    case_id: int
    case_number: str
    seq: int
    reason: str


class Pinned(Protocol):
    """A chain's head as a signed checkpoint holds it (``alur.cases.checkpoints.Pin``)."""

    @property
    def case_number(self) -> str: ...
    @property
    def seq(self) -> int: ...
    @property
    def hash(self) -> str: ...


def verify_case(
    case: Case, *, pin: Pinned | None = None, since_pin: bool = False
) -> BrokenLink | None:
    """The first broken link of one case's chain, or None when it holds.

    ``pin``: the head a signed checkpoint holds for the case; the chain must reach it with the
    same hash. ``since_pin``: start at the pinned event, trusting the events before it (faster,
    but a change to an earlier event's content that left its hash alone goes unseen there)."""
    events = case.events.order_by("seq")
    if pin is not None and since_pin:
        events = events.filter(seq__gte=pin.seq)
    return _verify_events(case, events.iterator(), pin=pin, since_pin=since_pin)


def _verify_events(
    case: Case, events: Iterable[Event], *, pin: Pinned | None, since_pin: bool
) -> BrokenLink | None:
    """``verify_case`` over ``events``, the case's events in their order."""
    expected_prev = GENESIS
    expected_seq = 1
    keyed = False
    since = pin is not None and since_pin
    if pin is not None and since:
        expected_seq = pin.seq
    for event in events:
        if pin is not None and since and event.seq < pin.seq:
            continue  # trusted: before the checkpoint
        if event.seq != expected_seq:
            return BrokenLink(case.pk, case.number, expected_seq, "missing")
        if pin is not None and event.seq == pin.seq and event.hash != pin.hash:
            return BrokenLink(case.pk, case.number, event.seq, "checkpoint")
        if pin is not None and since and event.seq == pin.seq:
            expected_prev, keyed = event.hash, bool(event.key_id)
            expected_seq += 1
            continue
        if event.prev_hash != expected_prev:
            return BrokenLink(case.pk, case.number, event.seq, "prev_hash")
        if keyed and not event.key_id:
            return BrokenLink(case.pk, case.number, event.seq, "unkeyed")
        keyed = bool(event.key_id)
        try:
            intact = hmac.compare_digest(chain_hash(event.prev_hash, event), event.hash)
        except UnknownKey:
            return BrokenLink(case.pk, case.number, event.seq, "key")
        if not intact:
            return BrokenLink(case.pk, case.number, event.seq, "hash")
        expected_prev = event.hash
        expected_seq += 1
    if pin is not None and expected_seq <= pin.seq:
        return BrokenLink(case.pk, case.number, pin.seq, "checkpoint")
    if case.last_event_hash != expected_prev:
        return BrokenLink(case.pk, case.number, expected_seq, "last")
    return None


def verify_all(
    *, pins: Mapping[int, Pinned] | None = None, since_pin: bool = False
) -> Iterator[BrokenLink]:
    """The first broken link of each case whose chain is broken; with ``pins`` (a checkpoint's
    heads by case id), a pinned case no longer there is named too.

    Every event is read in one ordered pass (not a query per case), each case's run of it
    checked as ``verify_case`` does: bench/bench_audit.py measures it against one query and
    plain SHA-256 over the same bytes."""
    pins = pins or {}
    cases = list(Case.objects.order_by("pk").only("pk", "number", "last_event_hash"))
    stream = Event.objects.order_by("case_id", "seq").iterator(chunk_size=2000)
    runs = itertools.groupby(stream, key=attrgetter("case_id"))
    run = next(runs, None)
    for case in cases:
        while run is not None and run[0] < case.pk:
            run = next(runs, None)  # events of no case: Event.case protects, so none
        events: Iterable[Event] = ()
        if run is not None and run[0] == case.pk:
            events, run = run[1], None
        broken = _verify_events(case, events, pin=pins.get(case.pk), since_pin=since_pin)
        if run is None:
            run = next(runs, None)  # the rest of this case's run, if it broke early, is skipped
        if broken is not None:
            yield broken
    seen = {case.pk for case in cases}
    for case_id, pin in sorted(pins.items()):
        if case_id not in seen:
            yield BrokenLink(case_id, pin.case_number, pin.seq, "gone")


def unkeyed_count() -> int:
    """How many events were written before the chain was keyed."""
    return Event.objects.filter(key_id="").count()


@dataclass(frozen=True)
class Mismatch:
    """A row derived from the record that the record does not bear out: ``what`` names the
    row (``langkah 3 kunjungan 1``, ``dokumen Surat v2``), ``reason`` one of ``REASONS``."""

    case_id: int
    case_number: str
    what: str
    reason: str


EVENT_FIELDS = ("kind", "at", "actor_id", "step", "visit", "decision", "data")
TASK_FIELDS = ("step", "visit", "status", "opened_at", "done_at", "done_by_id", "decision")


def verify_rows(case: Case) -> list[Mismatch]:
    """The case's visit rows and status read again from its events: every opened visit has its
    row, opened at the event's moment; a visit is done exactly when the record completed it, at
    that moment, by that person, with that decision; the case has ended exactly as the record
    ended it. Someone who changes ``cases_task.done_by`` or a case's status in the database is
    named here, whatever the chain says."""
    return _rows_against(
        (case.pk, case.number, case.status),
        case.events.order_by("seq").values_list(*EVENT_FIELDS),
        case.tasks.values_list(*TASK_FIELDS),
    )


def verify_rows_all() -> Iterator[Mismatch]:
    """``verify_rows`` for every case, in one ordered pass over the events and one over the
    visits (not two queries per case)."""
    cases = Case.objects.order_by("pk").values_list("pk", "number", "status")
    events = Event.objects.order_by("case_id", "seq").values_list("case_id", *EVENT_FIELDS)
    tasks = Task.objects.order_by("case_id").values_list("case_id", *TASK_FIELDS)
    event_runs = _runs(events.iterator(chunk_size=2000))
    task_runs = _runs(tasks.iterator(chunk_size=2000))
    for case in cases.iterator(chunk_size=2000):
        yield from _rows_against(case, event_runs(case[0]), task_runs(case[0]))


def _runs(rows: Iterator[tuple[Any, ...]]) -> Callable[[int], list[tuple[Any, ...]]]:
    """From rows ordered by their first column (a case id): a function giving each case's rows
    without it, to be asked for the cases in the same order."""
    runs = itertools.groupby(rows, key=itemgetter(0))
    pending = next(runs, None)

    def of(case_id: int) -> list[tuple[Any, ...]]:
        nonlocal pending
        while pending is not None and pending[0] < case_id:
            pending = next(runs, None)
        if pending is None or pending[0] != case_id:
            return []
        found = [row[1:] for row in pending[1]]
        pending = next(runs, None)
        return found

    return of


def _rows_against(
    case: tuple[int, str, str],
    events: Iterable[tuple[Any, ...]],
    tasks: Iterable[tuple[Any, ...]],
) -> list[Mismatch]:
    case_id, number, status_now = case
    opened: dict[tuple[int, int], dt.datetime] = {}
    completed: dict[tuple[int, int], tuple[dt.datetime, int | None, str]] = {}
    ended = ""
    for kind, at, actor, step, visit, decision, data in events:
        if step is not None and visit is not None and kind == "step.opened":
            opened[(step, visit)] = at
        elif step is not None and visit is not None and kind == "step.completed":
            completed[(step, visit)] = (at, actor, decision or "")
        elif kind == "case.ended":
            ended = str((data or {}).get("outcome", ""))
        elif kind == "case.lapsed":
            ended = Case.Status.LAPSED
        elif kind == "case.withdrawn":
            ended = Case.Status.WITHDRAWN
    rows = {
        (step, visit): (status, opened_at, done_at, done_by, decision or "")
        for step, visit, status, opened_at, done_at, done_by, decision in tasks
    }
    found: list[Mismatch] = []

    def mismatch(key: tuple[int, int], reason: str) -> None:
        found.append(Mismatch(case_id, number, f"langkah {key[0]} kunjungan {key[1]}", reason))

    for key in sorted(opened.keys() | rows.keys()):
        row = rows.get(key)
        if row is None:
            mismatch(key, "task_missing")
            continue
        if key not in opened:
            mismatch(key, "task_extra")
            continue
        status, opened_at, done_at, done_by, decision = row
        done = completed.get(key)
        as_done = (status, done_at, done_by, decision)
        if opened_at != opened[key]:
            mismatch(key, "task_opened")
        elif as_done != (Task.Status.DONE, *done) if done else status == Task.Status.DONE:
            mismatch(key, "task_done")
    if status_now != (ended or Case.Status.RUNNING):
        found.append(Mismatch(case_id, number, "status", "status"))
    return found


def verify_documents() -> Iterator[Mismatch]:
    """Every stored document read back: its bytes have the SHA-256 its row holds, and the
    record has an event that took in that name, version and SHA-256. An overwritten file, a
    missing one, or a row pointed at other bytes is named."""
    recorded = {
        (case_id, data.get("name"), data.get("version"), data.get("sha256"))
        for case_id, data in Event.objects.filter(data__has_key="sha256").values_list(
            "case_id", "data"
        )
    }
    documents = Document.objects.select_related("case").order_by("case_id", "name", "version")
    for document in documents.iterator():
        what = f"dokumen {document.name} v{document.version}"
        key = (document.case_id, document.name, document.version, document.sha256)
        if key not in recorded:
            yield Mismatch(document.case_id, document.case.number, what, "document_record")
            continue
        digest = hashlib.sha256()
        try:
            with default_storage.open(document.file.name, "rb") as stored:
                while chunk := stored.read(1024 * 1024):
                    digest.update(chunk)
        except (FileNotFoundError, OSError):
            yield Mismatch(document.case_id, document.case.number, what, "document_missing")
            continue
        if digest.hexdigest() != document.sha256:
            yield Mismatch(document.case_id, document.case.number, what, "document_bytes")
