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
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings

from alur.cases.models import Case, Event

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
    message = prev_hash.encode("ascii") + b"\n" + canonical(event)
    if not event.key_id:
        return hashlib.sha256(message).hexdigest()
    key = settings.RECORD_KEYS.get(event.key_id)
    if key is None:
        raise UnknownKey(event.key_id)
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
    expected_prev = GENESIS
    expected_seq = 1
    keyed = False
    events = case.events.order_by("seq")
    if pin is not None and since_pin:
        events = events.filter(seq__gte=pin.seq)
        expected_seq = pin.seq
    for event in events.iterator():
        if event.seq != expected_seq:
            return BrokenLink(case.pk, case.number, expected_seq, "missing")
        if pin is not None and event.seq == pin.seq and event.hash != pin.hash:
            return BrokenLink(case.pk, case.number, event.seq, "checkpoint")
        if pin is not None and since_pin and event.seq == pin.seq:
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
    heads by case id), a pinned case no longer there is named too."""
    pins = pins or {}
    seen: set[int] = set()
    for case in Case.objects.order_by("pk").iterator():
        seen.add(case.pk)
        broken = verify_case(case, pin=pins.get(case.pk), since_pin=since_pin)
        if broken is not None:
            yield broken
    for case_id, pin in sorted(pins.items()):
        if case_id not in seen:
            yield BrokenLink(case_id, pin.case_number, pin.seq, "gone")


def unkeyed_count() -> int:
    """How many events were written before the chain was keyed."""
    return Event.objects.filter(key_id="").count()
