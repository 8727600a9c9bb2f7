"""A monitoring form's record as a hash chain of its own, keyed as a case's record
(``alur.cases.audit.keyed_hash``, the same record keys): each event carries its place in the
form's record (``seq``), the previous event's hash and its own; the form keeps the head
(``MonitoringRecord.last_event_hash``). ``alur audit verify`` walks every form's chain with
``verify_forms`` and names the first broken link, as for cases."""

from __future__ import annotations

import datetime as dt
import hmac
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Max

from alur.cases.audit import GENESIS, UnknownKey, current_key_id, keyed_hash
from alur.monitoring.models import MonitoringEvent, MonitoringRecord
from alur.offices.models import User


class Hashed(Protocol):
    """What the hash covers (a ``MonitoringEvent``, or its historical model in a migration)."""

    record_id: int
    seq: int
    kind: str
    at: dt.datetime
    actor_id: int
    data: Mapping[str, Any]


def canonical(event: Hashed) -> bytes:
    body = {
        "record": event.record_id,
        "seq": event.seq,
        "kind": event.kind,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "data": event.data,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def event_append(
    record: MonitoringRecord, kind: str, actor: User, at: dt.datetime, data: Mapping[str, object]
) -> MonitoringEvent:
    """Add one event at the end of the form's chain. Call in the transaction that holds the
    form's row locked (or that created it)."""
    last = record.events.aggregate(last=Max("seq"))["last"] or 0
    event = MonitoringEvent(
        record=record,
        seq=last + 1,
        kind=kind,
        actor=actor,
        at=at,
        data=dict(data),
        key_id=current_key_id(),
        prev_hash=record.last_event_hash or GENESIS,
    )
    event.hash = keyed_hash(event.prev_hash, canonical(event), event.key_id)
    event.save()
    record.last_event_hash = event.hash
    MonitoringRecord.objects.filter(pk=record.pk).update(last_event_hash=event.hash)
    return event


@dataclass(frozen=True)
class FormBreak:
    """The first broken link of one form's chain: ``reason`` as for cases (``missing``,
    ``prev_hash``, ``hash``, ``key``, ``last``)."""

    record_id: int
    label: str
    seq: int
    reason: str


def verify_form(record: MonitoringRecord) -> FormBreak | None:
    expected_prev, expected_seq = GENESIS, 1
    label = f"{record.sop.code} {record.year}/{record.half} v{record.version}"
    for event in record.events.order_by("seq").iterator():
        if event.seq != expected_seq:
            return FormBreak(record.pk, label, expected_seq, "missing")
        if event.prev_hash != expected_prev:
            return FormBreak(record.pk, label, event.seq, "prev_hash")
        try:
            computed = keyed_hash(event.prev_hash, canonical(event), event.key_id)
        except UnknownKey:
            return FormBreak(record.pk, label, event.seq, "key")
        if not hmac.compare_digest(computed, event.hash):
            return FormBreak(record.pk, label, event.seq, "hash")
        expected_prev, expected_seq = event.hash, expected_seq + 1
    # every form begins with an event, so an empty chain is a removed one
    if expected_seq == 1 or record.last_event_hash != expected_prev:
        return FormBreak(record.pk, label, expected_seq, "last")
    return None


def verify_forms() -> Iterator[FormBreak]:
    """The first broken link of each monitoring form whose chain is broken."""
    for record in MonitoringRecord.objects.select_related("sop").order_by("pk").iterator():
        broken = verify_form(record)
        if broken is not None:
            yield broken
