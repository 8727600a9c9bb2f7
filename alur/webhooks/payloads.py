"""Which events of a case's record an integrator hears of, and the JSON they receive.

The shape is stable and the same for every type (docs/webhooks.md)::

    {"type": "step.completed",
     "timestamp": "2026-10-14T03:00:00+00:00",     the event's moment, in UTC
     "data": {"case": {"id", "number", "sop", "status", "url"}, "office", "step", "visit",
              "event": {"seq", "kind", "hash"}, ...what the type adds}}

It names the case and what happened to it, never who: no person, no note, no value of a form.
What it carries is also in the API (``/api/v1/cases/{id}`` and its events), which the
receiver reads, with its own token, for anything more.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings

from alur.cases.models import Case, Event
from alur.webhooks.models import EventType

DUE_CHANGES = ("deadlines.due.extended", "deadlines.schedule.changed")
"""The deadlines app's events of a step's due moved (an extension, a changed plan)."""
SERVICE_DUE_CHANGES = ("deadlines.service.extended",)
"""The deadlines app's event of the case's service deadline extended."""
DOCUMENT_ADDITIONS = ("document.added", "letters.letter.generated", "letters.srikandi.recorded")
"""Events that bring a new version of a case document: an upload, a letter drafted, a
SRIKANDI letter recorded."""

SOURCE_KINDS: tuple[str, ...] = (
    "case.opened",
    "step.opened",
    "step.completed",
    "case.ended",
    "case.lapsed",
    "case.withdrawn",
    *DUE_CHANGES,
    *SERVICE_DUE_CHANGES,
    *DOCUMENT_ADDITIONS,
)
"""Every kind of record event a webhook follows."""


def types_of(case: Case, event: Event) -> list[str]:
    """The webhook types an event of the record is: most are one, some none, a return two (a
    step opened again is also a return; a case ended as returned is also an ending)."""
    kind = event.kind
    if kind == "case.opened":
        return [EventType.CASE_OPENED]
    if kind == "step.opened":
        again = event.visit is not None and event.visit > 1
        return [EventType.STEP_OPENED, *([EventType.CASE_RETURNED] if again else [])]
    if kind == "step.completed":
        return [EventType.STEP_COMPLETED]
    if kind == "case.ended":
        returned = case.status == Case.Status.RETURNED
        return [EventType.CASE_ENDED, *([EventType.CASE_RETURNED] if returned else [])]
    if kind in ("case.lapsed", "case.withdrawn"):
        return [EventType.CASE_ENDED]
    if kind in DUE_CHANGES:
        return [EventType.STEP_DUE_CHANGED]
    if kind in SERVICE_DUE_CHANGES:
        return [EventType.CASE_DUE_CHANGED]
    if kind in DOCUMENT_ADDITIONS:
        return [EventType.DOCUMENT_ADDED]
    return []


def case_url(case_id: int) -> str:
    """The case in the API, whole address: where a receiver reads the rest."""
    return f"{settings.ALUR_SITE_URL}/api/v1/cases/{case_id}"


def _utc(moment: dt.datetime | str | object) -> str | None:
    """A moment (or the ISO text of one, as the record keeps it) in UTC; else null."""
    if isinstance(moment, str):
        try:
            moment = dt.datetime.fromisoformat(moment)
        except ValueError:
            return None
    if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
        return None
    return moment.astimezone(dt.UTC).isoformat()


def payload(type_: str, case: Case, event: Event) -> dict[str, Any]:
    """The payload of ``event`` as webhook type ``type_``."""
    data: dict[str, Any] = {
        "case": {
            "id": case.pk,
            "number": case.number,
            "sop": case.sop_version.sop.code,
            "status": case.status,
            "url": case_url(case.pk),
        },
        "office": case.office.code,
        "step": event.step,
        "visit": event.visit,
        "event": {"seq": event.seq, "kind": event.kind, "hash": event.hash},
    }
    facts = event.data
    if type_ == EventType.STEP_OPENED:
        data["due"] = _utc(facts.get("due"))
    elif type_ == EventType.STEP_COMPLETED:
        data["decision"] = event.decision or None
    elif type_ == EventType.CASE_RETURNED:
        # Back to an earlier step of the flow, or to the requester with the case ended.
        data["to"] = "step" if event.kind == "step.opened" else "requester"
    elif type_ in (EventType.STEP_DUE_CHANGED, EventType.CASE_DUE_CHANGED):
        data["due"] = _utc(facts.get("to"))
        data["previous_due"] = _utc(facts.get("from"))
    elif type_ == EventType.DOCUMENT_ADDED:
        data["document"] = {
            "name": facts.get("name"),
            "version": facts.get("version"),
            "sha256": facts.get("sha256"),
        }
    elif type_ == EventType.CASE_ENDED:
        data["ended_at"] = _utc(case.closed_at)
    return {"type": type_, "timestamp": _utc(event.at), "data": data}


def body(content: dict[str, Any]) -> str:
    """The JSON text sent: compact, keys in a fixed order, UTF-8 as it is."""
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
