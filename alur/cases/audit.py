"""The case record as a hash chain: each event's hash covers the previous hash and the event.

Changing, removing or reordering any event breaks every hash after it; ``verify`` names the
first broken link. The chain is per case so cases are written concurrently without contention.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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


def chain_hash(prev_hash: str, event: Event) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(event)).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    case_id: int
    case_number: str
    seq: int
    reason: str


def verify_case(case: Case) -> BrokenLink | None:
    """The first broken link of one case's chain, or None when it holds."""
    expected_prev = GENESIS
    expected_seq = 1
    for event in case.events.order_by("seq").iterator():
        if event.seq != expected_seq:
            return BrokenLink(case.pk, case.number, expected_seq, "missing")
        if event.prev_hash != expected_prev:
            return BrokenLink(case.pk, case.number, event.seq, "prev_hash")
        if chain_hash(event.prev_hash, event) != event.hash:
            return BrokenLink(case.pk, case.number, event.seq, "hash")
        expected_prev = event.hash
        expected_seq += 1
    if case.last_event_hash != expected_prev:
        return BrokenLink(case.pk, case.number, expected_seq, "last")
    return None


def verify_all() -> Iterator[BrokenLink]:
    for case in Case.objects.order_by("pk").iterator():
        broken = verify_case(case)
        if broken is not None:
            yield broken
